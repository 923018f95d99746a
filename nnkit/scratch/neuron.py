"""One artificial neuron: ``z = w . x + b`` then ``a = g(z)``."""

from __future__ import annotations

import numpy as np

from nnkit import arguments
from nnkit.scratch.activations import sigmoid


def neuron(x, w, b, g=sigmoid):
    """Return ``(z, a)`` for inputs ``x``.

    Args:
        x: one sample, shape (n,), or a batch, shape (m, n).
        w: weights, shape (n,) (a Keras kernel of shape (n, 1) is ``kernel[:, 0]``).
        b: bias, a number.
        g: activation function; the sigmoid makes this logistic regression.

    Example:
        >>> z, a = neuron([1.0, 2.0], w=[0.5, -0.25], b=0.0)
        >>> float(z), float(a)
        (0.0, 0.5)
    """
    x = arguments.numeric_array(x, "x", where="neuron", ndim=(1, 2))
    w = arguments.numeric_array(w, "w", where="neuron", ndim=(1,))
    if np.ndim(b) > 0 and np.size(b) == 1:  # a Keras bias of shape (1,)
        b = np.asarray(b).reshape(()).item()
    b = arguments.real_number(b, "b", where="neuron")
    g = arguments.function(g, "g", where="neuron", example="g=scratch.sigmoid")
    if x.shape[-1] != len(w):
        raise ValueError(
            f"neuron: x has {x.shape[-1]} features but w has {len(w)} weights. Received: x.shape={x.shape}, "
            f"w.shape={w.shape}. Fix: pass one weight per feature (one sample per row of x)."
        )
    z = x @ w + b
    return z, g(z)
