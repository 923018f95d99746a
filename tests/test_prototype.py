"""nnkit.prototype, its run folder and the `nnkit train` / `nnkit predict` commands (issue 12)."""

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import palmerpenguins
import pandas as pd
import pytest
from click.testing import CliRunner

import nnkit
from nnkit.cli import main
from nnkit.prototyping import TableError, infer_task, load_run, prototype_script

PENGUINS = Path(palmerpenguins.__file__).parent / "data" / "penguins.csv"
FAST = {"hidden": (8,), "epochs": 2, "verbose": 0}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def penguins_run():
    """One penguins run shared by the tests that read it (training is the slow part)."""
    nnkit.setup(seed=0)
    return nnkit.prototype(pd.read_csv(PENGUINS), target="species", epochs=15, verbose=0)


# Task inference, without training.


@pytest.mark.parametrize(
    ("values", "task"),
    [
        (["yes", "no"] * 10, "binary"),
        (["a", "b", "c"] * 10, "multiclass"),
        ([0, 1, 2, 3] * 10, "multiclass"),
        (np.linspace(-1, 1, 40), "regression"),
        (np.linspace(0, 5, 40), "positive_regression"),
    ],
)
def test_infers_the_task_from_one_target_column(values, task):
    assert infer_task(pd.DataFrame({"t": values})).task == task


def test_several_0_1_targets_are_multilabel_and_the_reason_says_why():
    choice = infer_task(pd.DataFrame({"even": [0, 1, 0, 1], "big": [1, 1, 0, 0]}))
    assert (choice.task, choice.classes) == ("multilabel", ["even", "big"])
    assert "0/1" in choice.reason


def test_task_overrides_inference_when_it_fits_and_refuses_when_it_does_not():
    counts = pd.DataFrame({"t": [0, 1, 2, 3] * 10})
    assert infer_task(counts, task="regression").task == "regression"
    with pytest.raises(TableError, match="task='binary' but target 't' has 4 classes.*Fix"):
        infer_task(counts, task="binary")
    with pytest.raises(TableError, match="needs a numeric target.*Fix"):
        infer_task(pd.DataFrame({"t": ["a", "b"]}), task="regression")
    with pytest.raises(TableError, match="unknown task.*Fix"):
        infer_task(counts, task="classification")


# Every task kind trains, predicts and reports against its baseline.


def frame_for(task: str, n: int = 60) -> tuple[pd.DataFrame, object]:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {"a": rng.normal(size=n), "b": rng.normal(size=n), "colour": rng.choice(["r", "g"], n)}
    )
    if task == "binary":
        frame["t"] = np.where(frame.a > 0, "pos", "neg")
    elif task == "multiclass":
        frame["t"] = np.digitize(frame.a, [-0.5, 0.5])
    elif task == "regression":
        frame["t"] = 2 * frame.a - frame.b
    elif task == "positive_regression":
        frame["t"] = np.abs(frame.a) * 3
    else:
        frame["t1"], frame["t2"] = (frame.a > 0).astype(int), (frame.b > 0).astype(int)
        return frame, ["t1", "t2"]
    return frame, "t"


@pytest.mark.parametrize("task", ["binary", "multiclass", "multilabel", "regression", "positive_regression"])
def test_every_task_kind_trains_and_predicts_raw_rows(task, capsys):
    frame, target = frame_for(task)
    before = frame.copy()
    run = nnkit.prototype(frame, target=target, **FAST)
    pd.testing.assert_frame_equal(frame, before)  # the caller's table is never modified
    assert run.task == task
    assert f"Task: {task}, because" in capsys.readouterr().out
    assert set(run.metrics) == {"model", "baseline"}
    assert len(run.history["loss"]) == 2 and "val_loss" in run.history
    new = frame.drop(columns=target).head(5)
    predictions = run.predict(new)
    assert len(predictions) == 5
    if task in ("regression", "positive_regression"):
        assert set(run.metrics["model"]) == {"mae", "rmse"}
        assert list(predictions.columns) == ["row", "predicted_t", "unseen_categories"]
    elif task == "multilabel":
        assert list(predictions.columns) == [
            "row",
            "predicted_t1",
            "predicted_t2",
            "probability_t1",
            "probability_t2",
            "unseen_categories",
        ]
    else:
        assert set(run.metrics["model"]) == {"accuracy", "confusion_matrix"}
        np.testing.assert_allclose(run.predict_proba(new).sum(axis=1), 1, rtol=1e-5)
    if task == "positive_regression":
        assert (predictions.predicted_t >= 0).all()


def test_numpy_x_y_works_and_the_split_is_stratified_and_seeded():
    x = np.random.default_rng(1).normal(size=(80, 3))
    y = np.repeat([0, 1, 2, 3], 20)
    run = nnkit.prototype((x, y), **FAST)
    again = nnkit.prototype((x, y), **FAST)
    assert run.split == again.split
    for part in ("train", "validation", "test"):
        assert np.bincount(y[run.split[part]]).tolist() == [len(run.split[part]) // 4] * 4


# The Palmer penguins: a real table with text columns and missing values.


def test_penguins_end_to_end_in_python(penguins_run):
    run = penguins_run
    assert run.task == "multiclass" and run.classes == ["Adelie", "Chinstrap", "Gentoo"]
    assert run.metrics["model"]["accuracy"] > 0.9 > run.metrics["baseline"]["accuracy"]
    sex = next(column for column in run.columns if column.name == "sex")
    assert sex.kind == "text" and sex.missing > 0
    bill = next(column for column in run.columns if column.name == "bill_length_mm")
    assert bill.kind == "numeric" and 40 < bill.fill < 48


def test_penguins_model_takes_raw_rows_with_gaps_and_unseen_values(penguins_run):
    new = pd.read_csv(PENGUINS).drop(columns="species").tail(3).copy()
    new.loc[new.index[0], "bill_length_mm"] = np.nan
    new.loc[new.index[1], "island"] = "Atlantis"
    with pytest.warns(UserWarning, match="rows per column: 'island' 1 "):
        predictions = penguins_run.predict(new)
    assert predictions.predicted_species.isin(penguins_run.classes).all()
    assert np.isfinite(predictions.filter(like="probability_").to_numpy()).all()


# The run folder.


def test_run_folder_holds_everything_and_reloads_to_the_same_predictions(penguins_run, tmp_path):
    folder = penguins_run.save(tmp_path / "run")
    names = {path.name for path in folder.iterdir()}
    assert names == {
        "model.keras",
        "train.py",
        "history.csv",
        "training_curves.png",
        "confusion_matrix.png",
        "summary.md",
        "summary.json",
    }
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["task"] == "multiclass" and summary["target"] == ["species"]
    assert summary["metrics"]["accuracy"] == penguins_run.metrics["model"]["accuracy"]
    assert "accuracy" in summary["baseline"] and summary["model"]["hidden"] == [128, 64]
    assert len(pd.read_csv(folder / "history.csv")) == summary["model"]["epochs_run"]
    markdown = (folder / "summary.md").read_text()
    assert "| accuracy |" in markdown and "- Task: multiclass, because" in markdown
    assert prototype_script(load_run(folder)) == (folder / "train.py").read_text()  # a read-back run too
    rows = pd.read_csv(PENGUINS).head(4)
    pd.testing.assert_frame_equal(load_run(folder).predict(rows), penguins_run.predict(rows))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["run"]  # no temporary folder left


def test_regression_run_folder_has_a_residual_plot(tmp_path):
    frame, target = frame_for("regression")
    folder = nnkit.prototype(frame, target=target, **FAST).save(tmp_path / "run")
    assert (folder / "residuals.png").is_file() and not (folder / "confusion_matrix.png").exists()


def test_save_never_overwrites_unless_asked_and_leaves_nothing_half_written(
    penguins_run, tmp_path, monkeypatch
):
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep")
    with pytest.raises(FileExistsError, match="already exists. Fix: .*overwrite=True"):
        penguins_run.save(folder)
    assert [path.name for path in folder.iterdir()] == ["mine.txt"]

    def broken_save(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(penguins_run.model, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        penguins_run.save(folder, overwrite=True)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["run"]
    assert [path.name for path in folder.iterdir()] == ["mine.txt"]  # the old folder is intact
    monkeypatch.undo()
    penguins_run.save(folder, overwrite=True)
    assert (folder / "model.keras").is_file() and not (folder / "mine.txt").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["run"]


# The command line.


def test_cli_train_and_predict_on_penguins(tmp_path):
    data = tmp_path / "penguins.csv"
    shutil.copy(PENGUINS, data)
    before = digest(data)
    runner = CliRunner()
    result = runner.invoke(
        main, ["train", str(data), "--target", "species", "--epochs", "3", "--hidden", "8"]
    )
    assert result.exit_code == 0, result.output
    assert "Task: multiclass, because target 'species' holds text" in result.output
    assert "Epoch 3/3" in result.output  # Keras's progress
    assert "accuracy" in result.output and "baseline" in result.output
    run_dir = tmp_path / "penguins_run"
    assert (run_dir / "summary.json").is_file()

    new = tmp_path / "new.csv"
    pd.read_csv(PENGUINS).drop(columns="species").head(5).to_csv(new, index=False)
    out = tmp_path / "predictions.csv"
    result = runner.invoke(main, ["predict", str(run_dir), str(new), "--out", str(out)])
    assert result.exit_code == 0, result.output
    predictions = pd.read_csv(out)
    assert list(predictions.columns) == [
        "row",
        "predicted_species",
        "probability_Adelie",
        "probability_Chinstrap",
        "probability_Gentoo",
        "unseen_categories",
    ]
    assert len(predictions) == 5

    result = runner.invoke(main, ["train", str(data), "--target", "species", "--epochs", "1"])
    assert result.exit_code == 1 and "already exists. Fix:" in result.output
    renamed = tmp_path / "renamed.csv"
    pd.read_csv(new).rename(columns={"island": "Island"}).to_csv(renamed, index=False)
    result = runner.invoke(main, ["predict", str(run_dir), str(renamed)])
    assert result.exit_code == 1
    assert "columns differ from training: it lacks ['island'] and has ['Island'] too." in result.output
    assert digest(data) == before


def test_cli_reports_bad_input_with_a_clear_message(tmp_path):
    data = tmp_path / "penguins.csv"
    shutil.copy(PENGUINS, data)
    result = CliRunner().invoke(main, ["train", str(data), "--target", "Species"])
    assert result.exit_code == 1
    assert "no target column 'Species'" in result.output and "Fix:" in result.output
    result = CliRunner().invoke(main, ["train", str(data), "--target", "species", "--hidden", "a,b"])
    assert result.exit_code == 2 and "--hidden 64,32" in result.output
    assert not (tmp_path / "penguins_run").exists()


# Bad input: each a clear error naming the column or option and the fix; the file is never modified.


def csv(tmp_path, text: str | bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


GOOD = "a,b,t\n" + "".join(f"{i},{i % 3},{'x' if i % 2 else 'y'}\n" for i in range(30))


@pytest.mark.parametrize(
    ("text", "target", "message"),
    [
        (GOOD, "label", r"no target column 'label'\. Its columns are \['a', 'b', 't'\]\. Fix"),
        ("", "t", r"data\.csv is empty\. Fix"),
        ("a,b,t\n", "t", r"no rows\. Fix"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "t", r"not a table .* Fix: save it as comma-separated"),
        ("just some words\nin a text file\n", "t", r"single column .* Fix"),
        ("a,t\n" + "1,x\n" * 30, "t", r"target 't' has a single value \('x'\) in every row.*Fix"),
        (
            GOOD.replace("\n3,0,", "\n3x,0,"),
            "t",
            r"column 'a' holds numbers but also text: '3x' \(row 3\).*Fix",
        ),
    ],
    ids=[
        "missing target",
        "empty file",
        "header only",
        "not a table",
        "one column",
        "one class",
        "text in a numeric column",
    ],
)
def test_bad_tables_get_a_clear_error_and_stay_untouched(tmp_path, text, target, message):
    path = csv(tmp_path, text)
    before = digest(path)
    with pytest.raises(TableError, match=message):
        nnkit.prototype(path, target=target, **FAST)
    assert digest(path) == before


def test_a_missing_file_and_bad_options_are_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="no file at .*Fix"):
        nnkit.prototype(tmp_path / "nope.csv", target="t")
    path = csv(tmp_path, GOOD)
    with pytest.raises(TableError, match=r"hidden must list .* hidden=\(0,\)\. Fix: hidden=\(128, 64\)"):
        nnkit.prototype(path, target="t", hidden=(0,))
    with pytest.raises(TableError, match="drop=\\['z'\\] names columns the table does not have"):
        nnkit.prototype(path, target="t", drop=["z"])


def test_an_all_missing_column_can_be_dropped(tmp_path, capsys):
    path = csv(tmp_path, "a,b,t\n" + "".join(f"{i % 7},,{'x' if i % 2 else 'y'}\n" for i in range(30)))
    run = nnkit.prototype(path, target="t", drop=["b"], **FAST)
    assert [column.name for column in run.columns] == ["a"]
    assert "dropped column(s) 'b' as asked" in capsys.readouterr().out


def test_predict_refuses_columns_that_differ_from_training(tmp_path):
    frame, target = frame_for("binary")
    run = nnkit.prototype(frame, target=target, **FAST)
    with pytest.raises(TableError, match=r"differ from training: it lacks \['colour'\]\. .*Fix"):
        run.predict(frame.drop(columns=["t", "colour"]))
    with pytest.raises(TableError, match=r"differ from training: it has \['extra'\] too\. .*Fix"):
        run.predict(frame.assign(extra=1))
    with pytest.raises(TableError, match="column 'a' was numeric in training but holds text here: 'n/a!'"):
        run.predict(frame.astype({"a": object}).assign(a=["n/a!"] * len(frame)))


def test_cli_task_override_drop_and_predictions_on_stdout(tmp_path):
    frame, _ = frame_for("multiclass")
    frame["empty"] = np.nan
    data = tmp_path / "counts.csv"
    frame.to_csv(data, index=False)
    runner = CliRunner()
    out = tmp_path / "run"
    arguments = ["train", str(data), "--target", "t", "--task", "regression", "--drop", "empty"]
    result = runner.invoke(main, [*arguments, "--epochs", "2", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Task: regression, because task='regression' as asked" in result.output
    assert "mae" in result.output and "rmse" in result.output and "Epoch" not in result.output
    assert (out / "residuals.png").is_file()
    result = runner.invoke(main, ["predict", str(out), str(data)])  # the target column may stay
    assert result.exit_code == 1 and "has ['empty'] too" in result.output  # --drop: refused, as asked
    frame.drop(columns="empty").head(3).to_csv(data, index=False)
    result = runner.invoke(main, ["predict", str(out), str(data)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "row,predicted_t,unseen_categories"
    assert len(result.output.splitlines()) == 4
