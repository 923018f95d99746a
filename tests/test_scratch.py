"""Every NumPy reference equals TensorFlow on the same float64 inputs, edge values included."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from nnkit import scratch

Z = np.concatenate([np.linspace(-50, 50, 201), [-745.0, -1e3, 0.0, 1e-12, -1e-12, 40.0, 1e3]])
LOGITS = np.array(
    [[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [1000.0, 0.0, -1000.0, 5.0], [-800.0, -801.0, -799.0, -1e3]]
)
TOLERANCE = {"rtol": 1e-6, "atol": 1e-12}


def autodiff(activation, z):
    z = tf.constant(z, dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(z)
        out = activation(z)
    return tape.gradient(out, z).numpy()


@pytest.mark.parametrize(
    ("mine", "theirs"),
    [
        (scratch.sigmoid, keras.activations.sigmoid),
        (scratch.relu, keras.activations.relu),
        (scratch.linear, keras.activations.linear),
    ],
)
def test_activations_match_keras(mine, theirs):
    np.testing.assert_allclose(mine(Z), np.asarray(theirs(tf.constant(Z))), **TOLERANCE)


def test_sigmoid_is_stable_at_extremes():
    with np.errstate(over="raise", invalid="raise"):  # no overflow on the way
        values = scratch.sigmoid(np.array([-1e4, 1e4]))
    np.testing.assert_array_equal(values, [0.0, 1.0])


@pytest.mark.parametrize(
    ("derivative", "activation"),
    [(scratch.sigmoid_derivative, tf.math.sigmoid), (scratch.relu_derivative, tf.nn.relu)],
)
def test_derivatives_match_autodiff(derivative, activation):
    np.testing.assert_allclose(derivative(Z), autodiff(activation, Z), **TOLERANCE)


def test_relu_derivative_at_zero_is_zero_like_tensorflow():
    assert scratch.relu_derivative(0.0) == 0.0 == autodiff(tf.nn.relu, np.array([0.0]))[0]


def test_softmax_and_log_softmax_match_tensorflow():
    np.testing.assert_allclose(scratch.softmax(LOGITS), tf.nn.softmax(LOGITS).numpy(), **TOLERANCE)
    np.testing.assert_allclose(scratch.log_softmax(LOGITS), tf.nn.log_softmax(LOGITS).numpy(), **TOLERANCE)
    np.testing.assert_allclose(scratch.softmax(LOGITS).sum(axis=-1), 1.0)
    assert np.isfinite(scratch.log_softmax(LOGITS)).all()


def test_neuron_is_a_dense_sigmoid_unit():
    x = np.random.default_rng(0).normal(size=(5, 3))
    w, b = np.array([0.5, -1.0, 2.0]), 0.1
    z, a = scratch.neuron(x, w, b)
    np.testing.assert_allclose(z, x @ w + b)
    np.testing.assert_allclose(a, tf.math.sigmoid(x @ w + b).numpy(), **TOLERANCE)


Y_BINARY = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.3])
P_BINARY = np.array([0.9, 0.1, 1e-9, 1.0 - 1e-9, 0.0, 1.0, 0.5])
Z_BINARY = np.array([2.0, -3.0, -40.0, 40.0, -800.0, 800.0, 0.0])


def keras_loss(loss_class, y, p, **kwargs):
    loss = loss_class(reduction=None, dtype="float64", **kwargs)
    return np.asarray(loss(y, p))


def test_binary_crossentropy_matches_keras_with_its_clipping():
    mine = scratch.binary_crossentropy(Y_BINARY, P_BINARY, clip=1e-7)
    theirs = keras_loss(keras.losses.BinaryCrossentropy, Y_BINARY[:, None], P_BINARY[:, None])
    np.testing.assert_allclose(mine, theirs, **TOLERANCE)


def test_binary_crossentropy_without_clipping_hits_log_zero():
    losses = scratch.binary_crossentropy([1.0, 0.0, 0.0], [0.0, 1.0, 0.0])
    assert np.isinf(losses[:2]).all() and losses[2] == 0.0


def test_binary_crossentropy_from_logits_matches_keras():
    mine = scratch.binary_crossentropy_from_logits(Y_BINARY, Z_BINARY)
    theirs = keras_loss(
        keras.losses.BinaryCrossentropy, Y_BINARY[:, None], Z_BINARY[:, None], from_logits=True
    )
    np.testing.assert_allclose(mine, theirs, **TOLERANCE)
    np.testing.assert_allclose(
        scratch.binary_crossentropy_from_logits(Y_BINARY[:2], Z_BINARY[:2]),
        scratch.binary_crossentropy(Y_BINARY[:2], scratch.sigmoid(Z_BINARY[:2])),
    )


Y_SPARSE = np.array([3, 0, 2, 1])


def test_sparse_categorical_crossentropy_matches_keras():
    probabilities = scratch.softmax(LOGITS)
    mine = scratch.sparse_categorical_crossentropy(Y_SPARSE, probabilities, clip=1e-7)
    theirs = keras_loss(keras.losses.SparseCategoricalCrossentropy, Y_SPARSE, probabilities)
    np.testing.assert_allclose(mine, theirs, **TOLERANCE)


def test_sparse_categorical_crossentropy_from_logits_matches_keras_and_is_exact():
    mine = scratch.sparse_categorical_crossentropy_from_logits(Y_SPARSE, LOGITS)
    theirs = keras_loss(keras.losses.SparseCategoricalCrossentropy, Y_SPARSE, LOGITS, from_logits=True)
    np.testing.assert_allclose(mine, theirs, **TOLERANCE)
    assert mine[2] == 2000.0  # -log softmax: exact where the probability underflows to 0
    assert np.isinf(scratch.sparse_categorical_crossentropy([2], scratch.softmax(LOGITS[2:3])))[0]
