"""From a table to a trained, measured model in one call: :func:`prototype`."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import keras
import numpy as np

from nnkit import arguments
from nnkit import metrics as nnkit_metrics
from nnkit.models import dense_model
from nnkit.prototype_defaults import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_EPOCHS,
    DEFAULT_HIDDEN,
    DEFAULT_LEARNING_RATE,
)
from nnkit.prototyping.columns import check_new_columns
from nnkit.prototyping.curves import LiveCurves, draw_curves, notebook_display
from nnkit.prototyping.devices import training_strategy
from nnkit.prototyping.preprocessing import Column, describe_columns, model_inputs, preprocessing
from nnkit.prototyping.table import TableError, TaskChoice, _pandas, infer_task, read_csv, read_table

CLASSIFIERS = ("binary", "multiclass", "multilabel")
REGRESSION = ("regression", "positive_regression")
LOSSES = {
    "binary": "binary_crossentropy",
    "multiclass": "sparse_categorical_crossentropy",
    "multilabel": "binary_crossentropy",
}


@dataclass
class Prototype:
    """A trained prototype: the model, how it was made, and how well it does against a trivial baseline.

    Attributes:
        model: the Keras model; it takes raw columns (``{input name: (rows, 1)}``) and prepares them.
        history: ``{"loss": [...], "val_loss": [...], ...}`` per epoch.
        split: row numbers (of the table after rows without a target were dropped) per part:
            ``{"train": [...], "validation": [...], "test": [...]}``.
        metrics: ``{"model": {...}, "baseline": {...}}`` on the test rows.
        task: the task trained, and ``reason`` why it was chosen.
        target: the target column name(s); ``classes``: the class (or label) names in output order.
        columns: how each input column enters the model (:class:`~nnkit.prototyping.preprocessing.Column`).
        data: a description of the table and what was done to it, for the report.
        settings: how it was trained (hidden widths, learning rate, epochs run, best epoch, devices...).
        figure: the training curves (loss and metric per epoch), a matplotlib ``Figure``.
        trials: what ``tune=`` tried, a pandas DataFrame (best first), or ``None``.

    Example:
        >>> import nnkit, pandas as pd, tempfile, pathlib
        >>> table = pd.DataFrame({"size": range(40), "colour": ["red", "blue"] * 20})
        >>> table["big"] = table["size"] >= 20
        >>> run = nnkit.prototype(table, target="big", hidden=(4,), epochs=2, verbose=0)  # doctest: +ELLIPSIS
        Task: binary, because target 'big' holds yes/no values with 2 classes (False, True).
        ...
        >>> run.predict_proba(pd.DataFrame({"size": [3], "colour": ["green"]})).shape  # unseen colour: fine
        (1, 2)
        >>> folder = run.save(pathlib.Path(tempfile.mkdtemp()) / "run")
        >>> nnkit.prototyping.load_run(folder).predict(table.head(2)).columns.tolist()
        ['predicted_big', 'probability_False', 'probability_True']
    """

    model: keras.Model
    history: dict
    split: dict
    metrics: dict
    task: str
    reason: str
    target: list
    classes: list
    columns: list[Column]
    data: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    test_predictions: tuple | None = None
    figure: object = None
    trials: object = None

    def predict_proba(self, rows) -> np.ndarray:
        """Probabilities for new raw rows (a DataFrame or a CSV path): one column per class (or label)."""
        if self.task not in CLASSIFIERS:
            raise TypeError(
                f"predict_proba: a {self.task} model predicts numbers, not probabilities. "
                "Fix: use predict(rows)."
            )
        output = self._raw(rows)
        return np.column_stack([1 - output[:, 0], output[:, 0]]) if self.task == "binary" else output

    def predict(self, rows):
        """Predictions for new raw rows (a DataFrame or a CSV path) as a DataFrame.

        Classifiers give ``predicted_<target>`` and one ``probability_<class>`` column per class;
        regression gives ``predicted_<target>`` in the target's own units.
        """
        pd = _pandas()
        if self.task == "multilabel":
            probabilities = self._raw(rows)
            result = {
                f"predicted_{name}": (probabilities[:, j] >= 0.5).astype(int)
                for j, name in enumerate(self.classes)
            }
            result.update({f"probability_{name}": probabilities[:, j] for j, name in enumerate(self.classes)})
            return pd.DataFrame(result)
        name = f"predicted_{self.target[0]}"
        if self.task in CLASSIFIERS:
            probabilities = self.predict_proba(rows)
            result = {name: [self.classes[k] for k in probabilities.argmax(axis=1)]}
            result.update(
                {f"probability_{label}": probabilities[:, k] for k, label in enumerate(self.classes)}
            )
            return pd.DataFrame(result)
        return pd.DataFrame({name: self._raw(rows)[:, 0]})

    def _raw(self, rows) -> np.ndarray:
        frame = read_csv(rows, where="predict") if isinstance(rows, (str, os.PathLike)) else rows
        if not isinstance(frame, _pandas().DataFrame):
            raise TableError(
                f"predict: rows must be a pandas DataFrame or a CSV path. Received: {type(rows).__name__}. "
                "Fix: pass new rows with the same columns as the training table."
            )
        check_new_columns(frame, [column.name for column in self.columns], self.target)
        inputs = model_inputs(frame.reset_index(drop=True), self.columns)
        return np.asarray(self.model.predict(batches(inputs, batch_size=256), verbose=0))

    def save(self, folder, *, overwrite: bool = False):
        """Write the run folder (see :func:`nnkit.prototyping.save_run`); returns its path."""
        from nnkit.prototyping.run_folder import save_run

        return save_run(self, folder, overwrite=overwrite)


def batches(inputs: dict, y=None, *, batch_size: int, shuffle: int | None = None):
    """A ``tf.data.Dataset`` of (inputs, y) batches: Keras's NumPy adapter does not take text columns.

    ``inputs`` is a dict of raw columns (see :func:`model_inputs`) or one array of prepared features.

    ``shuffle`` is the seed of a reshuffle every epoch (``None``: keep the order).
    """
    import tensorflow as tf

    inputs = dict(inputs) if isinstance(inputs, Mapping) else inputs  # raw columns, or prepared features
    data = tf.data.Dataset.from_tensor_slices(inputs if y is None else (inputs, y))
    if shuffle is not None:
        data = data.shuffle(int(data.cardinality()), seed=shuffle, reshuffle_each_iteration=True)
    return data.batch(batch_size)


def split_rows(n: int, labels=None, *, validation_size: float, test_size: float, seed: int) -> dict:
    """Seeded row numbers for train/validation/test, stratified by ``labels`` (class indices) when given.

    Example:
        >>> parts = split_rows(20, np.array([0] * 10 + [1] * 10), validation_size=0.2, test_size=0.2, seed=0)
        >>> {name: len(rows) for name, rows in parts.items()}
        {'train': 12, 'validation': 4, 'test': 4}
    """
    rng = np.random.default_rng(seed)
    groups = [np.arange(n)] if labels is None else [np.flatnonzero(labels == k) for k in np.unique(labels)]
    parts = {"train": [], "validation": [], "test": []}
    for members in groups:
        members = rng.permutation(members)
        n_test = int(round(test_size * len(members)))
        n_validation = int(round(validation_size * len(members)))
        parts["test"].append(members[:n_test])
        parts["validation"].append(members[n_test : n_test + n_validation])
        parts["train"].append(members[n_test + n_validation :])
    return {name: np.sort(np.concatenate(rows)).astype(int) for name, rows in parts.items()}


def _encode_target(target, choice: TaskChoice) -> np.ndarray:
    if choice.task == "multilabel":
        return target.to_numpy(dtype="float32")
    column = target.iloc[:, 0]
    if choice.task in CLASSIFIERS:
        index = {value: k for k, value in enumerate(choice.classes)}
        return np.array([index[value] for value in column], dtype="int64")
    return column.to_numpy(dtype="float32")


def _measure(task: str, y_true, y_pred, n_classes: int) -> dict:
    if task in ("binary", "multiclass"):
        matrix = nnkit_metrics.confusion_matrix(y_true, y_pred, num_classes=n_classes)
        return {"accuracy": float(np.trace(matrix) / matrix.sum()), "confusion_matrix": matrix.tolist()}
    if task == "multilabel":
        return {
            "accuracy": float(np.mean(y_true == y_pred)),  # per label, averaged
            "exact_match": float(np.mean(np.all(y_true == y_pred, axis=1))),
        }
    error = np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)
    return {"mae": float(np.mean(np.abs(error))), "rmse": float(np.sqrt(np.mean(error**2)))}


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


def prototype(
    data,
    *,
    target=None,
    task: str | None = None,
    hidden=DEFAULT_HIDDEN,
    epochs: int = DEFAULT_EPOCHS,
    seed: int = 0,
    drop=(),
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
    The task is inferred from the target (printed with the reason; ``task=`` overrides it). The rows
    are split train/validation/test (stratified for classifiers, seeded); numbers are filled where
    missing and normalized, text is one-hot encoded, all inside the model, so it takes raw rows. A
    :func:`nnkit.dense_model` stack of ``hidden`` ReLU layers trains with Adam and early stopping on
    the validation loss (best weights restored); the test metrics are reported beside a trivial
    baseline (the training split's majority class, or its mean). ``verbose`` goes to ``model.fit``.

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
        Data: NumPy arrays x (60, 2), y (60,); 36 train, 12 validation, 12 test rows (stratified).
        Trained 3 epochs (best validation loss at epoch ...).
        Test accuracy: ... (baseline 0.5).
        >>> run.predict(pd.DataFrame({"x0": [1.5], "x1": [0.0]})).columns.tolist()
        ['predicted_y', 'probability_0', 'probability_1']
    """
    hidden = _check_options(hidden, epochs, validation_size, test_size, learning_rate, patience)
    tune = None if tune is None else arguments.whole_number(tune, "tune", where="prototype", minimum=1)
    live = arguments.flag(live, "live", where="prototype")
    seed = arguments.seed(seed, where="prototype", below=2**32)
    batch_size = arguments.whole_number(batch_size, "batch_size", where="prototype", minimum=1)
    table = read_table(data, target=target, drop=drop)
    choice = infer_task(table.target, task=task)
    y = _encode_target(table.target, choice)
    n = len(y)
    stratify = y if choice.task in ("binary", "multiclass") else None
    if n < 10:
        raise TableError(
            f"prototype: the table has {n} usable rows; at least 10 are needed. Fix: use more data."
        )
    if stratify is not None:
        counts = np.bincount(stratify, minlength=len(choice.classes))
        if counts.min() < 3:
            rare = choice.classes[int(counts.argmin())]
            raise TableError(
                f"prototype: class {rare!r} of target {table.target.columns[0]!r} has {counts.min()} row(s); "
                "each class needs at least 3 to appear in training, validation and test. Fix: add rows of "
                "that class, or drop those rows."
            )
    split = split_rows(n, stratify, validation_size=validation_size, test_size=test_size, seed=seed)
    columns = describe_columns(table.features, split["train"])
    inputs = model_inputs(table.features, columns, where="prototype")
    part = {name: ({k: v[rows] for k, v in inputs.items()}, y[rows]) for name, rows in split.items()}

    _print_data(choice, table, split, columns, stratified=stratify is not None)
    strategy = training_strategy()
    devices = (
        [] if strategy is None else [name.split("device:")[-1] for name in strategy.extended.worker_devices]
    )
    if strategy is not None:
        print(
            f"Devices: {len(devices)} ({', '.join(devices)}), one copy of the network on each "
            f"(tf.distribute.MirroredStrategy); each batch of {batch_size} rows is split between them."
        )

    # The preparation (fill, normalize, one-hot) has no weights to learn: it runs once, and the
    # network trains on its output. Keras's distributed fit cannot take text inputs anyway.
    keras.utils.set_random_seed(seed)
    raw_inputs, features = preprocessing(columns, part["train"][0])
    prepare = keras.Model(raw_inputs, features, name="prepare")
    prepared = {name: (keras.ops.convert_to_numpy(prepare(x)), y_part) for name, (x, y_part) in part.items()}
    # One call per epoch: the same updates as one per batch, without Python between the batches.
    steps = 1 if strategy is not None else math.ceil(len(split["train"]) / batch_size)
    build = _network_builder(choice, int(features.shape[-1]), part["train"][1], steps)
    train_data = batches(*prepared["train"], batch_size=batch_size, shuffle=seed)
    validation_data = batches(*prepared["validation"], batch_size=batch_size)

    trials = None
    if tune is not None:
        from nnkit.prototyping.tuning import search

        best_choice, trials = search(
            build,
            train_data,
            validation_data,
            trials=tune,
            epochs=int(epochs),
            patience=patience,
            seed=seed,
            strategy=strategy,
        )
        hidden, learning_rate = list(best_choice["hidden"]), best_choice["learning_rate"]
        _print_trials(trials, seed)
        print(f"Best: hidden {tuple(hidden)}, learning rate {learning_rate:g}; trained again from the start.")

    keras.utils.set_random_seed(seed)  # the same weights whether a search ran before or not
    if strategy is None:
        network = build(hidden, learning_rate)
    else:
        with strategy.scope():
            network = build(hidden, learning_rate)
    display = notebook_display() if live else None
    title = f"Predicting {', '.join(table.target.columns)}: Dense {tuple(hidden)}, {choice.task}"
    callbacks = [
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    ]
    if display is not None:
        callbacks.append(LiveCurves(display, title=title))
        verbose = 0 if verbose == "auto" else verbose  # the figure is the progress; no bar in the notebook
    fit = network.fit(
        train_data,
        validation_data=validation_data,
        epochs=int(epochs),
        shuffle=False,  # the dataset reshuffles itself, seeded
        callbacks=callbacks,
        verbose=verbose,
    )
    history = {name: [float(v) for v in values] for name, values in fit.history.items()}
    figure = draw_curves(history, title=title)
    if display is not None:
        callbacks[-1].finish(figure)
    model = _whole_model(raw_inputs, features, network, _compile_settings(choice.task, learning_rate, steps))

    predicted, metrics = _test(network, choice, prepared)
    stopped = len(history["loss"])
    best = int(np.argmin(history["val_loss"])) + 1
    print(f"Trained {stopped} epochs (best validation loss at epoch {best}, its weights kept).")
    for name in ("accuracy", "mae", "rmse"):
        if name in metrics["model"]:
            print(f"Test {name}: {metrics['model'][name]:.4g} (baseline {metrics['baseline'][name]:.4g}).")
    drop = [drop] if isinstance(drop, str) else list(drop)
    source = {"source": table.source, "rows": n, "notes": table.notes, "drop": drop}
    if isinstance(data, (str, os.PathLike)):
        source["path"] = str(Path(data).expanduser().resolve())
    return Prototype(
        model=model,
        history=history,
        split={name: rows.tolist() for name, rows in split.items()},
        metrics=metrics,
        task=choice.task,
        reason=choice.reason,
        target=list(table.target.columns),
        classes=[c.item() if isinstance(c, np.generic) else c for c in choice.classes],
        columns=columns,
        data=source,
        test_predictions=(predicted, part["test"][1]) if choice.task in REGRESSION else None,
        settings={
            "hidden": [int(h) for h in hidden],
            "epochs": int(epochs),
            "epochs_run": stopped,
            "best_epoch": best,
            "seed": seed,
            "learning_rate": float(learning_rate),
            "patience": patience,
            "batch_size": batch_size,
            "validation_size": validation_size,
            "test_size": test_size,
            "tune": tune,
            "devices": devices,
        },
        figure=figure,
        trials=trials,
    )


def _print_data(choice: TaskChoice, table, split: dict, columns: list[Column], *, stratified: bool) -> None:
    """The report's first lines: the task and why, the rows, what was dropped or filled."""
    print(f"Task: {choice.task}, because {choice.reason}.")
    print(
        f"Data: {table.source}; {len(split['train'])} train, {len(split['validation'])} validation, "
        f"{len(split['test'])} test rows{' (stratified)' if stratified else ''}."
    )
    for note in table.notes:
        print(f"Note: {note}.")
    for column in columns:
        if column.missing:
            filled = (
                f"filled with the training mean {column.fill:.4g}"
                if column.kind == "numeric"
                else ("kept as its own category")
            )
            print(f"Missing: {column.name!r} in {column.missing} training rows, {filled}.")


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
        "model": _measure(choice.task, y_test, predicted, n_classes),
        "baseline": _measure(choice.task, y_test, baseline_prediction, n_classes),
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
        if regression:  # the stack predicts standardized values; the model answers in the target's units
            unscale = keras.layers.Normalization(axis=None, invert=True, name="target_units")
            unscale.adapt(y_train)
            layers.append(unscale)
            if choice.task == "positive_regression":
                layers.append(keras.layers.ReLU(name="non_negative"))
        network = keras.Sequential([keras.Input(shape=(width,)), *layers], name="network")
        network.compile(**_compile_settings(choice.task, learning_rate, steps))
        return network

    return build


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
