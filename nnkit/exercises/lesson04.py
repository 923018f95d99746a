"""Checkers for lesson 04, loss functions.

Each checker takes the student's answer and returns a Feedback; see
:mod:`nnkit.exercises.feedback`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnkit.exercises.answers import as_array, as_number, expect_close, expect_function
from nnkit.exercises.feedback import Hint, exercise


def _flat(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.float64).reshape(-1)


def _mse(y_true: Any, y_pred: Any) -> float:
    return float(np.mean((_flat(y_pred) - _flat(y_true)) ** 2))


def _mse_inputs() -> list[tuple[np.ndarray, np.ndarray]]:
    """Targets and predictions as (N,) and (N, 1) in every combination, small and large values."""
    rng = np.random.default_rng(4)
    cases = []
    for n, scale in [(3, 1.0), (5, 10.0), (50, 1e3)]:
        y_true, y_pred = rng.normal(0, scale, size=n), rng.normal(0, scale, size=n)
        for true_shape, pred_shape in [((n,), (n, 1)), ((n, 1), (n,)), ((n,), (n,)), ((n, 1), (n, 1))]:
            cases.append((y_true.reshape(true_shape), y_pred.reshape(pred_shape)))
    return cases


MSE_INPUTS = _mse_inputs()


@exercise(
    "04.1",
    "MSE whatever the shapes: the (N,) vs (N, 1) bug",
    stars=2,
    where="section 2's MSE, the mean of (y_pred - y_true)², and the shapes: print y_true.shape, "
    "y_pred.shape and (y_pred - y_true).shape inside your function.",
    example="y_true = [1, 2] as (2,) and y_pred = [[1], [4]] as (2, 1): flattened, the errors are 0 and 2, "
    "so the MSE is (0 + 4) / 2 = 2; unflattened, y_pred - y_true is a 2x2 table whose squares average 3.5.",
)
def mse_any_shapes(function: Any) -> str | None:
    """Check ``mse(y_true, y_pred)``: one number, right for (N,) and (N, 1) arrays in any combination.

    Example:
        >>> def buggy(y_true, y_pred):
        ...     return np.mean((y_pred - y_true) ** 2)
        >>> mse_any_shapes(buggy)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 04.1 ★★☆ MSE whatever the shapes: the (N,) vs (N, 1) bug: not yet, that is the bug
        itself: an (N, 1) column minus an (N,) row broadcasts to an N x N table of every prediction minus
        every target. Give both arrays the same shape first.
    """

    def raw(y_true, y_pred):
        return np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)

    expect_function(
        function,
        _mse,
        MSE_INPUTS,
        mistakes=[
            (
                lambda t, p: np.mean(raw(t, p) ** 2),
                "that is the bug itself: an (N, 1) column minus an (N,) row broadcasts to an N x N table "
                "of every prediction minus every target. Give both arrays the same shape first.",
            ),
            (
                lambda t, p: np.mean((_flat(p) - np.asarray(t, dtype=np.float64)) ** 2),
                "right when y_true is flat, wrong when y_true is a column (N, 1): flatten both arrays, "
                "not only y_pred.",
            ),
            (
                lambda t, p: np.mean((np.asarray(p, dtype=np.float64) - _flat(t)) ** 2),
                "right when y_pred is flat, wrong when y_pred is a column (N, 1): flatten both arrays, "
                "not only y_true.",
            ),
            (lambda t, p: 0.5 * _mse(t, p), "that is deck 002's 1/2-MSE; Keras's MSE has no 1/2."),
            (
                lambda t, p: np.sum((_flat(p) - _flat(t)) ** 2),
                "that is the sum of the squared errors; the MSE is their mean.",
            ),
            (lambda t, p: np.sqrt(_mse(t, p)), "that is the root of the MSE; leave out the square root."),
            (
                lambda t, p: np.mean(np.abs(_flat(p) - _flat(t))),
                "that is the mean absolute error; square the errors instead.",
            ),
        ],
        otherwise="flatten both arrays to shape (N,) (reshape(-1) or ravel()), then take the mean of the "
        "squared differences. Try it with each of y_true, y_pred as (N,) and as (N, 1).",
        name="mse",
    )
    return "model.predict gives (N, 1): flatten before you subtract."


P_GIVEN = (0.25, 0.15, 0.6)
TRUE_CLASS = 0


@exercise(
    "04.2",
    "The cross-entropy of a given p",
    stars=1,
    where="section 4: with a one-hot target the categorical cross-entropy keeps one term, -log p of the "
    "true class.",
    example="p = [0.1, 0.7, 0.2] and true class 2: the loss is -log(0.2) = 1.609 (natural log).",
)
def crossentropy_of_p(answer: Any, p: Any = P_GIVEN, y: int = TRUE_CLASS) -> str | None:
    """Check the categorical cross-entropy ``-log p_y`` for the softmax output ``p`` and the true class ``y``.

    Example:
        >>> crossentropy_of_p(0.5108)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 04.2 ★☆☆ The cross-entropy of a given p: not yet, that is the loss of the class with the
        highest probability, the one the network predicts; the loss looks at the true class.
    """
    p = np.asarray(p, dtype=np.float64)
    expected = -np.log(p[y])
    others = [k for k in range(len(p)) if k != y]
    predicted = int(np.argmax(p))
    mistakes = [
        (
            -np.log(p[predicted]),
            "that is the loss of the class with the highest probability, the one the "
            "network predicts; the loss looks at the true class.",
        ),
        *[
            (
                -np.log(p[k]),
                "that is the loss of another class: classes are counted from 0, so check "
                "which probability belongs to the true class.",
            )
            for k in others
            if k != predicted
        ],
        (np.log(p[y]), "a loss is never negative: it is minus the log, and the log of a probability is < 0."),
        (expected / np.log(10), "you used the base-10 log; the cross-entropy uses the natural log (np.log)."),
        (
            -np.log(p).sum(),
            "you added -log of every class; the one-hot target keeps only the true class's term.",
        ),
        (
            -np.log(p[y]) - np.log1p(-p[others]).sum(),
            "that is the binary formula applied to each class: the (1 - y) log(1 - p) terms belong to "
            "independent sigmoid outputs. A softmax output's loss has one term.",
        ),
        (1 - p[y], "that is 1 - p_y; the loss is minus the (natural) log of p_y."),
    ]
    expect_close(
        as_number(answer, what="ce"),
        expected,
        mistakes=mistakes,
        otherwise="take the probability given to the true class and compute minus its natural log.",
        digits=3,
        what="ce",
    )
    return "the lower the probability of the true class, the higher the loss."


def _hinge(y: Any, s: Any) -> np.ndarray:
    y, s = np.asarray(y, dtype=np.float64), np.asarray(s, dtype=np.float64)
    return np.mean(np.maximum(0.0, 1.0 - y * s), axis=-1)


def _hinge_inputs() -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(7)
    cases = [
        (np.array([[1.0], [-1.0], [1.0], [-1.0], [1.0]]), np.array([[2.0], [-0.2], [0.3], [0.8], [-1.0]]))
    ]
    for n, k, scale in [(6, 1, 2.0), (4, 3, 2.0), (8, 2, 50.0)]:
        y = rng.choice([-1.0, 1.0], size=(n, k))
        cases.append((y, rng.normal(0.0, scale, size=(n, k))))
    return cases


HINGE_INPUTS = _hinge_inputs()


@exercise(
    "04.3",
    "Write the hinge loss",
    stars=2,
    where="section 5's formula max(0, 1 - y s), element by element (np.maximum), then the mean over the "
    "last axis.",
    example="y = [[1, -1]] and s = [[0.5, -3]]: margins y s = 0.5 and 3, terms max(0, 0.5) = 0.5 and "
    "max(0, -2) = 0, so the sample's loss is (0.5 + 0) / 2 = 0.25, shape (1,).",
)
def hinge_loss(function: Any) -> str | None:
    """Check ``hinge_loss(y, s)``: ``mean over the last axis of max(0, 1 - y s)``, one value per sample.

    Example:
        >>> def no_max(y, s):
        ...     return np.mean(1 - y * s, axis=-1)
        >>> hinge_loss(no_max)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 04.3 ★★☆ Write the hinge loss: not yet, some of your losses are negative: a sample on the
        right side with a margin above 1 should cost 0, not less.
    """

    def margin(y, s):
        return np.asarray(y, dtype=np.float64) * np.asarray(s, dtype=np.float64)

    expect_function(
        function,
        _hinge,
        HINGE_INPUTS,
        mistakes=[
            (
                lambda y, s: np.mean(1.0 - margin(y, s), axis=-1),
                "some of your losses are negative: a sample on the right side with a margin above 1 "
                "should cost 0, not less.",
            ),
            (
                lambda y, s: np.mean(np.maximum(0.0, -margin(y, s)), axis=-1),
                "a sample that is right but by a margin below 1 should still cost something: the hinge "
                "asks for y s >= 1, not just y s >= 0.",
            ),
            (lambda y, s: _hinge(y, s) ** 2, "that is the squared hinge; the plain hinge is not squared."),
            (
                lambda y, s: np.mean(np.maximum(0.0, 1.0 - margin(y, s)) ** 2, axis=-1),
                "that is the squared hinge; the plain hinge is not squared.",
            ),
            (
                lambda y, s: np.mean(np.maximum(0.0, 1.0 - np.asarray(s, dtype=np.float64)), axis=-1),
                "the label is missing: the margin is y times s, so a negative sample wants a negative score.",
            ),
            (
                lambda y, s: np.mean(np.maximum(0.0, 1.0 + margin(y, s)), axis=-1),
                "the sign is flipped: the loss should fall, not grow, as the margin y s grows.",
            ),
            (
                lambda y, s: np.mean(np.maximum(0.0, 1.0 - margin(y, s))),
                "that averages over every sample into one number; Keras's Hinge(reduction=None) gives one "
                "loss per sample: average over the last axis only (axis=-1).",
            ),
            (
                lambda y, s: np.maximum(0.0, 1.0 - margin(y, s)),
                "that gives one loss per output; average over the last axis (axis=-1) for one per sample.",
            ),
        ],
        otherwise="compute the margin y s, then max(0, 1 - margin) (np.maximum), then the mean over the last "
        "axis.",
        name="hinge_loss",
    )
    return "it matches keras.losses.Hinge on labels of -1 and +1."


TARGETS = (1.0, 1.5, 2.0, 2.5, 3.0)
MISTYPED = 30.0  # the last target, 3.0, typed as 30.0


@exercise(
    "04.4",
    "Which optimum moves: MSE vs MAE with an outlier",
    stars=2,
    where="section 6: the best constant of the MSE is the mean of the targets, that of the MAE their median.",
    example="targets 1, 2, 3 with 3 mistyped as 9: the mean moves from 2 to 4 (by 2), the median stays 2 "
    "(moves by 0).",
)
def optimum_moves(answer: Any) -> str | None:
    """Check ``(moved_mse, moved_mae)``: how far the best constant moves when 3.0 is mistyped as 30.0.

    Example:
        >>> optimum_moves((0.0, 5.4))  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 04.4 ★★☆ Which optimum moves: MSE vs MAE with an outlier: not yet, the two distances
        are swapped: which loss has the mean as its best constant, and which the median?
    """
    moved = as_array(answer, what="moved")
    if moved.size != 2:
        raise Hint(f"give two distances, (moved_mse, moved_mae); received {moved.size} values.")
    moved = moved.reshape(2)
    if np.any(moved < 0):
        raise Hint(
            "a distance is never negative (the statement asks for numbers >= 0): take the absolute value of "
            "the difference between the two best constants."
        )
    clean = np.asarray(TARGETS)
    typo = clean.copy()
    typo[-1] = MISTYPED
    mean_move = abs(typo.mean() - clean.mean())
    median_move = abs(np.median(typo) - np.median(clean))
    expect_close(
        moved,
        [mean_move, median_move],
        mistakes=[
            (
                [median_move, mean_move],
                "the two distances are swapped: which loss has the mean as its best constant, and which "
                "the median?",
            ),
            ([mean_move, mean_move], "the MAE's best constant is not the mean: look at section 6 again."),
            (
                [median_move, median_move],
                "the MSE's best constant is not the median: look at section 6 again.",
            ),
            (
                [MISTYPED - clean[-1], median_move],
                "that is how far the target moved; the mean shares that change among all the targets.",
            ),
            (
                [mean_move, MISTYPED - clean[-1]],
                "the MAE's best constant is the median: does the middle target change?",
            ),
        ],
        otherwise="compute the best constant of each loss with and without the typo (or scan c as in "
        "section 6) and subtract.",
        atol=0.01,  # a scan of c in steps of 0.01 is right too
        digits=3,
        what="moved",
    )
    return "one wrong target drags the mean, while the median does not move at all."
