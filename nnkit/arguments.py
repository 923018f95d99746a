"""One argument-checking layer for the whole package (NumPy only).

Every public nnkit function checks what it receives with these helpers, so a
mistake gets one kind of answer everywhere: a ``ValueError`` or ``TypeError``
that starts with the function's name, names the argument, says what was
received and ends with ``Fix:``. NumPy scalars are accepted wherever Python
numbers are.
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np


def _fail(error: type[Exception], where: str, message: str, fix: str) -> Exception:
    return error(f"{where}: {message} Fix: {fix}")


def whole_number(value: Any, name: str, *, where: str, minimum: int | None = None) -> int:
    """``value`` as a Python int: ints, NumPy integers and whole floats (``np.prod`` gives them) pass.

    Example:
        >>> whole_number(np.int64(784), "input_dim", where="dense_model")
        784
        >>> whole_number("3", "epochs", where="fit")
        Traceback (most recent call last):
        ...
        TypeError: fit: epochs must be a whole number. Received: epochs='3' (str). Fix: pass e.g. epochs=3.
    """
    if (
        isinstance(value, (bool, np.bool_))
        or not isinstance(value, numbers.Real)
        or not np.isfinite(value)
        or value != int(value)
    ):
        shown = f"{value!r} ({type(value).__name__})"
        example = int(value) if isinstance(value, str) and value.strip().isdigit() else 3
        raise _fail(
            TypeError,
            where,
            f"{name} must be a whole number. Received: {name}={shown}.",
            f"pass e.g. {name}={example}.",
        )
    number = int(value)
    if minimum is not None and number < minimum:
        raise _fail(
            ValueError,
            where,
            f"{name} must be at least {minimum}. Received: {name}={number}.",
            f"pass {name}>={minimum}.",
        )
    return number


def real_number(
    value: Any,
    name: str,
    *,
    where: str,
    above: float | None = None,
    at_least: float | None = None,
    below: float | None = None,
) -> float:
    """``value`` as a finite Python float inside the given bounds (``above``/``below`` exclusive).

    Example:
        >>> real_number(np.float32(1e-3), "learning_rate", where="dense_model", above=0)
        0.0010000000474974513
        >>> real_number(-0.1, "learning_rate", where="dense_model", above=0)
        Traceback (most recent call last):
        ...
        ValueError: dense_model: learning_rate must be above 0. Received: learning_rate=-0.1. Fix: ...
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise _fail(
            TypeError,
            where,
            f"{name} must be a finite number. Received: {name}={value!r} ({type(value).__name__}).",
            f"pass a number, e.g. {name}=0.1.",
        )
    number = float(value)
    for bound, broken, words in (
        (above, lambda b: number <= b, "above"),
        (at_least, lambda b: number < b, "at least"),
        (below, lambda b: number >= b, "below"),
    ):
        if bound is not None and broken(bound):
            raise _fail(
                ValueError,
                where,
                f"{name} must be {words} {bound:g}. Received: {name}={value!r}.",
                f"pass a {name} {words} {bound:g}.",
            )
    return number


def flag(value: Any, name: str, *, where: str) -> bool:
    """``True`` or ``False`` only: a string such as ``"no"`` would count as true and silently flip a setting.

    Example:
        >>> flag("no", "from_logits", where="dense_model")
        Traceback (most recent call last):
        ...
        TypeError: dense_model: from_logits must be True or False. Received: from_logits='no'. Fix: ...
    """
    if not isinstance(value, (bool, np.bool_)):
        raise _fail(
            TypeError,
            where,
            f"{name} must be True or False. Received: {name}={value!r}.",
            f"pass {name}=True or {name}=False (no quotes).",
        )
    return bool(value)


def seed(value: Any, *, where: str, name: str = "seed", below: int | None = None) -> int:
    """A seed: a non-negative whole number (below ``below`` where NumPy's legacy seeding needs 2**32).

    Example:
        >>> seed("x", where="xor")
        Traceback (most recent call last):
        ...
        TypeError: xor: seed must be a whole number. Received: seed='x' (str). Fix: pass e.g. seed=3.
    """
    number = whole_number(value, name, where=where, minimum=0)
    if below is not None and number >= below:
        raise _fail(
            ValueError,
            where,
            f"{name} must be below {below}. Received: {name}={number}.",
            f"pass a smaller whole number, e.g. {name}={number % below}.",
        )
    return number


def path(value: Any, name: str, *, where: str) -> Path:
    """A file path with ``~`` expanded.

    Example:
        >>> path("~/x.npz", "path", where="mnist") == Path.home() / "x.npz"
        True
    """
    if not isinstance(value, (str, os.PathLike)):
        raise _fail(
            TypeError,
            where,
            f"{name} must be a file path. Received: {type(value).__name__}.",
            f'pass {name}="..."',
        )
    return Path(value).expanduser()


def numeric_array(
    value: Any,
    name: str,
    *,
    where: str,
    ndim: tuple[int, ...] | None = None,
    dtype: type | None = np.float64,
    finite: bool = True,
) -> np.ndarray:
    """A non-empty, finite array of numbers from a number, a list, a list of lists, an array or a tensor.

    The result is float64 (no copy when it already is), or keeps its own numeric type with
    ``dtype=None`` (images of uint8, say, that need no copy). NaN and infinity are refused:
    they would come out of every formula as a NaN result (``finite=False`` lets them through
    where they mean something, such as a diverged loss drawn on a curve).

    Example:
        >>> numeric_array([[1, 2], [3, 4]], "x", where="fit").shape
        (2, 2)
        >>> numeric_array(["a", "b"], "y", where="accuracy")
        Traceback (most recent call last):
        ...
        TypeError: accuracy: y must hold numbers. Received: y of dtype <U1. Fix: ...
    """
    if value is None or isinstance(value, (str, bytes)):
        raise _fail(
            TypeError,
            where,
            f"{name} must be an array of numbers. Received: {name}={value!r}.",
            f"pass a NumPy array as {name}.",
        )
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged lists
        raise _fail(
            ValueError,
            where,
            f"{name} has rows of different lengths ({error}).",
            "give every row the same length.",
        ) from None
    if array.dtype.kind not in "biuf":  # bool, integers, floats: not text, objects, complex or dates
        fix = (
            f"turn labels into numbers, e.g. classes, {name} = np.unique({name}, return_inverse=True)."
            if array.dtype.kind in "USO"
            else f"{name} = np.asarray({name}, dtype=float)."
        )
        raise _fail(
            TypeError, where, f"{name} must hold numbers. Received: {name} of dtype {array.dtype}.", fix
        )
    if array.size == 0:
        raise _fail(
            ValueError,
            where,
            f"{name} is empty (shape {array.shape}).",
            f"pass at least one sample in {name}.",
        )
    if ndim is not None and array.ndim not in ndim:
        raise _fail(
            ValueError,
            where,
            f"{name} must have {' or '.join(map(str, ndim))} dimension(s). "
            f"Received: {name}.shape={array.shape}.",
            f"for one sample use {name}.reshape(1, -1); for one feature use {name}.reshape(-1, 1)."
            if array.ndim == 1 and 2 in ndim
            else f"{name} = {name}[:, 0] (or {name}.reshape(-1)) makes it 1-D."
            if array.ndim == 2 and array.shape[1] == 1 and 1 in ndim
            else f"reshape {name}.",
        )
    if dtype is not None:
        array = array.astype(dtype, copy=False)
    if finite and array.dtype.kind == "f" and not (np.isfinite(array.min()) and np.isfinite(array.max())):
        # min and max read the array once each and allocate nothing; NaN propagates through both.
        bad = int((~np.isfinite(array)).sum())
        raise _fail(
            ValueError,
            where,
            f"{name} contains {bad} NaN or infinite value(s).",
            f"drop or repair them, e.g. keep = np.isfinite({name}).",
        )
    return array


def same_shape(y_true: np.ndarray, y_pred: np.ndarray, *, where: str, names=("y_true", "y_pred")) -> None:
    """Refuse shapes that broadcast into a wrong result: (N,) against (N, 1) silently becomes (N, N).

    Other shapes that broadcast are taken as meant: one target vector against many
    candidate predictions at once, shape (K, N), or a column of K candidate constants,
    shape (K, 1), each predicting the same value for all N samples.

    Example:
        >>> same_shape(np.zeros(4), np.zeros((9, 4)), where="mean_squared_error")  # 9 candidates
        >>> same_shape(np.zeros(3), np.zeros((3, 1)), where="mean_squared_error")
        Traceback (most recent call last):
        ...
        ValueError: mean_squared_error: y_true and y_pred must have the same shape, ...
    """
    if y_true.shape == y_pred.shape:
        return

    def flat_against_column(a: np.ndarray, b: np.ndarray) -> bool:  # (N,) and (N, 1)
        return a.ndim >= 1 and b.ndim >= 2 and b.shape[-1] == 1 and b.shape[-2] == a.shape[-1] != 1

    if not (flat_against_column(y_true, y_pred) or flat_against_column(y_pred, y_true)):
        try:
            np.broadcast_shapes(y_true.shape, y_pred.shape)
            return
        except ValueError:
            pass
    first, second = names
    if y_true.size == y_pred.size and y_true.ndim != y_pred.ndim:
        flat, column = (first, second) if y_true.ndim < y_pred.ndim else (second, first)
        fix = f"{column} = {column}.reshape(-1), or {flat} = {flat}.reshape(-1, 1), so both have one shape."
    else:
        fix = f"pass one prediction per target: {first} and {second} must line up element by element."
    raise _fail(
        ValueError,
        where,
        f"{first} and {second} must have the same shape, or NumPy broadcasts them into a wrong result. "
        f"Received: {first}.shape={y_true.shape}, {second}.shape={y_pred.shape}.",
        fix,
    )


def identical_shape(first: np.ndarray, second: np.ndarray, *, where: str, names: tuple[str, str]) -> None:
    """Refuse any two shapes that differ, even ones NumPy would broadcast: one gradient per parameter.

    Example:
        >>> identical_shape(np.zeros(2), np.zeros(1), where="SGD.step", names=("params", "gradient"))
        Traceback (most recent call last):
        ...
        ValueError: SGD.step: params and gradient must have the same shape. Received: ...
    """
    if first.shape == second.shape:
        return
    same_shape(first, second, where=where, names=names)  # (N,) against (N, 1) gets its own fix
    a, b = names
    raise _fail(
        ValueError,
        where,
        f"{a} and {b} must have the same shape. Received: {a}.shape={first.shape}, {b}.shape={second.shape}.",
        f"give {b} one entry per entry of {a}.",
    )


def class_labels(value: Any, name: str, *, where: str, classes: int | None = None) -> np.ndarray:
    """Class indices 0..K-1 as an int64 vector; probabilities, one-hot rows and -1/1 labels get their fix.

    Example:
        >>> class_labels([0.9, 0.2], "y_pred", where="accuracy")
        Traceback (most recent call last):
        ...
        ValueError: accuracy: y_pred holds probabilities, not class labels ... Fix: ...> 0.5...
    """
    array = numeric_array(value, name, where=where, ndim=(1, 2))
    if array.ndim == 2:
        if array.shape[1] == 1:
            array = array[:, 0]
        else:
            kind = "one-hot rows" if np.all(np.isin(array, (0, 1))) else "a probability per class in each row"
            raise _fail(
                ValueError,
                where,
                f"{name} holds {kind} (shape {array.shape}), not one class label per sample.",
                f"{name} = {name}.argmax(axis=1).",
            )
    if not np.array_equal(array, np.round(array)):
        if array.min() >= 0 and array.max() <= 1:
            raise _fail(
                ValueError,
                where,
                f"{name} holds probabilities, not class labels (values between 0 and 1).",
                f"for one sigmoid output use {name} = ({name} > 0.5).astype(int); "
                f"for softmax rows use {name}.argmax(axis=1).",
            )
        raise _fail(
            ValueError,
            where,
            f"{name} must hold whole class numbers. "
            f"Received values such as {array[array != np.round(array)][0]:g}.",
            f"pass integer labels 0..K-1 in {name}.",
        )
    labels = array.astype(np.int64)
    if labels.min() < 0:
        fix = (
            f"map -1/1 labels with {name} = ({name} + 1) // 2."
            if set(np.unique(labels)) <= {-1, 1}
            else (
                f"number the classes from 0, e.g. classes, {name} = np.unique({name}, return_inverse=True)."
            )
        )
        raise _fail(
            ValueError, where, f"{name} must hold class labels 0..K-1. Received a label {labels.min()}.", fix
        )
    if classes is not None and labels.max() >= classes:
        raise _fail(
            ValueError,
            where,
            f"{name} must hold class labels 0..{classes - 1} for {classes} classes. "
            f"Received a label {labels.max()}.",
            f"if labels start at 1, subtract 1; otherwise use {labels.max() + 1} classes.",
        )
    return labels


def probabilities(value: Any, name: str, *, where: str) -> np.ndarray:
    """Numbers between 0 and 1: logits or percentages here would give a silently wrong loss.

    Example:
        >>> probabilities([2.3, -1.0], "y_pred", where="binary_crossentropy")
        Traceback (most recent call last):
        ...
        ValueError: binary_crossentropy: y_pred must hold probabilities between 0 and 1. ...
    """
    array = numeric_array(value, name, where=where)
    if array.min() < 0 or array.max() > 1:
        raise _fail(
            ValueError,
            where,
            f"{name} must hold probabilities between 0 and 1. Received values from {array.min():g} "
            f"to {array.max():g}.",
            "if these are logits, use the *_from_logits version (or apply sigmoid/softmax first).",
        )
    return array


def function(value: Any, name: str, *, where: str, example: str) -> Callable:
    """A callable: a number or an array where a function belongs is answered with an example call.

    Example:
        >>> function(3.0, "f", where="numerical_derivative", example="f=lambda w: w**2")
        Traceback (most recent call last):
        ...
        TypeError: numerical_derivative: f must be a function. Received: f=3.0 (float). Fix: ...
    """
    if not callable(value):
        raise _fail(
            TypeError,
            where,
            f"{name} must be a function. Received: {name}={_short(value)} ({type(value).__name__}).",
            f"pass the function itself, not its value, e.g. {example}.",
        )
    return value


def choice(value: Any, name: str, *, where: str, options) -> Any:
    """One of ``options`` (names, usually), or a ``ValueError`` that lists them.

    Example:
        >>> choice("swish", "hidden", where="MLP", options=("sigmoid", "tanh", "relu"))
        Traceback (most recent call last):
        ...
        ValueError: MLP: unknown hidden. Received: hidden='swish'. Fix: use one of 'sigmoid', 'tanh', 'relu'.
    """
    try:
        known = value in options
    except TypeError:  # an unhashable value looked up in a dict
        known = False
    if not known:
        raise _fail(
            ValueError,
            where,
            f"unknown {name}. Received: {name}={_short(value)}.",
            f"use one of {', '.join(repr(option) for option in options)}.",
        )
    return value


def whole_numbers(
    value: Any, name: str, *, where: str, minimum: int | None = None, example: str
) -> list[int]:
    """A non-empty list of whole numbers from a list, a tuple or a 1-D array (``y.max() + 1`` included).

    Example:
        >>> whole_numbers((25, np.int64(10)), "units", where="dense_model", example="[25, 10]")
        [25, 10]
        >>> whole_numbers(10, "units", where="dense_model", example="[25, 10]")
        Traceback (most recent call last):
        ...
        TypeError: dense_model: units must be a list of whole numbers. Received: units=10. Fix: ...
    """
    listed = isinstance(value, Sequence) and not isinstance(value, (str, bytes))
    if not (listed or (isinstance(value, np.ndarray) and value.ndim == 1)):
        raise _fail(
            TypeError,
            where,
            f"{name} must be a list of whole numbers. Received: {name}={_short(value)}.",
            f"pass a list, e.g. {name}={example}.",
        )
    items = list(value)
    if not items:
        raise _fail(ValueError, where, f"{name} is empty.", f"pass e.g. {name}={example}.")
    try:
        return [whole_number(item, name, where=where, minimum=minimum) for item in items]
    except (TypeError, ValueError):
        raise _fail(
            ValueError,
            where,
            f"every entry of {name} must be a whole number"
            + (f" of at least {minimum}" if minimum is not None else "")
            + f". Received: {name}={_short(value)}.",
            f"pass e.g. {name}={example}.",
        ) from None


def same_length(first: np.ndarray, second: np.ndarray, *, where: str, names=("x", "y")) -> None:
    """Refuse two arrays that do not hold one row per sample each (len(x) != len(y)).

    Example:
        >>> same_length(np.zeros((4, 2)), np.zeros(3), where="Perceptron.fit")
        Traceback (most recent call last):
        ...
        ValueError: Perceptron.fit: x and y hold different numbers of samples. ...
    """
    if len(first) != len(second):
        a, b = names
        raise _fail(
            ValueError,
            where,
            f"{a} and {b} hold different numbers of samples. Received: {a}.shape={np.shape(first)}, "
            f"{b}.shape={np.shape(second)}.",
            f"pass one entry of {b} per sample (row) of {a}.",
        )


def mapping(value: Any, name: str, *, where: str, example: str) -> Mapping:
    """A dict (any mapping): a list or a single result where ``{label: result}`` belongs gets the example.

    Example:
        >>> mapping([1.0, 0.5], "histories", where="training_curves", example="{'run': history}")
        Traceback (most recent call last):
        ...
        TypeError: training_curves: histories must be a dict. Received: list. Fix: ...
    """
    if not isinstance(value, Mapping):
        raise _fail(
            TypeError,
            where,
            f"{name} must be a dict. Received: {type(value).__name__}.",
            f"pass e.g. {name}={example}.",
        )
    if not value:
        raise _fail(ValueError, where, f"{name} is empty.", f"pass e.g. {name}={example}.")
    return value


def _short(value: Any) -> str:
    """``repr`` cut to one readable line: an array or a long list is shown by its start."""
    text = repr(value) if not isinstance(value, np.ndarray) else f"array of shape {value.shape}"
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."
