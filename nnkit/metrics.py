"""Counting right and wrong predictions, in NumPy."""

from __future__ import annotations

import numpy as np

from nnkit import arguments


def _paired_labels(y_true, y_pred, where: str, classes: int | None = None):
    y_true = arguments.class_labels(y_true, "y_true", where=where, classes=classes)
    y_pred = arguments.class_labels(y_pred, "y_pred", where=where, classes=classes)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"{where}: y_true and y_pred need one label per sample each. Received: {len(y_true)} and "
            f"{len(y_pred)} labels. Fix: predict on the same samples the true labels belong to."
        )
    return y_true, y_pred


def confusion_matrix(y_true, y_pred, *, num_classes: int | None = None) -> np.ndarray:
    """Counts ``C[i, j]``: samples of true class i predicted as j. The diagonal is what is right.

    Example:
        >>> confusion_matrix([0, 1, 1, 2], [0, 2, 1, 2]).tolist()
        [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    """
    if num_classes is not None:
        num_classes = arguments.whole_number(num_classes, "num_classes", where="confusion_matrix", minimum=1)
    y_true, y_pred = _paired_labels(y_true, y_pred, "confusion_matrix", num_classes)
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
    y_true, y_pred = _paired_labels(y_true, y_pred, "accuracy")
    return float(np.mean(y_true == y_pred))
