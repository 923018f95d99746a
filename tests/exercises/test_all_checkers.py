"""Rules every exercise checker follows, whatever its lesson: garbage gets a hint, never a traceback."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from nnkit import exercises
from nnkit.exercises.feedback import CORRECT, INCORRECT, NOT_ATTEMPTED, Feedback

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
CHECKERS = exercises.all_checkers()
GARBAGE = {
    "a string": "0.5",
    "a wrong shape": np.zeros((7, 3)),
    "an object": object(),
    "a function returning text": lambda *args: "hello",
    "a function that raises": lambda *args: 1 / 0,
    "a function that prints instead of returning": lambda *args: print(*args[:0]),
    "nan": float("nan"),
    "an empty list": [],
}


def notebook_exercises(path):
    """(number in the heading, checker called after the answer) for each exercise of a lesson."""
    cells = json.loads(path.read_text())["cells"]
    found = []
    for index, cell in enumerate(cells):
        source = "".join(cell["source"])
        heading = re.match(r"### Exercise (\d\d\.\d+) (★[★☆]{2}) — \S", source)
        if cell["cell_type"] == "markdown" and heading:
            answer, checker = ("".join(c["source"]) for c in cells[index + 1 : index + 3])
            assert "### BEGIN SOLUTION" in answer and "### END SOLUTION" in answer, heading.group(1)
            call = re.fullmatch(r"check\.(\w+)\(.*\)", checker.strip())
            assert call, f"exercise {heading.group(1)}: the cell after the answer is one checker call"
            found.append((heading.group(1), heading.group(2), call.group(1), cells[index + 2]))
    return found


def test_every_lesson_has_at_least_three_exercises_and_45_in_all():
    counts = {path.name[:2]: len(notebook_exercises(path)) for path in LESSONS}
    assert all(count >= 3 for count in counts.values()), counts
    assert sum(counts.values()) >= 45


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_each_exercise_calls_its_own_checker_which_accepts_the_reference_solution(path):
    for number, stars, name, checker_cell in notebook_exercises(path):
        assert number.startswith(path.name[:2])
        checker = CHECKERS.get(number)
        assert checker is not None, f"no checker registered for exercise {number}"
        assert checker.__name__ == name, f"exercise {number} is checked by {checker.__name__}, not {name}"
        assert stars.count("★") == checker.stars
        shown = "".join("".join(o.get("data", {}).get("text/plain", "")) for o in checker_cell["outputs"])
        assert shown.startswith(f"✅ Exercise {number}"), f"committed output of exercise {number}: {shown!r}"


def test_every_registered_checker_is_used_by_a_lesson():
    used = {number for path in LESSONS for number, *_ in notebook_exercises(path)}
    assert set(CHECKERS) == used


@pytest.mark.parametrize("number", sorted(CHECKERS))
def test_a_stub_is_not_attempted_yet(number):
    feedback = CHECKERS[number](...)
    assert isinstance(feedback, Feedback) and feedback.status == NOT_ATTEMPTED
    assert "not attempted yet" in repr(feedback)


@pytest.mark.parametrize("number", sorted(CHECKERS))
@pytest.mark.parametrize("kind", sorted(GARBAGE))
def test_garbage_gets_a_hint_not_a_traceback(number, kind):
    feedback = CHECKERS[number](GARBAGE[kind])
    assert isinstance(feedback, Feedback)
    assert feedback.status in (INCORRECT, NOT_ATTEMPTED), f"{kind} accepted as correct"
    assert feedback.message and "Traceback" not in feedback.message


@pytest.mark.parametrize("number", sorted(CHECKERS))
def test_every_checker_documents_itself_with_an_example(number):
    doc = CHECKERS[number].__doc__ or ""
    assert ">>> " in doc, f"checker {number} needs a docstring with a doctest example"


def test_feedback_reads_as_one_line_per_verdict():
    assert repr(Feedback("01.1", "t", 2, CORRECT, "well done.")).startswith("✅ Exercise 01.1 ★★☆ t: correct")
