"""Numerical derivatives and the gradient check: the limit definition, with a small finite h."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_derivative(f: Callable, x, *, h: float = 1e-5):
    """``f'(x) ~ (f(x + h) - f(x - h)) / (2h)``, the central difference, element-wise.

    Its error shrinks like ``h^2`` until floating-point round-off (about ``1e-16 / h``) takes over.

    Example:
        >>> round(float(numerical_derivative(lambda x: x**2, 3.0)), 6)
        6.0
    """
    x = np.asarray(x, dtype=np.float64)
    return (f(x + h) - f(x - h)) / (2.0 * h)


def numerical_gradient(f: Callable, params, *, h: float = 1e-5) -> np.ndarray:
    """Gradient of the scalar function ``f(params)`` by central differences, one entry at a time.

    ``params`` may have any shape; the gradient has the same shape.

    Example:
        >>> numerical_gradient(lambda p: (p**2).sum(), np.array([1.0, -2.0])).round(6)
        array([ 2., -4.])
    """
    params = np.array(params, dtype=np.float64)
    gradient = np.zeros_like(params)
    for index in np.ndindex(params.shape):
        original = params[index]
        params[index] = original + h
        above = f(params)
        params[index] = original - h
        below = f(params)
        params[index] = original
        gradient[index] = (above - below) / (2.0 * h)
    return gradient


def relative_error(analytic, numerical) -> float:
    """``max |a - n| / max(|a| + |n|, 1e-12)``: the gradient check's verdict (about 1e-7 or less is right).

    Example:
        >>> relative_error([2.0, -4.0], [2.0, -4.0])
        0.0
    """
    analytic = np.asarray(analytic, dtype=np.float64)
    numerical = np.asarray(numerical, dtype=np.float64)
    scale = np.maximum(np.abs(analytic) + np.abs(numerical), 1e-12)
    return float(np.max(np.abs(analytic - numerical) / scale))


def gradient_check(
    f: Callable, params, analytic_gradient, *, h: float = 1e-5, tolerance: float = 1e-6
) -> float:
    """Compare ``analytic_gradient`` with the numerical gradient of ``f`` at ``params``.

    Returns the relative error; raises ``AssertionError`` naming it if above ``tolerance``.

    Example:
        >>> gradient_check(lambda p: (p**2).sum(), np.array([1.0, -2.0]), np.array([2.0, -4.0])) < 1e-8
        True
    """
    error = relative_error(analytic_gradient, numerical_gradient(f, params, h=h))
    if error > tolerance:
        raise AssertionError(f"gradient check failed: relative error {error:.3g} > tolerance {tolerance:g}")
    return error
