"""Lesson 07's checkers: the reference solutions pass, typical slips get their own hint, no answer leaks."""

import numpy as np
import pytest

from nnkit import scratch
from nnkit.exercises import lesson07 as check


def sigma(z):
    return 1 / (1 + np.exp(-z))  # a student's plain sigmoid: overflows (quietly) for very negative z


def test_silu_derivative_accepts_the_product_rule_in_any_form():
    def reference(z):
        s = scratch.sigmoid(z)
        return s + z * s * (1 - s)

    def student(z):
        return sigma(z) * (1 + z * (1 - sigma(z)))

    assert check.silu_derivative(reference).status == "correct"
    assert check.silu_derivative(student).status == "correct"


@pytest.mark.parametrize(
    "wrong, phrase",
    [
        (lambda z: sigma(z), "two terms"),
        (lambda z: z * sigma(z) * (1 - sigma(z)), "dropped the term"),
        (lambda z: sigma(z) * (1 - sigma(z)), "derivative of sigma alone"),
        (lambda z: sigma(z) - z * sigma(z) * (1 - sigma(z)), "sign of your second term"),
        (lambda z: sigma(z) + sigma(z) * (1 - sigma(z)), "factor z stays"),
        (lambda z: sigma(z) + z, "numerical_derivative"),
    ],
)
def test_silu_derivative_names_each_slip(wrong, phrase):
    feedback = check.silu_derivative(wrong)
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert "(1 - s" not in feedback.message and "(1 - sigma" not in feedback.message


def test_silu_derivative_stub_function_is_not_attempted():
    def silu_derivative(z):
        ...

    assert check.silu_derivative(silu_derivative).status == "not attempted"


def test_tanh_h_derivative_accepts_tanh_and_exp_forms():
    assert check.tanh_h_derivative(lambda a, h: h * (1 - np.tanh(h * a) ** 2)).status == "correct"
    assert check.tanh_h_derivative(lambda a, h: h * scratch.tanh_derivative(h * a)).status == "correct"
    assert check.tanh_h_derivative(lambda a, h: h / np.cosh(h * a) ** 2).status == "correct"


@pytest.mark.parametrize(
    "wrong, phrase",
    [
        (lambda a, h: 1 - np.tanh(h * a) ** 2, "chain rule"),
        (lambda a, h: h * (1 - np.tanh(h * a)), "squared"),
        (lambda a, h: h * (np.tanh(h * a) ** 2 - 1), "sign"),
        (lambda a, h: h * (1 - np.tanh(a) ** 2), "not at a"),
        (lambda a, h: h * np.tanh(h * a) * (1 - np.tanh(h * a)), "logistic's pattern"),
        (lambda a: 1 - np.tanh(a) ** 2, "raised TypeError"),
    ],
)
def test_tanh_h_derivative_names_each_slip(wrong, phrase):
    feedback = check.tanh_h_derivative(wrong)
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert "1 - tanh" not in feedback.message and "tanh^2" not in feedback.message


@pytest.mark.parametrize("answer", ["relu", "ReLU", " 'relu' "])
def test_output_activation_accepts_relu_in_any_case(answer):
    assert check.output_activation(answer).status == "correct"


@pytest.mark.parametrize(
    "wrong, phrase",
    [("linear", "negative prices"), ("sigmoid", "below 1"), ("softmax", "sum to 1"), ("tanh", "-1 and 1"),
     ("elu", "not one of the options")],
)
def test_output_activation_names_each_wrong_choice(wrong, phrase):
    feedback = check.output_activation(wrong)
    assert feedback.status == "incorrect" and phrase in feedback.message
    if wrong != "elu":  # only the list of options names every choice
        assert "relu" not in feedback.message.lower()


def test_six_layer_factor_accepts_any_number_form():
    expected = scratch.sigmoid_derivative(2.0) ** 6
    for answer in (expected, np.float32(expected), [expected], np.array(expected)):
        assert check.six_layer_factor(answer).status == "correct"


@pytest.mark.parametrize(
    "wrong, phrase",
    [
        (0.25**6, "largest slope"),
        (scratch.sigmoid(2.0) ** 6, "activations"),
        (6 * scratch.sigmoid_derivative(2.0), "do not add"),
        (scratch.sigmoid_derivative(2.0), "passes through six"),
        (scratch.sigmoid_derivative(2.0) ** 5, "count the factors"),
        (1e-6, "compute sigma(2) first"),
    ],
)
def test_six_layer_factor_names_each_slip(wrong, phrase):
    feedback = check.six_layer_factor(wrong)
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert "1.34" not in feedback.message and "0.105" not in feedback.message
