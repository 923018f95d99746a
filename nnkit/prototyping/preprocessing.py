"""The model's own input preparation: raw columns in, one vector of numbers out, as Keras layers.

Numeric columns: missing values filled with the training mean (:class:`FillMissing`), then a
``Normalization`` adapted on the training split (a column constant there is left unscaled). Text
columns: a ``StringLookup`` with the training split's vocabulary, one-hot (an unseen value, or a
missing one never seen in training, gets the out-of-vocabulary slot). Because these are layers of
the model, the saved ``.keras`` file takes raw rows.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import keras
import numpy as np

from nnkit.prototyping.roles import top_values
from nnkit.prototyping.table import TableError, is_numeric, read_numbers

NUMBERS = "numbers"  # the one input that takes every numeric column


@keras.saving.register_keras_serializable(package="nnkit")
class FillMissing(keras.layers.Layer):
    """Replace NaN in each column by a fixed value (the training mean), inside the model.

    Example:
        >>> FillMissing([1.0, 2.0])(np.array([[np.nan, 5.0], [3.0, np.nan]])).numpy().tolist()
        [[1.0, 5.0], [3.0, 2.0]]
    """

    def __init__(self, values, **kwargs):
        super().__init__(**kwargs)
        self.values = [float(v) for v in values]

    def call(self, inputs):
        inputs = keras.ops.cast(inputs, self.compute_dtype)
        fill = keras.ops.convert_to_tensor(np.array(self.values), dtype=self.compute_dtype)
        return keras.ops.where(keras.ops.isnan(inputs), fill, inputs)

    def get_config(self):
        return {**super().get_config(), "values": self.values}


@dataclass
class Column:
    """How one raw column enters the model.

    Attributes:
        name: the column's name in the table.
        input: the model's input that takes it: ``"numbers"`` (one ``(rows, k)`` input for all the
            numeric columns, in table order) or the text column's name made safe for Keras.
        kind: ``"numeric"`` or ``"text"``.
        missing: how many training rows had it missing.
        fill: the value a missing number becomes (numeric columns).
        vocabulary: the training split's values (text columns), at most ``limit`` of them.
        limit: the most values a text column keeps (its most frequent); the others share the
            out-of-vocabulary slot, "other".
    """

    name: str
    input: str
    kind: str
    missing: int = 0
    fill: float | None = None
    vocabulary: list | None = None
    limit: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def describe_columns(features, train_rows, limits=None) -> list[Column]:
    """One :class:`Column` per feature, measured on the training rows only.

    ``limits`` maps a text column to the most values it keeps
    (see :func:`~nnkit.prototyping.roles.top_values`).

    Example:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"bill": [40.0, None, 44.0], "island (name)": ["Biscoe", "Dream", None]})
        >>> [(c.input, c.kind, c.missing, c.fill, c.vocabulary) for c in describe_columns(frame, [0, 1, 2])]
        [('numbers', 'numeric', 1, 42.0, None), ('island_name', 'text', 1, None, ['', 'Biscoe', 'Dream'])]
    """
    columns, used = [], {NUMBERS}
    rows = features.iloc[np.asarray(train_rows, dtype=int)]  # once: a table may have 784 pixel columns
    for name in features.columns:
        train = rows[name]
        missing = int(train.isna().sum())
        if is_numeric(features[name]):
            mean = float(train.mean()) if missing < len(train) else 0.0
            columns.append(Column(name, NUMBERS, "numeric", missing, fill=mean))
        else:
            safe = re.sub(r"\W+", "_", name).strip("_") or "column"
            safe = f"c_{safe}" if safe[0].isdigit() else safe
            while safe in used:
                safe += "_"
            used.add(safe)
            limit = (limits or {}).get(name)
            vocabulary = top_values(text_values(train).tolist(), limit)
            columns.append(Column(name, safe, "text", missing, vocabulary=vocabulary, limit=limit))
    return columns


def text_values(column) -> np.ndarray:
    """A text column as strings, a missing value as ``""``."""
    return np.array(["" if value is None or value != value else str(value) for value in column], dtype=str)


def model_inputs(frame, columns: list[Column], *, where: str = "predict") -> dict:
    """The arrays the model takes, from raw rows: ``{"numbers": (rows, k), text column: (rows, 1)}``.

    Every training column must be there; a text cell in a numeric column is refused with its column's name.
    """
    names = [column.name for column in columns]
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise TableError(
            f"{where}: the new rows lack column(s) the model was trained on: {missing}. The model needs "
            f"{names}. Fix: add those columns (leave cells empty where a value is unknown)."
        )
    inputs, numbers = {}, []
    for column in columns:
        values = frame[column.name]
        if column.kind == "numeric" and is_numeric(values):
            numbers.append(values.to_numpy(dtype="float32", na_value=np.nan))
        elif column.kind == "numeric":  # text read from a file: numbers, or a mistake to name
            parsed, bad = read_numbers(values)
            if len(bad):
                raise TableError(
                    f"{where}: column {column.name!r} was numeric in training but holds text here: "
                    f"{bad.iloc[0]!r} (row {bad.index[0]}). Fix: correct it, or leave the cell empty."
                )
            numbers.append(parsed.to_numpy(dtype="float32"))
        else:
            inputs[column.input] = text_values(values).reshape(-1, 1)
    if numbers:
        inputs[NUMBERS] = np.stack(numbers, axis=1)
    return inputs


def preprocessing(columns: list[Column], train_inputs: dict):
    """Keras ``Input`` layers and the prepared feature vector: ``(inputs dict, tensor)``.

    ``Normalization`` is adapted on ``train_inputs`` (the training split, missing values filled).
    """
    inputs, parts = {}, []
    numeric = [column for column in columns if column.kind == "numeric"]
    if numeric:
        inputs[NUMBERS] = keras.Input(shape=(len(numeric),), name=NUMBERS, dtype="float32")
        fill = FillMissing([column.fill for column in numeric], name="fill_missing")
        normalize = keras.layers.Normalization(axis=-1, name="normalize")
        normalize.adapt(fill(train_inputs[NUMBERS]))
        # A column constant over the training rows (a digit's blank border pixel) would be divided by
        # ~0, turning a rare non-zero value into thousands: keep it unscaled, as scikit-learn does.
        variance = keras.ops.convert_to_numpy(normalize.adapt_variance)
        normalize.adapt_variance.assign(np.where(variance > 0, variance, 1.0))
        normalize.finalize_state()
        parts.append(normalize(fill(inputs[NUMBERS])))
    for column in columns:
        if column.kind == "text":
            inputs[column.input] = keras.Input(shape=(1,), name=column.input, dtype="string")
            lookup = keras.layers.StringLookup(
                vocabulary=column.vocabulary, output_mode="one_hot", name=f"one_hot_{column.input}"
            )
            parts.append(lookup(inputs[column.input]))
    features = keras.layers.Concatenate(name="features")(parts) if len(parts) > 1 else parts[0]
    return inputs, features
