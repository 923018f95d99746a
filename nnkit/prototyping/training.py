"""From a table to a trained, measured model in one call: :func:`prototype`, in named stages.

read (the table, its rows checked first) -> infer (the task and each column's role) -> split
(seeded, stratified) -> prepare (the model's inputs and its preparation layers) -> train (early
stopping, optionally a KerasTuner search first) -> evaluate (metrics, baseline, intervals,
warnings) -> report (the :class:`~nnkit.prototyping.Prototype`, every printed line kept).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import keras
import numpy as np

from nnkit import arguments
from nnkit.models import dense_model
from nnkit.prototype_defaults import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_EPOCHS,
    DEFAULT_HIDDEN,
    DEFAULT_LEARNING_RATE,
    MIN_ROWS,
)
from nnkit.prototyping.curves import LiveCurves, draw_curves, notebook_display
from nnkit.prototyping.devices import training_strategy
from nnkit.prototyping.evaluation import honest_warnings, intervals, measure, score
from nnkit.prototyping.preprocessing import describe_columns, model_inputs, preprocessing
from nnkit.prototyping.reporting import Report, missing_lines, role_lines
from nnkit.prototyping.result import CLASSIFIERS, REGRESSION, Prototype, batches
from nnkit.prototyping.roles import ColumnRole, column_plan, infer_roles, prepare_columns
from nnkit.prototyping.splitting import split_rows
from nnkit.prototyping.table import Table, TableError, TaskChoice, infer_task, is_numeric, read_table

__all__ = ["prototype", "Prototype", "split_rows", "batches"]

LOSSES = {
    "binary": "binary_crossentropy",
    "multiclass": "sparse_categorical_crossentropy",
    "multilabel": "binary_crossentropy",
}


@dataclass
class _Inferred:
    choice: TaskChoice
    roles: list
    y: np.ndarray
    stratify: np.ndarray | None
    numbers_as_classes: bool = False  # a numeric target read as classes (a rating coded 1 to 7...)


@dataclass
class _Prepared:
    columns: list
    raw_inputs: dict
    features: object
    data: dict  # part -> (prepared features, y)
    width: int


def prototype(
    data,
    *,
    target=None,
    task: str | None = None,
    hidden=DEFAULT_HIDDEN,
    epochs: int = DEFAULT_EPOCHS,
    seed: int = 0,
    drop=(),
    keep=(),
    roles=None,
    validation_size: float = 0.2,
    test_size: float = 0.2,
    learning_rate: float = DEFAULT_LEARNING_RATE,
    patience: int = 10,
    batch_size: int = DEFAULT_BATCH_SIZE,
    verbose="auto",
    tune: int | None = None,
    live: bool = True,
) -> Prototype:
    """Train a Dense network on a table, from raw rows to a measured, saveable model.

    ``data`` is a pandas DataFrame, a CSV path, or NumPy ``(x, y)`` (then ``target`` may be left out).
    The task is inferred from the target (printed with the reason; ``task=`` overrides it), and each
    column's role (number, category, many-valued text, date/time, identifier, constant; printed with
    the reason): identifiers and constant columns are dropped, dates become numbers. ``keep=[col]``
    uses a column as it is, ``drop=[col]`` leaves it out, ``roles={col: role}`` forces a role
    (number, category, text, datetime, drop). The rows are split train/validation/test (stratified
    for classifiers, seeded); numbers are filled where missing and normalized, text is one-hot
    encoded, all inside the model. A :func:`nnkit.dense_model` stack of ``hidden`` ReLU layers
    trains with Adam and early stopping on the validation loss (best weights restored); the test
    metrics are reported beside a trivial baseline (the training split's majority class, or its
    mean), with a 95% interval, and warnings where the numbers deserve doubt. ``verbose`` goes to
    ``model.fit``.

    ``tune=8`` first tries 8 widths, depths and learning rates with KerasTuner (scored on the
    validation split; the table is printed and kept as ``.trials``), then trains the best as above.
    In Jupyter the training curves are drawn live, in one figure that stays in the saved notebook
    (``live=False``: none; Keras's progress bar then shows unless ``verbose=0``). With several GPUs
    visible the network trains on all of them (``tf.distribute.MirroredStrategy``), said in the report.

    Example:
        >>> import nnkit, numpy as np, pandas as pd
        >>> x = np.random.default_rng(0).normal(size=(60, 2))
        >>> run = nnkit.prototype((x, (x[:, 0] > 0).astype(int)), hidden=(4,), epochs=3, verbose=0)
        Task: binary, because target 'y' holds only 2 distinct whole numbers (0, 1), read as classes; ...
        Columns: 2 numbers (x0, x1).
        Data: NumPy arrays x (60, 2), y (60,); 36 train, 12 validation, 12 test rows (stratified by class).
        Trained 3 epochs (best validation loss at epoch ...).
        Test accuracy: ... baseline 0.5000).
        Warning: ...
        >>> run.predict(pd.DataFrame({"x0": [1.5], "x1": [0.0]})).columns.tolist()
        ['row', 'predicted_y', 'probability_0', 'probability_1']
    """
    hidden = _check_options(hidden, epochs, validation_size, test_size, learning_rate, patience)
    tune = None if tune is None else arguments.whole_number(tune, "tune", where="prototype", minimum=1)
    live = arguments.flag(live, "live", where="prototype")
    seed = arguments.seed(seed, where="prototype", below=2**32)
    batch_size = arguments.whole_number(batch_size, "batch_size", where="prototype", minimum=1)
    report = Report()

    table = _read(data, target, drop)
    inferred = _infer(table, task, keep, roles, report)
    split = split_rows(
        len(inferred.y), inferred.stratify, validation_size=validation_size, test_size=test_size, seed=seed
    )
    plan = column_plan(inferred.roles)
    prepared = _prepare(table, plan, inferred, split, seed)
    _report_data(report, table, split, prepared.columns, stratified=inferred.stratify is not None)
    settings = {
        "hidden": hidden,
        "epochs": int(epochs),
        "seed": seed,
        "learning_rate": float(learning_rate),
        "patience": patience,
        "batch_size": batch_size,
        "validation_size": validation_size,
        "test_size": test_size,
        "tune": tune,
    }
    title = f"Predicting {', '.join(table.target.columns)}: Dense {tuple(hidden)}, {inferred.choice.task}"
    network, history, figure, trials = _train(
        inferred.choice, prepared, settings, report, verbose, live, title
    )
    predicted, metrics, spans, found = _evaluate(network, inferred, prepared, settings, report)

    model = _whole_model(
        prepared.raw_inputs,
        prepared.features,
        network,
        _compile_settings(inferred.choice.task, settings["learning_rate"], settings["steps"]),
    )
    drop = [drop] if isinstance(drop, str) else list(drop)
    source = {
        "source": table.source,
        "rows": len(inferred.y),
        "notes": table.notes,
        "drop": drop,
        "plan": plan,
    }
    source["missing"] = _missing_counts(table.features, split)
    source["stratified"] = inferred.stratify is not None
    source["split_sizes"] = {name: len(rows) for name, rows in split.items()}
    if isinstance(data, (str, os.PathLike)):
        source["path"] = str(Path(data).expanduser().resolve())
    return Prototype(
        model=model,
        history=history,
        split={name: rows.tolist() for name, rows in split.items()},
        metrics=metrics,
        task=inferred.choice.task,
        reason=inferred.choice.reason,
        target=list(table.target.columns),
        classes=[c.item() if isinstance(c, np.generic) else c for c in inferred.choice.classes],
        columns=prepared.columns,
        roles=inferred.roles,
        data=source,
        intervals=spans,
        warnings=found,
        report=report.lines,
        test_predictions=(predicted, prepared.data["test"][1])
        if inferred.choice.task in REGRESSION
        else None,
        settings={key: value for key, value in settings.items() if key != "steps"},
        figure=figure,
        trials=trials,
    )


def _read(data, target, drop) -> Table:
    """Stage 1, read: the table and its target; too few rows is said before anything about the task."""
    return read_table(data, target=target, drop=drop, min_rows=MIN_ROWS)


def _infer(table: Table, task, keep, roles, report) -> _Inferred:
    """Stage 2, infer: the task from the target, each input column's role; both reported with reasons."""
    choice = infer_task(table.target, task=task)
    report.say("Task", f"{choice.task}, because {choice.reason}")
    if table.arrays and not keep and not roles:  # x's columns are the caller's chosen numbers (pixels...)
        column_roles = [ColumnRole(name, "number", "a column of the array x") for name in table.features]
    else:
        column_roles = infer_roles(table.features, keep=keep, roles=roles)
    for line in role_lines(column_roles):
        report.say(*line)
    if not any(role.used for role in column_roles):
        raise TableError(
            "prototype: no input column is left: every one was dropped (identifiers, constant columns, or "
            "drop=). Fix: keep one as it is with keep=[name] (--keep NAME), or add input columns."
        )
    y = _encode_target(table.target, choice)
    stratify = y if choice.task in ("binary", "multiclass") else None
    if stratify is not None:
        counts = np.bincount(stratify, minlength=len(choice.classes))
        if counts.min() < 3:
            rare = choice.classes[int(counts.argmin())]
            raise TableError(
                f"prototype: class {rare!r} of target {table.target.columns[0]!r} has {counts.min()} row(s); "
                "each class needs at least 3 to appear in training, validation and test. Fix: add rows of "
                "that class, or drop those rows."
            )
    numbers_as_classes = task is None and stratify is not None and is_numeric(table.target.iloc[:, 0])
    return _Inferred(choice, column_roles, y, stratify, numbers_as_classes)


def _prepare(table: Table, plan: dict, inferred: _Inferred, split: dict, seed: int) -> _Prepared:
    """Stage 4, prepare: the model's columns, its preparation layers (adapted on the training rows),
    and every split run once through them (they have no weights to learn)."""
    frame = prepare_columns(table.features, plan)
    limits = {role.name: role.limit for role in inferred.roles if role.limit}
    columns = describe_columns(frame, split["train"], limits)
    inputs = model_inputs(frame, columns, where="prototype")
    part = {name: ({k: v[rows] for k, v in inputs.items()}, inferred.y[rows]) for name, rows in split.items()}
    keras.utils.set_random_seed(seed)
    raw_inputs, features = preprocessing(columns, part["train"][0])
    prepare = keras.Model(raw_inputs, features, name="prepare")
    data = {name: (keras.ops.convert_to_numpy(prepare(x)), y_part) for name, (x, y_part) in part.items()}
    return _Prepared(columns, raw_inputs, features, data, int(features.shape[-1]))


def _train(choice, prepared: _Prepared, settings: dict, report, verbose, live, title):
    """Stage 5, train: optionally a KerasTuner search, then the network with early stopping."""
    strategy = training_strategy()
    devices = [] if strategy is None else [n.split("device:")[-1] for n in strategy.extended.worker_devices]
    settings["devices"] = devices
    if strategy is not None:
        report.say(
            "Devices",
            f"{len(devices)} ({', '.join(devices)}), one copy of the network on each "
            f"(tf.distribute.MirroredStrategy); each batch of {settings['batch_size']} rows is split "
            "between them",
        )
    seed, batch_size, epochs = settings["seed"], settings["batch_size"], settings["epochs"]
    # One call per epoch: the same updates as one per batch, without Python between the batches.
    settings["steps"] = 1 if strategy is not None else math.ceil(len(prepared.data["train"][1]) / batch_size)
    build = _network_builder(choice, prepared.width, prepared.data["train"][1], settings["steps"])
    train_data = batches(*prepared.data["train"], batch_size=batch_size, shuffle=seed)
    validation_data = batches(*prepared.data["validation"], batch_size=batch_size)

    trials = None
    if settings["tune"] is not None:
        from nnkit.prototyping.tuning import search

        best_choice, trials = search(
            build,
            train_data,
            validation_data,
            trials=settings["tune"],
            epochs=epochs,
            patience=settings["patience"],
            seed=seed,
            strategy=strategy,
        )
        settings["hidden"] = [int(h) for h in best_choice["hidden"]]
        settings["learning_rate"] = float(best_choice["learning_rate"])
        _print_trials(trials, seed)
        report.say(
            "Best",
            f"hidden {tuple(settings['hidden'])}, learning rate {settings['learning_rate']:g} of "
            f"{len(trials)} trials (KerasTuner RandomSearch, seed {seed}); trained again from the start",
        )

    keras.utils.set_random_seed(seed)  # the same weights whether a search ran before or not
    if strategy is None:
        network = build(settings["hidden"], settings["learning_rate"])
    else:
        with strategy.scope():
            network = build(settings["hidden"], settings["learning_rate"])
    display = notebook_display() if live else None
    callbacks = [
        keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=settings["patience"], restore_best_weights=True
        )
    ]
    if display is not None:
        callbacks.append(LiveCurves(display, title=title))
        verbose = 0 if verbose == "auto" else verbose  # the figure is the progress; no bar in the notebook
    fit = network.fit(
        train_data,
        validation_data=validation_data,
        epochs=epochs,
        shuffle=False,  # the dataset reshuffles itself, seeded
        callbacks=callbacks,
        verbose=verbose,
    )
    history = {name: [float(v) for v in values] for name, values in fit.history.items()}
    figure = draw_curves(history, title=title)
    if display is not None:
        callbacks[-1].finish(figure)
    settings["epochs_run"] = len(history["loss"])
    settings["best_epoch"] = int(np.argmin(history["val_loss"])) + 1
    report.say(
        "Trained",
        f"{settings['epochs_run']} epochs (best validation loss at epoch {settings['best_epoch']}, "
        "its weights kept)",
        colon=False,
    )
    return network, history, figure, trials


def _evaluate(network, inferred: _Inferred, prepared: _Prepared, settings: dict, report):
    """Stage 6, evaluate: test metrics beside the baseline's, their 95% intervals, the warnings."""
    choice = inferred.choice
    predicted, metrics = _test(network, choice, prepared.data)
    y_test = prepared.data["test"][1]
    spans = intervals(choice.task, y_test, predicted, seed=settings["seed"])
    for name, value in metrics["model"].items():
        if name == "confusion_matrix":
            continue
        span = (
            f"95%: {score(name, spans[name][0])} to {score(name, spans[name][1])}; " if name in spans else ""
        )
        report.say(
            f"Test {name}", f"{score(name, value)} ({span}baseline {score(name, metrics['baseline'][name])})"
        )
    regression = choice.task in REGRESSION
    found = honest_warnings(
        choice.task,
        metrics,
        spans,
        predicted if regression else None,
        test_rows=len(y_test),
        lower=0.0 if choice.task == "positive_regression" else None,
        hint="its target's whole numbers were read as classes: if they are ordered amounts (a score, a "
        "count), task='regression' (--task regression) uses their order"
        if inferred.numbers_as_classes
        else None,
    )
    for sentence in found:
        report.warn(sentence)
    return predicted, metrics, spans, report.warnings


def _report_data(report, table: Table, split: dict, columns, *, stratified: bool) -> None:
    """The split, the notes, and what was filled in (stage 3's and 4's lines of the report)."""
    report.say(
        "Data",
        f"{table.source}; {len(split['train'])} train, {len(split['validation'])} validation, "
        f"{len(split['test'])} test rows{' (stratified by class)' if stratified else ''}",
    )
    for note in table.notes:
        report.say("Note", note)
    for line in missing_lines(table.features, split, columns):
        report.say("Missing", line)


def _missing_counts(features, split: dict) -> dict:
    """Missing cells per column: over all the rows used, and per split (for summary.json)."""
    counts = {}
    for name in features.columns:
        missing = features[name].isna().to_numpy()
        if missing.any():
            counts[name] = {
                "all": int(missing.sum()),
                **{part: int(missing[rows].sum()) for part, rows in split.items()},
            }
    return counts


def _encode_target(target, choice: TaskChoice) -> np.ndarray:
    if choice.task == "multilabel":
        return target.to_numpy(dtype="float32")
    column = target.iloc[:, 0]
    if choice.task in CLASSIFIERS:
        index = {value: k for k, value in enumerate(choice.classes)}
        return np.array([index[value] for value in column], dtype="int64")
    return column.to_numpy(dtype="float32")


def _check_options(hidden, epochs, validation_size, test_size, learning_rate, patience):
    hidden = [hidden] if isinstance(hidden, int) else hidden
    if not hidden or not all(
        isinstance(h, (int, np.integer)) and not isinstance(h, bool) and h > 0 for h in hidden
    ):
        raise TableError(
            f"prototype: hidden must list the widths of the hidden layers, whole numbers > 0. Received: "
            f"hidden={hidden!r}. Fix: hidden={DEFAULT_HIDDEN}."
        )
    if not isinstance(epochs, (int, np.integer)) or isinstance(epochs, bool) or epochs < 1:
        raise TableError(
            f"prototype: epochs must be a whole number >= 1. Received: epochs={epochs!r}. Fix: epochs=100."
        )
    for name, value in (("validation_size", validation_size), ("test_size", test_size)):
        if not isinstance(value, float) or not 0 < value < 0.5:
            raise TableError(
                f"prototype: {name} is the share of rows held out, a float between 0 and 0.5. Received: "
                f"{name}={value!r}. Fix: {name}=0.2."
            )
    if not isinstance(learning_rate, (int, float)) or not learning_rate > 0:
        raise TableError(
            f"prototype: learning_rate must be > 0. Received: learning_rate={learning_rate!r}. "
            f"Fix: learning_rate={DEFAULT_LEARNING_RATE}."
        )
    if not isinstance(patience, int) or patience < 1:
        raise TableError(f"prototype: patience must be a whole number >= 1. Received: patience={patience!r}.")
    return [int(h) for h in hidden]


def _test(network: keras.Model, choice: TaskChoice, prepared: dict) -> tuple[np.ndarray, dict]:
    """The network's predictions on the (prepared) test rows, and its metrics beside the baseline's."""
    x_test, y_test = prepared["test"]
    y_train = prepared["train"][1]
    output = keras.ops.convert_to_numpy(network(x_test))
    if choice.task == "binary":
        predicted, baseline = (output[:, 0] >= 0.5).astype(int), np.bincount(y_train).argmax()
    elif choice.task == "multiclass":
        predicted, baseline = output.argmax(axis=1), np.bincount(y_train).argmax()
    elif choice.task == "multilabel":
        predicted, baseline = (output >= 0.5).astype("float32"), (y_train.mean(axis=0) >= 0.5)
    else:
        predicted, baseline = output[:, 0], float(y_train.mean())
    baseline_prediction = np.broadcast_to(np.asarray(baseline, dtype=y_test.dtype), y_test.shape)
    n_classes = len(choice.classes)
    return predicted, {
        "model": measure(choice.task, y_test, predicted, n_classes),
        "baseline": measure(choice.task, y_test, baseline_prediction, n_classes),
    }


def _compile_settings(task: str, learning_rate: float, steps: int) -> dict:
    """What both the network and the whole model are compiled with; ``steps`` per execution."""
    metric = "mae" if task in REGRESSION else ("binary_accuracy" if task != "multiclass" else "accuracy")
    return {
        "optimizer": keras.optimizers.Adam(learning_rate),
        "loss": LOSSES.get(task, "mean_squared_error"),
        "metrics": [metric],
        "steps_per_execution": steps,  # Keras's distributed fit needs 1
    }


def _network_builder(choice: TaskChoice, width: int, y_train, steps: int):
    """``build(hidden, learning_rate)``: a compiled Sequential from prepared features to the outputs."""
    regression = choice.task in REGRESSION
    outputs = 1 if choice.task in ("binary", *REGRESSION) else len(choice.classes)

    def build(hidden, learning_rate) -> keras.Sequential:
        stack = dense_model(
            [*hidden, outputs], task="regression" if regression else choice.task, input_dim=width
        )
        layers = list(stack.layers)  # its layers, not the compiled stack: the model saves one optimizer
        if choice.task == "positive_regression":
            layers += _non_negative_output(y_train)
        elif regression:  # the stack predicts standardized values; the model answers in the target's units
            unscale = keras.layers.Normalization(axis=None, invert=True, name="target_units")
            unscale.adapt(y_train)
            layers.append(unscale)
        network = keras.Sequential([keras.Input(shape=(width,)), *layers], name="network")
        network.compile(**_compile_settings(choice.task, learning_rate, steps))
        return network

    return build


def _non_negative_output(y_train) -> list:
    """Standardized output z to target units kept > 0: ``s * softplus(z + m / s)`` (m, s: the training
    targets' mean and spread). Close to ``m + s * z`` away from 0, and unlike a ReLU it cannot get
    stuck at 0: its gradient never vanishes near the bound. Constants rounded to 6 digits, so that
    train.py writes them exactly."""
    spread = float(f"{float(np.std(y_train)) or 1.0:.6g}")
    offset = float(f"{float(np.mean(y_train)) / spread:.6g}")
    return [
        keras.layers.Rescaling(1.0, offset=offset, name="target_offset"),
        keras.layers.Activation("softplus", name="non_negative"),
        keras.layers.Rescaling(spread, name="target_scale"),
    ]


def _whole_model(raw_inputs: dict, features, network: keras.Sequential, settings: dict) -> keras.Model:
    """Raw columns in, predictions out: the preparation's layers, then the trained network's.

    Compiled like the network (for ``evaluate`` and for the reproduction script's ``compile``).
    """
    output = features
    for layer in network.layers:
        output = layer(output)
    model = keras.Model(raw_inputs, output, name="prototype")
    model.compile(**settings)
    return model


def _print_trials(trials, seed: int) -> None:
    print(
        f"Tuning: {len(trials)} trials of widths, depths and learning rates (KerasTuner RandomSearch, "
        f"seed {seed}), each trained with early stopping and scored by its lowest validation loss:"
    )
    print(trials.to_string(index=False, float_format=lambda value: f"{value:.4g}"))
