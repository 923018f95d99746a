"""A prototype's run folder: model, script, history, figures and summary, written whole or not at all.

``model.keras``, ``train.py`` (the training again in plain Keras, see
:func:`nnkit.codegen.prototype_script`), ``history.csv``, ``training_curves.png``,
``confusion_matrix.png`` (classifiers) or ``residuals.png`` (regression), ``summary.md`` and
``summary.json`` (with the table of what ``tune=`` tried, if it ran). Everything is written to a
temporary folder beside the target and renamed into place at the end, so a failure leaves nothing
half-written; an existing folder is replaced only with ``overwrite=True``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path

import numpy as np

from nnkit.prototyping.preprocessing import Column
from nnkit.prototyping.table import TableError, _pandas

FILES = ("model.keras", "train.py", "history.csv", "training_curves.png", "summary.md", "summary.json")


def save_run(run, folder, *, overwrite: bool = False) -> Path:
    """Write ``run`` (a :class:`~nnkit.prototyping.Prototype`) to ``folder``; returns the folder's path.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> save_run(None, folder)
        Traceback (most recent call last):
        ...
        FileExistsError: save: the run folder ... already exists. Fix: ...
    """
    folder = Path(folder).expanduser()
    if folder.exists() and not overwrite:
        raise FileExistsError(
            f"save: the run folder {str(folder)!r} already exists. Fix: choose another folder, or pass "
            "overwrite=True (--overwrite on the command line) to replace it."
        )
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"save: {str(folder)!r} is a file, not a folder. Fix: choose another name.")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".partial", dir=folder.parent))
    try:
        _write(run, staging)
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent))
            os.replace(folder, old / "run")
            os.replace(staging, folder)
            shutil.rmtree(old)
        else:
            os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def _write(run, folder: Path) -> None:
    import matplotlib.pyplot as plt

    from nnkit import plots
    from nnkit.codegen import prototype_script
    from nnkit.prototyping.curves import draw_curves

    run.model.save(folder / "model.keras")
    (folder / "train.py").write_text(prototype_script(run))
    _pandas().DataFrame(run.history).rename_axis("epoch").rename(lambda i: i + 1).to_csv(
        folder / "history.csv"
    )
    figure = run.figure if run.figure is not None else draw_curves(run.history)
    figure.savefig(folder / "training_curves.png", dpi=100, bbox_inches="tight")
    if "confusion_matrix" in run.metrics["model"]:
        matrix = np.array(run.metrics["model"]["confusion_matrix"])
        ax = plots.confusion_matrix(
            matrix, labels=[str(c) for c in run.classes], title="Test confusion matrix"
        )
        ax.figure.savefig(folder / "confusion_matrix.png", dpi=100, bbox_inches="tight")
        plt.close(ax.figure)
    if run.test_predictions is not None:  # regression (a run read back by load_run has none)
        _residual_plot(run, folder / "residuals.png")
    summary = summary_dict(run)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    (folder / "summary.md").write_text(summary_markdown(summary))


def _residual_plot(run, path: Path) -> None:
    import matplotlib.pyplot as plt

    predicted, actual = run.test_predictions
    fig, ax = plt.subplots(figsize=(5.2, 4))
    ax.scatter(predicted, actual - predicted, s=12, label="test rows")
    ax.axhline(0, color="black", linewidth=1, label="no error")
    ax.set(xlabel=f"predicted {run.target[0]}", ylabel="actual - predicted", title="Test residuals")
    ax.legend()
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)


def summary_dict(run) -> dict:
    """What summary.json holds: data, task, model, metrics, baseline, and what predict needs."""
    return {
        "data": run.data,
        "target": run.target,
        "task": run.task,
        "reason": run.reason,
        "classes": run.classes,
        "columns": [column.to_dict() for column in run.columns],
        "split": {name: len(rows) for name, rows in run.split.items()},
        "model": {**run.settings, "parameters": int(run.model.count_params())},
        "metrics": run.metrics["model"],
        "baseline": run.metrics["baseline"],
        "tuning": None
        if run.trials is None
        else json.loads(run.trials.to_json(orient="records", double_precision=15)),
    }


def summary_markdown(summary: dict) -> str:
    """summary.json as a short Markdown report."""
    model, metrics, baseline = summary["model"], summary["metrics"], summary["baseline"]
    lines = [
        f"# Prototype: predicting {', '.join(summary['target'])}",
        "",
        f"- **Data:** {summary['data']['source']}; {summary['data']['rows']} rows used "
        f"({summary['split']['train']} train, {summary['split']['validation']} validation, "
        f"{summary['split']['test']} test).",
        *[f"- **Note:** {note}." for note in summary["data"]["notes"]],
        f"- **Task:** {summary['task']}, because {summary['reason']}.",
        f"- **Model:** Dense {model['hidden']} (ReLU), {model['parameters']} parameters, Adam "
        f"(learning rate {model['learning_rate']}); {model['epochs_run']} epochs run, weights of epoch "
        f"{model['best_epoch']} kept (early stopping, patience {model['patience']}).",
        "",
        "| test metric | model | baseline |",
        "|---|---|---|",
    ]
    for name, value in metrics.items():
        if name != "confusion_matrix":
            lines.append(f"| {name} | {value:.4g} | {baseline[name]:.4g} |")
    lines.append("")
    lines.append(
        "The baseline predicts the training split's "
        + ("mean." if "mae" in metrics else "most common class (per label for multilabel).")
    )
    if model.get("devices"):
        devices = ", ".join(model["devices"])
        lines += [
            "",
            f"Trained on {len(model['devices'])} devices ({devices}) with tf.distribute.MirroredStrategy.",
        ]
    if summary.get("tuning"):
        names = list(summary["tuning"][0])
        lines += [
            "",
            f"## Tuning: {len(summary['tuning'])} trials (KerasTuner RandomSearch), best first",
            "",
            "| " + " | ".join(names) + " |",
            "|" + "---|" * len(names),
        ]
        for trial in summary["tuning"]:
            cells = [f"{value:.4g}" if isinstance(value, float) else str(value) for value in trial.values()]
            lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "`python train.py` trains it again in plain Keras and prints the test metrics."]
    return "\n".join(lines) + "\n"


def load_run(folder):
    """Read a run folder back as a :class:`~nnkit.prototyping.Prototype`, ready to ``predict``.

    Example:
        >>> load_run("no/such/run")
        Traceback (most recent call last):
        ...
        nnkit.prototyping.table.TableError: predict: 'no/such/run' is not a run folder ...
    """
    import keras

    from nnkit.prototyping.training import Prototype

    folder = Path(folder).expanduser()
    if not (folder / "summary.json").is_file() or not (folder / "model.keras").is_file():
        raise TableError(
            f"predict: {str(folder)!r} is not a run folder (it needs model.keras and summary.json). "
            "Fix: pass the folder that nnkit train --out (or run.save) wrote."
        )
    summary = json.loads((folder / "summary.json").read_text())
    history = _pandas().read_csv(folder / "history.csv", index_col="epoch").to_dict(orient="list")
    tuning = summary.get("tuning")
    with warnings.catch_warnings():
        # The saved model is compiled only to record how it trained (train.py is written from that);
        # its optimizer never ran, so there is no optimizer state to restore.
        warnings.filterwarnings("ignore", message="Skipping variable loading for optimizer")
        model = keras.saving.load_model(folder / "model.keras", compile=True, safe_mode=True)
    return Prototype(
        model=model,
        history=history,
        split={},
        metrics={"model": summary["metrics"], "baseline": summary["baseline"]},
        task=summary["task"],
        reason=summary["reason"],
        target=summary["target"],
        classes=summary["classes"],
        columns=[Column(**column) for column in summary["columns"]],
        data=summary["data"],
        settings=summary["model"],
        trials=None if tuning is None else _pandas().DataFrame(tuning),
    )
