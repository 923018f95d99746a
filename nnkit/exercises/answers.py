"""Read a student's answer in any equivalent form and compare it, raising :class:`Hint` on a mistake.

Numbers may come as Python floats, lists, NumPy arrays of any float type or
TensorFlow tensors; functions are called on many inputs, including ones the
exercise never showed; a known mistake is recognised by computing it too.
"""

from __future__ import annotations

import ast
import dis
import inspect
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from nnkit.exercises.feedback import Close, Hint, NotAttempted, is_stub, one_line
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


# --- Precision: a number answer to N significant digits ---------------------------------------------


def _digit_unit(target: np.ndarray, digits: int) -> np.ndarray:
    """One unit in the ``digits``-th significant digit of each number (0 for an exact 0)."""
    magnitude = np.floor(np.log10(np.where(target == 0, 1.0, np.abs(target))))
    return np.where(target == 0, 0.0, 10.0 ** (magnitude - digits + 1))


def _to_digits(value: np.ndarray, target: np.ndarray, digits: int, atol: float) -> np.ndarray:
    """Per number: whether ``value`` is ``target`` to ``digits`` significant digits (rounded, cut, closer)."""
    return np.abs(value - target) <= _digit_unit(target, digits) * (1 + 1e-9) + atol


def _rounded_only(value: np.ndarray, target: np.ndarray, digits: int, atol: float) -> bool:
    """Whether ``value`` is ``target`` rounded or cut to fewer than ``digits`` significant digits."""
    if value.shape != target.shape:
        return False
    good = _to_digits(value, target, digits, atol)
    for fewer in range(1, digits):
        unit = _digit_unit(target, fewer)
        with np.errstate(all="ignore"):
            rounded = np.where(unit > 0, np.round(target / np.where(unit > 0, unit, 1)) * unit, target)
            cut = np.where(unit > 0, np.trunc(target / np.where(unit > 0, unit, 1)) * unit, target)
        tolerance = 1e-9 * np.abs(target) + atol
        good |= (np.abs(value - rounded) <= tolerance) | (np.abs(value - cut) <= tolerance)
    # Rounded to a number of decimals instead (np.round(x, 2)), while the largest number keeps two digits.
    largest = float(np.max(np.abs(target))) if target.size else 0.0
    decimals = [k for k in range(1, 7) if largest >= 10.0 ** (1 - k)]
    return bool(np.all(good)) or any(
        np.allclose(value, np.round(target, k), rtol=1e-9, atol=atol) for k in decimals
    )


def _agrees(value: np.ndarray, target: Any, rtol: float, atol: float, digits: int | None) -> bool:
    target = np.asarray(target, dtype=np.float64)
    if _matches(value, target, rtol, atol):
        return True
    return digits is not None and value.shape == target.shape and bool(
        np.all(_to_digits(value, target, digits, atol))
    )


def expect_close(
    answer: Any,
    expected: Any,
    *,
    mistakes: Mistakes = (),
    otherwise: str,
    rtol: float = 1e-3,
    atol: float = 1e-6,
    digits: int | None = None,
    what: str = "your answer",
) -> None:
    """Pass if ``answer`` equals ``expected`` (same shape, to ``rtol``); else the hint that fits.

    ``mistakes`` pairs a wrong value a typical slip produces with its hint; a
    flat answer for a column (``(N,)`` against ``(N, 1)``) gets its own hint.
    ``digits`` is the precision the statement asks for: an answer rounded (or
    cut) to that many significant digits passes, and one rounded to fewer gets
    :class:`~nnkit.exercises.feedback.Close`, never a hint about the method.

    Example:
        >>> expect_close(0.6, 0.4, mistakes=[(0.6, "check the sign of z.")], otherwise="compute z first.")
        Traceback (most recent call last):
        ...
        nnkit.exercises.feedback.Hint: check the sign of z.
        >>> expect_close(0.33, 0.33181, digits=3, otherwise="compute z first.")
        Traceback (most recent call last):
        ...
        nnkit.exercises.feedback.Close: close: keep at least 3 significant digits (more is fine); ...
        >>> expect_close(0.332, 0.33181, digits=3, otherwise="compute z first.")
    """
    value = as_array(answer, what=what)
    if not np.all(np.isfinite(value)):
        raise Hint(f"{what} contains nan or inf: look for a division by zero or an overflow.")
    if _agrees(value, expected, rtol, atol, digits):
        return
    mistakes = list(mistakes)
    for precision in (None, digits):  # an exact match first: two slips may agree to `digits` digits
        for wrong, hint in mistakes:
            if _agrees(value, wrong, rtol, atol, precision):
                raise Hint(hint)
    shape = np.shape(expected)
    if digits is not None and _rounded_only(value, np.asarray(expected, dtype=np.float64), digits, atol):
        raise Close(
            f"close: keep at least {digits} significant digits (more is fine); the method is right, only "
            "the rounding moved the number."
        )
    if value.shape != shape:
        if value.size == int(np.prod(shape)) and _matches(value.reshape(shape), expected, rtol, atol):
            raise Hint(
                f"the numbers are right but the shape is {value.shape}; the exercise asks for {shape}."
            )
        raise Hint(f"{what} has shape {value.shape}; the exercise asks for shape {shape}.")
    raise Hint(otherwise)


# --- Calling a student's function ------------------------------------------------------------------

# (what the error's text says, the likely cause and its fix): the pointers a raised error gets.
_KNOWN_CAUSES = [
    (
        r"truth value of an array with more than one element is ambiguous",
        "Python's max, min, `if`, `and` and `or` look at a whole array at once: use np.maximum, np.minimum "
        "or np.where, which work element by element.",
    ),
    (
        r"could not be broadcast|not aligned|matmul|core dimension|cannot reshape|size mismatch|"
        r"incompatible shapes|dimension mismatch",
        "two arrays' shapes do not fit together: print the .shape of each array your function combines and "
        "compare them with the shapes the exercise states.",
    ),
    (
        r"not iterable|iteration over a 0-d array|len\(\) of unsized",
        "Python's sum, max and min loop over an array's first axis; use np.sum, np.max or np.min, with "
        "axis=... where you mean one.",
    ),
    (
        r"out of bounds|index out of range",
        "an index runs past the end of an array: check which axis you index and how long it is.",
    ),
]


def raised_hint(error: BaseException, name: str, shown: str) -> str:
    """The hint for a student's function that raised: the error's one-line text, plus its likely cause.

    Example:
        >>> raised_hint(ValueError("The truth value of an array with more than one element is ambiguous."),
        ...             "hinge_loss", "y = an array of shape (5, 1)")  # doctest: +NORMALIZE_WHITESPACE
        "hinge_loss raised ValueError (The truth value of an array with more than one element is ambiguous.)
        on y = an array of shape (5, 1). Python's max, min, `if`, `and` and `or` look at a whole array at
        once: use np.maximum, np.minimum or np.where, which work element by element."
    """
    message = f"{name} raised {type(error).__name__} ({one_line(error)}) on {shown}."
    for pattern, cause in _KNOWN_CAUSES:
        if re.search(pattern, str(error), flags=re.IGNORECASE):
            return f"{message} {cause}"
    if isinstance(error, ZeroDivisionError):
        return f"{message} Some number it divides by is 0 there: look for a denominator that can vanish."
    return message


def describe_inputs(function: Any, args: Sequence[Any]) -> str:
    """The arguments of a call, on one line, by the names the function gives them where it has them.

    Example:
        >>> def accuracy_of(scores, labels): ...
        >>> describe_inputs(accuracy_of, (np.zeros((10, 10)), np.zeros(10)))
        'scores = an array of shape (10, 10), labels = an array of shape (10,)'
        >>> describe_inputs(print, (np.array([1.0, -2.0]), 3.0))
        'the input [ 1. -2.], 3.0'
    """
    shown = [_short(arg) for arg in args]
    try:
        names = [
            p.name
            for p in inspect.signature(function).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
    except (TypeError, ValueError):
        names = []
    if len(names) >= len(args) and args:
        return ", ".join(f"{n} = {s}" for n, s in zip(names, shown, strict=False))
    return "the input " + ", ".join(shown)


def _short(value: Any) -> str:
    # One line, whatever the value: small arrays written out, larger ones by their shape.
    if callable(value):
        return repr(value)[:60]
    array = np.asarray(value) if not isinstance(value, (str, bytes)) else None
    if array is None or array.dtype == object:
        return repr(value)[:60]
    if array.ndim == 0:
        return repr(array.item())
    if array.ndim > 1 or array.size > 6:
        return f"an array of shape {array.shape}"
    return " ".join(np.array2string(array, precision=4).split())


def _only_ellipsis(function: Any) -> bool:
    """Whether a function is still the student edition's stub: ``...`` or ``# YOUR CODE HERE``, no return.

    The stub may keep lines from the statement before the marker (``w = np.array(w0)``), so the
    source is read where Python has it (a file, or a notebook cell); else the bytecode must do nothing.
    """
    try:
        source = textwrap.dedent(inspect.getsource(function))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError, IndentationError):
        source, tree = "", None
    definitions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)] if tree else []
    if definitions:
        body = definitions[0]
        empty = all(_does_nothing(line) for line in body.body)  # only a docstring, pass or ...
        last = body.body[-1]
        ends_in_ellipsis = isinstance(last, ast.Expr) and getattr(last.value, "value", None) is Ellipsis
        returns = any(isinstance(node, ast.Return) and node.value is not None for node in ast.walk(body))
        untouched = ends_in_ellipsis or "YOUR CODE HERE" in source  # the student edition's marker
        return empty or (untouched and not returns)
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    quiet = {"RESUME", "NOP", "CACHE", "LOAD_CONST", "RETURN_CONST", "RETURN_VALUE", "POP_TOP"}
    return all(instruction.opname in quiet for instruction in dis.get_instructions(code))


def _does_nothing(line: ast.stmt) -> bool:
    return isinstance(line, ast.Pass) or (isinstance(line, ast.Expr) and isinstance(line.value, ast.Constant))


def call(function: Any, *args: Any, name: str = "your function") -> Any:
    """Call the student's function; an error, a missing ``return`` or a changed input become a hint.

    Example:
        >>> call(lambda z: 1 / z, 0)
        Traceback (most recent call last):
        ...
        nnkit.exercises.feedback.Hint: your function raised ZeroDivisionError (division by zero) on ...
        >>> def shout(x):
        ...     print(x)
        >>> call(shout, 1.0)
        Traceback (most recent call last):
        ...
        nnkit.exercises.feedback.Hint: your function returns None: did you forget `return`? ...
    """
    if is_stub(function):
        raise NotAttempted
    if not callable(function):
        raise Hint(f"{name} should be a function (def ...); received {type(function).__name__}.")
    before = [arg.copy() if isinstance(arg, np.ndarray) else None for arg in args]
    try:
        result = function(*args)
    except NotImplementedError:
        raise NotAttempted from None
    except Exception as error:
        raise Hint(raised_hint(error, name, describe_inputs(function, args))) from None
    for position, (arg, copy) in enumerate(zip(args, before, strict=True)):
        if copy is not None and not (arg.shape == copy.shape and np.array_equal(arg, copy, equal_nan=True)):
            raise Hint(
                f"{name} changed the array it was given as argument {position + 1} (x += ..., x[...] = ... "
                "and x *= ... work in place): build a new array, x = x + ..., and leave the caller's alone."
            )
    if result is Ellipsis or (result is None and _only_ellipsis(function)):
        raise NotAttempted
    if result is None:
        raise Hint(
            f"{name} returns None: did you forget `return`? print only shows a value; return gives it back."
        )
    return result


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
    nonfinite: str | None = None,
) -> None:
    """Pass if ``function(*args)`` equals ``reference(*args)`` for every argument tuple in ``inputs``.

    Each ``mistakes`` entry is a function computing a typical wrong version; when
    the student's results match it on every input, its hint is the answer.
    ``nonfinite`` is the hint for nan or inf where the reference is finite (a
    general one by default). Each argument is given as a copy, so an answer that
    changes its input in place gets its own hint and never spoils the reference.

    Example:
        >>> def square(x):
        ...     return x * 2
        >>> expect_function(square, lambda x: x**2, [(3.0,)], mistakes=[(lambda x: 2 * x, "that doubles.")],
        ...                 otherwise="multiply x by itself.")
        Traceback (most recent call last):
        ...
        nnkit.exercises.feedback.Hint: that doubles.
    """
    results = [
        as_array(call(function, *_copies(args), name=name), what=f"what {name} returns") for args in inputs
    ]
    expected = [np.asarray(reference(*args), dtype=np.float64) for args in inputs]
    if all(_matches(got, want, rtol, atol) for got, want in zip(results, expected, strict=True)):
        # Grading only (nnkit grade --grading-seed): the same check on inputs the student never saw.
        check_fresh_inputs(function, reference, inputs, name=name, rtol=rtol, atol=atol)
        return
    _expect_no_known_mistake(results, inputs, mistakes, rtol, atol)
    for args, got, want in zip(inputs, results, expected, strict=True):
        if got.shape != want.shape:
            raise Hint(_shape_hint(function, name, args, got, want))
        if not np.all(np.isfinite(got)) and np.all(np.isfinite(want)):
            raise Hint(
                f"{name} returns nan or inf for {describe_inputs(function, args)}: "
                + (
                    nonfinite
                    or "an exp of a large number overflows, or something is divided by a number that rounded "
                    "to 0; rewrite that step so it stays finite for large inputs."
                )
            )
    raise Hint(otherwise)


def _copies(args: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(arg.copy() if isinstance(arg, np.ndarray) else arg for arg in args)


def _expect_no_known_mistake(
    results: list[np.ndarray],
    inputs: Sequence[tuple[Any, ...]],
    mistakes: Iterable[tuple[Callable[..., Any], str]],
    rtol: float,
    atol: float,
) -> None:
    """Raise the hint of the first mistake whose results the student's match on every input."""
    for wrong, hint in mistakes:
        with np.errstate(all="ignore"):
            wrong_results = [np.asarray(wrong(*_copies(args)), dtype=np.float64) for args in inputs]
        if all(
            _matches(got, bad, rtol, atol) or (np.isnan(got).all() and np.isnan(bad).all())
            for got, bad in zip(results, wrong_results, strict=True)
        ):
            raise Hint(hint)


def _shape_hint(function: Any, name: str, args: tuple[Any, ...], got: np.ndarray, want: np.ndarray) -> str:
    def written(shape: tuple[int, ...]) -> str:
        return "one number" if shape == () else f"an array of shape {shape}"

    returned = "one number" if got.shape == () else f"{got.size} values (shape {got.shape})"
    cause = ""
    if want.shape == () and got.ndim == 1:
        cause = " Did the last step (np.mean, np.sum, ...) get left out, or run over one axis only?"
    elif got.ndim == 2 and got.shape[0] == got.shape[1] and want.ndim <= 1:
        cause = " Two arrays of shapes (N,) and (N, 1) broadcast to (N, N): give them the same shape first."
    elif got.ndim > want.ndim:
        cause = " An axis is left over: check the axis= of the step that should reduce it."
    elif got.ndim == want.ndim:
        cause = (
            " A reduction ran over the wrong axis? Python's sum, max and min run over the first axis only: "
            "use np.sum, np.max or np.mean with the axis you mean."
        )
    return (
        f"{name} returns {returned} for {describe_inputs(function, args)}; it should return "
        f"{written(want.shape)}.{cause}"
    )


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
