"""A run folder's train.py: plain Keras and pandas, no nnkit, and it reproduces the reported test metrics.

Tolerance: the script redoes the run's computation exactly (the same rows, seeded split, adapted
layers, initial weights, batch order and early stopping; deterministic ops and oneDNN off in both
processes, as nnkit.setup does), so its metrics are the run's, bit for bit. The comparison allows
only the rounding of the 6 significant digits the script prints (rel=1e-5), and the epochs run must
be equal.
"""

import re
import shutil
import sys
from pathlib import Path

import child_process
import numpy as np
import palmerpenguins
import pandas as pd
import pytest

import nnkit

PENGUINS = Path(palmerpenguins.__file__).parent / "data" / "penguins.csv"
FAST = {"hidden": (8,), "epochs": 8, "verbose": 0}
# Runs train.py with nnkit made unimportable: the script must stand alone.
WITHOUT_NNKIT = (
    "import runpy, sys; sys.modules['nnkit'] = None; sys.argv = sys.argv[1:]; "
    "runpy.run_path(sys.argv[0], run_name='__main__')"
)


def run_script(folder: Path, *arguments: str) -> str:
    command = [sys.executable, "-c", WITHOUT_NNKIT, str(folder / "train.py"), *arguments]
    return child_process.run(command, cwd=folder.parent, check=True).stdout


def reproduced(output: str) -> tuple[dict, int]:
    metrics = {
        name: (float(value), float(reported))
        for name, value, reported in re.findall(r"Test (\w+): (\S+) \(nnkit reported (\S+)\)", output)
    }
    epochs = int(re.findall(r"Epoch (\d+)/", output)[-1])
    return metrics, epochs


def test_the_script_reproduces_a_classifier_with_text_and_gaps(tmp_path):
    data = tmp_path / "penguins.csv"
    shutil.copy(PENGUINS, data)
    run = nnkit.prototype(data, target="species", hidden=(16, 8), epochs=12, verbose=0)
    folder = run.save(tmp_path / "run")
    source = (folder / "train.py").read_text()
    assert not re.search(r"^\s*(import|from)\s+nnkit", source, re.MULTILINE)
    assert "keras.layers.Dense(16, activation='relu')," in source  # keras_code's own lines
    metrics, epochs = reproduced(run_script(folder))  # the default path: the file it trained on
    assert set(metrics) == {"accuracy"}
    assert metrics["accuracy"][0] == pytest.approx(run.metrics["model"]["accuracy"], rel=1e-5)
    assert metrics["accuracy"][1] == pytest.approx(run.metrics["model"]["accuracy"], rel=1e-5)
    assert epochs == run.settings["epochs_run"]


def test_the_script_reproduces_a_regression_from_a_dataframe(tmp_path):
    rng = np.random.default_rng(3)
    n = 90
    frame = pd.DataFrame(
        {"a": rng.normal(size=n), "b": rng.normal(size=n), "colour": rng.choice(["r", "g", "b"], n)}
    )
    frame["price"] = np.abs(2 * frame.a - frame.b + (frame.colour == "r")) * 10
    frame["empty"] = np.nan
    frame.loc[[3, 17], "a"] = np.nan  # filled with the training mean
    frame.loc[[5], "price"] = np.nan  # the row is dropped
    run = nnkit.prototype(frame, target="price", drop=["empty"], hidden=(8,), epochs=15, verbose=0)
    assert run.task == "positive_regression"
    folder = run.save(tmp_path / "run")
    data = tmp_path / "prices.csv"
    frame.to_csv(data, index=False)
    metrics, epochs = reproduced(run_script(folder, str(data)))
    assert set(metrics) == {"mae", "rmse"}
    for name, (value, reported) in metrics.items():
        assert value == pytest.approx(run.metrics["model"][name], rel=1e-5)
        assert reported == pytest.approx(run.metrics["model"][name], rel=1e-5)
    assert epochs == run.settings["epochs_run"]


def test_without_a_file_the_script_asks_for_the_table(tmp_path):
    x = np.random.default_rng(0).normal(size=(40, 2))
    run = nnkit.prototype((x, (x[:, 0] > 0).astype(int)), hidden=(4,), epochs=1, verbose=0)
    folder = run.save(tmp_path / "run")
    result = child_process.run([sys.executable, str(folder / "train.py")])
    assert result.returncode == 2 and "the following arguments are required: data" in result.stderr


def test_the_script_redoes_the_columns_roles(tmp_path):
    """An id, a date-time, a constant, many-valued text and a forced category: the script drops,
    expands, caps and converts them as nnkit did, and reproduces the metrics."""
    rng = np.random.default_rng(4)
    n = 160
    frame = pd.DataFrame(
        {
            "ticket": rng.permutation(np.arange(1, n + 1)),
            "when": pd.date_range("2024-03-01 06:00", periods=n, freq="5h").astype(str),
            "desk": ["A"] * n,
            "agent": [f"agent{rng.integers(0, 130)}" for _ in range(n)],
            "zone": rng.choice([1, 2, 3], n),
            "load": rng.normal(size=n),
        }
    )
    frame["late"] = np.where(frame.load + (frame.zone == 2) > 0.3, "yes", "no")
    data = tmp_path / "tickets.csv"
    frame.to_csv(data, index=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("nnkit.prototyping.roles.CATEGORY_LIMIT", 40)  # 'agent' keeps 40 of its ~90 values
        run = nnkit.prototype(data, target="late", roles={"zone": "category"}, **FAST)
    assert {r.name: r.role for r in run.roles} == {
        "ticket": "identifier", "when": "datetime", "desk": "constant", "agent": "text", "zone": "category",
        "load": "number",
    }
    folder = run.save(tmp_path / "run")
    source = (folder / "train.py").read_text()
    assert "def prepare_columns(table, plan):" in source and "def top_values(values, limit):" in source
    metrics, epochs = reproduced(run_script(folder))
    assert metrics["accuracy"][0] == pytest.approx(run.metrics["model"]["accuracy"], rel=1e-5)
    assert epochs == run.settings["epochs_run"]
