"""nnkit progress FOLDER and nnkit.exercises.progress: the latest verdict of every exercise in saved
notebooks, as JupyterLab, VS Code and Colab save them."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from nnkit import exercises
from nnkit.cli import main
from nnkit.exercises.feedback import CORRECT, INCORRECT, NOT_ATTEMPTED
from nnkit.exercises.saved_progress import NOT_RUN

VERDICT = {
    CORRECT: "✅ Exercise {n} ★☆☆ T: correct, well done.",
    INCORRECT: "❌ Exercise {n} ★☆☆ T: not yet, compute z first.",
    NOT_ATTEMPTED: "⏳ Exercise {n} ★☆☆ T: not attempted yet, replace the ... in the cell above.",
}


def markdown(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}


def code(source, outputs=(), count=None):
    cell = {"cell_type": "code", "execution_count": count, "metadata": {}, "outputs": list(outputs)}
    return {**cell, "source": source}


def result(text, count, *, as_lines=False):
    """An execute_result as JupyterLab saves it (one string) or VS Code and Colab (a list of lines)."""
    data = [text] if as_lines else text
    output = {"output_type": "execute_result", "execution_count": count, "metadata": {}}
    return {**output, "data": {"text/plain": data}}


def exercise_cells(number, title, outputs, count=None):
    return [
        markdown(f"### Exercise {number} ★★☆ — {title}\n\nDo it."),
        code("a = ...  # YOUR CODE HERE"),
        code(f"check.thing_{number.replace('.', '_')}(a)", outputs, count),
    ]


def save(folder, name, cells, metadata=None):
    notebook = {"cells": cells, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": 5}
    (folder / name).write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def saved(tmp_path):
    """Three lessons saved three ways, with every kind of latest verdict."""
    save(
        tmp_path,
        "01_neuron.ipynb",  # JupyterLab: text/plain as one string
        [
            markdown("# Lesson 01 — The artificial neuron\n"),
            *exercise_cells("01.1", "By hand", [result(VERDICT[CORRECT].format(n="01.1"), 3)], 3),
            *exercise_cells("01.2", "AND", [result(VERDICT[INCORRECT].format(n="01.2"), 5)], 5),
            *exercise_cells("01.3", "Why", []),  # never run
        ],
    )
    line = VERDICT[NOT_ATTEMPTED].format(n="02.1") + "\n"
    printed = {"output_type": "stream", "name": "stdout", "text": [line]}
    failed = {"output_type": "error", "ename": "NameError", "evalue": "name 'w_after' is not defined"}
    save(
        tmp_path,
        "02_perceptron.ipynb",  # VS Code: lists of lines, a print instead of a result, an error
        [
            markdown("# Lesson 02 — The perceptron"),
            *exercise_cells("02.1", "NAND", [printed], 2),
            *exercise_cells("02.2", "One update", [failed], 4),
        ],
        metadata={"vscode": {"interpreter": {"hash": "x"}}},
    )
    earlier = result(VERDICT[INCORRECT].format(n="03.1"), 7, as_lines=True)
    colab = exercise_cells("03.1", "Scores", [earlier], 7)
    rerun = code("check.thing_03_1(a)", [result(VERDICT[CORRECT].format(n="03.1"), 9, as_lines=True)], 9)
    save(
        tmp_path,
        "03_images.ipynb",  # Colab: an earlier wrong try, then a later right one in a second cell
        [markdown("# Lesson 03 — Images"), *colab, rerun],
        metadata={"colab": {"provenance": []}},
    )
    (tmp_path / ".ipynb_checkpoints").mkdir()
    save(tmp_path / ".ipynb_checkpoints", "01_neuron-checkpoint.ipynb", exercise_cells("01.1", "Old", []))
    (tmp_path / "notes.ipynb").write_text("not a notebook")
    return tmp_path


def test_progress_reads_each_exercises_latest_verdict(saved):
    found = exercises.progress(saved)
    statuses = {e.number: e.status for lesson in found.lessons for e in lesson.exercises}
    assert statuses == {
        "01.1": CORRECT,
        "01.2": INCORRECT,
        "01.3": NOT_RUN,
        "02.1": NOT_ATTEMPTED,
        "02.2": NOT_RUN,
        "03.1": CORRECT,
    }
    names = [lesson.notebook for lesson in found.lessons]
    assert names == ["01_neuron.ipynb", "02_perceptron.ipynb", "03_images.ipynb"]
    assert found.totals == {CORRECT: 2, INCORRECT: 1, NOT_ATTEMPTED: 1, NOT_RUN: 2}


def test_progress_prints_per_lesson_with_totals(saved):
    shown = repr(exercises.progress(saved))
    assert "Lesson 01 — The artificial neuron (01_neuron.ipynb): 1 of 3 correct" in shown
    assert "  ✅ 01.1 ★★☆ By hand" in shown and "  ❌ 01.2 ★★☆ AND" in shown
    assert "01.3 ★★☆ Why (not run)" in shown and "⏳ 02.1" in shown
    assert shown.endswith("Total: 2 of 6 correct, 1 not yet, 1 not attempted, 2 not run.")


def test_the_committed_lessons_are_all_correct():
    found = exercises.progress("lessons")
    assert len(found.lessons) == 15 and found.totals[CORRECT] == sum(found.totals.values()) >= 45


def test_the_student_edition_before_any_run_is_all_not_run(tmp_path):
    result = CliRunner().invoke(main, ["lessons", str(tmp_path / "mine"), "--student"])
    assert result.exit_code == 0, result.output
    found = exercises.progress(tmp_path / "mine")
    assert len(found.lessons) == 15 and found.totals[NOT_RUN] == sum(found.totals.values())


def test_progress_explains_a_folder_that_is_not_there(tmp_path):
    with pytest.raises(FileNotFoundError, match="Fix: pass the folder"):
        exercises.progress(tmp_path / "nowhere")
    with pytest.raises(TypeError, match="folder must be a file path"):
        exercises.progress(3)


def test_the_command_prints_the_table(saved):
    result = CliRunner().invoke(main, ["progress", str(saved)])
    assert result.exit_code == 0, result.output
    assert "Total: 2 of 6 correct" in result.output


@pytest.mark.parametrize("make", ["missing", "file"])
def test_the_command_explains_a_bad_folder_in_one_paragraph(tmp_path, make):
    target = tmp_path / "x"
    if make == "file":
        target.write_text("")
    result = CliRunner().invoke(main, ["progress", str(target)])
    assert result.exit_code == 1 and "FOLDER" in result.output and "Fix:" in result.output
    assert "Traceback" not in result.output


def test_the_command_does_not_import_tensorflow(saved):
    script = (
        "import sys\nfrom click.testing import CliRunner\nfrom nnkit.cli import main\n"
        f"r = CliRunner().invoke(main, ['progress', {str(saved)!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, 'heavy import'\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
