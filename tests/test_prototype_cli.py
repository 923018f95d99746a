"""The command line: `nnkit train` and `nnkit predict` on a CSV of the bundled digits, and every --help."""

import re

import click
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import nnkit
from nnkit.cli import main


def digits_csv(path, x, y) -> None:
    frame = pd.DataFrame(x, columns=[f"pixel{i}" for i in range(x.shape[1])])
    frame["label"] = y
    frame.to_csv(path, index=False)


def test_train_then_predict_on_a_csv_of_the_bundled_digits(tmp_path):
    (x_train, y_train), (x_test, y_test) = nnkit.datasets.mnist()
    keep = np.concatenate([np.flatnonzero(y_train == digit)[:30] for digit in range(10)])  # 300 digits
    data = tmp_path / "digits.csv"
    digits_csv(data, x_train[keep], y_train[keep])
    runner = CliRunner()
    result = runner.invoke(
        main, ["train", str(data), "--target", "label", "--hidden", "32", "--epochs", "15"]
    )
    assert result.exit_code == 0, result.output
    assert "Task: multiclass, because target 'label' holds only 10 distinct whole numbers" in result.output
    assert "784 columns" not in result.output and "Epoch 1/15" in result.output
    line = r"^Test accuracy: (\d\.\d{4}) \(95%: .*; baseline (\d\.\d{4})\)\.$"
    found = re.search(line, result.output, re.M)
    accuracy, baseline = float(found[1]), float(found[2])
    assert accuracy > baseline + 0.3  # well above guessing one digit
    assert result.output.count("Test accuracy") == 1  # the metrics are printed once
    assert "Columns: " in result.output and "constant, dropped" in result.output  # blank border pixels
    run_dir = tmp_path / "digits_run"
    assert {"model.keras", "train.py", "summary.json", "confusion_matrix.png"} <= {
        p.name for p in run_dir.iterdir()
    }

    new = tmp_path / "new_digits.csv"
    digits_csv(new, x_test[:20], y_test[:20])  # the label column may stay
    out = tmp_path / "predictions.csv"
    result = runner.invoke(main, ["predict", str(run_dir), str(new), "--out", str(out)])
    assert result.exit_code == 0, result.output
    predictions = pd.read_csv(out)
    probabilities = [f"probability_{digit}" for digit in range(10)]
    assert list(predictions.columns) == ["row", "predicted_label", *probabilities]
    assert predictions.row.tolist() == list(range(1, 21))  # the input's row numbers
    assert len(predictions) == 20 and predictions.predicted_label.isin(range(10)).all()
    np.testing.assert_allclose(predictions.filter(like="probability_").sum(axis=1), 1, rtol=1e-5)
    assert (predictions.predicted_label == y_test[:20]).mean() > 0.5


def test_the_group_help_names_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("lessons", "doctor", "train", "predict", "progress", "grade"):
        assert f"nnkit {name}" in result.output  # the usage lines
        assert f"\n  {name} " in result.output  # the command list
    assert set(main.commands) == {"lessons", "doctor", "train", "predict", "progress", "grade"}


@pytest.mark.parametrize("name", ["lessons", "doctor", "train", "predict", "progress"])
def test_each_command_help_documents_its_options(name):
    command = main.commands[name]
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    first_line = command.help.split("\n")[0]
    assert first_line and " ".join(first_line.split()) in " ".join(result.output.split())  # re-wrapped
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            assert parameter.help, f"{name} {parameter.opts[0]} has no help text"
            assert parameter.opts[0] in result.output
        else:
            assert parameter.human_readable_name in result.output  # arguments are named in the usage line
