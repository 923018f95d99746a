"""Cross-entropy losses in NumPy, per sample (take ``.mean()`` for the cost J).

The ``*_from_logits`` forms work on the scores z and never take the log of a
probability that has rounded to 0; the probability forms can, like Keras,
clip probabilities to ``[clip, 1 - clip]`` first.
"""

from __future__ import annotations

import numpy as np

from nnkit import arguments
from nnkit.scratch.activations import log_softmax


def _clipped(p, clip):
    p = np.asarray(p, dtype=np.float64)
    return p if clip is None else np.clip(p, clip, 1.0 - clip)


def _paired(y, y_hat, where: str, names: tuple[str, str] = ("y", "y_hat")):
    """Targets and predictions as float arrays of one shape: (N,) against (N, 1) would broadcast to (N, N)."""
    y = arguments.numeric_array(y, names[0], where=where)
    y_hat = arguments.numeric_array(y_hat, names[1], where=where)
    arguments.same_shape(y, y_hat, where=where, names=names)
    return y, y_hat


def _binary_targets(y, where: str):
    if y.min() < 0 or y.max() > 1:
        raise ValueError(
            f"{where}: y must hold targets between 0 and 1. Received values from {y.min():g} to {y.max():g}. "
            "Fix: map -1/1 labels with y = (y + 1) / 2."
        )


def _class_rows(values, name: str, where: str, *, probabilities: bool) -> np.ndarray:
    rows = arguments.numeric_array(values, name, where=where, ndim=(2,))
    if probabilities and rows.min() < 0:
        raise ValueError(
            f"{where}: {name} must hold probabilities (non-negative, one row per sample). Received a value "
            f"{rows.min():g}. Fix: if these are scores (logits), use the *_from_logits form or softmax them."
        )
    return rows


def _labels_for(y, rows: np.ndarray, where: str) -> np.ndarray:
    labels = arguments.class_labels(y, "y", where=where, classes=rows.shape[1])
    if len(labels) != len(rows):
        raise ValueError(
            f"{where}: y has {len(labels)} labels for {len(rows)} rows of scores. "
            "Fix: pass one class index per row."
        )
    return labels


def binary_crossentropy(y, p, *, clip=None):
    """``L = -y log p - (1 - y) log(1 - p)`` for each element.

    ``clip=1e-7`` reproduces ``keras.losses.BinaryCrossentropy`` on probabilities computed in
    float64 (``dtype="float64"``); Keras's default float32 agrees to float32 precision only.

    Example:
        >>> np.round(binary_crossentropy([1.0, 0.0], [0.75, 0.75]), 4)
        array([0.2877, 1.3863])
    """
    y, p = _paired(y, p, "binary_crossentropy", ("y", "p"))
    _binary_targets(y, "binary_crossentropy")
    arguments.probabilities(p, "p", where="binary_crossentropy")
    p = _clipped(p, clip)
    with np.errstate(divide="ignore", invalid="ignore"):
        # y * log p is 0 where y = 0, even if p = 0 too.
        return -(np.where(y > 0, y * np.log(p), 0.0) + np.where(y < 1, (1 - y) * np.log1p(-p), 0.0))


def binary_crossentropy_from_logits(y, z):
    """Binary cross-entropy of ``p = sigmoid(z)`` written in z: ``max(z, 0) - z y + log(1 + e^{-|z|})``.

    Example:
        >>> np.round(binary_crossentropy_from_logits([1.0], [0.0]), 4)
        array([0.6931])
    """
    y, z = _paired(y, z, "binary_crossentropy_from_logits", ("y", "z"))
    _binary_targets(y, "binary_crossentropy_from_logits")
    return np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))


def sparse_categorical_crossentropy(y, probabilities, *, clip=None):
    """``L = -log a_y``: minus the log of the probability given to the true class.

    ``y`` holds class indices, shape (m,); ``probabilities`` has shape (m, N).
    Like Keras, a row that does not sum to 1 is first divided by its sum (after
    clipping, as Keras's sparse form does), so ``a_y`` is always a share of its row.

    ``clip=1e-7`` reproduces ``keras.losses.SparseCategoricalCrossentropy()`` computed
    in float64 (``dtype="float64"``). Keras computes in float32 by default, where
    ``1 - 1e-7`` rounds to ``1 - 1.19e-7``: the two agree to float32 precision only
    (a certain right answer costs 1.19e-7 there, 1e-7 here).

    Example:
        >>> np.round(sparse_categorical_crossentropy([1], [[0.25, 0.75]]), 4)
        array([0.2877])
        >>> np.round(sparse_categorical_crossentropy([1], [[1.0, 3.0]]), 4)  # read as [0.25, 0.75]
        array([0.2877])
    """
    where = "sparse_categorical_crossentropy"
    a = _clipped(_class_rows(probabilities, "probabilities", where, probabilities=True), clip)
    y = _labels_for(y, a, where)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = a / a.sum(axis=-1, keepdims=True)
        return -np.log(a[np.arange(len(y)), y])


def sparse_categorical_crossentropy_from_logits(y, logits):
    """``L = -log softmax(z)_y = log(sum_k e^{z_k}) - z_y``, exact even for huge scores.

    Example:
        >>> sparse_categorical_crossentropy_from_logits([2], [[100.0, 0.0, -100.0]])
        array([200.])
    """
    where = "sparse_categorical_crossentropy_from_logits"
    logits = _class_rows(logits, "logits", where, probabilities=False)
    y = _labels_for(y, logits, where)
    return -log_softmax(logits)[np.arange(len(y)), y]


def categorical_crossentropy(y_onehot, probabilities, *, clip=None):
    """``L = -sum_c y_c log a_c`` with one-hot rows ``y_onehot``; equals the sparse form on class indices.

    Like Keras, a row of ``probabilities`` that does not sum to 1 is first divided
    by its sum (before clipping, as Keras's categorical form does; the sparse form
    clips first, so on such rows the two can differ, each as in Keras).

    ``clip=1e-7`` reproduces ``keras.losses.CategoricalCrossentropy()`` computed in
    float64 (``dtype="float64"``); Keras's default float32 agrees to float32 precision only.

    Example:
        >>> np.round(categorical_crossentropy([[0.0, 1.0]], [[0.25, 0.75]]), 4)
        array([0.2877])
        >>> np.round(categorical_crossentropy([[0.0, 1.0]], [[2.0, 6.0]]), 4)  # read as [0.25, 0.75]
        array([0.2877])
    """
    where = "categorical_crossentropy"
    a = _class_rows(probabilities, "probabilities", where, probabilities=True)
    y = arguments.numeric_array(y_onehot, "y_onehot", where=where)
    if y.ndim == 1 and len(y) == len(a):
        raise ValueError(
            f"{where}: y_onehot holds one class number per sample, not one-hot rows. Received: "
            f"y_onehot.shape={y.shape}. Fix: use sparse_categorical_crossentropy(y, probabilities), "
            f"or one-hot the labels with np.eye({a.shape[1]})[y]."
        )
    arguments.same_shape(y, a, where=where, names=("y_onehot", "probabilities"))
    with np.errstate(divide="ignore", invalid="ignore"):
        a = _clipped(a / a.sum(axis=-1, keepdims=True), clip)
        return -np.where(y > 0, y * np.log(a), 0.0).sum(axis=-1)


def mean_squared_error(y, y_hat, *, half=False):
    """``L = mean_k (y_hat_k - y_k)^2`` over the last axis; ``half=True`` gives the lectures' ``1/2 (...)^2``.

    The 1/2 only scales the loss: its derivative becomes ``y_hat - y`` instead of ``2 (y_hat - y)``.

    Example:
        >>> float(mean_squared_error([1.0], [3.0])), float(mean_squared_error([1.0], [3.0], half=True))
        (4.0, 2.0)
    """
    y, y_hat = _paired(y, y_hat, "mean_squared_error")
    half = arguments.flag(half, "half", where="mean_squared_error")
    return (0.5 if half else 1.0) * np.mean((y_hat - y) ** 2, axis=-1)


def mean_absolute_error(y, y_hat):
    """``L = mean_k |y_hat_k - y_k|`` over the last axis: an outlier counts linearly, not squared.

    Example:
        >>> float(mean_absolute_error([1.0, 1.0], [3.0, 0.0]))
        1.5
    """
    y, y_hat = _paired(y, y_hat, "mean_absolute_error")
    return np.mean(np.abs(y_hat - y), axis=-1)


def _plus_minus_one(y):
    y = np.asarray(y, dtype=np.float64)
    # Keras's convention: labels given as 0/1 are read as -1/+1.
    return 2.0 * y - 1.0 if np.isin(y, (0.0, 1.0)).all() else y


def hinge(y, scores):
    """``L = mean_k max(0, 1 - y_k s_k)`` with labels in {-1, 1} (0/1 labels are mapped to -1/1).

    Zero once a sample is on the right side with a margin of at least 1.

    Example:
        >>> float(hinge([1.0, -1.0], [2.0, 0.5]))
        0.75
    """
    y, scores = _paired(y, scores, "hinge", ("y", "scores"))
    margin = 1.0 - _plus_minus_one(y) * scores
    return np.mean(np.maximum(0.0, margin), axis=-1)


def squared_hinge(y, scores):
    """``L = mean_k max(0, 1 - y_k s_k)^2``: the hinge, squared, so large violations cost more.

    Example:
        >>> float(squared_hinge([1.0, -1.0], [2.0, 0.5]))
        1.125
    """
    y, scores = _paired(y, scores, "squared_hinge", ("y", "scores"))
    margin = 1.0 - _plus_minus_one(y) * scores
    return np.mean(np.maximum(0.0, margin) ** 2, axis=-1)
