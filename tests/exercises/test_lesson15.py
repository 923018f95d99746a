"""Lesson 15's checkers: each reference solution passes, each typical mistake gets its own hint."""

import collections
import dataclasses

import numpy as np
import palmerpenguins
import pytest

import nnkit
from nnkit.exercises import lesson15 as check

# Exercise 15.1
RIGHT_TASKS = {"sex": "binary", "body_mass_g": "positive_regression", "year": "multiclass"}


def test_inferred_tasks_accepts_what_nnkit_infers():
    from nnkit.prototyping import infer_task

    penguins = palmerpenguins.load_penguins()
    inferred = {name: infer_task(penguins[[name]]).task for name in check.TARGET_COLUMNS}
    assert check.inferred_tasks(inferred).status == "correct"
    assert check.inferred_tasks({"sex": " Binary ", "body_mass_g": "positive_regression",
                                 "year": "MULTICLASS"}).status == "correct"


@pytest.mark.parametrize(
    "change, phrase",
    [
        ({"sex": "multiclass"}, "sex: the empty cells are not a class"),
        ({"body_mass_g": "regression"}, "no value is negative"),
        ({"year": "regression"}, "a number is not always an amount"),
        ({"year": "binary"}, "count the distinct years"),
        ({"body_mass_g": "multiclass"}, "far too many to be classes"),
        ({"sex": "classification"}, "not one of the options"),
        ({"sex": ...}, "give a task for every column"),
    ],
)
def test_inferred_tasks_names_each_mistake(change, phrase):
    feedback = check.inferred_tasks({**RIGHT_TASKS, **change})
    assert feedback.status == "incorrect" and phrase in feedback.message
    (column,) = change
    if phrase != "not one of the options":  # that one lists every option, the right one among them
        assert RIGHT_TASKS[column] not in feedback.message


def test_inferred_tasks_stub_and_wrong_keys():
    assert check.inferred_tasks({"sex": ..., "body_mass_g": ..., "year": ...}).status == "not attempted"
    feedback = check.inferred_tasks({"sex": "binary", "mass": "positive_regression", "year": "multiclass"})
    assert feedback.status == "incorrect" and "missing ['body_mass_g']" in feedback.message


# Exercise 15.2: the training rows' most common label is sparrow; 5 of the 16 test rows are sparrows.
def test_majority_baseline_accepts_the_count_in_any_numeric_form():
    majority, _ = collections.Counter(check.TRAIN_LABELS).most_common(1)[0]
    right = sum(label == majority for label in check.TEST_LABELS) / len(check.TEST_LABELS)
    for answer in (right, np.float32(right), np.array([right]), [right]):
        assert check.majority_baseline(answer).status == "correct"


@pytest.mark.parametrize(
    "answer, phrase",
    [
        (7 / 16, "most common label of the *test* rows"),
        (13 / 25, "in the *training* rows"),
        (1 / 3, "guessing at random"),
        (5, "a count of test rows"),
        (31.25, "fractions from 0 to 1"),
        (11 / 16, "gets wrong"),
        (0.25, "find the most common label"),
    ],
)
def test_majority_baseline_names_each_mistake(answer, phrase):
    feedback = check.majority_baseline(answer)
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert "0.3125" not in feedback.message and "sparrow" not in feedback.message


# Exercise 15.3: A is within the noise of 40 rows, B the same accuracies on 400 rows, C below its baseline.
RIGHT_VERDICTS = {"A": "unclear", "B": "better", "C": "worse"}


def test_beats_baseline_accepts_the_verdicts_as_a_dict_or_in_order():
    assert check.beats_baseline(RIGHT_VERDICTS).status == "correct"
    assert check.beats_baseline(["Unclear", "better", "worse"]).status == "correct"


def test_the_verdicts_follow_from_the_wilson_interval():
    low, high = check.wilson_interval(0.625, 40)
    assert low < 0.55 < high
    assert check.wilson_interval(0.625, 400)[0] > 0.55 and check.wilson_interval(0.9, 2000)[1] < 0.95
    assert check.wilson_interval(1.0, 69)[1] == pytest.approx(1.0)


@pytest.mark.parametrize(
    "change, phrase",
    [
        ({"A": "better"}, "could chance do that?"),
        ({"A": "worse"}, "whether 40 rows are enough"),
        ({"B": "unclear"}, "ten times as many rows"),
        ({"C": "better"}, "compare it with the baseline, not with 1"),
        ({"C": "unclear"}, "2,000 test rows make a narrow interval"),
        ({"B": "yes"}, "not one of the options"),
        ({"A": ...}, "give a verdict for every report"),
    ],
)
def test_beats_baseline_names_each_mistake(change, phrase):
    feedback = check.beats_baseline({**RIGHT_VERDICTS, **change})
    assert feedback.status == "incorrect" and phrase in feedback.message
    (report,) = change
    assert feedback.message.startswith(f"report {report}:")
    if phrase != "not one of the options":
        assert f"'{RIGHT_VERDICTS[report]}'" not in feedback.message


def test_beats_baseline_stub_and_wrong_keys():
    assert check.beats_baseline({"A": ..., "B": ..., "C": ...}).status == "not attempted"
    assert "exactly the keys" in check.beats_baseline({"A": "unclear", "B": "better"}).message


# Exercise 15.4: real prototypes, kept small (the checker reads the run's metrics and target).
@pytest.fixture(scope="module")
def penguins():
    nnkit.setup(seed=0)
    return palmerpenguins.load_penguins()


@pytest.fixture(scope="module")
def mass_run(penguins):
    return nnkit.prototype(penguins, target="body_mass_g", drop=["year"], epochs=5, verbose=0)


def test_mass_prototype_accepts_a_trained_run_and_the_same_run_loaded_back(mass_run, tmp_path):
    feedback = check.mass_prototype(mass_run)
    assert feedback.status == "correct", feedback.message
    assert f"{mass_run.metrics['model']['mae']:.0f} g" in feedback.message
    loaded = nnkit.prototyping.load_run(mass_run.save(tmp_path / "run"))
    assert check.mass_prototype(loaded).status == "correct"


def test_mass_prototype_refuses_a_run_of_another_target(penguins):
    species_run = nnkit.prototype(penguins, target="species", hidden=(4,), epochs=2, verbose=0)
    feedback = check.mass_prototype(species_run)
    assert feedback.status == "incorrect" and "this run predicts ['species']" in feedback.message


def test_mass_prototype_says_when_training_was_too_short(penguins):
    short = nnkit.prototype(penguins, target="body_mass_g", drop=["year"], hidden=(4,), epochs=2,
                            learning_rate=1e-2, batch_size=32, verbose=0)  # 14 updates, any defaults
    mae, baseline = short.metrics["model"]["mae"], short.metrics["baseline"]["mae"]
    assert 0.6 * baseline < mae < baseline  # better than the mean, by little
    feedback = check.mass_prototype(short)
    assert feedback.status == "incorrect" and "by little" in feedback.message


@pytest.mark.parametrize(
    "mae, phrase",
    [(800.0, "no better than predicting the training mean"), (float("nan"), "nan or inf")],
)
def test_mass_prototype_reads_the_test_mae_against_the_baseline(mass_run, mae, phrase):
    model = {**mass_run.metrics["model"], "mae": mae}
    untrained = dataclasses.replace(mass_run, metrics={**mass_run.metrics, "model": model})
    feedback = check.mass_prototype(untrained)
    assert feedback.status == "incorrect" and phrase in feedback.message


def test_mass_prototype_wants_the_run_not_its_metrics(mass_run):
    feedback = check.mass_prototype(mass_run.metrics)
    assert feedback.status == "incorrect" and "that is run.metrics" in feedback.message
    assert check.mass_prototype(...).status == "not attempted"
