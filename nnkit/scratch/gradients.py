"""Numerical derivatives and the gradient check: the limit definition, with a small finite h."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnkit import arguments


def _value(f: Callable, point, *, where: str):
    """``f(point)``, as ``f`` returns it, once it is known to be finite numbers.

    A NaN from ``f`` would turn every difference quotient into NaN.
    """
    value = f(point)
    try:
        array = np.asarray(value)
    except ValueError:  # f returned ragged lists
        array = np.asarray(None)
    if array.dtype.kind not in "biuf" or array.size == 0:
        raise ValueError(
            f"{where}: f must return numbers. Received: f(...) returned {value!r:.60}. "
            "Fix: make f return a number (or an array of numbers)."
        )
    if not (np.isfinite(array.min()) and np.isfinite(array.max())):
        raise ValueError(
            f"{where}: f returned NaN or infinity near {np.asarray(point)!r:.60}, so no difference "
            "quotient exists there. Fix: evaluate where f is defined and finite (log, sqrt, 1/x have "
            "limits), or lower the learning rate if a descent diverged."
        )
    return value


def numerical_derivative(f: Callable, x, *, h: float = 1e-5):
    """``f'(x) ~ (f(x + h) - f(x - h)) / (2h)``, the central difference, element-wise.

    Its error shrinks like ``h^2`` until floating-point round-off (about ``1e-16 / h``) takes over.

    Example:
        >>> round(float(numerical_derivative(lambda x: x**2, 3.0)), 6)
        6.0
    """
    where = "numerical_derivative"
    f = arguments.function(f, "f", where=where, example="numerical_derivative(np.sin, 1.0)")
    x = arguments.numeric_array(x, "x", where=where)
    h = arguments.real_number(h, "h", where=where, above=0)
    return (_value(f, x + h, where=where) - _value(f, x - h, where=where)) / (2.0 * h)


def numerical_gradient(f: Callable, params, *, h: float = 1e-5) -> np.ndarray:
    """Gradient of the scalar function ``f(params)`` by central differences, one entry at a time.

    ``params`` may have any shape; the gradient has the same shape.

    Example:
        >>> numerical_gradient(lambda p: (p**2).sum(), np.array([1.0, -2.0])).round(6)
        array([ 2., -4.])
    """
    where = "numerical_gradient"
    f = arguments.function(f, "f", where=where, example="f=lambda p: (p**2).sum()")
    params = np.array(arguments.numeric_array(params, "params", where=where))  # a copy: nudged in place
    h = arguments.real_number(h, "h", where=where, above=0)
    gradient = np.zeros_like(params)
    for index in np.ndindex(params.shape):
        original = params[index]
        params[index] = original + h
        above = _value(f, params, where=where)
        params[index] = original - h
        below = _value(f, params, where=where)
        params[index] = original
        if np.size(above) != 1:
            raise ValueError(
                f"{where}: f must return one number (the loss), but it returned shape {np.shape(above)}. "
                "Fix: reduce it, e.g. f=lambda p: loss(p).mean()."
            )
        gradient[index] = (above - below) / (2.0 * h)
    return gradient


def _relative_error(analytic, numerical, where: str, names=("analytic", "numerical")) -> float:
    analytic = arguments.numeric_array(analytic, names[0], where=where)
    numerical = arguments.numeric_array(numerical, names[1], where=where)
    arguments.identical_shape(analytic, numerical, where=where, names=names)
    scale = np.maximum(np.abs(analytic) + np.abs(numerical), 1e-12)
    return float(np.max(np.abs(analytic - numerical) / scale))


def relative_error(analytic, numerical) -> float:
    """``max |a - n| / max(|a| + |n|, 1e-12)``: the gradient check's verdict (about 1e-7 or less is right).

    Example:
        >>> relative_error([2.0, -4.0], [2.0, -4.0])
        0.0
    """
    return _relative_error(analytic, numerical, "relative_error")


def gradient_tolerance(h: float) -> float:
    """The relative error a correct gradient can show when checked with the step ``h``: ``h^2 + 1e-11 / h``.

    The central difference is off by about ``h^2`` (truncation, for a loss whose third derivative
    is of the order of its first) plus the round-off of float64 divided by ``h`` (``1e-16 / h``,
    here with room for losses much larger than their slopes). Both are far below a real backward-pass
    bug, which gives 1e-2 or more. About ``1e-6`` for the default ``h = 1e-5``; it grows for a
    larger ``h`` (truncation) and for a smaller one (round-off).

    Example:
        >>> f"{gradient_tolerance(1e-5):.2g}, {gradient_tolerance(1e-3):.2g}, {gradient_tolerance(1e-8):.2g}"
        '1e-06, 1e-06, 0.001'
    """
    h = arguments.real_number(h, "h", where="gradient_tolerance", above=0)
    return h**2 + 1e-11 / h


def gradient_check(
    f: Callable, params, analytic_gradient, *, h: float = 1e-5, tolerance: float | None = None
) -> float:
    """Compare ``analytic_gradient`` with the numerical gradient of ``f`` at ``params``.

    Returns the relative error; raises ``AssertionError`` naming it if above ``tolerance``
    (by default :func:`gradient_tolerance` of ``h``: what the step itself allows).

    Example:
        >>> gradient_check(lambda p: (p**2).sum(), np.array([1.0, -2.0]), np.array([2.0, -4.0])) < 1e-8
        True
    """
    where = "gradient_check"
    h = arguments.real_number(h, "h", where=where, above=0)
    if tolerance is None:
        tolerance = gradient_tolerance(h)
    tolerance = arguments.real_number(tolerance, "tolerance", where=where, above=0)
    params = arguments.numeric_array(params, "params", where=where)
    analytic_gradient = arguments.numeric_array(analytic_gradient, "analytic_gradient", where=where)
    arguments.identical_shape(params, analytic_gradient, where=where, names=("params", "analytic_gradient"))
    numerical = numerical_gradient(f, params, h=h)
    error = _relative_error(analytic_gradient, numerical, where, ("analytic_gradient", "numerical"))
    if error > tolerance:
        raise AssertionError(f"gradient check failed: relative error {error:.3g} > tolerance {tolerance:g}")
    return error
