"""What :func:`nnkit.prototype` returns: :class:`Prototype`, a trained model that predicts raw rows."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import keras
import numpy as np

from nnkit.prototyping.columns import check_new_columns
from nnkit.prototyping.preprocessing import Column, model_inputs, text_values
from nnkit.prototyping.roles import ColumnRole, column_plan, prepare_columns
from nnkit.prototyping.table import TableError, _pandas, read_csv

CLASSIFIERS = ("binary", "multiclass", "multilabel")
REGRESSION = ("regression", "positive_regression")
ROW = "row"  # the predictions' identifier column when none is named: the input's row number, from 1
UNSEEN = "unseen_categories"  # the predictions' column naming the inputs a row had never seen in training


@dataclass
class Prototype:
    """A trained prototype: the model, how it was made, and how well it does against a trivial baseline.

    Attributes:
        model: the Keras model; it takes the prepared columns (``{input name: (rows, 1)}``) and
            fills, scales and one-hot encodes them itself.
        history: ``{"loss": [...], "val_loss": [...], ...}`` per epoch.
        split: row numbers (of the table after rows without a target were dropped) per part:
            ``{"train": [...], "validation": [...], "test": [...]}``.
        metrics: ``{"model": {...}, "baseline": {...}}`` on the test rows.
        task: the task trained, and ``reason`` why it was chosen.
        target: the target column name(s); ``classes``: the class (or label) names in output order.
        columns: how each model input enters the model (:class:`~nnkit.prototyping.preprocessing.Column`).
        roles: how each column of the table was used, and why (:class:`~nnkit.prototyping.roles.ColumnRole`).
        data: a description of the table and what was done to it, for the report.
        settings: how it was trained (hidden widths, learning rate, epochs run, best epoch, devices...).
        intervals: 95% intervals of the test metrics (``{"accuracy": [low, high], ...}``).
        warnings: what an analyst should doubt, in sentences (also printed and in summary.md).
        report: every line the run printed (the console's report), kept for summary.md.
        figure: the training curves (loss and metric per epoch), a matplotlib ``Figure``.
        trials: what ``tune=`` tried, a pandas DataFrame (best first), or ``None``.

    Example:
        >>> import nnkit, pandas as pd, tempfile, pathlib
        >>> table = pd.DataFrame({"size": [0.5 * i for i in range(40)], "colour": ["red", "blue"] * 20})
        >>> table["big"] = table["size"] >= 10
        >>> run = nnkit.prototype(table, target="big", hidden=(4,), epochs=2, verbose=0)  # doctest: +ELLIPSIS
        Task: binary, because target 'big' holds yes/no values with 2 classes (False, True).
        ...
        >>> run.predict_proba(pd.DataFrame({"size": [3.0], "colour": ["green"]})).shape  # unseen colour: fine
        (1, 2)
        >>> folder = run.save(pathlib.Path(tempfile.mkdtemp()) / "run")
        >>> nnkit.prototyping.load_run(folder).predict(table.head(2)).columns.tolist()
        ['row', 'predicted_big', 'probability_False', 'probability_True', 'unseen_categories']
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
    roles: list[ColumnRole] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    intervals: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    report: list = field(default_factory=list)
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
        output, _ = self._raw(self._frame(rows))
        return np.column_stack([1 - output[:, 0], output[:, 0]]) if self.task == "binary" else output

    def predict(self, rows, *, id_column: str | None = None):
        """Predictions for new raw rows (a DataFrame or a CSV path) as a DataFrame.

        The first column identifies each row: ``id_column`` (``--id`` on the command line), else
        the training table's identifier column if the rows have it, else ``row``, the row's number
        (the first row is 1). Classifiers then give ``predicted_<target>`` and one
        ``probability_<class>`` column per class; regression gives ``predicted_<target>`` in the
        target's own units. When the model has text inputs, ``unseen_categories`` names, per row, the
        columns whose value never occurred in training (the model then guesses); their counts per
        column are in ``.attrs["unseen"]`` and a warning.
        """
        pd = _pandas()
        frame = self._frame(rows)
        identifier = self._identifier(frame, id_column)
        output, unseen = self._raw(frame)
        result = {
            identifier: frame[identifier].to_numpy() if identifier in frame else np.arange(1, len(frame) + 1)
        }
        if self.task == "multilabel":
            result.update(
                {f"predicted_{n}": (output[:, j] >= 0.5).astype(int) for j, n in enumerate(self.classes)}
            )
            result.update({f"probability_{n}": output[:, j] for j, n in enumerate(self.classes)})
        elif self.task in CLASSIFIERS:
            probabilities = (
                np.column_stack([1 - output[:, 0], output[:, 0]]) if self.task == "binary" else output
            )
            result[f"predicted_{self.target[0]}"] = [self.classes[k] for k in probabilities.argmax(axis=1)]
            result.update(
                {f"probability_{label}": probabilities[:, k] for k, label in enumerate(self.classes)}
            )
        else:
            result[f"predicted_{self.target[0]}"] = output[:, 0]
        if any(column.kind == "text" for column in self.columns):
            result[UNSEEN] = [", ".join(names) for names in unseen["rows"]]
        predictions = pd.DataFrame(result)
        predictions.attrs["unseen"] = unseen["counts"]
        if unseen["counts"]:
            counts = ", ".join(f"{name!r} {count}" for name, count in unseen["counts"].items())
            warnings.warn(
                f"predict: values never seen in training, rows per column: {counts} (examples: "
                f"{unseen['examples']}); the model has nothing learned for them, so those predictions "
                f"are guesses (the {UNSEEN} column names them per row).",
                UserWarning,
                stacklevel=2,
            )
        return predictions

    def _frame(self, rows):
        frame = read_csv(rows, where="predict") if isinstance(rows, (str, os.PathLike)) else rows
        if not isinstance(frame, _pandas().DataFrame):
            raise TableError(
                f"predict: rows must be a pandas DataFrame or a CSV path. Received: {type(rows).__name__}. "
                "Fix: pass new rows with the same columns as the training table."
            )
        frame = frame.reset_index(drop=True)
        frame.columns = [str(name) for name in frame.columns]
        return frame

    def _identifier(self, frame, id_column) -> str:
        if id_column is not None:
            if id_column not in frame.columns:
                raise TableError(
                    f"predict: the id column (--id) {id_column!r} is not in the new rows. "
                    f"Fix: use one of {list(frame.columns)}, or leave it out to number the rows."
                )
            return id_column
        named = [role.name for role in self.roles if role.role == "identifier" and role.name in frame.columns]
        return named[0] if named else ROW

    def _inputs_needed(self) -> list[str]:
        return (
            [role.name for role in self.roles if role.used] if self.roles else [c.name for c in self.columns]
        )

    def _raw(self, frame) -> tuple[np.ndarray, dict]:
        needed = self._inputs_needed()
        known = [role.name for role in self.roles] + list(self.target)  # drop= columns: refused
        check_new_columns(frame, needed, known)
        prepared = prepare_columns(frame, column_plan(self.roles)) if self.roles else frame
        unseen = unseen_values(prepared, self.columns)
        inputs = model_inputs(prepared, self.columns)
        return np.asarray(self.model.predict(batches(inputs, batch_size=256), verbose=0)), unseen

    def save(self, folder, *, overwrite: bool = False):
        """Write the run folder (see :func:`nnkit.prototyping.save_run`); returns its path."""
        from nnkit.prototyping.run_folder import save_run

        return save_run(self, folder, overwrite=overwrite)


def unseen_values(frame, columns: list[Column]) -> dict:
    """Per row, the text columns whose value was never seen in training; counts and examples per column.

    A missing value is not counted, nor a value of a column that keeps only its most frequent values
    (``limit``): those share the "other" slot by design.
    """
    rows = [[] for _ in range(len(frame))]
    counts, examples = {}, {}
    for column in columns:
        if column.kind != "text" or column.limit:
            continue
        values = text_values(frame[column.name])
        new = (values != "") & ~np.isin(values, np.array(column.vocabulary, dtype=str))
        if new.any():
            counts[column.name] = int(new.sum())
            examples[column.name] = sorted(set(values[new].tolist()))[:3]
            for row in np.flatnonzero(new):
                rows[row].append(column.name)
    return {"rows": rows, "counts": counts, "examples": examples}


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
