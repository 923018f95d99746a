"""GitHub Classroom: a workflow that grades a student's pushed lesson and reports points per exercise.

    python -m nnkit.grading.classroom workflow 04 > .github/workflows/classroom.yml
    python -m nnkit.grading.classroom passed grades/grades.csv 04.1    (exit 0: full points)

The workflow runs ``nnkit grade`` once on the repository, then one
``classroom-resources/autograding-command-grader`` step per exercise, worth the exercise's points,
which passes when the student earned all of them (the command grader scores all or nothing, so
partial credit shows in ``grades/feedback/``, not in Classroom's points); the
``autograding-grading-reporter`` step sends the points to Classroom.

Example:
    >>> from nnkit.grading.assignment import read_assignment
    >>> print(workflow(read_assignment("04")).splitlines()[0])
    name: Autograding (lesson 04, nnkit grade)
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from nnkit.grading.assignment import Assignment, read_assignment

GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"


def step_id(number: str) -> str:
    """The workflow step id of an exercise ("04.1" -> "exercise-04-1")."""
    return "exercise-" + number.replace(".", "-")


def workflow(assignment: Assignment, *, python: str = "3.11") -> str:
    """The GitHub Actions workflow (YAML text) that grades ``assignment`` in a student's repository."""
    lines = [
        f"name: Autograding (lesson {assignment.lesson}, nnkit grade)",
        "on: [push, workflow_dispatch]",
        "permissions:",
        "  checks: write",
        "  actions: read",
        "  contents: read",
        "jobs:",
        "  run-autograding-tests:",
        "    runs-on: ubuntu-latest",
        "    if: github.actor != 'github-classroom[bot]'",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - uses: actions/setup-python@v5",
        "        with:",
        f'          python-version: "{python}"',
        "      - run: pip install nnkit",
        f"      - run: nnkit grade . --lesson {assignment.lesson} --out grades --workers 1",
    ]
    for item in assignment.exercises:
        lines += [
            f"      - name: Exercise {item.number}",
            f"        id: {step_id(item.number)}",
            f"        uses: {GRADER}",
            "        with:",
            f'          test-name: "Exercise {item.number}: {item.title.replace(chr(34), chr(39))}"',
            f"          command: python -m nnkit.grading.classroom passed grades/grades.csv {item.number}",
            "          timeout: 1",
            f"          max-score: {item.points:g}",
        ]
    ids = [step_id(item.number) for item in assignment.exercises]
    lines += ["      - name: Autograding Reporter", f"        uses: {REPORTER}", "        env:"]
    lines += [f'          {i.upper()}_RESULTS: "${{{{steps.{i}.outputs.result}}}}"' for i in ids]
    lines += ["        with:", f"          runners: {','.join(ids)}"]
    return "\n".join(lines) + "\n"


def passed(grades: Path, number: str) -> bool:
    """Whether every row of ``grades`` (one, in a student's repository) has full points on ``number``."""
    from nnkit.grading.assignment import read_assignment as _read

    maximum = {item.number: item.points for item in _read(number[:2]).exercises}[number]
    with Path(grades).open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return bool(rows) and all(row.get(number) and float(row[number]) >= maximum for row in rows)


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "workflow":
        sys.stdout.write(workflow(read_assignment(argv[1])))
        return 0
    if len(argv) == 3 and argv[0] == "passed":
        return 0 if passed(Path(argv[1]), argv[2]) else 1
    sys.stderr.write(
        "usage: python -m nnkit.grading.classroom workflow LESSON | passed GRADES_CSV EXERCISE\n"
    )
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
