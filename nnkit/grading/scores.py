"""From a run's verdicts to scores: points per exercise, partial credit, and the reason for each.

Example:
    >>> from nnkit.grading.assignment import Exercise
    >>> item = Exercise("04.4", "Which optimum moves", 2, "check.optimum_moves(moved)", "moved", None)
    >>> score_exercise(item, {"status": "incorrect", "message": "swap them.", "fraction": 0.5,
    ...                       "parts": ["right: a", "not yet: b"]}, None).score
    1.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nnkit.grading.assignment import Exercise

STATUSES = ("correct", "partly correct", "incorrect", "not attempted", "not graded")


@dataclass(frozen=True)
class ExerciseScore:
    number: str
    title: str
    points: float
    score: float
    status: str  # one of STATUSES
    message: str  # the checker's hint, or why it was not graded (never the grader's hidden inputs)
    hint: str = ""  # the checker's own sentence alone, for counting the class's frequent mistakes


def score_exercise(exercise: Exercise, verdict: dict[str, Any] | None, stopped: str | None) -> ExerciseScore:
    """The score of one exercise from its signed verdict (None: its check never reported)."""

    def result(score: float, status: str, message: str) -> ExerciseScore:
        hint = str(verdict.get("message", "")) if verdict else ""
        return ExerciseScore(
            exercise.number, exercise.title, exercise.points, round(score, 4), status, message, hint
        )

    if verdict is None:
        why = stopped or "its check did not run to the end (a cell before it ran past its time limit)"
        return result(0.0, "not graded", f"not graded: {why}.")
    status, message = verdict.get("status"), str(verdict.get("message", ""))
    if status == "tampered":
        return result(0.0, "not graded", f"{message}; the checker was replaced in your notebook, not graded.")
    if status == "correct":
        return result(exercise.points, "correct", message)
    if status == "not attempted":
        return result(0.0, "not attempted", message)
    fraction = verdict.get("fraction")
    if isinstance(fraction, (int, float)) and 0 < fraction < 1:
        parts = "; ".join(verdict.get("parts", []))
        return result(
            exercise.points * fraction,
            "partly correct",
            f"{message} Partial credit, {fraction:.0%} of the points ({parts}).",
        )
    return result(0.0, "incorrect", message)
