"""Checkers for lesson 10, softmax and ``from_logits``.

Each checker takes the student's answer and returns a Feedback; see
:mod:`nnkit.exercises.feedback`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnkit.exercises.answers import as_array, as_number, call, expect_close, expect_function
from nnkit.exercises.feedback import Hint, exercise
from nnkit.exercises.keras_answers import expect_bias, expect_compiled, read_model

SCORES = (2.0, -1.0, 0.5, 3.0)
TRUE_CLASS = 2


def _softmax(z, axis=-1):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


@exercise(
    "10.1",
    "The loss -log a_y for given scores",
    stars=1,
    where="the softmax cell: a_k = e^z_k / (sum of e^z_j over all classes), then the loss -log a_y.",
    example="z = (1, 0) with y = 0: a_0 = e / (e + 1) = 0.731 and the loss is -log 0.731 = 0.313.",
)
def loss_for_scores(answer: Any, scores: Any = SCORES, y: int = TRUE_CLASS) -> str | None:
    """Check ``-log a_y`` for the scores ``z`` and the true class index ``y`` (counted from 0).

    Example:
        >>> loss_for_scores(-2.884)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 10.1 ★☆☆ The loss -log a_y for given scores: not yet, a loss is never negative: -log a_y
        has a minus sign in front, and log a_y < 0 for a probability below 1.
    """
    z = np.asarray(scores, dtype=np.float64)
    a = _softmax(z)
    expected = -np.log(a[y])
    neighbours = [-np.log(a[k]) for k in (y - 1, y + 1) if 0 <= k < len(z)]
    expect_close(
        as_number(answer, what="loss"),
        expected,
        mistakes=[
            *[
                (
                    wrong,
                    "that is the loss of another class: Python counts classes from 0, so index "
                    f"{y} is score number {y + 1} in the list.",
                )
                for wrong in neighbours
            ],
            (
                -expected,
                "a loss is never negative: -log a_y has a minus sign in front, and log a_y < 0 for a "
                "probability below 1.",
            ),
            (a[y], "that is the probability a_y itself; the loss is minus its (natural) log."),
            (expected / np.log(10), "you used the base-10 log; the loss uses the natural log (np.log)."),
            (-z[y], "you kept only -z_y: -log a_y = -z_y + log(sum of e^z_k over all classes)."),
            (
                -np.log(_sigmoid(z[y])),
                "that is -log sigmoid(z_y), which looks at one score alone; a_y is the softmax of all four "
                "scores, so the other classes' scores count too.",
            ),
        ],
        otherwise="first turn the four scores into probabilities with the softmax, then take -log of a_y.",
        rtol=1e-3,
        digits=3,
        what="loss",
    )
    return "the smaller a_y, the larger the loss."


@exercise(
    "10.2",
    "Repair the slide's from_logits model",
    stars=1,
    where=(
        "the slide's improved model: a linear output layer (the logits) and "
        "SparseCategoricalCrossentropy(from_logits=True)."
    ),
    example=(
        "3 classes from logits: Dense(3) with no activation, compiled with "
        "SparseCategoricalCrossentropy(from_logits=True)."
    ),
)
def repaired_model(model: Any) -> str | None:
    """Check the slide's improved digit model: relu 25, relu 15, linear 10, sparse CE with from_logits=True.

    Example:
        >>> import keras
        >>> softmax = keras.Sequential([keras.layers.Dense(25, activation="relu"),
        ...     keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10, activation="softmax")])
        >>> softmax.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        >>> repaired_model(softmax)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 10.2 ★☆☆ Repair the slide's from_logits model: not yet, from_logits=True tells the loss it
        receives raw scores, but a softmax output layer already gives probabilities: the loss would apply
        the softmax a second time.
    """
    answer = read_model(model)
    expect_compiled(answer)
    units, activation = answer.dense[-1]
    if units != 10:
        raise Hint(f"the last layer has {units} outputs; a digit is one of ten classes: one score per class.")
    if answer.loss == "binarycrossentropy":
        raise Hint(
            "BinaryCrossentropy scores independent yes/no outputs; a digit is exactly one of ten classes, "
            "given as a class index: use the cross-entropy for class indices."
        )
    if answer.loss == "categoricalcrossentropy":
        raise Hint(
            "CategoricalCrossentropy expects one-hot rows; the labels here are class indices 0..9, which "
            "the sparse version reads."
        )
    if answer.loss != "sparsecategoricalcrossentropy":
        raise Hint(f"the loss is {answer.loss}; the slide's model uses the cross-entropy for class indices.")
    if activation == "softmax":
        if answer.from_logits:
            raise Hint(
                "from_logits=True tells the loss it receives raw scores, but a softmax output layer already "
                "gives probabilities: the loss would apply the softmax a second time."
            )
        raise Hint(
            "that is the slide's 'clear but do not use' model: the loss receives rounded probabilities. "
            "The improved one outputs the raw scores and tells the loss so."
        )
    if activation != "linear":
        raise Hint(
            f"the output layer uses {activation}; the logits are the raw scores, with no activation on them."
        )
    if not answer.from_logits:
        raise Hint(
            "the output layer gives raw scores (logits), but the loss still reads them as probabilities: "
            "tell it what it receives (and Python's constant is True, with a capital T)."
        )
    hidden = answer.dense[:-1]
    if hidden != [(25, "relu"), (15, "relu")]:
        raise Hint(f"the hidden layers are {hidden}; the slide's improved model keeps its two hidden layers.")
    expect_bias(answer)
    return "the loss gets the scores z and computes -log a_y without ever rounding a_y."


def _no_shift(z):
    e = np.exp(np.asarray(z, dtype=np.float64))
    return e / e.sum(axis=-1, keepdims=True)


def _one_sum(z):
    e = np.exp(np.asarray(z, dtype=np.float64) - np.max(z, axis=-1, keepdims=True))
    return e / e.sum()


# Two rows far apart: shifting both by the array's one maximum leaves the second row 0 / 0.
_FAR_ROWS = np.array([[1000.0, 999.0, 0.0], [-1000.0, -999.0, -1001.0]])


def _softmax_inputs() -> list[tuple[np.ndarray]]:
    rng = np.random.default_rng(10)
    return [
        (np.array([0.1, 2.1, -0.6, -0.3]),),
        (rng.normal(scale=3.0, size=(5, 4)),),
        (rng.normal(scale=2.0, size=(4, 4)),),
        (np.array([1000.0, 0.0, -1000.0]),),
        (_FAR_ROWS,),
        (rng.normal(scale=50.0, size=(3, 10)).astype(np.float32),),
    ]


_SOFTMAX_MISTAKES = [
    (
        lambda z: _softmax(z, axis=0),
        "for a 2-D input your probabilities add up to 1 down each column; each row is one sample's scores, "
        "so normalise along the last axis (axis=-1).",
    ),
    (
        _one_sum,
        "for a 2-D input you divide by the sum over the whole array; each row must add up to 1 on its own "
        "(sum along axis=-1, keepdims=True).",
    ),
    (
        _sigmoid,
        "that squashes each score on its own (a sigmoid); softmax divides by the sum over the row, so the "
        "probabilities add up to 1.",
    ),
]
_NO_SHIFT = (
    "right for small scores, but e^1000 overflows to inf and inf / inf is nan. Softmax does not change when "
    "the same number is subtracted from every score of a row: choose it so that no exponent is positive."
)
_ONE_SHIFT = (
    "you subtract one maximum for the whole array: a row whose scores all lie far below it underflows to "
    "0 / 0. Shift each row by its own maximum (keepdims=True)."
)


_NO_KEEPDIMS = (
    "right for one row of scores, but for a 2-D z, np.max(z, axis=-1) and e.sum(axis=-1) have shape (N,), "
    "which lines up with the columns, not the rows: pass keepdims=True so they stay (N, 1), one per row."
)


def _no_keepdims(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=-1))
    return e / e.sum(axis=-1)


def _keepdims_hint(function: Any) -> str | None:
    """The hint for a softmax right on 1-D scores that forgot keepdims=True on 2-D ones, or None."""
    one_row = np.array([0.1, 2.1, -0.6, -0.3])
    square = np.random.default_rng(11).normal(size=(4, 4))
    try:
        if not np.allclose(as_array(call(function, one_row)), _softmax(one_row)):
            return None
        got = as_array(call(function, square))
    except Hint:
        return None
    if got.shape == square.shape and np.allclose(got, _no_keepdims(square)):
        return _NO_KEEPDIMS
    try:
        call(function, np.random.default_rng(12).normal(size=(5, 4)))
    except Hint as hint:
        if "shape" in str(hint) or "broadcast" in str(hint):
            return _NO_KEEPDIMS
    return None


def _overflow_hint(function: Any) -> str | None:
    """The hint for a softmax right on small scores that breaks on huge ones, or None."""
    inputs = _softmax_inputs()
    small, large = inputs[:3], inputs[3:]
    if not all(
        np.allclose(as_array(call(function, *args)), _softmax(*args), rtol=1e-5, atol=1e-12) for args in small
    ):
        return None
    got = as_array(call(function, _FAR_ROWS))
    if (
        got.shape == _FAR_ROWS.shape
        and np.allclose(got[0], _softmax(_FAR_ROWS[0]))
        and np.isnan(got[1]).all()
    ):
        return _ONE_SHIFT
    if any(not np.all(np.isfinite(as_array(call(function, *args)))) for args in large):
        return _NO_SHIFT
    return None


@exercise(
    "10.3",
    "A softmax that never overflows",
    stars=2,
    where=(
        "the overflow cell: subtracting each row's own maximum, np.max(z, axis=-1, "
        "keepdims=True), leaves the softmax unchanged."
    ),
    example="z = [1000, 999] shifts to [0, -1]: e = [1, 0.368], and the softmax is [0.731, 0.269].",
)
def stable_softmax(function: Any) -> str | None:
    """Check ``function(z)``: the softmax of the last axis of ``z`` (1-D or 2-D), finite for huge scores.

    Example:
        >>> def naive(z):
        ...     e = np.exp(z)
        ...     return e / e.sum(axis=-1, keepdims=True)
        >>> stable_softmax(naive)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 10.3 ★★☆ A softmax that never overflows: not yet, right for small scores, but e^1000
        overflows to inf and inf / inf is nan. Softmax does not change when the same number is subtracted
        from every score of a row: choose it so that no exponent is positive.
    """
    with np.errstate(all="ignore"):
        try:
            expect_function(
                function,
                _softmax,
                _softmax_inputs(),
                mistakes=_SOFTMAX_MISTAKES,
                otherwise="exponentiate the shifted scores, then divide each by its row's sum.",
                rtol=1e-5,
                atol=1e-12,
                name="stable_softmax",
            )
        except Hint:
            hint = _keepdims_hint(function) or _overflow_hint(function)
            if hint is not None:
                raise Hint(hint) from None
            raise
    return "finite for any scores, and each row adds up to 1."


def _proba(logits, task):
    return _softmax(logits) if task == "multiclass" else _sigmoid(logits)


def _columns_proba(logits, task):
    return _softmax(logits, axis=0) if task == "multiclass" else _sigmoid(logits)


def _proba_inputs() -> list[tuple[np.ndarray, str]]:
    rng = np.random.default_rng(100)
    return [
        (rng.normal(scale=4.0, size=(8, 10)), "multiclass"),
        (rng.normal(scale=4.0, size=(5, 1)), "binary"),
        (rng.normal(scale=4.0, size=(6, 3)), "multilabel"),
        (rng.normal(scale=4.0, size=(3, 3)), "multiclass"),
        (rng.normal(scale=4.0, size=(4, 2)).astype(np.float32), "binary"),
    ]


@exercise(
    "10.4",
    "predict_proba by hand",
    stars=2,
    where=(
        "nnkit.predict_proba's rule in this lesson: softmax over each row for multiclass, a "
        "sigmoid per output otherwise."
    ),
    example=(
        "logits [[2, 0]]: as multiclass, softmax [0.881, 0.119]; as multilabel, sigmoids [0.881, "
        "0.5]."
    ),
)
def probabilities_from_logits(function: Any) -> str | None:
    """Check ``function(logits, task)``: softmax of each row for "multiclass", sigmoid otherwise.

    Example:
        >>> def slide(logits, task):
        ...     return 1 / (1 + np.exp(-logits))
        >>> probabilities_from_logits(slide)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 10.4 ★★☆ predict_proba by hand: not yet, that is the slide's tf.nn.sigmoid(logit) for
        every task: right for yes/no outputs, but a multiclass row must add up to 1.
    """
    with np.errstate(all="ignore"):
        expect_function(
            function,
            _proba,
            _proba_inputs(),
            mistakes=[
                (
                    lambda logits, task: _sigmoid(logits),
                    "that is the slide's tf.nn.sigmoid(logit) for every task: right for yes/no outputs, but "
                    "a multiclass row must add up to 1.",
                ),
                (
                    lambda logits, task: _softmax(logits),
                    "softmax for every task: a binary model's single output then always gets probability "
                    "1, and independent labels are forced to share. Yes/no outputs each get their own "
                    "probability.",
                ),
                (
                    lambda logits, task: _sigmoid(logits) if task == "multiclass" else _softmax(logits),
                    "the two cases are swapped: which function makes one distribution over exclusive "
                    "classes, and which gives each yes/no output its own probability?",
                ),
                (
                    _columns_proba,
                    "in the multiclass case your columns add up to 1; each row is one sample's scores, so "
                    "normalise along the last axis.",
                ),
                (
                    lambda logits, task: np.asarray(logits, dtype=np.float64),
                    "those are still the logits (any real numbers); probabilities lie between 0 and 1.",
                ),
            ],
            otherwise="softmax each row of logits for 'multiclass'; sigmoid every logit for 'binary' and "
            "'multilabel'.",
            rtol=1e-5,
            atol=1e-9,
            name="probabilities",
        )
    return "the same probabilities as nnkit.predict_proba."
