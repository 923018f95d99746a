"""Checkers for lesson 07, activation functions: derivatives by hand, the slope h, choosing an output.

Each checker takes the student's answer and returns a Feedback (see :mod:`nnkit.exercises.feedback`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnkit.exercises.answers import as_number, expect_choice, expect_close, expect_function
from nnkit.exercises.feedback import exercise
from nnkit.scratch import sigmoid, sigmoid_derivative

# Inputs a checked function has never seen in the lesson: a grid, a 2-D batch, a scalar and large values.
_Z_INPUTS = [
    np.linspace(-6.0, 6.0, 121),
    np.array([[-2.5, 0.3], [1.7, -0.8]]),
    np.float64(0.75),
    np.array([-1000.0, -800.0, -700.0, -60.0, -25.0, 25.0, 60.0, 700.0, 800.0, 1000.0]),
]


# For nan or inf at large |z|: the usual cause in these derivatives is a division, not an overflowing exp.
_NONFINITE = (
    "a division by a number that is 0 there (z itself at z = 0, or 1 - s once a sigmoid or tanh rounds to "
    "exactly 1 at large |z|), or an exp that overflowed, gives nan or inf. Write the derivative as products "
    "of the function's own values, with no division by them."
)


def _silu_derivative(z):
    s = sigmoid(z)
    return s + z * s * (1 - s)


@exercise(
    "07.1",
    "A new activation's derivative, checked numerically",
    stars=2,
    where="section 2's pairs of a function and its derivative, and the product rule (u v)' = u' v + u v'.",
    example="g(z) = z² σ(z) has g'(z) = 2 z σ(z) + z² σ(z)(1 − σ(z)): one term per factor differentiated.",
)
def silu_derivative(answer: Any) -> str:
    """Check ``answer(z)``, the derivative of SiLU ``g(z) = z sigma(z)``, on arrays and large ``z``.

    Example:
        >>> silu_derivative(sigmoid)  # doctest: +ELLIPSIS
        ❌ Exercise 07.1 ★★☆ A new activation's derivative, checked numerically: not yet, ... two terms...
    """
    with np.errstate(all="ignore"):  # a student's plain 1 / (1 + exp(-z)) overflows quietly at z = -700
        expect_function(
            answer,
            _silu_derivative,
            [(np.array(z),) for z in _Z_INPUTS],
            mistakes=[
                (sigmoid, "SiLU is a product, z times sigma(z), and the product rule has two terms; "
                          "you kept only one."),
                (lambda z: z * sigmoid_derivative(z), "you differentiated sigma(z) but dropped the term "
                                                     "where the factor z is differentiated (product rule)."),
                (sigmoid_derivative, "that is the derivative of sigma alone; SiLU multiplies sigma(z) by z, "
                                     "so use the product rule."),
                (lambda z: sigmoid(z) - z * sigmoid_derivative(z),
                 "check the sign of your second term: both terms of the product rule are added."),
                (lambda z: sigmoid(z) + sigmoid_derivative(z), "in the second term of the product rule the "
                                                               "factor z stays: (z)' sigma + z sigma'."),
            ],
            otherwise="compare your function with scratch.numerical_derivative(lambda z: z * "
                      "scratch.sigmoid(z), z) on a grid to find where they part.",
            rtol=1e-6,
            atol=1e-9,
            name="silu_derivative",
            nonfinite=_NONFINITE,
        )
    return "it matches the central difference everywhere, large z included."


def _tanh_h_derivative(a, h):
    return h * (1 - np.tanh(h * a) ** 2)


@exercise(
    "07.2",
    "The slope of tanh(ha), written with tanh",
    stars=1,
    where="section 4: tanh'(u) = 1 − tanh²(u), and the chain rule for u = h a.",
    example="f(a) = σ(h a) has f'(a) = h σ(h a)(1 − σ(h a)): the outer derivative at h a, times h.",
)
def tanh_h_derivative(answer: Any) -> str:
    """Check ``answer(a, h)``, the derivative of deck 002's ``tanh(h a)`` with respect to ``a``.

    Example:
        >>> import numpy as np
        >>> tanh_h_derivative(lambda a, h: 1 - np.tanh(h * a) ** 2)  # doctest: +ELLIPSIS
        ❌ Exercise 07.2 ★☆☆ The slope of tanh(ha), written with tanh: not yet, ...chain rule...
    """
    inputs = [(np.array(a), h) for a in _Z_INPUTS for h in (0.5, 1.0, 3.7)]
    with np.errstate(all="ignore"):  # 1 / cosh(h a)^2 is right too, and overflows quietly
        _expect_tanh_h(answer, inputs)
    return "the chain rule brings out h, and tanh gives its own derivative."


def _expect_tanh_h(answer: Any, inputs: list) -> None:
    expect_function(
        answer,
        _tanh_h_derivative,
        inputs,
        mistakes=[
            (lambda a, h: 1 - np.tanh(h * a) ** 2, "the chain rule: the inner function h a has a "
                                                   "derivative too, and it multiplies the outer one."),
            (lambda a, h: h * (1 - np.tanh(h * a)), "look again at what is subtracted from 1: tanh "
                                                    "enters its own derivative squared."),
            (lambda a, h: h * (np.tanh(h * a) ** 2 - 1), "check the sign: tanh is increasing, so its "
                                                        "slope is never negative."),
            (lambda a, h: h * (1 - np.tanh(a) ** 2), "evaluate tanh at the same point as the function, "
                                                     "h a, not at a."),
            (lambda a, h: h * np.tanh(h * a) * (1 - np.tanh(h * a)), "that is the logistic's pattern, "
                                                                      "g (1 - g); tanh's derivative has "
                                                                      "another form."),
        ],
        otherwise="differentiate tanh(u) with respect to u first, then apply the chain rule with u = h a; "
                  "test your function at a = 0, where the slope should be h.",
        name="tanh_h_derivative",
        nonfinite=_NONFINITE,
    )


@exercise(
    "07.3",
    "An output that is never negative",
    stars=1,
    where="section 5: the output activation's range should match the range of the target.",
    example="a probability lies between 0 and 1, so its output takes the sigmoid, whose range is (0, 1).",
)
def output_activation(answer: Any) -> str:
    """Check the output activation chosen for a house price (a real number that is never negative).

    Example:
        >>> output_activation("sigmoid")  # doctest: +ELLIPSIS
        ❌ Exercise 07.3 ★☆☆ An output that is never negative: not yet, the sigmoid stays below 1...
    """
    expect_choice(
        answer,
        "relu",
        options={
            "linear": "a linear output can also predict negative prices, which never happen; "
                      "pick the function whose range matches the target's.",
            "sigmoid": "the sigmoid stays below 1, while a price can be any positive amount.",
            "softmax": "softmax turns scores into class probabilities that sum to 1; a price is one "
                       "number, not a class.",
            "tanh": "tanh stays between -1 and 1: it allows negative prices and caps the positive ones.",
        },
    )
    return "its outputs are never negative and have no upper limit, like prices."


_S2 = float(sigmoid_derivative(2.0))


@exercise(
    "07.4",
    "Six sigmoid layers at z = 2",
    stars=2,
    where="section 6: backpropagation multiplies one factor σ'(z) = σ(z)(1 − σ(z)) per sigmoid layer.",
    example="three layers at z = 0: σ(0) = 0.5, σ'(0) = 0.25, and the product is 0.25³ = 0.0156.",
)
def six_layer_factor(answer: Any) -> str:
    """Check the product of the six derivative factors sigma'(2) met on the way back.

    Example:
        >>> six_layer_factor(0.25**6)  # doctest: +ELLIPSIS
        ❌ Exercise 07.4 ★★☆ Six sigmoid layers at z = 2: not yet, 1/4 is the largest slope...
    """
    expect_close(
        as_number(answer),
        _S2**6,
        mistakes=[
            (0.25**6, "1/4 is the largest slope, reached at z = 0; these units sit at z = 2, "
                      "where the slope is smaller."),
            (float(sigmoid(2.0)) ** 6, "you multiplied the activations sigma(2); backpropagation "
                                       "multiplies the derivatives sigma'(2)."),
            (6 * _S2, "the factors of the chain rule multiply; they do not add."),
            (_S2, "that is one layer's factor; the gradient passes through six."),
            (_S2**5, "count the factors: one per sigmoid layer, six layers."),
            (_S2**7, "count the factors: one per sigmoid layer, six layers."),
        ],
        otherwise="compute sigma(2) first, then sigma'(2) = sigma(2) (1 - sigma(2)), then the product "
                  "over the six layers.",
        rtol=1e-3,
        atol=0.0,
        digits=3,
    )
    return "about a millionth: the first layers of such a network barely learn."
