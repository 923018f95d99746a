"""What a student has done, read from saved notebooks: each exercise's latest verdict, per lesson.

A notebook saved by JupyterLab, VS Code or Colab keeps each cell's last output,
so the checker cell after an answer holds that exercise's latest verdict (the
line a :class:`~nnkit.exercises.feedback.Feedback` prints). An exercise whose
checker cell has no verdict (never run, outputs cleared, or an error) is "not
run". Notebooks are read as JSON text: nothing in them is executed or unpickled,
and neither TensorFlow nor Jupyter is imported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nnkit import arguments
from nnkit.exercises.feedback import CORRECT, INCORRECT, NOT_ATTEMPTED, stars_text

NOT_RUN = "not run"
_SYMBOLS = {CORRECT: "✅", INCORRECT: "❌", NOT_ATTEMPTED: "⏳", NOT_RUN: "··"}
_BY_SYMBOL = {"✅": CORRECT, "❌": INCORRECT, "⏳": NOT_ATTEMPTED}
_HEADING = re.compile(r"^###\s+Exercise\s+(\d\d\.\d+)\s+([★☆]+)\s+[—-]+\s+(.+?)\s*$", re.MULTILINE)
_VERDICT = re.compile(r"(✅|❌|⏳) Exercise (\d\d\.\d+) ")
_LESSON_TITLE = re.compile(r"^#\s+(Lesson\s+\d+.*?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class ExerciseProgress:
    """One exercise: its number, difficulty, title and latest verdict (a Feedback status or "not run")."""

    number: str
    stars: int
    title: str
    status: str

    def __str__(self) -> str:
        return f"{_SYMBOLS[self.status]} {self.number} {stars_text(self.stars)} {self.title}" + (
            " (not run)" if self.status == NOT_RUN else ""
        )


@dataclass(frozen=True)
class LessonProgress:
    """One saved notebook: its file name, title and exercises in the order the notebook has them."""

    notebook: str
    title: str
    exercises: list[ExerciseProgress] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(exercise.status == status for exercise in self.exercises)

    def __str__(self) -> str:
        head = f"{self.title} ({self.notebook}): {self.count(CORRECT)} of {len(self.exercises)} correct"
        return "\n".join([head, *(f"  {exercise}" for exercise in self.exercises)])


@dataclass(frozen=True)
class Progress:
    """Every lesson found in a folder, with totals; printing it gives the table a student reads.

    Example:
        >>> Progress("my_lessons", [])
        No lesson notebook with exercises in my_lessons.
    """

    folder: str
    lessons: list[LessonProgress]

    @property
    def totals(self) -> dict[str, int]:
        """How many exercises have each status, over every lesson."""
        return {status: sum(lesson.count(status) for lesson in self.lessons) for status in _SYMBOLS}

    def __str__(self) -> str:
        if not self.lessons:
            return f"No lesson notebook with exercises in {self.folder}."
        totals = self.totals
        done = sum(totals.values())
        summary = (
            f"Total: {totals[CORRECT]} of {done} correct, {totals[INCORRECT]} not yet, "
            f"{totals[NOT_ATTEMPTED]} not attempted, {totals[NOT_RUN]} not run."
        )
        return "\n\n".join([*(str(lesson) for lesson in self.lessons), summary])

    __repr__ = __str__


def progress(folder: Any) -> Progress:
    """Each exercise's latest verdict in the notebooks saved in ``folder`` (its subfolders too).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as empty:
        ...     print(progress(empty).totals)
        {'correct': 0, 'incorrect': 0, 'not attempted': 0, 'not run': 0}
    """
    where = "nnkit.exercises.progress"
    root = arguments.path(folder, "folder", where=where)
    if not root.is_dir():
        raise FileNotFoundError(
            f"{where}: folder {str(root)!r} is not a folder. Fix: pass the folder that holds your lesson "
            "notebooks, e.g. progress('my_lessons')."
        )
    notebooks = sorted(
        path for path in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts and path.is_file()
    )
    lessons = [lesson for lesson in (read_lesson(path, root) for path in notebooks) if lesson.exercises]
    return Progress(str(folder), lessons)


def read_lesson(path: Path, root: Path | None = None) -> LessonProgress:
    """The exercises of one saved notebook and their latest verdicts; a notebook that is not JSON has none."""
    name = str(path.relative_to(root)) if root is not None else path.name
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        return LessonProgress(name, path.stem)
    if not isinstance(cells, list):
        return LessonProgress(name, path.stem)
    title, headings, verdicts = path.stem, {}, {}
    for order, cell in enumerate(cell for cell in cells if isinstance(cell, dict)):
        source = _text(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            found = _LESSON_TITLE.search(source)
            if found and title == path.stem:
                title = found.group(1)
            for number, stars, heading in _HEADING.findall(source):
                headings[number] = (stars.count("★"), heading)
        elif cell.get("cell_type") == "code":
            run = cell.get("execution_count") or 0
            for symbol, number in _VERDICT.findall(_outputs_text(cell.get("outputs", []))):
                # The latest run wins: the cell run last, and within one cell its last verdict.
                if number not in verdicts or (run, order) >= verdicts[number][0]:
                    verdicts[number] = ((run, order), _BY_SYMBOL[symbol])
    exercises = [
        ExerciseProgress(number, stars, heading, verdicts.get(number, (None, NOT_RUN))[1])
        for number, (stars, heading) in headings.items()
    ]
    return LessonProgress(name, title, exercises)


def _text(value: Any) -> str:
    # nbformat keeps text either as one string or as a list of lines.
    if isinstance(value, list):
        return "".join(part for part in value if isinstance(part, str))
    return value if isinstance(value, str) else ""


def _outputs_text(outputs: Any) -> str:
    """The text a cell's outputs show: streams, results and displays (text/plain, or text/html as saved)."""
    parts = []
    for output in outputs if isinstance(outputs, list) else []:
        if not isinstance(output, dict):
            continue
        parts.append(_text(output.get("text", "")))
        data = output.get("data", {})
        if isinstance(data, dict):
            parts.append(_text(data.get("text/plain", "")) or _text(data.get("text/html", "")))
    return "\n".join(parts)
