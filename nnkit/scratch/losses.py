"""Cross-entropy losses in NumPy, per sample (take ``.mean()`` for the cost J).

The ``*_from_logits`` forms work on the scores z and never take the log of a
probability that has rounded to 0; the probability forms can, like Keras,
clip probabilities to ``[clip, 1 - clip]`` first.
"""

from __future__ import annotations

import numpy as np

from nnkit.scratch.activations import log_softmax


def _clipped(p, clip):
    p = np.asarray(p, dtype=np.float64)
    return p if clip is None else np.clip(p, clip, 1.0 - clip)


def binary_crossentropy(y, p, *, clip=None):
    """``L = -y log p - (1 - y) log(1 - p)`` for each element.

    ``clip=1e-7`` reproduces ``keras.losses.BinaryCrossentropy`` on probabilities computed in
    float64 (``dtype="float64"``); Keras's default float32 agrees to float32 precision only.

    Example:
        >>> np.round(binary_crossentropy([1.0, 0.0], [0.75, 0.75]), 4)
        array([0.2877, 1.3863])
    """
    y = np.asarray(y, dtype=np.float64)
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
    y = np.asarray(y, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
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
    a = _clipped(probabilities, clip)
    y = np.asarray(y, dtype=np.int64).reshape(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = a / a.sum(axis=-1, keepdims=True)
        return -np.log(a[np.arange(len(y)), y])


def sparse_categorical_crossentropy_from_logits(y, logits):
    """``L = -log softmax(z)_y = log(sum_k e^{z_k}) - z_y``, exact even for huge scores.

    Example:
        >>> sparse_categorical_crossentropy_from_logits([2], [[100.0, 0.0, -100.0]])
        array([200.])
    """
    y = np.asarray(y, dtype=np.int64).reshape(-1)
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
    y = np.asarray(y_onehot, dtype=np.float64)
    a = np.asarray(probabilities, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = _clipped(a / a.sum(axis=-1, keepdims=True), clip)
        return -np.where(y > 0, y * np.log(a), 0.0).sum(axis=-1)


def mean_squared_error(y, y_hat, *, half=False):
    """``L = mean_k (y_hat_k - y_k)^2`` over the last axis; ``half=True`` gives the lectures' ``1/2 (...)^2``.

    The 1/2 only scales the loss: its derivative becomes ``y_hat - y`` instead of ``2 (y_hat - y)``.

    Example:
        >>> mean_squared_error([1.0], [3.0]), mean_squared_error([1.0], [3.0], half=True)
        (np.float64(4.0), np.float64(2.0))
    """
    error = np.asarray(y_hat, dtype=np.float64) - np.asarray(y, dtype=np.float64)
    return (0.5 if half else 1.0) * np.mean(error**2, axis=-1)


def mean_absolute_error(y, y_hat):
    """``L = mean_k |y_hat_k - y_k|`` over the last axis: an outlier counts linearly, not squared.

    Example:
        >>> mean_absolute_error([1.0, 1.0], [3.0, 0.0])
        np.float64(1.5)
    """
    error = np.asarray(y_hat, dtype=np.float64) - np.asarray(y, dtype=np.float64)
    return np.mean(np.abs(error), axis=-1)


def _plus_minus_one(y):
    y = np.asarray(y, dtype=np.float64)
    # Keras's convention: labels given as 0/1 are read as -1/+1.
    return 2.0 * y - 1.0 if np.isin(y, (0.0, 1.0)).all() else y


def hinge(y, scores):
    """``L = mean_k max(0, 1 - y_k s_k)`` with labels in {-1, 1} (0/1 labels are mapped to -1/1).

    Zero once a sample is on the right side with a margin of at least 1.

    Example:
        >>> hinge([1.0, -1.0], [2.0, 0.5])
        np.float64(0.75)
    """
    margin = 1.0 - _plus_minus_one(y) * np.asarray(scores, dtype=np.float64)
    return np.mean(np.maximum(0.0, margin), axis=-1)


def squared_hinge(y, scores):
    """``L = mean_k max(0, 1 - y_k s_k)^2``: the hinge, squared, so large violations cost more.

    Example:
        >>> squared_hinge([1.0, -1.0], [2.0, 0.5])
        np.float64(1.125)
    """
    margin = 1.0 - _plus_minus_one(y) * np.asarray(scores, dtype=np.float64)
    return np.mean(np.maximum(0.0, margin) ** 2, axis=-1)
