"""Prototypes an analyst can trust (issue 22): roles and warnings end to end, the complete report,
bounded figures, safe saving, predictions with ids and unseen categories, the CLI's new flags."""

import json
import os
import signal
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import nnkit
from nnkit.cli import main
from nnkit.prototyping import TableError, load_run, prototype_script
from nnkit.prototyping import run_folder as run_folder_module
from nnkit.prototyping.evaluation import bootstrap_mae, wilson_interval
from nnkit.prototyping.run_folder import confused_pairs, confusion_figure

FAST = {"hidden": (8,), "epochs": 3, "verbose": 0}


def shop_table(n: int = 120) -> pd.DataFrame:
    """Orders: an id, a timestamp, a constant, a colour (with gaps), a size; the target 'returned'."""
    rng = np.random.default_rng(0)
    size = rng.normal(size=n)
    return pd.DataFrame(
        {
            "order_id": rng.permutation(np.arange(5000, 5000 + n)),
            "placed": pd.date_range("2024-01-01", periods=n, freq="13h").astype(str),
            "shop": ["online"] * n,
            "colour": rng.choice(["red", "green", "blue", None], n),
            "size": np.where(rng.random(n) < 0.1, np.nan, size),
            "returned": np.where(size > 0, "yes", "no"),
        }
    )


@pytest.fixture(scope="module")
def shop_run():
    nnkit.setup(seed=0)
    return nnkit.prototype(shop_table(), target="returned", **FAST)


def test_roles_are_reported_used_and_kept(shop_run, tmp_path):
    roles = {role.name: role.role for role in shop_run.roles}
    assert roles == {
        "order_id": "identifier",
        "placed": "datetime",
        "shop": "constant",
        "colour": "category",
        "size": "number",
    }
    assert "order_id" not in [column.name for column in shop_run.columns]
    assert {"placed_month", "placed_hour"} <= {column.name for column in shop_run.columns}
    report = "\n".join(shop_run.report)
    assert "Column 'order_id': identifier, dropped: " in report and "Column 'placed': datetime: " in report
    assert "Column 'shop': constant, dropped: the same value ('online')" in report
    folder = shop_run.save(tmp_path / "run")
    summary = json.loads((folder / "summary.json").read_text())
    assert {role["name"]: role["role"] for role in summary["roles"]} == roles
    markdown = (folder / "summary.md").read_text()
    for line in shop_run.report:  # everything the console said
        assert f"- {line}" in markdown
    assert "| order_id | identifier | no |" in markdown
    assert "stratified by class" in markdown
    # Missing cells over all rows and per split, not the training rows only.
    missing = summary["data"]["missing"]["size"]
    assert missing["all"] == missing["train"] + missing["validation"] + missing["test"] > missing["train"]
    assert f"'size' in {missing['all']} of 120 rows (train {missing['train']}," in markdown
    # The script redoes the roles too.
    assert "def prepare_columns(table, plan):" in prototype_script(shop_run)


def test_predictions_carry_an_id_and_count_unseen_categories(shop_run, tmp_path):
    new = shop_table(6).drop(columns="returned")
    new["colour"] = ["purple", "red", "purple", None, "teal", "blue"]
    with pytest.warns(UserWarning, match=r"never seen in training, rows per column: 'colour' 3"):
        predictions = shop_run.predict(new)
    assert predictions.columns[0] == "order_id"  # the training table's identifier, found in the rows
    assert predictions.order_id.tolist() == new.order_id.tolist()
    assert predictions.unseen_categories.tolist() == ["colour", "", "colour", "", "colour", ""]
    assert predictions.attrs["unseen"] == {"colour": 3}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # rows seen in training: no warning
        assert shop_run.predict(new.head(2).assign(colour="red"), id_column="placed").columns[0] == "placed"
    with pytest.raises(TableError, match=r"the id column \(--id\) 'nope'"):
        shop_run.predict(new, id_column="nope")


def test_cli_predict_writes_ids_and_warns_about_unseen_categories(shop_run, tmp_path):
    folder = shop_run.save(tmp_path / "run")
    new = tmp_path / "new.csv"
    shop_table(4).drop(columns="returned").assign(colour=["purple", "red", "red", "red"]).to_csv(
        new, index=False
    )
    result = CliRunner().invoke(main, ["predict", str(folder), str(new), "--id", "placed"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("placed,predicted_returned,")
    assert "Warning: values never seen in training, rows per column: 'colour' 1" in result.stderr


def test_a_model_that_does_not_beat_the_baseline_and_a_small_test_split_are_warned_about(tmp_path):
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"noise": rng.normal(size=60), "label": rng.choice(["a", "b"], 60, p=[0.7, 0.3])})
    run = nnkit.prototype(frame, target="label", hidden=(4,), epochs=1, verbose=0)
    text = " | ".join(run.warnings)
    assert "does not beat the baseline" in text
    low, high = run.intervals["accuracy"]
    assert low < run.metrics["model"]["accuracy"] < high
    assert "only 12 rows" in text and f"{low:.4f} to {high:.4f} (Wilson)" in text
    markdown = (run.save(tmp_path / "run") / "summary.md").read_text()
    assert "## Warnings" in markdown and "does not beat the baseline" in markdown


def test_intervals_wilson_and_bootstrap():
    low, high = wilson_interval(15, 15)  # a perfect score on 15 rows is not certainty
    assert high == 1.0 and 0.79 < low < 0.80
    low, high = bootstrap_mae(np.r_[np.zeros(50), np.full(50, 2.0)])
    assert low < 1.0 < high and high - low < 0.5


def test_a_target_coded_1_to_7_that_loses_to_the_baseline_says_how_to_read_amounts():
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({"x": rng.normal(size=140)})
    frame["rating"] = np.clip(np.round(frame.x * 1.5 + 4), 1, 7).astype(int)
    run = nnkit.prototype(frame, target="rating", hidden=(4,), epochs=1, learning_rate=1e-4, verbose=0)
    assert run.task == "multiclass" and "--task regression" in run.reason
    (loses,) = [w for w in run.warnings if "does not beat the baseline" in w]
    assert "read as classes: if they are ordered amounts" in loses and "(--task regression)" in loses
    assert nnkit.prototype(frame, target="rating", task="regression", **FAST).task == "regression"
    digits = pd.DataFrame({"x": rng.normal(size=140), "label": np.repeat(np.arange(7), 20)})
    clear = digits.assign(x=digits.label + rng.normal(0, 0.1, 140))
    good = nnkit.prototype(clear, target="label", hidden=(16,), epochs=40, learning_rate=0.03, verbose=0)
    assert not any("read as classes" in w for w in good.warnings)  # no alarm when it learns


def test_a_non_negative_target_cannot_get_stuck_at_zero():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"x": rng.normal(size=100)})
    frame["rain_mm"] = np.maximum(0, frame.x * 3 + rng.normal(size=100))  # many exact zeros
    run = nnkit.prototype(frame, target="rain_mm", **FAST)
    assert run.task == "positive_regression"
    assert [layer.name for layer in run.model.layers][-3:] == [
        "target_offset",
        "non_negative",
        "target_scale",
    ]
    far = run.predict(pd.DataFrame({"x": [-50.0, -5.0, 0.0]}))["predicted_rain_mm"].to_numpy()
    assert (far > 0).all()  # softplus: above 0 however negative the network's output, never pinned at it


def test_figures_and_tables_stay_bounded_with_many_classes():
    matrix = np.diag(np.full(60, 3))
    matrix[4, 7], matrix[9, 1] = 5, 2
    figure = confusion_figure(matrix, [f"c{i}" for i in range(60)])
    assert len(figure.axes[0].texts) == 0  # no 3,600 numbers
    assert confused_pairs(matrix, [f"c{i}" for i in range(60)]) == [
        {"true": "c4", "predicted": "c7", "rows": 5},
        {"true": "c9", "predicted": "c1", "rows": 2},
    ]
    small = confusion_figure(np.array([[2, 1], [0, 3]]), ["a", "b"])
    assert [text.get_text() for text in small.axes[0].texts] == ["2", "1", "0", "3"]


def test_a_failed_or_terminated_save_leaves_no_partial_folder(shop_run, tmp_path, monkeypatch):
    stale = tmp_path / ".run.abc123.partial"  # left by a run killed while saving
    stale.mkdir()

    def terminated(run, folder):
        (folder / "model.keras").write_text("half")
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(run_folder_module, "_write", terminated)
    with pytest.raises(KeyboardInterrupt):
        shop_run.save(tmp_path / "run")
    assert list(tmp_path.iterdir()) == []  # neither the stale nor the new partial folder
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler is put back


def test_run_folders_follow_the_umask(shop_run, tmp_path):
    previous = os.umask(0o022)
    try:
        folder = shop_run.save(tmp_path / "run")
    finally:
        os.umask(previous)
    assert folder.stat().st_mode & 0o777 == 0o755


def test_cli_keep_drop_and_role_flags(tmp_path):
    data = tmp_path / "shop.csv"
    shop_table().to_csv(data, index=False)
    runner = CliRunner()
    arguments = ["train", str(data), "--target", "returned", "--epochs", "2", "--hidden", "4", "--quiet"]
    result = runner.invoke(
        main,
        [
            *arguments,
            "--keep",
            "order_id",
            "--role",
            "placed=drop",
            "--drop",
            "shop",
            "--out",
            str(tmp_path / "a"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        "kept as asked (--keep)" in result.output and "dropped as asked (--role placed=drop)" in result.output
    )
    assert result.output.count("Test accuracy") == 1 and "Test metric" not in result.output
    for flags, message in (
        (["--role", "placed"], "--role 'placed' is not COL=ROLE"),
        (["--role", "placed=amount"], "--role 'placed=amount' is not COL=ROLE"),
        (["--keep", "shop", "--drop", "shop"], "--keep and --drop both name ['shop']"),
        (["--keep", "colour", "--role", "colour=text"], "--keep and --role both name ['colour']"),
        (["--keep", "nope"], "keep (--keep) names columns that are not inputs of the table: ['nope']"),
    ):
        result = runner.invoke(main, [*arguments, *flags, "--out", str(tmp_path / "b")])
        assert result.exit_code == 1 and message in result.output, result.output


def test_bad_new_flags_are_refused_before_tensorflow_loads(tmp_path):
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom nnkit.cli import main\n"
        "result = CliRunner().invoke(main, ['train', 'x.csv', '--target', 't', '--role', 'a=amount'])\n"
        "assert result.exit_code == 1, result.output\n"
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert output.stdout.split() == ["False", "False"]


def test_scores_print_with_fixed_decimals(capsys, tmp_path):
    frame = pd.DataFrame({"x": np.repeat([-2.0, 2.0], 30)})
    frame["sign"] = np.where(frame.x > 0, "plus", "minus")
    run = nnkit.prototype(frame, target="sign", hidden=(4,), epochs=60, learning_rate=0.05, verbose=0)
    out = capsys.readouterr().out
    assert run.metrics["model"]["accuracy"] == 1.0 and "Test accuracy: 1.0000 (95%: " in out
    assert load_run(run.save(tmp_path / "run")).warnings == run.warnings
