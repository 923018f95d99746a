"""Lessons survive a student's experiments: each runs to the end with its `parameters` cell changed.

Parameters are injected the way papermill does (a new cell after the one tagged
`parameters`), then the lesson runs in a fresh kernel in a student's mode: a
quoted number that moved prints a sentence (nnkit.claims) instead of failing.
"""

import ast
import copy
import sys
from pathlib import Path

import nbformat
import pytest
from papermill.parameterize import parameterize_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import run_lessons  # noqa: E402

from nnkit.claims import STRICT_VARIABLE  # noqa: E402

# Per lesson, the settings a student is likely to try: other seeds, fewer epochs, other rates.
EXPERIMENTS = {
    "01": [],
    "02": [],
    "03": [],
    "04": [],
    "05": [],
    "06": [],
    "07": [],
    "08": [],
    "09": [],
    "10": [],
    "11": [],
    "12": [],
    "13": [],
    "14": [],
}
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
    notebook = parameterize_notebook(copy.deepcopy(nbformat.read(path, as_version=4)), parameters)
    failure = run_lessons.execute(notebook, folder=path.parent, timeout=300)
    assert failure is None, f"{path.name} with {parameters}: {failure}"
