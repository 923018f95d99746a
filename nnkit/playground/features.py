"""The input features TensorFlow Playground offers, computed from the two coordinates (NumPy only).

:func:`feature_columns` is also written verbatim into the exported Keras script, so the
script feeds its network exactly the numbers the playground did.
"""

from __future__ import annotations

import numpy as np

# Name -> how the figure labels it.
FEATURES = {
    "x1": "$x_1$",
    "x2": "$x_2$",
    "x1^2": "$x_1^2$",
    "x2^2": "$x_2^2$",
    "x1*x2": "$x_1 x_2$",
    "sin(x1)": "$\\sin x_1$",
    "sin(x2)": "$\\sin x_2$",
}


def feature_columns(points, names):
    """The named features of (n, 2) points, one float32 column each: shape (n, len(names)).

    Example:
        >>> feature_columns(np.array([[2.0, 3.0]]), ["x1", "x1^2", "x1*x2"]).tolist()
        [[2.0, 4.0, 6.0]]
    """
    x1, x2 = points[:, 0], points[:, 1]
    table = {
        "x1": x1,
        "x2": x2,
        "x1^2": x1 * x1,
        "x2^2": x2 * x2,
        "x1*x2": x1 * x2,
        "sin(x1)": np.sin(x1),
        "sin(x2)": np.sin(x2),
    }
    return np.column_stack([table[name] for name in names]).astype(np.float32)
