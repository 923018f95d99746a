"""Lesson 06's checkers: each reference solution passes, each typical mistake gets its own hint."""

import numpy as np
import pytest

from nnkit.exercises import lesson06 as check


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# Exercise 06.1: c = w x = 6, a = 4, d = 3, J = 4.5 at w = 1.5, b = -2, x = 4, y = 1.
def test_graph_gradients_accepts_the_chain_rule_in_any_numeric_form():
    assert check.graph_gradients(12.0, 3.0).status == "correct"
    assert check.graph_gradients(np.float32(12.0), np.array([3.0])).status == "correct"


@pytest.mark.parametrize(
    "answer, phrase",
    [
        ((-12.0, -3.0), "the sign is flipped"),
        ((24.0, 6.0), "twice too big"),
        ((3.0, 3.0), "stopped at dJ/dc"),
        ((4.5, 3.0), "not the weight w"),
        ((4.0, 3.0), "only the last local derivative"),
        ((12.0, 12.0), "no x on the path"),
        ((5.0, 3.0), "run the forward pass first"),
    ],
)
def test_graph_gradients_names_each_mistake(answer, phrase):
    feedback = check.graph_gradients(*answer)
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert "12" not in feedback.message


def test_graph_gradients_waits_for_both_answers():
    assert check.graph_gradients(12.0).status == "not attempted"


# Exercise 06.2
def neuron_backward(x, w, b, y):
    a = sigmoid(w @ x + b)
    dJ_dz = (a - y) * a * (1 - a)
    return dJ_dz * x, dJ_dz


def test_neuron_backward_accepts_the_reference_and_other_forms():
    assert check.neuron_backward(neuron_backward).status == "correct"

    def as_lists(x, w, b, y):  # a list and a one-element array, float32
        dw, db = neuron_backward(x, w, b, y)
        return [list(dw.astype(np.float32)), np.array([db], dtype=np.float32)]

    assert check.neuron_backward(as_lists).status == "correct"


def without_slope(x, w, b, y):
    a = sigmoid(w @ x + b)
    return (a - y) * x, a - y


def wrong_sign(x, w, b, y):
    dw, db = neuron_backward(x, w, b, y)
    return -dw, -db


def without_half(x, w, b, y):
    dw, db = neuron_backward(x, w, b, y)
    return 2 * dw, 2 * db


def slope_at_a(x, w, b, y):
    a = sigmoid(w @ x + b)
    dJ_dz = (a - y) * sigmoid(a) * (1 - sigmoid(a))
    return dJ_dz * x, dJ_dz


def times_w(x, w, b, y):
    a = sigmoid(w @ x + b)
    dJ_dz = (a - y) * a * (1 - a)
    return dJ_dz * w, dJ_dz


def one_value(x, w, b, y):
    return neuron_backward(x, w, b, y)[0]


def summed_gradient(x, w, b, y):
    dw, db = neuron_backward(x, w, b, y)
    return dw.sum(), db


@pytest.mark.parametrize(
    "function, phrase",
    [
        (without_slope, "skipped the sigmoid's own local derivative"),
        (wrong_sign, "the sign is flipped"),
        (without_half, "twice too big"),
        (slope_at_a, "not at its output a"),
        (times_w, "not the weight w_i"),
        (one_value, "should return two things"),
        (summed_gradient, "one number per weight"),
        (lambda x, w, b, y: (x, 0.0), "go one node at a time"),
    ],
)
def test_neuron_backward_names_each_mistake(function, phrase):
    feedback = check.neuron_backward(function)
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert "a * (1 - a)" not in feedback.message


def test_a_stub_function_is_not_attempted_yet():
    def stub(x, w, b, y):
        """Returns None, as the student edition's stub does."""

    assert check.neuron_backward(stub).status == "not attempted"


# Exercise 06.3
def network_gradient():
    x, t = np.array(check.NET_X), np.array(check.NET_T)
    W1, b1, W2, b2 = (np.array(v) for v in (check.NET_W1, check.NET_B1, check.NET_W2, check.NET_B2))
    h = check.NET_SLOPE_H
    y = W1 @ x + b1
    s = sigmoid(h * y)
    o = W2 @ s + b2
    delta_1 = (W2.T @ (o - t)) * h * s * (1 - s)
    return np.outer(delta_1, x)


def test_network_gradient_accepts_the_reference_as_array_list_or_float32():
    right = network_gradient()
    assert check.network_gradient(right).status == "correct"
    assert check.network_gradient(right.astype(np.float32).tolist()).status == "correct"


@pytest.mark.parametrize(
    "mistake, phrase",
    [
        ("none", "multiply by its local derivative"),
        ("no slope", "the slope h is missing"),
        ("sign", "the sign is flipped"),
        ("half", "twice too big"),
        ("transposed", "rows and columns are swapped"),
        ("flat", "the shape is (4,)"),
        ("zeros", "go back one node at a time"),
    ],
)
def test_network_gradient_names_each_mistake(mistake, phrase):
    right = network_gradient()
    answers = {
        "none": check._network_gradient(hidden="none"),
        "no slope": check._network_gradient(hidden="no slope"),
        "sign": -right,
        "half": 2 * right,
        "transposed": right.T,
        "flat": right.ravel(),
        "zeros": np.zeros((2, 2)),
    }
    feedback = check.network_gradient(answers[mistake])
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert f"{right[1, 1]:.4f}" not in feedback.message and f"{right[1, 1]:.3g}" not in feedback.message


# Exercise 06.4: g1 = 5, g2 = 9, paths 9 and 30.
def test_two_paths_accepts_the_sum():
    assert check.two_paths(39.0).status == "correct"
    assert check.two_paths(np.array(39)).status == "correct"


@pytest.mark.parametrize(
    "answer, phrase",
    [
        (30.0, "only the path through g₂"),
        (9.0, "only the path through g₁"),
        (270.0, "added, not multiplied"),
        (45.0, "f itself"),
        (12.0, "then add the two shares"),
    ],
)
def test_two_paths_names_each_mistake(answer, phrase):
    feedback = check.two_paths(answer)
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert "39" not in feedback.message
