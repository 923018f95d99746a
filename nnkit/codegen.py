"""Write plain Keras source: the code that builds and compiles a model, and a prototype's training script.

:func:`keras_code` shows what nnkit built; :func:`prototype_script` writes a standalone script that
redoes a :func:`nnkit.prototype` run (reading, splitting, preparing, training, testing) without nnkit.
"""

from __future__ import annotations

import inspect
import string

import keras

_SKIP = {"name", "trainable", "dtype"}  # identity and precision policy, not architecture
_ALWAYS = {"activation", "learning_rate"}  # written even at their defaults: the lecture's point


def keras_code(model: keras.Sequential) -> str:
    """Return Python source that builds and compiles the same ``Sequential`` ``Dense`` model.

    Only settings that differ from Keras's defaults are written, so the code reads like
    the slides. Running it gives a model with the same layers and compile settings.

    Example:
        >>> import nnkit
        >>> print(keras_code(nnkit.slide_model("softmax", input_dim=784)))
        import keras
        <BLANKLINE>
        model = keras.Sequential([
            keras.Input(shape=(784,)),
            keras.layers.Dense(25, activation='relu'),
            keras.layers.Dense(15, activation='relu'),
            keras.layers.Dense(10, activation='softmax'),
        ])
        model.compile(
            loss=keras.losses.SparseCategoricalCrossentropy(),
            steps_per_execution=32,
        )
        <BLANKLINE>
    """
    if not isinstance(model, keras.Sequential):
        raise TypeError(
            f"keras_code: model must be a keras.Sequential model. Received: {type(model).__name__}. "
            "Fix: pass a model built by nnkit.dense_model or nnkit.slide_model."
        )
    lines = ["import keras", "", *_sequential_source(model.get_config()["layers"])]
    if model.compiled:
        lines += _compile_source(model.get_compile_config())
    return "\n".join(lines) + "\n"


def _sequential_source(layer_configs: list[dict]) -> list[str]:
    lines = ["model = keras.Sequential(["]
    lines += [f"    {_layer_source(layer_config)}," for layer_config in layer_configs]
    return [*lines, "])"]


# Besides Dense: a prototype's regression output, back in the target's units (and kept >= 0).
_OUTPUT_LAYERS = {"Normalization": keras.layers.Normalization, "ReLU": keras.layers.ReLU}


def _layer_source(layer_config: dict) -> str:
    kind, config = layer_config["class_name"], layer_config["config"]
    if kind == "InputLayer":
        return f"keras.Input(shape={tuple(config['batch_shape'][1:])!r})"
    if kind in _OUTPUT_LAYERS:
        config = {**config, "axis": None} if config.get("axis") == () else config  # () is how None is kept
        arguments = _changed_arguments(config, _OUTPUT_LAYERS[kind]().get_config())
        return f"keras.layers.{kind}({', '.join(arguments)})"
    if kind != "Dense":
        raise TypeError(
            f"keras_code writes Dense layers only. Received a {kind} layer. "
            "Fix: use it on models built by nnkit.dense_model or nnkit.slide_model."
        )
    arguments = [str(config["units"])]
    arguments += _changed_arguments(config, keras.layers.Dense(config["units"]).get_config())
    return f"keras.layers.Dense({', '.join(arguments)})"


def _compile_source(compile_config: dict) -> list[str]:
    arguments = []
    optimizer = _object_source("optimizers", compile_config["optimizer"])
    if optimizer != "keras.optimizers.RMSprop(learning_rate=0.001)":  # the default: slides omit it
        arguments.append(f"optimizer={optimizer}")
    arguments.append(f"loss={_object_source('losses', compile_config['loss'])}")
    if compile_config.get("metrics"):
        arguments.append(f"metrics={compile_config['metrics']!r}")
    if compile_config.get("steps_per_execution", 1) != 1:
        arguments.append(f"steps_per_execution={compile_config['steps_per_execution']}")
    return ["model.compile(", *(f"    {argument}," for argument in arguments), ")"]


def _object_source(module: str, serialized) -> str:
    if isinstance(serialized, str):
        return repr(serialized)
    name = serialized["class_name"]
    default = getattr(getattr(keras, module), name)().get_config()
    return f"keras.{module}.{name}({', '.join(_changed_arguments(serialized['config'], default))})"


def _changed_arguments(config: dict, default: dict) -> list[str]:
    arguments = []
    for key, value in config.items():
        if key in _SKIP or key == "units" or (value == default.get(key) and key not in _ALWAYS):
            continue
        if isinstance(value, float):
            value = float(f"{value:.7g}")  # float32 settings: write 1e-3, not 0.0010000000474974513
        if isinstance(value, dict):
            raise TypeError(
                f"keras_code cannot write the setting {key}={value!r}. "
                "Fix: use default initializers and regularizers, or write this layer by hand."
            )
        arguments.append(f"{key}={value!r}")
    return arguments


# The reproduction script; $names are filled in by prototype_script.
_SCRIPT = string.Template('''\
"""Train the nnkit prototype again in plain Keras: predict $target ($task), then test it.

Written by nnkit.codegen.prototype_script. It needs Keras, TensorFlow, pandas and NumPy, not nnkit.
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
DROP = $drop
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
$labels

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
mean = table[NUMERIC].iloc[split["train"]].mean().fillna(0.0)
x["numbers"] = table[NUMERIC].fillna(mean).to_numpy(dtype="float32")"""
_TEXT_INPUTS = """\
for column, name in TEXT.items():
    strings = ["" if value is None or value != value else str(value) for value in table[column]]
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
for name in TEXT.values():
    inputs[name] = keras.Input(shape=(1,), name=name, dtype="string")
    vocabulary = sorted(set(x[name][split["train"], 0].tolist()))
    parts.append(keras.layers.StringLookup(vocabulary=vocabulary, output_mode="one_hot")(inputs[name]))"""
_UNITS = """\
# The network predicts standardized values; the inverted Normalization turns them into the target's units.
unscale = next(layer for layer in model.layers if isinstance(layer, keras.layers.Normalization))
unscale.adapt(y[split["train"]].reshape(-1, 1))  # one column, as the network outputs it"""
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
    from nnkit.prototyping.training import Prototype, split_rows

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
    classifier = task in ("binary", "multiclass")
    numeric = [column.name for column in run.columns if column.kind == "numeric"]
    text = {column.name: column.input for column in run.columns if column.kind == "text"}
    network = [
        layer
        for layer in run.model.layers
        if isinstance(layer, keras.layers.Dense) or layer.name in ("target_units", "non_negative")
    ]
    width = int(network[0].kernel.shape[0])
    layer_configs = [{"class_name": "InputLayer", "config": {"batch_shape": (None, width)}}]
    layer_configs += [{"class_name": type(layer).__name__, "config": layer.get_config()} for layer in network]
    network_source = _sequential_source(layer_configs) + _compile_source(run.model.get_compile_config())
    if task in ("regression", "positive_regression"):
        network_source.append(_UNITS)
    reported = {name: value for name, value in run.metrics["model"].items() if name != "confusion_matrix"}
    return _SCRIPT.substitute(
        target=", ".join(run.target),
        task=task,
        target_list=repr(run.target),
        drop=repr(run.data.get("drop", [])),
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
        inputs="\n".join(([_NUMERIC_INPUTS] if numeric else []) + ([_TEXT_INPUTS] if text else [])),
        preparation="\n".join(
            ([_NUMERIC_PREPARATION] if numeric else []) + ([_TEXT_PREPARATION] if text else [])
        ),
        network="\n".join(network_source),
        metrics=_METRICS.get(task, _METRICS["regression"]),
    )
