"""Rosenblatt's perceptron, with deck 004's update rule and labels in {-1, 1}."""

from __future__ import annotations

import numpy as np

from nnkit import arguments


class Perceptron:
    """A single neuron with a sign output, trained by the perceptron rule.

    Output: ``f(x) = sign(w . x + b)``, read as +1 when ``w . x + b > 0`` and -1 otherwise.
    Rule, for each example whose output is wrong: if it should have been +1, increase
    the weights along ``x``; if -1, decrease them: ``w <- w + r y x``, ``b <- b + r y``.
    Examples are visited in a new random order each epoch.

    After ``fit``: ``weights_`` (n,), ``bias_``, ``errors_`` (mistakes per epoch),
    ``history_`` (``(w, b)`` after every update, the line as it moves) and ``converged_``
    (an epoch went by without a mistake).

    Example:
        >>> x = np.array([[2.0, 1.0], [1.0, 3.0], [-1.0, -2.0], [-2.0, -1.0]])
        >>> p = Perceptron(seed=0).fit(x, np.array([1, 1, -1, -1]))
        >>> p.converged_, p.predict(x).tolist()
        (True, [1, 1, -1, -1])
    """

    def __init__(self, *, learning_rate: float = 1.0, max_epochs: int = 100, seed: int = 0):
        where = "Perceptron"
        self.learning_rate = arguments.real_number(learning_rate, "learning_rate", where=where, above=0)
        self.max_epochs = arguments.whole_number(max_epochs, "max_epochs", where=where, minimum=1)
        self.seed = arguments.seed(seed, where=where)

    def fit(self, x, y) -> Perceptron:
        """Train on ``x`` (m, n) with labels ``y`` in {-1, 1}; stops after an epoch without mistakes."""
        x = arguments.numeric_array(x, "x", where="Perceptron.fit", ndim=(2,))
        y = arguments.numeric_array(y, "y", where="Perceptron.fit", ndim=(1,))
        if not np.isin(y, (-1, 1)).all():
            raise ValueError(
                f"Perceptron.fit: the perceptron takes labels -1 and 1. Received values "
                f"{np.unique(y).tolist()[:10]}. Fix: map 0/1 labels with y = 2 * y - 1."
            )
        arguments.same_length(x, y, where="Perceptron.fit")
        rng = np.random.default_rng(self.seed)
        self.weights_ = np.zeros(x.shape[1])
        self.bias_ = 0.0
        self.errors_: list[int] = []
        self.history_ = [(self.weights_.copy(), self.bias_)]
        self.converged_ = False
        for _ in range(self.max_epochs):
            mistakes = 0
            for i in rng.permutation(len(x)):
                if self.predict(x[i : i + 1])[0] != y[i]:
                    self.weights_ += self.learning_rate * y[i] * x[i]
                    self.bias_ += self.learning_rate * y[i]
                    self.history_.append((self.weights_.copy(), self.bias_))
                    mistakes += 1
            self.errors_.append(mistakes)
            if mistakes == 0:
                self.converged_ = True
                break
        return self

    def decision_function(self, x) -> np.ndarray:
        """``w . x + b`` for each row of ``x``."""
        if not hasattr(self, "weights_"):
            raise ValueError("Perceptron: not trained yet. Fix: call perceptron.fit(x, y) first.")
        x = arguments.numeric_array(x, "x", where="Perceptron.predict", ndim=(2,))
        if x.shape[1] != len(self.weights_):
            raise ValueError(
                f"Perceptron.predict: x has {x.shape[1]} features but the perceptron was trained on "
                f"{len(self.weights_)}. Fix: pass rows like the ones it was trained on."
            )
        return x @ self.weights_ + self.bias_

    def predict(self, x) -> np.ndarray:
        """+1 where ``w . x + b > 0``, else -1."""
        return np.where(self.decision_function(x) > 0, 1, -1)
