"""Lesson 02's checkers: reference solutions pass, typical mistakes get their own hint, no answer leaks."""

import numpy as np
import pytest

from nnkit import scratch
from nnkit.exercises import lesson02 as check
from nnkit.exercises.feedback import CORRECT, INCORRECT, NOT_ATTEMPTED

# --- 02.1 NAND with a perceptron ---------------------------------------------------------------------


NANDS = [([-1.0, -1.0], 1.5), (np.array([-2, -2], dtype=np.float32), 3), ((-1, -2), 2.5)]


@pytest.mark.parametrize("w, b", NANDS)
def test_nand_perceptron_accepts_any_nand(w, b):
    feedback = check.nand_perceptron(w, b)
    assert feedback.status == CORRECT, feedback.message


@pytest.mark.parametrize(
    "w, b, phrase",
    [
        ([-1.0, -1.0], 1.0, "exactly 0"),
        ([1.0, 1.0], -1.5, "computes AND"),
        ([1.0, 1.0], -0.5, "(that is OR)"),
        ([-1.0, -1.0], 0.5, "(that is NOR)"),
        ([-1.0, -1.0], 3.0, "1 for every input"),
        ([1.0, -1.0], 0.5, "wrong at (0, 1)"),
        ([1.0], 1.0, "two weights"),
    ],
)
def test_nand_perceptron_mistakes_get_their_own_hint(w, b, phrase):
    feedback = check.nand_perceptron(w, b)
    assert feedback.status == INCORRECT and phrase in feedback.message, feedback.message


def test_nand_perceptron_needs_both_answers():
    assert check.nand_perceptron([-1.0, -1.0], ...).status == NOT_ATTEMPTED


# --- 02.2 One update by hand -------------------------------------------------------------------------

W0, B0, R = np.array(check.W_START), check.B_START, check.RATE
X, Y = np.array(check.X_EXAMPLE), check.Y_EXAMPLE
W1, B1 = W0 + R * Y * X, B0 + R * Y


@pytest.mark.parametrize("w, b", [(W1, B1), (W1.tolist(), np.float32(B1)), (W1.astype(np.float32), [B1])])
def test_one_update_accepts_the_new_weights_in_any_form(w, b):
    assert check.one_update(w, b).status == CORRECT


@pytest.mark.parametrize(
    "w, b, phrase",
    [
        (W0, B0, "before the step"),
        (W0 - R * Y * X, B0 - R * Y, "decreases the weights"),
        (W0 + Y * X, B0 + Y, "learning rate r = 0.5"),
        (W1, B0, "the bias moves too"),
        (W1, B0 - R * Y, "the bias moved the wrong way"),
        ([5.0, 5.0], 1.0, "compute z and the output"),
        (np.append(W1, B1), B1, "two new weights"),
    ],
)
def test_one_update_mistakes_get_their_own_hint(w, b, phrase):
    feedback = check.one_update(w, b)
    assert feedback.status == INCORRECT and phrase in feedback.message, feedback.message
    assert f"({W1[0]:g}, {W1[1]:g})" not in feedback.message and f"b = {B1:g}" not in feedback.message


def test_one_update_needs_both_answers():
    assert check.one_update(W1, ...).status == NOT_ATTEMPTED


# --- 02.3 Rosenblatt's rule as a function ------------------------------------------------------------


def reference(w, b, x, y, r):
    output = 1 if w @ x + b > 0 else -1
    if output != y:
        w, b = w + r * y * x, b + r * y
    return w, b


def with_heaviside(w, b, x, y, r):  # another correct way to write it, returning lists
    fired = int(np.dot(w, x) + b > 0)
    if 2 * fired - 1 == y:
        return list(w), b
    return [wi + r * y * xi for wi, xi in zip(w, x, strict=True)], b + r * y


def test_perceptron_update_accepts_correct_functions():
    assert check.perceptron_update(reference).status == CORRECT
    assert check.perceptron_update(with_heaviside).status == CORRECT


def always(w, b, x, y, r):
    return w + r * y * x, b + r * y


def away(w, b, x, y, r):
    return (w - r * y * x, b - r * y) if (1 if w @ x + b > 0 else -1) != y else (w, b)


def strict_sign(w, b, x, y, r):
    return (w + r * y * x, b + r * y) if y * (w @ x + b) < 0 else (w, b)


def numpy_sign(w, b, x, y, r):
    return (w + r * y * x, b + r * y) if np.sign(w @ x + b) != y else (w, b)


def textbook_test(w, b, x, y, r):
    return (w + r * y * x, b + r * y) if y * (w @ x + b) <= 0 else (w, b)


def prints(w, b, x, y, r):
    print(reference(w, b, x, y, r))


def no_bias(w, b, x, y, r):
    return (w + r * y * x, b) if (1 if w @ x + b > 0 else -1) != y else (w, b)


def no_rate(w, b, x, y, r):
    return (w + y * x, b + y) if (1 if w @ x + b > 0 else -1) != y else (w, b)


def in_place(w, b, x, y, r):
    if (1 if w @ x + b > 0 else -1) != y:
        w += r * y * x
        b += r * y
    return w, b


def only_weights(w, b, x, y, r):
    return reference(w, b, x, y, r)[0]


@pytest.mark.parametrize(
    "function, phrase",
    [
        (always, "even when the output is already right"),
        (away, "yours move away"),
        (strict_sign, "left alone by your function"),
        (numpy_sign, "updates for both labels"),
        (textbook_test, "updates for both labels"),
        (prints, "did you forget `return`?"),
        (no_bias, "the bias learns too"),
        (no_rate, "scaled by the learning rate"),
        (in_place, "in place"),
        (only_weights, "return the pair"),
    ],
)
def test_perceptron_update_mistakes_get_their_own_hint(function, phrase):
    feedback = check.perceptron_update(function)
    assert feedback.status == INCORRECT and phrase in feedback.message, feedback.message
    assert "w + r * y * x" not in feedback.message


def test_perceptron_update_stub_function():
    def stub(w, b, x, y, r): ...  # YOUR CODE HERE

    assert check.perceptron_update(stub).status == NOT_ATTEMPTED


# --- 02.4 Will it converge? --------------------------------------------------------------------------


def test_will_it_converge_with_the_run():
    run = scratch.Perceptron(max_epochs=50, seed=0).fit(check.X_QUESTION, check.Y_QUESTION)
    feedback = check.will_it_converge("never converges", run)
    assert feedback.status == CORRECT and "50 epochs" in feedback.message
    assert check.will_it_converge("Never converges", run).status == CORRECT


def test_will_it_converge_mistakes_get_their_own_hint():
    run = scratch.Perceptron(max_epochs=50, seed=0).fit(check.X_QUESTION, check.Y_QUESTION)
    short = scratch.Perceptron(max_epochs=3, seed=0).fit(check.X_QUESTION, check.Y_QUESTION)
    separable = scratch.Perceptron(seed=0).fit(check.X_QUESTION, np.array([-1, -1, 1, 1, 1]))
    other_labels = scratch.Perceptron(max_epochs=50, seed=0).fit(check.X_QUESTION, -check.Y_QUESTION)
    more_epochs = scratch.Perceptron(seed=0).fit(check.X_QUESTION, check.Y_QUESTION)
    fewer_epochs = scratch.Perceptron(max_epochs=49, seed=0).fit(check.X_QUESTION, check.Y_QUESTION)
    cases = [
        (("converges", run), "one straight line"),
        (("converges with a smaller learning rate", run), "only scales every"),
        (("never converges", ...), "now run it"),
        (("never converges", short), "too few"),
        (("never converges", separable), "your run converged"),
        (("never converges", other_labels), "other points or labels"),
        (("never converges", more_epochs), "the statement fits scratch.Perceptron(max_epochs=50"),
        (("never converges", fewer_epochs), "the statement fits scratch.Perceptron(max_epochs=50"),
        (("never converges", 0.5), "fitted scratch.Perceptron"),
        (("maybe", run), "not one of the options"),
    ]
    for args, phrase in cases:
        feedback = check.will_it_converge(*args)
        assert feedback.status == INCORRECT and phrase in feedback.message, (phrase, feedback.message)
        assert "'never converges'" not in feedback.message.split("answer with one of")[0]
        assert "never" not in feedback.message.split("answer with one of")[0] or args[0] == "never converges"
