"""A prototype's run folder: model, script, history, figures and summary, written whole or not at all.

``model.keras``, ``train.py`` (the training again in plain Keras, see
:func:`nnkit.prototyping.prototype_script`), ``history.csv``, ``training_curves.png``,
``confusion_matrix.png`` (classifiers) or ``residuals.png`` (regression), ``summary.md`` and
``summary.json`` (with the table of what ``tune=`` tried, if it ran). Everything is written to a
temporary folder beside the target and renamed into place at the end, so a failure, an interrupt
(Ctrl+C) or a termination signal leaves nothing half-written (a hard kill cannot be caught: its
leftover is removed by the next save beside it); an existing folder is replaced only with
``overwrite=True``. The folder's permissions follow the user's umask, like any folder they make.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
import warnings
from pathlib import Path

import numpy as np

from nnkit.prototyping.evaluation import score
from nnkit.prototyping.preprocessing import Column
from nnkit.prototyping.roles import ColumnRole
from nnkit.prototyping.script import prototype_script
from nnkit.prototyping.table import TableError, _pandas

NUMBERED_CLASSES = 20  # above: the confusion matrix is drawn without a number per cell
CONFUSED_PAIRS = 10  # the most confused (true, predicted) pairs listed in summary.md

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
    for leftover in folder.parent.glob(f".{folder.name}.*.partial"):  # from a run killed while saving
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".partial", dir=folder.parent))
    try:
        with _terminate_as_interrupt():
            _write(run, staging)
            _follow_umask(staging)
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


@contextlib.contextmanager
def _terminate_as_interrupt():
    """A termination signal (``kill``, a closed terminal) raises KeyboardInterrupt while saving, so the
    partial folder is removed; outside the main thread signals cannot be caught, and are left alone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(number, frame):
        raise KeyboardInterrupt(f"signal {number} while saving")

    previous = {number: signal.signal(number, interrupt) for number in _signals()}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _signals() -> list:
    return [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]


def _follow_umask(folder: Path) -> None:
    """mkdtemp makes an owner-only folder (0700): give it the permissions a plain mkdir would."""
    mask = os.umask(0)
    os.umask(mask)
    folder.chmod(0o777 & ~mask)


def _write(run, folder: Path) -> None:
    import matplotlib.pyplot as plt

    from nnkit.prototyping.curves import draw_curves

    run.model.save(folder / "model.keras")
    (folder / "train.py").write_text(prototype_script(run))
    _pandas().DataFrame(run.history).rename_axis("epoch").rename(lambda i: i + 1).to_csv(
        folder / "history.csv"
    )
    figure = run.figure if run.figure is not None else draw_curves(run.history)
    figure.savefig(folder / "training_curves.png", dpi=100, bbox_inches="tight")
    if "confusion_matrix" in run.metrics["model"]:
        figure = confusion_figure(np.array(run.metrics["model"]["confusion_matrix"]), run.classes)
        figure.savefig(folder / "confusion_matrix.png", dpi=100, bbox_inches="tight")
        plt.close(figure)
    if run.test_predictions is not None:  # regression (a run read back by load_run has none)
        _residual_plot(run, folder / "residuals.png")
    summary = summary_dict(run)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    (folder / "summary.md").write_text(summary_markdown(summary))


def confusion_figure(matrix, classes):
    """The test confusion matrix: counts in the cells up to ``NUMBERED_CLASSES`` classes; above, colours
    only and no class names (the cost of drawing stays bounded; summary.md lists the most confused pairs).

    Example:
        >>> figure = confusion_figure(np.eye(30, dtype=int), list(range(30)))
        >>> len(figure.axes[0].texts), figure.axes[0].get_title()
        (0, 'Test confusion matrix (30 classes; the most confused pairs are in summary.md)')
    """
    import matplotlib.pyplot as plt

    from nnkit import plots

    if len(matrix) <= NUMBERED_CLASSES:
        ax = plots.confusion_matrix(matrix, labels=[str(c) for c in classes], title="Test confusion matrix")
        return ax.figure
    figure, ax = plt.subplots(figsize=(5.2, 4.6))
    image = ax.imshow(matrix, cmap="Blues", interpolation="nearest")
    figure.colorbar(image, ax=ax, label="test rows")
    ax.grid(False)
    ax.set(
        xlabel="predicted class (index)",
        ylabel="true class (index)",
        title=f"Test confusion matrix ({len(matrix)} classes; the most confused pairs are in summary.md)",
    )
    return figure


def confused_pairs(matrix, classes, *, most: int = CONFUSED_PAIRS) -> list[dict]:
    """The ``most`` largest off-diagonal cells: ``[{"true": ..., "predicted": ..., "rows": n}, ...]``.

    Example:
        >>> confused_pairs(np.array([[5, 2], [0, 4]]), ["a", "b"])
        [{'true': 'a', 'predicted': 'b', 'rows': 2}]
    """
    off = np.array(matrix, dtype=int)
    np.fill_diagonal(off, 0)
    flat = np.argsort(off, axis=None, kind="stable")[::-1][:most]
    pairs = [np.unravel_index(index, off.shape) for index in flat]
    return [
        {"true": classes[t], "predicted": classes[p], "rows": int(off[t, p])}
        for t, p in pairs
        if off[t, p] > 0
    ]


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
    """What summary.json holds: data, task, roles, model, metrics, baseline, intervals, warnings, the
    printed report, and what predict needs."""
    matrix = run.metrics["model"].get("confusion_matrix")
    return {
        "data": run.data,
        "target": run.target,
        "task": run.task,
        "reason": run.reason,
        "classes": run.classes,
        "roles": [role.to_dict() for role in run.roles],
        "columns": [column.to_dict() for column in run.columns],
        "split": {name: len(rows) for name, rows in run.split.items()} or run.data.get("split_sizes", {}),
        "model": {**run.settings, "parameters": int(run.model.count_params())},
        "metrics": run.metrics["model"],
        "baseline": run.metrics["baseline"],
        "intervals": run.intervals,
        "confused_pairs": None if matrix is None else confused_pairs(matrix, run.classes),
        "warnings": run.warnings,
        "report": run.report,
        "tuning": None
        if run.trials is None
        else json.loads(run.trials.to_json(orient="records", double_precision=15)),
    }


def summary_markdown(summary: dict) -> str:
    """summary.json as a Markdown report: everything the console said, then the metrics and the model."""
    model, metrics, baseline = summary["model"], summary["metrics"], summary["baseline"]
    spans = summary.get("intervals") or {}
    lines = [f"# Prototype: predicting {', '.join(summary['target'])}", ""]
    if summary.get("warnings"):
        lines += ["## Warnings", "", *[f"- {warning}." for warning in summary["warnings"]], ""]
    lines += ["## What was done", ""]
    lines += [f"- {line}" for line in summary.get("report", [])]
    lines += [
        f"- **Model:** Dense {model['hidden']} (ReLU), {model['parameters']} parameters, Adam "
        f"(learning rate {model['learning_rate']}); {model['epochs_run']} epochs run, weights of epoch "
        f"{model['best_epoch']} kept (early stopping, patience {model['patience']}).",
        "",
        "## Test metrics",
        "",
        "| test metric | model | 95% interval | baseline |",
        "|---|---|---|---|",
    ]
    for name, value in metrics.items():
        if name != "confusion_matrix":
            span = f"{score(name, spans[name][0])} to {score(name, spans[name][1])}" if name in spans else ""
            lines.append(f"| {name} | {score(name, value)} | {span} | {score(name, baseline[name])} |")
    lines.append("")
    what = {
        "multilabel": "most common value of each label",
        "regression": "mean",
        "positive_regression": "mean",
    }.get(summary["task"], "most common class")
    lines.append(f"The baseline predicts the training split's {what}.")
    if summary.get("confused_pairs"):
        lines += [
            "",
            "## Most confused classes (test rows)",
            "",
            "| true | predicted | rows |",
            "|---|---|---|",
        ]
        lines += [f"| {p['true']} | {p['predicted']} | {p['rows']} |" for p in summary["confused_pairs"]]
    roles = summary.get("roles") or []
    if roles:
        lines += ["", "## Columns", "", "| column | role | used | why |", "|---|---|---|---|"]
        for role in roles:
            used = "no" if role["role"] in ("identifier", "constant", "dropped") else "yes"
            lines.append(f"| {role['name']} | {role['role']} | {used} | {role['reason']} |")
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

    from nnkit.prototyping.result import Prototype

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
        roles=[ColumnRole(**role) for role in summary.get("roles", [])],
        data=summary["data"],
        settings=summary["model"],
        intervals=summary.get("intervals") or {},
        warnings=summary.get("warnings") or [],
        report=summary.get("report") or [],
        trials=None if tuning is None else _pandas().DataFrame(tuning),
    )
