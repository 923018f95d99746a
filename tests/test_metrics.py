import numpy as np
import pytest

from nnkit import metrics


def test_confusion_matrix_counts_and_diagonal_is_accuracy():
    y_true = np.array([0, 0, 1, 2, 2, 2])
    y_pred = np.array([0, 1, 1, 2, 0, 2])
    matrix = metrics.confusion_matrix(y_true, y_pred)
    assert matrix.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    assert matrix.sum() == 6
    assert np.trace(matrix) / matrix.sum() == metrics.accuracy(y_true, y_pred) == 4 / 6
    assert metrics.confusion_matrix([0], [0], num_classes=3).shape == (3, 3)


def test_confusion_matrix_needs_matching_lengths():
    with pytest.raises(ValueError, match="one label per sample"):
        metrics.confusion_matrix([0, 1], [0])
