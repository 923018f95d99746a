"""Lesson 05's checkers: reference solutions pass, typical mistakes get their own hint, no answer leaks."""

import numpy as np
import pytest

from nnkit import scratch
from nnkit.exercises import lesson05 as check
from nnkit.exercises.feedback import CORRECT, INCORRECT, NOT_ATTEMPTED

# --- 05.1 A numerical derivative with a good h -------------------------------------------------------


def central(h):
    return lambda f, x: (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize(
    "slope",
    [
        central(1e-5),
        central(1e-4),
        central(1e-6),
        lambda f, x: scratch.numerical_derivative(f, x),
        lambda f, x: central(1e-5 * max(1.0, abs(x)))(f, x),  # a step scaled with x
        lambda f, x: np.diff(f(x + np.array([-1e-5, 1e-5])))[0] / 2e-5,  # vectorised, one call to f
    ],
)
def test_central_slope_accepts_any_good_central_difference(slope):
    assert check.central_slope(slope).status == CORRECT


@pytest.mark.parametrize(
    "slope, phrase",
    [
        (lambda f, x: (f(x + 1e-8) - f(x)) / 1e-8, "one-sided"),
        (lambda f, x: (f(x) - f(x - 1e-5)) / 1e-5, "one-sided"),
        (lambda f, x: (f(x + 1e-5) - f(x - 1e-5)) / 1e-5, "twice the true ones"),
        (lambda f, x: (f(x + 1e-5) - f(x - 1e-5)) / 4e-5, "half the true ones"),
        (lambda f, x: (f(x - 1e-5) - f(x + 1e-5)) / 2e-5, "wrong sign"),
        (lambda f, x: (f(x + 1e-5) - f(x - 1e-5)) / 2 * 1e-5, "parentheses"),
        (central(0.1), "too large"),
        (central(1e-3), "too large"),
        (central(1e-10), "too small"),
        (central(1e-12), "too small"),
        (lambda f, x: (f(x + 1e-5 * abs(x)) - f(x - 1e-5 * abs(x))) / (2e-5 * abs(x)), "h zero"),
        (lambda f, x: np.cos(x), "never evaluates f"),
        (lambda f, x: (f(x + 1e-5) - f(x - 1e-5)) / 2e-5 + 1e-3, "compare your formula"),
    ],
)
def test_central_slope_mistakes_get_their_own_hint(slope, phrase):
    feedback = check.central_slope(slope)
    assert feedback.status == INCORRECT and phrase in feedback.message
    assert "1e-05" not in feedback.message and "1e-5" not in feedback.message  # no good h given away


def test_central_slope_stub_and_a_function_returning_none():
    assert check.central_slope(...).status == NOT_ATTEMPTED
    assert check.central_slope(lambda f, x: None).status == NOT_ATTEMPTED


# --- 05.2 Where descent on 2.5 w² diverges -----------------------------------------------------------


@pytest.mark.parametrize(
    "answer", [(0.2, 0.4), [1 / 5, 2 / 5], np.float32([0.2, 0.4]), np.array([[0.2], [0.4]]), (0.2, 0.4001)]
)
def test_diverging_rate_accepts_the_value_in_any_form(answer):
    assert check.diverging_rate(answer).status == CORRECT


@pytest.mark.parametrize(
    "answer, phrase",
    [
        ((0.4, 0.8), "differentiate twice"),
        ((0.8, 0.4), "right only by chance"),
        ((0.4, 0.2), "swapped"),
        ((0.2, 0.2), "flipping sign each step"),
        ((0.2, 1.0), "rule of thumb"),
        ((0.2, 5.0), "curvature itself"),
        ((0.2, 2.5), "coefficient of w²"),
        ((0.3, 0.3), "write one step"),
        (0.4, "give two rates"),
    ],
)
def test_diverging_rate_mistakes_get_their_own_hint(answer, phrase):
    feedback = check.diverging_rate(answer)
    assert feedback.status == INCORRECT and phrase in feedback.message
    assert "0.4" not in feedback.message and "2/5" not in feedback.message and "0.2" not in feedback.message


def test_diverging_rate_separates_one_over_c_from_two_over_c_for_any_coefficient():
    # The defect: with f = k w², the slip "border = 1/c with c = k" gives 2/(2k), the right border.
    for k in (0.5, 2.5, 4.0):
        slip = (2 / k, 1 / k)
        assert np.isclose(slip[1], 2 / (2 * k))
    assert check.diverging_rate((2 / 2.5, 1 / 2.5)).status == INCORRECT


# --- 05.3 Iterations in a training run ---------------------------------------------------------------


@pytest.mark.parametrize("answer", [[80, 100], (80.0, 100.0), np.array([80, 100]), np.float32([80, 100])])
def test_update_count_accepts_the_counts_in_any_form(answer):
    assert check.update_count(answer).status == CORRECT


@pytest.mark.parametrize(
    "answer, phrase",
    [
        ([75, 100], "left out the last batch"),
        ([78.125, 100], "fraction of an update"),
        ([79, 100], "do not run across epochs"),
        ([16, 20], "in one epoch"),
        ([80, 105], "no smaller batch is left over"),
        ([5000, 5000], "one update per sample"),
        ([5, 5], "one update per epoch"),
        ([100, 80], "swapped"),
        ([80, 99], "first number is right"),
        ([81, 100], "second number is right"),
        (80, "list of two numbers"),
    ],
)
def test_update_count_mistakes_get_their_own_hint(answer, phrase):
    feedback = check.update_count(answer)
    assert feedback.status == INCORRECT and phrase in feedback.message
    assert "80" not in feedback.message and "100" not in feedback.message


# --- 05.4 Descend until the step is small ------------------------------------------------------------


# The checker's own reference, with the slips it recognises as keyword switches.
descend_until = check._descend


def with_slip(**slip):
    return lambda gradient, w0, learning_rate, eps: descend_until(gradient, w0, learning_rate, eps, **slip)


@pytest.mark.parametrize(
    "function",
    [
        with_slip(),
        with_slip(stop="step"),
        lambda g, w0, lr, eps: list(descend_until(g, w0, lr, eps)),
        lambda g, w0, lr, eps: scratch.descend(g, w0, scratch.SGD(lr), steps=1000, tolerance=eps)[-1],
    ],
)
def test_descend_until_accepts_the_reference_in_any_form(function):
    assert check.descend_until(function).status == CORRECT


def elementwise_test(gradient, w0, learning_rate, eps):
    w = np.array(w0, dtype=float)
    for _ in range(1000):
        w_next = w - learning_rate * gradient(w)
        if abs(w_next - w) < eps:  # ambiguous for more than one weight
            return w_next
        w = w_next
    return w


@pytest.mark.parametrize(
    "function, phrase",
    [
        (with_slip(sign=1.0), "run away"),
        (with_slip(rate=False), "ignore learning_rate"),
        (with_slip(stop="gradient"), "when the gradient is small"),
        (with_slip(stop="never"), "never stops early"),
        (with_slip(give="before"), "before the last update"),
        (elementwise_test, "np.linalg.norm"),
        (lambda g, w0, lr, eps: descend_until(g, w0, lr, eps)[:1], "shaped like w0"),
        (with_slip(most=20), "made 20 updates"),
        (with_slip(most=100), "made 100 updates"),
        (with_slip(most=999), "made 999 updates"),
        (with_slip(most=1001), "made 1,001 updates"),
        (with_slip(most=10_000), "made 10,000 updates"),
        (with_slip(most=10**9), "never ends"),
    ],
)
def test_descend_until_mistakes_get_their_own_hint(function, phrase):
    feedback = check.descend_until(function)
    assert feedback.status == INCORRECT and phrase in feedback.message


def test_descend_until_stub():
    assert check.descend_until(...).status == NOT_ATTEMPTED
    assert check.descend_until(lambda g, w0, lr, eps: None).status == NOT_ATTEMPTED
