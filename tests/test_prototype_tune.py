"""prototype(tune=...) and `nnkit train --tune`: a small KerasTuner search, its table, the best trained."""

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import nnkit
from nnkit.cli import main
from nnkit.prototyping import tuning


def separable(n: int = 90) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {"a": rng.normal(size=n), "b": rng.normal(size=n), "colour": rng.choice(["r", "g"], n)}
    )
    frame["t"] = np.where(frame.a + frame.b > 0, "yes", "no")
    return frame


def test_tune_tries_the_budget_reports_the_table_and_trains_the_best(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # KerasTuner's files must not land in the working folder
    run = nnkit.prototype(separable(), target="t", tune=3, epochs=3, verbose=0)
    trials = run.trials
    assert list(trials.columns) == [
        "trial",
        "hidden",
        "learning_rate",
        "epochs",
        "val_loss",
        "val_binary_accuracy",
    ]
    assert sorted(trials.trial) == [1, 2, 3] and trials.val_loss.is_monotonic_increasing  # best first
    configurations = set(zip(trials.hidden, trials.learning_rate, strict=True))
    assert len(configurations) == 3  # three different configurations
    for hidden, rate in configurations:
        assert hidden[0] in tuning.WIDTHS and len(hidden) in tuning.DEPTHS and rate in tuning.LEARNING_RATES
        assert hidden == tuning.hidden_widths(hidden[0], len(hidden))
    best = trials.iloc[0]
    assert run.settings["hidden"] == list(best.hidden) and run.settings["learning_rate"] == best.learning_rate
    dense = [layer.units for layer in run.model.layers if hasattr(layer, "units")]
    assert dense == [*best.hidden, 1]  # the best configuration is the model trained
    out = capsys.readouterr().out
    assert "Tuning: 3 trials of widths, depths and learning rates (KerasTuner RandomSearch, seed 0)" in out
    assert "val_loss" in out and f"Best: hidden {tuple(best.hidden)}" in out
    assert out.index("Best:") < out.index("Trained")
    assert list(tmp_path.iterdir()) == []  # nothing left behind

    folder = run.save(tmp_path / "run")
    summary = json.loads((folder / "summary.json").read_text())
    assert [trial["trial"] for trial in summary["tuning"]] == trials.trial.tolist()
    assert summary["tuning"][0]["hidden"] == list(best.hidden)
    assert "## Tuning: 3 trials" in (folder / "summary.md").read_text()
    loaded = nnkit.prototyping.load_run(folder)
    pd.testing.assert_series_equal(loaded.trials.val_loss, trials.val_loss)


def test_the_search_is_seeded(capsys):
    first = nnkit.prototype(separable(), target="t", tune=2, epochs=2, verbose=0).trials
    again = nnkit.prototype(separable(), target="t", tune=2, epochs=2, verbose=0).trials
    pd.testing.assert_frame_equal(first, again)


@pytest.mark.parametrize(("tune", "error"), [(0, ValueError), (2.5, TypeError), ("8", TypeError)])
def test_tune_must_be_a_whole_number_of_trials(tune, error):
    with pytest.raises(error, match=r"prototype: tune must be .* Fix"):
        nnkit.prototype(separable(), target="t", tune=tune)


def test_cli_tune(tmp_path):
    data = tmp_path / "table.csv"
    separable().to_csv(data, index=False)
    result = CliRunner().invoke(
        main, ["train", str(data), "--target", "t", "--tune", "2", "--epochs", "2", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert "Tuning: 2 trials" in result.output and "Best: hidden" in result.output
    summary = json.loads((tmp_path / "table_run" / "summary.json").read_text())
    assert len(summary["tuning"]) == 2 and summary["model"]["tune"] == 2
    result = CliRunner().invoke(main, ["train", str(data), "--target", "t", "--tune", "0"])
    assert result.exit_code == 2 and "--tune" in result.output
