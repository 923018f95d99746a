"""Checkers for lesson 12, optimizers.

Each checker takes the student's answer and returns a Feedback; see
:mod:`nnkit.exercises.feedback`.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from nnkit import scratch
from nnkit.exercises.answers import as_array, as_number, call, expect_choice, expect_close
from nnkit.exercises.feedback import Hint, NotAttempted, exercise, is_stub

# --- 12.1 Momentum on a ravine ------------------------------------------------------------------------

RAVINE_CURVATURE = (1.0, 100.0)  # J(w) = (w1^2 + 100 w2^2) / 2
RAVINE_START = (-5.0, 1.0)
RAVINE_RATE = 0.01
RAVINE_STEPS = 100
BETAS = (0.0, 0.5, 0.9, 0.99)


def _ravine_paths(steps: int = RAVINE_STEPS) -> list[np.ndarray]:
    curvature = np.array(RAVINE_CURVATURE)
    return [
        scratch.descend(
            lambda w: curvature * w,
            RAVINE_START,
            scratch.SGD(learning_rate=RAVINE_RATE, momentum=beta),
            steps=steps,
        )
        for beta in BETAS
    ]


@exercise(
    "12.1",
    "Momentum on a ravine",
    stars=2,
    where=(
        "the ravine cell: scratch.descend(gradient, start, optimizer, steps=...) returns the "
        "path, and np.linalg.norm(path[-1]) is the distance to (0, 0)."
    ),
    example="a path ending at (3, 4) is at distance 5 from the minimum (0, 0).",
)
def momentum_ravine(distances: Any, best_beta: Any = ...) -> str | None:
    """Check the four distances to the minimum after 100 steps (beta = 0, 0.5, 0.9, 0.99) and the best beta.

    Example:
        >>> momentum_ravine([1.0, 1.0, 1.0, 1.0], 0.5)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 12.1 ★★☆ Momentum on a ravine: not yet, your four distances are equal: pass
        momentum=beta to scratch.SGD, with each beta in turn.
    """
    value = as_array(distances, what="distances")
    paths = _ravine_paths()
    curvature = np.array(RAVINE_CURVATURE)
    expected = np.array([np.linalg.norm(path[-1]) for path in paths])
    if value.shape == expected.shape and np.allclose(value, value.flat[0]) and np.ptp(expected) > 0:
        raise Hint(
            "your four distances are equal: pass momentum=beta to scratch.SGD, with each beta in turn."
        )
    shorter, longer = _ravine_paths(RAVINE_STEPS - 1), _ravine_paths(RAVINE_STEPS + 1)
    expect_close(
        value,
        expected,
        mistakes=[
            (
                [0.5 * np.sum(curvature * path[-1] ** 2) for path in paths],
                "those are the losses J(w) at the end; the exercise asks for the distance to the minimum "
                "(0, 0), the length of w.",
            ),
            (
                [np.sum(path[-1] ** 2) for path in paths],
                "those are squared distances: take the square root (np.linalg.norm does it all).",
            ),
            (
                [np.linalg.norm(path[-1] - path[0]) for path in paths],
                "that is how far each run went from its start; the exercise asks how far it ends from the "
                "minimum (0, 0).",
            ),
            (
                [np.linalg.norm(path[-1]) for path in shorter],
                "those are the distances after 99 steps: the path holds the start plus one point per step, "
                "so after 100 steps it has 101 rows.",
            ),
            (
                [np.linalg.norm(path[-1]) for path in longer],
                "those are the distances after 101 steps; descend(..., steps=100) makes 100.",
            ),
        ],
        otherwise=(
            f"run scratch.descend with scratch.SGD(learning_rate={RAVINE_RATE}, momentum=beta) for "
            f"{RAVINE_STEPS} steps from {RAVINE_START}, once per beta in {BETAS}, and take the length of "
            "the last point of each path."
        ),
        rtol=1e-4,
        atol=5e-5,  # distances given to 4 decimals pass
        digits=3,  # the statement asks for 3 significant digits
        what="distances",
    )
    if is_stub(best_beta):
        raise NotAttempted
    best = BETAS[int(np.argmin(expected))]
    hints = {}
    for beta in BETAS:
        if beta == 0.0:
            hints["0.0"] = "beta = 0 is plain SGD, the slowest of your distances but one."
        elif beta > best:
            hints[str(beta)] = (
                "more momentum is not always better: look at your distance for that beta. The velocity "
                "carries the point past the minimum and the swings die out slowly."
            )
        elif beta != best:
            hints[str(beta)] = "that beta helps, but another ends closer: compare your four distances."
    number = as_number(best_beta, what="best_beta")
    if number not in BETAS and number == round(number) and 0 <= number < len(BETAS):
        raise Hint(
            f"{number:g} is a position in the list of betas (what np.argmin returns), not a beta: give the "
            f"beta at that position, one of {', '.join(map(str, BETAS))}."
        )
    expect_choice(str(float(number)), str(best), options=hints)
    return (
        "momentum adds up the steps along the ravine's floor, but too much of it overshoots and keeps "
        "swinging: there is a best amount."
    )


# --- 12.2 One Adam step --------------------------------------------------------------------------------

# (w, g, m, v, t, learning_rate): states of real runs, then unseen ones, a large gradient included.
ADAM_CASES = (
    ([1.0, -2.0], [0.5, -0.3], [0.0, 0.0], [0.0, 0.0], 1, 0.1),
    ([1.0, -2.0], [2.0, 0.4], [0.05, -0.03], [2.5e-4, 9e-5], 2, 0.1),
    ([0.3, 0.0, -0.7], [-1.2, 0.8, 0.25], [-0.4, 0.3, 0.1], [0.6, 0.2, 0.05], 10, 0.01),
    ([5.0], [1000.0], [200.0], [5e4], 3, 0.001),
    ([-1.5, 2.5, 0.1, 4.0], [0.2, -0.6, 1.5, -0.9], [0.1, -0.2, 0.5, -0.4], [0.05, 0.3, 1.2, 0.6], 100, 0.05),
    # tiny gradients, where epsilon is as large as sqrt(v): it must sit outside the square root
    ([0.5, -0.5], [1e-6, -3e-6], [0.0, 0.0], [0.0, 0.0], 1, 0.01),
    ([2.0, 1.0, -1.0], [2e-7, -1e-7, 5e-7], [1e-7, 0.0, 3e-7], [1e-14, 4e-14, 1e-13], 4, 0.1),
)
B1, B2, EPSILON = 0.9, 0.999, 1e-7


def _adam_parts(w, g, m, v, t, learning_rate):
    w, g, m, v = (np.asarray(a, dtype=np.float64) for a in (w, g, m, v))
    m_new = B1 * m + (1 - B1) * g
    v_new = B2 * v + (1 - B2) * g**2
    return w, g, m, v, m_new, v_new


def _adam(w, g, m, v, t, learning_rate):
    w, g, m, v, m_new, v_new = _adam_parts(w, g, m, v, t, learning_rate)
    rate = learning_rate * math.sqrt(1 - B2**t) / (1 - B1**t)
    return np.stack([w - rate * m_new / (np.sqrt(v_new) + EPSILON), m_new, v_new])


def _adam_textbook(w, g, m, v, t, learning_rate):
    w, g, m, v, m_new, v_new = _adam_parts(w, g, m, v, t, learning_rate)
    m_hat, v_hat = m_new / (1 - B1**t), v_new / (1 - B2**t)
    return np.stack([w - learning_rate * m_hat / (np.sqrt(v_hat) + EPSILON), m_new, v_new])


def _adam_variant(step):
    def variant(w, g, m, v, t, learning_rate):
        w, g, m, v, m_new, v_new = _adam_parts(w, g, m, v, t, learning_rate)
        return np.stack([step(w, g, m_new, v_new, t, learning_rate), m_new, v_new])

    return variant


_ADAM_MISTAKES = (
    (
        _adam_variant(lambda w, g, m, v, t, a: w - a * m / (np.sqrt(v) + EPSILON)),
        "the bias correction is missing: m and v start at zero, so early on they are too small, and "
        "dividing by 1 - beta^t (for m and for v) corrects that.",
    ),
    (
        _adam_variant(lambda w, g, m, v, t, a: w - a * (m / (1 - B1**t)) / (v / (1 - B2**t) + EPSILON)),
        "the step divides by v itself; v is a mean of squared gradients, so the step divides by its "
        "square root (in gradient units).",
    ),
    (
        _adam_variant(
            lambda w, g, m, v, t, a: w + a * (m / (1 - B1**t)) / (np.sqrt(v / (1 - B2**t)) + EPSILON)
        ),
        "your step goes uphill: like every gradient method, Adam subtracts the step from w.",
    ),
    (
        _adam_variant(lambda w, g, m, v, t, a: w - a * (m / (1 - B1**t)) / (np.sqrt(v) + EPSILON)),
        "only m is bias-corrected; v starts at zero too and needs its own 1 - beta_2^t.",
    ),
    *[
        (
            _adam_variant(step),
            "epsilon sits inside the square root: with tiny gradients sqrt(v + epsilon) is far larger than "
            "sqrt(v) + epsilon, and the step shrinks. Add epsilon after taking the root.",
        )
        for eps in (EPSILON, 1e-8)  # Keras's epsilon, and the paper's
        for step in (
            lambda w, g, m, v, t, a, eps=eps: w - a * (m / (1 - B1**t)) / np.sqrt(v / (1 - B2**t) + eps),
            lambda w, g, m, v, t, a, eps=eps: w - a * math.sqrt(1 - B2**t) / (1 - B1**t) * m
            / np.sqrt(v + eps),
        )
    ],
    (
        _adam_variant(lambda w, g, m, v, t, a: w - a * g / (np.sqrt(v / (1 - B2**t)) + EPSILON)),
        "the step uses the raw gradient g; Adam's step uses the (bias-corrected) running mean m, which is "
        "where its momentum comes from.",
    ),
)


def _adam_state_mistakes(w, g, m, v, t, learning_rate):
    """(wrong m, hint) and (wrong v, hint) for the running averages themselves."""
    g, m, v = (np.asarray(a, dtype=np.float64) for a in (g, m, v))
    return [
        (1, B1 * m + g, "m = beta_1 m + g forgets the factor (1 - beta_1) in front of g."),
        (1, (1 - B1) * m + B1 * g, "the two weights of m are swapped: beta_1 multiplies the old m."),
        (2, B2 * v + (1 - B2) * g, "v averages the squared gradients, g ** 2, not g."),
        (2, B2 * v + g**2, "v = beta_2 v + g ** 2 forgets the factor (1 - beta_2) in front of g ** 2."),
    ]


@exercise(
    "12.2",
    "One Adam step",
    stars=2,
    where=(
        "Keras's Adam formulas above: the new m and v first, then the step alpha_t m / (sqrt(v) +"
        " epsilon), alpha_t = lr sqrt(1 - beta_2^t) / (1 - beta_1^t)."
    ),
    example=(
        "at t = 1 with g = 2 and m = v = 0: m = 0.2, v = 0.004, and the step is lr x 0.316 x (0.2"
        " / 0.0632) = lr."
    ),
)
def adam_step(function: Any) -> str | None:
    """Check ``adam_step(w, g, m, v, t, learning_rate)``, returning the new ``(w, m, v)`` after step ``t``.

    Keras's form and the textbook's (bias-corrected m-hat and v-hat) are both accepted.

    Example:
        >>> def no_correction(w, g, m, v, t, learning_rate):
        ...     m = 0.9 * m + 0.1 * g
        ...     v = 0.999 * v + 0.001 * g**2
        ...     return w - learning_rate * m / (np.sqrt(v) + 1e-7), m, v
        >>> adam_step(no_correction)  # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
        ❌ Exercise 12.2 ★★☆ One Adam step: not yet, the bias correction is missing: m and v start at zero,
        ...
    """
    cases = [tuple(np.array(a) if isinstance(a, list) else a for a in case) for case in ADAM_CASES]
    results = []
    for case in cases:
        arguments = (a.copy() if isinstance(a, np.ndarray) else a for a in case)
        with np.errstate(all="ignore"):  # a slip such as sqrt of a negative v gets a hint, not a warning
            result = call(_on_copies(function), *arguments, name="adam_step")
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            raise Hint("return three things, the new w, m and v: return w, m, v.")
        parts = [as_array(part, what="what adam_step returns") for part in result]
        if any(part.shape != parts[0].shape for part in parts):
            raise Hint("the new w, m and v should each have the shape of w; yours differ.")
        results.append(np.stack(parts))
    expected = [_adam(*case) for case in cases]
    textbook = [_adam_textbook(*case) for case in cases]
    if all(
        _close(got, want, case) or _close(got, alt, case)
        for got, want, alt, case in zip(results, expected, textbook, cases, strict=True)
    ):
        return "the first step moves every weight by about the learning rate, whatever the gradient's size."
    for wrong, hint in _ADAM_MISTAKES:
        if all(_close(got, wrong(*case), case) for got, case in zip(results, cases, strict=True)):
            raise Hint(hint)
    for got, want, case in zip(results, expected, cases, strict=True):
        if got.shape != want.shape:
            raise Hint(
                f"your function returns arrays of shape {got.shape[1:]} for a w of shape {want.shape[1:]}."
            )
        for row, wrong, hint in _adam_state_mistakes(*case):
            if _same(got[row], wrong):
                raise Hint(hint)
        for row, name in ((1, "m"), (2, "v")):
            if not _same(got[row], want[row]):
                raise Hint(f"the new {name} is off: update it from the old {name} and g before the step.")
    raise Hint(
        "m and v are right, the step is not: subtract alpha times the bias-corrected m over the square "
        "root of the bias-corrected v (plus epsilon), using the new m and v."
    )


def _on_copies(function: Any) -> Any:
    """``function`` given copies of its arrays: updating m and v in place (m *= ...) is fine here, as the
    statement asks only for the new values and Keras's own optimizers update their state in place."""
    if not callable(function):
        return function

    @functools.wraps(function)
    def copied(*args: Any) -> Any:
        copies = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
        result = function(*copies)
        if result is None:  # the stub (NotImplementedError reads as not attempted) or a forgotten return
            try:
                call(function, *copies)
            except NotAttempted:
                raise NotImplementedError from None
            except Hint:
                pass
        return result

    return copied


def _same(got: np.ndarray, want: np.ndarray) -> bool:
    # atol far below the tiny cases' v (1e-15): there a slip in v is a slip, not a rounding
    return got.shape == want.shape and bool(np.allclose(got, want, rtol=1e-6, atol=1e-24))


def _close(got: np.ndarray, want: np.ndarray, case: tuple) -> bool:
    """Same m and v; the same step up to 0.1% (where epsilon sits is a detail, the formula is not)."""
    if got.shape != want.shape or not (_same(got[1], want[1]) and _same(got[2], want[2])):
        return False
    w = np.asarray(case[0], dtype=np.float64)
    return bool(np.allclose(got[0] - w, want[0] - w, rtol=1e-3, atol=1e-12))


# --- 12.3 Tune the momentum rate -------------------------------------------------------------------------

TARGET_LOSS = 1.0
LARGE_RATE = 1.0  # above it, a run that misses the target overshoots (measured on the digits)
TUNE_EPOCHS = 5
TUNE_DIGITS, ALL_DIGITS, DEFAULT_BATCH = 1000, 4000, 32


@exercise(
    "12.3",
    "A learning rate for SGD with momentum",
    stars=3,
    where=(
        "the optimizer comparison above: SGD(0.01, momentum=0.9) learns slowly because of its "
        "small rate, not its method."
    ),
    example=(
        "if 5 epochs with the rate r end at a loss of 1.8, try 3 r, then 10 r, and keep the first"
        " that ends below the target."
    ),
)
def momentum_rate(model: Any, history: Any = None) -> str | None:
    """Check a model trained with ``SGD(momentum=0.9)`` whose last training loss is below 1.0.

    ``history`` is what ``model.fit`` returned (or its ``.history`` dict).

    Example:
        >>> momentum_rate("SGD")  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 12.3 ★★★ A learning rate for SGD with momentum: not yet, the answer should be your
        trained Keras model (model), passed with its history: check.momentum_rate(model, history).
    """
    import keras

    if isinstance(model, type) or not isinstance(model, keras.Model):
        raise Hint(
            "the answer should be your trained Keras model (model), passed with its history: "
            "check.momentum_rate(model, history)."
        )
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or getattr(model, "loss", None) is None:
        raise Hint("the model is not compiled yet: compile it with the SGD optimizer, then fit it.")
    if not isinstance(optimizer, keras.optimizers.SGD):
        raise Hint(
            f"the model trains with {type(optimizer).__name__}; the exercise is about plain SGD with "
            "momentum: keras.optimizers.SGD(learning_rate=..., momentum=0.9)."
        )
    momentum = float(optimizer.momentum)
    if not math.isclose(momentum, 0.9, rel_tol=1e-6):
        raise Hint(
            f"the optimizer's momentum is {momentum:g}; keep momentum=0.9 and change only the learning rate."
        )
    if is_stub(history):
        raise Hint("pass the history too: check.momentum_rate(model, history), history = model.fit(...).")
    losses = getattr(history, "history", history)
    if not isinstance(losses, dict) or "loss" not in losses:
        raise Hint("history should be what model.fit returned: history = model.fit(...).")
    losses = [float(value) for value in losses["loss"]]
    if len(losses) < TUNE_EPOCHS:
        raise Hint(
            f"the history holds {len(losses)} epoch(s); train for {TUNE_EPOCHS} epochs, as the exercise says."
        )
    if len(losses) > TUNE_EPOCHS:
        raise Hint(
            f"the history holds {len(losses)} epochs; the exercise allows {TUNE_EPOCHS}. Change the learning "
            "rate, not the number of epochs."
        )
    _expect_first_digits(int(optimizer.iterations))
    rate = float(keras.ops.convert_to_numpy(optimizer.learning_rate))
    last = losses[-1]
    if not math.isfinite(last) or last > losses[0] + 0.5:
        raise Hint(
            f"with learning_rate={rate:g} training blew up (the loss grew or became nan): momentum 0.9 "
            "already multiplies the steps by up to ten, so the rate is too large."
        )
    if last >= TARGET_LOSS and rate > LARGE_RATE:
        raise Hint(
            f"with learning_rate={rate:g} the loss ends at {last:.3g}: the steps are too large and keep "
            "overshooting (momentum 0.9 multiplies them by up to ten). Try a smaller rate."
        )
    if last >= 2.0:
        raise Hint(
            f"with learning_rate={rate:g} the loss ends at {last:.3g}, barely below log 10 = 2.30 (a uniform "
            "guess): the steps are far too small. Try a rate several times larger."
        )
    if last >= TARGET_LOSS:
        raise Hint(
            f"with learning_rate={rate:g} the loss ends at {last:.3g}: it learns, but not fast enough. "
            "A larger rate moves further in the same number of updates."
        )
    return (
        f"with learning_rate={rate:g} the loss ends at {last:.3g}: a tuned rate, not the optimizer's name, "
        "is what made the difference."
    )


def _expect_first_digits(iterations: int) -> None:
    """Hint unless the optimizer made the updates of 5 epochs on the first 1,000 digits in batches of 32."""
    per_epoch = math.ceil(TUNE_DIGITS / DEFAULT_BATCH)
    if iterations == TUNE_EPOCHS * per_epoch:
        return
    if iterations == TUNE_EPOCHS * math.ceil(ALL_DIGITS / DEFAULT_BATCH):
        raise Hint(
            f"the optimizer made {iterations} updates, {iterations // TUNE_EPOCHS} per epoch: that is "
            f"all {ALL_DIGITS:,} training digits. Train on the first {TUNE_DIGITS:,} only, "
            f"x_train[:{TUNE_DIGITS}] and y_train[:{TUNE_DIGITS}]."
        )
    raise Hint(
        f"the optimizer made {iterations} updates; {TUNE_EPOCHS} epochs on the first {TUNE_DIGITS:,} digits "
        f"with Keras's default batch of {DEFAULT_BATCH} make {TUNE_EPOCHS * per_epoch}. Build a fresh model "
        "with digit_model(...), fit it once, and leave batch_size at its default."
    )


# --- 12.4 A schedule's boundaries ---------------------------------------------------------------------

SAMPLES, BATCH_SIZE, DROP_AFTER_EPOCHS = 4000, 50, (3, 6)


@exercise(
    "12.4",
    "Schedule boundaries in iterations",
    stars=1,
    where=(
        "the schedule cell: boundaries count iterations, one per batch, samples / batch_size of "
        "them per epoch."
    ),
    example=(
        "2,000 samples in batches of 100, the rate dropping after epoch 2: 20 iterations per "
        "epoch, a boundary at 40."
    ),
)
def schedule_boundaries(answer: Any) -> str | None:
    """Check the boundaries that drop the rate after epochs 3 and 6 (4,000 samples, batch 50).

    Example:
        >>> schedule_boundaries([3, 6])  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 12.4 ★☆☆ Schedule boundaries in iterations: not yet, those are epochs; the schedule counts
        iterations (updates), one per mini-batch.
    """
    per_epoch = math.ceil(SAMPLES / BATCH_SIZE)
    expected = np.array([per_epoch * epoch for epoch in DROP_AFTER_EPOCHS], dtype=float)
    value = as_array(answer, what="boundaries")
    if value.shape == expected.shape and np.array_equal(value, expected - 1):
        return _boundary_praise()
    per_epoch_32 = math.ceil(SAMPLES / 32)
    expect_close(
        value,
        expected,
        mistakes=[
            (
                list(DROP_AFTER_EPOCHS),
                "those are epochs; the schedule counts iterations (updates), one per mini-batch.",
            ),
            (
                [per_epoch_32 * epoch for epoch in DROP_AFTER_EPOCHS],
                "that is for Keras's default batch of 32; this run uses batch_size=50.",
            ),
            (
                [SAMPLES * epoch for epoch in DROP_AFTER_EPOCHS],
                "those count samples; the optimizer's iterations count updates, one per mini-batch of 50.",
            ),
            (
                [epoch * SAMPLES / BATCH_SIZE**2 for epoch in DROP_AFTER_EPOCHS],
                "an epoch has samples / batch_size iterations; it looks like you divided once too often.",
            ),
            (
                [per_epoch * (epoch + 1) for epoch in DROP_AFTER_EPOCHS],
                "those drop the rate an epoch late: after epoch 3 means after 3 epochs' worth of updates.",
            ),
            (
                [per_epoch * (epoch - 1) for epoch in DROP_AFTER_EPOCHS],
                "those drop the rate an epoch early: epochs are counted from 1, and after epoch 3 means "
                "after 3 full epochs.",
            ),
        ],
        otherwise="count the updates in one epoch (samples / batch size), then those in 3 and in 6 epochs.",
        rtol=0,
        atol=0.5,
        what="boundaries",
    )
    return _boundary_praise()


def _boundary_praise() -> str:
    return "the schedule sees only the optimizer's iteration counter, so epochs must be turned into updates."
