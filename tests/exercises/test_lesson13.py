"""Lesson 13's checkers: each reference solution passes, each typical mistake gets its own hint."""

import numpy as np
import pytest

from nnkit import scratch
from nnkit.exercises import lesson13 as check


# Exercise 13.1
def test_first_epoch_losses_accepts_the_average_over_batches():
    assert check.first_epoch_losses("b").status == "correct"
    assert check.first_epoch_losses(" B ").status == "correct"


@pytest.mark.parametrize(
    "answer, phrase",
    [("a", "nothing makes them easier"), ("c", "validation loss (the network fits"), ("d", "no dropout"),
     ("e", "not one of the options")],
)
def test_first_epoch_losses_names_each_wrong_choice(answer, phrase):
    feedback = check.first_epoch_losses(answer)
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert "'b'" not in feedback.message or phrase == "not one of the options"


# Exercise 13.2
def early_stopping(val_loss, patience, *, ties_improve=False):
    best, wait = 0, 0
    for epoch in range(1, len(val_loss)):
        if val_loss[epoch] < val_loss[best] or (ties_improve and val_loss[epoch] == val_loss[best]):
            best, wait = epoch, 0
        else:
            wait += 1
            if wait == patience:
                return epoch + 1, best + 1
    return len(val_loss), best + 1


def test_early_stopping_accepts_the_reference_and_other_forms():
    assert check.early_stopping(early_stopping).status == "correct"

    def with_numpy(val_loss, patience):  # a different walk, returning an array of floats
        losses = np.asarray(val_loss, dtype=np.float64)
        for stop in range(1, len(losses) + 1):
            best = int(np.argmin(losses[:stop]))
            if stop - 1 - best >= patience:
                return np.array([stop, best + 1], dtype=np.float32)
        return np.array([len(losses), int(np.argmin(losses)) + 1])

    assert check.early_stopping(with_numpy).status == "correct"


def zero_based(val_loss, patience):
    stop, best = early_stopping(val_loss, patience)
    return stop - 1, best - 1


def lookahead(val_loss, patience):
    stop, _ = early_stopping(val_loss, patience)
    return stop, int(np.argmin(val_loss)) + 1


def one_epoch_late(val_loss, patience):
    return early_stopping(val_loss, patience + 1)


def ties_improve(val_loss, patience):
    return early_stopping(val_loss, patience, ties_improve=True)


def swapped(val_loss, patience):
    return early_stopping(val_loss, patience)[::-1]


@pytest.mark.parametrize(
    "function, phrase",
    [
        (zero_based, "one too low everywhere"),
        (lookahead, "after the stop"),
        (one_epoch_late, "one epoch late"),
        (ties_improve, "not an improvement"),
        (swapped, "wrong way round"),
        (lambda val_loss, patience: (len(val_loss), int(np.argmin(val_loss)) + 1), "walk through the losses"),
    ],
)
def test_early_stopping_names_each_mistake(function, phrase):
    feedback = check.early_stopping(function)
    assert feedback.status == "incorrect" and phrase in feedback.message


def test_early_stopping_on_the_lessons_kind_of_curve():
    assert check._early_stopping([0.52, 0.38, 0.33, 0.31, 0.32, 0.30, 0.31, 0.33, 0.35, 0.34], 2) == (8, 6)


# Exercise 13.3: the largest off-diagonal count is a true 8 read as a 3.
def test_most_confused_accepts_the_pair_in_any_numeric_form():
    assert check.most_confused((8, 3)).status == "correct"
    assert check.most_confused(np.array([8.0, 3.0], dtype=np.float32)).status == "correct"
    assert check.most_confused([8, 3]).status == "correct"


@pytest.mark.parametrize(
    "answer, phrase",
    [
        ((3, 8), "read the wrong way round"),
        ((2, 0), "positions, counted from 0"),
        ((0, 2), "in the wrong order"),
        ((9, 9), "got *right*"),
        ((8, 8), "least accurate digit"),
        ((5, 9), "look off the diagonal"),
        (8, "one number is not a pair"),
    ],
)
def test_most_confused_names_each_mistake(answer, phrase):
    feedback = check.most_confused(answer)
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert "(8, 3)" not in feedback.message and "8 read as 3" not in feedback.message


# Exercise 13.4
def backward(x, y, W1, b1, W2, b2):
    m = len(x)
    z1 = x @ W1 + b1
    h = scratch.sigmoid(z1)
    z2 = h @ W2 + b2
    a2 = scratch.softmax(z2)
    delta2 = (a2 - np.eye(W2.shape[1])[y]) / m
    dW2, db2 = h.T @ delta2, delta2.sum(axis=0)
    delta1 = (delta2 @ W2.T) * h * (1 - h)
    return x.T @ delta1, delta1.sum(axis=0), dW2, db2


def test_backward_pass_accepts_the_reference_and_scratch_mlp():
    assert check.backward_pass(backward).status == "correct"

    def with_scratch(x, y, W1, b1, W2, b2):
        net = scratch.MLP([W1.shape[0], W1.shape[1], W2.shape[1]], hidden="sigmoid", output="softmax")
        net.set_weights([W1, b1, W2, b2])
        (dW1, dW2), (db1, db2) = net.backward(x, y)
        return [dW1.astype(np.float32), list(db1), dW2, db2]

    assert check.backward_pass(with_scratch).status == "correct"


def variant(change):
    def function(x, y, W1, b1, W2, b2):
        m = len(x)
        z1 = x @ W1 + b1
        h = scratch.sigmoid(z1)
        a2 = scratch.softmax(h @ W2 + b2)
        parts = {"delta2": (a2 - np.eye(W2.shape[1])[y]) / m, "slope": h * (1 - h), "transpose_dw": False,
                 "sum": lambda d: d.sum(axis=0), "back": lambda d: d @ W2.T}
        parts.update(change(m, z1, h, a2, y, W2))
        delta2 = parts["delta2"]
        delta1 = parts["back"](delta2) * parts["slope"]
        dW1 = (delta1.T @ x) if parts["transpose_dw"] else x.T @ delta1
        return dW1, parts["sum"](delta1), h.T @ delta2, parts["sum"](delta2)

    return function


def naive_softmax(x, y, W1, b1, W2, b2):
    m = len(x)
    h = scratch.sigmoid(x @ W1 + b1)
    with np.errstate(all="ignore"):
        e = np.exp(h @ W2 + b2)
        a2 = e / e.sum(axis=1, keepdims=True)
    delta2 = (a2 - np.eye(W2.shape[1])[y]) / m
    delta1 = (delta2 @ W2.T) * h * (1 - h)
    return x.T @ delta1, delta1.sum(axis=0), h.T @ delta2, delta2.sum(axis=0)


@pytest.mark.parametrize(
    "function, phrase",
    [
        (variant(lambda m, z1, h, a2, y, W2: {"delta2": a2 - np.eye(W2.shape[1])[y]}), "m times too big"),
        (variant(lambda m, z1, h, a2, y, W2: {"slope": (z1 > 0)}), "the ReLU's derivative"),
        (variant(lambda m, z1, h, a2, y, W2: {"slope": h}), "multiplied by σ(z) itself"),
        (variant(lambda m, z1, h, a2, y, W2: {"slope": scratch.sigmoid_derivative(h)}), "not at h"),
        (variant(lambda m, z1, h, a2, y, W2: {"slope": 1.0}), "skip its activation"),
        (variant(lambda m, z1, h, a2, y, W2: {"delta2": (np.eye(W2.shape[1])[y] - a2) / m}), "is flipped"),
        (variant(lambda m, z1, h, a2, y, W2: {"sum": lambda d: d.mean(axis=0)}), "m times too small"),
        (variant(lambda m, z1, h, a2, y, W2: {"transpose_dw": True}), "transposed"),
        (variant(lambda m, z1, h, a2, y, W2: {"back": lambda d: d @ W2}), "check the transposes"),
        (variant(lambda m, z1, h, a2, y, W2: {"sum": lambda d: d}), "one row per sample"),
        (naive_softmax, "overflow"),
        (lambda *args: backward(*args)[:2], "four gradients"),
    ],
)
def test_backward_pass_names_each_mistake(function, phrase):
    feedback = check.backward_pass(function)
    assert feedback.status == "incorrect" and phrase in feedback.message, feedback.message


def test_backward_pass_stub_is_not_attempted():
    def stub(x, y, W1, b1, W2, b2):
        m = len(x)  # noqa: F841 (the forward lines the student starts from)

    assert check.backward_pass(stub).status == "not attempted"
