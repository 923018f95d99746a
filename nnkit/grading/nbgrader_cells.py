"""What an nbgrader grade cell of the nnkit lessons calls: the points an exercise's verdict earns.

nbgrader reads a grade cell's result, when it is a number, as the points earned (partial credit);
an error or a stderr line scores 0. So the cell prints the checker's verdict and ends with the
points, the same that ``nnkit grade`` gives (its partial credit included).

Example:
    >>> from nnkit.exercises import lesson04
    >>> points(lesson04.optimum_moves((5.4, 3.0)), 2.0, (5.4, 3.0))  # doctest: +ELLIPSIS
    ❌ Exercise 04.4 ★★☆ Which optimum moves: MSE vs MAE with an outlier: not yet, ...
    1.0
"""

from __future__ import annotations

from typing import Any

from nnkit.grading.parts import partial_credit


def points(verdict: Any, maximum: float, *arguments: Any) -> float:
    """Print ``verdict`` (a Feedback) and return the points it earns out of ``maximum``."""
    print(verdict)
    if verdict.correct:
        return float(maximum)
    if verdict.status == "incorrect":
        fraction, _ = partial_credit(verdict.exercise, *arguments)
        if fraction:
            return round(float(maximum) * fraction, 4)
    return 0.0
