"""Checkers for lesson 06, backpropagation.

Each checker takes the student's answer and returns a Feedback; see
:mod:`nnkit.exercises.feedback`. The exercises' numbers live here too, so the
lesson and the tests use the same ones.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnkit.exercises.answers import as_array, as_number, call, expect_close, expect_function
from nnkit.exercises.feedback import Hint, NotAttempted, exercise, is_stub

# Exercise 06.1: deck 001's graph, c = w x, a = c + b, d = a - y, J = d^2 / 2, with new numbers.
GRAPH_W, GRAPH_B, GRAPH_X, GRAPH_Y = 1.5, -2.0, 4.0, 1.0

# Exercise 06.3: deck 002's network z = W1 x + b1, s = sigma(h z), o = W2 s + b2, Loss = |o - t|^2 / 2
# (the deck's y, the pre-activation, is z here: y is a label elsewhere in the course).
NET_X = (1.0, -2.0)
NET_T = (0.5,)
NET_W1 = ((0.5, -1.0), (1.0, 0.5))
NET_B1 = (0.0, 0.5)
NET_W2 = ((1.0, -2.0),)
NET_B2 = (0.5,)
NET_SLOPE_H = 2.0

# Exercise 06.4: w feeds two nodes, g1 = w + 2 and g2 = w^2, and f = g1 * g2.
FAN_W = 3.0


def _sigmoid(z: Any) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


_SIGN = (
    "the sign is flipped: J = ½(a − y)² grows as a moves above y, so the backward pass starts from "
    "dJ/da = a − y, not y − a."
)
_NO_HALF = (
    "your gradients are twice too big: the ½ in J is there to cancel the 2 that comes down from the "
    "square, so dJ/dd = d."
)


@exercise(
    "06.1",
    "Deck 001's graph with new numbers",
    stars=1,
    where="section 2: forward c, a, d, J; then backward dJ/dd = d, ∂d/∂a = 1, ∂a/∂c = ∂a/∂b = 1, ∂c/∂w = x.",
    example="w = 2, b = 1, x = 3, y = 4: c = 6, a = 7, d = 3, J = 4.5; dJ/dw = 3 · 1 · 1 · 3 = 9 and "
    "dJ/db = 3 · 1 · 1 = 3.",
)
def graph_gradients(dJ_dw: Any, dJ_db: Any = ...) -> str:
    """Check dJ/dw and dJ/db of deck 001's graph at ``GRAPH_W, GRAPH_B, GRAPH_X, GRAPH_Y``.

    Example:
        >>> graph_gradients(3.0, 3.0)  # doctest: +ELLIPSIS
        ❌ Exercise 06.1 ★☆☆ Deck 001's graph with new numbers: not yet, dJ/dw stopped at dJ/dc: ...
    """
    if is_stub(dJ_db):
        raise NotAttempted
    w_value, b_value = as_number(dJ_dw, what="dJ_dw_new"), as_number(dJ_db, what="dJ_db_new")
    d = GRAPH_W * GRAPH_X + GRAPH_B - GRAPH_Y
    right_w, right_b = d * GRAPH_X, d
    pair = np.array([w_value, b_value])
    if np.allclose(pair, [-right_w, -right_b]):
        raise Hint(_SIGN)
    if np.allclose(pair, [2 * right_w, 2 * right_b]):
        raise Hint(_NO_HALF)
    expect_close(
        w_value,
        right_w,
        mistakes=[
            (-right_w, _SIGN),
            (2 * right_w, _NO_HALF),
            (d, "dJ/dw stopped at dJ/dc: one more edge to go, multiply by the local derivative ∂c/∂w."),
            (d * GRAPH_W, "∂c/∂w is the other factor of c = wx: the input x, not the weight w."),
            (GRAPH_X, "that is only the last local derivative ∂c/∂w; multiply it by dJ/dc, brought back."),
        ],
        otherwise="run the forward pass first (c, a, d, J), then multiply the local derivatives from J to w.",
        digits=3,
        what="dJ_dw_new",
    )
    expect_close(
        b_value,
        right_b,
        mistakes=[
            (-right_b, _SIGN),
            (2 * right_b, _NO_HALF),
            (right_w, "b joins at a = c + b, where ∂a/∂b = 1: there is no x on the path from b to J."),
        ],
        otherwise="dJ/db = dJ/dd · ∂d/∂a · ∂a/∂b: the path from J back to b through d and a.",
        digits=3,
        what="dJ_db_new",
    )
    return "each gradient is the product of the local derivatives on its path; ∂J/∂a serves both w and b."


def _neuron_backward(x: Any, w: Any, b: float, y: float, *, sign: float = 1.0, factor: float = 1.0,
                     slope: str = "z", dz_dw: str = "x") -> np.ndarray:
    """The reference (and, by its options, the typical mistakes), packed as (dJ/dw..., dJ/db)."""
    x, w = np.asarray(x, dtype=np.float64), np.asarray(w, dtype=np.float64)
    z = w @ x + b
    a = _sigmoid(z)
    local = {"z": a * (1 - a), "none": 1.0, "a": _sigmoid(a) * (1 - _sigmoid(a))}[slope]
    delta = factor * sign * (a - y) * local
    return np.append(delta * (x if dz_dw == "x" else w), delta)


def _packed(function: Any, inputs: list[tuple]) -> Any:
    """Call the student's function on every input; a stand-in returning each (dJ/dw..., dJ/db) in order."""
    results = []
    for x, w, b, y in inputs:
        result = call(function, x, w, b, y, name="neuron_backward")
        if isinstance(result, dict) or not hasattr(result, "__len__") or len(result) != 2:
            raise Hint("neuron_backward should return two things, in this order: return dJ_dw, dJ_db.")
        dJ_dw = as_array(result[0], what="the dJ_dw neuron_backward returns")
        dJ_db = as_array(result[1], what="the dJ_db neuron_backward returns")
        if dJ_dw.size != np.size(x):
            raise Hint(
                f"dJ_dw should hold one number per weight ({np.size(x)} here); it holds {dJ_dw.size}. "
                "Each weight w_i gets dJ/dz times its own input x_i."
            )
        if dJ_db.size != 1:
            raise Hint(f"dJ_db should be one number (there is one bias); it holds {dJ_db.size}.")
        results.append(np.append(dJ_dw.ravel(), dJ_db.ravel()))
    answers = iter(results)
    return lambda *args: next(answers)


def _neuron_inputs() -> list[tuple[np.ndarray, np.ndarray, float, float]]:
    rng = np.random.default_rng(6)
    inputs = [(np.array([1.0, 2.0, 0.5]), np.array([0.5, -1.0, 2.0]), 0.1, 1.0)]
    for n, scale in [(1, 1.0), (3, 1.0), (5, 2.0), (2, 4.0), (4, 0.5)]:
        x, w = rng.normal(size=n) * scale, rng.normal(size=n)
        inputs.append((x, w, float(rng.normal()), float(rng.integers(0, 2))))
    inputs.append((np.array([3.0, -2.0]), np.array([2.0, 1.5]), -0.5, 0.0))  # a confident, wrong neuron
    return inputs


@exercise(
    "06.2",
    "The backward step of one sigmoid neuron",
    stars=2,
    where="section 4: dJ/da = a − y, da/dz = σ'(z) = a(1 − a), dz/dw = x and dz/db = 1, multiplied along "
    "each path.",
    example="x = [2.0], w = [0.0], b = 0, y = 1: z = 0, a = 0.5, dJ/dz = (0.5 − 1) · 0.25 = −0.125, so "
    "dJ/dw = [−0.25] and dJ/db = −0.125.",
)
def neuron_backward(function: Any) -> str:
    """Check ``neuron_backward(x, w, b, y)``: (dJ/dw, dJ/db) of J = ½(σ(w·x + b) − y)², on many inputs.

    Example:
        >>> def neuron_backward_without_slope(x, w, b, y):
        ...     a = 1 / (1 + np.exp(-(w @ x + b)))
        ...     return (a - y) * x, a - y
        >>> neuron_backward(neuron_backward_without_slope)  # doctest: +ELLIPSIS
        ❌ Exercise 06.2 ★★☆ The backward step of one sigmoid neuron: not yet, you skipped the sigmoid's ...
    """
    inputs = _neuron_inputs()
    expect_function(
        _packed(function, inputs),
        _neuron_backward,
        inputs,
        mistakes=[
            (
                lambda *args: _neuron_backward(*args, slope="none"),
                "you skipped the sigmoid's own local derivative: between a and z the gradient is multiplied "
                "by σ'(z), which you can write with a alone.",
            ),
            (lambda *args: _neuron_backward(*args, sign=-1.0), _SIGN),
            (
                lambda *args: _neuron_backward(*args, factor=2.0),
                "your gradients are twice too big: the ½ in J cancels the 2 that comes down from the square.",
            ),
            (
                lambda *args: _neuron_backward(*args, slope="a"),
                "σ' is taken at the neuron's input z, not at its output a: σ'(z) = σ(z)(1 − σ(z)), "
                "and σ(z) is a itself.",
            ),
            (
                lambda *args: _neuron_backward(*args, dz_dw="w"),
                "∂z/∂w_i is the input x_i (z = w·x + b), not the weight w_i.",
            ),
        ],
        otherwise="go one node at a time: forward to z and a, then back through dJ/da and dJ/dz to one "
        "product per parameter.",
        name="neuron_backward",
    )
    return "forward to a, back to z through σ' = a(1 − a), then one product per parameter."


def _network_gradient(
    *,
    sign: float = 1.0,
    factor: float = 1.0,
    hidden: str = "full",
    slope: float = NET_SLOPE_H,
    biases: bool = True,
) -> np.ndarray:
    """dLoss/dW1 of exercise 06.3's network (and, by its options, the typical mistakes)."""
    x, t = np.array(NET_X), np.array(NET_T)
    W1, b1, W2, b2 = np.array(NET_W1), np.array(NET_B1), np.array(NET_W2), np.array(NET_B2)
    z = W1 @ x + (b1 if biases else 0.0)
    s = _sigmoid(slope * z)
    o = W2 @ s + (b2 if biases else 0.0)
    dLoss_ds = W2.T @ (factor * sign * (o - t))
    local = {"full": slope * s * (1 - s), "no slope": s * (1 - s), "none": 1.0}[hidden]
    return np.outer(dLoss_ds * local, x)


@exercise(
    "06.3",
    "One backward step of a 2-layer net",
    stars=3,
    where="section 5's backward pass: ∂Loss/∂o = o − t, ∂Loss/∂s = W2ᵀ(o − t), δ₁ = ∂Loss/∂s · h s(1 − s), "
    "∂Loss/∂W1 = np.outer(δ₁, x).",
    example="one input x = 1, one hidden unit with W1 = 0, b1 = 0, h = 1, W2 = 2, b2 = 0, t = 0: z = 0, "
    "s = 0.5, o = 1, ∂Loss/∂s = 2 · 1 = 2, δ₁ = 2 · 0.25 = 0.5, ∂Loss/∂W1 = 0.5 · 1 = 0.5.",
)
def network_gradient(dLoss_dW1: Any) -> str:
    """Check dLoss/dW1 of the small network of exercise 06.3 (``NET_*``), a (2, 2) array.

    Example:
        >>> network_gradient(_network_gradient(hidden="no slope"))  # doctest: +ELLIPSIS
        ❌ Exercise 06.3 ★★★ One backward step of a 2-layer net: not yet, the slope h is missing: ...
    """
    right = _network_gradient()
    expect_close(
        dLoss_dW1,
        right,
        mistakes=[
            (
                _network_gradient(hidden="none"),
                "you went from ∂Loss/∂s straight to W1: the hidden layer's activation is on the way, so "
                "multiply by its local derivative ∂s/∂z first.",
            ),
            (
                _network_gradient(hidden="no slope"),
                "the slope h is missing: s = σ(h z), so by the chain rule ∂s/∂z = h · s(1 − s).",
            ),
            (_network_gradient(sign=-1.0), "the sign is flipped: ∂Loss/∂o = o − t, not t − o."),
            (
                _network_gradient(factor=2.0),
                "twice too big: the ½ in the loss cancels the 2 that comes down from the square.",
            ),
            (
                _network_gradient(slope=1.0),
                "the slope h = 2 is missing from the whole network: the hidden units compute s = σ(h z), "
                "forward (s) and backward (∂s/∂z = h · s(1 − s)) alike.",
            ),
            (
                _network_gradient(biases=False),
                "the biases are missing from the forward pass: z = W1 x + b1 and o = W2 s + b2 move every "
                "value the backward pass uses.",
            ),
            (
                _network_gradient(hidden="none", sign=-1.0),
                "two slips: the hidden activation's local derivative ∂s/∂z is missing, and the sign of "
                "∂Loss/∂o = o − t is flipped.",
            ),
            (
                right.T,
                "rows and columns are swapped: ∂Loss/∂W1 has W1's shape, one row per hidden unit and one "
                "column per input, so it is δ₁ xᵀ (np.outer(delta_1, x)).",
            ),
        ],
        otherwise="go back one node at a time: ∂Loss/∂o, then ∂Loss/∂s, then δ₁ = ∂Loss/∂z through the "
        "activation, then ∂Loss/∂W1, which has W1's shape.",
        digits=3,
        what="dLoss_dW1_new",
    )
    return "every factor of the deck's product of partials is in it, in order, from the loss back to W1."


@exercise(
    "06.4",
    "Two paths into one weight",
    stars=1,
    where="section 6: where a value feeds several nodes, the shares that come back along each path add.",
    example="w = 1 with g1 = 3 w and g2 = w², f = g1 · g2: the path through g1 gives g2 · 3 = 3, the path "
    "through g2 gives g1 · 2 w = 6, so df/dw = 9.",
)
def two_paths(df_dw: Any) -> str:
    """Check df/dw for f = g1 · g2 with g1 = w + 2 and g2 = w² at ``FAN_W``: the two paths add.

    Example:
        >>> two_paths(30.0)  # doctest: +ELLIPSIS
        ❌ Exercise 06.4 ★☆☆ Two paths into one weight: not yet, that is only the path through g₂...
    """
    g1, g2 = FAN_W + 2.0, FAN_W**2
    through_g1, through_g2 = g2 * 1.0, g1 * 2.0 * FAN_W
    expect_close(
        as_number(df_dw, what="df_dw_two_paths"),
        through_g1 + through_g2,
        mistakes=[
            (
                through_g2,
                "that is only the path through g₂ (what a backward pass that overwrites keeps): w also "
                "reaches f through g₁.",
            ),
            (through_g1, "that is only the path through g₁: w also reaches f through g₂ = w²."),
            (through_g1 * through_g2, "the two paths' shares are added, not multiplied."),
            (g1 * g2, "that is f itself, the forward value; the question asks for its derivative."),
        ],
        otherwise="for each path: ∂f/∂g times dg/dw (∂f/∂g₁ = g₂, ∂f/∂g₂ = g₁); then add the two shares.",
        digits=3,
        what="df_dw_two_paths",
    )
    return "w feeds two nodes, so two shares come back, and its gradient is their sum (the product rule)."
