"""Read a student's Keras model for a checker by what it computes, not how it is written.

``keras.Sequential`` or a functional ``keras.Model`` with an ``Input``, ``keras`` or ``tf.keras`` (the same
Keras 3), ``Dense(1, activation="sigmoid")`` or ``Dense(1)`` followed by ``Activation("sigmoid")``: all
read the same. A checker then compares the properties its statement fixes (units, activations, bias,
kernel size, pooling, loss, ``from_logits``, optimizer) and :func:`missing` names each one that differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import keras

from nnkit import introspect
from nnkit.exercises.feedback import Hint, NotAttempted, is_stub

# Layers that only apply an activation, and the activation they apply.
_ACTIVATION_LAYERS = {"ReLU": "relu", "Softmax": "softmax"}
_POOLING = ("MaxPooling", "AveragePooling", "GlobalAveragePooling", "GlobalMaxPooling")


@dataclass(frozen=True)
class Layer:
    """One computing layer as a checker sees it.

    ``kind`` is ``"dense"``, ``"conv"``, ``"pooling"``, ``"flatten"`` or the class name in lower case;
    ``units`` holds a Dense layer's units or a convolution's filters; ``activation`` already includes
    any ``Activation`` layer that follows (``"linear"`` when there is none).
    """

    kind: str
    name: str
    units: int | None = None
    activation: str | None = None
    use_bias: bool | None = None
    kernel_size: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ModelAnswer:
    """What a checker compares: ``dense`` is ``[(units, activation), ...]`` in order.

    ``loss`` is the loss's lower-case name without underscores (``None`` when the
    model is not compiled), ``optimizer`` the optimizer's class name in lower case,
    ``layers`` every computing layer in order (Input layers left out), ``input_shape``
    the shape of one sample (``None`` while the model is not built).
    """

    dense: list[tuple[int, str]]
    loss: str | None
    from_logits: bool
    optimizer: str | None
    learning_rate: float | None
    layers: tuple[Layer, ...] = ()
    input_shape: tuple[int | None, ...] | None = None

    @property
    def dense_layers(self) -> list[Layer]:
        return [layer for layer in self.layers if layer.kind == "dense"]

    def of_kind(self, kind: str) -> list[Layer]:
        """The layers of one kind (``"conv"``, ``"pooling"``...), in order."""
        return [layer for layer in self.layers if layer.kind == kind]


def _activation_name(activation: Any) -> str:
    name = getattr(activation, "__name__", None) or str(activation)
    return name.lower()


def _kind(layer: keras.layers.Layer) -> str:
    name = type(layer).__name__
    if isinstance(layer, keras.layers.Dense):
        return "dense"
    if name.startswith("Conv"):
        return "conv"
    if name.startswith(_POOLING):
        return "pooling"
    return name.lower()


def _flat_layers(model: keras.Model) -> list[keras.layers.Layer]:
    """The model's layers in order, nested models opened, Input layers left out."""
    found = []
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            found.extend(_flat_layers(layer))
        elif type(layer).__name__ != "InputLayer":
            found.append(layer)
    return found


def read_layers(model: keras.Model) -> tuple[Layer, ...]:
    """Every computing layer of ``model``, an ``Activation`` layer folded into the layer before it.

    Example:
        >>> model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1),
        ...                           keras.layers.Activation("sigmoid")])
        >>> read_layers(model)[0].activation
        'sigmoid'
    """
    layers: list[Layer] = []
    for layer in _flat_layers(model):
        name = type(layer).__name__
        applied = _activation_name(layer.activation) if name == "Activation" else _ACTIVATION_LAYERS.get(name)
        if applied is not None:
            if layers and layers[-1].activation is not None:
                before = layers[-1].activation
                combined = applied if before == "linear" else (before if applied == "linear" else
                                                               f"{before} then {applied}")
                layers[-1] = Layer(**{**layers[-1].__dict__, "activation": combined})
            else:
                layers.append(Layer(kind="activation", name=name, activation=applied))
            continue
        if name == "Dropout":
            continue  # changes training only, not what the trained model computes
        kind = _kind(layer)
        units = getattr(layer, "units", None) if kind == "dense" else getattr(layer, "filters", None)
        activation = getattr(layer, "activation", None)
        kernel = getattr(layer, "kernel_size", None) if kind == "conv" else None
        layers.append(Layer(
            kind=kind,
            name=name,
            units=int(units) if units is not None else None,
            activation=_activation_name(activation) if activation is not None else None,
            use_bias=bool(layer.use_bias) if hasattr(layer, "use_bias") else None,
            kernel_size=tuple(int(k) for k in kernel) if kernel is not None else None,
        ))
    return tuple(layers)


def _input_shape(model: keras.Model) -> tuple[int | None, ...] | None:
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):  # a Sequential model never built has no inputs yet
        return None
    if not inputs:
        return None
    return tuple(inputs[0].shape[1:])


def read_model(answer: Any) -> ModelAnswer:
    """A :class:`ModelAnswer` for any ``keras.Model`` with Dense layers; a hint for anything else.

    Example:
        >>> model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="softmax")])
        >>> model.compile(loss="sparse_categorical_crossentropy")
        >>> read_model(model).dense, read_model(model).loss
        ([(3, 'softmax')], 'sparsecategoricalcrossentropy')
        >>> inputs = keras.Input(shape=(4,))
        >>> outputs = keras.layers.Activation("sigmoid")(keras.layers.Dense(1)(inputs))
        >>> functional = keras.Model(inputs, outputs)
        >>> read_model(functional).dense, read_model(functional).input_shape
        ([(1, 'sigmoid')], (4,))
    """
    if is_stub(answer):
        raise NotAttempted
    if isinstance(answer, type) or not isinstance(answer, keras.Model):
        raise Hint(f"the answer should be a Keras model (keras.Sequential([...])); received {answer!r:.60}.")
    layers = read_layers(answer)
    dense = [(layer.units, layer.activation) for layer in layers if layer.kind == "dense"]
    if not dense:
        raise Hint("the model has no Dense layer: build it from keras.layers.Dense(units, activation=...).")
    compiled = getattr(answer, "optimizer", None) is not None and getattr(answer, "loss", None) is not None
    optimizer = answer.optimizer if compiled else None
    rate = None
    if optimizer is not None:
        try:
            rate = float(keras.ops.convert_to_numpy(optimizer.learning_rate))
        except (TypeError, ValueError):  # a schedule
            rate = None
    return ModelAnswer(
        dense=dense,
        loss=introspect.loss_name(answer) if compiled else None,
        from_logits=introspect.loss_from_logits(answer) if compiled else False,
        optimizer=type(optimizer).__name__.lower() if optimizer is not None else None,
        learning_rate=rate,
        layers=layers,
        input_shape=_input_shape(answer),
    )


def expect_compiled(model: ModelAnswer) -> None:
    """Hint when the model was never compiled (the loss is what most of these exercises check)."""
    if model.loss is None:
        raise Hint("the model is not compiled yet: call model.compile(loss=...) before checking it.")


def missing(
    layer: Layer,
    *,
    units: int | None = None,
    activation: str | None = None,
    use_bias: bool | None = None,
    kernel_size: int | tuple[int, int] | None = None,
) -> list[str]:
    """What ``layer`` lacks of the properties a statement fixes, one phrase each (empty when it has all).

    Example:
        >>> layer = Layer(kind="dense", name="Dense", units=17, activation="linear", use_bias=True)
        >>> missing(layer, units=16, activation="relu")
        ['16 units (it has 17)', 'the relu activation (it has none: linear)']
    """
    phrases = []
    if units is not None and layer.units != units:
        noun = "filters" if layer.kind == "conv" else "units"
        phrases.append(f"{units} {noun} (it has {layer.units})")
    if activation is not None and layer.activation != activation:
        has = "none: linear" if layer.activation == "linear" else layer.activation
        phrases.append(f"the {activation} activation (it has {has})")
    if use_bias is not None and layer.use_bias != use_bias:
        phrases.append("a bias (it has use_bias=False)" if use_bias else "no bias")
    if kernel_size is not None:
        wanted = (kernel_size, kernel_size) if isinstance(kernel_size, int) else tuple(kernel_size)
        if layer.kernel_size != wanted:
            shown = "x".join(map(str, layer.kernel_size or ()))
            phrases.append(f"a {wanted[0]}x{wanted[1]} kernel (it has {shown})")
    return phrases


def expect_layer(layer: Layer, where: str, **properties: Any) -> None:
    """Hint naming every property ``layer`` lacks, e.g. "the hidden layer needs 16 units (it has 17)".

    Example:
        >>> expect_layer(Layer(kind="dense", name="Dense", units=16, activation="relu", use_bias=False),
        ...              "the hidden layer", units=16, activation="relu", use_bias=True)
        Traceback (most recent call last):
        ...
        nnkit.exercises.feedback.Hint: the hidden layer needs a bias (it has use_bias=False).
    """
    phrases = missing(layer, **properties)
    if phrases:
        raise Hint(f"{where} needs {' and '.join(phrases)}.")


def expect_bias(model: ModelAnswer) -> None:
    """Hint when a Dense or convolution layer was built with ``use_bias=False``."""
    for layer in model.layers:
        if layer.use_bias is False:
            raise Hint(
                f"the {layer.name} layer has no bias (use_bias=False): every unit computes w . x + b, and "
                "without b its boundary must pass through the origin. Leave use_bias at its default."
            )


def expect_default_optimizer(model: ModelAnswer, *, statement: str) -> None:
    """Hint when a statement says to name no optimizer (Keras's default is RMSprop) and one was named."""
    if model.optimizer is not None and model.optimizer != "rmsprop":
        raise Hint(
            f"the model is compiled with {model.optimizer}; {statement} names no optimizer, so compile with "
            "the loss alone and Keras uses its default, RMSprop."
        )
