"""Counting right and wrong predictions, in NumPy."""

from __future__ import annotations

import numpy as np


def confusion_matrix(y_true, y_pred, *, num_classes: int | None = None) -> np.ndarray:
    """Counts ``C[i, j]``: samples of true class i predicted as j. The diagonal is what is right.

    Example:
        >>> confusion_matrix([0, 1, 1, 2], [0, 2, 1, 2]).tolist()
        [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    """
    y_true = np.asarray(y_true, dtype=np.int64).reshape(-1)
    y_pred = np.asarray(y_pred, dtype=np.int64).reshape(-1)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred need one label per sample each. Received: {y_true.shape} and {y_pred.shape}."
        )
    k = num_classes or int(max(y_true.max(), y_pred.max())) + 1
    matrix = np.zeros((k, k), dtype=np.int64)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


def accuracy(y_true, y_pred) -> float:
    """Fraction of predictions equal to the true labels.

    Example:
        >>> accuracy([0, 1, 1, 2], [0, 2, 1, 2])
        0.75
    """
    return float(np.mean(np.asarray(y_true).reshape(-1) == np.asarray(y_pred).reshape(-1)))
