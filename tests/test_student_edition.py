"""The student edition: solutions stubbed, answers hidden, and every lesson runs headless to the end."""

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import run_lessons  # noqa: E402

from nnkit import student_edition  # noqa: E402
from nnkit.claims import STRICT_VARIABLE  # noqa: E402

LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))


def test_code_solutions_become_stubs_and_keep_the_lines_around_them():
    source = "a = ...  # your answer\n### BEGIN SOLUTION\na = 0.4013\n### END SOLUTION\nprint('done')"
    assert student_edition.student_code(source) == "a = ...  # your answer\n# YOUR CODE HERE\nprint('done')"


def test_a_function_body_that_was_all_solution_still_parses():
    source = "def f(z):\n    ### BEGIN SOLUTION\n    return z\n    ### END SOLUTION"
    stub = student_edition.student_code(source)
    assert stub == "def f(z):\n    ...  # YOUR CODE HERE"
    namespace = {}
    exec(stub, namespace)
    assert namespace["f"](1) is None  # the checker reads None as "not attempted yet"


def test_unbalanced_markers_are_refused():
    with pytest.raises(ValueError, match="without"):
        student_edition.strip_solutions("### BEGIN SOLUTION\nx = 1\n", None)
    with pytest.raises(ValueError, match="without"):
        student_edition.strip_solutions("x = 1\n### END SOLUTION\n", None)


def test_solution_markdown_is_dropped_and_checker_outputs_cleared():
    notebook = nbformat.v4.new_notebook()
    answer = nbformat.v4.new_code_cell("a = ...\n### BEGIN SOLUTION\na = 1\n### END SOLUTION")
    answer.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    checker = nbformat.v4.new_code_cell("check.neuron_output(a)")
    checker.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "✅ correct"})]
    notebook.cells = [
        nbformat.v4.new_markdown_cell("### Exercise 01.1"),
        answer,
        checker,
        nbformat.v4.new_markdown_cell("### BEGIN SOLUTION\nWhy: because.\n### END SOLUTION"),
        nbformat.v4.new_markdown_cell("Keep.\n### BEGIN SOLUTION\nWhy.\n### END SOLUTION"),
    ]
    student = student_edition.student_edition(notebook)
    assert [cell.source for cell in student.cells] == [
        "### Exercise 01.1",
        "a = ...\n# YOUR CODE HERE",
        "check.neuron_output(a)",
        "Keep.",
    ]
    assert student.cells[1].outputs == [] and student.cells[2].outputs == []
    assert notebook.cells[1].outputs, "the instructors' notebook is left as it was"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_student_edition_runs_headless_with_every_exercise_not_attempted(path, monkeypatch):
    monkeypatch.setenv(STRICT_VARIABLE, "0")
    notebook = student_edition.student_edition(nbformat.read(path, as_version=4))
    assert "### BEGIN SOLUTION" not in "".join(cell.source for cell in notebook.cells)
    failure = run_lessons.execute(notebook, folder=path.parent, timeout=300)
    assert failure is None, f"student edition of {path.name}: {failure}"
    verdicts = [
        "".join(output.get("data", {}).get("text/plain", ""))
        for cell in notebook.cells
        if cell.cell_type == "code" and student_edition.CHECKER_CALL.search(cell.source)
        for output in cell.outputs
    ]
    assert len(verdicts) >= 3, "at least three exercises, each checked"
    assert all("not attempted yet" in verdict for verdict in verdicts), verdicts
