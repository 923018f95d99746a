"""Checkers for lesson 15, your own data: a prototype in one call.

Each checker takes the student's answer and returns a Feedback; see
:mod:`nnkit.exercises.feedback`. The exercises' numbers live here too, so the
lesson and the tests use the same ones. Nothing here imports TensorFlow: a run
from ``nnkit.prototype`` is read through its attributes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from nnkit.exercises.answers import as_number, expect_choice, expect_close
from nnkit.exercises.feedback import Hint, NotAttempted, exercise, is_stub

TASKS = ("binary", "multiclass", "regression", "positive_regression")

# Exercise 15.1: three other columns of the penguins table, each taken as the target.
TARGET_COLUMNS = {"sex": "binary", "body_mass_g": "positive_regression", "year": "multiclass"}

# Exercise 15.2: the labels of a prototype's training and test rows (a table of bird sightings).
_TRAIN_COUNTS = {"sparrow": 13, "robin": 8, "finch": 4}
_TEST_COUNTS = {"robin": 7, "sparrow": 5, "finch": 4}


def _shuffled(counts: dict[str, int], seed: int) -> tuple[str, ...]:
    labels = [label for label, count in counts.items() for _ in range(count)]
    return tuple(labels[i] for i in np.random.default_rng(seed).permutation(len(labels)))


TRAIN_LABELS = _shuffled(_TRAIN_COUNTS, 15)
TEST_LABELS = _shuffled(_TEST_COUNTS, 16)

# Exercise 15.3: three reports, each (test rows, the network's test accuracy, the baseline's).
REPORTS = {"A": (40, 0.625, 0.55), "B": (400, 0.625, 0.55), "C": (2000, 0.90, 0.95)}
VERDICTS = ("better", "worse", "unclear")


def wilson_interval(accuracy: float, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (95% for ``z = 1.96``) of an accuracy measured on ``n`` test rows.

    Example:
        >>> [round(bound, 3) for bound in wilson_interval(0.625, 40)]
        [0.47, 0.758]
    """
    centre = (accuracy + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(accuracy * (1 - accuracy) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return float(centre - half), float(centre + half)


def _verdict(n: int, accuracy: float, baseline: float) -> str:
    low, high = wilson_interval(accuracy, n)
    return "unclear" if low <= baseline <= high else ("better" if accuracy > baseline else "worse")


@exercise(
    "15.1",
    "Which task for which target",
    stars=1,
    where=(
        "the rules of nnkit.prototype's task inference, in the statement; "
        "nnkit.prototyping.infer_task says which one it applies."
    ),
    example=(
        "a column of colours 'red', 'green', 'blue' is multiclass; temperatures in degrees with "
        "some below zero are a regression."
    ),
)
def inferred_tasks(tasks: Any) -> str:
    """Check the task ``nnkit.prototype`` infers for each column of ``TARGET_COLUMNS`` taken as the target.

    Example:
        >>> inferred_tasks({"sex": "binary", "body_mass_g": "regression", "year": "multiclass"})
        ... # doctest: +ELLIPSIS
        ❌ Exercise 15.1 ★☆☆ Which task for which target: not yet, body_mass_g: ... no value is negative.
    """
    if not isinstance(tasks, Mapping):
        raise Hint(
            f"tasks should be a dict with one task per column, {{'sex': ..., 'body_mass_g': ..., "
            f"'year': ...}}; received {type(tasks).__name__}."
        )
    if all(is_stub(value) for value in tasks.values()):
        raise NotAttempted
    names = set(TARGET_COLUMNS)
    if set(tasks) != names:
        missing, extra = sorted(names - set(tasks)), sorted(set(tasks) - names)
        raise Hint(
            "tasks should have exactly the keys 'sex', 'body_mass_g' and 'year'"
            + (f"; missing {missing}" if missing else "")
            + (f"; not asked for {extra}" if extra else "")
            + "."
        )
    for name in TARGET_COLUMNS:
        if is_stub(tasks[name]):
            raise Hint(f"{name}: still ...; give a task for every column.")
    hints = {
        "sex": {
            "multiclass": "the empty cells are not a class of their own: rows whose target is missing are "
            "dropped (the report says so). Count the values that are left.",
            "regression": "the column holds text, and text is a class label, never an amount.",
            "positive_regression": "the column holds text, and text is a class label, never an amount.",
        },
        "body_mass_g": {
            "regression": "the masses are an amount, yes; read the rules again for a column in which no "
            "value is negative.",
            "multiclass": "94 distinct masses are far too many to be classes (at most 20, and at most a "
            "fifth of the rows): they are an amount.",
            "binary": "94 distinct masses are an amount, not two classes.",
        },
        "year": {
            "regression": "a number is not always an amount: a column of only 3 distinct whole numbers "
            "is read as class labels (the report says how to read them as amounts: task='regression').",
            "positive_regression": "a number is not always an amount: a column of only 3 distinct whole "
            "numbers is read as class labels, whatever their size.",
            "binary": "count the distinct years in the column (2007, 2008, 2009).",
        },
    }
    for name, correct in TARGET_COLUMNS.items():
        options = {
            task: hints[name].get(task, "read the inference rules in the statement again.")
            for task in TASKS
            if task != correct
        }
        try:
            expect_choice(tasks[name], correct, options=options)
        except Hint as hint:
            raise Hint(f"{name}: {hint}") from None
    return "text with two values, a few whole numbers, and an amount that is never negative."


@exercise(
    "15.2",
    "The majority baseline by hand",
    stars=1,
    where=(
        "the majority baseline of this lesson: the most common training label, predicted for "
        "every test row."
    ),
    example=(
        "training labels [a, a, b] and test labels [a, b, b, b]: it predicts a, right on 1 of the"
        " 4 test rows, 0.25."
    ),
)
def majority_baseline(accuracy: Any) -> str:
    """Check the test accuracy of always predicting the most common label of ``TRAIN_LABELS``.

    Example:
        >>> majority_baseline(0.4375)  # doctest: +ELLIPSIS
        ❌ Exercise 15.2 ★☆☆ The majority baseline by hand: not yet, that is the most common label of ...
    """
    value = as_number(accuracy, what="baseline_accuracy")
    train, test = np.array(TRAIN_LABELS), np.array(TEST_LABELS)
    labels, counts = np.unique(train, return_counts=True)
    majority = labels[counts.argmax()]
    right = float(np.mean(test == majority))
    test_labels, test_counts = np.unique(test, return_counts=True)
    expect_close(
        value,
        right,
        mistakes=[
            (
                test_counts.max() / len(test),
                "that is the most common label of the *test* rows; the baseline never sees them. It "
                "picks its one answer from the training rows, then is scored on the test rows.",
            ),
            (
                counts.max() / len(train),
                "that is how common the majority label is in the *training* rows; the baseline's "
                "accuracy is measured on the test rows, where that label is rarer.",
            ),
            (1 / len(labels), "that is guessing at random among the labels; the baseline always gives "
             "the training rows' most common one."),
            (float(np.sum(test == majority)), "that is a count of test rows; accuracy is a share of them."),
            (100 * right, "accuracies are fractions from 0 to 1 here (0.5 is 50%)."),
            (1 - right, "that is the share the baseline gets wrong; accuracy is the share it gets right."),
        ],
        otherwise="find the most common label of TRAIN_LABELS, then the share of TEST_LABELS equal to it.",
        rtol=1e-3,
        digits=3,
        what="baseline_accuracy",
    )
    return "one answer for every row, chosen on the training rows, scored on the test rows."


@exercise(
    "15.3",
    "Better than the baseline, or too few rows to tell",
    stars=2,
    where=(
        "the wilson cell: a baseline inside the network's 95% interval makes the comparison "
        "unclear."
    ),
    example=(
        "0.7 measured on 50 rows has the interval 0.56 to 0.81: a baseline of 0.6 lies inside it,"
        " so that one is unclear."
    ),
)
def beats_baseline(verdicts: Any) -> str:
    """Check "better", "worse" or "unclear" for each report of ``REPORTS`` (test rows, accuracy, baseline).

    Example:
        >>> beats_baseline({"A": "better", "B": "better", "C": "worse"})  # doctest: +ELLIPSIS
        ❌ Exercise 15.3 ★★☆ Better than the baseline, or too few rows to tell: not yet, report A: ...
    """
    if isinstance(verdicts, Sequence) and not isinstance(verdicts, (str, bytes)) and len(verdicts) == 3:
        verdicts = dict(zip(REPORTS, verdicts, strict=True))
    if not isinstance(verdicts, Mapping):
        raise Hint(
            "verdicts should be a dict with one verdict per report, {'A': ..., 'B': ..., 'C': ...}; "
            f"received {type(verdicts).__name__}."
        )
    if all(is_stub(value) for value in verdicts.values()):
        raise NotAttempted
    if set(verdicts) != set(REPORTS):
        raise Hint("verdicts should have exactly the keys 'A', 'B' and 'C', one per report.")
    hints = {
        "A": {
            "better": "three test rows more than the baseline (25 of 40 against 22): could chance do that? "
            "Put the baseline's accuracy next to the network's 95% interval on 40 rows.",
            "worse": "the network's accuracy is the higher of the two; the question is whether 40 rows are "
            "enough to trust the gap.",
        },
        "B": {
            "unclear": "the same accuracies as report A, but on ten times as many rows: the interval is "
            "about √10 ≈ 3 times narrower. Compute it again for 400 rows.",
            "worse": "the network's accuracy is the higher of the two, and 400 rows narrow its interval.",
        },
        "C": {
            "better": "0.90 sounds good, but compare it with the baseline, not with 1: on a table where one "
            "class is nearly everything, always answering that class scores high.",
            "unclear": "2,000 test rows make a narrow interval: compute it and see where the baseline's "
            "accuracy falls.",
        },
    }
    for name, (n, accuracy, baseline) in REPORTS.items():
        correct = _verdict(n, accuracy, baseline)
        if is_stub(verdicts[name]):
            raise Hint(f"report {name}: still ...; give a verdict for every report.")
        options = {verdict: hints[name].get(verdict, "") for verdict in VERDICTS if verdict != correct}
        try:
            expect_choice(verdicts[name], correct, options=options)
        except Hint as hint:
            raise Hint(f"report {name}: {hint}") from None
    return "an accuracy is a measurement: compare the baseline with its interval, not with its last digit."


# Exercise 15.4's inputs: every column of the penguins table but the target and year.
MASS_INPUTS = ("species", "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "sex")


def _expect_mass_inputs(names: list[str]) -> None:
    """Hint naming each input column that 15.4's run keeps and should not, or lacks (none known: no hint)."""
    if not names:
        return  # a run without its column list (an older save): the metrics alone are checked
    kept = [name for name in names if name not in MASS_INPUTS]
    lost = [name for name in MASS_INPUTS if name not in names]
    if kept == ["year"] or "year" in kept:
        raise Hint("the run still reads year, the year of the study, which says nothing about a penguin: "
                   "leave it out, drop=[\"year\"], as for the species.")
    if lost:
        raise Hint(f"the run leaves out {', '.join(lost)}: predict the mass from every other column (only "
                   "year is dropped), since the species and the sex say the most about a penguin's mass.")
    if kept:
        raise Hint(f"the run reads {', '.join(kept)} as inputs; the penguins' other columns are "
                   f"{', '.join(MASS_INPUTS)}.")


def _regression_metrics(run: Any) -> tuple[float, float]:
    if isinstance(run, Mapping) and {"model", "baseline"} <= set(run):
        raise Hint("that is run.metrics; pass the run itself, what nnkit.prototype returned.")
    if not all(hasattr(run, name) for name in ("metrics", "target", "task")):
        raise Hint(
            "pass what nnkit.prototype returns (mass_run = nnkit.prototype(penguins, target=...)); "
            f"received {type(run).__name__}."
        )
    if list(run.target) != ["body_mass_g"]:
        raise Hint(
            f"this run predicts {run.target}; the exercise asks for a prototype of the penguins' body "
            "mass: the target is the column body_mass_g."
        )
    if run.task not in ("regression", "positive_regression"):
        raise Hint(f"this run is a {run.task} model; a mass is an amount, a regression.")
    _expect_mass_inputs([getattr(column, "name", column) for column in getattr(run, "columns", None) or []])
    model, baseline = run.metrics["model"], run.metrics["baseline"]
    return float(model["mae"]), float(baseline["mae"])


@exercise(
    "15.4",
    "Prototype a number: the penguins' body mass",
    stars=2,
    where=(
        "the prototype of the species in this lesson: nnkit.prototype(penguins, target=..., "
        "drop=[\"year\"], hidden=HIDDEN, ...)."
    ),
    example=(
        "nnkit.prototype(penguins, target=\"flipper_length_mm\", drop=[\"year\"], verbose=0) would "
        "prototype the flipper length the same way."
    ),
)
def mass_prototype(run: Any) -> str:
    """Check a prototype of ``body_mass_g``: its test MAE must clearly beat the mean's (ranges for any seed).

    Example:
        >>> from types import SimpleNamespace
        >>> metrics = {"model": {"mae": 700.0, "rmse": 820.0}, "baseline": {"mae": 690.0, "rmse": 810.0}}
        >>> mass_prototype(SimpleNamespace(target=["body_mass_g"], task="regression", metrics=metrics))
        ... # doctest: +ELLIPSIS
        ❌ Exercise 15.4 ★★☆ Prototype a number: the penguins' body mass: not yet, no better than ...
    """
    mae, baseline = _regression_metrics(run)
    if not (np.isfinite(mae) and np.isfinite(baseline)):
        raise Hint("the run's MAE is nan or inf: did the training diverge? Run the cell again as written.")
    if mae >= baseline:
        raise Hint(
            "no better than predicting the training mean for every penguin: the network has not learned "
            "yet. Did it train long enough (epochs, a learning rate far below the default)?"
        )
    if mae > 0.6 * baseline:
        raise Hint(
            "better than the mean, but by little: the species, the sex and the flipper length say much "
            "more about a penguin's mass. Train longer (leave epochs at its default; early stopping ends "
            "it), and keep those columns as inputs."
        )
    if not 100 < baseline < 1500:
        raise Hint("the baseline's MAE is far from what the penguins' masses give: use the whole table.")
    return (
        f"its test MAE is {mae:.0f} g against {baseline:.0f} g for the mean: its guesses are off by about "
        f"{100 * mae / 4200:.0f}% of a typical penguin's 4,200 g."
    )
