"""Lesson 04's checkers: reference solutions pass, typical mistakes get their own hint, no answer leaks."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from nnkit.exercises import lesson04 as check


def assert_hint(feedback, phrase):
    assert feedback.status == "incorrect", feedback
    assert phrase in feedback.message, feedback.message


# 04.1 ---------------------------------------------------------------------------------------------


def mse(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float).reshape(-1)
    y_pred = np.asarray(y_pred, dtype=float).reshape(-1)
    return np.mean((y_pred - y_true) ** 2)


@pytest.mark.parametrize(
    "function",
    [
        mse,
        lambda t, p: float(np.mean((np.ravel(p) - np.ravel(t)) ** 2)),
        lambda t, p: tf.reduce_mean((tf.reshape(p, [-1]) - tf.reshape(t, [-1])) ** 2),
        lambda t, p: keras.losses.MeanSquaredError(dtype="float64")(
            np.reshape(t, (-1, 1)), np.reshape(p, (-1, 1))
        ),
    ],
    ids=["reshape", "ravel", "tensorflow", "keras"],
)
def test_mse_any_shapes_accepts_correct_functions(function):
    assert check.mse_any_shapes(function).status == "correct"


@pytest.mark.parametrize(
    ("function", "phrase"),
    [
        (lambda t, p: np.mean((p - t) ** 2), "the bug itself"),
        (lambda t, p: np.mean((np.ravel(p) - t) ** 2), "not only y_pred"),
        (lambda t, p: np.mean((p - np.ravel(t)) ** 2), "not only y_true"),
        (lambda t, p: 0.5 * mse(t, p), "1/2"),
        (lambda t, p: np.sum((np.ravel(p) - np.ravel(t)) ** 2), "sum of the squared errors"),
        (lambda t, p: np.sqrt(mse(t, p)), "square root"),
        (lambda t, p: np.mean(np.abs(np.ravel(p) - np.ravel(t))), "mean absolute error"),
        (lambda t, p: (np.ravel(p) - np.ravel(t)) ** 2, "shape"),
    ],
)
def test_mse_any_shapes_mistakes_get_their_own_hints(function, phrase):
    feedback = check.mse_any_shapes(function)
    assert_hint(feedback, phrase)
    y_true, y_pred = check.MSE_INPUTS[0]
    assert f"{mse(y_true, y_pred):.3g}" not in feedback.message


def test_the_slides_example_shows_the_bug():
    y_true, y_pred = np.array([1.0, 2.0, 3.0]), np.array([[1.5], [2.0], [2.5]])
    assert np.isclose(np.mean((y_pred - y_true) ** 2), 0.8333, atol=5e-5)
    assert np.isclose(mse(y_true, y_pred), 1 / 6)


# 04.2 ---------------------------------------------------------------------------------------------

EXPECTED_CE = -np.log(0.25)


@pytest.mark.parametrize(
    "answer", [EXPECTED_CE, np.float32(EXPECTED_CE), [EXPECTED_CE], np.log(4), 1.3863, 1.39, 1.386, 1.38]
)
def test_crossentropy_of_p_accepts_minus_log_p_true(answer):
    assert check.crossentropy_of_p(answer).status == "correct"


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (-np.log(0.6), "highest probability"),
        (-np.log(0.15), "another class"),
        (np.log(0.25), "never negative"),
        (-np.log10(0.25), "base-10"),
        (-np.log([0.25, 0.15, 0.6]).sum(), "every class"),
        (-np.log(0.25) - np.log(0.85) - np.log(0.4), "binary formula"),
        (0.75, "1 - p_y"),
        (2.0, "minus its natural log"),
    ],
)
def test_crossentropy_of_p_mistakes_get_their_own_hints(answer, phrase):
    feedback = check.crossentropy_of_p(answer)
    assert_hint(feedback, phrase)
    assert "1.386" not in feedback.message and "0.25" not in feedback.message


def test_crossentropy_of_p_rounded_too_early_is_close_not_a_method_hint():
    for answer in (1.4, 1.3):
        feedback = check.crossentropy_of_p(answer)
        assert_hint(feedback, "close: keep at least 3 significant digits")
        assert "log" not in feedback.message


# 04.3 ---------------------------------------------------------------------------------------------


def hinge_loss(y, s):
    return np.mean(np.maximum(0.0, 1.0 - y * s), axis=-1)


@pytest.mark.parametrize(
    "function",
    [
        hinge_loss,
        lambda y, s: np.clip(1 - np.multiply(y, s), 0, None).mean(axis=1),
        lambda y, s: keras.losses.Hinge(reduction=None, dtype="float64")(y, s),
    ],
    ids=["numpy", "clip", "keras"],
)
def test_hinge_loss_accepts_correct_functions(function):
    assert check.hinge_loss(function).status == "correct"


@pytest.mark.parametrize(
    ("function", "phrase"),
    [
        (lambda y, s: np.mean(1 - y * s, axis=-1), "negative"),
        (lambda y, s: np.mean(np.maximum(0, -y * s), axis=-1), "margin below 1"),
        (lambda y, s: np.mean(np.maximum(0, 1 - y * s) ** 2, axis=-1), "squared hinge"),
        (lambda y, s: np.mean(np.maximum(0, 1 - s), axis=-1), "label is missing"),
        (lambda y, s: np.mean(np.maximum(0, 1 + y * s), axis=-1), "sign is flipped"),
        (lambda y, s: np.mean(np.maximum(0, 1 - y * s)), "one loss per sample"),
        (lambda y, s: np.maximum(0, 1 - y * s), "one loss per output"),
        (lambda y, s: np.mean(np.maximum(0, 2 - y * s), axis=-1), "then the mean over the last axis"),
    ],
)
def test_hinge_loss_mistakes_get_their_own_hints(function, phrase):
    assert_hint(check.hinge_loss(function), phrase)


def test_hinge_loss_with_pythons_max_gets_one_line_and_the_fix():
    feedback = check.hinge_loss(lambda y, s: np.mean(max(0, 1 - y * s), axis=-1))
    assert_hint(feedback, "use np.maximum")
    assert "\n" not in feedback.message and "[[" not in feedback.message
    assert feedback.message.count("truth value") == 1


# 04.4 ---------------------------------------------------------------------------------------------


def moved():
    targets = np.array(check.TARGETS)
    typo = targets.copy()
    typo[-1] = check.MISTYPED
    return abs(typo.mean() - targets.mean()), abs(np.median(typo) - np.median(targets))


@pytest.mark.parametrize(
    "answer", [moved(), list(moved()), np.array(moved()), (5.4, 0.0), (5.40, 0.005)]
)
def test_optimum_moves_accepts_the_two_distances(answer):
    assert check.optimum_moves(answer).status == "correct"


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ((0.0, 5.4), "swapped"),
        ((5.4, 5.4), "MAE's best constant is not the mean"),
        ((0.0, 0.0), "MSE's best constant is not the median"),
        ((27.0, 0.0), "shares that change"),
        ((5.4, 27.0), "middle target"),
        ((3.0, 1.0), "with and without the typo"),
        ((-5.4, 0.0), "never negative"),
        ((5.0, 0.0), "keep at least 3 significant digits"),
        (5.4, "two distances"),
    ],
)
def test_optimum_moves_mistakes_get_their_own_hints(answer, phrase):
    feedback = check.optimum_moves(answer)
    assert_hint(feedback, phrase)
    assert "5.4" not in feedback.message
