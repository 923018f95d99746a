"""Grading: points and partial credit, the config, hidden inputs, the reports and the adapters' JSON.

Function calls only, no kernel: tests/test_grading_corpus.py runs nnkit grade on real notebooks.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from nnkit.exercises import hidden_inputs, lesson04
from nnkit.grading import adapters, report
from nnkit.grading.assignment import read_assignment, which_lesson
from nnkit.grading.config import parse_config
from nnkit.grading.execute import _verdict
from nnkit.grading.grader import SubmissionResult
from nnkit.grading.in_kernel import MIMETYPE, sign
from nnkit.grading.parts import partial_credit
from nnkit.grading.scores import score_exercise
from nnkit.grading.submissions import find_submissions


def test_points_are_stars_unless_the_config_says_otherwise():
    default = {item.number: item.points for item in read_assignment("04").exercises}
    assert default == {"04.1": 2, "04.2": 1, "04.3": 2, "04.4": 2}
    config = parse_config('[points]\n"04.2" = 5\n"07.1" = 1\n[limits]\ncell_seconds = 30\n')
    changed = {item.number: item.points for item in read_assignment("04", config.points).exercises}
    assert changed == {"04.1": 2, "04.2": 5, "04.3": 2, "04.4": 2}
    assert config.cell_seconds == 30 and config.submission_seconds == 600


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[points]\n"4.1" = 3', '"4.1" is not an exercise number'),
        ('[points]\n"04.1" = -1', "0 or more"),
        ('[points]\n"04.1" = "two"', "a number of points"),
        ("[limits]\nmemory = 10", "unknown limit 'memory'"),
        ("[limits]\ncell_seconds = 0", "positive"),
        ("[grades]\n", "unknown section 'grades'"),
        ("[points\n", "not valid TOML"),
    ],
)
def test_a_wrong_config_is_refused_naming_the_entry(text, named):
    with pytest.raises(ValueError, match="the config") as error:
        parse_config(text)
    assert named in str(error.value)


def test_points_for_an_exercise_the_lesson_lacks_are_refused():
    with pytest.raises(ValueError, match="04.9, which lesson 04 does not have"):
        read_assignment("04", {"04.9": 1.0})


def test_partial_credit_comes_from_the_checker_on_each_part():
    fraction, labels = partial_credit("04.4", (5.4, 3.0))
    assert fraction == 0.5 and labels[0].startswith("right") and labels[1].startswith("not yet")
    assert partial_credit("04.4", (0.0, 5.4))[0] == 0.0  # swapped: neither part right
    assert partial_credit("04.4", "nonsense")[0] == 0.0  # too broken to split: nothing, no error

    def flat_only(y_true, y_pred):  # right when both shapes are the same, wrong when mixed
        return np.mean((np.asarray(y_pred) - np.asarray(y_true)) ** 2)

    assert partial_credit("04.1", flat_only) == (
        0.5,
        [
            "right: the MSE of two arrays of the same shape",
            "not yet: the MSE of an (N,) array and an (N, 1) column",
        ],
    )
    assert partial_credit("04.2", 0.5) == (None, [])


def test_a_verdict_becomes_a_score_with_its_reason():
    item = read_assignment("04").exercises[3]  # 04.4, 2 points
    assert score_exercise(item, {"status": "correct", "message": "ok"}, None).score == 2
    partly = score_exercise(
        item, {"status": "incorrect", "message": "swap.", "fraction": 0.5, "parts": ["right: a"]}, None
    )
    assert (partly.score, partly.status, partly.hint) == (1.0, "partly correct", "swap.")
    assert "Partial credit, 50% of the points (right: a)" in partly.message
    tampered = score_exercise(item, {"status": "tampered", "message": "the notebook changed x"}, None)
    assert tampered.score == 0 and "the checker was replaced in your notebook, not graded" in tampered.message
    lost = score_exercise(item, None, "the kernel stopped during cell 6")
    assert lost.status == "not graded" and "the kernel stopped during cell 6" in lost.message


def test_only_a_verdict_signed_with_this_runs_key_and_nonce_counts():
    key, payload = b"k" * 32, {"exercise": "04.1", "nonce": "n1", "status": "correct", "message": "m"}
    signed = {**payload, "signature": sign(key, payload)}

    def output(data):
        return {"output_type": "display_data", "data": {MIMETYPE: data}}

    assert _verdict([output(signed)], key, "n1", "04.1") == payload
    assert _verdict([output(signed)], b"x" * 32, "n1", "04.1") is None  # another key
    assert _verdict([output(signed)], key, "n2", "04.1") is None  # a verdict replayed into another cell
    assert _verdict([output({**signed, "status": "incorrect"})], key, "n1", "04.1") is None  # edited
    printed = {"output_type": "stream", "name": "stdout", "text": "✅ Exercise 04.1: correct"}
    assert _verdict([printed], key, "n1", "04.1") is None


def test_hidden_inputs_catch_a_hard_coded_function_without_showing_the_inputs():
    table = {(t.tobytes(), p.tobytes()): lesson04._mse(t, p) for t, p in lesson04.MSE_INPUTS}

    def memorised(y_true, y_pred):
        return table.get((np.asarray(y_true).tobytes(), np.asarray(y_pred).tobytes()), 0.0)

    def right(y_true, y_pred):
        return np.mean((np.reshape(y_pred, -1) - np.reshape(y_true, -1)) ** 2)

    assert lesson04.mse_any_shapes(memorised).correct  # practising: the visible inputs only
    try:
        hidden_inputs.activate(123)
        verdict = lesson04.mse_any_shapes(memorised)
        assert lesson04.mse_any_shapes(right).correct
        fresh = hidden_inputs.fresh_inputs(lesson04.MSE_INPUTS, name="mse")
    finally:
        hidden_inputs.activate(None)
    assert not verdict.correct and "grader's own inputs" in verdict.message
    assert "[" not in verdict.message and "array" not in verdict.message  # no input is shown
    # Fresh inputs keep each shape and kind (labels stay labels) but not the values.
    shapes = {(np.shape(t), np.shape(p)) for t, p in lesson04.MSE_INPUTS}
    assert len(fresh) == hidden_inputs.FRESH_CASES and all(
        (np.shape(t), np.shape(p)) in shapes for t, p in fresh
    )
    assert not any(np.array_equal(t, u) for t, _ in fresh for u, _ in lesson04.MSE_INPUTS)
    with pytest.raises(ValueError, match="grading seed"):
        hidden_inputs.activate(-1)


def test_fresh_labels_stay_in_their_set():
    try:
        hidden_inputs.activate(1)
        (y, s), *_ = hidden_inputs.fresh_inputs(
            [(np.array([[1.0], [-1.0], [1.0]]), np.ones((3, 1)))], name="h"
        )
    finally:
        hidden_inputs.activate(None)
    assert set(np.unique(y)) <= {-1.0, 1.0} and y.shape == (3, 1) and s.shape == (3, 1)


def test_submissions_are_named_by_file_or_by_folder(tmp_path):
    (tmp_path / "ana").mkdir()
    (tmp_path / "ana" / "04_loss_functions.ipynb").write_text("{}")
    (tmp_path / "bo.ipynb").write_text("{}")
    (tmp_path / "ana" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "ana" / ".ipynb_checkpoints" / "04_loss_functions-checkpoint.ipynb").write_text("{}")
    assert [s.student for s in find_submissions([tmp_path])] == ["ana", "bo"]
    assert which_lesson(Path("bo.ipynb"), "from nnkit.exercises import lesson04 as check") == "04"
    with pytest.raises(ValueError, match="does not exist"):
        find_submissions([tmp_path / "missing"])


def _results() -> list[SubmissionResult]:
    exercises = read_assignment("04").exercises
    good = {"status": "correct", "message": "well done."}
    bad = {"status": "incorrect", "message": "the two distances are swapped."}
    ana = SubmissionResult("ana", Path("ana.ipynb"), "04", [score_exercise(e, good, None) for e in exercises])
    bo = SubmissionResult(
        "bo<b>",
        Path("bo.ipynb"),
        "04",
        [score_exercise(e, bad if e.number == "04.4" else None, "the kernel stopped") for e in exercises],
        notes=["the kernel stopped during cell 6."],
    )
    return [ana, bo]


def test_reports_give_the_csv_feedback_and_summary(tmp_path):
    report.write_reports(_results(), tmp_path)
    with (tmp_path / "grades.csv").open() as file:
        rows = list(csv.DictReader(file))
    assert [(r["student"], r["04.1"], r["total"], r["maximum"]) for r in rows] == [
        ("ana", "2", "7", "7"),
        ("bo<b>", "0", "0", "7"),
    ]
    assert rows[1]["notes"] == "the kernel stopped during cell 6."
    markdown = (tmp_path / "feedback" / "bo<b>.md").read_text()
    assert "**Total: 0 / 7 points**" in markdown and "the two distances are swapped." in markdown
    page = (tmp_path / "feedback" / "bo<b>.html").read_text()
    assert "bo&lt;b&gt;" in page and "<b>" not in page.replace("<body>", "")
    summary = (tmp_path / "summary.md").read_text()
    assert (
        "| 04.4 Which optimum moves: MSE vs MAE with an outlier | 2 | 1 | 0 | 1 | 0 | 0 | 1.00 |" in summary
    )
    assert "1 × the two distances are swapped." in summary


# The fields each grader documents, with their JSON types (Gradescope's autograder specification;
# PrairieLearn's external grading results).
GRADESCOPE_TOP = {
    "score": (int, float),
    "output": str,
    "visibility": str,
    "stdout_visibility": str,
    "tests": list,
}
GRADESCOPE_TEST = {
    "name": str,
    "number": str,
    "score": (int, float),
    "max_score": (int, float),
    "status": str,
    "visibility": str,
    "output": str,
}
PRAIRIELEARN_TOP = {"gradable": bool, "score": (int, float), "message": str, "output": str, "tests": list}
PRAIRIELEARN_TEST = {
    "name": str,
    "points": (int, float),
    "max_points": (int, float),
    "message": str,
    "output": str,
}
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}


def _documented(obj, fields):
    assert set(obj) <= set(fields), f"undocumented fields: {set(obj) - set(fields)}"
    for name, kind in fields.items():
        assert isinstance(obj[name], kind) and (kind is bool or not isinstance(obj[name], bool)), name


def test_gradescope_results_use_its_documented_fields(tmp_path):
    for result in _results():
        adapters.write_json(adapters.gradescope_results(result), tmp_path / "results.json")
        results = json.loads((tmp_path / "results.json").read_text())
        _documented(results, GRADESCOPE_TOP)
        assert results["visibility"] in VISIBILITIES and results["stdout_visibility"] in VISIBILITIES
        for test in results["tests"]:
            _documented(test, GRADESCOPE_TEST)
            assert test["status"] in {"passed", "failed"} and test["visibility"] in VISIBILITIES
            assert 0 <= test["score"] <= test["max_score"]
        assert results["score"] == sum(test["score"] for test in results["tests"]) == result.total


def test_prairielearn_results_use_its_documented_fields(tmp_path):
    for result in _results():
        adapters.write_json(adapters.prairielearn_results(result), tmp_path / "results.json")
        results = json.loads((tmp_path / "results.json").read_text())
        _documented(results, PRAIRIELEARN_TOP)
        assert 0 <= results["score"] <= 1 and results["gradable"] is True
        for test in results["tests"]:
            _documented(test, PRAIRIELEARN_TEST)
        assert results["score"] == pytest.approx(result.total / result.maximum)


def test_the_github_classroom_workflow_reports_each_exercises_points(tmp_path):
    yaml = pytest.importorskip("yaml")
    from nnkit.grading import classroom

    flow = yaml.safe_load(classroom.workflow(read_assignment("04")))
    steps = flow["jobs"]["run-autograding-tests"]["steps"]
    graders = [step for step in steps if step.get("uses") == classroom.GRADER]
    # The command grader's documented inputs: test-name, command, timeout (minutes), max-score.
    assert [set(step["with"]) for step in graders] == [{"test-name", "command", "timeout", "max-score"}] * 4
    assert [step["with"]["max-score"] for step in graders] == [2, 1, 2, 2]
    reporter = next(step for step in steps if step.get("uses") == classroom.REPORTER)
    ids = [step["id"] for step in graders]
    assert reporter["with"]["runners"] == ",".join(ids)
    assert set(reporter["env"]) == {f"{i.upper()}_RESULTS" for i in ids}
    assert any("nnkit grade . --lesson 04" in step.get("run", "") for step in steps)

    grades = tmp_path / "grades.csv"
    grades.write_text("student,04.1,04.2,04.3,04.4,total,maximum,notes\nana,2,0,1,2,5,7,\n")
    assert [classroom.main(["passed", str(grades), n]) for n in ("04.1", "04.2", "04.3", "04.4")] == [
        0,
        1,
        1,
        0,
    ]


def test_grade_and_lessons_refuse_bad_options_in_one_paragraph_naming_the_flag(tmp_path):
    from click.testing import CliRunner

    from nnkit.cli import main

    runner = CliRunner()
    missing = runner.invoke(main, ["grade", str(tmp_path / "none"), "--out", str(tmp_path / "out")])
    assert missing.exit_code == 1 and "does not exist" in missing.output
    (tmp_path / "a.ipynb").write_text("{}")
    (tmp_path / "b.ipynb").write_text("{}")
    two = runner.invoke(
        main, ["grade", str(tmp_path), "--out", str(tmp_path / "o"), "--gradescope", "r.json"]
    )
    assert two.exit_code == 1 and "--gradescope and --prairielearn grade one submission" in two.output
    lesson = runner.invoke(main, ["grade", str(tmp_path), "--out", str(tmp_path / "o"), "--lesson", "4"])
    assert lesson.exit_code == 1 and "--lesson 4 is not a lesson" in lesson.output
    config = tmp_path / "bad.toml"
    config.write_text('[points]\n"4.1" = 1\n')
    bad = runner.invoke(main, ["grade", str(tmp_path), "--out", str(tmp_path / "o"), "--config", str(config)])
    assert bad.exit_code == 1 and '"4.1" is not an exercise number' in bad.output
    assert runner.invoke(main, ["lessons", str(tmp_path / "course"), "--nbgrader"]).exit_code == 0
    again = runner.invoke(main, ["lessons", str(tmp_path / "course"), "--nbgrader"])
    assert again.exit_code == 1 and "--overwrite" in again.output
    assert (tmp_path / "course" / "nbgrader_config.py").read_text().count("timeout = 300") == 1


def test_each_sandbox_starts_with_the_graders_font_list():
    # Without it each kernel scans the system's fonts again: part of the grader's overhead.
    import matplotlib
    import matplotlib.font_manager  # noqa: F401 (writes the font list into the cache if it is missing)

    from nnkit.grading import sandbox as sandboxes

    version = matplotlib.font_manager.FontManager.__version__
    font_list = Path(matplotlib.get_cachedir()) / f"fontlist-v{version}.json"
    box = sandboxes.create(lesson="04", memory_mb=0, cpu_seconds=0, grading_seed=None, forbidden=[])
    try:
        copied = box.root / "home" / ".matplotlib" / font_list.name
        assert copied.read_bytes() == font_list.read_bytes()
        assert sandboxes.kernel_environment(box)["MPLCONFIGDIR"] == str(copied.parent)
    finally:
        sandboxes.remove(box)
