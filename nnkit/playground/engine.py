"""Train the playground's network with Keras, step by step, and read what every unit computes.

One optimizer step trains on one mini-batch: step ``s`` uses batch ``s mod B`` of the training
points in their (once shuffled) order, as ``model.fit(..., shuffle=False)`` would, so the exported
script's plain ``train_on_batch`` loop makes the same updates. Steps run inside one compiled
TensorFlow function per frame (a Python call per step would cost more than the step), through the
model's own ``train_step``: Keras's loss, gradients and optimizer, nothing rewritten.
"""

from __future__ import annotations

import dataclasses
import math

import keras
import numpy as np
import tensorflow as tf

from nnkit import arguments
from nnkit.models import dense_model
from nnkit.playground.config import WHERE
from nnkit.playground.data import PlaygroundData, make_data
from nnkit.playground.features import feature_columns

GRID = 40  # points per side of the grid the maps are computed on: small, so every frame stays fast


def build_model(config, input_dim: int) -> keras.Sequential:
    """The config's network, built by :func:`nnkit.dense_model` from the config's seed, compiled.

    Two classes get one logit (sigmoid cross-entropy), more get one logit per class (softmax);
    L1/L2 penalties go on every layer's kernel, as in TensorFlow Playground.

    Example:
        >>> from nnkit.playground.config import PlaygroundConfig
        >>> model = build_model(PlaygroundConfig(hidden=[3], optimizer="momentum", l2=0.01), 2)
        >>> [layer.units for layer in model.layers], type(model.optimizer).__name__
        ([3, 1], 'SGD')
    """
    binary = config.class_count == 2
    if config.optimizer == "momentum":
        optimizer, learning_rate = keras.optimizers.SGD(config.learning_rate, momentum=0.9), None
    else:
        optimizer, learning_rate = config.optimizer, config.learning_rate
    keras.utils.set_random_seed(config.seed)  # the initial weights: the same for the same config
    model = dense_model(
        [*config.hidden, 1 if binary else config.class_count],
        task="binary" if binary else "multiclass",
        hidden=config.activation,
        from_logits=True,
        optimizer=optimizer,
        learning_rate=learning_rate,
    )
    if config.l1 or config.l2:
        for layer in model.layers:  # before build: Dense.build attaches the penalty to its kernel
            layer.kernel_regularizer = keras.regularizers.L1L2(l1=config.l1, l2=config.l2)
    model.build((None, input_dim))
    return model


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """What the views draw at one moment: losses so far, class probabilities and unit outputs on the grid.

    ``probabilities`` has shape (GRID, GRID, K); ``layers`` holds, for the input features and each
    hidden layer, an array (GRID, GRID, units); row 0 of every map is the lowest x2.
    """

    step: int
    steps: np.ndarray
    train_loss: np.ndarray
    test_loss: np.ndarray
    probabilities: np.ndarray
    layers: list[np.ndarray]
    data: PlaygroundData
    config: object


class Trainer:
    """The network of one config, its data, its training so far and its loss history.

    Example:
        >>> from nnkit.playground.config import PlaygroundConfig
        >>> trainer = Trainer(PlaygroundConfig(dataset="xor", samples=40))
        >>> trainer.train(20)
        >>> trainer.step, len(trainer.history["train_loss"])
        (20, 2)
    """

    def __init__(self, config, data: PlaygroundData | None = None, *, grid: int = GRID):
        self.config = config
        self.data = make_data(config) if data is None else data
        self.grid = grid
        x_train = feature_columns(self.data.x_train, config.features)
        x_test = feature_columns(self.data.x_test, config.features)
        self.model = build_model(config, x_train.shape[1])
        self.model.optimizer.build(self.model.trainable_variables)  # its variables exist before tracing
        self.step = 0
        self.history: dict[str, list[float]] = {"step": [], "train_loss": [], "test_loss": []}
        self._grid_features = self._grid_inputs()
        self._train_steps, self._observe = self._compile(x_train, x_test)
        self._record(*self._observe()[:2])

    def _grid_inputs(self) -> np.ndarray:
        x1_min, x1_max, x2_min, x2_max = self.data.extent
        g1, g2 = np.meshgrid(np.linspace(x1_min, x1_max, self.grid), np.linspace(x2_min, x2_max, self.grid))
        return feature_columns(np.column_stack([g1.ravel(), g2.ravel()]), self.config.features)

    def _compile(self, x_train, x_test):
        model, loss = self.model, self.model.loss
        binary = self.data.classes == 2
        labels = (lambda y: y.astype(np.float32)[:, None]) if binary else (lambda y: y.astype(np.int32))
        x_train, x_test = tf.constant(x_train), tf.constant(x_test)
        y_train, y_test = tf.constant(labels(self.data.y_train)), tf.constant(labels(self.data.y_test))
        grid = tf.constant(self._grid_features)
        size = self.config.batch_size
        batches = math.ceil(len(self.data.y_train) / size)

        @tf.function(reduce_retracing=True)
        def train_steps(first, count):
            for k in tf.range(count):
                start = ((first + k) % batches) * size
                model.train_step((x_train[start : start + size], y_train[start : start + size]))

        @tf.function
        def observe():
            hidden = [grid]
            for layer in model.layers:
                hidden.append(layer(hidden[-1]))
            logits = hidden.pop()
            probabilities = (
                tf.concat([1 - tf.sigmoid(logits), tf.sigmoid(logits)], axis=1)
                if binary
                else tf.nn.softmax(logits)
            )
            return loss(y_train, model(x_train)), loss(y_test, model(x_test)), probabilities, hidden[1:]

        return train_steps, observe

    def _record(self, train_loss, test_loss) -> None:
        self.history["step"].append(self.step)
        self.history["train_loss"].append(float(train_loss))
        self.history["test_loss"].append(float(test_loss))

    def train(self, steps: int) -> None:
        """Make ``steps`` optimizer steps, then record the train and test loss (data loss, no penalty).

        Example:
            >>> from nnkit.playground.config import PlaygroundConfig
            >>> trainer = Trainer(PlaygroundConfig(samples=40, hidden=[2]))
            >>> trainer.train(5); trainer.train(5)
            >>> trainer.history["step"]
            [0, 5, 10]
        """
        steps = arguments.whole_number(steps, "steps", where=WHERE, minimum=0)
        if steps:
            self._train_steps(tf.constant(self.step, tf.int32), tf.constant(steps, tf.int32))
            self.step += steps
        self._record(*self._observe()[:2])

    def snapshot(self) -> Snapshot:
        """The losses so far and every map, computed on the grid now.

        Example:
            >>> from nnkit.playground.config import PlaygroundConfig
            >>> snapshot = Trainer(PlaygroundConfig(samples=40, hidden=[3])).snapshot()
            >>> snapshot.probabilities.shape, [layer.shape[-1] for layer in snapshot.layers]
            ((40, 40, 2), [2, 3])
        """
        _, _, probabilities, hidden = self._observe()
        side = (self.grid, self.grid)
        layers = [self._grid_features.reshape(*side, -1)]
        layers += [np.asarray(h).reshape(*side, -1) for h in hidden]
        return Snapshot(
            step=self.step,
            steps=np.array(self.history["step"]),
            train_loss=np.array(self.history["train_loss"]),
            test_loss=np.array(self.history["test_loss"]),
            probabilities=np.asarray(probabilities).reshape(*side, -1),
            layers=layers,
            data=self.data,
            config=self.config,
        )
