"""A prototype's reproduction script, ``train.py``: the run again in plain Keras, without nnkit.

:func:`prototype_script` writes it from a :class:`~nnkit.prototyping.Prototype`; the network's
lines are :mod:`nnkit.codegen`'s, the split and the column preparation are nnkit's own functions,
copied verbatim, so the script redoes each step exactly.
"""

from __future__ import annotations

import inspect
import string

import keras

from nnkit.codegen import _compile_source, _sequential_source
from nnkit.prototyping.result import Prototype
from nnkit.prototyping.roles import prepare_columns, top_values
from nnkit.prototyping.splitting import split_rows

# The reproduction script; $names are filled in by prototype_script.
_SCRIPT = string.Template('''\
"""Train the nnkit prototype again in plain Keras: predict $target ($task), then test it.

Written by nnkit.prototyping.script.prototype_script. It needs Keras, TensorFlow, pandas and NumPy, not nnkit.
Usage: python train.py [DATA.csv]. It redoes each step of the run: the same rows, the same seeded
split, the same preparation (missing numbers filled with the training mean, numbers normalized,
text one-hot encoded), the same network, initial weights, batches and early stopping, and prints
the test metrics beside the ones nnkit reported.
"""

import argparse
import os

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("data", ${data_default}help="the table, a CSV file")
data = parser.parse_args().data  # before TensorFlow loads: --help and a missing argument answer at once

os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"  # as nnkit.setup(): the same float sums, so the same numbers

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import tensorflow as tf  # noqa: E402

TARGET = $target_list
DROP = $drop$role_constants
NUMERIC = $numeric
TEXT = $text  # text column -> the model's input for it
SEED = $seed
VALIDATION_SIZE, TEST_SIZE = $validation_size, $test_size
BATCH_SIZE, EPOCHS, PATIENCE = $batch_size, $epochs, $patience
REPORTED = $reported  # nnkit's test metrics for this run

keras.utils.set_random_seed(SEED)
tf.config.experimental.enable_op_determinism()

# 1. The table, without the rows whose target is missing, and the labels.
table = pd.read_csv(data).drop(columns=DROP)
table = table[table[TARGET].notna().all(axis=1)].reset_index(drop=True)
$labels$columns

# 2. The split: seeded$stratified.
$split_rows


split = split_rows(len(y), $stratify, validation_size=VALIDATION_SIZE, test_size=TEST_SIZE, seed=SEED)

# 3. The model's inputs: the numbers in one array, a missing one filled with its training mean;
#    each text column as strings ("" where missing).
x = {}
$inputs

# 4. The preparation, as Keras layers adapted on the training rows, run once over every row.
inputs, parts = {}, []
$preparation
features = keras.layers.Concatenate()(parts) if len(parts) > 1 else parts[0]
prepare = keras.Model(inputs, features)
prepared = {}
for part, rows in split.items():
    prepared[part] = keras.ops.convert_to_numpy(prepare({name: x[name][rows] for name in x}))

# 5. The network (as nnkit.keras_code writes it), trained with early stopping on the validation loss.
keras.utils.set_random_seed(SEED)
$network
train = tf.data.Dataset.from_tensor_slices((prepared["train"], y[split["train"]]))
train = train.shuffle(len(split["train"]), seed=SEED, reshuffle_each_iteration=True).batch(BATCH_SIZE)
validation = tf.data.Dataset.from_tensor_slices((prepared["validation"], y[split["validation"]]))
stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=PATIENCE, restore_best_weights=True)
validation = validation.batch(BATCH_SIZE)
model.fit(train, validation_data=validation, epochs=EPOCHS, callbacks=[stop], shuffle=False, verbose=2)

# 6. The test metrics.
output, y_test = keras.ops.convert_to_numpy(model(prepared["test"])), y[split["test"]]
$metrics
for name, value in metrics.items():
    print(f"Test {name}: {value:.6g} (nnkit reported {REPORTED[name]:.6g})")
''')

_LABELS = {
    "classes": """\
classes = sorted(table[TARGET[0]].unique().tolist(), key=lambda value: (str(type(value)), value))
y = np.array([classes.index(value) for value in table[TARGET[0]]], dtype="int64")  # class positions""",
    "multilabel": 'y = table[TARGET].to_numpy(dtype="float32")  # one 0/1 column per label',
    "numbers": 'y = table[TARGET[0]].to_numpy(dtype="float32")',
}
_NUMERIC_INPUTS = """\
mean = columns[NUMERIC].iloc[split["train"]].mean().fillna(0.0)
x["numbers"] = columns[NUMERIC].fillna(mean).to_numpy(dtype="float32")"""
_TEXT_INPUTS = """\
for column, name in TEXT.items():
    strings = ["" if value is None or value != value else str(value) for value in columns[column]]
    x[name] = np.array(strings, dtype=str).reshape(-1, 1)"""
_NUMERIC_PREPARATION = """\
inputs["numbers"] = keras.Input(shape=(len(NUMERIC),), name="numbers")
normalize = keras.layers.Normalization()
normalize.adapt(tf.constant(x["numbers"][split["train"]]))  # a tensor: TensorFlow's sums, as nnkit's
variance = keras.ops.convert_to_numpy(normalize.adapt_variance)  # a column constant in training: unscaled
normalize.adapt_variance.assign(np.where(variance > 0, variance, 1.0))
normalize.finalize_state()
parts.append(normalize(inputs["numbers"]))"""
_TEXT_PREPARATION = """\
for column, name in TEXT.items():
    inputs[name] = keras.Input(shape=(1,), name=name, dtype="string")
    vocabulary = $vocabulary
    parts.append(keras.layers.StringLookup(vocabulary=vocabulary, output_mode="one_hot")(inputs[name]))"""
_UNITS = """\
# The network predicts standardized values; the inverted Normalization turns them into the target's units.
unscale = next(layer for layer in model.layers if isinstance(layer, keras.layers.Normalization))
unscale.adapt(y[split["train"]].reshape(-1, 1))  # one column, as the network outputs it"""
# The layers after the last Dense that put a regression's output in the target's units (>= 0).
OUTPUT_LAYER_NAMES = ("target_units", "non_negative", "target_offset", "target_scale")
_ACCURACY = 'metrics = {"accuracy": float(np.mean(predicted == y_test))}'
_METRICS = {
    "binary": f"predicted = (output[:, 0] >= 0.5).astype(int)\n{_ACCURACY}",
    "multiclass": f"predicted = output.argmax(axis=1)\n{_ACCURACY}",
    "multilabel": """\
predicted = (output >= 0.5).astype("float32")
metrics = {
    "accuracy": float(np.mean(predicted == y_test)),  # per label, averaged
    "exact_match": float(np.mean(np.all(predicted == y_test, axis=1))),
}""",
    "regression": """\
error = output[:, 0].astype(float) - y_test.astype(float)
metrics = {"mae": float(np.mean(np.abs(error))), "rmse": float(np.sqrt(np.mean(error**2)))}""",
}


def prototype_script(run) -> str:
    """Return a standalone Python script that trains ``run``'s model again in plain Keras and tests it.

    ``run`` is what :func:`nnkit.prototype` returned (or :func:`nnkit.prototyping.load_run` read).
    The script imports Keras, TensorFlow, pandas and NumPy, not nnkit. It reads the CSV given as its
    argument (by default the file the run was trained on), then redoes every step: the same rows
    dropped, the same seeded split, the same preparation (missing numbers filled with the training
    mean, a ``Normalization`` adapted on the training rows, text one-hot encoded), the network that
    :func:`keras_code` writes, the same initial weights, batches and early stopping; it prints the
    test metrics beside the ones the run reported. A run folder holds it as ``train.py``.

    Example:
        >>> import nnkit, pandas as pd
        >>> table = pd.DataFrame({"size": range(40), "colour": ["red", "blue"] * 20})
        >>> table["big"] = table["size"] >= 20
        >>> run = nnkit.prototype(table, target="big", hidden=(4,), epochs=2, verbose=0)  # doctest: +ELLIPSIS
        Task: binary, ...
        >>> source = prototype_script(run)
        >>> "import nnkit" in source, "keras.layers.Dense(4, activation='relu')," in source
        (False, True)
    """
    if not isinstance(run, Prototype):
        raise TypeError(
            f"prototype_script: run must be what nnkit.prototype returned. Received: {type(run).__name__}. "
            "Fix: run = nnkit.prototype(data, target=...), then prototype_script(run)."
        )
    if not run.model.compiled:
        raise TypeError(
            "prototype_script: the run's model is not compiled, so how it trained is unknown. "
            "Fix: pass the run nnkit.prototype returned, or one read back by nnkit.prototyping.load_run."
        )
    task, settings, path = run.task, run.settings, run.data.get("path")
    plan = run.data.get("plan") or {"drop": [], "dates": {}, "as_text": [], "as_number": []}
    limits = {column.name: column.limit for column in run.columns if column.limit}
    constants, columns = [], ""  # no roles to redo: the inputs are read from the table itself
    if any(plan.values()):  # the columns' roles changed something: nnkit's own function redoes it
        constants.append(f"PLAN = {plan!r}  # the columns' roles: dropped, dates as numbers, forced types")
        source = inspect.getsource(prepare_columns).rstrip()
        columns = f"\n\n\n{source}\n\n\ncolumns = prepare_columns(table.drop(columns=TARGET), PLAN)"
    vocabulary = 'sorted(set(x[name][split["train"], 0].tolist()))'
    if limits:
        vocabulary = 'top_values(x[name][split["train"], 0].tolist(), LIMITS.get(column))'
        constants.append(f"LIMITS = {limits!r}  # text column -> how many of its most frequent are kept")
        columns += f"\n\n\n{inspect.getsource(top_values).rstrip()}"
    text_preparation = _TEXT_PREPARATION.replace("$vocabulary", vocabulary)
    classifier = task in ("binary", "multiclass")
    numeric = [column.name for column in run.columns if column.kind == "numeric"]
    text = {column.name: column.input for column in run.columns if column.kind == "text"}
    network = [
        layer
        for layer in run.model.layers
        if isinstance(layer, keras.layers.Dense) or layer.name in OUTPUT_LAYER_NAMES
    ]
    width = int(network[0].kernel.shape[0])
    layer_configs = [{"class_name": "InputLayer", "config": {"batch_shape": (None, width)}}]
    layer_configs += [{"class_name": type(layer).__name__, "config": layer.get_config()} for layer in network]
    network_source = _sequential_source(layer_configs) + _compile_source(run.model.get_compile_config())
    if any(layer.name == "target_units" for layer in network):  # regression: adapted on the training rows
        network_source.append(_UNITS)
    reported = {name: value for name, value in run.metrics["model"].items() if name != "confusion_matrix"}
    return _SCRIPT.substitute(
        target=", ".join(run.target),
        task=task,
        target_list=repr(run.target),
        drop=repr(run.data.get("drop", [])),
        role_constants="".join(f"\n{line}" for line in constants),
        columns=columns,
        numeric=repr(numeric),
        text=repr(text),
        seed=repr(settings["seed"]),
        validation_size=repr(settings.get("validation_size", 0.2)),
        test_size=repr(settings.get("test_size", 0.2)),
        batch_size=repr(settings["batch_size"]),
        epochs=repr(settings["epochs"]),
        patience=repr(settings["patience"]),
        reported=repr(reported),
        data_default=f'nargs="?", default={path!r}, ' if path else "",
        labels=_LABELS["classes" if classifier else "multilabel" if task == "multilabel" else "numbers"],
        stratified=", stratified by class" if classifier else "",
        split_rows=inspect.getsource(split_rows).rstrip(),
        stratify="y" if classifier else "None",
        inputs="\n".join(([_NUMERIC_INPUTS] if numeric else []) + ([_TEXT_INPUTS] if text else [])).replace(
            "columns[", "columns[" if any(plan.values()) else "table["
        ),
        preparation="\n".join(
            ([_NUMERIC_PREPARATION] if numeric else []) + ([text_preparation] if text else [])
        ),
        network="\n".join(network_source),
        metrics=_METRICS.get(task, _METRICS["regression"]),
    )
