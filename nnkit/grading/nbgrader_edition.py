"""The lessons as nbgrader sources: solution, locked and grade cells, with nnkit's points and partial credit.

    nnkit lessons course --nbgrader     (then: cd course; nbgrader generate_assignment 04_loss_functions)

Each lesson becomes ``source/NN_name/NN_name.ipynb`` in nbgrader's course layout:

- an answer cell (the one with ``### BEGIN SOLUTION``) is a solution cell, ``grade_id`` ``answer_04_1``;
- its checker cell is a locked grade cell worth the exercise's points, ``grade_id`` ``check_04_1``: it
  runs the checker and shows its result as a number, the points earned, which nbgrader reads as
  partial credit (see :func:`nnkit.grading.nbgrader_cells.points`);
- every other cell is locked, so autograde restores it; markdown inside solution markers is dropped.

The notebooks ask for the kernel ``nnkit``: install it once where nnkit is installed, with
``python -m ipykernel install --user --name nnkit``, so autograde runs them with nnkit.

Example:
    >>> notebook = nbgrader_edition(read_lesson("04"), read_assignment("04"))
    >>> grade = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade"))
    >>> grade.metadata.nbgrader["grade_id"], grade.metadata.nbgrader["points"]
    ('check_04_1', 2.0)
"""

from __future__ import annotations

import nbformat

from nnkit.grading.assignment import Assignment, lesson_path, read_assignment
from nnkit.student_edition import BEGIN, strip_solutions

# nbgrader's 30 s per cell is too short for TensorFlow's first import on a slow laptop.
NBGRADER_CONFIG = """c = get_config()  # noqa: F821 (nbgrader defines it)
c.ExecutePreprocessor.timeout = 300
"""
KERNEL = {"name": "nnkit", "display_name": "Python 3 (nnkit)", "language": "python"}


def read_lesson(lesson: str) -> nbformat.NotebookNode:
    """The instructors' edition of lesson ``lesson`` ("04")."""
    return nbformat.read(lesson_path(lesson), as_version=4)


def _metadata(grade_id: str, *, solution: bool = False, grade: bool = False, points: float = 0.0) -> dict:
    data = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
    }
    if grade:
        data["points"] = float(points)
    return data


def grade_source(call: str, points: float, arguments: str) -> str:
    """A grade cell: the checker call, its verdict printed and the points earned as the cell's result.

    Example:
        >>> print(grade_source("check.optimum_moves(moved)", 2, "moved"))
        from nnkit.grading.nbgrader_cells import points
        points(check.optimum_moves(moved), 2.0, moved)
    """
    return f"from nnkit.grading.nbgrader_cells import points\npoints({call}, {float(points)}, {arguments})"


def nbgrader_edition(notebook: nbformat.NotebookNode, assignment: Assignment) -> nbformat.NotebookNode:
    """The nbgrader source of one lesson (a new notebook; the input is left as it was)."""
    notebook = nbformat.from_dict(notebook)
    by_answer = {item.answer_cell_id: item for item in assignment.exercises}
    by_call = {item.call: item for item in assignment.exercises}
    cells = []
    for index, cell in enumerate(notebook.cells):
        number = None
        if cell.cell_type == "markdown" and BEGIN in cell.source:
            cell.source = strip_solutions(cell.source, None).strip()
            if not cell.source:
                continue
        if cell.cell_type == "code" and cell.source.strip() in by_call:
            item = by_call[cell.source.strip()]
            number = item.number.replace(".", "_")
            cell.source = grade_source(item.call, item.points, item.arguments)
            cell.outputs, cell.execution_count = [], None
            cell.metadata["nbgrader"] = _metadata(f"check_{number}", grade=True, points=item.points)
        elif cell.cell_type == "code" and cell.get("id") in by_answer and BEGIN in cell.source:
            number = by_answer[cell["id"]].number.replace(".", "_")
            cell.outputs, cell.execution_count = [], None
            cell.metadata["nbgrader"] = _metadata(f"answer_{number}", solution=True)
        else:
            cell.metadata["nbgrader"] = _metadata(f"locked_{index:03d}")
        cells.append(cell)
    notebook.cells = cells
    notebook.metadata["kernelspec"] = dict(KERNEL)
    return notebook


def lesson_names(lessons: list[str]) -> dict[str, str]:
    """Each lesson's file stem ("04_loss_functions"), the nbgrader assignment's name."""
    return {lesson: lesson_path(lesson).stem for lesson in lessons}


def write_course(destination, lessons: list[str]) -> list:
    """Write ``source/NAME/NAME.ipynb`` for each lesson into the nbgrader course folder ``destination``."""
    from pathlib import Path

    config = Path(destination) / "nbgrader_config.py"
    if not config.exists():
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(NBGRADER_CONFIG, encoding="utf-8")
    written = []
    for lesson, name in lesson_names(lessons).items():
        target = Path(destination) / "source" / name / f"{name}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbgrader_edition(read_lesson(lesson), read_assignment(lesson)), target)
        written.append(target)
    return written
