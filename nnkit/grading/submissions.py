"""Find the students' notebooks and say whose each is.

A submission is a notebook named by its student (``alice.ipynb``) or a folder per
student holding the lesson as the student edition names it
(``alice/04_loss_functions.ipynb``). A folder given on the command line is
searched for both; Jupyter's ``.ipynb_checkpoints`` are skipped.

Example:
    >>> student_name(Path("class/alice/04_loss_functions.ipynb")), student_name(Path("class/bob.ipynb"))
    ('alice', 'bob')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nnkit.grading.assignment import LESSON_FILE


@dataclass(frozen=True)
class Submission:
    student: str
    path: Path


def student_name(path: Path) -> str:
    """The student a notebook belongs to: its folder's name when the file is named after the lesson.

    nbgrader's layout, ``submitted/STUDENT/04_loss_functions/04_loss_functions.ipynb``, names the
    student two folders up.

    Example:
        >>> student_name(Path("submitted/ana/04_loss_functions/04_loss_functions.ipynb"))
        'ana'
    """
    if not LESSON_FILE.match(path.name):
        return path.stem
    folder = path.parent.parent if path.parent.name == path.stem else path.parent
    return folder.name or path.stem


def find_submissions(paths: list[Path]) -> list[Submission]:
    """Every notebook under ``paths`` (files or folders), one :class:`Submission` each, sorted by student.

    Raises ValueError for a path that does not exist or holds no notebook.
    """
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise ValueError(f"{path} does not exist; give student notebooks or folders of them.")
        if path.is_file():
            found.append(path)
            continue
        inside = [p for p in sorted(path.rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts]
        if not inside:
            raise ValueError(f"{path} holds no notebook (.ipynb); give student notebooks or folders of them.")
        found.extend(inside)
    submissions = [Submission(student_name(path), path) for path in found]
    return sorted(submissions, key=lambda s: (s.student, s.path.name))
