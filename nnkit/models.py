"""Compiled ``keras.Sequential`` models of ``Dense`` layers: the lecture's variants.

:func:`dense_model` builds any of them from a task name; :func:`slide_model`
builds the four models of deck 001 exactly as the slides write them. Both
return ordinary Keras models, compiled, with nnkit's input checks attached
(see :func:`nnkit.with_input_checks`), that save and load as normal ``.keras``
files.
"""

from __future__ import annotations

from collections.abc import Sequence

import keras
import numpy as np

from nnkit import arguments
from nnkit.input_checks import with_input_checks
from nnkit.tasks import TASKS, get_task

# Small dense models on a CPU spend most of each step in Python and dispatch
# overhead. Running this many steps per call removes most of it; the updates,
# and so the losses, are exactly the same (benchmarks/run.py checks both).
STEPS_PER_EXECUTION = 32

OPTIMIZERS = {
    "sgd": keras.optimizers.SGD,
    "adam": keras.optimizers.Adam,
    "rmsprop": keras.optimizers.RMSprop,
}

# The four models of deck 001, as (layers, loss, optimizer); see ../shared/COURSE.md.
SLIDE_MODELS = {
    "sigmoid_binary": (
        [(30, "sigmoid"), (15, "sigmoid"), (2, "sigmoid")],
        lambda: keras.losses.BinaryCrossentropy(),
        None,
    ),
    "softmax": (
        [(25, "relu"), (15, "relu"), (10, "softmax")],
        lambda: keras.losses.SparseCategoricalCrossentropy(),
        None,
    ),
    "softmax_from_logits": (
        [(25, "relu"), (15, "relu"), (10, "linear")],
        lambda: keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        None,
    ),
    "adam_from_logits": (
        [(25, "sigmoid"), (15, "sigmoid"), (10, "linear")],
        lambda: keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        lambda: keras.optimizers.Adam(learning_rate=1e-3),
    ),
}


def dense_model(
    units: Sequence[int],
    *,
    task: str,
    input_dim: int | None = None,
    hidden: str = "relu",
    from_logits: bool = False,
    optimizer: str | keras.optimizers.Optimizer | None = None,
    learning_rate: float | None = None,
    metrics: Sequence | None = None,
) -> keras.Sequential:
    """Build and compile a ``Sequential`` stack of ``Dense`` layers for ``task``.

    ``units`` lists every layer's width, the last one being the outputs. The
    task picks the output activation and the loss as deck 001 teaches:

    ====================  ==========  =================================
    task                  output      loss
    ====================  ==========  =================================
    regression            linear      MeanSquaredError
    positive_regression   relu        MeanSquaredError
    binary                sigmoid     BinaryCrossentropy
    multiclass            softmax     SparseCategoricalCrossentropy
    multilabel            sigmoid     BinaryCrossentropy
    ====================  ==========  =================================

    With ``from_logits=True`` a classifier's output layer is linear and its loss
    is built with ``from_logits=True``: the numerically safer form. Use
    :func:`nnkit.predict_proba` to get probabilities from such a model.

    Args:
        units: widths of the hidden layers and then the output layer, e.g. ``[25, 15, 10]``.
        task: one of ``nnkit.TASKS``.
        input_dim: number of input features; ``None`` lets Keras build on first use.
        hidden: activation of every hidden layer.
        from_logits: output logits and train with ``from_logits=True``.
        optimizer: ``None`` keeps Keras's default (RMSprop, as in the slides), or
            ``"sgd"``, ``"adam"``, ``"rmsprop"``, or an optimizer instance.
        learning_rate: learning rate of the named (or default) optimizer.
        metrics: passed to ``compile``, e.g. ``["accuracy"]``.

    Example:
        >>> model = dense_model([25, 15, 10], input_dim=784, task="multiclass",
        ...                     from_logits=True, optimizer="adam", learning_rate=1e-3)
        >>> [layer.units for layer in model.layers]
        [25, 15, 10]
    """
    spec = get_task(arguments.choice(task, "task", where="dense_model", options=tuple(TASKS)))
    units = _check_units(units)
    from_logits = arguments.flag(from_logits, "from_logits", where="dense_model")
    if units[-1] < spec.min_outputs:
        raise ValueError(
            f"dense_model: a {task} model needs at least {spec.min_outputs} output units. "
            f"Received: units={units}. Fix: make the last entry the number of classes."
        )
    if from_logits and spec.probability is None:
        raise ValueError(
            f"dense_model: from_logits=True only applies to classifiers. Received: task={task!r}, "
            "from_logits=True. Fix: drop from_logits for regression."
        )
    _check_activation(hidden, "hidden")
    output_activation = "linear" if from_logits else spec.activation
    layers = [(width, hidden) for width in units[:-1]] + [(units[-1], output_activation)]
    loss_class = getattr(keras.losses, spec.loss)
    loss = loss_class(from_logits=True) if from_logits else loss_class()
    return _build(
        layers,
        loss,
        _make_optimizer(optimizer, learning_rate),
        input_dim=input_dim,
        metrics=_check_metrics(metrics),
        where="dense_model",
    )


def slide_model(name: str, *, input_dim: int | None = None) -> keras.Sequential:
    """Build and compile one of deck 001's four Keras models, as the slides write it.

    ``"sigmoid_binary"``: Dense(30, sigmoid), Dense(15, sigmoid), Dense(2, sigmoid), BinaryCrossentropy.
    ``"softmax"``: Dense(25, relu), Dense(15, relu), Dense(10, softmax), SparseCategoricalCrossentropy.
    ``"softmax_from_logits"``: the same with a linear output and ``from_logits=True``.
    ``"adam_from_logits"``: sigmoid hidden layers, linear output, ``Adam(learning_rate=1e-3)``.
    The first three compile without an optimizer, so Keras uses its default, RMSprop.

    Example:
        >>> model = slide_model("softmax_from_logits", input_dim=784)
        >>> model.layers[-1].activation.__name__
        'linear'
    """
    layers, make_loss, make_optimizer = SLIDE_MODELS[
        arguments.choice(name, "name", where="slide_model", options=tuple(SLIDE_MODELS))
    ]
    optimizer = make_optimizer() if make_optimizer else None
    return _build(layers, make_loss(), optimizer, input_dim=input_dim, metrics=None, where="slide_model")


def _build(layers, loss, optimizer, *, input_dim, metrics, where: str) -> keras.Sequential:
    stack = [keras.layers.Dense(width, activation=activation) for width, activation in layers]
    if input_dim is not None:
        width = arguments.whole_number(input_dim, "input_dim", where=where, minimum=1)
        stack.insert(0, keras.Input(shape=(width,)))
    model = keras.Sequential(stack)
    model.compile(
        optimizer="rmsprop" if optimizer is None else optimizer,  # "rmsprop" is Keras's default
        loss=loss,
        metrics=metrics,
        steps_per_execution=STEPS_PER_EXECUTION,
    )
    return with_input_checks(model)


def _check_units(units) -> list[int]:
    listed = isinstance(units, Sequence) and not isinstance(units, (str, bytes))
    if not (listed or (isinstance(units, np.ndarray) and units.ndim == 1)):
        raise TypeError(
            f"dense_model: units must be a list of layer widths, the last being the outputs. "
            f"Received: units={units!r}. Fix: pass a list such as units=[25, 15, 10]."
        )
    if len(units) == 0:
        raise ValueError(
            "dense_model: units is empty: a model needs at least an output layer. Received: units=[]. "
            "Fix: pass e.g. units=[1] for a single neuron."
        )
    widths = []
    for width in units:
        try:
            widths.append(arguments.whole_number(width, "units", where="dense_model", minimum=1))
        except (TypeError, ValueError):
            shown = [width.item() if isinstance(width, np.generic) else width for width in units]
            raise ValueError(
                f"dense_model: every layer width must be a positive whole number. Received: units={shown}. "
                "Fix: use widths such as [25, 15, 10]."
            ) from None
    return widths


def _check_activation(name, argument: str) -> None:
    try:
        keras.activations.get(name)
    except (ValueError, TypeError):
        raise ValueError(
            f"dense_model: unknown activation. Received: {argument}={name!r}. "
            "Fix: use a Keras activation name such as 'relu', 'sigmoid' or 'tanh'."
        ) from None


# Names that compile() resolves itself, from the loss, rather than through keras.metrics.get.
_COMPILE_METRIC_NAMES = ("accuracy", "acc", "crossentropy", "ce")


def _check_metrics(metrics):
    if metrics is None:
        return None
    if isinstance(metrics, str) or not isinstance(metrics, Sequence):
        raise TypeError(
            f"dense_model: metrics must be a list. Received: metrics={metrics!r}. "
            "Fix: wrap it in a list, e.g. metrics=['accuracy']."
        )
    for metric in metrics:
        if isinstance(metric, str) and metric not in _COMPILE_METRIC_NAMES:
            try:
                keras.metrics.get(metric)
            except ValueError:
                raise ValueError(
                    f"dense_model: unknown metric. Received: metrics={list(metrics)!r}, with {metric!r}. "
                    "Fix: use a Keras metric name such as 'accuracy', 'mae' or 'auc', or a keras.metrics "
                    "instance."
                ) from None
        elif not isinstance(metric, str) and not callable(metric):
            raise TypeError(
                f"dense_model: each metric must be a name or a keras.metrics object. Received: {metric!r}. "
                "Fix: pass e.g. metrics=['accuracy']."
            )
    return list(metrics)


def _make_optimizer(optimizer, learning_rate):
    if learning_rate is not None:
        learning_rate = arguments.real_number(learning_rate, "learning_rate", where="dense_model", above=0)
    if isinstance(optimizer, keras.optimizers.Optimizer):
        if learning_rate is not None:
            raise ValueError(
                "dense_model: learning_rate was given together with an optimizer instance. "
                f"Received: optimizer={type(optimizer).__name__}(...), learning_rate={learning_rate}. "
                "Fix: set the rate on the instance, e.g. keras.optimizers.Adam(learning_rate=1e-3)."
            )
        return optimizer
    if optimizer is None:
        if learning_rate is None:
            return None  # Keras's own default, as the slides compile
        return keras.optimizers.RMSprop(learning_rate=learning_rate)
    if isinstance(optimizer, type) and issubclass(optimizer, keras.optimizers.Optimizer):
        raise TypeError(
            f"dense_model: optimizer must be an optimizer object, not its class. Received: "
            f"optimizer=keras.optimizers.{optimizer.__name__}. Fix: call it, "
            f"optimizer=keras.optimizers.{optimizer.__name__}(), or pass learning_rate with a name "
            f"such as optimizer={optimizer.__name__.lower()!r}."
        )
    if not isinstance(optimizer, str) or optimizer.lower() not in OPTIMIZERS:
        raise ValueError(
            f"dense_model: unknown optimizer. Received: optimizer={optimizer!r}. "
            f"Fix: use None (Keras's default), one of {', '.join(repr(n) for n in OPTIMIZERS)}, "
            "or a keras.optimizers instance."
        )
    optimizer_class = OPTIMIZERS[optimizer.lower()]
    if learning_rate is None:
        return optimizer_class()
    return optimizer_class(learning_rate=learning_rate)
