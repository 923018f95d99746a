"""SGD, momentum, RMSProp and Adam in NumPy, with Keras's exact update formulas.

Each optimizer is a small object: ``step(params, gradient)`` returns the new parameters and
keeps its own state (velocity, moments). :func:`descend` runs one from a start point on any
function whose gradient you give, and records the path.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnkit import arguments


def _rate(value, name: str, where: str) -> float:
    return arguments.real_number(value, name, where=where, above=0)


def _decay(value, name: str, where: str) -> float:
    """A decay factor such as momentum, rho or beta: 0 <= value < 1 (1 would never forget, or divide by 0)."""
    return arguments.real_number(value, name, where=where, at_least=0, below=1)


class _Optimizer:
    """What every optimizer shares: ``step`` checks its arguments, then ``_update`` applies the formula."""

    def _state(self) -> np.ndarray | None:
        return None

    def step(self, params, gradient):
        """Return the parameters after one update; ``params`` and ``gradient`` have one shape."""
        where = f"{type(self).__name__}.step"
        params = arguments.numeric_array(params, "params", where=where, dtype=None)
        gradient = arguments.numeric_array(gradient, "gradient", where=where, dtype=None)
        arguments.identical_shape(params, gradient, where=where, names=("params", "gradient"))
        state = self._state()
        if state is not None and state.shape != params.shape:
            raise ValueError(
                f"{where}: this optimizer's state was built for params of shape {state.shape}. Received: "
                f"params.shape={params.shape}. Fix: create a new {type(self).__name__}(...) for each set of "
                "parameters (a Keras optimizer keeps one slot per variable)."
            )
        return self._update(params, gradient)

    def _update(self, params, gradient):
        raise NotImplementedError


class SGD(_Optimizer):
    """``w <- w - alpha g``; with ``momentum`` beta: ``v <- beta v - alpha g``, ``w <- w + v``.

    Example:
        >>> SGD(learning_rate=0.1).step(np.array([1.0]), np.array([2.0]))
        array([0.8])
    """

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0):
        self.learning_rate = _rate(learning_rate, "learning_rate", "SGD")
        self.momentum = _decay(momentum, "momentum", "SGD")
        self.velocity = None

    def _state(self):
        return self.velocity

    def _update(self, params, gradient):
        if self.momentum == 0.0:
            return params - self.learning_rate * gradient
        if self.velocity is None:
            self.velocity = np.zeros_like(params)
        self.velocity = self.momentum * self.velocity - self.learning_rate * gradient
        return params + self.velocity


class RMSProp(_Optimizer):
    """``s <- rho s + (1 - rho) g^2``, ``w <- w - alpha g / sqrt(s + eps)``: a step size per parameter.

    Example:
        >>> RMSProp(learning_rate=0.1).step(np.array([1.0]), np.array([2.0])).round(4)
        array([0.6838])
    """

    def __init__(self, learning_rate: float = 0.001, rho: float = 0.9, epsilon: float = 1e-7):
        self.learning_rate = _rate(learning_rate, "learning_rate", "RMSProp")
        self.rho = _decay(rho, "rho", "RMSProp")
        self.epsilon = _rate(epsilon, "epsilon", "RMSProp")
        self.mean_square = None

    def _state(self):
        return self.mean_square

    def _update(self, params, gradient):
        if self.mean_square is None:
            self.mean_square = np.zeros_like(params)
        self.mean_square = self.rho * self.mean_square + (1 - self.rho) * gradient**2
        return params - self.learning_rate * gradient / np.sqrt(self.mean_square + self.epsilon)


class Adam(_Optimizer):
    """Momentum and RMSProp together, with bias correction:

    ``m <- b1 m + (1 - b1) g``, ``v <- b2 v + (1 - b2) g^2``,
    ``w <- w - alpha sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps)``.

    Example:
        >>> Adam(learning_rate=0.1).step(np.array([1.0]), np.array([2.0])).round(4)
        array([0.9])
    """

    def __init__(
        self, learning_rate: float = 0.001, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7
    ):
        self.learning_rate = _rate(learning_rate, "learning_rate", "Adam")
        self.beta_1 = _decay(beta_1, "beta_1", "Adam")
        self.beta_2 = _decay(beta_2, "beta_2", "Adam")
        self.epsilon = _rate(epsilon, "epsilon", "Adam")
        self.m = self.v = None
        self.t = 0

    def _state(self):
        return self.m

    def _update(self, params, gradient):
        if self.m is None:
            self.m, self.v = np.zeros_like(params), np.zeros_like(params)
        self.t += 1
        self.m = self.m + (gradient - self.m) * (1 - self.beta_1)
        self.v = self.v + (gradient**2 - self.v) * (1 - self.beta_2)
        alpha = self.learning_rate * np.sqrt(1 - self.beta_2**self.t) / (1 - self.beta_1**self.t)
        return params - alpha * self.m / (np.sqrt(self.v) + self.epsilon)


def descend(
    gradient: Callable, start, optimizer, *, steps: int, tolerance: float | None = None
) -> np.ndarray:
    """Run ``optimizer`` from ``start``; return the path, shape (updates + 1, n).

    Stops after ``steps`` updates, or earlier once an update moves the parameters by less
    than ``tolerance`` (``||theta_{k+1} - theta_k|| < epsilon``, the lectures' stopping rule).
    A path that overflows (too large a learning rate) stops with an error that says so.

    Example:
        >>> path = descend(lambda w: 2 * w, [1.0], SGD(learning_rate=0.25), steps=2)
        >>> path[:, 0].tolist()
        [1.0, 0.5, 0.25]
        >>> len(descend(lambda w: 2 * w, [1.0], SGD(learning_rate=0.25), steps=100, tolerance=1e-3))
        11
    """
    where = "descend"
    gradient = arguments.function(gradient, "gradient", where=where, example="gradient=lambda w: 2 * w")
    params = np.array(arguments.numeric_array(start, "start", where=where))  # a copy: start stays as it was
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            f"{where}: optimizer must be an optimizer object with a step method. Received: "
            f"{type(optimizer).__name__}. Fix: pass e.g. scratch.SGD(learning_rate=0.1)."
        )
    steps = arguments.whole_number(steps, "steps", where=where, minimum=1)
    if tolerance is not None:
        tolerance = arguments.real_number(tolerance, "tolerance", where=where, above=0)
    update = optimizer._update if isinstance(optimizer, _Optimizer) else optimizer.step
    path = [params.copy()]
    for step in range(steps):
        g = np.asarray(gradient(params))
        if g.shape != params.shape or g.dtype.kind not in "biuf":
            g = arguments.numeric_array(g, "gradient(start)", where=where)
            arguments.identical_shape(params, g, where=where, names=("start", "gradient(start)"))
        params = update(params, g)
        path.append(params.copy())
        if not np.isfinite(params).all():
            raise ValueError(
                f"{where}: after {step + 1} update(s) the parameters are no longer finite "
                f"({params!r:.60}): the descent diverged or the gradient returned NaN. Fix: lower "
                "the learning rate, or take fewer steps to watch the divergence start."
            )
        if tolerance is not None and np.linalg.norm(path[-1] - path[-2]) < tolerance:
            break
    return np.array(path)
