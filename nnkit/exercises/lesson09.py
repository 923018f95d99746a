"""Checkers for lesson 09, Keras ``Sequential``: a binary classifier.

Each checker takes the student's answer and returns a Feedback; see
:mod:`nnkit.exercises.feedback`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from nnkit.exercises.answers import as_number, expect_close, expect_function
from nnkit.exercises.feedback import Hint, exercise
from nnkit.exercises.keras_answers import (
    ModelAnswer,
    expect_bias,
    expect_compiled,
    expect_default_optimizer,
    expect_layer,
    read_model,
)

_PROBABILITY_LOSSES = ("binarycrossentropy", "sparsecategoricalcrossentropy", "categoricalcrossentropy")


def _check_binary_output(model: ModelAnswer, outputs: int, question: str) -> str | None:
    """Hints common to a model whose ``outputs`` sigmoid units answer yes/no questions with BCE.

    Returns a praise string for the equivalent linear + ``from_logits=True`` form, None for the plain one.
    """
    units, activation = model.dense[-1]
    if activation == "softmax":
        if units == 1:
            raise Hint(
                "softmax over a single output is always exactly 1, whatever the input: that model could "
                "never answer no. A yes/no answer is one probability of its own."
            )
        raise Hint(
            "softmax makes the outputs compete: they always add up to 1, as for exclusive classes. "
            f"{question}"
        )
    if model.loss in ("sparsecategoricalcrossentropy", "categoricalcrossentropy"):
        raise Hint(
            "a (sparse) categorical cross-entropy picks one class out of several for each sample; "
            "a yes/no answer is scored by the cross-entropy built for two outcomes."
        )
    if model.loss not in _PROBABILITY_LOSSES:
        raise Hint(
            f"the loss is {model.loss}, a loss for predicting numbers (regression); a yes/no answer "
            "given as a probability is scored with a cross-entropy."
        )
    if units != outputs:
        raise Hint(question)
    if activation == "linear":
        if model.from_logits:
            return "a linear output with from_logits=True is the same model, its sigmoid moved into the loss."
        raise Hint(
            "a linear output can be any real number, but BinaryCrossentropy() reads it as a probability "
            "between 0 and 1: squash the output, or tell the loss it receives raw scores."
        )
    if activation != "sigmoid":
        raise Hint(
            f"the output activation is {activation}, whose values are not probabilities between 0 and 1: "
            "use the activation that squashes any score into (0, 1)."
        )
    if model.from_logits:
        raise Hint(
            "from_logits=True tells the loss that the outputs are raw scores, but the sigmoid has already "
            "made them probabilities: the loss would squash them a second time."
        )
    return None


@exercise(
    "09.1",
    "The slide's model, comma fixed",
    stars=1,
    where=(
        "deck 001's slide and the model this lesson builds from it: one Dense(units, "
        "activation=...) per layer, then compile(loss=...)."
    ),
    example=(
        "8 and 4 relu units before 3 sigmoid outputs: keras.Sequential([keras.layers.Dense(8, "
        "activation=\"relu\"), keras.layers.Dense(4, activation=\"relu\"), keras.layers.Dense(3, "
        "activation=\"sigmoid\")])."
    ),
)
def slide_model_fixed(model: Any) -> str | None:
    """Check a compiled ``Dense(30, sigmoid), Dense(15, sigmoid), Dense(2, sigmoid)`` + BinaryCrossentropy.

    Example:
        >>> slide_model_fixed(...)  # doctest: +NORMALIZE_WHITESPACE
        ⏳ Exercise 09.1 ★☆☆ The slide's model, comma fixed: not attempted yet, replace the ... in the cell
        above with your answer, then run both cells.
    """
    answer = read_model(model)
    expect_compiled(answer)
    widths = [units for units, _ in answer.dense]
    if len(widths) != 3:
        raise Hint(
            f"the model has {len(widths)} Dense layer(s); the slide stacks three. The missing comma is a "
            "typo to fix, not a layer to drop."
        )
    if widths[:2] != [30, 15]:
        raise Hint(
            f"the hidden layers have {widths[:2]} units; compare the widths with the slide's, in order."
        )
    hidden = [activation for _, activation in answer.dense[:2]]
    if hidden != ["sigmoid", "sigmoid"]:
        raise Hint(f"the hidden layers use {hidden}; the slide uses one activation for all three layers.")
    praise = _check_binary_output(
        answer,
        2,
        "the slide's model answers two independent yes/no questions per sample: one output per question.",
    )
    expect_bias(answer)
    expect_default_optimizer(answer, statement="the slide")
    return praise


@exercise(
    "09.2",
    "One yes/no question",
    stars=2,
    where=(
        "this lesson's binary model: one sigmoid output per yes/no question, scored with "
        "BinaryCrossentropy."
    ),
    example=(
        "a model answering three yes/no questions ends with Dense(3, activation=\"sigmoid\") and is"
        " compiled with BinaryCrossentropy()."
    ),
)
def one_question_model(model: Any) -> str | None:
    """Check the slide's hidden layers (30 and 15 sigmoid units), one sigmoid output, BinaryCrossentropy.

    Example:
        >>> import keras
        >>> two = keras.Sequential([keras.Input((2,)), keras.layers.Dense(30, activation="sigmoid"),
        ...     keras.layers.Dense(15, activation="sigmoid"), keras.layers.Dense(2, activation="sigmoid")])
        >>> two.compile(loss="binary_crossentropy")
        >>> one_question_model(two)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 09.2 ★★☆ One yes/no question: not yet, one question needs one answer: a single probability
        P(yes) says it all, since P(no) = 1 - P(yes).
    """
    answer = read_model(model)
    expect_compiled(answer)
    hidden = answer.dense_layers[:-1]
    if len(hidden) != 2:
        raise Hint(
            f"the model has {len(hidden)} hidden layer(s); keep the slide's two, of 30 and 15 sigmoid units, "
            "and change only the output layer and the loss."
        )
    for layer, units, where in zip(hidden, (30, 15), ("first", "second"), strict=True):
        expect_layer(layer, f"the {where} hidden layer", units=units, activation="sigmoid")
    expect_bias(answer)
    units, activation = answer.dense[-1]
    if units == 2 and activation == "softmax" and answer.loss == "sparsecategoricalcrossentropy":
        raise Hint(
            "two softmax outputs (no, yes) with a sparse cross-entropy do work, as two exclusive classes, "
            "but the second output only repeats 1 minus the first: the exercise asks for the binary form."
        )
    return _check_binary_output(
        answer,
        1,
        "one question needs one answer: a single probability P(yes) says it all, since P(no) = 1 - P(yes).",
    )


def _cost(y, p):
    y, p = np.asarray(y, dtype=np.float64), np.asarray(p, dtype=np.float64)
    return np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p))


def _losses(y, p):
    y, p = np.asarray(y, dtype=np.float64), np.asarray(p, dtype=np.float64)
    return -y * np.log(p) - (1 - y) * np.log(1 - p)


def _cost_inputs() -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(9)
    inputs = [
        (np.array([[1.0, 0.0], [0.0, 0.0], [1.0, 1.0]]), np.array([[0.9, 0.2], [0.3, 0.4], [0.6, 0.8]])),
    ]
    for m, k in [(400, 2), (7, 1), (6, 3)]:
        y = rng.integers(0, 2, size=(m, k)).astype(np.float64)
        p = rng.uniform(0.02, 0.98, size=(m, k))
        inputs.append((y, p))
    inputs.append((inputs[1][0].astype(np.float32), inputs[1][1].astype(np.float32)))
    return inputs


@exercise(
    "09.3",
    "The cost J of several outputs",
    stars=2,
    where=(
        "the formulas of L and J in this lesson: L = -y log p - (1 - y) log(1 - p) for each "
        "entry, J their mean."
    ),
    example=(
        "y = [[1, 0]] and p = [[0.8, 0.4]] give L = [-log 0.8, -log 0.6] = [0.223, 0.511] and J ="
        " 0.367."
    ),
)
def cross_entropy_cost(function: Any) -> str | None:
    """Check ``function(y, p)``: the mean binary cross-entropy over every sample and every output.

    Example:
        >>> def summed(y, p):
        ...     return np.sum(-y * np.log(p) - (1 - y) * np.log(1 - p))
        >>> cross_entropy_cost(summed)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 09.3 ★★☆ The cost J of several outputs: not yet, J is an average, not a total: with a sum
        it would grow with the number of samples.
    """
    with np.errstate(all="ignore"):
        expect_function(
            function,
            _cost,
            _cost_inputs(),
            mistakes=[
                (
                    lambda y, p: _losses(y, p).sum(axis=-1).mean(),
                    "you added the outputs' losses and averaged over the samples only: Keras averages over "
                    "the outputs too, so J is the mean of m x (number of outputs) losses.",
                ),
                (
                    lambda y, p: _losses(y, p).sum(),
                    "J is an average, not a total: with a sum it would grow with the number of samples.",
                ),
                (
                    lambda y, p: -_cost(y, p),
                    "your cost is negative: the log of a probability is negative, and the loss has a minus "
                    "sign in front to make it positive.",
                ),
                (
                    lambda y, p: np.mean(-np.asarray(y) * np.log(np.asarray(p, dtype=np.float64))),
                    "a 'no' (y = 0) costs nothing in your cost: the loss has a second term for it, with "
                    "1 - y and 1 - p.",
                ),
                (
                    lambda y, p: _cost(p, y),
                    "your cost is not finite: it takes the log of the labels, which are 0 or 1. The logs "
                    "take the model's probabilities p; the labels y weight them.",
                ),
                (
                    lambda y, p: _cost(y, p) / np.log(10),
                    "you used the base-10 log; the cross-entropy uses the natural log (np.log).",
                ),
            ],
            otherwise="compute L = -y log p - (1 - y) log(1 - p) for every entry, then average all of them.",
            rtol=1e-4,
            name="cross_entropy_cost",
        )
    return "the mean over samples and outputs, as BinaryCrossentropy() and model.evaluate compute it."


@exercise(
    "09.4",
    "How many weight updates",
    stars=1,
    where="the cell that counts updates: one per batch, ceil(m / batch_size) batches in each epoch.",
    example=(
        "m = 100 samples in batches of 32 for 3 epochs: ceil(100 / 32) = 4 batches per epoch, 12 "
        "updates."
    ),
)
def weight_updates(answer: Any, m: int = 1000, epochs: int = 20, batch_size: int = 32) -> str | None:
    """Check the number of updates ``fit`` makes: ``epochs`` times the batches per epoch, ``ceil(m / batch)``.

    Example:
        >>> weight_updates(20 * 1000)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 09.4 ★☆☆ How many weight updates: not yet, that counts one update per sample; Keras
        updates once per batch of 32 samples.
    """
    value = as_number(answer, what="n_updates")
    batches = math.ceil(m / batch_size)
    expect_close(
        value,
        epochs * batches,
        mistakes=[
            (
                epochs * m,
                f"that counts one update per sample; Keras updates once per batch of {batch_size} samples.",
            ),
            (
                epochs * (m // batch_size),
                "you dropped the last, smaller batch: when the batch size does not divide m, the leftover "
                "samples make one more batch, and one more update.",
            ),
            (
                epochs * m / batch_size,
                "a number of batches is a whole number: the leftover samples make one more, smaller batch.",
            ),
            (batches, "that is one epoch's updates; fit repeats them every epoch."),
            (m, "that is the number of samples; every batch of them gives one update, in every epoch."),
        ],
        otherwise="count the batches in one epoch (the last may be smaller), then multiply by the epochs.",
        rtol=0,
        atol=1e-9,
        what="n_updates",
    )
    return "every parameter moves once per batch, in every epoch."
