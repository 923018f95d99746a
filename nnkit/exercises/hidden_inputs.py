"""Grading-time inputs students never see: a hook :func:`~nnkit.exercises.answers.expect_function` consults.

When practising, a function answer is tried on the exercise's own inputs, which
anyone can read in nnkit's source. A grader (``nnkit grade --grading-seed S``)
calls :func:`activate` in the kernel before the student's code runs; from then
on every function answer that passes is also tried on fresh inputs drawn from
the seed, of the same shapes and kinds as the exercise's. A mismatch becomes a
hint that never shows those inputs, so hard-coding the visible cases fails.

Example:
    >>> activate(7)
    >>> check_fresh_inputs(lambda x: x * 2.0, lambda x: x * 2.0, [(np.ones(3),)], name="double")
    >>> check_fresh_inputs(lambda x: np.full(3, 2.0), lambda x: x * 2.0, [(np.ones(3),)], name="double")
    Traceback (most recent call last):
    ...
    nnkit.exercises.feedback.Hint: double is right on the exercise's inputs but not on the grader's own ...
    >>> activate(None)
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from nnkit.exercises.feedback import Hint

FRESH_CASES = 8  # input tuples drawn per check: enough to catch a hard-coded answer, cheap to run

# The grading seed, or None when practising (then no hidden inputs are tried).
_seed: int | None = None


def activate(seed: int | None) -> None:
    """Turn the grading-time inputs on (``seed``, an int from 0) or off (``None``).

    Example:
        >>> activate(-1)
        Traceback (most recent call last):
        ...
        ValueError: activate(seed=...) is a grading seed, an int from 0, or None. Received: seed=-1.
    """
    global _seed
    if seed is not None and not (isinstance(seed, int) and seed >= 0):
        raise ValueError(
            f"activate(seed=...) is a grading seed, an int from 0, or None. Received: seed={seed!r}."
        )
    _seed = seed


def active() -> bool:
    """Whether grading-time inputs are on."""
    return _seed is not None


def _fresh(value: Any, rng: np.random.Generator) -> Any:
    """A new value of ``value``'s shape and kind: labels from the same set, numbers with its spread."""
    if callable(value) or isinstance(value, (str, bytes)):
        return value
    try:
        array = np.asarray(value)
    except Exception:  # not array-like: keep it as it is
        return value
    if array.dtype.kind not in "biuf" or array.size == 0:
        return value
    levels = np.unique(array)
    if array.dtype.kind in "biu" or (2 <= levels.size <= 3 and np.all(levels == np.round(levels))):
        drawn = rng.choice(levels, size=array.shape) if array.size > 1 else array.copy()
    else:
        spread = float(np.std(array)) or abs(float(np.mean(array))) or 1.0
        drawn = rng.normal(float(np.mean(array)), spread, size=array.shape)
    drawn = drawn.astype(array.dtype)
    return drawn if isinstance(value, np.ndarray) or array.ndim else drawn.item()


def fresh_inputs(inputs: Sequence[tuple[Any, ...]], *, name: str) -> list[tuple[Any, ...]]:
    """Argument tuples like ``inputs``, with new values drawn from the grading seed and ``name``.

    Example:
        >>> activate(3)
        >>> [args[0].shape for args in fresh_inputs([(np.zeros((2, 1)),)], name="f")]
        [(2, 1)]
        >>> activate(None)
    """
    if _seed is None:
        return []
    rng = np.random.default_rng([_seed, zlib.crc32(name.encode())])
    chosen = [inputs[int(k)] for k in rng.permutation(len(inputs))[:FRESH_CASES]]
    return [tuple(_fresh(arg, rng) for arg in args) for args in chosen]


def check_fresh_inputs(
    function: Callable[..., Any],
    reference: Callable[..., Any],
    inputs: Sequence[tuple[Any, ...]],
    *,
    name: str,
    rtol: float = 1e-5,
    atol: float = 1e-8,
) -> None:
    """Raise :class:`Hint` if ``function`` differs from ``reference`` on fresh inputs (none when practising).

    The hint never shows the inputs: they are the grader's.
    """
    for args in fresh_inputs(inputs, name=name):
        try:
            with np.errstate(all="ignore"):
                want = np.asarray(reference(*args), dtype=np.float64)
        except Exception:  # an input the reference cannot take: draw no conclusion from it
            continue
        try:
            got = np.asarray(function(*args), dtype=np.float64)
        except Exception as error:
            raise Hint(
                f"{name} raised {type(error).__name__} on one of the grader's own inputs (drawn at grading "
                "time, not shown): make it work for any input of the kind the exercise describes."
            ) from None
        if got.shape != want.shape or not np.allclose(got, want, rtol=rtol, atol=atol, equal_nan=True):
            raise Hint(
                f"{name} is right on the exercise's inputs but not on the grader's own inputs (drawn at "
                "grading time, not shown): compute the result from the arguments, not from fixed values."
            )
