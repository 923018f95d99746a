"""A model answer is read by what it computes: Activation layers, functional models, tf.keras alike."""

import keras
import pytest
import tensorflow as tf

from nnkit.exercises.feedback import Hint
from nnkit.exercises.keras_answers import expect_bias, expect_layer, missing, read_model


def functional(units=1, activation="sigmoid"):
    inputs = keras.Input(shape=(4,))
    hidden = keras.layers.Dense(units)(inputs)
    return keras.Model(inputs, keras.layers.Activation(activation)(hidden))


@pytest.mark.parametrize(
    "model",
    [
        keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1, activation="sigmoid")]),
        keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1),
                          keras.layers.Activation("sigmoid")]),
        functional(),
        tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(1, activation="sigmoid")]),
        keras.Sequential([keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)]),
                          keras.layers.Activation("sigmoid")]),
    ],
    ids=["sequential", "activation layer", "functional", "tf.keras", "nested"],
)
def test_equivalent_forms_read_the_same(model):
    answer = read_model(model)
    assert answer.dense == [(1, "sigmoid")]
    assert answer.input_shape == (4,)
    assert answer.dense_layers[0].use_bias is True


def test_relu_and_softmax_layers_and_dropout():
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(8), keras.layers.ReLU(),
                              keras.layers.Dropout(0.5), keras.layers.Dense(2), keras.layers.Softmax()])
    assert read_model(model).dense == [(8, "relu"), (2, "softmax")]


def test_bias_conv_and_pooling_are_read_and_each_missing_property_named():
    model = keras.Sequential([keras.Input(shape=(8, 8, 1)), keras.layers.Conv2D(4, 5, use_bias=False),
                              keras.layers.MaxPooling2D(), keras.layers.Flatten(), keras.layers.Dense(2)])
    answer = read_model(model)
    conv = answer.of_kind("conv")[0]
    assert [layer.kind for layer in answer.layers] == ["conv", "pooling", "flatten", "dense"]
    assert missing(conv, units=8, kernel_size=3, activation="relu", use_bias=True) == [
        "8 filters (it has 4)", "the relu activation (it has none: linear)", "a bias (it has use_bias=False)",
        "a 3x3 kernel (it has 5x5)"]
    with pytest.raises(Hint, match="the convolution needs 8 filters .* and a 3x3 kernel"):
        expect_layer(conv, "the convolution", units=8, kernel_size=3)
    with pytest.raises(Hint, match="Conv2D layer has no bias"):
        expect_bias(answer)
