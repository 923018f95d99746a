"""Checkers for lesson 01, the artificial neuron.

Each checker takes the student's answer and returns a Feedback; see
:mod:`nnkit.exercises.feedback`. The exercise's numbers live here too, so the
lesson and the tests use the same ones.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from nnkit.exercises.answers import as_array, expect_choice, expect_close
from nnkit.exercises.feedback import Hint, exercise
from nnkit.exercises.gates import GATE_INPUTS, gate_weights, written

# Exercise 01.1: the neuron the student computes by hand.
X_NEW = (2.0, 1.0, -1.0)
W_NEW = (0.5, -1.5, 1.0)
B_NEW = 0.8

# Exercise 01.2: the four inputs of a two-input logic gate, and AND's truth table.
AND = np.array([0, 0, 0, 1])
_OR, _NAND = np.array([0, 1, 1, 1]), np.array([1, 1, 1, 0])


def _sigmoid(z: Any) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


@exercise(
    "01.1",
    "A neuron by hand",
    stars=1,
    where="section 3's two steps: the weighted sum z = w.x + b, then a = g(z) = 1 / (1 + e^(-z)).",
    example="w = (1, 2), b = -1, x = (0.5, 0.5): z = 0.5 + 1 - 1 = 0.5, a = 1 / (1 + e^(-0.5)) = 0.622.",
)
def neuron_output(a: Any) -> str:
    """Check the output ``a = g(w.x + b)`` of the sigmoid neuron ``W_NEW``, ``B_NEW`` at ``X_NEW``.

    Example:
        >>> neuron_output(-0.7)  # doctest: +ELLIPSIS
        ❌ Exercise 01.1 ★☆☆ A neuron by hand: not yet, that is z, the weighted sum; ...
    """
    x, w = np.array(X_NEW), np.array(W_NEW)
    z = float(w @ x + B_NEW)
    value = as_array(a, what="a_new")
    expect_close(
        value.reshape(()) if value.size == 1 else value,
        _sigmoid(z),
        mistakes=[
            (z, "that is z, the weighted sum; the neuron's output is a = g(z), z through the sigmoid."),
            (
                _sigmoid(w @ x),
                "the bias is missing: z = w.x + b adds b after the products are summed.",
            ),
            (
                _sigmoid(-z),
                "check the sign in the exponent, g(z) = 1 / (1 + e^(-z)): your number is the probability "
                "of the other class.",
            ),
            (
                1.0 / (1.0 - np.exp(-z)),
                "a negative output is no probability: the denominator is 1 + e^(-z), not 1 - e^(-z) "
                "(deck 001's typo).",
            ),
            (
                _sigmoid(w * x + B_NEW),
                "you have one value per input: add the products w_i x_i into one number z first.",
            ),
        ],
        otherwise="compute z = w1 x1 + w2 x2 + w3 x3 + b first, then a = 1 / (1 + e^(-z)).",
        digits=3,
        what="a_new",
    )
    return "z is a weighted sum, a = g(z) is the neuron's answer between 0 and 1."


@exercise(
    "01.2",
    "AND with one neuron",
    stars=2,
    where="section 4's line w.x + b = 0: a > 1/2 exactly where z > 0; write z for each of the four inputs.",
    example="OR, with w = (10, 10), b = -5: z = -5, 5, 5, 15 gives a = 0.007, 0.993, 0.993, 1.000.",
)
def and_neuron(w: Any, b: Any = ...) -> str:
    """Check ``w`` (two weights) and ``b`` that make a sigmoid neuron compute AND, each output within 0.1.

    Example:
        >>> and_neuron([1.0, 1.0], -0.5)  # doctest: +ELLIPSIS
        ❌ Exercise 01.2 ★★☆ AND with one neuron: not yet, your neuron says 1 as soon as one input is 1...
    """
    w, b = gate_weights(w, b, names=("w_and", "b_and"))
    z = GATE_INPUTS @ w + b
    a = _sigmoid(z)
    on_line = np.flatnonzero(z == 0)
    if on_line.size:
        raise Hint(
            f"at the input {written(GATE_INPUTS[on_line[0]])} z = 0 and a = 1/2 exactly: the input sits on "
            "the neuron's line, neither 0 nor 1. Move the line off it."
        )
    says = (z > 0).astype(int)
    if np.array_equal(says, _OR):
        raise Hint(
            "your neuron says 1 as soon as one input is 1: that is OR. AND needs both inputs, so one input "
            "alone must not be enough to push z above 0."
        )
    if np.array_equal(says, _NAND):
        raise Hint("your neuron gives the opposite of AND on every input (that is NAND): flip the signs.")
    if says.all():
        raise Hint("your neuron says 1 for every input, even (0, 0), where z = b: the bias sets that one.")
    if not says.any():
        raise Hint("your neuron says 0 for every input, even (1, 1): the weights are too small for the bias.")
    wrong = [written(x) for x, got, want in zip(GATE_INPUTS, says, AND, strict=True) if got != want]
    if wrong:
        raise Hint(
            f"reading a > 1/2 as 1, your neuron is wrong at {', '.join(wrong)}. Write z = w1 x1 + w2 x2 + b "
            "for the four inputs: only (1, 1) may give z > 0."
        )
    unsure = np.flatnonzero(np.abs(a - AND) > 0.1)
    if unsure.size:
        point = GATE_INPUTS[unsure[0]]
        raise Hint(
            f"the right side of 1/2 on all four inputs, but a = {a[unsure[0]]:.3g} at {written(point)} is "
            "far from sure. Multiplying w and b by the same factor keeps the line and sharpens the step."
        )
    return "outputs " + ", ".join(f"{value:.3f}" for value in a) + ": a line with (1, 1) alone on its side."


@exercise(
    "01.3",
    "Why Dense(1, sigmoid) is logistic regression",
    stars=1,
    where="section 4, where the formula of f_wb(x) is written next to what the Dense layer computes.",
    example="Dense(1) with no activation computes w.x + b, the formula of linear regression, term for term: "
    "that is why it is linear regression, whatever trains it.",
)
def why_logistic_regression(answer: Any) -> str:
    """Check the option explaining why ``Dense(1, activation='sigmoid')`` is logistic regression's model.

    Example:
        >>> why_logistic_regression("c")  # doctest: +ELLIPSIS
        ❌ Exercise 01.3 ★☆☆ Why Dense(1, sigmoid) is logistic regression: not yet, every model in this ...
    """
    expect_choice(
        answer,
        "b",
        options={
            "a": "a sigmoid never outputs exactly 0 or 1: it answers with a number between them. A hard 0/1 "
            "output is the perceptron of lesson 02.",
            "c": "every model in this course is trained by gradient descent, deep networks too: training "
            "does not say which model it is. Compare the formulas.",
            "d": "one unit alone is not enough: Dense(1) with no activation computes w.x + b, which is "
            "linear regression's model. Look at what the activation adds.",
        },
    )
    return "the layer's formula g(w.x + b) is f_wb(x), term for term."


@exercise(
    "01.4",
    "Logistic regression in Keras",
    stars=2,
    where="section 4: one Dense unit with the sigmoid, compiled with the cross-entropy cost J.",
    example="linear regression on 3 features is keras.Sequential([keras.Input(shape=(3,)), "
    "keras.layers.Dense(1)]), compiled with loss='mse'.",
)
def logistic_regression_model(model: Any) -> str | None:
    """Check a compiled Keras model that is logistic regression on 4 inputs.

    Example:
        >>> logistic_regression_model(...)  # doctest: +NORMALIZE_WHITESPACE
        ⏳ Exercise 01.4 ★★☆ Logistic regression in Keras: not attempted yet, replace the ... in the cell
        above with your answer, then run both cells.
    """
    from nnkit.exercises.keras_answers import expect_compiled, read_model

    answer = read_model(model)
    expect_compiled(answer)
    if len(answer.dense) > 1:
        raise Hint(
            f"your model has {len(answer.dense)} Dense layers; logistic regression is one neuron, with no "
            "hidden layer in front of it."
        )
    layer = _dense_layers(model)[0]
    units = int(layer.units)
    if not layer.built:
        raise Hint("give the model its input first, keras.Input(shape=...), so its weights exist.")
    activation = _computed_activation(model, layer)
    if activation == "softmax":
        if units == 1:
            raise Hint("softmax over a single output is always exactly 1, whatever the input.")
        raise Hint(
            f"{units} softmax outputs make softmax regression (lesson 10): it can fit two classes, but with "
            "twice the weights. Logistic regression is one neuron with one output."
        )
    if units != 1:
        raise Hint(f"the layer has {units} units; logistic regression is a single neuron.")
    if not layer.use_bias:
        raise Hint(
            "the layer has no bias (use_bias=False): f_wb(x) = g(w.x + b) has one, so its line need not pass "
            "through the origin. Leave use_bias at its default."
        )
    if answer.loss in ("mse", "meansquarederror"):
        raise Hint("logistic regression's cost J is the cross-entropy of section 4, not the squared error.")
    if answer.loss in ("sparsecategoricalcrossentropy", "categoricalcrossentropy"):
        raise Hint(
            "a categorical cross-entropy picks one class out of several outputs; one output with labels "
            "0 and 1 takes the cross-entropy for two outcomes."
        )
    if answer.loss != "binarycrossentropy":
        raise Hint(f"the loss is {answer.loss}; logistic regression is trained on the cost J of section 4.")
    praise = None
    if activation == "linear":
        if not answer.from_logits:
            raise Hint(
                "with no activation the model outputs z itself, any real number, while the loss reads "
                "its input as a probability between 0 and 1."
            )
        praise = (
            "a linear output with from_logits=True is the same model, the sigmoid moved into the loss "
            "(predict then returns z, not a probability)."
        )
    elif " then " in activation:
        raise Hint(
            f"the model applies {activation} to z; logistic regression applies the sigmoid once, "
            "f_wb(x) = g(w.x + b), and nothing after it."
        )
    elif activation != "sigmoid":
        raise Hint(f"{activation} does not turn z into a probability between 0 and 1, as f_wb(x) does.")
    elif answer.from_logits:
        raise Hint(
            "from_logits=True tells the loss its input is z, but the sigmoid already made it a probability: "
            "the loss would apply the sigmoid a second time."
        )
    width = int(layer.kernel.shape[0])
    if width != 4:
        raise Hint(f"the model takes {width} inputs; the exercise asks for 4 features.")
    return praise or "one neuron, g(w.x + b), trained on the cross-entropy: logistic regression."


def _dense_layers(model: Any) -> list:
    import keras

    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def _computed_activation(model: Any, layer: Any) -> str:
    """What the model does to the Dense layer's z, read from its outputs, however the model is written.

    ``"sigmoid"``, ``"linear"`` or ``"softmax"`` when the outputs are that function of z (an Activation
    layer after Dense counts too); otherwise the activations the model declares, ``"sigmoid then tanh"``.
    """
    import keras

    kernel, *bias = (np.asarray(w, dtype=np.float64) for w in layer.get_weights())
    x = np.random.default_rng(1).normal(0.0, 2.0, size=(16, kernel.shape[0]))
    z = x @ kernel + (bias[0] if bias else 0.0)
    try:
        with warnings.catch_warnings():  # Keras warns about a softmax over one unit: the checker says it
            warnings.simplefilter("ignore")
            out = np.asarray(keras.ops.convert_to_numpy(model(x.astype("float32"))), dtype=np.float64)
    except Exception:  # a model that cannot run on its input: say what it declares instead
        out = None
    if out is not None and out.shape == z.shape:
        softmax = np.exp(z - z.max(axis=1, keepdims=True))
        softmax /= softmax.sum(axis=1, keepdims=True)
        candidates = {"sigmoid": _sigmoid(z), "linear": z, "softmax": softmax}
        for name, value in candidates.items():
            if np.allclose(out, value, rtol=1e-4, atol=1e-5):
                return name
    declared = [getattr(layer.activation, "__name__", "linear")] + [
        getattr(getattr(other, "activation", None), "__name__", "linear")
        for other in model.layers
        if isinstance(other, keras.layers.Activation)
    ]
    named = [name for name in declared if name != "linear"]
    return " then ".join(named) if named else "linear"
