"""Lessons survive a student's experiments: each runs to the end with its `parameters` cell changed.

Parameters are injected the way papermill does (a new cell after the one tagged
`parameters`), then the lesson runs in a fresh kernel in a student's mode: a
quoted number that moved prints a sentence (nnkit.claims) instead of failing.
"""

import ast
import sys
from pathlib import Path

import nbformat
import pytest
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import run_lessons  # noqa: E402

from nnkit.claims import STRICT_VARIABLE  # noqa: E402

# Per lesson, the settings a student is likely to try: other seeds, fewer epochs, other rates.
EXPERIMENTS = {
    "01": [{"SEED": 1, "EPOCHS": 5, "LEARNING_RATE": 0.05}, {"SAMPLES": 61, "SPREAD": 1.5, "BATCH_SIZE": 7}],
    "02": [
        {"SEED": 1, "XOR_EPOCHS": 20, "EPOCHS": 5},
        {"SPREAD": 0.9, "LEARNING_RATE": 0.1, "HIDDEN_UNITS": 2},
    ],
    "03": [{"SEED": 1, "EPOCHS": 3}, {"TEST_DIGIT": 7, "INIT_STD": 0.1, "LEARNING_RATE": 0.01}],
    "04": [
        {"SEED": 3, "OUTLIER": 10.0},
        {"NOISE": 1.5, "LEARNING_RATE": 0.02, "STEPS": 2000, "OUTLIER": 5.0},
    ],
    "05": [
        {"SEED": 1, "EPOCHS": 3, "BATCH_SIZE": 16, "SAMPLES": 100, "NOISE": 1.0},
        {"ALPHA": 0.2, "RATES": [0.1, 0.5, 1.0], "LEARNING_RATE": 0.3, "EPSILON": 1e-3, "DECAY_RATE": 0.1},
    ],
    "06": [
        {"SEED": 1, "LEARNING_RATE": 0.2},
        {"SLOPE_H": 2.0, "ALPHA": 0.25, "MAX_EPOCHS": 20, "CHECK_STEP": 1e-3},
    ],
    "07": [
        {"SEED": 1},
        {"EPOCHS": 5, "LONG_EPOCHS": 20, "DEEP_LAYERS": 4, "SLOPES": [1.0, 10.0]},
        {"LEARNING_RATE": 0.5, "BATCH_SIZE": 32},
    ],
    "08": [
        {"SEED": 1, "HIDDEN_ACTIVATION": "relu"},
        {"STEPS": 50, "LONG_STEPS": 100, "SAMPLES": 50},
        {"HIDDEN_ACTIVATION": "sigmoid", "LEARNING_RATE": 0.01, "NOISE": 0.3},
    ],
    "09": [{"SEED": 1, "EPOCHS": 20}, {"N_TRAIN": 200, "BATCH_SIZE": 64, "EPOCHS": 5}],
    "10": [{"SEED": 1, "EPOCHS": 3}, {"BIG_LOGIT": 5.0, "EPOCHS": 2}],
    "11": [{"SEED": 1}, {"EPOCHS": 2, "HIDDEN_UNITS": 16, "THRESHOLD": 0.3}],
    "12": [{"SEED": 1}, {"STEPS": 8, "EPOCHS": 2, "SCHEDULE_RATES": [3e-2, 1e-2, 3e-3]}],
    "13": [{"SEED": 1}, {"EPOCHS": 3, "HIDDEN_UNITS": 32, "BATCH_SIZE": 64, "LEARNING_RATE": 0.05}],
    "14": [{"SEED": 1}, {"EPOCHS": 1, "TRAIN_SIZE": 500, "GAP_SEEDS": 2}],
    "15": [{"SEED": 1}, {"HIDDEN": [8], "PATIENCE": 3, "DIGITS": 500, "DIGIT_EPOCHS": 3}],
}
# Per lesson, one of the experiments above crosses a boundary the lesson names (separable -> not, a threshold
# other than 1/2, early stopping before the last epoch...): its notes must name the condition that broke, in
# the one sentence nnkit.claims.Quotes.given prints, not only list moved numbers.
BOUNDARIES = {  # lesson: (the experiment, the condition its notes name)
    "01": (EXPERIMENTS["01"][1], "the clouds barely overlap"),
    "02": (EXPERIMENTS["02"][1], "the two clouds are linearly separable"),
    "03": (EXPERIMENTS["03"][1], "the test digit we follow is test digit 0"),
    "04": (EXPERIMENTS["04"][1], "the outlier sits far off"),
    "05": (EXPERIMENTS["05"][1], "batch descent's 10 steps (one per epoch) are too few"),
    "06": (EXPERIMENTS["06"][1], "every output gets within EPSILON = 0.05 before MAX_EPOCHS = 20"),
    "07": (EXPERIMENTS["07"][1], "it is deep (4 hidden layers)"),
    "08": (EXPERIMENTS["08"][0], "every hidden unit varies over the training x"),
    "09": (EXPERIMENTS["09"][1], "training runs the slide's 100 epochs"),
    "10": (EXPERIMENTS["10"][1], "the true class's probability falls below Keras's clip"),
    "11": (EXPERIMENTS["11"][1], "the threshold is the text's 1/2"),
    "12": (EXPERIMENTS["12"][1], "the schedule steps down and the constant 0.03 (the control) ends lower"),
    "13": (EXPERIMENTS["13"][1], "training runs 10 epochs"),
    "14": (EXPERIMENTS["14"][1], "both networks have learned the digits"),
    "15": (EXPERIMENTS["15"][1], "the network gets every training digit right before training ends"),
}
BROKEN = "Your run breaks a condition the text relies on: "
LESSONS = {path.name[:2]: path for path in sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))}
CASES = [(number, parameters) for number, sets in EXPERIMENTS.items() for parameters in sets]


def parameters_cell(notebook):
    tagged = [cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1, "one code cell tagged `parameters` holds the settings to experiment with"
    return tagged[0]


def settings(cell) -> dict:
    return {
        target.id: ast.literal_eval(node.value)
        for node in ast.parse(cell.source).body
        if isinstance(node, ast.Assign)
        for target in node.targets
    }


@pytest.mark.parametrize("number", sorted(LESSONS))
def test_every_lesson_has_experiments_on_its_own_settings(number):
    names = settings(parameters_cell(nbformat.read(LESSONS[number], as_version=4)))
    assert "SEED" in names, "every parameters cell starts with SEED"
    assert EXPERIMENTS[number], f"add parameter sets for lesson {number} to EXPERIMENTS"
    for parameters in EXPERIMENTS[number]:
        unknown = set(parameters) - set(names)
        assert not unknown, f"lesson {number} has no setting {sorted(unknown)}"
        assert any(parameters[name] != names[name] for name in parameters), "an experiment changes something"


@pytest.mark.parametrize(
    "number, parameters", CASES, ids=[f"{n}-" + "-".join(f"{k}={v}" for k, v in p.items()) for n, p in CASES]
)
def test_lesson_runs_to_the_end_with_changed_settings(number, parameters, monkeypatch):
    monkeypatch.setenv(STRICT_VARIABLE, "0")  # a student's session: notes, not failures
    path = LESSONS[number]
    notebook = parameterize_notebook(load_notebook_node(str(path)), parameters)
    failure = run_lessons.execute(notebook, folder=path.parent, timeout=300)
    assert failure is None, f"{path.name} with {parameters}: {failure}"
    notes = student_notes(notebook)
    assert "an array of shape" not in notes, "notes quote values, never shapes"
    boundary, condition = BOUNDARIES[number]
    if parameters == boundary:
        assert BROKEN + condition in notes, f"{path.name}: no note names {condition!r}:\n{notes}"
        assert notes.count(BROKEN + condition) == 1, "a broken condition is said once"


def student_notes(notebook) -> str:
    """What the lesson's hidden check cells printed: the sentences a student reads about their run."""
    return "".join(
        output.get("text", "")
        for cell in notebook.cells
        if "quoted-numbers" in cell.metadata.get("tags", [])
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )


@pytest.mark.parametrize("number", sorted(LESSONS))
def test_every_lesson_crosses_a_boundary_it_names(number):
    boundary, condition = BOUNDARIES[number]
    assert boundary in EXPERIMENTS[number], "the boundary is one of the lesson's experiments (no extra run)"
    sources = "\n".join(cell.source for cell in nbformat.read(LESSONS[number], as_version=4).cells)
    assert "quotes.given(" in sources, "the lesson states the condition its claims depend on"
