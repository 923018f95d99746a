"""Checkers for lesson 05, gradient descent: a numerical derivative, where descent diverges, how many
iterations a run makes, and descent that stops when its step is small.

Each checker takes the student's answer (a number, a list or a function) and returns
:class:`~nnkit.exercises.feedback.Feedback`; it never raises.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from nnkit.exercises.answers import as_array, as_number, call, expect_close
from nnkit.exercises.feedback import Hint, exercise


class _Named:
    """A function with a readable name, so a hint can say which input broke the answer."""

    def __init__(self, name: str, function: Callable[[Any], Any]) -> None:
        self.name, self.function = name, function

    def __call__(self, w: Any) -> Any:
        return self.function(w)

    def __repr__(self) -> str:
        return self.name


class _Recorder(_Named):
    """A test function that remembers where the student's code evaluated it."""

    def __init__(self, name: str, function: Callable[[Any], Any]) -> None:
        super().__init__(name, function)
        self.points: list[float] = []

    def __call__(self, x: Any) -> Any:
        self.points.extend(np.ravel(np.asarray(x, dtype=np.float64)).tolist())
        return self.function(x)


# ---------------------------------------------------------------------------------------------------
# 05.1 A numerical derivative with a good h

# (name, f, its exact derivative, x): smooth functions whose third derivative is no larger than the
# first, at points the lesson never used; x = 20 needs an h that is not lost next to x.
_SLOPE_CASES = [
    ("np.sin", np.sin, np.cos, 1.0),
    ("np.sin", np.sin, np.cos, -2.5),
    ("np.exp", np.exp, np.exp, 0.0),
    ("np.exp", np.exp, np.exp, 3.0),
    ("np.tanh", np.tanh, lambda x: 1 - np.tanh(x) ** 2, 0.5),
    ("x**3 - 2*x", lambda x: x**3 - 2 * x, lambda x: 3 * x**2 - 2, 1.7),
    ("np.log", np.log, lambda x: 1 / x, 4.0),
    ("np.sin", np.sin, np.cos, 20.0),
]
SLOPE_TOLERANCE = 1e-8  # relative (absolute below a slope of 1): what a good central difference reaches


@exercise("05.1", "A numerical derivative with a good h", stars=2)
def central_slope(slope: Any) -> str:
    """Check ``slope(f, x)``: the central difference of ``f`` at ``x`` with an h that keeps it accurate.

    The slope is compared with the exact derivative of several functions (to 1e-8), and
    the points where it evaluates ``f`` tell a one-sided formula or a poor h apart.

    Example:
        >>> central_slope(lambda f, x: (f(x + 1e-5) - f(x)) / 1e-5)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 05.1 ★★☆ A numerical derivative with a good h: not yet, your slope is one-sided: it
        evaluates f at x and on one side of it only. Look half a step to each side of x, so the error
        shrinks like h² instead of h.
    """
    results = []  # (student's value, exact derivative, x, the steps it took)
    with np.errstate(all="ignore"):
        for name, f, derivative, x in _SLOPE_CASES:
            recorder = _Recorder(f"f = {name}", f)
            value = as_number(call(slope, recorder, x, name="slope"), what="what slope returns")
            offsets = np.array(recorder.points) - x
            results.append((value, float(derivative(x)), x, offsets[offsets != 0]))
    for value, _, x, offsets in results:
        if not np.isfinite(value):
            raise Hint(f"your slope is nan or inf at x = {x:g}: is your h zero (or far too small) there?")
        if offsets.size == 0:
            raise Hint("your slope never evaluates f away from x: it needs f at two different points.")
        if np.all(offsets > 0) or np.all(offsets < 0):
            raise Hint(
                "your slope is one-sided: it evaluates f at x and on one side of it only. Look half a step "
                "to each side of x, so the error shrinks like h² instead of h."
            )
    steep = [(value / exact, abs(offsets).max()) for value, exact, _, offsets in results if abs(exact) > 0.1]
    ratios = np.array([ratio for ratio, _ in steep])
    if np.allclose(ratios, -1, rtol=1e-4):
        raise Hint("your slopes have the wrong sign: which of the two values of f comes first?")
    if np.allclose(ratios, 2, rtol=1e-4):
        raise Hint("your slopes are twice the true ones: how far apart are the two points you evaluate f at?")
    if np.allclose(ratios, 0.5, rtol=1e-4):
        raise Hint("your slopes are half the true ones: how far apart are the two points you evaluate f at?")
    if all(np.isclose(ratio, h**2, rtol=1e-3, atol=0) for ratio, h in steep):
        raise Hint(
            "your slopes are tiny: Python reads `a / 2 * h` as `(a / 2) * h`. Put the whole denominator in "
            "parentheses."
        )
    errors = [abs(value - exact) / max(1.0, abs(exact)) for value, exact, _, _ in results]
    if max(errors) <= SLOPE_TOLERANCE:
        return f"your slope is within {SLOPE_TOLERANCE:g} of the exact one on {len(results)} functions."
    worst = int(np.argmax(errors))
    h = float(np.abs(results[worst][3]).max())
    if h >= 2e-4:
        raise Hint(
            f"your h = {h:.1g} is too large: the truncation error, about h²/6 f''', is {errors[worst]:.1g} "
            f"at x = {results[worst][2]:g}. Try smaller steps."
        )
    if h <= 5e-8:
        raise Hint(
            f"your h = {h:.1g} is too small: round-off, about 1e-16 / h, swamps the difference of the two "
            f"values of f (error {errors[worst]:.1g} at x = {results[worst][2]:g}). Try larger steps."
        )
    raise Hint(
        f"your slope is off by {errors[worst]:.1g} at x = {results[worst][2]:g} for "
        f"f = {_SLOPE_CASES[worst][0]}; compare your formula with the central difference of section 1."
    )


# ---------------------------------------------------------------------------------------------------
# 05.2 Where descent diverges

_CURVATURE = 2 * 2.5  # f(w) = 2.5 w^2 has f''(w) = 5


@exercise("05.2", "Where descent on 2.5 w² diverges", stars=2)
def diverging_rate(alpha_limit: Any) -> None:
    """Check the learning rate above which descent on ``f(w) = 2.5 w²`` no longer converges.

    Example:
        >>> diverging_rate(0.8)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 05.2 ★★☆ Where descent on 2.5 w² diverges: not yet, the table's c is the curvature, the
        second derivative f''(w). For f(w) = 2.5 w² that is not 2.5: differentiate twice.
    """
    limit = 2 / _CURVATURE
    expect_close(
        as_number(alpha_limit, what="alpha_limit"),
        limit,
        mistakes=[
            (
                2 / 2.5,
                "the table's c is the curvature, the second derivative f''(w). For f(w) = 2.5 w² that is not "
                "2.5: differentiate twice.",
            ),
            (
                1 / _CURVATURE,
                "at that rate descent lands on the minimum in one step (factor 0). Rates a little above it "
                "still converge, flipping sign each step: find where the factor 1 - alpha c reaches -1.",
            ),
            (
                1.0,
                "deck 004's rule of thumb 0 < alpha <= 1 is not a border: section 4 shows it failing on a "
                "steep loss. Work out the factor 1 - alpha c for this f.",
            ),
            (_CURVATURE, "that is the curvature itself; the border is the rate where 1 - alpha c = -1."),
            (2.5, "that is the coefficient of w²; the border is the rate where 1 - alpha c = -1."),
        ],
        otherwise="write one step as w_next = (1 - alpha c) w with c = f''(w), and find the alpha at which "
        "the factor reaches -1.",
    )


# ---------------------------------------------------------------------------------------------------
# 05.3 Iterations in a training run

_SAMPLES, _EPOCHS, _BATCHES = 1000, 5, (64, 50)


def _updates(per_epoch: Callable[[int, int], float]) -> np.ndarray:
    return np.array([_EPOCHS * per_epoch(_SAMPLES, b) for b in _BATCHES], dtype=np.float64)


@exercise("05.3", "Iterations in a training run", stars=1)
def update_count(updates: Any) -> None:
    """Check ``[updates with batch_size=64, updates with batch_size=50]`` for 5 epochs on 1000 samples.

    Example:
        >>> update_count([16, 20])  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 05.3 ★☆☆ Iterations in a training run: not yet, those are the updates in one epoch;
        the run has 5.
    """
    value = as_array(updates, what="updates")
    expected = _updates(lambda m, b: np.ceil(m / b))
    if value.shape != (2,):
        raise Hint(f"updates should be a list of two numbers, [for 64, for 50]; it has shape {value.shape}.")
    if np.allclose(value, expected):
        return None
    whole = [
        (expected / _EPOCHS, "those are the updates in one epoch; the run has 5."),
        (
            np.full(2, _EPOCHS * _SAMPLES),
            "that is one update per sample, stochastic descent; here each update uses a whole batch of B.",
        ),
        (np.full(2, _EPOCHS), "that is one update per epoch, batch descent; here each uses a batch of B."),
        (expected[::-1], "your two numbers are swapped: the first is for batch_size=64."),
    ]
    for wrong, hint in whole:
        if np.allclose(value, wrong):
            raise Hint(hint)
    first = [
        (
            _updates(lambda m, b: np.floor(m / b))[0],
            "for B = 64 you left out the last batch: the samples are not a multiple of 64, and the smaller "
            "batch at the end of each epoch still makes an update.",
        ),
        (
            _updates(lambda m, b: m / b)[0],
            "an epoch cannot make a fraction of an update: the smaller batch at its end counts as one.",
        ),
        (
            np.ceil(_EPOCHS * _SAMPLES / _BATCHES[0]),
            "batches do not run across epochs: each epoch starts over and ends with its own smaller batch.",
        ),
    ]
    for wrong, hint in first:
        if np.isclose(value[0], wrong):
            raise Hint(hint)
    if np.isclose(value[1], _updates(lambda m, b: m // b + 1)[1]):
        raise Hint("for B = 50 no smaller batch is left over: the samples split into batches of 50 exactly.")
    if np.isclose(value[0], expected[0]):
        raise Hint("your first number is right; check the second, for batch_size=50.")
    if np.isclose(value[1], expected[1]):
        raise Hint("your second number is right; check the first, for batch_size=64.")
    raise Hint("count the batches in one epoch (the last may be smaller), then multiply by the epochs.")


# ---------------------------------------------------------------------------------------------------
# 05.4 Descend until the step is small

_MAX_UPDATES = 1000
_DESCENT_CASES = [
    (_Named("the gradient of w²", lambda w: 2 * w), [2.0], 0.1, 1e-6),
    (
        _Named("the gradient of the bowl", lambda w: np.array([2 * (w[0] - 1), 8 * (w[1] + 0.5)])),
        [-2.0, 1.5],
        0.1,
        1e-4,
    ),
    (_Named("the gradient of 5 w²", lambda w: 10 * w), [1.0], 0.15, 1e-5),
    (
        _Named("the gradient of |w - (3, -1, 0.5)|² / 2", lambda w: w - np.array([3.0, -1.0, 0.5])),
        [0.0, 0.0, 0.0],
        0.3,
        1e-7,
    ),
]


def _descend(
    gradient, w0, learning_rate, eps, *, sign=-1.0, rate=True, stop="step", give="after", most=_MAX_UPDATES
):
    """The reference (defaults) and the usual slips: wrong sign, no rate, another stop test, one step late."""
    w = np.array(w0, dtype=np.float64)
    for _ in range(most):
        g = gradient(w)
        w_next = w + sign * (learning_rate if rate else 1.0) * g
        small = {"step": np.linalg.norm(w_next - w), "gradient": np.linalg.norm(g), "never": np.inf}[stop]
        if small < eps:
            return w_next if give == "after" else w
        w = w_next
    return w


_DESCENT_MISTAKES = [
    (dict(sign=1.0), "your weights run away from the minimum: step against the gradient."),
    (dict(rate=False), "your steps ignore learning_rate: each step is learning_rate times the gradient."),
    (
        dict(stop="gradient"),
        "you stop when the gradient is small; section 6's rule measures the step, ||w_next - w||, which is "
        "learning_rate times as long.",
    ),
    (dict(stop="never"), "your loop never stops early: after each update compare the step's length to eps."),
    (
        dict(give="before"),
        "you return the weights from before the last update; return them after the short step.",
    ),
]


@exercise("05.4", "Descend until the step is small", stars=3)
def descend_until(function: Any) -> str:
    """Check ``descend_until(gradient, w0, learning_rate, eps)`` on 1-D, 2-D and 3-D losses.

    Example:
        >>> def no_rate(gradient, w0, learning_rate, eps):
        ...     w = np.array(w0, dtype=float)
        ...     for _ in range(1000):
        ...         w_next = w - gradient(w)
        ...         if np.linalg.norm(w_next - w) < eps:
        ...             return w_next
        ...         w = w_next
        ...     return w
        >>> descend_until(no_rate)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 05.4 ★★★ Descend until the step is small: not yet, your steps ignore learning_rate: each
        step is learning_rate times the gradient.
    """
    got = []
    with np.errstate(all="ignore"):
        for gradient, w0, learning_rate, eps in _DESCENT_CASES:
            try:
                result = call(function, gradient, np.array(w0), learning_rate, eps, name="descend_until")
            except Hint as hint:
                if "truth value of an array" in str(hint):
                    raise Hint(
                        "comparing an array with eps gives one answer per weight; compare the step's length, "
                        "np.linalg.norm(...), instead."
                    ) from None
                raise
            value = as_array(result, what="what descend_until returns")
            if value.size != len(w0):
                raise Hint(
                    f"descend_until returns {value.size} numbers for {gradient!r}, which has {len(w0)} "
                    "weights: return the weights, shaped like w0."
                )
            got.append(value.reshape(-1))

        def matches(**slip: Any) -> bool:
            for value, (gradient, w0, learning_rate, eps) in zip(got, _DESCENT_CASES, strict=True):
                want = _descend(gradient, w0, learning_rate, eps, **slip)
                both_broken = not np.all(np.isfinite(value)) and not np.all(np.isfinite(want))
                if not (both_broken or np.allclose(value, want, rtol=1e-9, atol=1e-12)):
                    return False
            return True

        if matches():
            return "it stops at the first short step on all four losses, 1-D to 3-D."
        for slip, hint in _DESCENT_MISTAKES:
            if matches(**slip):
                raise Hint(hint)
    if any(not np.all(np.isfinite(value)) for value in got):
        raise Hint("your descent ends in nan or inf on some loss: step against the gradient, times the rate.")
    raise Hint(
        "on some loss your final weights differ from descent that stops at the first update whose step "
        "||w_next - w|| is below eps: check the update and the stopping test."
    )
