"""NumPy-from-scratch references: the lecture's formulas, line for line, with no TensorFlow.

Each function is tested against TensorFlow (``keras.activations``, ``keras.losses``).

Example:
    >>> from nnkit import scratch
    >>> float(scratch.sigmoid(0.0))
    0.5
"""

from nnkit.scratch.activations import (
    linear,
    log_softmax,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
)
from nnkit.scratch.losses import (
    binary_crossentropy,
    binary_crossentropy_from_logits,
    sparse_categorical_crossentropy,
    sparse_categorical_crossentropy_from_logits,
)
from nnkit.scratch.neuron import neuron

__all__ = [
    "binary_crossentropy",
    "binary_crossentropy_from_logits",
    "linear",
    "log_softmax",
    "neuron",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "sparse_categorical_crossentropy",
    "sparse_categorical_crossentropy_from_logits",
]
