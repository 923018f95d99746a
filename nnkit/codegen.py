"""Write plain Keras source: the code that builds and compiles a model.

:func:`keras_code` shows what nnkit built; its pieces (the ``Sequential`` lines and the ``compile``
lines) also write the network of a prototype's reproduction script (:mod:`nnkit.prototyping.script`).
"""

from __future__ import annotations

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
    """The lines of ``model = keras.Sequential([...])`` for layer configs (Dense and output layers)."""
    lines = ["model = keras.Sequential(["]
    lines += [f"    {_layer_source(layer_config)}," for layer_config in layer_configs]
    return [*lines, "])"]


# Besides Dense: a prototype's regression output, back in the target's units (and kept >= 0).
_OUTPUT_LAYERS = {
    "Normalization": keras.layers.Normalization,
    "ReLU": keras.layers.ReLU,
    "Activation": lambda: keras.layers.Activation("linear"),
}


def _layer_source(layer_config: dict) -> str:
    kind, config = layer_config["class_name"], layer_config["config"]
    if kind == "InputLayer":
        return f"keras.Input(shape={tuple(config['batch_shape'][1:])!r})"
    if kind == "Rescaling":  # its scale has no default: always written
        return f"keras.layers.Rescaling({config['scale']!r}, offset={config['offset']!r})"
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
    """The lines of ``model.compile(...)``, settings at Keras's defaults left out."""
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
