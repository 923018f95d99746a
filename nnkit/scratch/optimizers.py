"""SGD, momentum, RMSProp and Adam in NumPy, with Keras's exact update formulas.

Each optimizer is a small object: ``step(params, gradient)`` returns the new parameters and
keeps its own state (velocity, moments). :func:`descend` runs one from a start point on any
function whose gradient you give, and records the path.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


class SGD:
    """``w <- w - alpha g``; with ``momentum`` beta: ``v <- beta v - alpha g``, ``w <- w + v``.

    Example:
        >>> SGD(learning_rate=0.1).step(np.array([1.0]), np.array([2.0]))
        array([0.8])
    """

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0):
        self.learning_rate, self.momentum = learning_rate, momentum
        self.velocity = None

    def step(self, params, gradient):
        if self.momentum == 0.0:
            return params - self.learning_rate * gradient
        if self.velocity is None:
            self.velocity = np.zeros_like(params)
        self.velocity = self.momentum * self.velocity - self.learning_rate * gradient
        return params + self.velocity


class RMSProp:
    """``s <- rho s + (1 - rho) g^2``, ``w <- w - alpha g / sqrt(s + eps)``: a step size per parameter.

    Example:
        >>> RMSProp(learning_rate=0.1).step(np.array([1.0]), np.array([2.0])).round(4)
        array([0.6838])
    """

    def __init__(self, learning_rate: float = 0.001, rho: float = 0.9, epsilon: float = 1e-7):
        self.learning_rate, self.rho, self.epsilon = learning_rate, rho, epsilon
        self.mean_square = None

    def step(self, params, gradient):
        if self.mean_square is None:
            self.mean_square = np.zeros_like(params)
        self.mean_square = self.rho * self.mean_square + (1 - self.rho) * gradient**2
        return params - self.learning_rate * gradient / np.sqrt(self.mean_square + self.epsilon)


class Adam:
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
        self.learning_rate, self.beta_1, self.beta_2, self.epsilon = learning_rate, beta_1, beta_2, epsilon
        self.m = self.v = None
        self.t = 0

    def step(self, params, gradient):
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

    Example:
        >>> path = descend(lambda w: 2 * w, [1.0], SGD(learning_rate=0.25), steps=2)
        >>> path[:, 0].tolist()
        [1.0, 0.5, 0.25]
        >>> len(descend(lambda w: 2 * w, [1.0], SGD(learning_rate=0.25), steps=100, tolerance=1e-3))
        11
    """
    params = np.array(start, dtype=np.float64)
    path = [params.copy()]
    for _ in range(steps):
        params = optimizer.step(params, gradient(params))
        path.append(params.copy())
        if tolerance is not None and np.linalg.norm(path[-1] - path[-2]) < tolerance:
            break
    return np.array(path)
