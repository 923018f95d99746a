"""What a checker tells a student: :class:`Feedback`, and the :func:`exercise` decorator.

A checker never raises for a wrong answer: a student who runs every cell gets
a sentence, not a traceback. Its inner function signals a mistake by raising
:class:`Hint` (or :class:`NotAttempted` for a stub); the decorator turns that,
and any error inside the student's own code, into feedback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CORRECT, INCORRECT, NOT_ATTEMPTED = "correct", "incorrect", "not attempted"
_SYMBOLS = {CORRECT: "✅", INCORRECT: "❌", NOT_ATTEMPTED: "⏳"}

# Every checker, by its exercise number ("01.2"); filled as the lesson modules are imported.
REGISTRY: dict[str, Callable[..., Feedback]] = {}


class Hint(Exception):
    """Raised inside a checker: the answer is wrong, and the message says what to look at."""


class NotAttempted(Exception):
    """Raised inside a checker: the answer cell still holds its stub."""


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer; its text is what the notebook shows.

    Example:
        >>> Feedback("01.1", "A neuron by hand", 1, CORRECT, "well done.")
        ✅ Exercise 01.1 ★ A neuron by hand: correct, well done.
    """

    exercise: str
    title: str
    stars: int
    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def __repr__(self) -> str:
        head = f"{_SYMBOLS[self.status]} Exercise {self.exercise} {'★' * self.stars} {self.title}"
        verdict = {CORRECT: "correct", INCORRECT: "not yet", NOT_ATTEMPTED: "not attempted yet"}
        return f"{head}: {verdict[self.status]}, {self.message}"

    __str__ = __repr__


def is_stub(answer: Any) -> bool:
    """Whether an answer is still the ``...`` (or ``None``) the student edition starts with.

    Example:
        >>> is_stub(...), is_stub(None), is_stub(0.0)
        (True, True, False)
    """
    return answer is None or answer is Ellipsis


def exercise(number: str, title: str, *, stars: int) -> Callable:
    """Turn ``check(answer, ...)``, which raises :class:`Hint` on a mistake, into a safe checker.

    The checker returns :class:`Feedback`; a stub answer is "not attempted yet";
    an exception from the student's code becomes a hint naming it.

    Example:
        >>> @exercise("00.1", "Two plus two", stars=1)
        ... def two_plus_two(answer):
        ...     if answer == 5:
        ...         raise Hint("that is one too many: count again.")
        ...     if answer != 4:
        ...         raise Hint("add the two numbers.")
        >>> two_plus_two(5)
        ❌ Exercise 00.1 ★ Two plus two: not yet, that is one too many: count again.
        >>> two_plus_two(...)  # doctest: +NORMALIZE_WHITESPACE
        ⏳ Exercise 00.1 ★ Two plus two: not attempted yet, replace the ... in the cell above
        with your answer, then run both cells.
    """
    if not (isinstance(stars, int) and 1 <= stars <= 3):
        raise ValueError(f"exercise(stars=...) is a difficulty from 1 to 3. Received: stars={stars!r}.")

    def decorate(check: Callable[..., Any]) -> Callable[..., Feedback]:
        @functools.wraps(check)
        def checker(answer: Any = ..., *args: Any, **kwargs: Any) -> Feedback:
            def feedback(status: str, message: str) -> Feedback:
                return Feedback(number, title, stars, status, message)

            if is_stub(answer):
                return feedback(NOT_ATTEMPTED, STUB_MESSAGE)
            try:
                praise = check(answer, *args, **kwargs)
            except NotAttempted:
                return feedback(NOT_ATTEMPTED, STUB_MESSAGE)
            except Hint as hint:
                return feedback(INCORRECT, str(hint))
            except Exception as error:  # the student's answer broke the check: say how, never raise
                return feedback(
                    INCORRECT,
                    f"your answer could not be checked ({type(error).__name__}: {error}). "
                    "Read the exercise again for the kind of answer it expects.",
                )
            return feedback(CORRECT, praise or "well done.")

        checker.number, checker.title, checker.stars = number, title, stars
        REGISTRY[number] = checker
        return checker

    return decorate


STUB_MESSAGE = "replace the ... in the cell above with your answer, then run both cells."
