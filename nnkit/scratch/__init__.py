"""NumPy-from-scratch references: the lecture's formulas, line for line, with no TensorFlow.

Each function is tested against TensorFlow (``keras.activations``, ``keras.losses``,
``keras.optimizers``, ``tf.GradientTape``).

Example:
    >>> from nnkit import scratch
    >>> float(scratch.sigmoid(0.0))
    0.5
"""

from nnkit.scratch.activations import (
    arctan,
    arctan_derivative,
    binary_step,
    binary_step_derivative,
    elu,
    elu_derivative,
    linear,
    linear_derivative,
    log_softmax,
    prelu,
    prelu_derivative,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
    softplus,
    softplus_derivative,
    tanh,
    tanh_derivative,
)
from nnkit.scratch.gradients import (
    gradient_check,
    gradient_tolerance,
    numerical_derivative,
    numerical_gradient,
    relative_error,
)
from nnkit.scratch.losses import (
    binary_crossentropy,
    binary_crossentropy_from_logits,
    categorical_crossentropy,
    hinge,
    mean_absolute_error,
    mean_squared_error,
    sparse_categorical_crossentropy,
    sparse_categorical_crossentropy_from_logits,
    squared_hinge,
)
from nnkit.scratch.mlp import MLP
from nnkit.scratch.neuron import neuron
from nnkit.scratch.optimizers import SGD, Adam, RMSProp, descend
from nnkit.scratch.perceptron import Perceptron
from nnkit.scratch.registry import ACTIVATIONS, Activation

__all__ = [
    "ACTIVATIONS",
    "MLP",
    "SGD",
    "Activation",
    "Adam",
    "Perceptron",
    "RMSProp",
    "arctan",
    "arctan_derivative",
    "binary_crossentropy",
    "binary_crossentropy_from_logits",
    "binary_step",
    "binary_step_derivative",
    "categorical_crossentropy",
    "descend",
    "elu",
    "elu_derivative",
    "gradient_check",
    "gradient_tolerance",
    "hinge",
    "linear",
    "linear_derivative",
    "log_softmax",
    "mean_absolute_error",
    "mean_squared_error",
    "neuron",
    "numerical_derivative",
    "numerical_gradient",
    "prelu",
    "prelu_derivative",
    "relative_error",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "softplus",
    "softplus_derivative",
    "sparse_categorical_crossentropy",
    "sparse_categorical_crossentropy_from_logits",
    "squared_hinge",
    "tanh",
    "tanh_derivative",
]
