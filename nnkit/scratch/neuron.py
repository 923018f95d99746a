"""One artificial neuron: ``z = w . x + b`` then ``a = g(z)``."""

from __future__ import annotations

import numpy as np

from nnkit.scratch.activations import sigmoid


def neuron(x, w, b, g=sigmoid):
    """Return ``(z, a)`` for inputs ``x``.

    Args:
        x: one sample, shape (n,), or a batch, shape (m, n).
        w: weights, shape (n,).
        b: bias, a number.
        g: activation function; the sigmoid makes this logistic regression.

    Example:
        >>> z, a = neuron([1.0, 2.0], w=[0.5, -0.25], b=0.0)
        >>> float(z), float(a)
        (0.0, 0.5)
    """
    z = np.asarray(x, dtype=np.float64) @ np.asarray(w, dtype=np.float64) + float(b)
    return z, g(z)
