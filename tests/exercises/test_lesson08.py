"""Lesson 08's checkers: the reference solutions pass, typical slips get their own hint, no answer leaks."""

import numpy as np
import pytest

from nnkit.exercises import lesson08 as check

W1, B1, W2, B2 = check.W1_SMALL, check.B1_SMALL, check.W2_SMALL, check.B2_SMALL


@pytest.mark.parametrize(
    "W, b",
    [(W2 @ W1, W2 @ B1 + B2), ([[5, 6]], [4.5]), ([5.0, 6.0], 4.5), (np.float32([[5, 6]]), np.float32(4.5))],
)
def test_collapsed_layer_accepts_every_form(W, b):
    assert check.collapsed_layer(W, b).status == "correct"


@pytest.mark.parametrize(
    "W, b, phrase",
    [
        ((W2 @ W1).T, W2 @ B1 + B2, "transposed"),
        (W2 @ W1, B2, "misses the first layer's bias"),
        (W2 @ W1, W2 @ B1, "forgot the second layer's own bias"),
        (W2 @ W1, B1.sum() + B2, "do not sum its entries"),
        ([[6, 5]], W2 @ B1 + B2, "layer applied first"),
        (W2 @ W1, [1.0], "collect what does not multiply x"),
    ],
)
def test_collapsed_layer_names_each_slip(W, b, phrase):
    feedback = check.collapsed_layer(W, b)
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert "4.5" not in feedback.message and "[5" not in feedback.message


def test_collapsed_layer_with_b_still_a_stub_is_not_attempted():
    assert check.collapsed_layer(W2 @ W1, ...).status == "not attempted"


def test_staircase_neurons_accepts_the_fewest():
    assert check.staircase_neurons(62).status == "correct"
    assert check.staircase_neurons(np.int64(62)).status == "correct"
    assert check.staircase_neurons(62.0).status == "correct"


@pytest.mark.parametrize(
    "wrong, phrase",
    [(63, "counts the cells"), (61, "just above 0.05"), (64, "powers of two"), (31, "half that error"),
     (62.8, "whole number"), (20, "too few"), (80, "smallest n")],
)
def test_staircase_neurons_names_each_slip(wrong, phrase):
    feedback = check.staircase_neurons(wrong)
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert "62" not in feedback.message


@pytest.mark.parametrize("mse", [0.1962, 0.2022, np.float32(0.199), 0.21])
def test_linear_hidden_mse_accepts_the_best_line(mse):
    assert check.linear_hidden_mse(mse).status == "correct"


@pytest.mark.parametrize(
    "wrong, phrase",
    [(0.0047, "not linear"), (0.45, "square root"), (0.5, "train for all the steps"), (0.15, "close"),
     (-0.2, "never negative"), (float("inf"), "nan or inf")],
)
def test_linear_hidden_mse_names_each_slip(wrong, phrase):
    feedback = check.linear_hidden_mse(wrong)
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert "0.2" not in feedback.message and "0.19" not in feedback.message


def test_parameter_counts_accepts_lists_arrays_and_tuples():
    for answer in ([26113, 14849], (26113, 14849), np.array([26113, 14849], dtype=np.int64)):
        assert check.parameter_counts(answer).status == "correct"


@pytest.mark.parametrize(
    "wrong, phrase",
    [([25856, 14656], "bias"), ([14849, 26113], "order is [wide, deep]"), ([25856, 14784], "output layer"),
     ([257, 193], "those are units"), ([26000, 15000], "n_in * n_out"), ([26113], "shape")],
)
def test_parameter_counts_names_each_slip(wrong, phrase):
    feedback = check.parameter_counts(wrong)
    assert feedback.status == "incorrect" and phrase in feedback.message
    assert "26113" not in feedback.message and "14849" not in feedback.message
