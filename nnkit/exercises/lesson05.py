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


@exercise(
    "05.1",
    "A numerical derivative with a good h",
    stars=2,
    where="section 1: the central difference (f(x + h) - f(x - h)) / (2 h), and the plot of its error "
    "against h.",
    example="f = np.cos at x = 1 with h = 1e-5: (cos(1.00001) - cos(0.99999)) / 2e-5 = -0.8414709848, "
    "and -sin(1) = -0.8414709848.",
)
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


@exercise(
    "05.2",
    "Where descent on 2.5 w² diverges",
    stars=2,
    where="section 4's table: one step multiplies w by 1 - alpha c, with c = f''(w), the curvature; the "
    "factor is 0 at the one-step rate and -1 at the border.",
    example="f(w) = 3 w²: c = f''(w) = 6, so one step lands on the minimum at alpha = 1/6 (factor 0) and "
    "descent diverges above alpha = 2/6 = 1/3 (factor -1).",
)
def diverging_rate(rates: Any) -> None:
    """Check ``(alpha_one_step, alpha_limit)`` for descent on ``f(w) = 2.5 w²``.

    The first rate lands on the minimum in one step, the second is the border above
    which descent diverges. Asking for both tells the curvature ``c = 5`` from the
    coefficient 2.5: mixing up 1/c and 2/c with c = 2.5 gets the border right by chance.

    Example:
        >>> diverging_rate((0.4, 0.8))  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 05.2 ★★☆ Where descent on 2.5 w² diverges: not yet, the table's c is the curvature, the
        second derivative f''(w). For f(w) = 2.5 w² that is not 2.5: differentiate twice.
    """
    value = as_array(rates, what="rates")
    if value.size != 2:
        raise Hint(
            f"give two rates, (alpha_one_step, alpha_limit); received {value.size} value(s) of shape "
            f"{value.shape}."
        )
    one_step, limit = 1 / _CURVATURE, 2 / _CURVATURE
    coefficient = 2.5
    not_curvature = (
        "the table's c is the curvature, the second derivative f''(w). For f(w) = 2.5 w² that is not "
        "2.5: differentiate twice."
    )
    expect_close(
        value.reshape(2),
        [one_step, limit],
        mistakes=[
            ([1 / coefficient, 2 / coefficient], not_curvature),
            (
                [2 / coefficient, 1 / coefficient],
                "your border is right only by chance: c is f''(w) = 2 x 2.5, not 2.5, and the one-step rate "
                "is where the factor 1 - alpha c is 0, the border where it is -1.",
            ),
            (
                [limit, one_step],
                "the two rates are swapped: one step lands on the minimum where the factor 1 - alpha c is 0; "
                "the border is where it reaches -1.",
            ),
            (
                [one_step, one_step],
                "at the one-step rate descent lands on the minimum (factor 0); rates a little above it still "
                "converge, flipping sign each step: find where the factor 1 - alpha c reaches -1.",
            ),
            (
                [one_step, 1.0],
                "deck 004's rule of thumb 0 < alpha <= 1 is not a border: section 4 shows it failing on a "
                "steep loss. Work out the factor 1 - alpha c for this f.",
            ),
            ([one_step, _CURVATURE], "that is the curvature itself; the border is where 1 - alpha c = -1."),
            ([one_step, coefficient], "that is the coefficient of w²; the border is where 1 - alpha c = -1."),
        ],
        otherwise="write one step as w_next = (1 - alpha c) w with c = f''(w): the one-step rate makes the "
        "factor 0, the border makes it -1.",
        digits=3,
        what="rates",
    )


# ---------------------------------------------------------------------------------------------------
# 05.3 Iterations in a training run

_SAMPLES, _EPOCHS, _BATCHES = 1000, 5, (64, 50)


def _updates(per_epoch: Callable[[int, int], float]) -> np.ndarray:
    return np.array([_EPOCHS * per_epoch(_SAMPLES, b) for b in _BATCHES], dtype=np.float64)


@exercise(
    "05.3",
    "Iterations in a training run",
    stars=1,
    where="section 5: an epoch makes one update per batch, the last batch may be smaller, and the run "
    "repeats that for every epoch.",
    example="300 samples, batch_size=128, 4 epochs: batches of 128, 128 and 44, so 3 updates per epoch "
    "and 12 in the run.",
)
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


class _Slope(_Named):
    """A loss whose gradient never shrinks (a plane), so only the cap of 1,000 updates ends the descent.

    It counts its calls and stops a loop that runs far past the cap, so a missing cap gets a hint, not a
    notebook that never returns.
    """

    def __init__(self) -> None:
        super().__init__("the gradient of the plane w1 + w2 (steps never shrink)", lambda w: np.ones_like(w))
        self.calls = 0

    def __call__(self, w: Any) -> Any:
        self.calls += 1
        if self.calls > 20 * _MAX_UPDATES:
            raise RuntimeError("the descent ran past 20,000 updates")
        return super().__call__(w)


_SLOPE_START, _SLOPE_RATE = (5.0, -2.0), 0.25
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
    (_Slope(), list(_SLOPE_START), _SLOPE_RATE, 1e-3),
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


def _expect_the_cap(on_slope: np.ndarray) -> None:
    """Hint when descent on the plane, where no step is short, made another number of updates than 1,000."""
    updates = (np.asarray(_SLOPE_START) - on_slope) / _SLOPE_RATE
    if not np.all(np.isfinite(updates)) or not np.allclose(updates, updates[0]) or updates[0] < 0.5:
        return  # not plain descent on that loss: the other hints say what is wrong
    count = int(round(updates[0]))
    if np.isclose(updates[0], count) and count != _MAX_UPDATES:
        raise Hint(
            f"on a loss whose steps never get short, your descent made {count:,} updates; the statement "
            "allows 1,000 at most, and a step that is never short should use them all."
        )


@exercise(
    "05.4",
    "Descend until the step is small",
    stars=3,
    where="section 6: update first, w_next = w - learning_rate * gradient(w); then stop if "
    "np.linalg.norm(w_next - w) < eps, and stop anyway after 1,000 updates.",
    example="gradient(w) = 2 w from w0 = [1.0] with learning_rate 0.25 and eps 0.1: w goes 1 -> 0.5 "
    "(step 0.5) -> 0.25 (step 0.25) -> 0.125 (step 0.125) -> 0.0625 (step 0.0625 < 0.1): return [0.0625].",
)
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
            if isinstance(gradient, _Slope):
                gradient.calls = 0
            try:
                result = call(function, gradient, np.array(w0), learning_rate, eps, name="descend_until")
            except Hint as hint:
                if isinstance(gradient, _Slope) and gradient.calls > 20 * _MAX_UPDATES:
                    raise Hint(
                        f"on {gradient!r} your loop never ends: a descent whose steps stay long must stop "
                        "after 1,000 updates at most (for _ in range(1000): ...)."
                    ) from None
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
            return "it stops at the first short step on four losses, 1-D to 3-D, and after 1,000 updates."
        for slip, hint in _DESCENT_MISTAKES:
            if matches(**slip):
                raise Hint(hint)
        _expect_the_cap(got[-1])
    if any(not np.all(np.isfinite(value)) for value in got):
        raise Hint("your descent ends in nan or inf on some loss: step against the gradient, times the rate.")
    raise Hint(
        "on some loss your final weights differ from descent that stops at the first update whose step "
        "||w_next - w|| is below eps: check the update and the stopping test."
    )
