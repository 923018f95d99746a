"""Partial credit: the parts of an exercise that has several, each judged by the checker itself.

An exercise listed here earns a share of its points when the whole answer is not
correct but some parts are: each part is tested by calling the exercise's own
checker with that part of the student's answer and the reference for the rest.

Example:
    >>> partial_credit("04.4", (5.4, 3.0))  # the MSE's move right, the MAE's wrong
    (0.5, ["right: how far the MSE's best constant moves", "not yet: how far the MAE's best constant moves"])
    >>> partial_credit("01.1", 0.5)
    (None, [])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np


class Part(NamedTuple):
    label: str
    weight: float
    passes: Callable[..., bool]  # the checker's verdict on this part, given the checker's arguments


def _pair(answer: Any) -> np.ndarray:
    return np.asarray(answer, dtype=np.float64).reshape(2)


def _moves() -> tuple[float, float]:
    from nnkit.exercises.lesson04 import MISTYPED, TARGETS

    clean = np.asarray(TARGETS)
    typo = np.append(clean[:-1], MISTYPED)
    return float(abs(typo.mean() - clean.mean())), float(abs(np.median(typo) - np.median(clean)))


def _optimum_moves_part(index: int) -> Callable[[Any], bool]:
    def passes(moved: Any) -> bool:
        from nnkit.exercises.lesson04 import optimum_moves

        answer = list(_moves())
        answer[index] = _pair(moved)[index]
        return optimum_moves(tuple(answer)).correct

    return passes


def _mse_on(shapes: str) -> Callable[[Any], bool]:
    def passes(function: Any) -> bool:
        from nnkit.exercises.answers import expect_function
        from nnkit.exercises.feedback import Hint, NotAttempted
        from nnkit.exercises.lesson04 import MSE_INPUTS, _mse

        same = [(t, p) for t, p in MSE_INPUTS if (np.ndim(t) == np.ndim(p)) == (shapes == "same")]
        try:
            expect_function(function, _mse, same, otherwise="", name="mse")
        except (Hint, NotAttempted):
            return False
        return True

    return passes


PARTS: dict[str, list[Part]] = {
    "04.1": [
        Part("the MSE of two arrays of the same shape", 0.5, _mse_on("same")),
        Part("the MSE of an (N,) array and an (N, 1) column", 0.5, _mse_on("mixed")),
    ],
    "04.4": [
        Part("how far the MSE's best constant moves", 0.5, _optimum_moves_part(0)),
        Part("how far the MAE's best constant moves", 0.5, _optimum_moves_part(1)),
    ],
}


def partial_credit(number: str, *args: Any) -> tuple[float | None, list[str]]:
    """The share of exercise ``number``'s points its parts earn (None: it has no parts), and what each got.

    ``args`` are the arguments the checker was called with; a part whose test raises earns nothing.
    """
    parts = PARTS.get(number)
    if not parts:
        return None, []
    earned, labels = 0.0, []
    for part in parts:
        try:
            passed = bool(part.passes(*args))
        except Exception:  # an answer too broken to split into parts
            passed = False
        earned += part.weight if passed else 0.0
        labels.append(f"{'right' if passed else 'not yet'}: {part.label}")
    return round(earned, 6), labels
