"""Every public nnkit function and class, given what a student passes by mistake: one table.

The rule every row follows: a call either works and gives the right answer (the row checks
it, and that no NaN comes out), or raises ``ValueError``, ``TypeError`` or
``FileNotFoundError`` whose message names the argument and says ``Fix:``. Never a NumPy,
Keras or TensorFlow error from inside, never a silently wrong number.

``test_the_table_covers_every_public_callable`` walks the public API, so a new public
function or method without a row fails. More cases live beside their module: the checked
``fit``/``evaluate``/``predict`` (``tests/test_input_checks.py``) and the prototyping tables
(``tests/test_prototype.py``). The exercise checkers follow another rule: garbage gets a hint, never
an exception (``tests/exercises/``).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import inspect
import math
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnkit
from nnkit import arguments, claims, datasets, metrics, plots, scratch

# ----------------------------------------------------------------------------- the rule


@dataclass(frozen=True)
class Raises:
    """The call must raise ``error`` with "Fix:" and each of ``names`` in its message."""

    error: type[Exception]
    names: tuple[str, ...]


@dataclass(frozen=True)
class Works:
    """The call must return a value for which ``right(value)`` is true, with no NaN in it."""

    right: Callable[[Any], bool]


@dataclass(frozen=True)
class Row:
    target: Any  # a function or class, (class, "method"), or a dotted name for data
    mistake: str
    call: Callable[[], Any]
    expect: Raises | Works


def raises(error: type[Exception], *names: str) -> Raises:
    return Raises(error, names)


def works(right: Callable[[Any], bool] = lambda value: True) -> Works:
    return Works(right)


def canonical(target) -> str:
    if isinstance(target, str):
        return target
    if isinstance(target, tuple):
        owner, method = target
        return f"{owner.__module__}.{owner.__qualname__}.{method}"
    return f"{target.__module__}.{target.__qualname__}"


def has_nan(value) -> bool:
    if isinstance(value, (tuple, list)):
        return any(has_nan(item) for item in value)
    if isinstance(value, dict):
        return any(has_nan(item) for item in value.values())
    if isinstance(value, (float, np.floating)) or (isinstance(value, np.ndarray) and value.dtype.kind == "f"):
        return bool(np.isnan(value).any())
    return False


def close(expected, **tolerance) -> Callable[[Any], bool]:
    return lambda value: np.shape(value) == np.shape(expected) and np.allclose(value, expected, **tolerance)


def equal(expected) -> Callable[[Any], bool]:
    return lambda value: type(value) is type(expected) and value == expected


# ----------------------------------------------------------------------------- what rows share

X4 = np.array([[2.0, 1.0], [1.0, 3.0], [-1.0, -2.0], [-2.0, -1.0]])
Y4 = np.array([1, 1, -1, -1])
NAN = float("nan")
BAD_Z = {  # what a student passes where z belongs, and what must happen
    "text": ("abc", TypeError),
    "None": (None, TypeError),
    "empty": ([], ValueError),
    "NaN": ([0.0, NAN], ValueError),
    "ragged": ([[1.0, 2.0], [3.0]], ValueError),
}
Z = [-1.5, 0.0, 2.0]
# Each activation written independently with the math module, one element at a time.
REFERENCE = {
    "linear": lambda z: z,
    "linear_derivative": lambda z: 1.0,
    "sigmoid": lambda z: 1 / (1 + math.exp(-z)),
    "sigmoid_derivative": lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2,
    "relu": lambda z: max(0.0, z),
    "relu_derivative": lambda z: 1.0 if z > 0 else 0.0,
    "binary_step": lambda z: 1.0 if z >= 0 else 0.0,
    "binary_step_derivative": lambda z: 0.0,
    "tanh": math.tanh,
    "tanh_derivative": lambda z: 1 / math.cosh(z) ** 2,
    "arctan": math.atan,
    "arctan_derivative": lambda z: 1 / (1 + z * z),
    "prelu": lambda z: z if z > 0 else 0.1 * z,
    "prelu_derivative": lambda z: 1.0 if z > 0 else 0.1,
    "elu": lambda z: z if z > 0 else math.exp(z) - 1,
    "elu_derivative": lambda z: 1.0 if z > 0 else math.exp(z),
    "softplus": lambda z: math.log(1 + math.exp(z)),
    "softplus_derivative": lambda z: 1 / (1 + math.exp(-z)),
}
SOFTMAX_Z = [1.0, 2.0, 3.0]
SOFTMAX = [math.exp(v) / sum(math.exp(u) for u in SOFTMAX_Z) for v in SOFTMAX_Z]


@functools.cache
def folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="nnkit-bad-input-"))


@contextlib.contextmanager
def home(path: Path):
    """``~`` means ``path`` for the duration (Path.expanduser reads $HOME)."""
    before = os.environ.get("HOME")
    os.environ["HOME"] = str(path)
    try:
        yield
    finally:
        if before is None:
            del os.environ["HOME"]
        else:
            os.environ["HOME"] = before


def small_mnist_npz() -> Path:
    file = folder() / "mnist.npz"
    if not file.exists():
        rng = np.random.default_rng(0)
        np.savez(
            file,
            x_train=rng.integers(0, 256, (6, 28, 28), dtype=np.uint8),
            y_train=np.arange(6) % 10,
            x_test=rng.integers(0, 256, (3, 28, 28), dtype=np.uint8),
            y_test=np.arange(3),
        )
    return file


def truncated(file: Path, suffix: str) -> Path:
    cut = folder() / f"truncated{suffix}"
    cut.write_bytes(file.read_bytes()[: len(file.read_bytes()) // 2])
    return cut


def foreign_zip(suffix: str) -> Path:
    file = folder() / f"foreign{suffix}"
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr("notes.txt", "not a model")
    return file


def mnist_from_home():
    with home(folder()):
        small_mnist_npz()
        return datasets.mnist(path="~/mnist.npz")


def classifier():
    """A fresh 2-input, 3-class model with a linear output and from_logits=True."""
    nnkit.setup(seed=0, tensorflow=False)
    return nnkit.dense_model([3], input_dim=2, task="multiclass", from_logits=True)


@functools.cache
def saved_model() -> Path:
    file = folder() / "model.keras"
    model = classifier()
    model.fit(np.zeros((4, 2)), np.array([0, 1, 2, 0]), verbose=0)
    model.save(file)
    return file


def loaded_from_home():
    with home(folder()):
        model = nnkit.load_model(f"~/{saved_model().name}")
    import keras

    original = keras.saving.load_model(saved_model())
    same = all(np.array_equal(a, b) for a, b in zip(model.get_weights(), original.get_weights(), strict=True))
    try:
        model.fit(np.zeros((4, 5)), [0, 1, 2, 0])
    except ValueError as error:
        checked = "features" in str(error)
    else:
        checked = False
    return same and checked and type(model).__name__ == "Sequential"


def conv_model():
    import keras

    return keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Conv2D(2, 3)])


def stateful_sgd():
    sgd = scratch.SGD(learning_rate=0.1, momentum=0.9)
    sgd.step(np.zeros(2), np.ones(2))
    return sgd.step(np.zeros(3), np.ones(3))


def trained_perceptron():
    return scratch.Perceptron(seed=0).fit(X4, Y4)


def net(output="softmax"):
    return scratch.MLP([2, 3, 2 if output == "softmax" else 1], output=output, seed=0)


def raise_if_not(condition):
    assert condition
    return True


def quiet_quotes(**written_for):
    quotes = claims.Quotes({}, **written_for)
    quotes.strict = False
    return quotes


def prints(call) -> str:
    import io
    from contextlib import redirect_stdout

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        call()
    return buffer.getvalue()


GRAPH_NODES = {"w": (0, 0, "w", "2", "dJ/dw = 3"), "J": (2, 0, "J = 3w", "6", "dJ/dJ = 1")}
PATH_2D = np.array([[1.0, 1.0], [0.5, 0.2]])


def bowl(a, b):
    return a**2 + 3 * b**2


def two_outputs(grid):
    return np.column_stack([grid[:, 0], 1 - grid[:, 0]])


# ----------------------------------------------------------------------------- the table

a, s = arguments, scratch
MNIST_MODULE = importlib.import_module("nnkit.datasets.mnist")  # datasets.mnist is the function
ROWS: list[Row] = []


def row(target, mistake: str, call: Callable[[], Any], expect: Raises | Works) -> None:
    ROWS.append(Row(target, mistake, call, expect))


# nnkit.arguments: the layer itself.
row(a.whole_number, "np.int64(784)", lambda: a.whole_number(np.int64(784), "n", where="f"), works(equal(784)))
row(
    a.whole_number,
    "np.prod((28, 28))",
    lambda: a.whole_number(np.prod((28, 28)), "n", where="f"),
    works(equal(784)),
)
row(a.whole_number, "a whole float 3.0", lambda: a.whole_number(3.0, "n", where="f"), works(equal(3)))
row(a.whole_number, "text '3'", lambda: a.whole_number("3", "epochs", where="f"), raises(TypeError, "epochs"))
row(a.whole_number, "2.5", lambda: a.whole_number(2.5, "epochs", where="f"), raises(TypeError, "epochs"))
row(a.whole_number, "NaN", lambda: a.whole_number(NAN, "epochs", where="f"), raises(TypeError, "epochs"))
row(
    a.whole_number,
    "infinity",
    lambda: a.whole_number(np.inf, "epochs", where="f"),
    raises(TypeError, "epochs"),
)
row(a.whole_number, "True", lambda: a.whole_number(True, "epochs", where="f"), raises(TypeError, "epochs"))
row(
    a.whole_number,
    "below minimum",
    lambda: a.whole_number(0, "n", where="f", minimum=1),
    raises(ValueError, "n=0"),
)
row(
    a.real_number,
    "np.float32(1e-3)",
    lambda: a.real_number(np.float32(1e-3), "r", where="f"),
    works(close(1e-3)),
)
row(a.real_number, "NaN", lambda: a.real_number(NAN, "rate", where="f"), raises(TypeError, "rate"))
row(a.real_number, "text '0.1'", lambda: a.real_number("0.1", "rate", where="f"), raises(TypeError, "rate"))
row(a.real_number, "None", lambda: a.real_number(None, "rate", where="f"), raises(TypeError, "rate"))
row(
    a.real_number,
    "not above 0",
    lambda: a.real_number(-0.1, "rate", where="f", above=0),
    raises(ValueError, "rate"),
)
row(a.flag, "np.bool_(True)", lambda: a.flag(np.bool_(True), "flat", where="f"), works(equal(True)))
row(a.flag, "text 'no'", lambda: a.flag("no", "from_logits", where="f"), raises(TypeError, "from_logits"))
row(a.flag, "1", lambda: a.flag(1, "flat", where="f"), raises(TypeError, "flat"))
row(a.seed, "np.int64(3)", lambda: a.seed(np.int64(3), where="f"), works(equal(3)))
row(a.seed, "text 'x'", lambda: a.seed("x", where="f"), raises(TypeError, "seed"))
row(a.seed, "-1", lambda: a.seed(-1, where="f"), raises(ValueError, "seed"))
row(a.seed, "1.5", lambda: a.seed(1.5, where="f"), raises(TypeError, "seed"))
row(a.seed, "too large for NumPy", lambda: a.seed(2**32, where="f", below=2**32), raises(ValueError, "seed"))
row(a.path, "~", lambda: a.path("~/x.npz", "path", where="f"), works(equal(Path.home() / "x.npz")))
row(a.path, "None", lambda: a.path(None, "path", where="f"), raises(TypeError, "path"))
row(a.path, "a number", lambda: a.path(3, "path", where="f"), raises(TypeError, "path"))
row(
    a.numeric_array,
    "list of lists",
    lambda: a.numeric_array([[1, 2], [3, 4]], "x", where="f"),
    works(close([[1.0, 2.0], [3.0, 4.0]])),
)
row(
    a.numeric_array,
    "float32 kept",
    lambda: a.numeric_array(np.ones(2, np.float32), "x", where="f", dtype=None),
    works(lambda value: value.dtype == np.float32),
)
row(
    a.numeric_array, "ragged", lambda: a.numeric_array([[1, 2], [3]], "x", where="f"), raises(ValueError, "x")
)
row(a.numeric_array, "empty", lambda: a.numeric_array([], "x", where="f"), raises(ValueError, "x"))
row(a.numeric_array, "NaN", lambda: a.numeric_array([1.0, NAN], "x", where="f"), raises(ValueError, "x"))
row(a.numeric_array, "strings", lambda: a.numeric_array(["a", "b"], "y", where="f"), raises(TypeError, "y"))
row(a.numeric_array, "None", lambda: a.numeric_array(None, "x", where="f"), raises(TypeError, "x"))
row(a.numeric_array, "complex", lambda: a.numeric_array([1j], "x", where="f"), raises(TypeError, "x"))
row(
    a.numeric_array,
    "1-D for 2-D",
    lambda: a.numeric_array([1, 2], "x", where="f", ndim=(2,)),
    raises(ValueError, "x.reshape(1, -1)"),
)
row(
    a.same_shape,
    "(N,) against (N, 1)",
    lambda: a.same_shape(np.zeros(3), np.zeros((3, 1)), where="f"),
    raises(ValueError, "y_true", "y_pred", "reshape"),
)
row(
    a.same_shape,
    "same shapes",
    lambda: a.same_shape(np.zeros(3), np.ones(3), where="f"),
    works(lambda v: v is None),
)
row(
    a.identical_shape,
    "(2,) against (1,)",
    lambda: a.identical_shape(np.zeros(2), np.zeros(1), where="f", names=("params", "gradient")),
    raises(ValueError, "params", "gradient"),
)
row(
    a.identical_shape,
    "equal shapes",
    lambda: a.identical_shape(np.zeros(2), np.ones(2), where="f", names=("params", "gradient")),
    works(lambda v: v is None),
)
row(
    a.class_labels,
    "sigmoid probabilities",
    lambda: a.class_labels([0.9, 0.2], "y_pred", where="f"),
    raises(ValueError, "y_pred", "> 0.5"),
)
row(
    a.class_labels,
    "-1/1 labels",
    lambda: a.class_labels([-1, 1, 1], "y", where="f"),
    raises(ValueError, "y", "(y + 1) // 2"),
)
row(
    a.class_labels,
    "one-hot rows",
    lambda: a.class_labels(np.eye(3), "y", where="f"),
    raises(ValueError, "argmax"),
)
row(
    a.class_labels,
    "a label past K-1",
    lambda: a.class_labels([0, 10], "y", where="f", classes=10),
    raises(ValueError, "y", "subtract 1"),
)
row(a.class_labels, "(N, 1) column", lambda: a.class_labels([[0], [2]], "y", where="f"), works(close([0, 2])))
row(
    a.probabilities,
    "logits",
    lambda: a.probabilities([2.3, -1.0], "p", where="f"),
    raises(ValueError, "p", "logits"),
)
row(
    a.probabilities,
    "probabilities",
    lambda: a.probabilities([0.2, 0.8], "p", where="f"),
    works(close([0.2, 0.8])),
)
row(
    a.function,
    "a value, not a function",
    lambda: a.function(3.0, "f", where="g", example="f=np.sin"),
    raises(TypeError, "f="),
)
row(
    a.function,
    "np.sin",
    lambda: a.function(np.sin, "f", where="g", example="f=np.sin"),
    works(lambda v: v is np.sin),
)
row(
    a.choice,
    "a typo",
    lambda: a.choice("swish", "hidden", where="f", options=("relu",)),
    raises(ValueError, "hidden", "'relu'"),
)
row(
    a.choice,
    "a list, unhashable",
    lambda: a.choice(["relu"], "hidden", where="f", options={"relu": 1}),
    raises(ValueError, "hidden"),
)
row(
    a.choice,
    "a known name",
    lambda: a.choice("relu", "hidden", where="f", options=("relu",)),
    works(equal("relu")),
)
row(
    a.whole_numbers,
    "NumPy widths",
    lambda: a.whole_numbers((25, np.int64(10)), "units", where="f", example="[1]"),
    works(equal([25, 10])),
)
row(
    a.whole_numbers,
    "an array",
    lambda: a.whole_numbers(np.array([3, 2]), "units", where="f", example="[1]"),
    works(equal([3, 2])),
)
row(
    a.whole_numbers,
    "one number",
    lambda: a.whole_numbers(10, "units", where="f", example="[1]"),
    raises(TypeError, "units"),
)
row(
    a.whole_numbers,
    "empty",
    lambda: a.whole_numbers([], "units", where="f", example="[1]"),
    raises(ValueError, "units"),
)
row(
    a.whole_numbers,
    "text inside",
    lambda: a.whole_numbers([25, "10"], "units", where="f", example="[1]"),
    raises(ValueError, "units"),
)
row(
    a.whole_numbers,
    "2-D array",
    lambda: a.whole_numbers(np.ones((2, 2)), "units", where="f", example="[1]"),
    raises(TypeError, "units"),
)
row(
    a.same_length,
    "different lengths",
    lambda: a.same_length(np.zeros((4, 2)), np.zeros(3), where="f"),
    raises(ValueError, "x", "y"),
)
row(
    a.same_length,
    "same lengths",
    lambda: a.same_length(np.zeros((3, 2)), np.zeros(3), where="f"),
    works(lambda v: v is None),
)
row(
    a.mapping,
    "a list",
    lambda: a.mapping([1.0], "histories", where="f", example="{}"),
    raises(TypeError, "histories"),
)
row(
    a.mapping,
    "empty",
    lambda: a.mapping({}, "histories", where="f", example="{}"),
    raises(ValueError, "histories"),
)
row(a.mapping, "a dict", lambda: a.mapping({"a": 1}, "runs", where="f", example="{}"), works(equal({"a": 1})))

# nnkit.scratch activations: every one refuses the same five mistakes and takes lists and NumPy scalars.
for _name, _reference in REFERENCE.items():
    _f = getattr(s, _name)
    for _kind, (_value, _error) in BAD_Z.items():
        row(_f, f"z {_kind}", lambda f=_f, value=_value: f(value), raises(_error, _name, "z"))
    row(_f, "a list", lambda f=_f: f(Z), works(close([_reference(z) for z in Z])))
    row(_f, "np.float32 scalar", lambda f=_f: f(np.float32(0.5)), works(close(_reference(0.5), rtol=1e-6)))
for _f in (s.softmax, s.log_softmax):
    for _kind, (_value, _error) in BAD_Z.items():
        row(_f, f"z {_kind}", lambda f=_f, value=_value: f(value), raises(_error, _f.__name__, "z"))
row(s.softmax, "list of lists", lambda: s.softmax([SOFTMAX_Z, SOFTMAX_Z]), works(close([SOFTMAX, SOFTMAX])))
row(s.log_softmax, "a list", lambda: s.log_softmax(SOFTMAX_Z), works(close(np.log(SOFTMAX))))
for _f in (s.prelu, s.prelu_derivative, s.elu, s.elu_derivative):
    row(_f, "alpha as text", lambda f=_f: f(Z, alpha="0.1"), raises(TypeError, "alpha"))
    row(_f, "alpha NaN", lambda f=_f: f(Z, alpha=NAN), raises(TypeError, "alpha"))
row(
    s.prelu,
    "alpha np.float32",
    lambda: s.prelu([-2.0, 3.0], alpha=np.float32(0.5)),
    works(close([-1.0, 3.0])),
)
row(s.elu, "alpha 2", lambda: s.elu([-1.0], alpha=2), works(close([2 * (math.exp(-1) - 1)])))

# nnkit.scratch gradients.
row(s.numerical_derivative, "f a value", lambda: s.numerical_derivative(3.0, 1.0), raises(TypeError, "f"))
row(
    s.numerical_derivative, "h = 0", lambda: s.numerical_derivative(np.sin, 1.0, h=0), raises(ValueError, "h")
)
row(
    s.numerical_derivative,
    "h as text",
    lambda: s.numerical_derivative(np.sin, 1.0, h="1e-5"),
    raises(TypeError, "h"),
)
row(s.numerical_derivative, "x as text", lambda: s.numerical_derivative(np.sin, "1"), raises(TypeError, "x"))
row(s.numerical_derivative, "x NaN", lambda: s.numerical_derivative(np.sin, NAN), raises(ValueError, "x"))
row(
    s.numerical_derivative,
    "f NaN there",
    lambda: s.numerical_derivative(lambda x: x * NAN, 1.0),
    raises(ValueError, "f"),
)
row(
    s.numerical_derivative,
    "np.float32 x",
    lambda: s.numerical_derivative(lambda x: x**2, np.float32(3.0)),
    works(close(6.0, rtol=1e-6)),
)
row(
    s.numerical_derivative,
    "a list",
    lambda: s.numerical_derivative(np.sin, [0.0, 1.0]),
    works(close(np.cos([0.0, 1.0]), rtol=1e-8)),
)
row(
    s.numerical_gradient,
    "f returns an array",
    lambda: s.numerical_gradient(lambda p: p**2, [1.0, 2.0]),
    raises(ValueError, "f", "one number"),
)
row(s.numerical_gradient, "f a value", lambda: s.numerical_gradient(2.0, [1.0]), raises(TypeError, "f"))
row(
    s.numerical_gradient,
    "params empty",
    lambda: s.numerical_gradient(np.sum, []),
    raises(ValueError, "params"),
)
row(
    s.numerical_gradient,
    "params NaN",
    lambda: s.numerical_gradient(np.sum, [NAN]),
    raises(ValueError, "params"),
)
row(
    s.numerical_gradient,
    "params a list",
    lambda: s.numerical_gradient(lambda p: (p**2).sum(), [1.0, -2.0]),
    works(close([2.0, -4.0], rtol=1e-6)),
)
row(
    s.relative_error,
    "(N,) against (N, 1)",
    lambda: s.relative_error([1.0, 2.0], [[1.0], [2.0]]),
    raises(ValueError, "analytic", "numerical"),
)
row(s.relative_error, "NaN", lambda: s.relative_error([NAN], [1.0]), raises(ValueError, "analytic"))
row(s.relative_error, "empty", lambda: s.relative_error([], []), raises(ValueError, "analytic"))
row(s.relative_error, "lists", lambda: s.relative_error([2.0, -4.0], [2.0, -4.0]), works(equal(0.0)))
row(s.gradient_tolerance, "h 0", lambda: s.gradient_tolerance(0), raises(ValueError, "h"))
row(s.gradient_tolerance, "h as text", lambda: s.gradient_tolerance("1e-5"), raises(TypeError, "h"))
row(
    s.gradient_tolerance,
    "grows for a large or a tiny step",
    lambda: [s.gradient_tolerance(h) for h in (1e-2, 1e-5, 1e-9)],
    works(lambda t: t[0] > 10 * t[1] and t[2] > 10 * t[1]),
)
row(
    s.gradient_check,
    "the default tolerance follows h",
    lambda: s.gradient_check(lambda p: float(np.sum(np.sin(p))), [0.3, 1.2], np.cos([0.3, 1.2]), h=1e-2),
    works(lambda error: 1e-6 < error < s.gradient_tolerance(1e-2)),
)
row(
    s.gradient_check,
    "tolerance 0",
    lambda: s.gradient_check(np.sum, [1.0], [1.0], tolerance=0),
    raises(ValueError, "tolerance"),
)
row(
    s.gradient_check,
    "gradient shape",
    lambda: s.gradient_check(np.sum, [1.0, 2.0], [[1.0], [1.0]]),
    raises(ValueError, "analytic_gradient"),
)
row(s.gradient_check, "f a value", lambda: s.gradient_check(1.0, [1.0], [1.0]), raises(TypeError, "f"))
row(
    s.gradient_check,
    "lists",
    lambda: s.gradient_check(lambda p: (p**2).sum(), [1.0, -2.0], [2.0, -4.0]),
    works(lambda error: error < 1e-8),
)

# nnkit.scratch.neuron
row(
    s.neuron,
    "x and w of different widths",
    lambda: s.neuron([[1.0, 2.0, 3.0]], [0.5, 0.5], 0.0),
    raises(ValueError, "x", "w"),
)
row(
    s.neuron,
    "w a Keras kernel (n, 1)",
    lambda: s.neuron([[1.0, 2.0]], [[0.5], [0.5]], 0.0),
    raises(ValueError, "w", "[:, 0]"),
)
row(s.neuron, "b as text", lambda: s.neuron([1.0, 2.0], [0.5, 0.5], "0"), raises(TypeError, "b"))
row(s.neuron, "g a name", lambda: s.neuron([1.0, 2.0], [0.5, 0.5], 0.0, g="sigmoid"), raises(TypeError, "g"))
row(s.neuron, "x NaN", lambda: s.neuron([NAN, 2.0], [0.5, 0.5], 0.0), raises(ValueError, "x"))
row(
    s.neuron,
    "b a Keras bias (1,)",
    lambda: s.neuron([[1.0, 2.0]], [0.5, -0.25], np.array([0.5]))[0],
    works(close([0.5])),
)
row(
    s.neuron,
    "np.float32 everything",
    lambda: s.neuron(np.float32([1.0, 2.0]), [0.5, -0.25], np.float32(0))[1],
    works(close(0.5)),
)

# nnkit.scratch optimizers
for _cls in (s.SGD, s.RMSProp, s.Adam):
    row(
        _cls,
        "learning_rate as text",
        lambda c=_cls: c(learning_rate="0.1"),
        raises(TypeError, "learning_rate"),
    )
    row(_cls, "learning_rate 0", lambda c=_cls: c(learning_rate=0), raises(ValueError, "learning_rate"))
    row(
        _cls,
        "learning_rate np.float32",
        lambda c=_cls: c(learning_rate=np.float32(0.5)).learning_rate,
        works(close(0.5)),
    )
    row(
        (_cls, "step"),
        "(N,) against (N, 1)",
        lambda c=_cls: c().step(np.zeros(2), np.zeros((2, 1))),
        raises(ValueError, "params", "gradient"),
    )
    row((_cls, "step"), "gradient NaN", lambda c=_cls: c().step([1.0], [NAN]), raises(ValueError, "gradient"))
    row((_cls, "step"), "params text", lambda c=_cls: c().step(["a"], [1.0]), raises(TypeError, "params"))
row(s.SGD, "momentum 1", lambda: s.SGD(momentum=1.0), raises(ValueError, "momentum"))
row(s.SGD, "momentum negative", lambda: s.SGD(momentum=-0.5), raises(ValueError, "momentum"))
row(s.RMSProp, "rho 1", lambda: s.RMSProp(rho=1), raises(ValueError, "rho"))
row(s.RMSProp, "epsilon 0", lambda: s.RMSProp(epsilon=0), raises(ValueError, "epsilon"))
row(s.Adam, "beta_1 1", lambda: s.Adam(beta_1=1.0), raises(ValueError, "beta_1"))
row(s.Adam, "beta_2 as text", lambda: s.Adam(beta_2="0.999"), raises(TypeError, "beta_2"))
row((s.SGD, "step"), "state of another shape", stateful_sgd, raises(ValueError, "params", "new SGD"))
row((s.SGD, "step"), "lists", lambda: s.SGD(learning_rate=0.1).step([1.0], [2.0]), works(close([0.8])))
row(
    (s.RMSProp, "step"),
    "lists",
    lambda: s.RMSProp(learning_rate=0.1).step([1.0], [2.0]),
    works(close([1.0 - 0.1 * 2.0 / math.sqrt(0.1 * 4.0 + 1e-7)])),
)
row(
    (s.Adam, "step"),
    "float32 params",
    lambda: s.Adam(learning_rate=0.1).step(np.float32([1.0]), [2.0]),
    works(close([0.9])),
)
row(
    s.descend,
    "gradient a value",
    lambda: s.descend(2.0, [1.0], s.SGD(), steps=2),
    raises(TypeError, "gradient"),
)
row(
    s.descend,
    "optimizer a name",
    lambda: s.descend(lambda w: w, [1.0], "sgd", steps=2),
    raises(TypeError, "optimizer"),
)
row(
    s.descend, "steps 0", lambda: s.descend(lambda w: w, [1.0], s.SGD(), steps=0), raises(ValueError, "steps")
)
row(
    s.descend,
    "steps 2.5",
    lambda: s.descend(lambda w: w, [1.0], s.SGD(), steps=2.5),
    raises(TypeError, "steps"),
)
row(
    s.descend,
    "tolerance negative",
    lambda: s.descend(lambda w: w, [1.0], s.SGD(), steps=2, tolerance=-1),
    raises(ValueError, "tolerance"),
)
row(
    s.descend, "start text", lambda: s.descend(lambda w: w, "1", s.SGD(), steps=2), raises(TypeError, "start")
)
row(
    s.descend,
    "gradient of another shape",
    lambda: s.descend(lambda w: np.ones(2), [1.0], s.SGD(), steps=2),
    raises(ValueError, "gradient"),
)


def diverging():
    with np.errstate(over="ignore"):  # the student's gradient overflows before the parameters do
        return s.descend(lambda w: 4 * w**3, [2.0], s.SGD(learning_rate=1.0), steps=50)


row(s.descend, "a diverging rate", diverging, raises(ValueError, "learning rate"))
row(
    s.descend,
    "np.int64 steps",
    lambda: s.descend(lambda w: 2 * w, [1.0], s.SGD(learning_rate=0.25), steps=np.int64(2))[:, 0],
    works(close([1.0, 0.5, 0.25])),
)

# nnkit.scratch.Perceptron
row(
    s.Perceptron,
    "learning_rate 0",
    lambda: s.Perceptron(learning_rate=0),
    raises(ValueError, "learning_rate"),
)
row(s.Perceptron, "max_epochs 0", lambda: s.Perceptron(max_epochs=0), raises(ValueError, "max_epochs"))
row(s.Perceptron, "seed text", lambda: s.Perceptron(seed="x"), raises(TypeError, "seed"))
row(
    s.Perceptron,
    "np.int64 max_epochs",
    lambda: s.Perceptron(max_epochs=np.int64(10)).max_epochs,
    works(equal(10)),
)
row(
    (s.Perceptron, "fit"),
    "0/1 labels",
    lambda: s.Perceptron().fit(X4, [1, 1, 0, 0]),
    raises(ValueError, "2 * y - 1"),
)
row((s.Perceptron, "fit"), "1-D x", lambda: s.Perceptron().fit([1.0, 2.0], [1, -1]), raises(ValueError, "x"))
row(
    (s.Perceptron, "fit"),
    "fewer labels",
    lambda: s.Perceptron().fit(X4, [1, -1]),
    raises(ValueError, "x", "y"),
)
row((s.Perceptron, "fit"), "x NaN", lambda: s.Perceptron().fit([[NAN, 1.0]], [1]), raises(ValueError, "x"))
row(
    (s.Perceptron, "fit"),
    "labels as text",
    lambda: s.Perceptron().fit(X4, ["a", "a", "b", "b"]),
    raises(TypeError, "y", "np.unique"),
)
row(
    (s.Perceptron, "fit"),
    "lists of lists",
    lambda: s.Perceptron(seed=0).fit(X4.tolist(), Y4.tolist()).converged_,
    works(equal(True)),
)
row((s.Perceptron, "predict"), "before fit", lambda: s.Perceptron().predict(X4), raises(ValueError, "fit"))
row(
    (s.Perceptron, "predict"),
    "another width",
    lambda: trained_perceptron().predict([[1.0, 2.0, 3.0]]),
    raises(ValueError, "x"),
)
row(
    (s.Perceptron, "predict"),
    "the training rows",
    lambda: trained_perceptron().predict(X4.tolist()),
    works(close(Y4)),
)
row(
    (s.Perceptron, "decision_function"),
    "1-D x",
    lambda: trained_perceptron().decision_function([1.0, 2.0]),
    raises(ValueError, "x.reshape(1, -1)"),
)
row(
    (s.Perceptron, "decision_function"),
    "a list",
    lambda: np.sign(trained_perceptron().decision_function(X4)),
    works(close(Y4)),
)

# nnkit.scratch.MLP
row(s.MLP, "sizes a number", lambda: s.MLP(784), raises(TypeError, "sizes"))
row(s.MLP, "one width", lambda: s.MLP([784]), raises(ValueError, "sizes"))
row(s.MLP, "a zero width", lambda: s.MLP([784, 0, 10]), raises(ValueError, "sizes"))
row(s.MLP, "hidden typo", lambda: s.MLP([2, 3], hidden="swish"), raises(ValueError, "hidden", "'relu'"))
row(s.MLP, "output typo", lambda: s.MLP([2, 3], output="softmaxx"), raises(ValueError, "output"))
row(s.MLP, "seed -1", lambda: s.MLP([2, 3], seed=-1), raises(ValueError, "seed"))
row(s.MLP, "NumPy widths", lambda: s.MLP(np.array([2, 3, 2])).sizes, works(equal([2, 3, 2])))
row((s.MLP, "forward"), "1-D x", lambda: net().forward([1.0, 2.0]), raises(ValueError, "x"))
row((s.MLP, "forward"), "another width", lambda: net().forward([[1.0, 2.0, 3.0]]), raises(ValueError, "x"))
row((s.MLP, "forward"), "lists of lists", lambda: net().forward([[1.0, 2.0]])[1][-1].sum(), works(close(1.0)))
row((s.MLP, "predict"), "x NaN", lambda: net().predict([[NAN, 1.0]]), raises(ValueError, "x"))
row((s.MLP, "predict"), "empty x", lambda: net().predict(np.zeros((0, 2))), raises(ValueError, "x"))
row(
    (s.MLP, "predict"),
    "float32 x",
    lambda: net().predict(np.float32([[1.0, 2.0]])),
    works(close(net().predict([[1.0, 2.0]]))),
)
row((s.MLP, "cost"), "label -1", lambda: net().cost(X4, [0, 1, -1, 0]), raises(ValueError, "y"))
row(
    (s.MLP, "cost"),
    "one-hot labels",
    lambda: net().cost(X4, np.eye(2)[[0, 1, 1, 0]]),
    raises(ValueError, "argmax"),
)
row((s.MLP, "cost"), "probabilities", lambda: net().cost(X4, [0.9, 0.1, 0.2, 0.8]), raises(ValueError, "y"))
row((s.MLP, "cost"), "fewer labels", lambda: net().cost(X4, [0, 1]), raises(ValueError, "x", "y"))
row((s.MLP, "cost"), "-1/1 targets, sigmoid", lambda: net("sigmoid").cost(X4, Y4), raises(ValueError, "y"))
row(
    (s.MLP, "cost"),
    "(N, 1) labels",
    lambda: net().cost(X4, [[0], [1], [1], [0]]),
    works(close(net().cost(X4, [0, 1, 1, 0]))),
)
row(
    (s.MLP, "backward"),
    "a label past the outputs",
    lambda: net().backward(X4, [0, 1, 2, 0]),
    raises(ValueError, "y", "subtract 1"),
)
row(
    (s.MLP, "backward"),
    "lists",
    lambda: [w.shape for w in net().backward(X4.tolist(), [0, 1, 1, 0])[0]],
    works(equal([(2, 3), (3, 2)])),
)
row(
    (s.MLP, "step"),
    "learning_rate 0",
    lambda: net().step(X4, [0, 1, 1, 0], 0),
    raises(ValueError, "learning_rate"),
)
row((s.MLP, "step"), "x text", lambda: net().step("x", [0], 0.1), raises(TypeError, "x"))
row(
    (s.MLP, "step"),
    "np.float32 rate",
    lambda: net().step(X4, [0, 1, 1, 0], np.float32(0.1)),
    works(lambda value: value is None),
)
row((s.MLP, "fit"), "epochs 0", lambda: net().fit(X4, [0, 1, 1, 0], epochs=0), raises(ValueError, "epochs"))
row(
    (s.MLP, "fit"),
    "batch_size 0",
    lambda: net().fit(X4, [0, 1, 1, 0], epochs=1, batch_size=0),
    raises(ValueError, "batch_size"),
)
row(
    (s.MLP, "fit"),
    "labels as text",
    lambda: net().fit(X4, ["a", "b", "b", "a"], epochs=1),
    raises(TypeError, "y", "np.unique"),
)
row(
    (s.MLP, "fit"),
    "seed 1.5",
    lambda: net().fit(X4, [0, 1, 1, 0], epochs=1, seed=1.5),
    raises(TypeError, "seed"),
)
row(
    (s.MLP, "fit"),
    "np.int64 epochs",
    lambda: len(net().fit(X4, [0, 1, 1, 0], epochs=np.int64(3))["loss"]),
    works(equal(3)),
)
row(
    (s.MLP, "get_weights"),
    "copies",
    lambda: [w.shape for w in net().get_weights()],
    works(equal([(2, 3), (3,), (3, 2), (2,)])),
)
row(
    (s.MLP, "set_weights"),
    "too few arrays",
    lambda: net().set_weights([np.zeros((2, 3))]),
    raises(ValueError, "weights"),
)
row(
    (s.MLP, "set_weights"),
    "a transposed kernel",
    lambda: net().set_weights([np.zeros((3, 2)), np.zeros(3), np.zeros((3, 2)), np.zeros(2)]),
    raises(ValueError, "weights[0]"),
)
row((s.MLP, "set_weights"), "text", lambda: net().set_weights("abc"), raises(ValueError, "weights"))
row(
    (s.MLP, "set_weights"),
    "NaN",
    lambda: net().set_weights([np.full((2, 3), NAN), np.zeros(3), np.zeros((3, 2)), np.zeros(2)]),
    raises(ValueError, "weights[0]"),
)
row(
    (s.MLP, "set_weights"),
    "Keras-shaped float32",
    lambda: net().set_weights([np.zeros((2, 3), np.float32), np.zeros(3), np.zeros((3, 2)), np.zeros(2)]),
    works(lambda value: value is None),
)

# nnkit.scratch registry
row(
    s.Activation,
    "function a name",
    lambda: s.Activation("x", "relu", s.relu_derivative, "z", "1", "R"),
    raises(TypeError, "function"),
)
row(
    s.Activation,
    "name a number",
    lambda: s.Activation(3, s.relu, s.relu_derivative, "z", "1", "R"),
    raises(TypeError, "name"),
)
row(
    s.Activation,
    "a new row",
    lambda: s.Activation("swish", s.relu, s.relu_derivative, "z", "1", "R").name,
    works(equal("swish")),
)
row(
    "nnkit.scratch.registry.ACTIVATIONS",
    "lower-case name",
    lambda: s.ACTIVATIONS["relu"],
    raises(ValueError, "relu", "'ReLU'"),
)
row(
    "nnkit.scratch.registry.ACTIVATIONS",
    "unknown name",
    lambda: s.ACTIVATIONS["swish"],
    raises(ValueError, "swish", "'ELU'"),
)
row(
    "nnkit.scratch.registry.ACTIVATIONS",
    "a known name",
    lambda: s.ACTIVATIONS["ReLU"].function(-1.0),
    works(close(0.0)),
)

# nnkit.datasets
for _generator in (datasets.xor, datasets.circles, datasets.blobs, datasets.spirals, datasets.sine):
    _g = _generator.__name__
    row(_generator, "n 1", lambda g=_generator: g(1), raises(ValueError, _g, "n"))
    row(_generator, "n as text", lambda g=_generator: g("200"), raises(TypeError, _g, "n"))
    row(_generator, "n negative", lambda g=_generator: g(-5), raises(ValueError, _g, "n"))
    row(_generator, "seed text", lambda g=_generator: g(10, seed="x"), raises(TypeError, _g, "seed"))
    row(_generator, "seed -1", lambda g=_generator: g(10, seed=-1), raises(ValueError, _g, "seed"))
    row(
        _generator,
        "np.int64 n and seed",
        lambda g=_generator: g(np.int64(10), seed=np.int64(3))[0],
        works(lambda x, g=_generator: np.array_equal(x, g(10, seed=3)[0])),
    )
    row(_generator, "n 10.0", lambda g=_generator: len(g(10.0)[0]), works(equal(10)))
for _generator in (datasets.xor, datasets.circles, datasets.spirals, datasets.sine):
    row(_generator, "noise negative", lambda g=_generator: g(10, noise=-0.1), raises(ValueError, "noise"))
row(
    datasets.circles,
    "factor as text",
    lambda: datasets.circles(10, factor="half"),
    raises(TypeError, "factor"),
)
row(datasets.spirals, "turns NaN", lambda: datasets.spirals(10, turns=NAN), raises(TypeError, "turns"))
row(datasets.blobs, "std NaN", lambda: datasets.blobs(10, std=NAN), raises(TypeError, "std"))
row(
    datasets.blobs,
    "centers flat",
    lambda: datasets.blobs(10, centers=[1, 2, 3]),
    raises(ValueError, "centers"),
)
row(
    datasets.blobs,
    "centers text",
    lambda: datasets.blobs(10, centers=[("a", "b")]),
    raises(TypeError, "centers"),
)
row(datasets.blobs, "centers empty", lambda: datasets.blobs(10, centers=[]), raises(ValueError, "centers"))
row(
    datasets.digit_tags,
    "a label 12",
    lambda: datasets.digit_tags([3, 12]),
    raises(ValueError, "labels", "0..9"),
)
row(
    datasets.digit_tags, "one-hot rows", lambda: datasets.digit_tags(np.eye(10)), raises(ValueError, "argmax")
)
row(
    datasets.digit_tags,
    "softmax rows",
    lambda: datasets.digit_tags(np.full((2, 10), 0.1)),
    raises(ValueError, "labels", "argmax"),
)
row(datasets.digit_tags, "label -1", lambda: datasets.digit_tags([-1, 3]), raises(ValueError, "labels"))
row(datasets.digit_tags, "text", lambda: datasets.digit_tags("8"), raises(TypeError, "labels"))
row(
    datasets.digit_tags,
    "(N, 1) float labels",
    lambda: datasets.digit_tags([[8.0], [1.0]]),
    works(close([[1, 1, 1], [0, 0, 0]])),
)
row(datasets.mnist, "test_size 0", lambda: datasets.mnist(test_size=0), raises(ValueError, "test_size"))
row(
    datasets.mnist,
    "test_size 20 (percent)",
    lambda: datasets.mnist(test_size=20),
    raises(ValueError, "test_size"),
)
row(
    datasets.mnist,
    "test_size np.float32",
    lambda: len(datasets.mnist(test_size=np.float32(0.25))[1][0]),
    works(equal(1250)),
)
row(datasets.mnist, "flat 'no'", lambda: datasets.mnist(flat="no"), raises(TypeError, "flat"))
row(datasets.mnist, "scale 0", lambda: datasets.mnist(scale=0), raises(TypeError, "scale"))
row(datasets.mnist, "seed text", lambda: datasets.mnist(seed="x"), raises(TypeError, "seed"))
row(
    datasets.mnist,
    "missing file",
    lambda: datasets.mnist(path=folder() / "nowhere.npz"),
    raises(FileNotFoundError, "path"),
)
row(
    datasets.mnist,
    "truncated file",
    lambda: datasets.mnist(path=truncated(small_mnist_npz(), ".npz")),
    raises(ValueError, "path", "truncated"),
)
row(
    datasets.mnist,
    "a foreign zip",
    lambda: datasets.mnist(path=foreign_zip(".npz")),
    raises(ValueError, "path"),
)
row(datasets.mnist, "path a number", lambda: datasets.mnist(path=3), raises(TypeError, "path"))
row(
    datasets.mnist,
    "test_size with path",
    lambda: datasets.mnist(path=small_mnist_npz(), test_size=0.1),
    raises(ValueError, "test_size"),
)
row(
    datasets.mnist,
    "path with ~",
    lambda: [part.shape for split in mnist_from_home() for part in split],
    works(equal([(6, 784), (6,), (3, 784), (3,)])),
)
row(
    datasets.data_dir,
    "nothing to get wrong",
    datasets.data_dir,
    works(lambda path: (path / "mnist_5k.npz").is_file()),
)
row(
    MNIST_MODULE.bundled_digits_ok,
    "nothing to get wrong",
    MNIST_MODULE.bundled_digits_ok,
    works(lambda value: value is None),
)

# nnkit.metrics
row(
    metrics.accuracy,
    "sigmoid probabilities",
    lambda: metrics.accuracy([1, 0], [0.9, 0.2]),
    raises(ValueError, "y_pred", "> 0.5"),
)
row(
    metrics.accuracy,
    "softmax rows",
    lambda: metrics.accuracy([0, 1], [[0.9, 0.1], [0.2, 0.8]]),
    raises(ValueError, "y_pred", "argmax"),
)
row(metrics.accuracy, "-1/1 labels", lambda: metrics.accuracy([-1, 1], [1, 1]), raises(ValueError, "y_true"))
row(
    metrics.accuracy,
    "different lengths",
    lambda: metrics.accuracy([0, 1, 1], [0, 1]),
    raises(ValueError, "y_true"),
)
row(metrics.accuracy, "text labels", lambda: metrics.accuracy(["cat"], ["dog"]), raises(TypeError, "y_true"))
row(metrics.accuracy, "empty", lambda: metrics.accuracy([], []), raises(ValueError, "y_true"))
row(metrics.accuracy, "NaN", lambda: metrics.accuracy([0, NAN], [0, 1]), raises(ValueError, "y_true"))
row(
    metrics.accuracy,
    "(N, 1) against (N,)",
    lambda: metrics.accuracy([[0], [1], [1], [2]], [0, 2, 1, 2]),
    works(equal(0.75)),
)
row(
    metrics.confusion_matrix,
    "num_classes 0",
    lambda: metrics.confusion_matrix([0], [0], num_classes=0),
    raises(ValueError, "num_classes"),
)
row(
    metrics.confusion_matrix,
    "num_classes text",
    lambda: metrics.confusion_matrix([0], [0], num_classes="10"),
    raises(TypeError, "num_classes"),
)
row(
    metrics.confusion_matrix,
    "a label past num_classes",
    lambda: metrics.confusion_matrix([0, 3], [0, 1], num_classes=3),
    raises(ValueError, "y_true"),
)
row(
    metrics.confusion_matrix,
    "softmax rows",
    lambda: metrics.confusion_matrix([0, 1], np.full((2, 3), 1 / 3)),
    raises(ValueError, "y_pred", "argmax"),
)
row(
    metrics.confusion_matrix,
    "np.int64 num_classes",
    lambda: metrics.confusion_matrix([0, 1], [0, 0], num_classes=np.int64(3)).tolist(),
    works(equal([[1, 0, 0], [1, 0, 0], [0, 0, 0]])),
)

# nnkit.plots
Z_GRID = np.linspace(-3, 3, 7)
row(plots.use_style, "nothing to get wrong", plots.use_style, works(lambda value: value is None))
row(
    plots.curve,
    "f's values, not f",
    lambda: plots.curve(np.tanh(Z_GRID), Z_GRID, label="tanh"),
    raises(TypeError, "f"),
)
row(
    plots.curve, "x 2-D", lambda: plots.curve(np.tanh, np.ones((3, 2)), label="tanh"), raises(ValueError, "x")
)
row(
    plots.curve,
    "f a sum",
    lambda: plots.curve(np.sum, Z_GRID, label="sum"),
    raises(ValueError, "f", "element-wise"),
)
row(
    plots.curve,
    "derivative a name",
    lambda: plots.curve(np.tanh, Z_GRID, label="t", derivative="dtanh"),
    raises(TypeError, "derivative"),
)
row(
    plots.curve,
    "x a list",
    lambda: plots.curve(np.tanh, Z_GRID.tolist(), label="tanh").lines[0].get_ydata(),
    works(close(np.tanh(Z_GRID))),
)
row(plots.timeline, "no events", lambda: plots.timeline([], title="t"), raises(ValueError, "events"))
row(
    plots.timeline,
    "text, not pairs",
    lambda: plots.timeline(["1958 Perceptron"], title="t"),
    raises(ValueError, "event"),
)
row(
    plots.timeline,
    "year as text",
    lambda: plots.timeline({"1958": "Perceptron"}, title="t"),
    raises(TypeError, "year"),
)
row(plots.timeline, "a string", lambda: plots.timeline("1958", title="t"), raises(TypeError, "events"))
row(
    plots.timeline,
    "np.int64 years",
    lambda: [
        t.get_text() for t in plots.timeline({np.int64(1958): "Perceptron", 1943: "M&P"}, title="t").texts
    ],
    works(equal(["1943\nM&P", "1958\nPerceptron"])),
)
row(
    plots.decision_boundary,
    "predict returns two columns",
    lambda: plots.decision_boundary(two_outputs, X4, [0, 0, 1, 1], title="t"),
    raises(ValueError, "predict", "[:, 1]"),
)
row(
    plots.decision_boundary,
    "x of 3 features",
    lambda: plots.decision_boundary(np.sum, np.ones((4, 3)), [0, 0, 1, 1], title="t"),
    raises(ValueError, "x"),
)
row(
    plots.decision_boundary,
    "fewer labels",
    lambda: plots.decision_boundary(lambda g: g[:, 0], X4, [0, 1], title="t"),
    raises(ValueError, "x", "y"),
)
row(
    plots.decision_boundary,
    "resolution 0",
    lambda: plots.decision_boundary(lambda g: g[:, 0], X4, [0, 0, 1, 1], title="t", resolution=0),
    raises(ValueError, "resolution"),
)
row(
    plots.decision_boundary,
    "predict a model's output",
    lambda: plots.decision_boundary(np.ones((4, 1)), X4, [0, 0, 1, 1], title="t"),
    raises(TypeError, "predict"),
)
row(
    plots.decision_boundary,
    "predict returns text",
    lambda: plots.decision_boundary(lambda g: np.array(["a"] * len(g)), X4, [0, 0, 1, 1], title="t"),
    raises(TypeError, "predict"),
)
row(
    plots.decision_boundary,
    "(m, 1) probabilities",
    lambda: (
        len(
            plots.decision_boundary(
                lambda g: (g[:, :1] > 0).astype(float), X4, [0, 0, 1, 1], title="t"
            ).collections
        )
        >= 2
    ),
    works(equal(True)),
)
row(
    plots.image_grid,
    "one flat image",
    lambda: plots.image_grid(np.zeros(784)),
    raises(ValueError, "images", "[None]"),
)
row(
    plots.image_grid,
    "one 28x28 image",
    lambda: plots.image_grid(np.zeros((28, 28))),
    raises(ValueError, "images", "[None]"),
)
row(
    plots.image_grid,
    "titles too few",
    lambda: plots.image_grid(np.zeros((3, 784)), titles=["a"]),
    raises(ValueError, "titles"),
)
row(
    plots.image_grid,
    "titles a string",
    lambda: plots.image_grid(np.zeros((3, 784)), titles="abc"),
    raises(ValueError, "titles"),
)
row(
    plots.image_grid,
    "ncols 0",
    lambda: plots.image_grid(np.zeros((3, 784)), ncols=0),
    raises(ValueError, "ncols"),
)
row(plots.image_grid, "empty", lambda: plots.image_grid(np.zeros((0, 784))), raises(ValueError, "images"))
row(plots.image_grid, "NaN", lambda: plots.image_grid(np.full((2, 784), NAN)), raises(ValueError, "images"))
row(
    plots.image_grid,
    "signed 'yes'",
    lambda: plots.image_grid(np.zeros((2, 784)), signed="yes"),
    raises(TypeError, "signed"),
)
row(
    plots.image_grid,
    "uint8 (n, 28, 28)",
    lambda: len(plots.image_grid(np.zeros((3, 28, 28), np.uint8)).axes),
    works(equal(3)),
)
row(
    plots.training_curves,
    "one history, not a dict of runs",
    lambda: plots.training_curves({"loss": [1.0, 0.5]}),
    raises(TypeError, "histories", "'my run'"),
)
row(
    plots.training_curves,
    "a metric not recorded",
    lambda: plots.training_curves({"run": {"loss": [1.0, 0.5]}}, metric="accuracy"),
    raises(ValueError, "accuracy", "metrics=['accuracy']"),
)
row(plots.training_curves, "no runs", lambda: plots.training_curves({}), raises(ValueError, "histories"))
row(
    plots.training_curves,
    "a list of runs",
    lambda: plots.training_curves([{"loss": [1.0]}]),
    raises(TypeError, "histories"),
)
row(
    plots.training_curves,
    "values as text",
    lambda: plots.training_curves({"run": {"loss": ["1.0", "0.5"]}}),
    raises(TypeError, "loss"),
)
row(
    plots.training_curves,
    "metric a list",
    lambda: plots.training_curves({"run": {"loss": [1.0]}}, metric=["loss"]),
    raises(TypeError, "metric"),
)
row(
    plots.training_curves,
    "a diverged run (NaN drawn as a gap)",
    lambda: plots.training_curves({"run": {"loss": [1.0, NAN]}}).lines[0].get_ydata()[0],
    works(close(1.0)),
)
row(
    plots.misclassified,
    "softmax rows",
    lambda: plots.misclassified(np.zeros((2, 784)), [0, 1], np.eye(2)[[1, 0]] * 0.9),
    raises(ValueError, "y_pred", "argmax"),
)
row(
    plots.misclassified,
    "every prediction right",
    lambda: plots.misclassified(np.zeros((2, 784)), [0, 1], [0, 1]),
    raises(ValueError, "y_pred"),
)
row(
    plots.misclassified,
    "fewer images",
    lambda: plots.misclassified(np.zeros((1, 784)), [0, 1], [1, 0]),
    raises(ValueError, "images"),
)
row(
    plots.misclassified,
    "limit 0",
    lambda: plots.misclassified(np.zeros((2, 784)), [0, 1], [1, 0], limit=0),
    raises(ValueError, "limit"),
)
row(
    plots.misclassified,
    "(N, 1) labels",
    lambda: [
        ax.get_title() for ax in plots.misclassified(np.zeros((3, 784)), [[0], [1], [2]], [0, 2, 2]).axes
    ],
    works(equal(["1 -> 2"])),
)
row(
    plots.confusion_matrix,
    "labels, not a matrix",
    lambda: plots.confusion_matrix([0, 1, 1]),
    raises(ValueError, "matrix", "metrics.confusion_matrix"),
)
row(
    plots.confusion_matrix,
    "not square",
    lambda: plots.confusion_matrix(np.ones((2, 3))),
    raises(ValueError, "matrix"),
)
row(
    plots.confusion_matrix,
    "labels too few",
    lambda: plots.confusion_matrix(np.eye(3), labels=["a"]),
    raises(ValueError, "labels"),
)
row(
    plots.confusion_matrix,
    "a list",
    lambda: [t.get_text() for t in plots.confusion_matrix([[5, 1], [0, 4]]).texts],
    works(equal(["5", "1", "0", "4"])),
)
row(
    plots.descent_path_1d,
    "empty path",
    lambda: plots.descent_path_1d(np.square, [], title="t"),
    raises(ValueError, "path"),
)
row(
    plots.descent_path_1d,
    "f a value",
    lambda: plots.descent_path_1d(4.0, [2.0], title="t"),
    raises(TypeError, "f"),
)
row(
    plots.descent_path_1d,
    "f not element-wise",
    lambda: plots.descent_path_1d(np.sum, [2.0, 1.0], title="t"),
    raises(ValueError, "f"),
)
row(
    plots.descent_path_1d,
    "a (steps, 1) path",
    lambda: plots.descent_path_1d(np.square, [[2.0], [1.0]], title="t").lines[1].get_ydata(),
    works(close([4.0, 1.0])),
)
row(
    plots.descent_paths_2d,
    "paths a list",
    lambda: plots.descent_paths_2d(bowl, [PATH_2D], title="t"),
    raises(TypeError, "paths"),
)
row(
    plots.descent_paths_2d,
    "a 1-D path",
    lambda: plots.descent_paths_2d(bowl, {"sgd": [1.0, 0.5]}, title="t"),
    raises(ValueError, "paths['sgd']"),
)
row(
    plots.descent_paths_2d,
    "a path of 3 columns",
    lambda: plots.descent_paths_2d(bowl, {"sgd": np.ones((2, 3))}, title="t"),
    raises(ValueError, "paths['sgd']"),
)
row(
    plots.descent_paths_2d,
    "limits of 2",
    lambda: plots.descent_paths_2d(bowl, {"sgd": PATH_2D}, title="t", limits=(-1, 1)),
    raises(ValueError, "limits"),
)
row(
    plots.descent_paths_2d,
    "levels 0",
    lambda: plots.descent_paths_2d(bowl, {"sgd": PATH_2D}, title="t", levels=0),
    raises(ValueError, "levels"),
)
row(
    plots.descent_paths_2d,
    "f of one array",
    lambda: plots.descent_paths_2d(lambda w: (w**2).sum(), {"sgd": PATH_2D}, title="t"),
    raises(TypeError, "f", "w1, w2"),
)
row(
    plots.descent_paths_2d,
    "f returns one number",
    lambda: plots.descent_paths_2d(lambda w1, w2: 1.0, {"sgd": PATH_2D}, title="t"),
    raises(ValueError, "f"),
)
row(
    plots.descent_paths_2d,
    "a list path",
    lambda: [
        line.get_label() for line in plots.descent_paths_2d(bowl, {"sgd": PATH_2D.tolist()}, title="t").lines
    ],
    works(equal(["sgd"])),
)
row(
    plots.decision_boundaries,
    "targets 1-D",
    lambda: plots.decision_boundaries(two_outputs, X4, [0, 1, 1, 0], titles=["a"]),
    raises(ValueError, "targets"),
)
row(
    plots.decision_boundaries,
    "titles too few",
    lambda: plots.decision_boundaries(two_outputs, X4, np.eye(2)[[0, 1, 1, 0]], titles=["a"]),
    raises(ValueError, "titles"),
)
row(
    plots.decision_boundaries,
    "predict one column",
    lambda: plots.decision_boundaries(lambda g: g[:, :1], X4, np.eye(2)[[0, 1, 1, 0]], titles=["a", "b"]),
    raises(ValueError, "predict"),
)
row(
    plots.decision_boundaries,
    "predict not a function",
    lambda: plots.decision_boundaries("model", X4, np.eye(2)[[0, 1, 1, 0]], titles=["a", "b"]),
    raises(TypeError, "predict"),
)
row(
    plots.decision_boundaries,
    "list targets",
    lambda: [
        ax.get_title()
        for ax in plots.decision_boundaries(
            two_outputs, X4, [[0, 1], [1, 0], [1, 0], [0, 1]], titles=["a", "b"]
        ).axes
    ],
    works(equal(["a", "b"])),
)
row(
    plots.computational_graph,
    "an edge to a missing node",
    lambda: plots.computational_graph(GRAPH_NODES, [("w", "L", "")], title="t"),
    raises(ValueError, "'L'", "nodes"),
)
row(
    plots.computational_graph,
    "a node of 3 items",
    lambda: plots.computational_graph({"w": (0, 0, "w")}, [], title="t"),
    raises(ValueError, "nodes['w']"),
)
row(
    plots.computational_graph,
    "no nodes",
    lambda: plots.computational_graph({}, [], title="t"),
    raises(ValueError, "nodes"),
)
row(
    plots.computational_graph,
    "side 'right'",
    lambda: plots.computational_graph({"w": (0, 0, "w", "2", "g", "right")}, [], title="t"),
    raises(ValueError, "left"),
)
row(
    plots.computational_graph,
    "x as text",
    lambda: plots.computational_graph({"w": ("0", 0, "w", "2", "g")}, [], title="t"),
    raises(TypeError, "nodes['w']"),
)
row(
    plots.computational_graph,
    "an edge of 2",
    lambda: plots.computational_graph(GRAPH_NODES, [("w", "J")], title="t"),
    raises(ValueError, "edge"),
)
row(
    plots.computational_graph,
    "np.float64 positions",
    lambda: len(
        plots.computational_graph(
            {k: (np.float64(v[0]), *v[1:]) for k, v in GRAPH_NODES.items()}, [("w", "J", "3")], title="t"
        ).patches
    ),
    works(equal(1)),
)

# nnkit.claims
row(claims.strict, "nothing to get wrong", claims.strict, works(lambda value: isinstance(value, bool)))
row(claims.Quotes, "settings None", lambda: claims.Quotes(None), raises(TypeError, "settings", "globals()"))
row(
    claims.Quotes,
    "globals()",
    lambda: claims.Quotes({"EPOCHS": 5}, EPOCHS=20).changed(),
    works(equal({"EPOCHS": 5})),
)
row(
    (claims.Quotes, "changed"),
    "a setting missing",
    lambda: list(claims.Quotes({}, EPOCHS=20).changed()),
    works(equal(["EPOCHS"])),
)
row(
    (claims.Quotes, "close"),
    "rtol as text",
    lambda: quiet_quotes().close(0.5, 0.5, "p", rtol="1e-3"),
    raises(TypeError, "rtol"),
)
row(
    (claims.Quotes, "close"),
    "atol negative",
    lambda: quiet_quotes().close(0.5, 0.5, "p", atol=-1),
    raises(ValueError, "atol"),
)
row(
    (claims.Quotes, "close"),
    "a float32 that agrees",
    lambda: prints(lambda: quiet_quotes().close(np.float32(0.1), 0.1, "p")),
    works(equal("")),
)
row(
    (claims.Quotes, "close"),
    "NaN differs, in a sentence",
    lambda: prints(lambda: quiet_quotes().close(NAN, 0.1, "the loss")),
    works(lambda text: "gives nan" in text),
)
row(
    (claims.Quotes, "equal"),
    "a list against an array",
    lambda: prints(lambda: quiet_quotes().equal([3, 5], np.array([3, 5]), "counts")),
    works(equal("")),
)
row(
    (claims.Quotes, "equal"),
    "another shape differs",
    lambda: prints(lambda: quiet_quotes().equal([3, 5], [[3, 5]], "counts")),
    works(lambda text: "differs" in text),
)
row(
    (claims.Quotes, "true"),
    "a list of truths",
    lambda: quiet_quotes().true([False], "always"),
    raises(TypeError, "condition", "np.all"),
)
row(
    (claims.Quotes, "true"),
    "an array of truths",
    lambda: quiet_quotes().true(np.array([1, 2]) > 1, "all"),
    raises(TypeError, "condition", "np.all"),
)
row(
    (claims.Quotes, "true"),
    "np.bool_",
    lambda: prints(lambda: quiet_quotes().true(np.bool_(True), "yes")),
    works(equal("")),
)
row(
    (claims.Quotes, "given"),
    "a list as the condition",
    lambda: quiet_quotes().given([True], "c", instead="i"),
    raises(TypeError, "holds", "np.all"),
)
row(
    (claims.Quotes, "given"),
    "no sentence for instead",
    lambda: quiet_quotes().given(True, "the classes are separable", instead=""),
    raises(TypeError, "instead"),
)


def broken_condition_notes() -> str:
    quotes = quiet_quotes(SPREAD=0.5)
    separable = quotes.given(False, "the classes are separable", instead="it never converges")

    def checks():
        with separable:
            quotes.equal(447, 33, "the updates")  # silent: the broken condition explains it
        with separable:
            quotes.true(False, "no mistake left")  # silent, and the condition is not announced twice
        quotes.equal(1, 2, "a count outside")  # still checked

    return prints(checks)


row(
    (claims.Quotes, "given"),
    "a broken condition: one sentence, then silence",
    broken_condition_notes,
    works(lambda text: text.count("breaks a condition the text relies on: the classes are separable") == 1
          and "Instead, it never converges." in text and "447" not in text and "a count outside" in text),
)


def strict_broken_condition() -> str:
    quotes = claims.Quotes({})
    quotes.strict = True
    try:
        with quotes.given(False, "the classes are separable", instead="it never converges"):
            pass
    except claims.QuoteMismatch as error:  # the tests' own mode: the committed run must meet its conditions
        return str(error)
    return "no error"


row(
    (claims.Quotes, "given"),
    "strict: a broken condition is an error",
    strict_broken_condition,
    works(lambda text: "breaks a condition the text relies on: the classes are separable" in text),
)
row(
    (claims.Quotes, "close"),
    "a long array is quoted by its values",
    lambda: prints(lambda: quiet_quotes().close(np.arange(20.0), np.arange(20.0) + 1, "the steps")),
    works(lambda text: "shape" not in text and "[1, 2, 3," in text and "(20 values)" in text),
)
row(
    claims.QuoteMismatch,
    "raised as an assertion",
    lambda: isinstance(claims.QuoteMismatch("x"), AssertionError),
    works(equal(True)),
)

# nnkit.session
row(nnkit.setup, "seed text", lambda: nnkit.setup(seed="x", tensorflow=False), raises(TypeError, "seed"))
row(nnkit.setup, "seed -1", lambda: nnkit.setup(seed=-1, tensorflow=False), raises(ValueError, "seed"))
row(nnkit.setup, "seed 1.5", lambda: nnkit.setup(seed=1.5, tensorflow=False), raises(TypeError, "seed"))
row(nnkit.setup, "seed 2**32", lambda: nnkit.setup(seed=2**32, tensorflow=False), raises(ValueError, "seed"))
row(
    nnkit.setup,
    "tensorflow 'no'",
    lambda: nnkit.setup(seed=0, tensorflow="no"),
    raises(TypeError, "tensorflow"),
)
row(
    nnkit.setup,
    "np.int64 seed",
    lambda: (nnkit.setup(seed=np.int64(0), tensorflow=False), np.random.rand())[1],
    works(close(0.5488135039273248)),
)


# nnkit.models, nnkit.codegen, nnkit.probabilities, nnkit.saving: these build Keras models.
def keras_rows() -> None:
    def dense(units=(3,), **options):
        options = {"task": "multiclass", "input_dim": 2, **options}
        return nnkit.dense_model(list(units) if isinstance(units, tuple) else units, **options)

    def widths(model):
        return [layer.units for layer in model.layers]

    def kernel_inputs(model):
        return model.layers[0].kernel.shape[0]

    def optimizer_class():
        import keras

        return keras.optimizers.Adam

    y = np.array([0, 1, 2, 0])
    row(
        nnkit.dense_model,
        "from_logits 'no'",
        lambda: dense(from_logits="no"),
        raises(TypeError, "from_logits"),
    )
    row(
        nnkit.dense_model,
        "input_dim np.prod((28, 28))",
        lambda: kernel_inputs(dense(input_dim=np.prod((28, 28)))),
        works(equal(784)),
    )
    row(
        nnkit.dense_model,
        "units [25, y.max() + 1]",
        lambda: widths(dense([25, y.max() + 1])),
        works(equal([25, 3])),
    )
    row(nnkit.dense_model, "units an array", lambda: widths(dense(np.array([8, 3]))), works(equal([8, 3])))
    row(
        nnkit.dense_model,
        "learning_rate np.float32",
        lambda: float(dense(optimizer="adam", learning_rate=np.float32(1e-3)).optimizer.learning_rate),
        works(close(1e-3)),
    )
    row(
        nnkit.dense_model,
        "task typo",
        lambda: dense(task="classification"),
        raises(ValueError, "task", "'multiclass'"),
    )
    row(nnkit.dense_model, "units a number", lambda: dense(10), raises(TypeError, "units"))
    row(nnkit.dense_model, "a zero width", lambda: dense([4, 0, 3]), raises(ValueError, "units"))
    row(
        nnkit.dense_model,
        "the optimizer class",
        lambda: dense(optimizer=optimizer_class()),
        raises(TypeError, "optimizer", "Adam()"),
    )
    row(
        nnkit.dense_model,
        "metric typo",
        lambda: dense(metrics=["acuracy"]),
        raises(ValueError, "metrics", "acuracy"),
    )
    row(
        nnkit.dense_model, "metrics a string", lambda: dense(metrics="accuracy"), raises(TypeError, "metrics")
    )
    row(
        nnkit.dense_model,
        "learning_rate text",
        lambda: dense(learning_rate="0.01"),
        raises(TypeError, "learning_rate"),
    )
    row(
        nnkit.dense_model, "hidden 'Relu'", lambda: dense([4, 3], hidden="Relu"), raises(ValueError, "hidden")
    )
    row(
        nnkit.dense_model,
        "input_dim a shape",
        lambda: dense(input_dim=(784,)),
        raises(TypeError, "input_dim"),
    )
    row(nnkit.dense_model, "one output for multiclass", lambda: dense([1]), raises(ValueError, "units"))
    row(
        nnkit.slide_model,
        "name typo",
        lambda: nnkit.slide_model("softmax_logits"),
        raises(ValueError, "name", "'softmax_from_logits'"),
    )
    row(
        nnkit.slide_model,
        "input_dim text",
        lambda: nnkit.slide_model("softmax", input_dim="784"),
        raises(TypeError, "slide_model", "input_dim"),
    )
    row(
        nnkit.slide_model,
        "input_dim np.int64",
        lambda: kernel_inputs(nnkit.slide_model("softmax", input_dim=np.int64(784))),
        works(equal(784)),
    )
    row(nnkit.keras_code, "a NumPy array", lambda: nnkit.keras_code(np.zeros(3)), raises(TypeError, "model"))
    row(
        nnkit.keras_code, "a Conv2D layer", lambda: nnkit.keras_code(conv_model()), raises(TypeError, "Dense")
    )
    row(
        nnkit.keras_code,
        "a loaded model",
        lambda: "Dense(3" in nnkit.keras_code(nnkit.load_model(saved_model())),
        works(equal(True)),
    )
    row(
        nnkit.predict_proba,
        "x first, model second",
        lambda: nnkit.predict_proba(np.zeros((2, 2)), classifier()),
        raises(TypeError, "model"),
    )
    row(
        nnkit.predict_proba,
        "a regression model",
        lambda: nnkit.predict_proba(dense([1], task="regression"), np.zeros((2, 2))),
        raises(ValueError, "classifier"),
    )
    row(
        nnkit.predict_proba,
        "x as text",
        lambda: nnkit.predict_proba(classifier(), [["a", "b"]]),
        raises(TypeError, "x"),
    )
    row(
        nnkit.predict_proba,
        "x empty",
        lambda: nnkit.predict_proba(classifier(), np.zeros((0, 2))),
        raises(ValueError, "x"),
    )
    row(
        nnkit.predict_proba,
        "x NaN",
        lambda: nnkit.predict_proba(classifier(), [[NAN, 1.0]]),
        raises(ValueError, "x"),
    )
    row(
        nnkit.predict_proba,
        "x 1-D",
        lambda: nnkit.predict_proba(classifier(), [1.0, 2.0]),
        raises(ValueError, "x"),
    )
    row(
        nnkit.predict_proba,
        "x a list of lists",
        lambda: nnkit.predict_proba(classifier(), [[1.0, 2.0], [0.0, 1.0]]),
        works(lambda p: p.shape == (2, 3) and np.allclose(p.sum(axis=1), 1.0)),
    )
    row(
        nnkit.load_model,
        "a missing file",
        lambda: nnkit.load_model(folder() / "nowhere.keras"),
        raises(FileNotFoundError, "path"),
    )
    row(
        nnkit.load_model,
        "a truncated file",
        lambda: nnkit.load_model(truncated(saved_model(), ".keras")),
        raises(ValueError, "path"),
    )
    row(
        nnkit.load_model,
        "a foreign zip",
        lambda: nnkit.load_model(foreign_zip(".keras")),
        raises(ValueError, "path"),
    )
    row(
        nnkit.load_model,
        "an .h5 name",
        lambda: nnkit.load_model(small_mnist_npz()),
        raises(ValueError, "path"),
    )
    row(nnkit.load_model, "path None", lambda: nnkit.load_model(None), raises(TypeError, "path"))
    row(nnkit.load_model, "~ in the path", loaded_from_home, works(equal(True)))


# nnkit.scratch losses: the silent broadcast, labels out of range, the wrong kind of target.
Y3, P3 = np.array([1.0, 0.0, 1.0]), np.array([0.9, 0.2, 0.6])
ROWS3, LABELS3 = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]]), np.array([0, 1, 2])
for loss in (s.mean_squared_error, s.mean_absolute_error, s.binary_crossentropy, s.hinge, s.squared_hinge):
    row(loss, "(N,) against (N, 1)", functools.partial(loss, Y3, P3[:, None]), raises(ValueError, "reshape"))
    row(loss, "text targets", functools.partial(loss, ["1", "0", "1"], P3), raises(TypeError, "numbers"))
row(s.mean_squared_error, "right answer", lambda: s.mean_squared_error(Y3, P3), works(close(0.07)))
row(
    s.mean_squared_error,
    "half='yes'",
    lambda: s.mean_squared_error(Y3, P3, half="yes"),
    raises(TypeError, "half"),
)
row(
    s.mean_absolute_error,
    "many candidates at once",
    lambda: s.mean_absolute_error(Y3, np.zeros((5, 3))),
    works(close(np.full(5, 2 / 3))),
)
row(s.hinge, "0/1 labels read as -1/1", lambda: s.hinge([1.0, 0.0], [2.0, -0.5]), works(close(0.25)))
row(s.squared_hinge, "right answer", lambda: s.squared_hinge([1.0, -1.0], [2.0, 0.5]), works(close(1.125)))
row(
    s.binary_crossentropy,
    "logits where p belongs",
    lambda: s.binary_crossentropy(Y3, [2.3, -1.0, 0.5]),
    raises(ValueError, "p", "from_logits"),
)
row(
    s.binary_crossentropy,
    "-1/1 labels",
    lambda: s.binary_crossentropy([1.0, -1.0], [0.9, 0.2]),
    raises(ValueError, "(y + 1) / 2"),
)
row(
    s.binary_crossentropy_from_logits,
    "(N,) against (N, 1)",
    lambda: s.binary_crossentropy_from_logits(Y3, P3[:, None]),
    raises(ValueError, "reshape"),
)
row(
    s.binary_crossentropy_from_logits,
    "right answer",
    lambda: s.binary_crossentropy_from_logits([1.0], [0.0]),
    works(close([math.log(2)])),
)
for sparse in (s.sparse_categorical_crossentropy, s.sparse_categorical_crossentropy_from_logits):
    row(sparse, "label -1", functools.partial(sparse, [0, 1, -1], ROWS3), raises(ValueError, "y"))
    row(sparse, "label K", functools.partial(sparse, [0, 1, 3], ROWS3), raises(ValueError, "0..2"))
    row(
        sparse, "fewer labels than rows", functools.partial(sparse, [0, 1], ROWS3), raises(ValueError, "rows")
    )
    row(sparse, "one-hot labels", functools.partial(sparse, np.eye(3), ROWS3), raises(ValueError, "argmax"))
    row(sparse, "1-D scores", functools.partial(sparse, [0], [0.2, 0.8]), raises(ValueError, "reshape"))
row(
    s.sparse_categorical_crossentropy,
    "right answer",
    lambda: s.sparse_categorical_crossentropy(LABELS3, ROWS3),
    works(close(-np.log([0.7, 0.8, 0.4]))),
)
row(
    s.sparse_categorical_crossentropy,
    "logits where probabilities belong",
    lambda: s.sparse_categorical_crossentropy(LABELS3, ROWS3 - 0.5),
    raises(ValueError, "from_logits"),
)
row(
    s.sparse_categorical_crossentropy_from_logits,
    "huge scores, exact",
    lambda: s.sparse_categorical_crossentropy_from_logits([2], [[100.0, 0.0, -100.0]]),
    works(close([200.0])),
)
row(
    s.categorical_crossentropy,
    "class numbers where one-hot rows belong",
    lambda: s.categorical_crossentropy(LABELS3, ROWS3),
    raises(ValueError, "sparse_categorical_crossentropy"),
)
row(
    s.categorical_crossentropy,
    "right answer",
    lambda: s.categorical_crossentropy(np.eye(3), ROWS3),
    works(close(-np.log([0.7, 0.8, 0.4]))),
)
row(
    s.categorical_crossentropy,
    "rows of another width",
    lambda: s.categorical_crossentropy(np.eye(2), ROWS3),
    raises(ValueError, "y_onehot"),
)


def checks_and_prototype_rows() -> None:
    from nnkit.prototyping.table import TableError

    row(
        nnkit.with_input_checks,
        "a string for the model",
        lambda: nnkit.with_input_checks("model"),
        raises(TypeError, "model"),
    )
    row(
        nnkit.with_input_checks,
        "None for the model",
        lambda: nnkit.with_input_checks(None),
        raises(TypeError, "model"),
    )
    row(
        nnkit.with_input_checks,
        "a compiled model",
        lambda: nnkit.with_input_checks(nnkit.dense_model([3], input_dim=2, task="multiclass")),
        works(lambda model: hasattr(model, "fit")),
    )
    row(
        nnkit.prototype,
        "None for the data",
        lambda: nnkit.prototype(None, target="y"),
        raises(TableError, "data"),
    )
    row(
        nnkit.prototype,
        "a file that does not exist",
        lambda: nnkit.prototype(folder() / "no.csv", target="y"),
        raises(FileNotFoundError, "no.csv"),
    )
    table = (X4, Y4)
    row(nnkit.prototype, "tune=0 trials", lambda: nnkit.prototype(table, tune=0), raises(ValueError, "tune"))
    row(nnkit.prototype, "tune='8'", lambda: nnkit.prototype(table, tune="8"), raises(TypeError, "tune"))
    row(nnkit.prototype, "live='no'", lambda: nnkit.prototype(table, live="no"), raises(TypeError, "live"))
    row(nnkit.prototype, "seed=-1", lambda: nnkit.prototype(table, seed=-1), raises(ValueError, "seed"))
    row(
        nnkit.prototype,
        "batch_size=0",
        lambda: nnkit.prototype(table, batch_size=0),
        raises(ValueError, "batch_size"),
    )
    from nnkit.prototyping import prototype_script

    row(prototype_script, "None for the run", lambda: prototype_script(None), raises(TypeError, "run"))
    row(
        prototype_script,
        "a model instead of the run",
        lambda: prototype_script(nnkit.dense_model([1], input_dim=2, task="binary")),
        raises(TypeError, "run"),
    )


checks_and_prototype_rows()

keras_rows()


# nnkit.playground (issue 13): the headless functions raise; the widget shows the message instead.
def playground_rows() -> None:
    from nnkit import playground as pg

    tiny = {"samples": 40, "hidden": [2]}
    nan_points = {"points": [[0.0, 0.0], [1.0, NAN], [2.0, 2.0], [3.0, 3.0]], "labels": [0, 1, 0, 1]}
    row(
        pg.make_config,
        "a learning rate of 0",
        lambda: pg.make_config(learning_rate=0),
        raises(ValueError, "learning_rate"),
    )
    row(
        pg.make_config,
        "a misspelt setting",
        lambda: pg.make_config(learn_rate=0.1),
        raises(TypeError, "learning_rate"),
    )
    row(pg.make_config, "a list for config", lambda: pg.make_config([1, 2]), raises(TypeError, "config"))
    row(
        pg.make_config,
        "a JSON string",
        lambda: pg.make_config('{"dataset": "xor"}'),
        works(lambda c: c.dataset == "xor"),
    )
    row(
        pg.PlaygroundConfig,
        "zero hidden units",
        lambda: pg.PlaygroundConfig(hidden=[4, 0]),
        raises(ValueError, "hidden"),
    )
    row(
        pg.PlaygroundConfig,
        "a learning rate as text",
        lambda: pg.PlaygroundConfig(learning_rate="fast"),
        raises(TypeError, "learning_rate"),
    )
    row(
        pg.PlaygroundConfig,
        "points with NaN",
        lambda: pg.PlaygroundConfig(dataset="user", **nan_points),
        raises(ValueError, "points"),
    )
    row(
        pg.PlaygroundConfig,
        "points of shape (n, 3)",
        lambda: pg.PlaygroundConfig(dataset="user", points=np.zeros((4, 3)), labels=[0, 1, 0, 1]),
        raises(ValueError, "points"),
    )
    row(
        pg.PlaygroundConfig,
        "more classes than colours",
        lambda: pg.PlaygroundConfig(dataset="user", points=np.zeros((12, 2)), labels=np.arange(12)),
        raises(ValueError, "labels"),
    )
    row(
        pg.PlaygroundConfig,
        "NumPy numbers",
        lambda: pg.PlaygroundConfig(hidden=np.array([3]), noise=np.float32(0.5)),
        works(lambda c: c.hidden == (3,) and c.noise == 0.5),
    )
    row(
        (pg.PlaygroundConfig, "to_dict"),
        "JSON types",
        lambda: pg.PlaygroundConfig(hidden=(3,)).to_dict(),
        works(lambda d: d["hidden"] == [3] and d["digits"] == [0, 1]),
    )
    row(
        (pg.PlaygroundConfig, "to_json"),
        "round trip",
        lambda: pg.PlaygroundConfig(seed=4).to_json(),
        works(lambda text: pg.make_config(text).seed == 4),
    )
    row(pg.run, "negative steps", lambda: pg.run(tiny, steps=-1), raises(ValueError, "steps"))
    row(pg.run, "steps as text", lambda: pg.run(tiny, steps="10"), raises(TypeError, "steps"))
    row(pg.run, "user points with NaN", lambda: pg.run(**nan_points), raises(ValueError, "points"))
    row(
        pg.run,
        "a tiny run",
        lambda: pg.run(tiny, steps=5),
        works(lambda r: r.steps == 5 and r.train_loss > 0),
    )
    row(
        pg.RunResult,
        "made by run",
        lambda: pg.run(tiny, steps=0),
        works(lambda r: isinstance(r, pg.RunResult)),
    )
    row(
        (pg.RunResult, "figure"),
        "three views",
        lambda: pg.run(tiny, steps=2).figure(),
        works(lambda f: len(f.axes) == 3),
    )
    row(
        (pg.RunResult, "code"),
        "standalone",
        lambda: pg.run(tiny, steps=2).code(),
        works(lambda c: "STEPS = 2" in c),
    )
    row(
        (pg.RunResult, "config_json"),
        "restorable",
        lambda: pg.run(tiny, steps=0).config_json(),
        works(lambda text: pg.make_config(text).samples == 40),
    )
    row(
        pg.export_code,
        "a string for steps",
        lambda: pg.export_code(tiny, steps="many"),
        raises(TypeError, "steps"),
    )
    row(pg.export_code, "zero hidden units", lambda: pg.export_code(hidden=[0]), raises(ValueError, "hidden"))
    row(
        pg.export_code,
        "a setup",
        lambda: pg.export_code(tiny, steps=3),
        works(lambda c: "import nnkit" not in c),
    )
    row(
        pg.export_config,
        "config of the wrong kind",
        lambda: pg.export_config(3.5),
        raises(TypeError, "config"),
    )
    row(
        pg.export_config,
        "a setup",
        lambda: pg.export_config(tiny),
        works(lambda text: '"samples":40' in text),
    )
    row(
        pg.Playground,
        "a learning rate of 0: a message, not a traceback",
        lambda: pg.Playground(learning_rate=0),
        works(lambda p: p.status.startswith("playground: learning_rate") and "Fix:" in p.status),
    )
    row(
        pg.Playground,
        "points with NaN: a message",
        lambda: pg.Playground(**nan_points),
        works(lambda p: "NaN" in p.status and "Fix:" in p.status),
    )
    row(
        (pg.Playground, "code"),
        "after a step",
        lambda: _stepped(pg.Playground(tiny)).code(),
        works(lambda c: "STEPS = 10" in c),
    )
    row(
        (pg.Playground, "config_json"),
        "restorable",
        lambda: pg.Playground(tiny).config_json(),
        works(lambda text: pg.make_config(text).hidden == (2,)),
    )


def _stepped(playground):
    playground.buttons["Step"].click()
    return playground


playground_rows()

# ----------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("case", ROWS, ids=[f"{canonical(r.target)[6:]}: {r.mistake}" for r in ROWS])
def test_bad_input(case: Row):
    try:
        if isinstance(case.expect, Raises):
            with pytest.raises(Exception) as caught:
                case.call()
            error, message = caught.value, str(caught.value)
            assert isinstance(error, case.expect.error), f"{type(error).__name__}: {message}"
            assert isinstance(error, (ValueError, TypeError, FileNotFoundError))
            assert "Fix:" in message, message
            for name in case.expect.names:
                assert name in message, f"{name!r} not in: {message}"
        else:
            value = case.call()
            assert case.expect.right(value), f"wrong result: {value!r}"
            assert not has_nan(value), f"NaN in {value!r}"
    finally:
        plt.close("all")


PUBLIC_MODULES = [
    "nnkit",
    "nnkit.arguments",
    "nnkit.claims",
    "nnkit.codegen",
    "nnkit.datasets",
    "nnkit.datasets.mnist",
    "nnkit.datasets.toy",
    "nnkit.metrics",
    "nnkit.models",
    "nnkit.plots",
    "nnkit.playground",
    "nnkit.probabilities",
    "nnkit.prototyping.script",
    "nnkit.saving",
    "nnkit.scratch",
    "nnkit.scratch.activations",
    "nnkit.scratch.gradients",
    "nnkit.scratch.losses",
    "nnkit.scratch.mlp",
    "nnkit.scratch.neuron",
    "nnkit.scratch.optimizers",
    "nnkit.scratch.perceptron",
    "nnkit.scratch.registry",
    "nnkit.session",
]
# The exercise checkers have their own rule for garbage (a hint, never an exception: tests/exercises/).
ELSEWHERE = ("nnkit.exercises.",)


def public_callables() -> set[str]:
    found = set()
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
        for name in names:
            value = getattr(module, name)
            ours = getattr(value, "__module__", "").startswith("nnkit")
            if inspect.ismodule(value) or not callable(value) or not ours:
                continue
            if getattr(module, "__all__", None) is None and value.__module__ != module_name:
                continue  # imported from elsewhere, counted where it is defined
            found.add(canonical(value))
            if inspect.isclass(value):
                for method, _ in inspect.getmembers(value, inspect.isfunction):
                    if not method.startswith("_") and not issubclass(value, BaseException):
                        found.add(canonical((value, method)))
    return {name for name in found if not name.startswith(ELSEWHERE)}


def test_the_table_covers_every_public_callable():
    covered = {canonical(r.target) for r in ROWS}
    missing = sorted(public_callables() - covered)
    assert not missing, (
        f"public callables without a row in the bad-input table: {missing}. Add rows to ROWS here, or "
        "list the module in ELSEWHERE if its bad-input tests live in another file."
    )
    unknown = sorted(name for name in covered - public_callables() if not name.endswith("ACTIVATIONS"))
    assert not unknown, f"rows for names that are not public: {unknown}"
