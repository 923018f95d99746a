"""nbgrader's own autograde on `nnkit lessons --nbgrader` gives the scores `nnkit grade` gives.

Real nbgrader (the test extra): generate_assignment, then autograde three prepared submissions of
lesson 04 (right, wrong, partly right) in a kernel named nnkit, then export; nnkit grade on the
same three notebooks must give the same totals.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import child_process
import grading_corpus
import nbformat
import pytest
from click.testing import CliRunner

from nnkit.cli import main
from nnkit.grading.assignment import read_assignment
from nnkit.grading.sandbox import write_kernel_spec
from nnkit.student_edition import BEGIN, END

pytest.importorskip("nbgrader")
ASSIGNMENT = "04_loss_functions"


def nbgrader(course: Path, *arguments: str, environment: dict) -> None:
    done = child_process.run(
        [sys.executable, "-m", "nbgrader", *arguments],
        cwd=course,
        env=environment,
        timeout=900,
    )
    assert done.returncode == 0 and "ERROR" not in done.stderr, done.stderr[-3000:]


def solutions() -> dict[str, str]:
    return {
        name: "\n".join(line for line in cell.source.splitlines() if line.strip() not in (BEGIN, END))
        for name, cell in grading_corpus.answer_cells().items()
    }


def test_nbgrader_autograde_gives_nnkit_grades_scores(tmp_path):
    course = tmp_path / "course"
    result = CliRunner().invoke(main, ["lessons", str(course), "--nbgrader"])
    assert result.exit_code == 0, result.output
    source = nbformat.read(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    graded = [c.metadata.nbgrader for c in source.cells if c.metadata.nbgrader["grade"]]
    assert [(g["grade_id"], g["points"], g["locked"]) for g in graded] == [
        ("check_04_1", 2.0, True),
        ("check_04_2", 1.0, True),
        ("check_04_3", 2.0, True),
        ("check_04_4", 2.0, True),
    ]
    assert source.metadata.kernelspec["name"] == "nnkit"
    # The kernel the sources ask for, with this Python (and so this nnkit).
    write_kernel_spec(tmp_path / "jupyter" / "kernels", "nnkit", "ipykernel_launcher", "nnkit")
    environment = {
        **os.environ,
        "JUPYTER_PATH": str(tmp_path / "jupyter"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }  # nbgrader runs alembic
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force", environment=environment)

    names = {item.number.replace(".", "_"): item.arguments for item in read_assignment("04").exercises}
    right = solutions()
    students = {
        "ana": right,
        "bo": {**right, **grading_corpus.WRONG},
        "cy": {**right, **grading_corpus.PARTIAL},
    }
    for student, answers in students.items():
        notebook = nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
        for cell in notebook.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if grade_id.startswith("answer_"):
                cell.source = answers[names[grade_id.removeprefix("answer_")]]
        target = course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(notebook, target)
    nbgrader(course, "autograde", ASSIGNMENT, "--create", environment=environment)
    nbgrader(course, "export", environment=environment)
    with (course / "grades.csv").open() as file:
        by_nbgrader = {row["student_id"]: float(row["score"]) for row in csv.DictReader(file)}

    result = CliRunner().invoke(main, ["grade", str(course / "submitted"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "grades.csv").open() as file:
        by_nnkit = {row["student"]: float(row["total"]) for row in csv.DictReader(file)}
    assert by_nbgrader == by_nnkit == {"ana": 7.0, "bo": 1.0, "cy": 4.0}
