"""Lesson 01's checkers: reference solutions pass, typical mistakes get their own hint, no answer leaks."""

import numpy as np
import pytest

from nnkit.exercises import lesson01 as check
from nnkit.exercises.feedback import CORRECT, INCORRECT, NOT_ATTEMPTED

X, W, B = np.array(check.X_NEW), np.array(check.W_NEW), check.B_NEW
Z = float(W @ X + B)
A = 1 / (1 + np.exp(-Z))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# --- 01.1 A neuron by hand ---------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [A, np.float32(A), [A], np.array([[A]]), round(A, 4)])
def test_neuron_output_accepts_the_value_in_any_form(answer):
    assert check.neuron_output(answer).status == CORRECT


@pytest.mark.parametrize(
    "answer, phrase",
    [
        (Z, "that is z"),
        (sigmoid(W @ X), "the bias is missing"),
        (1 - A, "sign in the exponent"),
        (1 / (1 - np.exp(-Z)), "deck 001's typo"),
        (sigmoid(W * X + B), "one value per input"),
        (0.9, "compute z = w1 x1"),
    ],
)
def test_neuron_output_mistakes_get_their_own_hint(answer, phrase):
    feedback = check.neuron_output(answer)
    assert feedback.status == INCORRECT and phrase in feedback.message
    assert f"{A:.4f}" not in feedback.message and f"{A:.3f}" not in feedback.message


def test_neuron_output_stub():
    assert check.neuron_output(...).status == NOT_ATTEMPTED


# --- 01.2 AND with one neuron ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "w, b", [([10.0, 10.0], -15.0), (np.array([20, 20], dtype=np.float32), -30), ((7.0, 6.0), -10.0)]
)
def test_and_neuron_accepts_any_confident_and(w, b):
    feedback = check.and_neuron(w, b)
    assert feedback.status == CORRECT, feedback.message


@pytest.mark.parametrize(
    "w, b, phrase",
    [
        ([10.0, 10.0], -5.0, "that is OR"),
        ([-10.0, -10.0], 15.0, "(that is NAND)"),
        ([1.0, 1.0], 1.0, "1 for every input"),
        ([1.0, 1.0], -5.0, "0 for every input"),
        ([1.0, 1.0], -1.5, "far from sure"),
        ([1.0, 1.0], -1.0, "z = 0 and a = 1/2"),
        ([10.0, -10.0], -5.0, "wrong at (1, 0), (1, 1)"),
        ([1.0, 1.0, 1.0], -1.5, "two weights"),
    ],
)
def test_and_neuron_mistakes_get_their_own_hint(w, b, phrase):
    feedback = check.and_neuron(w, b)
    assert feedback.status == INCORRECT and phrase in feedback.message, feedback.message


def test_and_neuron_needs_both_answers():
    assert check.and_neuron([10.0, 10.0], ...).status == NOT_ATTEMPTED


# --- 01.3 Why Dense(1, sigmoid) is logistic regression -----------------------------------------------


def test_why_logistic_regression():
    assert check.why_logistic_regression("b").status == CORRECT
    assert check.why_logistic_regression(" B ").status == CORRECT
    hints = [("a", "perceptron of lesson 02"), ("c", "gradient descent"), ("d", "linear regression")]
    for option, phrase in hints:
        feedback = check.why_logistic_regression(option)
        assert feedback.status == INCORRECT and phrase in feedback.message
        assert "'b'" not in feedback.message
    assert "not one of the options" in check.why_logistic_regression("e").message


# --- 01.4 Logistic regression in Keras ---------------------------------------------------------------


def model(*layers, loss="binary_crossentropy", inputs=4, compile=True):
    import keras

    built = keras.Sequential([keras.Input(shape=(inputs,)), *layers])
    if compile:
        built.compile(optimizer="sgd", loss=loss)
    return built


def dense(units, activation=None):
    import keras

    return keras.layers.Dense(units, activation=activation)


def test_logistic_regression_model_accepts_both_forms():
    import keras

    assert check.logistic_regression_model(model(dense(1, "sigmoid"))).status == CORRECT
    bce = keras.losses.BinaryCrossentropy()
    assert check.logistic_regression_model(model(dense(1, "sigmoid"), loss=bce)).correct
    logits = check.logistic_regression_model(
        model(dense(1), loss=keras.losses.BinaryCrossentropy(from_logits=True))
    )
    assert logits.status == CORRECT and "from_logits=True is the same model" in logits.message


def test_logistic_regression_model_mistakes_get_their_own_hint():
    import keras

    cases = [
        (model(dense(1)), "outputs z itself"),
        (model(dense(1, "sigmoid"), loss=keras.losses.BinaryCrossentropy(from_logits=True)), "a second time"),
        (model(dense(1, "softmax")), "always exactly 1"),
        (model(dense(2, "softmax"), loss="sparse_categorical_crossentropy"), "softmax regression"),
        (model(dense(1, "sigmoid"), loss="mse"), "not the squared error"),
        (model(dense(3, "relu"), dense(1, "sigmoid")), "no hidden layer"),
        (model(dense(1, "tanh")), "tanh does not turn z into a probability"),
        (model(dense(1, "sigmoid"), inputs=3), "takes 3 inputs"),
        (model(dense(1, "sigmoid"), compile=False), "not compiled"),
    ]
    for answer, phrase in cases:
        feedback = check.logistic_regression_model(answer)
        assert feedback.status == INCORRECT and phrase in feedback.message, (phrase, feedback.message)


def test_logistic_regression_model_is_read_by_what_it_computes():
    import keras

    separate = model(dense(1), keras.layers.Activation("sigmoid"))
    assert check.logistic_regression_model(separate).status == CORRECT
    inputs = keras.Input(shape=(4,))
    functional = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(inputs))
    functional.compile(optimizer="adam", loss="binary_crossentropy")
    assert check.logistic_regression_model(functional).status == CORRECT
    by_function = model(keras.layers.Dense(1, activation=keras.activations.sigmoid))
    assert check.logistic_regression_model(by_function).status == CORRECT


def test_logistic_regression_model_with_the_sigmoid_twice_is_rejected():
    import keras

    twice = model(dense(1, "sigmoid"), keras.layers.Activation("sigmoid"))
    feedback = check.logistic_regression_model(twice)
    assert feedback.status == INCORRECT and "sigmoid then sigmoid" in feedback.message


def test_logistic_regression_model_without_a_bias_is_rejected_and_never_praised():
    import keras

    no_bias = keras.layers.Dense(1, activation="sigmoid", use_bias=False)
    feedback = check.logistic_regression_model(model(no_bias))
    assert feedback.status == INCORRECT and "use_bias=False" in feedback.message
    assert "g(w.x + b)" in feedback.message  # the formula it misses, not praise


def test_neuron_output_rounded_to_two_digits_is_close():
    feedback = check.neuron_output(round(A, 2))
    assert feedback.status == INCORRECT and feedback.message.startswith("close: keep at least 3")
    assert check.neuron_output(round(A, 3)).status == CORRECT
