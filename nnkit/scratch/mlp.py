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
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
            raise ValueError(
                f"MLP: sizes must list at least two widths, input first. Received: sizes={sizes!r}. "
                "Fix: pass e.g. sizes=[784, 32, 10]."
            )
        sizes = [arguments.whole_number(n, "sizes", where="MLP", minimum=1) for n in sizes]
        if hidden not in HIDDEN or output not in OUTPUTS:
            raise ValueError(
                f"Received: hidden={hidden!r}, output={output!r}. Fix: hidden in {sorted(HIDDEN)}, "
                f"output in {sorted(OUTPUTS)}."
            )
        self.sizes, self.hidden, self.output = list(sizes), hidden, output
        rng = np.random.default_rng(arguments.seed(seed, where="MLP"))
        self.weights = [
            rng.uniform(-1, 1, size=(n_in, n_out)) * np.sqrt(6.0 / (n_in + n_out))
            for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)
        ]
        self.biases = [np.zeros(n_out) for n_out in sizes[1:]]

    def forward(self, x):
        """Return ``(zs, activations)``: every layer's ``z`` and ``a``; ``activations[0]`` is ``x``."""
        g, _ = HIDDEN[self.hidden]
        a = arguments.numeric_array(x, "x", where="MLP", ndim=(2,))
        if a.shape[1] != self.sizes[0]:
            raise ValueError(
                f"MLP: x has {a.shape[1]} features per sample but the network's input width is "
                f"{self.sizes[0]}. Received: x.shape={a.shape}. Fix: pass rows of {self.sizes[0]} "
                "numbers, or build the MLP with sizes[0] equal to x.shape[1]."
            )
        zs, activations = [], [a]
        for layer, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            z = a @ W + b
            a = OUTPUTS[self.output](z) if layer == len(self.weights) - 1 else g(z)
            zs.append(z)
            activations.append(a)
        return zs, activations

    def predict(self, x) -> np.ndarray:
        """The output activations, shape (m, outputs)."""
        return self.forward(x)[1][-1]

    def _targets(self, y, outputs):
        if self.output == "softmax":
            return np.eye(outputs)[arguments.class_labels(y, "y", where="MLP", classes=outputs)]
        y = arguments.numeric_array(y, "y", where="MLP", ndim=(1, 2)).reshape(len(y), -1)
        if y.shape[1] != outputs:
            raise ValueError(
                f"MLP: y has {y.shape[1]} target(s) per sample but the network has {outputs} outputs. "
                f"Fix: pass y of shape (m, {outputs})."
            )
        return y

    def _check_samples(self, x, y) -> None:
        x = arguments.numeric_array(x, "x", where="MLP", ndim=(2,))
        targets = self._targets(y, self.sizes[-1])
        if len(targets) != len(x):
            raise ValueError(
                f"MLP: x and y hold different numbers of samples ({len(x)} and {len(targets)}). "
                "Fix: pass one label (row) per sample of x."
            )

    def cost(self, x, y) -> float:
        """The mean loss J over the samples."""
        self._check_samples(x, y)
        a = self.predict(x)
        target = self._targets(y, a.shape[1])
        if self.output == "softmax":
            return float(sparse_categorical_crossentropy(y, a).mean())
        if self.output == "sigmoid":
            return float(binary_crossentropy(target, a).sum(axis=1).mean() / a.shape[1])
        return float(0.5 * ((a - target) ** 2).sum(axis=1).mean())

    def backward(self, x, y):
        """Gradients of J: ``(nabla_w, nabla_b)``, lists shaped like ``weights`` and ``biases``."""
        self._check_samples(x, y)
        zs, activations = self.forward(x)
        m = len(activations[0])
        targets = self._targets(y, activations[-1].shape[1])
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
        """One gradient-descent update on the batch ``(x, y)``: ``W <- W - alpha dJ/dW``."""
        nabla_w, nabla_b = self.backward(x, y)
        for layer in range(len(self.weights)):
            self.weights[layer] -= learning_rate * nabla_w[layer]
            self.biases[layer] -= learning_rate * nabla_b[layer]

    def fit(self, x, y, *, epochs: int, batch_size: int = 32, learning_rate: float = 0.1, seed: int = 0):
        """Mini-batch gradient descent; returns ``{"loss": [J on all of x after each epoch]}``."""
        epochs = arguments.whole_number(epochs, "epochs", where="MLP.fit", minimum=1)
        batch_size = arguments.whole_number(batch_size, "batch_size", where="MLP.fit", minimum=1)
        learning_rate = arguments.real_number(learning_rate, "learning_rate", where="MLP.fit", above=0)
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y)
        self._check_samples(x, y)  # once, before any update
        rng = np.random.default_rng(arguments.seed(seed, where="MLP.fit"))
        history = {"loss": []}
        for _ in range(epochs):
            order = rng.permutation(len(x))
            for start in range(0, len(x), batch_size):
                batch = order[start : start + batch_size]
                self.step(x[batch], y[batch], learning_rate)
            history["loss"].append(self.cost(x, y))
        return history

    def get_weights(self) -> list[np.ndarray]:
        """``[W1, b1, W2, b2, ...]``, the order and shapes of ``keras_model.get_weights()``."""
        return [array.copy() for pair in zip(self.weights, self.biases, strict=True) for array in pair]

    def set_weights(self, weights) -> None:
        """Load ``[W1, b1, ...]`` (e.g. from a Keras ``Dense`` stack) as float64."""
        arrays = [np.asarray(w, dtype=np.float64) for w in weights]
        self.weights, self.biases = [a.copy() for a in arrays[0::2]], [a.copy() for a in arrays[1::2]]
