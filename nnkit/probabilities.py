"""Probabilities from any classifier nnkit builds, whatever its output layer."""

from __future__ import annotations

import keras
import numpy as np

from nnkit import arguments, introspect
from nnkit.input_checks import check_data
from nnkit.scratch.activations import sigmoid, softmax


def predict_proba(model: keras.Model, x) -> np.ndarray:
    """Class probabilities of ``model`` on ``x``, as a float64 NumPy array.

    A softmax or sigmoid output is returned as it is. A linear output trained
    with ``from_logits=True`` gives logits, which are turned into probabilities
    the way the loss reads them: softmax for (sparse) categorical
    cross-entropy, so each row sums to 1; sigmoid for binary cross-entropy,
    one independent probability per output.

    Example:
        >>> import nnkit
        >>> model = nnkit.dense_model([10], input_dim=4, task="multiclass", from_logits=True)
        >>> predict_proba(model, np.ones((2, 4))).sum(axis=1)
        array([1., 1.])
    """
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"predict_proba: model must be a Keras model. Received: {type(model).__name__}. "
            "Fix: pass the model first and the data second, predict_proba(model, x)."
        )
    activation = introspect.output_activation(model)
    loss = introspect.loss_name(model)
    # What the outputs mean is read from the model before any forward pass is spent on x.
    if activation not in ("softmax", "sigmoid"):
        if activation != "linear" or loss not in introspect.PROBABILITY_LOSSES:
            raise ValueError(
                f"predict_proba needs a classifier. Received a model with a {activation} output and "
                f"loss {loss}. Fix: use model.predict(x) for regression models."
            )
        if not introspect.loss_from_logits(model):
            raise ValueError(
                "predict_proba: the model outputs logits (linear output layer) but its loss was "
                "not built with from_logits=True, so it is unclear what they mean. Fix: compile "
                "with from_logits=True, or use a softmax or sigmoid output layer."
            )
    if x is None or isinstance(x, (np.ndarray, list, tuple, str, bytes)) or hasattr(x, "__array__"):
        # a list of lists too; check_data reports NaN with its row
        x = arguments.numeric_array(x, "x", where="predict_proba", dtype=None, finite=False)
    check_data(model, x, where="predict_proba")
    outputs = np.asarray(model.predict(x, verbose=0), dtype=np.float64)
    if activation in ("softmax", "sigmoid"):
        return outputs
    if introspect.PROBABILITY_LOSSES[loss] == "softmax":
        return softmax(outputs)
    return sigmoid(outputs)
