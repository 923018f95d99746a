"""Logic gates on two inputs, shared by the neuron (01) and perceptron (02) exercises."""

from __future__ import annotations

from typing import Any

import numpy as np

from nnkit.exercises.answers import as_array, as_number
from nnkit.exercises.feedback import Hint, NotAttempted, is_stub

# The four inputs of a two-input gate, in truth-table order.
GATE_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def written(x: np.ndarray) -> str:
    """One input written as the statement writes it.

    Example:
        >>> written(GATE_INPUTS[1])
        '(0, 1)'
    """
    return f"({x[0]:g}, {x[1]:g})"


def gate_weights(w: Any, b: Any, *, names: tuple[str, str]) -> tuple[np.ndarray, float]:
    """Two finite weights and a finite bias, or the hint that says what is wrong with them.

    Example:
        >>> gate_weights([1, 1, 1], 0.5, names=("w_and", "b_and"))
        Traceback (most recent call last):
        ...
        nnkit.exercises.feedback.Hint: w_and should hold two weights, one per input; received shape (3,).
    """
    if is_stub(b):
        raise NotAttempted
    weights, bias_name = as_array(w, what=names[0]), names[1]
    if weights.shape != (2,):
        raise Hint(f"{names[0]} should hold two weights, one per input; received shape {weights.shape}.")
    bias = as_number(b, what=bias_name)
    if not np.all(np.isfinite(weights)) or not np.isfinite(bias):
        raise Hint(f"{names[0]} and {bias_name} should be ordinary numbers, not nan or inf.")
    return weights, bias
