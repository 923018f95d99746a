"""Lesson 03's checkers: reference solutions pass, typical mistakes get their own hint, no answer leaks."""

import keras
import numpy as np
import pytest

from nnkit.exercises import lesson03 as check

IMAGE = np.array(check.IMAGE_SMALL, dtype=np.uint8)
W = np.array(check.W_SMALL)
B = np.array(check.B_SMALL)
X = IMAGE.reshape(4) / 255.0
OUT = W @ X + B


def assert_hint(feedback, phrase):
    assert feedback.status == "incorrect", feedback
    assert phrase in feedback.message, feedback.message


# 03.1 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [OUT, OUT.tolist(), OUT.astype(np.float32), OUT[None, :], keras.ops.convert_to_tensor(OUT)],
    ids=["array", "list", "float32", "row", "tensor"],
)
def test_tiny_scores_accepts_the_scores_in_any_form(answer):
    assert check.tiny_scores(answer).status == "correct"


@pytest.mark.parametrize(
    ("wrong", "phrase"),
    [
        (W @ IMAGE.reshape(4).astype(float) + B, "divided by 255"),
        (W @ X, "left out the bias"),
        (W @ (IMAGE.T.reshape(4) / 255.0) + B, "column by column"),
        (W @ X - B, "added, not subtracted"),
        (OUT + 1.0, "W_small @ x + b_small"),
    ],
)
def test_tiny_scores_mistakes_get_their_own_hints(wrong, phrase):
    feedback = check.tiny_scores(wrong)
    assert_hint(feedback, phrase)
    assert all(f"{v:.3g}" not in feedback.message for v in OUT)


# 03.2 ---------------------------------------------------------------------------------------------


def tiny_model(activation=None, units=3, use_bias=True, inputs=4):
    layer = keras.layers.Dense(units, activation=activation, use_bias=use_bias)
    return keras.Sequential([keras.Input(shape=(inputs,)), layer])


def test_keras_tiny_accepts_the_transposed_weights_and_loads_them():
    model = tiny_model()
    feedback = check.keras_tiny(model, W.T, B)
    assert feedback.status == "correct", feedback
    assert np.allclose(model(X[None, :].astype("float32")).numpy()[0], OUT, atol=1e-6)
    named = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="linear", name="x")])
    assert check.keras_tiny(named, W.T.astype("float32").tolist(), B[None, :]).status == "correct"
    inputs = keras.Input(shape=(4,))
    functional = keras.Model(inputs, keras.layers.Dense(3)(inputs))
    assert check.keras_tiny(functional, W.T, B).status == "correct"
    linear = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3), keras.layers.Activation(None)])
    assert check.keras_tiny(linear, W.T, B).status == "correct"


def test_keras_tiny_is_not_attempted_until_the_weights_are_given():
    assert check.keras_tiny(tiny_model()).status == "not attempted"
    assert check.keras_tiny(tiny_model(), W.T).status == "not attempted"


@pytest.mark.parametrize(
    ("model", "kernel", "bias", "phrase"),
    [
        (tiny_model, W.reshape(4, 3), B, "reshape keeps"),
        (tiny_model, W, B, "Keras would refuse it"),
        (tiny_model, W.T, np.zeros(3), "bias is all zeros"),
        (lambda: tiny_model(activation="softmax"), W.T, B, "no activation"),
        (
            lambda: keras.Sequential(
                [keras.Input(shape=(4,)), keras.layers.Dense(3), keras.layers.Activation("relu")]
            ),
            W.T,
            B,
            "no activation",
        ),
        (tiny_model, W.T, B + 1, "bias is not b_small"),
        (lambda: tiny_model(units=10), W.T, B, "one score per class: 3"),
        (tiny_model, W.T[::-1], B, "does not hold W_small"),
        (tiny_model, W.T, B[:2], "shape (3,)"),
        (lambda: tiny_model(use_bias=False), W.T, B, "use_bias=False"),
        (lambda: tiny_model(inputs=5), W.T, B, "takes 5 inputs"),
        (
            lambda: keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3), keras.layers.Dense(3)]),
            W.T,
            B,
            "one layer",
        ),
    ],
)
def test_keras_tiny_mistakes_get_their_own_hints(model, kernel, bias, phrase):
    assert_hint(check.keras_tiny(model(), kernel, bias), phrase)


# 03.3 ---------------------------------------------------------------------------------------------


def accuracy_of(scores, labels):
    return np.mean(np.argmax(scores, axis=1) == labels)


def test_accuracy_cases_are_neither_all_right_nor_half_right():
    for scores, labels in check.ACCURACY_CASES + check.ACCURACY_MORE:
        assert 0 < check._accuracy(scores, labels) < 1
        assert check._accuracy(scores, labels) != 0.5


@pytest.mark.parametrize(
    "function",
    [
        accuracy_of,
        lambda s, y: float((np.asarray(s).argmax(-1) == np.asarray(y)).sum() / len(y)),
        lambda s, y: keras.metrics.SparseCategoricalAccuracy()(y, s),
    ],
    ids=["numpy", "count over length", "keras metric"],
)
def test_accuracy_from_scores_accepts_correct_functions(function):
    assert check.accuracy_from_scores(function).status == "correct"


@pytest.mark.parametrize(
    ("function", "phrase"),
    [
        (lambda s, y: np.mean(np.argmax(s, axis=0) == y), "axis=1"),
        (lambda s, y: np.mean(np.argmax(s, axis=1) != y), "gets wrong"),
        (lambda s, y: np.sum(np.argmax(s, axis=1) == y), "divides by the number"),
        (lambda s, y: 100 * np.mean(np.argmax(s, axis=1) == y), "percentage"),
        (lambda s, y: np.mean(np.max(s, axis=1) == y), "argmax"),
        (lambda s, y: np.mean(np.argmax(s, axis=1) + 1 == y), "off by one"),
        (lambda s, y: np.argmax(s, axis=1) == y, "returns 10 values (shape (10,)) for s = an array of shape"),
    ],
)
def test_accuracy_from_scores_mistakes_get_their_own_hints(function, phrase):
    feedback = check.accuracy_from_scores(function)
    assert_hint(feedback, phrase)
    scores, labels = check.ACCURACY_CASES[0]
    assert f"{check._accuracy(scores, labels):.2g}" not in feedback.message


# 03.4 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["ring", " Ring ", "'ring'"])
def test_template_of_zero_accepts_the_ring(answer):
    assert check.template_of_zero(answer).status == "correct"


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ("centre", "middle of the template"),
        ("center", "middle of the template"),
        ("ink", "not every weight"),
        ("mean", "signed"),
        ("a loop", "not one of the options"),
    ],
)
def test_template_of_zero_wrong_readings_get_their_own_hints(answer, phrase):
    feedback = check.template_of_zero(answer)
    assert_hint(feedback, phrase)
    assert "ring" not in feedback.message or phrase == "not one of the options"
