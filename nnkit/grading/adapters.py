"""Scores in the formats other graders read: Gradescope's and PrairieLearn's ``results.json``.

- Gradescope (autograder specification): ``score``, ``output``, ``tests[]`` with ``name``,
  ``number``, ``score``, ``max_score``, ``status``, ``visibility`` and ``output``.
- PrairieLearn's external grader: ``gradable``, ``score`` (0 to 1), ``message``, ``output``,
  ``tests[]`` with ``name``, ``points``, ``max_points``, ``message`` and ``output``.

The texts are the checkers' hints and the grader's notes; never the grading-time inputs.

Example:
    >>> from nnkit.grading.grader import SubmissionResult
    >>> from nnkit.grading.scores import ExerciseScore
    >>> result = SubmissionResult("ana", Path("ana.ipynb"), "04",
    ...                           [ExerciseScore("04.2", "CE", 1, 1, "correct", "well done.")])
    >>> gradescope_results(result)["tests"][0]["status"], prairielearn_results(result)["score"]
    ('passed', 1.0)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nnkit.grading.grader import SubmissionResult


def _notes(result: SubmissionResult) -> str:
    return "\n".join(result.notes)


def gradescope_results(result: SubmissionResult) -> dict[str, Any]:
    """Gradescope's ``results.json`` for one graded notebook."""
    return {
        "score": result.total,
        "output": _notes(result) or f"{result.path.name}: graded by nnkit.",
        "visibility": "visible",
        "stdout_visibility": "hidden",  # the notebook's own prints stay out of the feedback
        "tests": [
            {
                "name": f"Exercise {item.number}: {item.title}",
                "number": item.number,
                "score": item.score,
                "max_score": item.points,
                "status": "passed" if item.status == "correct" else "failed",
                "visibility": "visible",
                "output": f"{item.status}. {item.message}",
            }
            for item in result.scores
        ],
    }


def prairielearn_results(result: SubmissionResult) -> dict[str, Any]:
    """PrairieLearn's ``results.json`` (external grader) for one graded notebook."""
    gradable = bool(result.scores)
    return {
        "gradable": gradable,
        "score": round(result.total / result.maximum, 6) if result.maximum else 0.0,
        "message": _notes(result) or "Graded by nnkit.",
        "output": _notes(result),
        "tests": [
            {
                "name": f"Exercise {item.number}: {item.title}",
                "points": item.score,
                "max_points": item.points,
                "message": f"{item.status}. {item.message}",
                "output": "",
            }
            for item in result.scores
        ],
    }


def write_json(results: dict[str, Any], path: Path) -> None:
    """Write ``results`` as UTF-8 JSON (the folder is created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
