"""A small multilayer perceptron in NumPy: the forward pass, the backward pass, the update.

The backward pass mirrors the forward pass line for line, in the notation of the lectures:
``z[l] = a[l-1] W[l] + b[l]``, ``a[l] = g(z[l])``; backwards, ``delta`` is dJ/dz of a layer.
Weights are laid out as Keras lays them out (``W`` of shape (inputs, units), one row per
sample in ``a``), so ``get_weights``/``set_weights`` trade weights with a Keras ``Dense`` stack.
"""

from __future__ import annotations

import numpy as np

from nnkit import arguments
from nnkit.scratch import activations as act
from nnkit.scratch.losses import binary_crossentropy, sparse_categorical_crossentropy

HIDDEN = {
    "sigmoid": (act.sigmoid, act.sigmoid_derivative),
    "tanh": (act.tanh, act.tanh_derivative),
    "relu": (act.relu, act.relu_derivative),
}
# Each output pairs with the loss whose gradient at z is simply (a - y) / m.
OUTPUTS = {"softmax": act.softmax, "sigmoid": act.sigmoid, "linear": act.linear}


class MLP:
    """Fully connected network trained by mini-batch gradient descent.

    Args:
        sizes: widths from input to output, e.g. ``[784, 32, 10]``.
        hidden: activation of the hidden layers: ``"sigmoid"``, ``"tanh"`` or ``"relu"``.
        output: ``"softmax"`` (cost: sparse categorical cross-entropy, ``y`` holds class
            indices), ``"sigmoid"`` (binary cross-entropy, ``y`` of shape (m, outputs) in
            [0, 1]) or ``"linear"`` (``J = 1/(2m) sum (a - y)^2``, ``y`` of shape (m, outputs)).
        seed: seed of the Glorot-uniform initial weights (Keras's default); biases start at 0.

    Example:
        >>> net = MLP([2, 3, 2], seed=0)
        >>> a = net.predict(np.zeros((4, 2)))
        >>> a.shape, bool(np.allclose(a.sum(axis=1), 1.0))
        ((4, 2), True)
    """

    def __init__(self, sizes, *, hidden: str = "sigmoid", output: str = "softmax", seed: int = 0):
        sizes = arguments.whole_numbers(sizes, "sizes", where="MLP", minimum=1, example="[784, 32, 10]")
        if len(sizes) < 2:
            raise ValueError(
                f"MLP: sizes must list at least two widths, input first. Received: sizes={sizes!r}. "
                "Fix: pass e.g. sizes=[784, 32, 10]."
            )
        self.sizes = sizes
        self.hidden = arguments.choice(hidden, "hidden", where="MLP", options=tuple(HIDDEN))
        self.output = arguments.choice(output, "output", where="MLP", options=tuple(OUTPUTS))
        rng = np.random.default_rng(arguments.seed(seed, where="MLP"))
        self.weights = [
            rng.uniform(-1, 1, size=(n_in, n_out)) * np.sqrt(6.0 / (n_in + n_out))
            for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)
        ]
        self.biases = [np.zeros(n_out) for n_out in sizes[1:]]

    # Each public method checks its arguments once, at the door; the private ones below do
    # the arithmetic on arrays already checked, so fit pays for the checks once, not per batch.

    def _inputs(self, x, where: str) -> np.ndarray:
        a = arguments.numeric_array(x, "x", where=where, ndim=(2,))
        if a.shape[1] != self.sizes[0]:
            raise ValueError(
                f"{where}: x has {a.shape[1]} features per sample but the network's input width is "
                f"{self.sizes[0]}. Received: x.shape={a.shape}. Fix: pass rows of {self.sizes[0]} "
                "numbers, or build the MLP with sizes[0] equal to x.shape[1]."
            )
        return a

    def _targets(self, y, where: str) -> tuple[np.ndarray, np.ndarray]:
        """``(y as checked, targets)``: class labels and their one-hot rows, or the (m, outputs) targets."""
        outputs = self.sizes[-1]
        if self.output == "softmax":
            labels = arguments.class_labels(y, "y", where=where, classes=outputs)
            return labels, np.eye(outputs)[labels]
        y = arguments.numeric_array(y, "y", where=where, ndim=(1, 2))
        y = y.reshape(len(y), -1)
        if y.shape[1] != outputs:
            raise ValueError(
                f"{where}: y has {y.shape[1]} target(s) per sample but the network has {outputs} outputs. "
                f"Fix: pass y of shape (m, {outputs})."
            )
        if self.output == "sigmoid" and (y.min() < 0 or y.max() > 1):
            raise ValueError(
                f"{where}: a sigmoid output is trained on targets between 0 and 1. Received values from "
                f"{y.min():g} to {y.max():g}. Fix: map -1/1 labels with y = (y + 1) / 2, "
                "or use output='linear'."
            )
        return y, y

    def _samples(self, x, y, where: str):
        """Checked ``(x, y, targets)`` with one target per row of ``x``."""
        x = self._inputs(x, where)
        y, targets = self._targets(y, where)
        arguments.same_length(x, targets, where=where)
        return x, y, targets

    def forward(self, x):
        """Return ``(zs, activations)``: every layer's ``z`` and ``a``; ``activations[0]`` is ``x``.

        Example:
            >>> zs, activations = MLP([2, 3, 1], output="sigmoid").forward([[0.0, 1.0]])
            >>> [z.shape for z in zs], len(activations)
            ([(1, 3), (1, 1)], 3)
        """
        return self._forward(self._inputs(x, "MLP.forward"))

    def _forward(self, a):
        g, _ = HIDDEN[self.hidden]
        zs, activations = [], [a]
        for layer, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            z = a @ W + b
            a = OUTPUTS[self.output](z) if layer == len(self.weights) - 1 else g(z)
            zs.append(z)
            activations.append(a)
        return zs, activations

    def predict(self, x) -> np.ndarray:
        """The output activations, shape (m, outputs).

        Example:
            >>> MLP([2, 3, 2]).predict(np.zeros((4, 2))).shape
            (4, 2)
        """
        return self._forward(self._inputs(x, "MLP.predict"))[1][-1]

    def cost(self, x, y) -> float:
        """The mean loss J over the samples.

        Example:
            >>> round(MLP([2, 3, 2], seed=0).cost(np.zeros((2, 2)), [0, 1]), 4)  # about ln 2 untrained
            0.7065
        """
        return self._cost(*self._samples(x, y, "MLP.cost"))

    def _cost(self, x, y, target) -> float:
        a = self._forward(x)[1][-1]
        if self.output == "softmax":
            return float(sparse_categorical_crossentropy(y, a).mean())
        if self.output == "sigmoid":
            return float(binary_crossentropy(target, a).sum(axis=1).mean() / a.shape[1])
        return float(0.5 * ((a - target) ** 2).sum(axis=1).mean())

    def backward(self, x, y):
        """Gradients of J: ``(nabla_w, nabla_b)``, lists shaped like ``weights`` and ``biases``.

        Example:
            >>> nabla_w, nabla_b = MLP([2, 3, 2]).backward(np.ones((4, 2)), [0, 1, 1, 0])
            >>> [w.shape for w in nabla_w], [b.shape for b in nabla_b]
            ([(2, 3), (3, 2)], [(3,), (2,)])
        """
        x, _, targets = self._samples(x, y, "MLP.backward")
        return self._backward(x, targets)

    def _backward(self, x, targets):
        zs, activations = self._forward(x)
        m = len(activations[0])
        scale = m * (activations[-1].shape[1] if self.output == "sigmoid" else 1)
        delta = (activations[-1] - targets) / scale  # dJ/dz, last layer
        _, g_prime = HIDDEN[self.hidden]
        nabla_w, nabla_b = [None] * len(self.weights), [None] * len(self.biases)
        for layer in reversed(range(len(self.weights))):
            nabla_w[layer] = activations[layer].T @ delta  # z = a W + b  =>  dJ/dW = a^T delta
            nabla_b[layer] = delta.sum(axis=0)  # dJ/db = sum of delta over samples
            if layer > 0:
                delta = (delta @ self.weights[layer].T) * g_prime(zs[layer - 1])  # chain rule, one layer down
        return nabla_w, nabla_b

    def step(self, x, y, learning_rate: float) -> None:
        """One gradient-descent update on the batch ``(x, y)``: ``W <- W - alpha dJ/dW``.

        Example:
            >>> net = MLP([2, 3, 2], seed=0)
            >>> before = net.cost(np.ones((2, 2)), [0, 1])
            >>> net.step(np.ones((2, 2)), [0, 0], learning_rate=0.5)
            >>> net.cost(np.ones((2, 2)), [0, 0]) < MLP([2, 3, 2], seed=0).cost(np.ones((2, 2)), [0, 0])
            True
        """
        learning_rate = arguments.real_number(learning_rate, "learning_rate", where="MLP.step", above=0)
        x, _, targets = self._samples(x, y, "MLP.step")
        self._step(x, targets, learning_rate)

    def _step(self, x, targets, learning_rate: float) -> None:
        nabla_w, nabla_b = self._backward(x, targets)
        for layer in range(len(self.weights)):
            self.weights[layer] -= learning_rate * nabla_w[layer]
            self.biases[layer] -= learning_rate * nabla_b[layer]

    def fit(self, x, y, *, epochs: int, batch_size: int = 32, learning_rate: float = 0.1, seed: int = 0):
        """Mini-batch gradient descent; returns ``{"loss": [J on all of x after each epoch]}``.

        Example:
            >>> x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
            >>> history = MLP([2, 8, 2], hidden="tanh", seed=0).fit(x, [0, 1, 1, 0], epochs=200, batch_size=4,
            ...                                                     learning_rate=1.0)
            >>> history["loss"][-1] < 0.1 * history["loss"][0]
            True
        """
        epochs = arguments.whole_number(epochs, "epochs", where="MLP.fit", minimum=1)
        batch_size = arguments.whole_number(batch_size, "batch_size", where="MLP.fit", minimum=1)
        learning_rate = arguments.real_number(learning_rate, "learning_rate", where="MLP.fit", above=0)
        rng = np.random.default_rng(arguments.seed(seed, where="MLP.fit"))
        x, y, targets = self._samples(x, y, "MLP.fit")  # once, before any update
        history = {"loss": []}
        for _ in range(epochs):
            order = rng.permutation(len(x))
            for start in range(0, len(x), batch_size):
                batch = order[start : start + batch_size]
                self._step(x[batch], targets[batch], learning_rate)
            history["loss"].append(self._cost(x, y, targets))
        return history

    def get_weights(self) -> list[np.ndarray]:
        """``[W1, b1, W2, b2, ...]``, the order and shapes of ``keras_model.get_weights()``."""
        return [array.copy() for pair in zip(self.weights, self.biases, strict=True) for array in pair]

    def set_weights(self, weights) -> None:
        """Load ``[W1, b1, ...]`` (e.g. from a Keras ``Dense`` stack of the same widths) as float64.

        Example:
            >>> net = MLP([2, 3, 1], output="sigmoid")
            >>> net.set_weights([np.zeros((2, 3)), np.zeros(3), np.ones((3, 1)), np.ones(1)])
            >>> net.predict([[5.0, -5.0]]).round(4).tolist()
            [[0.9241]]
        """
        where = "MLP.set_weights"
        expected = [array.shape for array in self.get_weights()]
        listed = not isinstance(weights, (str, bytes)) and hasattr(weights, "__len__")
        if not listed or len(weights) != len(expected):
            raise ValueError(
                f"{where}: weights must list {len(expected)} arrays, [W1, b1, W2, b2, ...]. Received: "
                f"{type(weights).__name__} of length {len(weights) if hasattr(weights, '__len__') else '?'}. "
                "Fix: pass keras_model.get_weights() of a Dense stack with the same widths."
            )
        arrays = [
            arguments.numeric_array(w, f"weights[{i}]", where=where, ndim=(len(shape),))
            for i, (w, shape) in enumerate(zip(weights, expected, strict=True))
        ]
        for i, (array, shape) in enumerate(zip(arrays, expected, strict=True)):
            if array.shape != shape:
                raise ValueError(
                    f"{where}: weights[{i}] has shape {array.shape} but this network needs {shape} "
                    f"(sizes {self.sizes}). Fix: pass the weights of a network with the same widths; a "
                    "Keras kernel is (inputs, units), as here."
                )
        self.weights, self.biases = [a.copy() for a in arrays[0::2]], [a.copy() for a in arrays[1::2]]
