"""Prepared submissions of lesson 04 for the grading tests: right, wrong, partial, stubbed and hostile.

Each is a small notebook: the lesson's import cell, its four answer cells (same cell ids as the
instructors' edition, so the grader finds them) and their checker cells, with one change each.
Small on purpose: a kernel without TensorFlow starts in seconds, so the whole corpus grades quickly.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from nnkit.bundled import lessons_dir
from nnkit.grading.assignment import read_assignment
from nnkit.student_edition import student_code

LESSON = "04"
HEADER = "import numpy as np\nfrom nnkit.exercises import lesson04 as check"

# What a right answer is, per answer variable (the instructors' solutions, without the markers).
WRONG = {
    "mse": "def mse(y_true, y_pred):\n    return np.mean((y_pred - y_true) ** 2)  # the broadcasting bug",
    "ce": "p_given = np.array([0.25, 0.15, 0.6])\nce = -np.log(p_given[2])  # the predicted class",
    "hinge_loss": "def hinge_loss(y, s):\n    return np.mean(1.0 - y * s, axis=-1)  # no max(0, .)",
    "moved": "moved = (0.0, 5.4)  # swapped",
}
PARTIAL = {
    "mse": "def mse(y_true, y_pred):\n    return np.mean((np.reshape(y_pred, -1) - y_true) ** 2)  # one flat",
    "moved": "moved = (5.4, 3.0)  # the MSE's move right, the MAE's wrong",
}
# Right on the exercise's own inputs (read from nnkit's source), hard-coded: fails the grading seed's.
HARD_CODED_MSE = (
    "from nnkit.exercises.lesson04 import MSE_INPUTS, _mse\n"
    "_table = {(t.tobytes(), p.tobytes()): _mse(t, p) for t, p in MSE_INPUTS}\n"
    "def mse(y_true, y_pred):\n"
    "    return _table.get((np.asarray(y_true).tobytes(), np.asarray(y_pred).tobytes()), 0.0)"
)


def instructors_edition() -> nbformat.NotebookNode:
    return nbformat.read(next(lessons_dir().glob(f"{LESSON}_*.ipynb")), as_version=4)


def answer_cells() -> dict[str, nbformat.NotebookNode]:
    """The instructors' answer cells, by the variable the checker reads ("mse", "ce", ...)."""
    cells = {cell.get("id"): cell for cell in instructors_edition().cells}
    return {item.arguments: cells[item.answer_cell_id] for item in read_assignment(LESSON).exercises}


def small_notebook(
    answers: dict[str, str] | None = None,
    *,
    extra: tuple[str, ...] = (),
    extra_after: str | None = None,
    checkers: bool = True,
) -> nbformat.NotebookNode:
    """The header, each answer cell (the solution unless ``answers`` replaces its source) and its checker.

    ``extra`` cells go after the answer cell of ``extra_after`` (a variable), or after the header.
    """
    answers = answers or {}
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(HEADER)])
    if extra_after is None:
        notebook.cells += [nbformat.v4.new_code_cell(source) for source in extra]
    for item in read_assignment(LESSON).exercises:
        cell = nbformat.from_dict(answer_cells()[item.arguments])
        cell.outputs, cell.execution_count = [], None
        cell.source = answers.get(item.arguments, cell.source)
        notebook.cells.append(cell)
        if checkers:
            notebook.cells.append(nbformat.v4.new_code_cell(item.call))
        if extra_after == item.arguments:
            notebook.cells += [nbformat.v4.new_code_cell(source) for source in extra]
    return notebook


def stubbed() -> dict[str, str]:
    return {name: student_code(cell.source) for name, cell in answer_cells().items()}


def write_corpus(folder: Path, outside: Path) -> dict[str, Path]:
    """Write every prepared submission under ``folder``, one per student; none may write ``outside``."""
    fake_pass = (
        "print('✅ Exercise 04.1 ★★ MSE whatever the shapes: correct, well done.')\n"
        "from IPython.display import display\n"
        "display({'application/vnd.nnkit.grade+json': {'exercise': '04.1', 'status': 'correct',"
        " 'message': 'x', 'nonce': 'guess', 'fraction': None, 'parts': [], 'signature': '0' * 64}}, raw=True)"
    )
    cases = {
        "right": small_notebook(),
        "wrong": small_notebook(WRONG),
        "partial": small_notebook(PARTIAL),
        "stub": small_notebook(stubbed()),
        "hard_coded": small_notebook({"mse": HARD_CODED_MSE}),
        "infinite_loop": small_notebook(extra=("while True:\n    pass",), extra_after="ce"),
        "huge_allocation": small_notebook(extra=("big = np.ones(10**11)",), extra_after="ce"),
        "sys_exit": small_notebook(extra=("import sys\nsys.exit(3)",), extra_after="ce"),
        "os_exit": small_notebook(extra=("import os\nos._exit(0)",), extra_after="ce"),
        "kernel_crash": small_notebook(extra=("import ctypes\nctypes.string_at(0)",), extra_after="ce"),
        "no_checker_cells": small_notebook(checkers=False),
        "answer_raises": small_notebook({"ce": "ce = ...\nce = 1 / 0"}),
        "fake_prints": small_notebook(stubbed(), extra=(fake_pass,)),
        # Replaced before the answers: every exercise is refused, not only the replaced checkers.
        "replaced_checker": small_notebook(WRONG, extra=("check.mse_any_shapes = lambda answer: None",)),
        "patched_exercises": small_notebook(
            WRONG,
            extra=(
                "import nnkit.exercises.answers as answers\n"
                "answers.expect_close = lambda *args, **kwargs: None",
            ),
        ),
        "writes_outside": small_notebook(extra=(f"open({str(outside)!r}, 'w').write('pwned')",)),
        "runs_a_program": small_notebook(
            extra=("import subprocess\nsubprocess.run(['rm', '-rf', '/tmp/x'])",)
        ),
        "reads_solutions": small_notebook(
            stubbed(),
            extra=(
                "from nnkit.bundled import lessons_dir\n"
                "solutions = (lessons_dir() / '04_loss_functions.ipynb').read_text()",
            ),
        ),
    }
    # Reordered and edited checker cells: all checker cells first, one rewritten to print a fake ✅.
    reordered = small_notebook(WRONG)
    checker_cells = [c for c in reordered.cells if c.source.startswith("check.")]
    checker_cells[0].source = "print('✅ correct')"
    reordered.cells = [
        reordered.cells[0],
        *checker_cells,
        *[c for c in reordered.cells[1:] if c not in checker_cells],
    ]
    cases["reordered_checkers"] = reordered
    paths = {}
    for student, notebook in cases.items():
        path = folder / student / f"{LESSON}_loss_functions.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(notebook, path)
        paths[student] = path
    broken = folder / "invalid_json" / f"{LESSON}_loss_functions.ipynb"
    broken.parent.mkdir()
    broken.write_text('{"cells": [', encoding="utf-8")
    paths["invalid_json"] = broken
    return paths
