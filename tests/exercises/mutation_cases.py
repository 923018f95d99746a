"""What the mutation test needs per exercise: the lesson's names, inputs to compare functions on, other
right answers, hand-written classic mistakes, and the few mutants no checker can tell from a right answer.

Everything here is built without a kernel: each lesson's context holds only the names its answer cells
read, made as the lesson makes them (or, where only the checker's reading matters, small stand-ins).
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import numpy as np


@dataclass(frozen=True)
class Case:
    """How to mutate and judge one exercise."""

    probes: Callable[[], list[tuple]] | None = None  # arguments to compare function answers on
    rtol: float = 1e-7  # answers this close to the reference's are the same answer (equivalent mutants)
    still_right: Callable[..., bool] | None = None  # another right answer (the exercise allows several)
    mistakes: dict[str, str] = field(default_factory=dict)  # classic mistakes: name -> solution code
    any_optimizer: bool = False  # the statement lets the student pick the optimizer
    digits: int | None = None  # the precision the statement asks for: answers equal to it are the same
    seconds: int = 3  # a variant running longer is stopped (a loop whose counter never moves)
    cached_lines: int = 0  # solution lines run once and cached (training), not mutated
    undetectable: dict[str, str] = field(default_factory=dict)  # mutant description prefix -> why


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


# --- contexts: the names each lesson's answer cells read ------------------------------------------------


def _common() -> dict[str, Any]:
    import keras

    import nnkit
    from nnkit import scratch

    return {"np": np, "keras": keras, "nnkit": nnkit, "scratch": scratch, "SEED": 0, "plt": mock.MagicMock()}


@functools.cache
def _lesson08() -> dict[str, Any]:
    import tensorflow as tf

    import nnkit
    from nnkit import scratch

    def f(x):
        return np.sin(2 * np.pi * x)

    def staircase(n):
        cells = n + 1
        heights = f((np.arange(cells) + 0.5) / cells)
        boundaries = np.arange(1, cells) / cells
        w = np.full(n, 10.0 * cells)
        return w, -w * boundaries, np.diff(heights), heights[0]

    def one_hidden_layer(x, w, b, v, c):
        return scratch.sigmoid(np.outer(x, w) + b) @ v + c

    def dense_params(n_in, units):
        total = 0
        for n_out in units:
            total += n_in * n_out + n_out
            n_in = n_out
        return total

    x_train, y_train = nnkit.datasets.sine(200, noise=0.1, seed=0)
    whole_set = (x_train.astype("float32"), y_train.astype("float32"))
    return {"f": f, "staircase": staircase, "one_hidden_layer": one_hidden_layer,
            "dense_params": dense_params,
            "x_grid": np.linspace(0, 1, 1001), "LEARNING_RATE": 0.05,
            "full_batch": tf.data.Dataset.from_tensors(whole_set).repeat(300)}


@functools.cache
def _lesson11() -> dict[str, Any]:
    return {"p_tags": _rng(11).beta(0.5, 0.5, size=(1000, 3))}


@functools.cache
def _lesson12() -> dict[str, Any]:
    import keras

    import nnkit

    (x_train, y_train), _ = nnkit.datasets.mnist()

    def digit_model(optimizer):
        keras.utils.set_random_seed(0)
        return nnkit.dense_model([25, 15, 10], input_dim=784, task="multiclass", hidden="sigmoid",
                                 from_logits=True, optimizer=optimizer)

    return {"x_train": x_train, "y_train": y_train, "digit_model": digit_model}


@functools.cache
def _lesson14() -> dict[str, Any]:
    import keras

    import nnkit

    (images_train, y_train), (images_test, y_test) = nnkit.datasets.mnist(flat=False)
    keras.utils.set_random_seed(0)
    cnn = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(8, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(10),
    ])
    cnn.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                metrics=["accuracy"], steps_per_execution=32)
    return {"grid_train": images_train.reshape(-1, 28, 28, 1),
            "grid_test": images_test.reshape(-1, 28, 28, 1),
            "flat_train": images_train.reshape(-1, 784), "flat_test": images_test.reshape(-1, 784),
            "y_train": y_train, "y_test": y_test, "cnn": cnn}


@functools.cache
def _lesson15() -> dict[str, Any]:
    import palmerpenguins
    import pandas as pd

    def wilson(accuracy, n, z=1.96):
        centre = (accuracy + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(accuracy * (1 - accuracy) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
        return centre - half, centre + half

    return {"pd": pd, "wilson": wilson, "penguins": palmerpenguins.load_penguins(), "HIDDEN": [128, 64],
            "PATIENCE": 10, "nnkit": _Prototyping()}


class _Prototyping:
    """``nnkit`` for exercise 15.4's mutants: ``prototype`` remembers its runs by their settings (its defaults
    filled in, ``verbose`` left out), so a mutant that only spells a default out trains nothing new."""

    def __init__(self):
        import inspect

        import nnkit

        self._nnkit, self._signature, self._runs = nnkit, inspect.signature(nnkit.prototype), {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nnkit, name)

    def prototype(self, *args: Any, **kwargs: Any) -> Any:
        bound = self._signature.bind(*args, **kwargs)
        bound.apply_defaults()
        settings = {k: v for k, v in bound.arguments.items() if k != "verbose"}
        key = repr({k: id(v) if k == "data" else tuple(v) if isinstance(v, list) else v
                    for k, v in settings.items()})
        if key not in self._runs:
            import nnkit

            nnkit.setup(seed=0)
            self._runs[key] = self._nnkit.prototype(*args, **{**kwargs, "verbose": 0})
        return self._runs[key]


def _lesson03() -> dict[str, Any]:
    return {"W_trained": _rng(3).normal(size=(10, 784)), "b_small": np.array([0.1, 0.0, -0.5]),
            "W_small": np.array([[1.0, 2.0, 0.0, -1.0], [0.5, -1.0, 2.0, 1.0], [-2.0, 0.0, 1.0, 3.0]])}


_CONTEXTS = {"03": _lesson03, "08": _lesson08, "11": _lesson11,
             "12": _lesson12, "14": _lesson14, "15": _lesson15}


def context(lesson: str) -> dict[str, Any]:
    """A fresh namespace with what lesson ``lesson``'s answer cells read (``check`` is added by the test)."""
    return {**_common(), **_CONTEXTS.get(lesson, dict)()}


# --- probes: inputs on which two function answers are compared ----------------------------------------


def _perceptron_probes():
    rng = _rng(2)
    probes = [(np.array([1.0, -1.0]), 0.0, np.array([1.0, 1.0]), -1, 0.5),  # z = 0: output -1
              (np.array([1.0, 0.5]), -0.5, np.array([2.0, -1.0]), -1, 0.5)]
    for _ in range(6):
        probes.append((rng.normal(size=3), float(rng.normal()), rng.normal(size=3), int(rng.choice([-1, 1])),
                       float(rng.uniform(0.1, 2))))
    return probes


def _scores_probes():
    rng = _rng(3)
    return [(rng.normal(size=(n, 10)), rng.integers(0, 10, size=n)) for n in (1, 7, 50)]


def _mse_probes():
    rng = _rng(4)
    a, b = rng.normal(size=5), rng.normal(size=5)
    return [(a, b), (a[:, None], b), (a, b[:, None]), (a[:, None], b[:, None])]


def _hinge_probes():
    rng = _rng(41)
    return [(rng.choice([-1.0, 1.0], size=(n, k)), rng.normal(scale=2, size=(n, k)))
            for n, k in ((4, 1), (5, 3))]


def _slope_probes():
    return [(np.sin, 0.3), (np.exp, 2.0), (lambda x: x**3 - x, 5.0), (np.cos, 17.0)]


def _descend_probes():
    return [(lambda w: 2 * w, np.array([3.0]), 0.1, 1e-6), (lambda w: np.array([1.0, 10.0]) * w,
             np.array([1.0, 1.0]), 0.05, 1e-4), (lambda w: w, np.array([1.0, 2.0, 3.0]), 0.001, 1e-9)]


def _neuron_probes():
    rng = _rng(6)
    return [(rng.normal(size=n), rng.normal(size=n), float(rng.normal()), float(rng.uniform()))
            for n in (1, 3, 5)]


def _silu_probes():
    return [(np.linspace(-30, 30, 13),), (np.array([0.0, 0.5, -2.0]),)]


def _tanh_probes():
    return [(np.linspace(-3, 3, 7), 2.0), (np.array([0.0, 0.1]), 0.5)]


def _cost_probes():
    rng = _rng(9)
    return [(rng.integers(0, 2, size=(m, k)).astype(float), rng.uniform(0.05, 0.95, size=(m, k)))
            for m, k in ((3, 2), (10, 1))]


def _softmax_probes():
    rng = _rng(10)
    far = np.array([[1000.0, 0.0], [-1000.0, -999.0]])
    return [(rng.normal(size=4),), (rng.normal(size=(3, 5)),), (far,)]


def _proba_probes():
    rng = _rng(104)
    return [(rng.normal(size=(4, 3)), "multiclass"), (rng.normal(size=(4, 1)), "binary"),
            (rng.normal(size=(4, 3)), "multilabel")]


def _multi_hot_probes():
    return [([[0, 2], [], [0, 1, 2], [1]], 3), ([[4, 4], [0]], 6), ([[]], 1)]


def _adam_probes():
    rng = _rng(12)
    probes = []
    for t, scale in ((1, 1.0), (3, 1e-6), (50, 100.0)):
        w, g = rng.normal(size=3), rng.normal(scale=scale, size=3)
        m, v = (np.zeros(3), np.zeros(3)) if t == 1 else (rng.normal(scale=scale, size=3),
                                                          rng.uniform(0, scale**2, size=3))
        probes.append((w, g, m, v, t, 0.01))
    return probes


def _stopping_probes():
    return [([1.0, 0.5, 0.6], 2), ([1.0, 0.9, 0.95, 0.97, 0.99, 0.8], 3), ([0.5, 0.6, 0.7], 1),
            ([3.0, 2.0, 1.0], 1), (np.array([1.0, 1.0, 1.0, 0.5]), 2), ([0.9, 0.8, 0.85, 0.7, 0.75, 0.76], 2)]


def _backward_probes():
    rng = _rng(13)
    probes = []
    for m, n, h, k in ((4, 3, 5, 2), (1, 2, 3, 4)):
        probes.append((rng.normal(size=(m, n)), rng.integers(0, k, size=m), rng.normal(size=(n, h)),
                       rng.normal(size=h), rng.normal(size=(h, k)), rng.normal(size=k)))
    return probes


# --- other right answers --------------------------------------------------------------------------------


def _sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


def _and_right(w, b):
    try:
        z = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]) @ np.asarray(w, dtype=float) + float(b)
    except (TypeError, ValueError):
        return False
    return bool(np.all(np.abs(_sigmoid(z) - np.array([0, 0, 0, 1])) < 0.1))


def _nand_right(w, b):
    try:
        z = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]) @ np.asarray(w, dtype=float) + float(b)
    except (TypeError, ValueError):
        return False
    return bool(np.array_equal(z > 0, [True, True, True, False]))


def _slope_right(slope):
    cubic = (lambda x: x**3, lambda x: 3 * x**2, 20.0)
    for f, df, x in ((np.sin, np.cos, 7.0), (np.exp, np.exp, 3.0), cubic):
        got = slope(f, x)
        if not abs(got - df(x)) <= 1e-8 * max(1.0, abs(df(x))):
            return False
    return True


def _momentum_right(model, history):
    import keras

    optimizer = model.optimizer
    losses = history.history["loss"]
    return (isinstance(optimizer, keras.optimizers.SGD) and math.isclose(float(optimizer.momentum), 0.9)
            and int(optimizer.iterations) == 5 * 32 and len(losses) == 5 and losses[-1] < 1.0)


# --- the exercises ---------------------------------------------------------------------------------------

def _code(source: str, indent: int = 0) -> str:
    """A classic mistake's code, written flush left here, indented like the solution it replaces."""
    return textwrap.indent(textwrap.dedent(source).strip("\n"), " " * indent)


def _fn(source: str) -> str:
    """A classic mistake for a function body (the solution block sits inside ``def``)."""
    return _code(source, 4)


_DIGIT_CNN = """
fixed = keras.Sequential([keras.Input(shape=(28, 28, 1)), {conv},{pool} keras.layers.Flatten(),
                          keras.layers.Dense(10)])
fixed.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
"""
_LINEAR_NET = """
linear_net = nnkit.dense_model([8, 1], input_dim=1, task="regression", {hidden}optimizer="adam",
                               learning_rate=LEARNING_RATE)
history = linear_net.fit(full_batch, epochs=1, shuffle=False, verbose=0)
"""
_MEASURED = "linear_mse = float(np.mean((linear_net(x_grid[:, None]).numpy()[:, 0] - f(x_grid)) ** 2))"
_LOGREG = """
logreg = keras.Sequential([keras.Input(shape=({features},)),
                           keras.layers.Dense(1, activation="sigmoid"{bias})])
logreg.compile(optimizer="sgd", loss="{loss}")
"""
_MOODS = """
mood_model = keras.Sequential([keras.Input(shape=(20,)), keras.layers.Dense({hidden}),
                               keras.layers.Dense(5, activation="sigmoid")])
mood_model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy())
"""
_DESCENT = """
for _ in range({cap}):
    w_next = w - learning_rate * gradient(w)
    if np.linalg.norm(w_next - w) < eps:
        return w_next
    w = w_next
return w
"""
_PENGUINS = """
mass_run = nnkit.prototype(penguins, target="body_mass_g", {drop}hidden=HIDDEN, patience=PATIENCE, seed=SEED,
                           verbose=0)
"""

CASES: dict[str, Case] = {
    **{number: Case(digits=3) for number in ("03.1", "04.2", "05.2", "06.1", "06.3", "06.4", "07.4", "15.2")},
    "01.1": Case(digits=3, mistakes={
        "z only": "a_new = w_new @ x_new + b_new",
        "no bias": "a_new = 1 / (1 + np.exp(-(w_new @ x_new)))",
        "sign of z": "a_new = 1 / (1 + np.exp(w_new @ x_new + b_new))",
    }),
    "01.2": Case(still_right=_and_right, mistakes={
        "OR": "w_and, b_and = [10.0, 10.0], -5.0",
        "not sure": "w_and, b_and = [1.0, 1.0], -1.5",
    }),
    "01.4": Case(any_optimizer=True, mistakes={
        "no bias": _code(_LOGREG.format(features=4, bias=", use_bias=False", loss="binary_crossentropy")),
        "mse": _code(_LOGREG.format(features=4, bias="", loss="mse")),
        "3 features": _code(_LOGREG.format(features=3, bias="", loss="binary_crossentropy")),
    }),
    "02.1": Case(still_right=_nand_right, mistakes={
        "z = 0 counted as 1": "w_nand, b_nand = [-1.0, -1.0], 1.0",
    }),
    "02.3": Case(probes=_perceptron_probes, mistakes={
        "y z <= 0": _fn("""
            if y * (w @ x + b) <= 0:
                return w + r * y * x, b + r * y
            return w, b
        """),
        "prints": _fn("print(w + r * y * x, b + r * y)"),
        "in place": _fn("""
            if (1 if w @ x + b > 0 else -1) != y:
                w += r * y * x
                b += r * y
            return w, b
        """),
    }),
    "02.4": Case(mistakes={"other labels": _code("""
        prediction = "never converges"
        run = scratch.Perceptron(max_epochs=50, seed=SEED).fit(x_q, -y_q)
    """)}),
    "03.3": Case(probes=_scores_probes, mistakes={
        "argmax over the samples": _fn("return np.mean(np.argmax(scores, axis=0) == labels)"),
    }),
    "04.1": Case(probes=_mse_probes, mistakes={"broadcasts": _fn("return np.mean((y_pred - y_true) ** 2)")}),
    "04.3": Case(probes=_hinge_probes, mistakes={
        "Python max": _fn("return np.mean(max(0.0, 1.0 - y * s), axis=-1)"),
        "sum": _fn("return np.sum(np.maximum(0.0, 1.0 - y * s), axis=-1)"),
    }),
    "04.4": Case(digits=3, mistakes={
        "negative": "moved = (targets_clean.mean() - targets_typo.mean(), 0.0)",
    }),
    "05.1": Case(probes=_slope_probes, rtol=1e-8, still_right=_slope_right, mistakes={
        "forward difference": _fn("""
            h = 1e-5
            return (f(x + h) - f(x)) / h
        """),
        "tiny h": _fn("""
            h = 1e-13
            return (f(x + h) - f(x - h)) / (2 * h)
        """),
    }),
    "05.4": Case(probes=_descend_probes, mistakes={
        "no cap": _fn(_DESCENT.replace("for _ in range({cap}):", "while True:").replace("return w\n", "")),
        "cap 100": _fn(_DESCENT.format(cap=100)),
        "cap 999": _fn(_DESCENT.format(cap=999)),
    }),
    "06.2": Case(probes=_neuron_probes, mistakes={
        "no sigma prime": _fn("""
            a = scratch.sigmoid(w @ x + b)
            return (a - y) * x, a - y
        """),
    }),
    "07.1": Case(probes=_silu_probes, mistakes={
        "overflows": _fn("""
            e = np.exp(-z)
            s = 1 / (1 + e)
            return s + z * e / (1 + e) ** 2
        """),
    }),
    "07.2": Case(probes=_tanh_probes, mistakes={"no inner h": _fn("return 1 - np.tanh(h * a) ** 2")}),
    "08.2": Case(seconds=1),
    # the training is cached (3 lines); the model's own mistakes are trained once each, by hand
    "08.3": Case(seconds=30, rtol=0.01, cached_lines=3, mistakes={
        "relu hidden": _code(_LINEAR_NET.format(hidden="")) + "\n" + _MEASURED,
        "training loss": _code(_LINEAR_NET.format(hidden='hidden="linear", ')) + "\n"
                         + 'linear_mse = history.history["loss"][-1]',
        "no f": "linear_mse = float(np.mean(linear_net(x_grid[:, None]).numpy()[:, 0] ** 2))",
    }),
    "09.1": Case(mistakes={"sgd": _code("""
        fixed_model = keras.Sequential([keras.layers.Dense(30, activation="sigmoid"),
                                        keras.layers.Dense(15, activation="sigmoid"),
                                        keras.layers.Dense(2, activation="sigmoid")])
        fixed_model.compile(optimizer="sgd", loss=keras.losses.BinaryCrossentropy())
    """)}),
    "09.2": Case(any_optimizer=True, mistakes={
        "no hidden": _code("""
            one_question = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            one_question.compile(loss=keras.losses.BinaryCrossentropy())
        """),
        "softmax hidden": _code("""
            one_question = keras.Sequential([keras.layers.Dense(30, activation="softmax"),
                                             keras.layers.Dense(15, activation="sigmoid"),
                                             keras.layers.Dense(1, activation="sigmoid")])
            one_question.compile(loss=keras.losses.BinaryCrossentropy())
        """),
    }),
    "09.3": Case(probes=_cost_probes),
    "10.1": Case(digits=3, mistakes={
        "softmax of the class alone": "loss_y = -np.log(np.exp(0.5) / np.exp(0.5))",
    }),
    "10.2": Case(any_optimizer=True),
    "10.3": Case(probes=_softmax_probes, mistakes={
        "no keepdims": _fn("""
            e = np.exp(z - np.max(z, axis=-1))
            return e / e.sum(axis=-1)
        """),
    }),
    "10.4": Case(probes=_proba_probes),
    "11.1": Case(probes=_multi_hot_probes),
    "11.3": Case(any_optimizer=True, mistakes={
        "17 units": _code(_MOODS.format(hidden='17, activation="relu"')),
        "linear hidden": _code(_MOODS.format(hidden="16")),
    }),
    "12.1": Case(digits=3, mistakes={"argmin index": "distances = [4.2, 3.0, 0.5, 1.2]\nbest_beta = 2"}),
    "12.2": Case(probes=_adam_probes, mistakes={
        "eps in the root": _fn("""
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g**2
            m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
            return w - learning_rate * m_hat / np.sqrt(v_hat + 1e-7), m, v
        """),
    }),
    "12.3": Case(seconds=30, still_right=_momentum_right, mistakes={
        "all digits": _code("""
            momentum_model = digit_model(keras.optimizers.SGD(learning_rate=0.3, momentum=0.9))
            momentum_history = momentum_model.fit(x_train, y_train, epochs=5, verbose=0)
        """),
    }, undetectable={
        "1000 -> 1001": "1,001 digits make the same 32 batches of 32 as 1,000",
        "1000 -> 999": "999 digits make the same 32 batches of 32 as 1,000",
        "0 -> 1": "x_train[1:1000] and y_train[1:1000]: still 32 batches, one digit fewer",
    }),
    "13.2": Case(probes=_stopping_probes, mistakes={
        "swapped when it never stops": _fn("""
            best, wait = 0, 0
            for epoch in range(1, len(val_loss)):
                if val_loss[epoch] < val_loss[best]:
                    best, wait = epoch, 0
                else:
                    wait += 1
                    if wait == patience:
                        return epoch + 1, best + 1
            return best + 1, len(val_loss)
        """),
    }),
    "13.4": Case(probes=_backward_probes),
    "14.2": Case(any_optimizer=True, mistakes={
        "kernel 4": _code(_DIGIT_CNN.format(conv='keras.layers.Conv2D(8, 4, activation="relu")',
                                            pool=" keras.layers.MaxPooling2D(),")),
        "no pooling": _code(_DIGIT_CNN.format(conv='keras.layers.Conv2D(8, 3, activation="relu")', pool="")),
        "linear conv": _code(_DIGIT_CNN.format(conv="keras.layers.Conv2D(8, 3)",
                                               pool=" keras.layers.MaxPooling2D(),")),
    }),
    # the two trainings are cached (8 lines); what is measured and returned is mutated
    "14.3": Case(seconds=60, cached_lines=8, undetectable={
        "1 -> 0 (line 3)": "the MLP's test loss (about 0.7) lies among the accuracies 500 digits give; the "
                           "checker sees two numbers only",
    }, mistakes={
        "swapped": _code("""
            accuracy_cnn_500 = mlp_500.evaluate(flat_test, y_test, verbose=0)[1]
            accuracy_mlp_500 = cnn_500.evaluate(grid_test, y_test, verbose=0)[1]
        """),
        "losses": _code("""
            accuracy_cnn_500 = cnn_500.evaluate(grid_test, y_test, verbose=0)[0]
            accuracy_mlp_500 = mlp_500.evaluate(flat_test, y_test, verbose=0)[0]
        """),
    }),
    "15.4": Case(seconds=60, rtol=1e-3, mistakes={
        "keeps year": _code(_PENGUINS.format(drop="")),
        "drops species": _code(_PENGUINS.format(drop='drop=["year", "species"], ')),
    }),
}


def case(number: str) -> Case:
    return CASES.get(number, Case())
