"""nnkit grade on prepared submissions of lesson 04: right, wrong, partial, stubbed and hostile.

One `nnkit grade` run over the whole corpus (tests/grading_corpus.py), two workers, short limits;
each test reads its student's row, feedback and notes. Every hostile notebook gets a score with its
reason, and the others keep theirs.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import grading_corpus
import nbformat
import pytest
from click.testing import CliRunner
from test_grading import GRADESCOPE_TEST, GRADESCOPE_TOP, _documented

from nnkit.cli import main
from nnkit.grading.gradescope import autograder_zip

FULL = {"04.1": "2", "04.2": "1", "04.3": "2", "04.4": "2"}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("grading")
    outside = root / "outside.txt"
    grading_corpus.write_corpus(root / "class", outside)
    config = root / "grading.toml"
    config.write_text("[limits]\ncell_seconds = 10\nsubmission_seconds = 90\nmemory_mb = 3072\n")
    result = CliRunner().invoke(
        main,
        [
            "grade",
            str(root / "class"),
            "--out",
            str(root / "out"),
            "--workers",
            "2",
            "--config",
            str(config),
            "--grading-seed",
            "2026",
        ],
    )
    assert result.exit_code == 0, result.output
    with (root / "out" / "grades.csv").open(encoding="utf-8") as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    return root, rows


def scores(rows, student):
    return {number: rows[student][number] for number in FULL}


def feedback(root, student):
    return (root / "out" / "feedback" / f"{student}.md").read_text(encoding="utf-8")


def test_right_wrong_partial_and_stubbed_answers(graded):
    root, rows = graded
    assert scores(rows, "right") == FULL and rows["right"]["total"] == "7" and rows["right"]["notes"] == ""
    assert scores(rows, "no_checker_cells") == FULL  # the grader runs its own checker calls
    assert scores(rows, "stub") == {"04.1": "0", "04.2": "0", "04.3": "0", "04.4": "0"}
    assert "not attempted" in feedback(root, "stub")
    # The broadcasting bug is right for same-shaped arrays only: half of 04.1's points, said so.
    assert scores(rows, "wrong") == {"04.1": "1", "04.2": "0", "04.3": "0", "04.4": "0"}
    text = feedback(root, "wrong")
    assert "the loss looks at the true class" in text and "the two distances are swapped" in text
    assert scores(rows, "partial")["04.4"] == "1"
    assert "right: how far the MSE's best constant moves" in feedback(root, "partial")
    # The reordered notebook runs its checker cells before its answers, one edited to print a fake ✅.
    assert scores(rows, "reordered_checkers") == scores(rows, "wrong")


def test_the_summary_counts_who_got_each_exercise_and_the_frequent_hints(graded):
    root, _ = graded
    summary = (root / "out" / "summary.md").read_text(encoding="utf-8")
    assert "20 students, 20 notebooks." in summary
    assert "× the two distances are swapped" in summary
    assert (
        (root / "out" / "feedback" / "right.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    )


def test_hard_coded_answers_fail_on_the_grading_seeds_inputs_which_stay_hidden(graded):
    root, rows = graded
    assert scores(rows, "hard_coded")["04.1"] == "0" and rows["hard_coded"]["total"] == "5"
    text = feedback(root, "hard_coded")
    assert "not on the grader's own inputs (drawn at grading time, not shown)" in text
    assert "2026" not in text and "array(" not in text


def test_time_and_memory_limits_stop_one_cell_and_the_rest_is_graded(graded):
    root, rows = graded
    assert scores(rows, "infinite_loop") == FULL
    assert "cell 6 (while True:) ran past 10 s and was stopped" in rows["infinite_loop"]["notes"]
    assert scores(rows, "huge_allocation") == FULL
    assert "raised MemoryError" in rows["huge_allocation"]["notes"]


def test_exits_and_crashes_keep_what_was_graded_before_them(graded):
    root, rows = graded
    assert scores(rows, "sys_exit") == FULL and "raised SystemExit" in rows["sys_exit"]["notes"]
    for student in ("os_exit", "kernel_crash"):
        assert scores(rows, student) == {"04.1": "2", "04.2": "1", "04.3": "0", "04.4": "0"}, student
        assert "the kernel stopped during cell 6" in rows[student]["notes"]
        assert "not graded: the kernel stopped during cell 6" in feedback(root, student)


def test_a_raising_answer_and_a_broken_file_get_their_reason(graded):
    root, rows = graded
    assert scores(rows, "answer_raises") == {**FULL, "04.2": "0"}
    assert "raised ZeroDivisionError" in rows["answer_raises"]["notes"]
    assert (
        rows["invalid_json"]["total"] == "0"
        and "is not a notebook Jupyter can open" in rows["invalid_json"]["notes"]
    )


def test_printed_or_forged_verdicts_count_for_nothing(graded):
    _, rows = graded
    assert scores(rows, "fake_prints") == {"04.1": "0", "04.2": "0", "04.3": "0", "04.4": "0"}


def test_a_replaced_or_patched_checker_is_not_graded_and_says_why(graded):
    root, rows = graded
    for student in ("replaced_checker", "patched_exercises"):
        assert rows[student]["total"] == "0", student
        assert "the checker was replaced in your notebook, not graded" in feedback(root, student)
    assert "nnkit.exercises.answers.expect_close" in feedback(root, "patched_exercises")


def test_writes_outside_reading_the_solutions_and_programs_are_refused(graded):
    root, rows = graded
    assert not (root / "outside.txt").exists()
    assert scores(rows, "writes_outside") == FULL
    assert "refused: writing outside the working folder" in rows["writes_outside"]["notes"]
    assert rows["reads_solutions"]["total"] == "0"
    assert "the instructors' edition" in rows["reads_solutions"]["notes"]
    assert scores(rows, "runs_a_program") == FULL
    assert "refused: starting another program (subprocess.Popen)" in rows["runs_a_program"]["notes"]
    # Nobody's notebook was changed, and the right one kept its full score in the same run.
    notebook = json.loads((root / "class" / "right" / "04_loss_functions.ipynb").read_text())
    assert all(not cell.get("outputs") for cell in notebook["cells"] if cell["cell_type"] == "code")


def test_the_gradescope_autograder_zip_grades_a_submission_into_results_json(tmp_path):
    config = tmp_path / "grading.toml"
    config.write_text('[points]\n"04.2" = 3\n')
    autograder_zip("04", tmp_path / "autograder.zip", config=config, grading_seed=7)
    root = tmp_path / "autograder"
    with zipfile.ZipFile(tmp_path / "autograder.zip") as archive:
        modes = {info.filename: info.external_attr >> 16 & 0o777 for info in archive.infolist()}
        assert modes["setup.sh"] == modes["run_autograder"] == 0o755 and "grading.toml" in modes
        archive.extractall(root / "source")
    (root / "submission").mkdir()
    nbformat.write(grading_corpus.small_notebook(grading_corpus.WRONG), root / "submission" / "lesson.ipynb")
    environment = {
        **os.environ,
        "AUTOGRADER_ROOT": str(root),
        "NNKIT": str(Path(sys.executable).parent / "nnkit"),
    }
    done = subprocess.run(
        ["bash", str(root / "source" / "run_autograder")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((root / "results" / "results.json").read_text())
    _documented(results, GRADESCOPE_TOP)
    for test in results["tests"]:
        _documented(test, GRADESCOPE_TEST)
    assert [(t["number"], t["score"], t["max_score"]) for t in results["tests"]] == [
        ("04.1", 1.0, 2.0),
        ("04.2", 0.0, 3.0),
        ("04.3", 0.0, 2.0),
        ("04.4", 0.0, 2.0),
    ]
    assert results["score"] == 1.0
