"""Read a student's answer in any equivalent form and compare it, raising :class:`Hint` on a mistake.

Numbers may come as Python floats, lists, NumPy arrays of any float type or
TensorFlow tensors; functions are called on many inputs, including ones the
exercise never showed; a known mistake is recognised by computing it too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from nnkit.exercises.feedback import Hint, NotAttempted, is_stub
from nnkit.exercises.hidden_inputs import check_fresh_inputs

# (what the mistaken answer would be, the hint that answers it)
Mistakes = Iterable[tuple[Any, str]]


def as_array(answer: Any, *, what: str = "your answer") -> np.ndarray:
    """The answer as a float64 array; a hint for text, ``None`` or anything not numeric.

    Example:
        >>> as_array([1, 2]).dtype
        dtype('float64')
        >>> as_array("0.5")
        Traceback (most recent call last):
        ...
        nnkit.exercises.feedback.Hint: your answer is text ('0.5'); give the number itself, without quotes.
    """
    if is_stub(answer):
        raise NotAttempted
    if isinstance(answer, (str, bytes)):
        raise Hint(f"{what} is text ({answer!r}); give the number itself, without quotes.")
    if hasattr(answer, "numpy") and callable(answer.numpy):  # a tensor or a variable
        answer = answer.numpy()
    try:
        array = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        raise Hint(f"{what} should be numbers; received {type(answer).__name__}.") from None
    return array


def as_number(answer: Any, *, what: str = "your answer") -> float:
    """A single number from a float, a one-element array or a scalar tensor.

    Example:
        >>> as_number(np.float32(0.25))
        0.25
    """
    array = as_array(answer, what=what)
    if array.size != 1:
        raise Hint(f"{what} should be one number; received {array.size} values of shape {array.shape}.")
    return float(array.reshape(()))


def _matches(value: np.ndarray, target: Any, rtol: float, atol: float) -> bool:
    target = np.asarray(target, dtype=np.float64)
    return value.shape == target.shape and bool(np.allclose(value, target, rtol=rtol, atol=atol))


def expect_close(
    answer: Any,
    expected: Any,
    *,
    mistakes: Mistakes = (),
    otherwise: str,
    rtol: float = 1e-3,
    atol: float = 1e-6,
    what: str = "your answer",
) -> None:
    """Pass if ``answer`` equals ``expected`` (same shape, to ``rtol``); else the hint that fits.

    ``mistakes`` pairs a wrong value a typical slip produces with its hint; a
    flat answer for a column (``(N,)`` against ``(N, 1)``) gets its own hint.

    Example:
        >>> expect_close(0.6, 0.4, mistakes=[(0.6, "check the sign of z.")], otherwise="compute z first.")
        Traceback (most recent call last):
        ...
        nnkit.exercises.feedback.Hint: check the sign of z.
    """
    value = as_array(answer, what=what)
    if not np.all(np.isfinite(value)):
        raise Hint(f"{what} contains nan or inf: look for a division by zero or an overflow.")
    if _matches(value, expected, rtol, atol):
        return
    for wrong, hint in mistakes:
        if _matches(value, wrong, rtol, atol):
            raise Hint(hint)
    shape = np.shape(expected)
    if value.shape != shape:
        if value.size == int(np.prod(shape)) and _matches(value.reshape(shape), expected, rtol, atol):
            raise Hint(
                f"the numbers are right but the shape is {value.shape}; the exercise asks for {shape}."
            )
        raise Hint(f"{what} has shape {value.shape}; the exercise asks for shape {shape}.")
    raise Hint(otherwise)


def call(function: Any, *args: Any, name: str = "your function") -> Any:
    """Call the student's function; its exceptions become a hint naming the input.

    Example:
        >>> call(lambda z: 1 / z, 0)
        Traceback (most recent call last):
        ...
        nnkit.exercises.feedback.Hint: your function raised ZeroDivisionError (division by zero) on ...
    """
    if is_stub(function):
        raise NotAttempted
    if not callable(function):
        raise Hint(f"{name} should be a function (def ...); received {type(function).__name__}.")
    try:
        result = function(*args)
    except NotImplementedError:
        raise NotAttempted from None
    except Exception as error:
        shown = ", ".join(_short(arg) for arg in args)
        raise Hint(f"{name} raised {type(error).__name__} ({error}) on the input {shown}.") from None
    if is_stub(result):
        raise NotAttempted
    return result


def _short(value: Any) -> str:
    array = np.asarray(value) if not callable(value) else None
    if array is not None and array.dtype != object and array.size > 6:
        return f"an array of shape {array.shape}"
    return np.array2string(array, precision=4) if array is not None and array.ndim else repr(value)


def expect_function(
    function: Any,
    reference: Callable[..., Any],
    inputs: Sequence[tuple[Any, ...]],
    *,
    mistakes: Iterable[tuple[Callable[..., Any], str]] = (),
    otherwise: str,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    name: str = "your function",
) -> None:
    """Pass if ``function(*args)`` equals ``reference(*args)`` for every argument tuple in ``inputs``.

    Each ``mistakes`` entry is a function computing a typical wrong version; when
    the student's results match it on every input, its hint is the answer.

    Example:
        >>> def square(x):
        ...     return x * 2
        >>> expect_function(square, lambda x: x**2, [(3.0,)], mistakes=[(lambda x: 2 * x, "that doubles.")],
        ...                 otherwise="multiply x by itself.")
        Traceback (most recent call last):
        ...
        nnkit.exercises.feedback.Hint: that doubles.
    """
    results = [as_array(call(function, *args, name=name), what=f"what {name} returns") for args in inputs]
    expected = [np.asarray(reference(*args), dtype=np.float64) for args in inputs]
    if all(_matches(got, want, rtol, atol) for got, want in zip(results, expected, strict=True)):
        # Grading only (nnkit grade --grading-seed): the same check on inputs the student never saw.
        check_fresh_inputs(function, reference, inputs, name=name, rtol=rtol, atol=atol)
        return
    for wrong, hint in mistakes:
        with np.errstate(all="ignore"):
            wrong_results = [np.asarray(wrong(*args), dtype=np.float64) for args in inputs]
        if all(
            _matches(got, bad, rtol, atol) or (np.isnan(got).all() and np.isnan(bad).all())
            for got, bad in zip(results, wrong_results, strict=True)
        ):
            raise Hint(hint)
    for args, got, want in zip(inputs, results, expected, strict=True):
        if got.shape != want.shape:
            raise Hint(
                f"{name} returns shape {got.shape} for the input {', '.join(_short(a) for a in args)}; "
                f"it should return shape {want.shape}."
            )
        if not np.all(np.isfinite(got)) and np.all(np.isfinite(want)):
            raise Hint(
                f"{name} returns nan or inf for the input {', '.join(_short(a) for a in args)}: "
                "large inputs overflow exp; shift them first."
            )
    raise Hint(otherwise)


def expect_choice(answer: Any, correct: str, *, options: dict[str, str]) -> None:
    """Pass if the chosen option is ``correct``; a wrong option gets its own hint.

    ``options`` maps every other option to the hint for choosing it. Case and
    surrounding spaces do not matter.

    Example:
        >>> expect_choice("Softmax", "sigmoid", options={"softmax": "the labels are not exclusive."})
        Traceback (most recent call last):
        ...
        nnkit.exercises.feedback.Hint: the labels are not exclusive.
    """
    if is_stub(answer):
        raise NotAttempted
    choice = str(answer).strip().strip("'\"").lower()
    if choice == correct.lower():
        return
    for option, hint in options.items():
        if choice == option.lower():
            raise Hint(hint)
    everything = sorted([correct, *options])
    raise Hint(
        f"{answer!r} is not one of the options: answer with one of {', '.join(map(repr, everything))}."
    )
