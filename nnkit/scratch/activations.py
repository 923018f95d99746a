"""Activation functions, each beside its derivative, in NumPy.

Every function takes a scalar or an array ``z`` and works element-wise
(softmax works along the last axis). Results are float64 arrays. Text, empty
arrays, NaN and infinity are refused with the fix, never passed on as NaN.
"""

from __future__ import annotations

import numpy as np

from nnkit import arguments


def _z(z, where: str) -> np.ndarray:
    """``z`` as a float64 array (a number gives a 0-d array); text, NaN and empty arrays are refused."""
    return arguments.numeric_array(z, "z", where=where)


def linear(z):
    """Identity, ``g(z) = z``: the output of regression and of logit models.

    Example:
        >>> linear([-1.0, 2.0])
        array([-1.,  2.])
    """
    return _z(z, "linear")


def sigmoid(z):
    """Logistic function ``g(z) = 1 / (1 + e^{-z})``, computed without overflow.

    For z < 0 it uses the equal form ``e^{z} / (1 + e^{z})`` so ``e^{-z}`` never overflows.

    Example:
        >>> sigmoid([0.0, 1000.0, -1000.0])
        array([0.5, 1. , 0. ])
    """
    z = _z(z, "sigmoid")
    e = np.exp(-np.abs(z))  # always in (0, 1]
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    """``g'(z) = g(z) (1 - g(z))``.

    Example:
        >>> float(sigmoid_derivative(0.0))
        0.25
    """
    g = sigmoid(_z(z, "sigmoid_derivative"))
    return g * (1.0 - g)


def relu(z):
    """``g(z) = max(0, z)``.

    Example:
        >>> relu([-2.0, 3.0])
        array([0., 3.])
    """
    return np.maximum(0.0, _z(z, "relu"))


def relu_derivative(z):
    """``g'(z) = 1`` for z > 0, else 0 (0 at z = 0, as TensorFlow takes it).

    Example:
        >>> relu_derivative([-1.0, 0.0, 2.0])
        array([0., 0., 1.])
    """
    return (_z(z, "relu_derivative") > 0).astype(np.float64)


def log_softmax(z):
    """``log a_j = z_j - log(sum_k e^{z_k})`` along the last axis, stable for large ``z``.

    Example:
        >>> np.round(log_softmax([0.0, 0.0]), 4)
        array([-0.6931, -0.6931])
    """
    z = _z(z, "log_softmax")
    shifted = z - z.max(axis=-1, keepdims=True)  # softmax(z) = softmax(z - c): no overflow
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(z):
    """``a_j = e^{z_j} / sum_k e^{z_k}`` along the last axis; each row sums to 1.

    Example:
        >>> np.round(softmax([1.0, 2.0, 3.0, 4.0]), 4)
        array([0.0321, 0.0871, 0.2369, 0.6439])
    """
    return np.exp(log_softmax(_z(z, "softmax")))


def binary_step(z):
    """Heaviside step: 1 for z >= 0, else 0 (the perceptron's output in 0/1 form).

    Example:
        >>> binary_step([-0.5, 0.0, 2.0])
        array([0., 1., 1.])
    """
    return (_z(z, "binary_step") >= 0).astype(np.float64)


def binary_step_derivative(z):
    """0 everywhere (undefined at 0, taken as 0 as autodiff does): no gradient to learn from.

    Example:
        >>> binary_step_derivative([-1.0, 1.0])
        array([0., 0.])
    """
    return np.zeros_like(_z(z, "binary_step_derivative"))


def linear_derivative(z):
    """``g'(z) = 1``.

    Example:
        >>> linear_derivative([-3.0, 5.0])
        array([1., 1.])
    """
    return np.ones_like(_z(z, "linear_derivative"))


def tanh(z):
    """``g(z) = (e^{z} - e^{-z}) / (e^{z} + e^{-z})``, values in (-1, 1).

    Example:
        >>> float(tanh(0.0))
        0.0
    """
    return np.tanh(_z(z, "tanh"))


def tanh_derivative(z):
    """``g'(z) = 1 - tanh(z)^2``.

    Example:
        >>> float(tanh_derivative(0.0))
        1.0
    """
    return 1.0 - tanh(_z(z, "tanh_derivative")) ** 2


def arctan(z):
    """``g(z) = arctan(z)``, values in (-pi/2, pi/2).

    Example:
        >>> round(float(arctan(1.0)), 4)
        0.7854
    """
    return np.arctan(_z(z, "arctan"))


def arctan_derivative(z):
    """``g'(z) = 1 / (1 + z^2)``.

    Example:
        >>> float(arctan_derivative(1.0))
        0.5
    """
    return 1.0 / (1.0 + _z(z, "arctan_derivative") ** 2)


def prelu(z, alpha=0.1):
    """Parametric ReLU: ``z`` for z > 0, ``alpha z`` otherwise (alpha is learned in Keras's PReLU).

    Example:
        >>> prelu([-2.0, 3.0], alpha=0.1)
        array([-0.2,  3. ])
    """
    z, alpha = _z(z, "prelu"), arguments.real_number(alpha, "alpha", where="prelu")
    return np.where(z > 0, z, alpha * z)


def prelu_derivative(z, alpha=0.1):
    """``g'(z) = 1`` for z > 0, ``alpha`` otherwise.

    Example:
        >>> prelu_derivative([-2.0, 3.0], alpha=0.1)
        array([0.1, 1. ])
    """
    alpha = arguments.real_number(alpha, "alpha", where="prelu_derivative")
    return np.where(_z(z, "prelu_derivative") > 0, 1.0, alpha)


def elu(z, alpha=1.0):
    """Exponential linear unit: ``z`` for z > 0, ``alpha (e^{z} - 1)`` otherwise.

    Example:
        >>> np.round(elu([-1.0, 2.0]), 4)
        array([-0.6321,  2.    ])
    """
    z, alpha = _z(z, "elu"), arguments.real_number(alpha, "alpha", where="elu")
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


def elu_derivative(z, alpha=1.0):
    """``g'(z) = 1`` for z > 0, ``alpha e^{z}`` otherwise.

    Example:
        >>> float(elu_derivative(0.0))
        1.0
    """
    z, alpha = _z(z, "elu_derivative"), arguments.real_number(alpha, "alpha", where="elu_derivative")
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))


def softplus(z):
    """``g(z) = log(1 + e^{z})``, a smooth ReLU; computed without overflow.

    Example:
        >>> round(float(softplus(0.0)), 4)
        0.6931
    """
    z = _z(z, "softplus")
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def softplus_derivative(z):
    """``g'(z) = sigmoid(z)``.

    Example:
        >>> float(softplus_derivative(0.0))
        0.5
    """
    return sigmoid(_z(z, "softplus_derivative"))
