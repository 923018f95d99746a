"""Checkers for lesson 08, depth and non-linearity: collapsing layers, staircases, counting parameters.

Each checker takes the student's answer and returns a Feedback (see :mod:`nnkit.exercises.feedback`).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from nnkit.exercises.answers import as_array, as_number, expect_close
from nnkit.exercises.feedback import Hint, NotAttempted, exercise, is_stub
from nnkit.scratch import sigmoid

# Exercise 08.1's two layers, in the lesson's layout: a layer computes W x + b, W of shape (outputs, inputs).
W1_SMALL = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]])
B1_SMALL = np.array([1.0, 0.0, 2.0])
W2_SMALL = np.array([[2.0, -1.0, 1.0]])
B2_SMALL = np.array([0.5])


@exercise(
    "08.1",
    "Two linear layers are one",
    stars=2,
    where="the cell that multiplies out W2 (W1 x + b1) + b2: what multiplies x is W, the rest is b.",
    example=(
        "with W1 = [[1], [2]], b1 = [0, 1], W2 = [[3, 1]], b2 = [2]: W = W2 W1 = [[5]] and b = W2"
        " b1 + b2 = [3]."
    ),
)
def collapsed_layer(answer: Any, b: Any = ...) -> str:
    """Check ``W`` (shape (1, 2)) and ``b`` (shape (1,)) of the one layer equal to exercise 08.1's two.

    Example:
        >>> collapsed_layer(W2_SMALL @ W1_SMALL, B2_SMALL)  # doctest: +ELLIPSIS
        ❌ Exercise 08.1 ★★☆ Two linear layers are one: not yet, ...the first layer's bias b1...
    """
    W = as_array(answer, what="W")
    W_expected = W2_SMALL @ W1_SMALL
    if W.shape == (2,):  # one output: a flat row is the same matrix
        W = W.reshape(1, 2)
    expect_close(
        W,
        W_expected,
        mistakes=[(W1_SMALL.T @ W2_SMALL.T, "your W is transposed (Keras's kernel layout): in W x + b, W has "
                                              "one row per output and one column per input.")],
        otherwise="W is the product of the two matrices, the layer applied first standing on the right "
                  "(check the shapes: (1, 3) times (3, 2)).",
        what="W",
    )
    if is_stub(b):
        raise NotAttempted
    b = as_array(b, what="b")
    if b.size == 1:
        b = b.reshape(1)
    expect_close(
        b,
        W2_SMALL @ B1_SMALL + B2_SMALL,
        mistakes=[
            (B2_SMALL, "W is right; b misses the first layer's bias b1, which the second layer also "
                       "transforms."),
            (W2_SMALL @ B1_SMALL, "W is right; b forgot the second layer's own bias b2."),
            ([B1_SMALL.sum() + B2_SMALL[0]], "W is right; the first layer's bias b1 passes through W2 "
                                             "before it is added: multiply, do not sum its entries."),
        ],
        otherwise="W is right; for b, write W2 (W1 x + b1) + b2 out and collect what does not multiply x.",
        what="b",
    )
    return "three layers or two, without activations it is one W x + b."


# Where a linear network's MSE against the true sine lands (exercise 08.3), whatever its seed or width.
LINEAR_MSE = (0.195, 0.21)


def _f(x):
    return np.sin(2 * np.pi * x)


def _staircase_max_error(n: int) -> float:
    """The lesson's construction: n sigmoid steps through sin(2 pi x) at n + 1 cell centres, on [0, 1]."""
    x = np.linspace(0, 1, 1001)
    cells = n + 1
    heights = _f((np.arange(cells) + 0.5) / cells)
    w = np.full(n, 10.0 * cells)
    b = -w * np.arange(1, cells) / cells
    g = sigmoid(np.outer(x, w) + b) @ np.diff(heights) + heights[0]
    return float(np.abs(g - _f(x)).max())


@functools.cache
def _fewest_neurons(epsilon: float) -> int:
    n = 1
    while _staircase_max_error(n) >= epsilon:
        n += 1
    return n


@exercise(
    "08.2",
    "Staircase neurons for ε = 0.05",
    stars=2,
    where=(
        "the staircase cell: one_hidden_layer(x_grid, *staircase(n)) is g, and its error is "
        "np.abs(g - f(x_grid)).max()."
    ),
    example=(
        "for an error below 0.1 the same search tries n = 1, 2, 3, ... and stops at the first n "
        "that gets there."
    ),
)
def staircase_neurons(answer: Any) -> str:
    """Check the fewest hidden neurons whose staircase stays within 0.05 of the sine on [0, 1].

    Example:
        >>> staircase_neurons(64)  # doctest: +ELLIPSIS
        ❌ Exercise 08.2 ★★☆ Staircase neurons for ε = 0.05: not yet, ...powers of two...
    """
    n = as_number(answer, what="the number of neurons")
    if n != round(n) or n < 1:
        raise Hint("a number of neurons is a whole number from 1 up: search n = 1, 2, 3, ... with the "
                   "lesson's staircase(n) and the largest error on x_grid.")
    n, fewest = int(round(n)), _fewest_neurons(0.05)
    if n == fewest:
        return "half the error takes about twice the neurons: the error falls like 1/n."
    hints = {
        fewest + 1: "that counts the cells; the answer is the number of hidden neurons, one fewer "
                    "than the cells.",
        fewest - 1: "with that many neurons the largest error is still just above 0.05: report the "
                    "first n that gets below it.",
        64: "the table in the lesson only doubles the neurons, and powers of two skip the counts in "
            "between: try every n.",
        _fewest_neurons(0.1): "that many neurons reach 0.1; this exercise asks for half that error.",
    }
    if n in hints:
        raise Hint(hints[n])
    if n < fewest:
        raise Hint("too few: with that many neurons the largest error on [0, 1] is still above 0.05.")
    raise Hint("that works, but fewer neurons already do: find the smallest n.")


@exercise(
    "08.3",
    "A hidden layer without activation",
    stars=2,
    where=(
        "the training cell of this section: nnkit.dense_model([n, 1], ...), fit on full_batch, "
        "then the MSE against f(x_grid)."
    ),
    example=(
        "predictions [0.1, 0.4] where f is [0, 0.5] have the MSE ((0.1 - 0)^2 + (0.4 - 0.5)^2) / "
        "2 = 0.01."
    ),
)
def linear_hidden_mse(answer: Any) -> str:
    """Check the measured MSE (against the true sine) of a network whose hidden layer has no activation.

    Any such network computes a straight line, and the best line misses sin(2 pi x) by an MSE near 0.2.

    Example:
        >>> linear_hidden_mse(0.0047)  # doctest: +ELLIPSIS
        ❌ Exercise 08.3 ★★☆ A hidden layer without activation: not yet, that network bends...
    """
    mse = as_number(answer, what="the MSE")
    if not np.isfinite(mse):
        raise Hint("the MSE is nan or inf: the training diverged or a value is missing.")
    if mse < 0:
        raise Hint("an MSE is a mean of squares and is never negative.")
    # Any seed or width trains the linear network to within 1e-4 of 0.2022, the least-squares line of the
    # noisy data measured against f; the exact best line on x_grid is 0.1968. The training loss (0.216,
    # noise included) and mean(prediction ** 2) (0.228) fall outside.
    if LINEAR_MSE[0] <= mse <= LINEAR_MSE[1]:
        return "the straight line is the best a linear network can do, however many units it has."
    if mse < LINEAR_MSE[0]:
        raise Hint("that network bends to follow the sine, so its hidden layer is not linear: pass "
                   "hidden=\"linear\" to nnkit.dense_model (its default is relu), or Dense(8) with no "
                   "activation.")
    if mse > 0.3:
        raise Hint("a straight line can do better than that: train for all the steps, and compare "
                   "with f on x_grid using the mean of squared differences (not its square root).")
    raise Hint("close to a straight line's error, but not measured as the exercise asks: compute the mean of "
               "(prediction - f(x_grid)) ** 2 on x_grid, the true sine, not the noisy training data (the "
               "training loss includes the noise) and not the predictions alone.")


def _params(n_in: int, units: list[int], *, biases: bool = True) -> int:
    total = 0
    for n_out in units:
        total += n_in * n_out + (n_out if biases else 0)
        n_in = n_out
    return total


@exercise(
    "08.4",
    "Wide or deep: count the parameters",
    stars=1,
    where=(
        "the dense_params formula: n_in * n_out + n_out for each layer, n_in being the width of "
        "the layer before."
    ),
    example="100 -> 10 -> 1 has 100 * 10 + 10 + 10 * 1 + 1 = 1,021 parameters.",
)
def parameter_counts(answer: Any) -> str:
    """Check ``[wide, deep]``: parameters of 100 -> 256 -> 1 and of 100 -> 64 -> 64 -> 64 -> 1.

    Example:
        >>> parameter_counts([25856, 14656])  # doctest: +ELLIPSIS
        ❌ Exercise 08.4 ★☆☆ Wide or deep: count the parameters: not yet, ...bias...
    """
    wide, deep = [256, 1], [64, 64, 64, 1]
    expect_close(
        answer,
        [_params(100, wide), _params(100, deep)],
        mistakes=[
            ([_params(100, wide, biases=False), _params(100, deep, biases=False)],
             "every unit also has a bias: one more parameter per unit."),
            ([_params(100, deep), _params(100, wide)], "the order is [wide, deep]: the one-hidden-layer "
                                                       "network first."),
            ([_params(100, wide[:-1]), _params(100, deep[:-1])], "count the output layer too: its unit "
                                                                 "has weights and a bias."),
            ([sum(wide), sum(deep)], "those are units; count weights and biases."),
        ],
        otherwise="add n_in * n_out + n_out over the layers, starting with n_in = 100 inputs.",
        rtol=0.0,
        atol=0.5,
        what="[wide, deep]",
    )
    return "width costs: one 256-unit layer has more parameters than three of 64."
