"""A playground setup as a standalone Keras script, and as a JSON string that restores it.

The script imports NumPy and Keras only. It holds the playground's own data functions (their
source, copied here verbatim) or, for MNIST and the user's points, the points themselves; it
builds the same layers from the same seed and makes the same mini-batch updates, so it ends at
the loss the playground showed.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

from nnkit import arguments
from nnkit.playground import data as playground_data
from nnkit.playground.config import WHERE, PlaygroundConfig, make_config
from nnkit.playground.features import feature_columns

DEFAULTS = PlaygroundConfig().to_dict()
OPTIMIZER_SOURCE = {
    "sgd": "keras.optimizers.SGD(learning_rate={rate!r})",
    "momentum": "keras.optimizers.SGD(learning_rate={rate!r}, momentum=0.9)",
    "rmsprop": "keras.optimizers.RMSprop(learning_rate={rate!r})",
    "adam": "keras.optimizers.Adam(learning_rate={rate!r})",
}


def export_config(config=None, **settings) -> str:
    """The setup as a JSON string: ``nnkit.playground(config=text)`` or ``run(text)`` restores it.

    Example:
        >>> text = export_config(dataset="xor", hidden=[3])
        >>> make_config(text).hidden
        (3,)
    """
    return make_config(config, **settings).to_json()


def export_code(config=None, *, steps: int = 500, **settings) -> str:
    """Plain Keras source that generates the data, builds, trains ``steps`` steps and prints both losses.

    ``config`` is a dict, a JSON string or a config; ``settings`` override it, as for
    ``nnkit.playground``. The script needs NumPy and Keras only, and prints the same train and
    test loss as ``nnkit.playground.run(config, steps=steps)``.

    Example:
        >>> code = export_code({"dataset": "xor", "hidden": [4]}, steps=100)
        >>> "import nnkit" in code, "keras.layers.Dense(4, activation='tanh')" in code
        (False, True)
    """
    config = make_config(config, **settings)
    steps = arguments.whole_number(steps, "steps", where=WHERE, minimum=0)
    binary = config.class_count == 2
    functions = [_source(function) for function in _functions(config)]
    parts = [
        _header(config, steps),
        "import math\n\nimport keras\nimport numpy as np\n",
        f"SEED = {config.seed}\nSTEPS = {steps}\nBATCH_SIZE = {config.batch_size}\n"
        f"FEATURES = {list(config.features)!r}\n\n",
        "\n\n\n".join(functions) + "\n\n",
        _data_source(config),
        "x_train, x_test = feature_columns(x_train, FEATURES), feature_columns(x_test, FEATURES)\n"
        + (
            "# Two classes: one logit per point, and labels of that shape.\n"
            "y_train, y_test = y_train.astype(np.float32)[:, None], y_test.astype(np.float32)[:, None]\n"
            if binary
            else "y_train, y_test = y_train.astype(np.int32), y_test.astype(np.int32)\n"
        ),
        _model_source(config, binary),
        _training_source(),
    ]
    return "\n".join(parts)


def _functions(config) -> list:
    generator = playground_data.GENERATORS.get(config.dataset)
    return [*([generator] if generator else []), playground_data.noisy_split, feature_columns]


def _header(config, steps: int) -> str:
    if config.dataset == "user":
        data = f"your {len(config.points)} points"
    else:
        kind = f"MNIST digits {list(config.digits)}" if config.dataset == "mnist" else config.dataset
        data = f"{kind}, {config.class_count} classes, {config.samples} points, noise {config.noise:g}"
    summary = (
        f"A network from nnkit.playground, as plain Keras: {data}; features {', '.join(config.features)}; "
        f"hidden layers {list(config.hidden)} ({config.activation}); {config.optimizer}, learning rate "
        f"{config.learning_rate:g}, L1 {config.l1:g}, L2 {config.l2:g}; batch size {config.batch_size}; "
        f"{steps} steps; seed {config.seed}. It needs NumPy and Keras only and prints the train and test "
        "loss the playground showed."
    )
    paragraphs = [summary]
    if config.dataset != "user":  # the user's points are not written into a call
        changed = {
            name: value
            for name, value in config.to_dict().items()
            if value != DEFAULTS[name] and name not in ("points", "labels")
        }
        call = ", ".join(f"{name}={value!r}" for name, value in changed.items())
        paragraphs.append(f"Open it live in a notebook: nnkit.playground({call})")
    wrapped = [
        textwrap.fill(text, width=106, break_long_words=False, break_on_hyphens=False) for text in paragraphs
    ]
    return '"""' + "\n\n".join(wrapped) + '\n"""\n'


def _data_source(config) -> str:
    noise, scale = (0.0, 1.0) if config.dataset == "user" else (config.noise, playground_data.SCALE)
    lines = ["rng = np.random.default_rng(SEED)"]
    if config.dataset in playground_data.GENERATORS:
        generator = playground_data.GENERATORS[config.dataset].__name__
        lines.append(f"points, labels = {generator}({config.samples}, {config.classes}, rng)")
    else:
        points, labels = playground_data.source_points(config)
        if config.dataset == "mnist":
            lines += [
                f"# {config.samples} of nnkit's bundled MNIST images of the digits {list(config.digits)} "
                "(a label is the digit's position",
                "# in that list), projected on their first two principal components and scaled to [-1, 1]:",
                "# the points themselves, so that no data file is needed.",
            ]
        else:
            lines.append("# Your points and labels.")
        lines += [_array_source("points", points.tolist()), _array_source("labels", labels.tolist())]
    lines.append(
        f"(x_train, y_train), (x_test, y_test) = noisy_split(points, labels, {noise!r}, {scale!r}, "
        f"{config.train_ratio!r}, rng)"
    )
    return "\n".join(lines) + "\n"


def _array_source(name: str, values: list) -> str:
    """``name = np.array([...])`` with the values packed into lines of at most 106 characters."""
    lines, line = [], "   "
    for text in (f"{value!r}," for value in values):
        if len(line) + 1 + len(text) > 106:
            lines.append(line)
            line = "   "
        line += " " + text
    return f"{name} = np.array([\n" + "\n".join([*lines, line]) + "\n])"


def _model_source(config, binary: bool) -> str:
    penalty = ", kernel_regularizer=penalty" if config.l1 or config.l2 else ""
    lines = ["keras.utils.set_random_seed(SEED)  # the playground's initial weights"]
    if penalty:
        lines.append(f"penalty = keras.regularizers.L1L2(l1={config.l1!r}, l2={config.l2!r})")
    lines.append("model = keras.Sequential([")
    lines.append(f"    keras.Input(shape=({len(config.features)},)),")
    for units in config.hidden:
        lines.append(f"    keras.layers.Dense({units}, activation={config.activation!r}{penalty}),")
    lines.append(
        f"    keras.layers.Dense({1 if binary else config.class_count}, activation='linear'{penalty}),"
    )
    lines.append("])")
    loss = "BinaryCrossentropy" if binary else "SparseCategoricalCrossentropy"
    lines.append(f"loss = keras.losses.{loss}(from_logits=True)")
    optimizer = OPTIMIZER_SOURCE[config.optimizer].format(rate=config.learning_rate)
    lines.append(f"model.compile(optimizer={optimizer}, loss=loss)")
    return "\n".join(lines) + "\n"


def _training_source() -> str:
    return (
        "# One step trains on one mini-batch, the batches taken in order (model.fit(..., shuffle=False)).\n"
        "batches = math.ceil(len(x_train) / BATCH_SIZE)\n"
        "for step in range(STEPS):\n"
        "    start = (step % batches) * BATCH_SIZE\n"
        "    model.train_on_batch(x_train[start:start + BATCH_SIZE], y_train[start:start + BATCH_SIZE])\n"
        "\n"
        "# The loss of the data alone, without the L1/L2 penalty, as the playground shows it.\n"
        "train_loss = float(loss(y_train, model(x_train)))\n"
        "test_loss = float(loss(y_test, model(x_test)))\n"
        'print(f"step {STEPS}: train loss {train_loss:.6f}, test loss {test_loss:.6f}")\n'
    )


def _source(function) -> str:
    """A function's source as written, its docstring cut to the first line (no doctest in the script)."""
    lines = textwrap.dedent(inspect.getsource(function)).splitlines()
    body = ast.parse("\n".join(lines)).body[0].body
    docstring = body[0] if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) else None
    if docstring is not None and docstring.end_lineno > docstring.lineno:
        first = lines[docstring.lineno - 1]
        lines[docstring.lineno - 1 : docstring.end_lineno] = [first + '"""']
    return "\n".join(lines)
