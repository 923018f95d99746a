"""Grade a class: every submission in its own sandbox and kernel, in parallel, into one result per student.

Example (one function call per submission; ``nnkit grade`` calls :func:`grade_class`)::

    results = grade_class([Path("submissions")], lesson=None, config=GradingConfig(), workers=2)
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nnkit.grading.assignment import read_assignment, which_lesson
from nnkit.grading.config import GradingConfig
from nnkit.grading.scores import ExerciseScore, score_exercise
from nnkit.grading.submissions import Submission, find_submissions


@dataclass
class SubmissionResult:
    student: str
    path: Path
    lesson: str | None
    scores: list[ExerciseScore] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(sum(item.score for item in self.scores), 4)

    @property
    def maximum(self) -> float:
        return round(sum(item.points for item in self.scores), 4)


def grade_submission(
    submission: Submission,
    *,
    lesson: str | None,
    config: GradingConfig,
    grading_seed: int | None,
    forbidden: tuple[Path, ...] = (),
) -> SubmissionResult:
    """Grade one notebook; never raises for anything inside it (that becomes a score and a note)."""
    import nbformat

    from nnkit.grading.execute import run_submission

    text = submission.path.read_text(encoding="utf-8", errors="replace")
    lesson = lesson or which_lesson(submission.path, text)
    result = SubmissionResult(submission.student, submission.path, lesson)
    if lesson is None:
        result.notes.append(
            f"{submission.path.name}: cannot tell which lesson this is; name the file like "
            "04_loss_functions.ipynb or grade it with --lesson 04."
        )
        return result
    assignment = read_assignment(lesson, config.points)
    try:
        notebook = nbformat.reads(text, as_version=4)
        stopped = None
    except Exception as error:  # not JSON, or not a notebook: every exercise is ungraded, with the reason
        notebook, stopped = (
            None,
            (
                f"{submission.path.name} is not a notebook Jupyter can open "
                f"({type(error).__name__}); open it in Jupyter, save it and submit it again"
            ),
        )
    verdicts = {}
    if notebook is not None:
        run = run_submission(notebook, assignment, config, grading_seed=grading_seed, forbidden=forbidden)
        verdicts, stopped = run.verdicts, run.stopped
        result.notes.extend(run.notes)
    if stopped:
        result.notes.append(f"{stopped}.")
    result.scores = [
        score_exercise(item, verdicts.get(item.number), stopped) for item in assignment.exercises
    ]
    return result


def _holds_python(folder: Path) -> bool:
    """Whether ``folder`` holds the Python or the nnkit the kernel runs (so it cannot be refused)."""
    import sys

    import nnkit

    needed = [Path(sys.prefix).resolve(), Path(nnkit.__file__).resolve()]
    return any(path == folder or folder in path.parents for path in needed)


def grade_class(
    paths: list[Path],
    *,
    lesson: str | None,
    config: GradingConfig,
    grading_seed: int | None = None,
    workers: int = 1,
    forbidden: tuple[Path, ...] = (),
    progress: Callable[[SubmissionResult], None] | None = None,
) -> list[SubmissionResult]:
    """Grade every notebook under ``paths``, ``workers`` at a time, in student order.

    ``forbidden`` folders (the grader's output, the submissions themselves) are refused to the
    student's code on top of the instructors' edition; ``progress`` is called after each one.
    """
    submissions = find_submissions(paths)
    forbidden = tuple(forbidden) + tuple(
        sorted(
            folder for folder in {s.path.resolve().parent for s in submissions} if not _holds_python(folder)
        )
    )
    options = dict(lesson=lesson, config=config, grading_seed=grading_seed, forbidden=forbidden)
    results: dict[Submission, SubmissionResult] = {}
    # Processes, not threads: each submission's kernel client gets an interpreter of its own.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(grade_submission, item, **options): item for item in submissions}
        for future in concurrent.futures.as_completed(futures):
            item = futures[future]
            try:
                results[item] = future.result()
            except Exception as error:  # the grader's own failure on one notebook must not stop the class
                results[item] = SubmissionResult(
                    item.student,
                    item.path,
                    lesson,
                    notes=[f"the grader failed on this notebook ({error!r})."],
                )
            if progress is not None:
                progress(results[item])
    return [results[item] for item in submissions]
