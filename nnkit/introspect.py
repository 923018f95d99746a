"""Read what a compiled Keras model is: its input width, output layer and loss.

Shared by the input checks, :func:`nnkit.predict_proba` and :func:`nnkit.keras_code`.
"""

from __future__ import annotations

import keras

PROBABILITY_LOSSES = {
    "binarycrossentropy": "sigmoid",
    "categoricalcrossentropy": "softmax",
    "sparsecategoricalcrossentropy": "softmax",
}


def loss_name(model: keras.Model) -> str | None:
    """The compiled loss as a lower-case name without underscores, or ``None``.

    Example:
        >>> model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(3)])
        >>> model.compile(loss=keras.losses.SparseCategoricalCrossentropy())
        >>> loss_name(model)
        'sparsecategoricalcrossentropy'
    """
    loss = getattr(model, "loss", None)
    if loss is None:
        return None
    if isinstance(loss, str):
        name = loss
    elif isinstance(loss, keras.losses.Loss):
        name = type(loss).__name__
    else:
        name = getattr(loss, "__name__", type(loss).__name__)
    return name.replace("_", "").lower()


def loss_from_logits(model: keras.Model) -> bool:
    """Whether the compiled loss was built with ``from_logits=True``."""
    loss = getattr(model, "loss", None)
    if isinstance(loss, keras.losses.Loss):
        return bool(loss.get_config().get("from_logits", False))
    return False


def output_activation(model: keras.Model) -> str | None:
    """Name of the last layer's activation (``"linear"``, ``"softmax"``...), if it has one."""
    activation = getattr(model.layers[-1], "activation", None) if model.layers else None
    return getattr(activation, "__name__", None)


def output_width(model: keras.Model) -> int | None:
    """Number of output units of a model whose last layer is ``Dense``."""
    last = model.layers[-1] if model.layers else None
    return last.units if isinstance(last, keras.layers.Dense) else None


def input_width(model: keras.Model) -> int | None:
    """Number of input features the first ``Dense`` layer expects, once it is built."""
    first = model.layers[0] if model.layers else None
    if isinstance(first, keras.layers.Dense) and first.built:
        return int(first.kernel.shape[0])
    return None
