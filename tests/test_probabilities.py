import keras
import numpy as np
import pytest
import tensorflow as tf

import nnkit

X = np.random.default_rng(0).normal(size=(6, 4)).astype("float32") * 5


def test_softmax_from_logits_rows_sum_to_one():
    model = nnkit.dense_model([8, 5], input_dim=4, task="multiclass", from_logits=True)
    probabilities = nnkit.predict_proba(model, X)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(probabilities, tf.nn.softmax(model(X)).numpy(), atol=1e-6)


def test_sigmoid_from_logits_is_independent_per_output():
    model = nnkit.dense_model([8, 3], input_dim=4, task="multilabel", from_logits=True)
    probabilities = nnkit.predict_proba(model, X)
    np.testing.assert_allclose(probabilities, tf.nn.sigmoid(model(X)).numpy(), atol=1e-6)
    assert not np.allclose(probabilities.sum(axis=1), 1.0)


@pytest.mark.parametrize("task", ["binary", "multiclass", "multilabel"])
def test_probability_outputs_are_returned_as_they_are(task):
    model = nnkit.dense_model([3], input_dim=4, task=task)
    np.testing.assert_array_equal(
        nnkit.predict_proba(model, X), model.predict(X, verbose=0).astype(np.float64)
    )


def test_slide_from_logits_model_gives_probabilities():
    model = nnkit.slide_model("adam_from_logits", input_dim=4)
    probabilities = nnkit.predict_proba(model, X)
    assert probabilities.shape == (6, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-12)


def test_regression_models_have_no_probabilities():
    model = nnkit.dense_model([1], input_dim=4, task="regression")
    with pytest.raises(ValueError, match=r"needs a classifier.*model.predict\(x\)"):
        nnkit.predict_proba(model, X)


def test_logits_with_a_probability_loss_are_refused():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy())
    with pytest.raises(ValueError, match="from_logits=True"):
        nnkit.predict_proba(model, X)
