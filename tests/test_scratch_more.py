"""The rest of nnkit.scratch against TensorFlow: deck 003's activations, every loss, the MLP, optimizers."""

import keras
import numpy as np
import pytest
import tensorflow as tf

import nnkit
from nnkit import scratch

Z = np.concatenate([np.linspace(-30, 30, 241), [-700.0, -1e-9, 1e-9, 700.0]])  # 0 itself: see the kink tests
TOLERANCE = {"rtol": 1e-6, "atol": 1e-12}

TENSORFLOW_ACTIVATIONS = {
    "identity": keras.activations.linear,
    "binary step": lambda z: tf.where(z >= 0, tf.ones_like(z), tf.zeros_like(z)),
    "logistic": keras.activations.sigmoid,
    "tanh": keras.activations.tanh,
    "arctan": tf.math.atan,
    "ReLU": keras.activations.relu,
    "PReLU": lambda z: keras.activations.leaky_relu(z, negative_slope=0.1),
    "ELU": keras.activations.elu,
    "SoftPlus": keras.activations.softplus,
}


def autodiff(function, z):
    z = tf.constant(z, dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(z)
        out = function(z)
    return tape.gradient(out, z, unconnected_gradients=tf.UnconnectedGradients.ZERO).numpy()


def test_registry_is_deck_003s_table():
    assert list(scratch.ACTIVATIONS) == list(TENSORFLOW_ACTIVATIONS)


@pytest.mark.parametrize("name", list(TENSORFLOW_ACTIVATIONS))
def test_activation_and_derivative_match_tensorflow(name):
    activation = scratch.ACTIVATIONS[name]
    theirs = TENSORFLOW_ACTIVATIONS[name]
    np.testing.assert_allclose(activation.function(Z), np.asarray(theirs(tf.constant(Z))), **TOLERANCE)
    np.testing.assert_allclose(activation.derivative(Z), autodiff(theirs, Z), **TOLERANCE)


@pytest.mark.parametrize("name", ["logistic", "tanh", "arctan", "SoftPlus", "ELU"])
def test_smooth_derivatives_match_the_numerical_derivative(name):
    activation = scratch.ACTIVATIONS[name]
    z = np.linspace(-4, 4, 81) + 0.0125  # off the kink of ELU
    numerical = scratch.numerical_derivative(activation.function, z, h=1e-6)
    np.testing.assert_allclose(activation.derivative(z), numerical, rtol=1e-6, atol=1e-8)


def test_kinks_take_tensorflows_convention_at_zero():
    for name in ("ReLU", "PReLU", "ELU", "binary step"):
        ours = scratch.ACTIVATIONS[name].derivative(np.array([0.0]))
        np.testing.assert_allclose(
            ours, autodiff(TENSORFLOW_ACTIVATIONS[name], np.array([0.0])), err_msg=name
        )


Y = np.array([[1.0, 0.0, 3.0], [-1.0, 2.0, 0.5]])
Y_HAT = np.array([[1.5, -0.5, 1.0], [10.0, 2.0, 0.0]])  # the 10.0 is an outlier


def keras_loss(loss_class, y, y_hat, **kwargs):
    return np.asarray(loss_class(reduction=None, dtype="float64", **kwargs)(y, y_hat))


@pytest.mark.parametrize(
    ("mine", "theirs"),
    [
        (scratch.mean_squared_error, keras.losses.MeanSquaredError),
        (scratch.mean_absolute_error, keras.losses.MeanAbsoluteError),
    ],
)
def test_regression_losses_match_keras(mine, theirs):
    np.testing.assert_allclose(mine(Y, Y_HAT), keras_loss(theirs, Y, Y_HAT), **TOLERANCE)


def test_half_mse_is_half():
    np.testing.assert_allclose(
        scratch.mean_squared_error(Y, Y_HAT, half=True), 0.5 * scratch.mean_squared_error(Y, Y_HAT)
    )


@pytest.mark.parametrize(
    ("mine", "theirs"),
    [(scratch.hinge, keras.losses.Hinge), (scratch.squared_hinge, keras.losses.SquaredHinge)],
)
@pytest.mark.parametrize(
    "labels", [np.array([[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]]), np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])]
)
def test_hinge_losses_match_keras(mine, theirs, labels):
    scores = np.array([[0.3, -2.0, 1.5], [0.2, 0.9, -0.4]])
    np.testing.assert_allclose(mine(labels, scores), keras_loss(theirs, labels, scores), **TOLERANCE)


def test_categorical_crossentropy_matches_keras_and_the_sparse_form():
    probabilities = scratch.softmax(np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 50.0]]))
    labels = np.array([2, 0])
    onehot = np.eye(3)[labels]
    mine = scratch.categorical_crossentropy(onehot, probabilities, clip=1e-7)
    np.testing.assert_allclose(
        mine, keras_loss(keras.losses.CategoricalCrossentropy, onehot, probabilities), **TOLERANCE
    )
    np.testing.assert_allclose(
        mine, scratch.sparse_categorical_crossentropy(labels, probabilities, clip=1e-7)
    )


def test_categorical_crossentropies_divide_rows_that_do_not_sum_to_one_like_keras():
    rows = np.array([[0.2, 0.3, 0.1], [1.0, 2.0, 1.0], [0.0, 0.5, 0.0], [1.0, 0.0, 0.0], [3.0, 1e-9, 1.0]])
    labels = np.array([1, 0, 1, 2, 0])
    onehot = np.eye(3)[labels]
    categorical = scratch.categorical_crossentropy(onehot, rows, clip=1e-7)
    sparse = scratch.sparse_categorical_crossentropy(labels, rows, clip=1e-7)
    np.testing.assert_allclose(
        categorical, keras_loss(keras.losses.CategoricalCrossentropy, onehot, rows), **TOLERANCE
    )
    np.testing.assert_allclose(
        sparse, keras_loss(keras.losses.SparseCategoricalCrossentropy, labels, rows), **TOLERANCE
    )
    assert categorical[1] != sparse[1]  # Keras normalises then clips (categorical), or clips then normalises
    np.testing.assert_allclose(scratch.categorical_crossentropy(onehot[:1], rows[:1]), [-np.log(0.5)])
    np.testing.assert_allclose(scratch.sparse_categorical_crossentropy(labels[:1], rows[:1]), [-np.log(0.5)])
    # Keras's default float32 agrees only to float32 precision: 1 - 1e-7 rounds to 1 - 1.19e-7 there.
    float32 = np.asarray(keras.losses.CategoricalCrossentropy(reduction=None)(onehot, rows))
    np.testing.assert_allclose(categorical, float32, rtol=1e-6, atol=2e-7)
    assert not np.allclose(categorical[2], float32[2], rtol=1e-3, atol=0)  # 1e-7 here, 1.19e-7 in float32


def test_numerical_derivative_converges_then_round_off_wins():
    errors = {
        h: abs(float(scratch.numerical_derivative(np.sin, 1.0, h=h)) - np.cos(1.0))
        for h in (1e-1, 1e-3, 1e-5, 1e-12)
    }
    assert errors[1e-1] > errors[1e-3] > errors[1e-5]  # truncation error ~ h^2
    assert errors[1e-12] > errors[1e-5]  # round-off ~ 1e-16 / h


def test_gradient_check_catches_a_wrong_gradient():
    def f(p):
        return float(np.sum(np.sin(p) * p))

    p = np.array([0.3, -1.2, 2.0])
    right = np.sin(p) + p * np.cos(p)
    assert scratch.gradient_check(f, p, right) < 1e-8
    with pytest.raises(AssertionError, match="relative error"):
        scratch.gradient_check(f, p, right * 1.01)


def test_perceptron_separates_separable_data_and_never_xor():
    x, y = nnkit.datasets.blobs(100, centers=[(-2, -2), (2, 2)], std=0.5, seed=0)
    perceptron = scratch.Perceptron(seed=0).fit(x, 2 * y - 1)
    assert perceptron.converged_ and perceptron.errors_[-1] == 0
    assert np.array_equal(perceptron.predict(x), 2 * y - 1)
    w, b = perceptron.history_[-1]
    np.testing.assert_array_equal(w, perceptron.weights_)
    x_xor = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    xor = scratch.Perceptron(max_epochs=200, seed=0).fit(x_xor, np.array([-1, 1, 1, -1]))
    assert not xor.converged_ and min(xor.errors_) > 0
    with pytest.raises(ValueError, match="2 \\* y - 1"):
        scratch.Perceptron().fit(x, y)


def tensorflow_gradients(net, x, y):
    """The same forward pass in TensorFlow (float64), differentiated by GradientTape."""
    variables = [tf.Variable(w) for w in net.get_weights()]
    hidden = {"sigmoid": tf.math.sigmoid, "tanh": tf.math.tanh, "relu": tf.nn.relu}[net.hidden]
    with tf.GradientTape() as tape:
        a = tf.constant(x, dtype=tf.float64)
        for layer in range(len(variables) // 2):
            z = a @ variables[2 * layer] + variables[2 * layer + 1]
            a = hidden(z) if layer < len(variables) // 2 - 1 else z
        if net.output == "softmax":
            loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")(y, a)
        elif net.output == "sigmoid":
            loss = keras.losses.BinaryCrossentropy(from_logits=True, dtype="float64")(y, a)
        else:
            loss = 0.5 * tf.reduce_mean(tf.reduce_sum((a - y) ** 2, axis=1))
    return [g.numpy() for g in tape.gradient(loss, variables)], float(loss)


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("output", ["softmax", "sigmoid", "linear"])
def test_mlp_backward_pass_equals_gradient_tape(hidden, output):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(16, 5))
    y = rng.integers(0, 3, 16) if output == "softmax" else rng.random((16, 3))
    net = scratch.MLP([5, 7, 4, 3], hidden=hidden, output=output, seed=2)
    nabla_w, nabla_b = net.backward(x, y)
    ours = [g for pair in zip(nabla_w, nabla_b, strict=True) for g in pair]
    theirs, loss = tensorflow_gradients(net, x, y)
    assert np.isclose(net.cost(x, y), loss, rtol=1e-10)
    for mine, tape in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(mine, tape, rtol=1e-6, atol=1e-10)


def test_mlp_backward_pass_passes_the_gradient_check():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(8, 3)), rng.integers(0, 2, 8)
    net = scratch.MLP([3, 4, 2], seed=0)
    nabla_w, _ = net.backward(x, y)

    def cost_of_first_layer(w):
        net.weights[0] = w
        return net.cost(x, y)

    assert scratch.gradient_check(cost_of_first_layer, net.weights[0].copy(), nabla_w[0]) < 1e-7


def test_mlp_trades_weights_with_keras_and_learns():
    x, y = nnkit.datasets.blobs(200, centers=[(-1, -1), (1, 1), (-1, 1)], std=0.4, seed=0)
    net = scratch.MLP([2, 8, 3], hidden="tanh", seed=0)
    keras_model = keras.Sequential(
        [
            keras.Input((2,)),
            keras.layers.Dense(8, activation="tanh"),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    keras_model.set_weights(net.get_weights())
    np.testing.assert_allclose(keras_model.predict(x, verbose=0), net.predict(x), atol=1e-5)
    history = net.fit(x, y, epochs=30, batch_size=16, learning_rate=0.5, seed=0)
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert (net.predict(x).argmax(axis=1) == y).mean() > 0.9
    with pytest.raises(ValueError, match="hidden"):
        scratch.MLP([2, 3], hidden="swish")


def rosenbrock_like_gradient(w):
    return np.array([2.0 * w[0] + 0.5 * w[1], 10.0 * w[1] + 0.5 * w[0] + 3.0 * np.sin(w[1])])


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (lambda: scratch.SGD(learning_rate=0.0625), lambda: keras.optimizers.SGD(learning_rate=0.0625)),
        (
            lambda: scratch.SGD(learning_rate=0.0625, momentum=0.875),
            lambda: keras.optimizers.SGD(learning_rate=0.0625, momentum=0.875),
        ),
        (
            lambda: scratch.RMSProp(learning_rate=0.0625),
            lambda: keras.optimizers.RMSprop(learning_rate=0.0625),
        ),
        (
            lambda: scratch.Adam(learning_rate=0.0625, beta_1=0.875, beta_2=1 - 2**-10),
            lambda: keras.optimizers.Adam(learning_rate=0.0625, beta_1=0.875, beta_2=1 - 2**-10),
        ),
    ],
)
def test_optimizers_follow_keras_step_for_step(ours, theirs):
    # Keras keeps learning rate, momentum and betas in float32: values exact in float32 compare exactly.
    start = np.array([1.5, -2.0])
    path = scratch.descend(rosenbrock_like_gradient, start, ours(), steps=40)
    variable = tf.Variable(start)
    optimizer = theirs()
    keras_path = [start.copy()]
    for _ in range(40):
        optimizer.apply_gradients([(tf.constant(rosenbrock_like_gradient(variable.numpy())), variable)])
        keras_path.append(variable.numpy().copy())
    np.testing.assert_allclose(path, np.array(keras_path), rtol=1e-6, atol=1e-9)


def test_descend_stops_when_the_step_is_below_epsilon():
    path = scratch.descend(
        lambda w: 2 * w, [1.0], scratch.SGD(learning_rate=0.25), steps=1000, tolerance=1e-6
    )
    steps = np.linalg.norm(np.diff(path, axis=0), axis=1)
    assert steps[-1] < 1e-6 <= steps[-2] and len(path) < 1000
