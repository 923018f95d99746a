"""Check what a student passes to ``fit``, ``evaluate`` and ``predict`` before TensorFlow sees it.

TensorFlow reports a wrong shape or label as a long graph trace. These checks
raise a ``ValueError`` or ``TypeError`` that names the argument, what was
received and the fix. :func:`with_input_checks` attaches them to a model's own
methods, so ``model.fit(x, y)`` as the slides write it is checked too.
"""

from __future__ import annotations

import functools
import inspect
import warnings

import keras
import numpy as np

from nnkit import introspect
from nnkit.arguments import numeric_array, real_number, whole_number


def with_input_checks(model: keras.Model) -> keras.Model:
    """Check the arguments of ``model.fit``, ``model.evaluate`` and ``model.predict``.

    The checks live on this model object only: its class stays ``keras.Sequential``,
    so it saves and loads as a normal ``.keras`` file (call this again after
    loading to get the checks back). It also warns when the output layer and the
    loss disagree about logits. Returns the same model.

    Example:
        >>> model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
        >>> model.compile(loss="binary_crossentropy")
        >>> model = with_input_checks(model)
        >>> model.fit(np.zeros((4, 3)), np.zeros(4))
        Traceback (most recent call last):
        ...
        ValueError: model.fit: x has 3 features per sample but the model expects 2. ...
    """
    _require_model(model, "with_input_checks")
    if vars(model).get("_nnkit_checked"):
        return model
    for name in ("fit", "evaluate", "predict"):
        # object.__setattr__: an instance attribute, kept out of Keras's layer tracking.
        object.__setattr__(model, name, _checked(model, getattr(model, name), name))
    object.__setattr__(model, "_nnkit_checked", True)
    warn_if_output_and_loss_disagree(model)
    return model


def _require_model(model, where: str) -> None:
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"{where}: model must be a Keras model. Received: {type(model).__name__}. "
            "Fix: pass the model itself, e.g. with_input_checks(keras.Sequential([...]))."
        )


def _checked(model, method, name):
    signature = inspect.signature(method)

    @functools.wraps(method)
    def checked_method(*args, **kwargs):
        try:
            bound = signature.bind_partial(*args, **kwargs)
        except TypeError as error:
            raise TypeError(f"model.{name}: {error}. Fix: see help(model.{name}).") from None
        arguments = bound.arguments
        y = None if name == "predict" else arguments.get("y")
        check_data(model, arguments.get("x"), y, where=f"model.{name}")
        validation = arguments.get("validation_data")
        if isinstance(validation, (tuple, list)) and len(validation) >= 2:
            check_data(model, validation[0], validation[1], where="validation_data")
        if name == "fit":
            _check_fit_settings(arguments)
        for key in ("x", "y"):  # Keras refuses plain lists (of lists): hand it arrays
            if isinstance(arguments.get(key), (list, tuple)):
                arguments[key] = np.asarray(arguments[key])
        return method(*bound.args, **bound.kwargs)  # **kwargs (Keras's own private flags) pass through

    return checked_method


def _check_fit_settings(arguments) -> None:
    """Check ``epochs``, ``batch_size``, ``validation_split``, ``initial_epoch``: Keras takes 0 and worse."""
    where = "model.fit"
    epochs = whole_number(arguments.get("epochs", 1), "epochs", where=where, minimum=1)
    if arguments.get("batch_size") is not None:
        whole_number(arguments["batch_size"], "batch_size", where=where, minimum=1)
    split = real_number(arguments.get("validation_split", 0.0), "validation_split", where=where, at_least=0)
    if split >= 1:
        raise ValueError(
            f"{where}: validation_split is the fraction of samples held out, below 1. "
            f"Received: validation_split={split:g}. Fix: pass e.g. validation_split=0.2 for 20%."
        )
    initial = whole_number(arguments.get("initial_epoch", 0), "initial_epoch", where=where, minimum=0)
    if initial >= epochs:
        raise ValueError(
            f"{where}: initial_epoch={initial} leaves nothing to train with epochs={epochs} (epochs counts "
            f"from 0, not from initial_epoch). Fix: pass epochs > initial_epoch, e.g. epochs={initial + 5}."
        )


def warn_if_output_and_loss_disagree(model: keras.Model) -> None:
    """Warn when a probability output meets ``from_logits=True`` or logits meet a probability loss."""
    loss = introspect.loss_name(model)
    if loss not in introspect.PROBABILITY_LOSSES:
        return
    activation = introspect.output_activation(model)
    loss_class = type(model.loss).__name__ if not isinstance(model.loss, str) else model.loss
    if introspect.loss_from_logits(model) and activation in ("softmax", "sigmoid"):
        warnings.warn(
            f"The output layer applies {activation} but the loss {loss_class} was built with "
            f"from_logits=True, so {activation} is applied twice and training goes wrong. "
            "Fix: give the last Dense layer activation='linear', or drop from_logits=True.",
            UserWarning,
            stacklevel=3,
        )
    elif not introspect.loss_from_logits(model) and activation == "linear":
        warnings.warn(
            f"The output layer is linear (it outputs logits) but the loss {loss_class} expects "
            "probabilities. Fix: build the loss with from_logits=True, e.g. "
            f"{loss_class}(from_logits=True).",
            UserWarning,
            stacklevel=3,
        )


def check_data(model: keras.Model, x, y=None, *, where: str = "check_data") -> None:
    """Raise a clear error if ``x`` (and ``y``) cannot go into ``model``.

    Arrays, lists and tensors are checked; datasets and generators pass through.

    Example:
        >>> model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(3)])
        >>> model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        >>> check_data(model, np.zeros((4, 2)), [0, 1, 2, 3])
        Traceback (most recent call last):
        ...
        ValueError: check_data: labels must be class indices 0..2 for a model with 3 outputs. ...
    """
    _require_model(model, where)
    x = _as_array(x, "x", where)
    if x is None:
        return
    _check_features(model, x, where)
    if y is None:
        return
    y = _as_array(y, "y", where)
    if y is None:
        return
    if len(y) != len(x):
        raise ValueError(
            f"{where}: x and y hold different numbers of samples. Received: x.shape={x.shape}, "
            f"y.shape={y.shape}. Fix: pass one label (row) per sample of x."
        )
    _check_finite(y, "y", where)
    _check_labels(model, y, where)


def _as_array(value, argument, where):
    if value is None or not isinstance(value, (np.ndarray, list, tuple)) and not hasattr(value, "__array__"):
        return None  # a tf.data.Dataset, a generator or a dict: Keras checks those itself
    # Numbers, not empty, not ragged; the dtype is kept (no copy) and NaN is reported with its row below.
    array = numeric_array(value, argument, where=where, dtype=None, finite=False)
    if array.ndim == 0:
        raise ValueError(
            f"{where}: {argument} is a single number, not samples. Fix: pass one row per sample, "
            f"e.g. np.array([[{array.item()!r}]])."
        )
    return array


def _check_features(model, x, where):
    _check_finite(x, "x", where)
    first = model.layers[0] if model.layers else None
    if not isinstance(first, keras.layers.Dense):
        return
    expected = introspect.input_width(model)
    if x.ndim != 2:
        if x.ndim == 1:
            fix = "for one sample use x.reshape(1, -1); for one feature use x.reshape(-1, 1)"
        else:
            fix = "flatten each sample, e.g. x.reshape(len(x), -1)"
        raise ValueError(
            f"{where}: x must be 2-D, one row per sample and one column per feature. "
            f"Received: x.shape={x.shape}. Fix: {fix}."
        )
    if expected is not None and x.shape[1] != expected:
        raise ValueError(
            f"{where}: x has {x.shape[1]} features per sample but the model expects {expected}. "
            f"Received: x.shape={x.shape}. Fix: pass data with {expected} columns, "
            "or build the model with input_dim equal to x.shape[1]."
        )


def _check_finite(array, argument, where):
    if np.issubdtype(array.dtype, np.floating):
        finite = np.isfinite(array)
        if not finite.all():
            first_row = int(np.argwhere(~finite)[0][0])
            raise ValueError(
                f"{where}: {argument} contains {int((~finite).sum())} NaN or infinite values "
                f"(the first in row {first_row}). Fix: drop or repair those rows, e.g. "
                f"keep = np.isfinite({argument}).all(axis=1)."
            )


def _check_labels(model, y, where):
    loss = introspect.loss_name(model)
    outputs = introspect.output_width(model)
    if loss is None or outputs is None:
        return
    if loss in ("sparsecategoricalcrossentropy", "categoricalcrossentropy"):
        _check_not_multi_hot(y, "SparseCategoricalCrossentropy" if loss.startswith("sparse") else
                             "CategoricalCrossentropy", where)
    if loss == "sparsecategoricalcrossentropy":
        _check_class_indices(y, outputs, where)
    elif loss == "categoricalcrossentropy":
        if y.ndim == 1 or y.shape[-1] == 1:
            raise ValueError(
                f"{where}: y holds class indices, but the loss CategoricalCrossentropy needs "
                f"one-hot rows. Received: y.shape={y.shape}. Fix: y = keras.utils.to_categorical"
                f"(y, num_classes={outputs}), or compile with SparseCategoricalCrossentropy."
            )
        _check_width(y, outputs, where, "one-hot row")
    else:
        _check_width(y, outputs, where, "target")
        if loss == "binarycrossentropy" and (y.min() < 0 or y.max() > 1):
            raise ValueError(
                f"{where}: BinaryCrossentropy needs targets between 0 and 1. Received values from "
                f"{y.min()} to {y.max()}. Fix: map labels to 0/1, e.g. y = (y + 1) / 2 for -1/1 labels."
            )


def _check_not_multi_hot(y, loss_class, where):
    """Refuse 0/1 rows with no 1 or several 1s (independent labels) for a one-class-per-sample loss."""
    if y.ndim != 2 or y.shape[1] < 2 or not np.all((y == 0) | (y == 1)):
        return
    ones = (y == 1).sum(axis=1)
    if np.all(ones == 1):
        return  # one-hot rows: the class-index checks below handle them
    raise ValueError(
        f"{where}: y looks multi-hot (shape {y.shape}): 0/1 rows of independent labels, "
        f"{int((ones == 0).sum())} with no label and {int((ones > 1).sum())} with several, but the loss "
        f"{loss_class} takes exactly one class per sample. Fix: for labels that can apply together, "
        f"give the model one sigmoid output per label ({y.shape[1]} units) and BinaryCrossentropy, "
        f'e.g. nnkit.dense_model([..., {y.shape[1]}], task="multilabel"); '
        "argmax would keep one label per row and give the rows with none a label they do not have."
    )


def _check_class_indices(y, classes, where):
    if y.ndim == 2 and y.shape[1] == classes and classes > 1:
        raise ValueError(
            f"{where}: y looks one-hot (shape {y.shape}), but the loss "
            "SparseCategoricalCrossentropy takes one class index per sample. "
            "Fix: y = y.argmax(axis=1), or compile with CategoricalCrossentropy."
        )
    if not (y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1)):
        raise ValueError(
            f"{where}: SparseCategoricalCrossentropy takes one class index per sample. "
            f"Received: y.shape={y.shape}. Fix: pass a 1-D array of integer labels."
        )
    if not np.array_equal(y, np.round(y)):
        raise ValueError(
            f"{where}: class labels must be whole numbers. Received values such as "
            f"{y[y != np.round(y)][0]}. Fix: pass integer class indices 0..{classes - 1}."
        )
    if y.min() < 0 or y.max() >= classes:
        raise ValueError(
            f"{where}: labels must be class indices 0..{classes - 1} for a model with {classes} "
            f"outputs. Received labels from {y.min()} to {y.max()}. Fix: if labels start at 1, "
            "subtract 1; otherwise make the last layer as wide as the number of classes."
        )


def _check_width(y, outputs, where, what):
    width = 1 if y.ndim == 1 else y.shape[1]
    if y.ndim > 2 or width != outputs:
        shape = f"({len(y)},)" if outputs == 1 else f"({len(y)}, {outputs})"
        raise ValueError(
            f"{where}: the model has {outputs} output units, so y needs one {what} of {outputs} "
            f"value(s) per sample, shape {shape}. Received: y.shape={y.shape}. Fix: pass y with "
            f"{outputs} column(s), or make the last layer {width} units wide."
        )
