"""Lesson 14's checkers: each reference solution passes, each typical mistake gets its own hint."""

import numpy as np
import pytest

import nnkit
from nnkit.exercises import lesson14 as check

nnkit.setup(seed=0)

import keras  # noqa: E402


# Exercise 14.1: Conv2D(16, 5) on 32x32x3 images, then Conv2D(32, 3) on its 16 maps.
def test_conv_parameters_accepts_the_counts_in_any_numeric_form():
    assert check.conv_parameters(5 * 5 * 3 * 16 + 16, 3 * 3 * 16 * 32 + 32).status == "correct"
    assert check.conv_parameters(np.float32(1216), np.array([4640])).status == "correct"


@pytest.mark.parametrize(
    "answer, phrase",
    [
        ((1200, 4640), "first layer: one number short per filter"),
        ((416, 4640), "a colour image has 3 (red, green, blue)"),
        ((400, 4640), "first layer: each filter has k·k weights per input channel"),
        ((256, 4640), "5·5 weights per channel, not 5"),
        ((12544, 4640), "counts the layer's *outputs*"),
        ((1216, 4608), "second layer: one number short per filter"),
        ((1216, 320), "for *each* of those feature maps"),
        ((1216, 896), "not the colour image any more"),
        ((1216, 288), "second layer: each filter has k·k weights per input channel"),
        ((4640, 1216), "wrong way round"),
        ((1000, 4640), "first layer: count one filter's weights"),
        ((1216, 5000), "second layer: the same formula"),
    ],
)
def test_conv_parameters_names_each_mistake(answer, phrase):
    feedback = check.conv_parameters(*answer)
    assert feedback.status == "incorrect" and phrase in feedback.message, feedback.message
    assert "1216" not in feedback.message and "4640" not in feedback.message


def test_conv_parameters_waits_for_both_answers():
    assert check.conv_parameters(1216).status == "not attempted"


# Exercise 14.2
def cnn(*, input_shape=(28, 28, 1), flatten=True, units=10, activation=None, loss=None, compiled=True,
        reshape=False):
    layers = [keras.Input(shape=input_shape)]
    if reshape:
        layers.append(keras.layers.Reshape((28, 28, 1)))
    layers += [keras.layers.Conv2D(2, 3, activation="relu"), keras.layers.MaxPooling2D()]
    if flatten:
        layers.append(keras.layers.Flatten())
    layers.append(keras.layers.Dense(units, activation=activation))
    model = keras.Sequential(layers)
    if compiled:
        loss = loss or keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        model.compile(optimizer="adam", loss=loss)
    return model


def test_repaired_cnn_accepts_logits_and_other_correct_forms():
    assert check.repaired_cnn(cnn()).status == "correct"
    assert check.repaired_cnn(cnn(input_shape=(784,), reshape=True)).status == "correct"
    assert check.repaired_cnn(cnn(activation="linear")).status == "correct"
    with_softmax = check.repaired_cnn(cnn(activation="softmax", loss="sparse_categorical_crossentropy"))
    assert with_softmax.status == "correct" and "lesson 10" in with_softmax.message


@pytest.mark.parametrize(
    "model_options, phrase",
    [
        ({"flatten": False}, "applied at every position"),
        ({"activation": "softmax"}, "softmax would be applied twice"),
        ({"loss": "sparse_categorical_crossentropy"}, "tell it with from_logits=True"),
        ({"compiled": False}, "not compiled yet"),
        ({"units": 9}, "one score per class"),
        ({"activation": "sigmoid"}, "a sigmoid output"),
        ({"loss": keras.losses.CategoricalCrossentropy(from_logits=True)}, "*sparse* categorical"),
        ({"input_shape": (28, 28, 3)}, "one channel (grey)"),
    ],
)
def test_repaired_cnn_names_each_mistake(model_options, phrase):
    feedback = check.repaired_cnn(cnn(**model_options))
    assert feedback.status == "incorrect" and phrase in feedback.message, feedback.message


def test_repaired_cnn_wants_a_convolution():
    dense_only = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10)])
    dense_only.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    assert "no Conv2D layer" in check.repaired_cnn(dense_only).message


# Exercise 14.3: measured accuracies, checked by ranges that hold for any seed.
@pytest.mark.parametrize("answer", [(0.869, 0.811), (0.835, 0.826), (np.float32(0.87), 0.75), (0.8, 0.82)])
def test_small_training_set_accepts_measurements_from_any_seed(answer):
    assert check.small_training_set(*answer).status == "correct"


@pytest.mark.parametrize(
    "answer, phrase",
    [
        ((86.9, 81.1), "fractions from 0 to 1"),
        ((0.1, 0.81), "guessing among 10 digits"),
        ((0.85, 0.85), "the same model twice"),
        ((0.93, 0.95), "500 *training* digits"),
        ((0.938, 0.881), "trained on all 4,000 digits"),
        ((0.932, 0.916), "trained on all 4,000 digits"),
        ((0.75, 0.85), "check the order"),
        ((0.5, 0.45), "outside what 10 epochs on 500 digits give"),
    ],
)
def test_small_training_set_names_each_mistake(answer, phrase):
    feedback = check.small_training_set(*answer)
    assert feedback.status == "incorrect" and phrase in feedback.message, feedback.message


def test_small_training_set_waits_for_both_answers():
    assert check.small_training_set(0.87).status == "not attempted"


# Exercise 14.4: 5x5 kernels, 2x2 pooling, 5x5 kernels: a 14x14 window.
def test_receptive_field_accepts_the_side():
    assert check.receptive_field(14).status == "correct"
    assert check.receptive_field(np.array([14.0])).status == "correct"


@pytest.mark.parametrize(
    "answer, phrase",
    [
        (9, "the pooling is missing"),
        (8, "lesson's 3x3 kernels"),
        (13, "one row short"),
        (15, "one row too many"),
        (10, "counts the first-layer units"),
        (5, "window of a *first*-layer unit"),
        (196, "number of pixels in the window"),
        (12, "go back one layer at a time"),
    ],
)
def test_receptive_field_names_each_mistake(answer, phrase):
    feedback = check.receptive_field(answer)
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert "14" not in feedback.message
