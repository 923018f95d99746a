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

    ``clip=1e-7`` reproduces ``keras.losses.BinaryCrossentropy`` on probabilities.

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
    ``clip=1e-7`` reproduces ``keras.losses.SparseCategoricalCrossentropy()``.

    Example:
        >>> np.round(sparse_categorical_crossentropy([1], [[0.25, 0.75]]), 4)
        array([0.2877])
    """
    a = _clipped(probabilities, clip)
    y = np.asarray(y, dtype=np.int64).reshape(-1)
    with np.errstate(divide="ignore"):
        return -np.log(a[np.arange(len(y)), y])


def sparse_categorical_crossentropy_from_logits(y, logits):
    """``L = -log softmax(z)_y = log(sum_k e^{z_k}) - z_y``, exact even for huge scores.

    Example:
        >>> sparse_categorical_crossentropy_from_logits([2], [[100.0, 0.0, -100.0]])
        array([200.])
    """
    y = np.asarray(y, dtype=np.int64).reshape(-1)
    return -log_softmax(logits)[np.arange(len(y)), y]
