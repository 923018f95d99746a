"""Keep a lesson's text true without getting in the way of a student's experiments.

A lesson quotes numbers from its own run ("the cost falls to 0.0407"). Checks
pinned to those numbers must fail hard under nbval, so the text cannot drift
from the code, but a student who changed ``EPOCHS`` should read a sentence, not
a traceback. :class:`Quotes` does both: strict when the environment variable
``NNKIT_STRICT`` is ``"1"`` (the test suite and ``make refresh`` set it), a
plain note otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import numpy as np

from nnkit import arguments

STRICT_VARIABLE = "NNKIT_STRICT"


def strict() -> bool:
    """Whether lessons run under the test suite, where a quoted number that moved is an error.

    Example:
        >>> isinstance(strict(), bool)
        True
    """
    return os.environ.get(STRICT_VARIABLE, "0") == "1"


class QuoteMismatch(AssertionError):
    """A number the lesson's text quotes differs from this run's (raised in strict mode only)."""


def _describe(value: Any) -> str:
    array = np.asarray(value)
    if array.ndim == 0:
        number = array.item()
        return f"{number:.4g}" if isinstance(number, float) else repr(number)
    if array.size <= 12:
        return "[" + ", ".join(_describe(item) for item in array.tolist()) + "]"
    flat = array.ravel().tolist()
    # values, never a shape: the first ones and the last ones, then how many in all
    shown = [_describe(item) for item in flat[:8]] + ["..."] + [_describe(item) for item in flat[-2:]]
    return "[" + ", ".join(shown) + f"] ({array.size} values)"


class Quotes:
    """The numbers a lesson quotes, and the settings they were written for.

    Args:
        settings: the namespace that holds the lesson's settings now, usually
            ``globals()`` of the notebook.
        **written_for: each setting a student may change, with the value the
            text's numbers come from (``EPOCHS=20``).

    Each check is silent when this run agrees with the text. When it does not,
    strict mode raises :class:`QuoteMismatch`; otherwise the check prints one
    sentence saying what the text quotes, what this run gives and whether a
    changed setting explains it.

    Example:
        >>> EPOCHS = 5
        >>> quotes = Quotes(globals(), EPOCHS=20)
        >>> quotes.strict = False  # as in a student's session, whatever this one is
        >>> quotes.close(0.874, 0.906, "the accuracy")  # doctest: +NORMALIZE_WHITESPACE
        Your run differs from the text: it quotes 0.906 for the accuracy with EPOCHS = 20;
        your run gives 0.874 (you set EPOCHS = 5, so a different result is expected).
        >>> quotes.equal([3, 5], [3, 5], "the wrong points per epoch")
    """

    def __init__(self, settings: Mapping[str, Any], /, **written_for: Any) -> None:
        if not isinstance(settings, Mapping):
            raise TypeError(
                "Quotes(settings, ...) needs the namespace holding the lesson's settings. "
                f"Received: {type(settings).__name__}. Fix: pass globals()."
            )
        self._settings = settings
        self.written_for = written_for
        self.strict: bool | None = None  # None: read NNKIT_STRICT at each check
        self._broken = 0  # how many enclosing `given` blocks have a broken condition

    def changed(self) -> dict[str, Any]:
        """The settings that now differ from the ones the text was written for."""
        missing = object()
        return {
            name: self._settings.get(name, missing)
            for name, value in self.written_for.items()
            if self._settings.get(name, missing) != value
        }

    def close(self, value: Any, quoted: Any, what: str, *, rtol: float = 1e-3, atol: float = 0.0) -> None:
        """Check that ``value`` equals the quoted number(s) up to the printed precision.

        Example:
            >>> quotes = Quotes({})
            >>> quotes.close(0.50004, 0.5, "the probability at z = 0")
            >>> quotes.close(0.5, 0.5, "p", rtol="1e-3")
            Traceback (most recent call last):
            ...
            TypeError: Quotes.close: rtol must be a finite number. Received: rtol='1e-3' (str). Fix: ...
        """
        rtol = arguments.real_number(rtol, "rtol", where="Quotes.close", at_least=0)
        atol = arguments.real_number(atol, "atol", where="Quotes.close", at_least=0)
        try:
            agrees = bool(np.allclose(np.asarray(value, float), np.asarray(quoted, float), rtol, atol))
        except (TypeError, ValueError):
            agrees = False
        if not agrees:
            self._differs(f"quotes {_describe(quoted)} for {what}", f"gives {_describe(value)}")

    def equal(self, value: Any, quoted: Any, what: str) -> None:
        """Check that ``value`` equals what the text quotes exactly (counts, lists, labels)."""
        try:
            agrees = bool(np.array_equal(np.asarray(value), np.asarray(quoted)))
        except (TypeError, ValueError):
            agrees = False
        if not agrees:
            self._differs(f"quotes {_describe(quoted)} for {what}", f"gives {_describe(value)}")

    def true(self, condition: Any, claim: str) -> None:
        """Check a sentence of the text that this run's numbers must make true.

        ``condition`` is one truth value: a list or an array of them is refused, since a
        non-empty list always counts as true.

        Example:
            >>> Quotes({}).true(0.3 < 0.5, "the loss is below one half")
            >>> Quotes({}).true(np.array([0.3, 0.7]) < 0.5, "every loss is below one half")
            Traceback (most recent call last):
            ...
            TypeError: Quotes.true: condition must be one True or False. Received: an array of 2 values. ...
        """
        if isinstance(condition, (list, tuple)) or (isinstance(condition, np.ndarray) and condition.ndim > 0):
            raise TypeError(
                f"Quotes.true: condition must be one True or False. Received: an array of "
                f"{len(condition)} values. Fix: say which: np.all(...) for every one, np.any(...) for "
                "at least one (a non-empty list always counts as true)."
            )
        if not condition:
            self._differs(f'says "{claim}"', "does not bear it out")

    def given(self, holds: Any, condition: str, *, instead: str) -> _Condition:
        """The checks in a ``with`` block hold only while ``condition`` is true of this run.

        A claim such as "the perceptron converges" depends on a condition ("the classes are
        linearly separable") that a student's experiment can break. When ``holds`` is false, the
        block's note is one sentence naming the broken condition and what the run shows
        ``instead``; the block's own checks then stay silent (their numbers moved for that
        reason). In strict mode a broken condition is an error, like any moved number.
        Keep the returned object to guard checks in later cells: it announces itself once.

        Example:
            >>> SPREAD = 0.9
            >>> quotes = Quotes(globals(), SPREAD=0.5)
            >>> quotes.strict = False
            >>> with quotes.given(False, "the two clouds are linearly separable",
            ...                   instead="the perceptron makes mistakes in every epoch"):
            ...     quotes.equal(447, 33, "the updates")  # silent: the condition explains it
            ... # doctest: +NORMALIZE_WHITESPACE
            Your run breaks a condition the text relies on: the two clouds are linearly separable
            (you set SPREAD = 0.9). Instead, the perceptron makes mistakes in every epoch.
        """
        if isinstance(holds, (list, tuple)) or (isinstance(holds, np.ndarray) and holds.ndim > 0):
            raise TypeError(
                "Quotes.given: holds must be one True or False. Received: a list or array. "
                "Fix: np.all(...) for every one, np.any(...) for at least one."
            )
        for name, text in (("condition", condition), ("instead", instead)):
            if not isinstance(text, str) or not text.strip():
                raise TypeError(
                    f"Quotes.given: {name} must be a sentence. Received: {text!r}. "
                    f"Fix: say it in words, e.g. {name}='the classes are separable'."
                )
        return _Condition(self, bool(holds), condition.strip(), instead.strip().rstrip("."))

    def _announce_broken(self, condition: str, instead: str) -> None:
        changed = self.changed()
        if changed:
            why = "you set " + ", ".join(f"{name} = {value!r}" for name, value in changed.items())
        else:
            why = "with the lesson's settings: code you edited above explains it"
        message = (
            f"Your run breaks a condition the text relies on: {condition} ({why}). "
            f"Instead, {instead}."
        )
        if strict() if self.strict is None else self.strict:
            raise QuoteMismatch(message)
        print(message)

    def _differs(self, text_says: str, run_gives: str) -> None:
        if self._broken:  # a broken condition above already explains this number
            return
        settings = ", ".join(f"{name} = {value!r}" for name, value in self.written_for.items())
        if settings:
            text_says += f" with {settings}"
        changed = self.changed()
        if changed:
            mine = ", ".join(f"{name} = {value!r}" for name, value in changed.items())
            why = f"you set {mine}, so a different result is expected"
        else:
            why = (
                "with the lesson's settings: code you edited above explains it; "
                "otherwise another TensorFlow version or CPU can move the last digits"
            )
        message = f"Your run differs from the text: it {text_says}; your run {run_gives} ({why})."
        if strict() if self.strict is None else self.strict:
            raise QuoteMismatch(message)
        print(message)


class _Condition:
    """The ``with`` block of :meth:`Quotes.given`: silences its checks while its condition is broken."""

    def __init__(self, quotes: Quotes, holds: bool, condition: str, instead: str) -> None:
        self._quotes, self.holds, self.condition, self.instead = quotes, holds, condition, instead
        self._announced = False  # a condition reused in later cells is announced once

    def __bool__(self) -> bool:
        return self.holds

    def __enter__(self) -> _Condition:
        if not self.holds:
            if not self._announced and not self._quotes._broken:  # an enclosing broken one said it all
                self._quotes._announce_broken(self.condition, self.instead)
                self._announced = True
            self._quotes._broken += 1
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self.holds:
            self._quotes._broken -= 1
