"""Checkers for lesson 02, the perceptron.

Each checker takes the student's answer and returns a Feedback; see
:mod:`nnkit.exercises.feedback`. The exercises' numbers and data live here too,
so the lesson and the tests use the same ones. The perceptron outputs +1 where
``w.x + b > 0`` and -1 otherwise (1 and 0 in the Heaviside form), as in the lesson.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from nnkit.exercises.answers import as_array, as_number, call, expect_choice, expect_close, expect_function
from nnkit.exercises.feedback import Hint, NotAttempted, exercise, is_stub
from nnkit.exercises.gates import GATE_INPUTS, gate_weights, written

# Exercise 02.1: the four inputs of a two-input gate and NAND's truth table (1 = true).
NAND = np.array([1, 1, 1, 0])
_GATES = {
    "AND": (np.array([0, 0, 0, 1]), "your perceptron computes AND, the opposite of NAND: flip every sign."),
    "OR": (np.array([0, 1, 1, 1]), "your perceptron says 1 at (1, 1) too (that is OR): both on must give 0."),
    "NOR": (
        np.array([1, 0, 0, 0]),
        "your perceptron says 0 as soon as one input is 1 (that is NOR): NAND says 0 only when both are.",
    ),
}

# Exercise 02.2: one step of Rosenblatt's rule by hand.
W_START, B_START, RATE = (1.0, 0.5), -0.5, 0.5
X_EXAMPLE, Y_EXAMPLE = (2.0, -1.0), -1

# Exercise 02.4: the centre of a square against its four corners.
X_QUESTION = np.array([[0.0, 0.0], [0.0, 2.0], [2.0, 0.0], [2.0, 2.0], [1.0, 1.0]])
Y_QUESTION = np.array([-1, -1, -1, -1, 1])


@exercise(
    "02.1",
    "NAND with a perceptron",
    stars=1,
    where="section 1: the output is 1 where z = w.x + b > 0 and 0 where z <= 0; write z for each input.",
    example="OR with w = (1, 1), b = -0.5: z = -0.5, 0.5, 0.5, 1.5 on (0, 0), (0, 1), (1, 0), (1, 1), so the "
    "outputs are 0, 1, 1, 1.",
)
def nand_perceptron(w: Any, b: Any = ...) -> str:
    """Check ``w`` (two weights) and ``b`` that make a perceptron compute NAND (1 unless both inputs are 1).

    Example:
        >>> nand_perceptron([-1.0, -1.0], 1.0)  # doctest: +ELLIPSIS
        ❌ Exercise 02.1 ★☆☆ NAND with a perceptron: not yet, at the input (0, 1) z = w.x + b is exactly 0...
    """
    w, b = gate_weights(w, b, names=("w_nand", "b_nand"))
    z = GATE_INPUTS @ w + b
    says = (z > 0).astype(int)
    tie = [i for i in range(4) if z[i] == 0 and NAND[i] == 1]
    if tie:
        raise Hint(
            f"at the input {written(GATE_INPUTS[tie[0]])} z = w.x + b is exactly 0, and the perceptron reads "
            "z = 0 as 0 (-1 in the sign form: the slide's '> 0'). A point on the line is not on the 1 side."
        )
    for truth, hint in _GATES.values():
        if np.array_equal(says, truth):
            raise Hint(hint)
    if says.all() or not says.any():
        raise Hint(f"your perceptron says {says[0]} for every input: the line misses the four points.")
    wrong = [written(x) for x, got, want in zip(GATE_INPUTS, says, NAND, strict=True) if got != want]
    if wrong:
        raise Hint(
            f"your perceptron is wrong at {', '.join(wrong)}. Write z = w1 x1 + w2 x2 + b for the four "
            "inputs: only (1, 1) may give z <= 0."
        )
    return "z = " + ", ".join(f"{value:g}" for value in z) + ": only (1, 1) is on the 0 side."


@exercise(
    "02.2",
    "One update by hand",
    stars=1,
    where="section 2's rule: compute the output first; only on a mistake w <- w + r y x and b <- b + r y.",
    example="w = (0, 1), b = 0, r = 1, x = (1, -2), y = +1: z = -2, output -1, a mistake, so w becomes "
    "(0, 1) + (1, -2) = (1, -1) and b becomes 0 + 1 = 1.",
)
def one_update(w: Any, b: Any = ...) -> str:
    """Check ``w`` and ``b`` after one step of the rule from ``W_START``, ``B_START`` on the example.

    Example:
        >>> one_update([1.0, 0.5], -0.5)  # doctest: +ELLIPSIS
        ❌ Exercise 02.2 ★☆☆ One update by hand: not yet, those are the weights before the step...
    """
    if is_stub(b):
        raise NotAttempted
    w = as_array(w, what="w_after")
    if w.shape != (2,):
        raise Hint(f"w_after should hold the two new weights; received shape {w.shape}.")
    b = as_number(b, what="b_after")
    w0, x = np.array(W_START), np.array(X_EXAMPLE)
    step = RATE * Y_EXAMPLE * x
    expect_close(
        np.append(w, b),
        np.append(w0 + step, B_START + RATE * Y_EXAMPLE),
        mistakes=[
            (
                np.append(w0, B_START),
                "those are the weights before the step. Compute z = w.x + b: is the output the label?",
            ),
            (
                np.append(w0 - step, B_START - RATE * Y_EXAMPLE),
                "the output should have been -1 but was 1, so the rule decreases the weights (y = -1 in "
                "r y x); yours moved towards x.",
            ),
            (
                np.append(w0 + step / RATE, B_START + Y_EXAMPLE),
                "the step is r y x and r y: the learning rate r = 0.5 scales it.",
            ),
            (np.append(w0 + step, B_START), "the weights are right; the bias moves too: b <- b + r y."),
            (
                np.append(w0 + step, B_START - RATE * Y_EXAMPLE),
                "the weights are right, but the bias moved the wrong way: its step is r y, as the weights'.",
            ),
        ],
        otherwise="compute z and the output first; on a mistake, w <- w + r y x and b <- b + r y.",
        what="(w_after, b_after)",
    )
    return "the example now scores z = " + f"{float(w @ x + b):g}, on its side (the label is -1)."


def _update(w: np.ndarray, b: float, x: np.ndarray, y: int, r: float) -> tuple[np.ndarray, float]:
    """Rosenblatt's rule for one example: the reference solution of exercise 02.3."""
    output = 1 if w @ x + b > 0 else -1
    if output != y:
        return w + r * y * x, b + r * y
    return w, b


def _updating_when(
    is_mistake: Callable[[float, int], bool], *, sign: int = 1, bias: bool = True, rate: bool = True
) -> Callable:
    # A variant of the rule: another test for a mistake, step direction, bias step or learning rate.
    def update(w, b, x, y, r):
        step = (r if rate else 1.0) * y * sign
        if is_mistake(float(w @ x + b), y):
            return w + step * x, b + (step if bias else 0.0)
        return w, b

    return update


def _mistake(z: float, y: int) -> bool:
    return (1 if z > 0 else -1) != y


_WRONG_UPDATES = [
    (
        _updating_when(lambda z, y: True),
        "your function changes the weights even when the output is already right; the rule acts only on a "
        "mistake.",
    ),
    (
        _updating_when(_mistake, sign=-1),
        "on a mistake the weights should move towards the example's correct side, y x; yours move away.",
    ),
    (
        _updating_when(lambda z, y: y * z < 0),
        "an example with w.x + b exactly 0 is left alone by your function, but the perceptron outputs -1 "
        "there: for a +1 example that is a mistake.",
    ),
    (
        _updating_when(lambda z, y: y * z <= 0),
        "at w.x + b = 0 your function updates for both labels (a test such as y z <= 0, or np.sign(z) != y, "
        "does that); the perceptron outputs -1 there, which is right for a -1 example: compare its output "
        "with y instead.",
    ),
    (_updating_when(_mistake, bias=False), "the weights are right; the bias learns too: b <- b + r y."),
    (_updating_when(_mistake, rate=False), "the step should be scaled by the learning rate r."),
]


def _update_inputs() -> list[tuple[np.ndarray, float, np.ndarray, int, float]]:
    # Worked cases (z < 0, z > 0, z = 0 with each label), then random ones of 2 to 6 inputs, some large.
    cases = [
        (np.array([0.5, -1.0]), 0.2, np.array([2.0, 1.5]), 1, 1.0),
        (np.array([1.0, 0.5]), -0.5, np.array([2.0, -1.0]), -1, 0.5),
        (np.array([1.0, 0.5]), -0.5, np.array([2.0, -1.0]), 1, 0.5),
        (np.zeros(2), 0.0, np.array([1.0, 2.0]), 1, 1.0),
        (np.zeros(2), 0.0, np.array([1.0, 2.0]), -1, 1.0),
        (np.array([1.0, -1.0]), 0.0, np.array([3.0, 3.0]), 1, 0.1),
        (np.array([1.0, -1.0]), 0.0, np.array([3.0, 3.0]), -1, 0.1),
    ]
    rng = np.random.default_rng(2)
    for n in range(2, 7):
        for y in (-1, 1):
            for scale in (1.0, 1e3):
                cases.append(
                    (
                        scale * rng.normal(size=n),
                        float(rng.normal()),
                        scale * rng.normal(size=n),
                        y,
                        float(rng.uniform(0.05, 2.0)),
                    )
                )
    return cases


def _as_update_pair(result: Any, n: int) -> np.ndarray:
    # (w_new, b_new) as one array of n + 1 numbers; nan when the function returned something else.
    if isinstance(result, (tuple, list)) and len(result) == 2:
        try:
            pair = np.append(np.asarray(result[0], dtype=np.float64), np.asarray(result[1], dtype=np.float64))
        except (TypeError, ValueError):
            pair = None
        if pair is not None and pair.shape == (n + 1,):
            return pair
    return np.full(n + 1, np.nan)


@exercise(
    "02.3",
    "Rosenblatt's rule as a function",
    stars=2,
    where="exercise 02.2's steps, as code: the output is 1 if w @ x + b > 0 else -1; compare it with y.",
    example="w = np.array([0.0, 1.0]), b = 0.0, x = np.array([1.0, -2.0]), y = 1, r = 1.0 returns "
    "(array([1., -1.]), 1.0); the same call with y = -1 returns w and b unchanged.",
)
def perceptron_update(function: Any) -> str:
    """Check ``function(w, b, x, y, r)`` returning ``(w_new, b_new)`` after one step of the rule.

    Example:
        >>> def always(w, b, x, y, r):
        ...     return w + r * y * x, b + r * y
        >>> perceptron_update(always)  # doctest: +ELLIPSIS
        ❌ Exercise 02.3 ★★☆ Rosenblatt's rule as a function: not yet, your function changes the weights...
    """
    inputs = _update_inputs()
    w, b, x, y, r = inputs[0]
    given = w.copy()
    first = call(function, given, b, x.copy(), y, r)
    if not (isinstance(first, (tuple, list)) and len(first) == 2):
        raise Hint(f"return the pair (w_new, b_new), as in `return w, b`; received {type(first).__name__}.")
    if not np.array_equal(given, w):
        raise Hint(
            "your function changed the w it was given (w += ... works in place): build the new weights with "
            "w + ..., and leave the caller's array alone."
        )

    def flat(update: Callable) -> Callable:
        def pair(w, b, x, y, r):
            result = update(w.copy(), b, x.copy(), y, r)
            return None if is_stub(result) else _as_update_pair(result, len(w))

        return pair

    expect_function(
        flat(function),
        flat(_update),
        inputs,
        mistakes=[(flat(wrong), hint) for wrong, hint in _WRONG_UPDATES],
        otherwise="compare the output, +1 where w.x + b > 0 and -1 otherwise, with y; only on a mistake "
        "move w by r y x and b by r y.",
        rtol=1e-9,
    )
    return "the same steps as the rule on 27 cases, z = 0 included."


def _expect_trained_on_question(run: Any) -> None:
    """Hint unless ``run`` is what its own settings give when fitted on ``X_QUESTION``, ``Y_QUESTION``."""
    from nnkit import scratch

    try:
        again = scratch.Perceptron(
            learning_rate=run.learning_rate, max_epochs=run.max_epochs, seed=run.seed
        ).fit(X_QUESTION, Y_QUESTION)
    except (AttributeError, TypeError, ValueError):
        raise Hint("run should be the fitted scratch.Perceptron that .fit returns.") from None
    same = list(again.errors_) == list(run.errors_) and np.allclose(again.weights_, run.weights_)
    if not (same and np.isclose(again.bias_, run.bias_)):
        raise Hint(
            "run was trained on other points or labels than x_q and y_q: fit it on exactly those two arrays "
            "(the four corners labelled -1, the centre +1)."
        )


@exercise(
    "02.4",
    "Will it converge?",
    stars=2,
    where="sections 3 and 4: the perceptron converges exactly when a straight line separates the labels.",
    example="XOR's four points, (0, 0) and (1, 1) labelled -1, (0, 1) and (1, 0) labelled +1: no line puts "
    "both +1 points on one side and both -1 points on the other, so the perceptron never stops making "
    "mistakes.",
)
def will_it_converge(prediction: Any, run: Any = ...) -> str:
    """Check the prediction for ``X_QUESTION``, ``Y_QUESTION``, then the run that tests it.

    Example:
        >>> will_it_converge("converges with a smaller learning rate")  # doctest: +ELLIPSIS
        ❌ Exercise 02.4 ★★☆ Will it converge?: not yet, from zero weights the learning rate only scales...
    """
    expect_choice(
        prediction,
        "never converges",
        options={
            "converges": "before running anything, draw the five points and try to draw one straight line "
            "with the +1 point alone on its side: the perceptron converges only if such a line exists.",
            "converges with a smaller learning rate": "from zero weights the learning rate only scales every "
            "(w, b) of the run (section 3), so every decision, and every mistake, stays the same.",
        },
    )
    if is_stub(run):
        raise Hint("now run it: fit a scratch.Perceptron on x_q, y_q and put what fit returns in run.")
    errors = getattr(run, "errors_", None)
    if errors is None or not hasattr(run, "converged_"):
        raise Hint(f"run should be the fitted scratch.Perceptron that .fit returns; received {run!r:.60}.")
    if np.shape(getattr(run, "weights_", None)) != (2,):
        raise Hint("run was not trained on x_q, y_q, whose points have two inputs each.")
    if run.converged_:
        raise Hint("your run converged, so it was not trained on x_q and y_q: fit it on those.")
    if len(errors) < 20:
        raise Hint(f"your run stopped after {len(errors)} epochs, too few to show anything: give it 50.")
    if getattr(run, "max_epochs", None) != 50 or len(errors) != 50:
        raise Hint(
            f"your run has {len(errors)} epochs; the statement fits scratch.Perceptron(max_epochs=50, "
            "seed=SEED), so that every run of this exercise shows the same 50 epochs."
        )
    _expect_trained_on_question(run)
    return f"{len(errors)} epochs and never one without a mistake (fewest in an epoch: {min(errors)})."
