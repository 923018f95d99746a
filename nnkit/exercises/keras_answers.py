"""Read a student's Keras model for a checker: Dense layers, loss and logits setting, whatever its names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import keras

from nnkit import introspect
from nnkit.exercises.feedback import Hint, NotAttempted, is_stub


@dataclass(frozen=True)
class ModelAnswer:
    """What a checker compares: ``dense`` is ``[(units, activation), ...]`` in order.

    ``loss`` is the loss's lower-case name without underscores (``None`` when the
    model is not compiled), ``optimizer`` the optimizer's class name in lower case.
    """

    dense: list[tuple[int, str]]
    loss: str | None
    from_logits: bool
    optimizer: str | None
    learning_rate: float | None


def read_model(answer: Any) -> ModelAnswer:
    """A :class:`ModelAnswer` for any ``keras.Model`` built of Dense layers; a hint for anything else.

    Example:
        >>> model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="softmax")])
        >>> model.compile(loss="sparse_categorical_crossentropy")
        >>> read_model(model).dense, read_model(model).loss
        ([(3, 'softmax')], 'sparsecategoricalcrossentropy')
    """
    if is_stub(answer):
        raise NotAttempted
    if isinstance(answer, type) or not isinstance(answer, keras.Model):
        raise Hint(f"the answer should be a Keras model (keras.Sequential([...])); received {answer!r:.60}.")
    dense = [
        (int(layer.units), getattr(layer.activation, "__name__", str(layer.activation)))
        for layer in answer.layers
        if isinstance(layer, keras.layers.Dense)
    ]
    if not dense:
        raise Hint("the model has no Dense layer: build it from keras.layers.Dense(units, activation=...).")
    compiled = getattr(answer, "optimizer", None) is not None and getattr(answer, "loss", None) is not None
    optimizer = answer.optimizer if compiled else None
    rate = None
    if optimizer is not None:
        rate = float(keras.ops.convert_to_numpy(optimizer.learning_rate))
    return ModelAnswer(
        dense=dense,
        loss=introspect.loss_name(answer) if compiled else None,
        from_logits=introspect.loss_from_logits(answer) if compiled else False,
        optimizer=type(optimizer).__name__.lower() if optimizer is not None else None,
        learning_rate=rate,
    )


def expect_compiled(model: ModelAnswer) -> None:
    """Hint when the model was never compiled (the loss is what most of these exercises check)."""
    if model.loss is None:
        raise Hint("the model is not compiled yet: call model.compile(loss=...) before checking it.")
