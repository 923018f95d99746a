"""What a checker tells a student: :class:`Feedback`, and the :func:`exercise` decorator.

A checker never raises for a wrong answer: a student who runs every cell gets
a sentence, not a traceback. Its inner function signals a mistake by raising
:class:`Hint` (or :class:`NotAttempted` for a stub); the decorator turns that,
and any error inside the student's own code, into feedback.

Hints grow with each wrong try at the same exercise in one Python session: the
first says what is wrong, the second adds where to look, the third and later a
worked example on other numbers. A right answer starts the count again.
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

# Wrong tries at each exercise since its last right answer, in this Python session: hints grow with them.
_WRONG_TRIES: dict[str, int] = {}


class Hint(Exception):
    """Raised inside a checker: the answer is wrong, and the message says what to look at."""


class Close(Hint):
    """Raised inside a checker: the method is right and only rounding is off, so the hint never grows."""


class NotAttempted(Exception):
    """Raised inside a checker: the answer cell still holds its stub."""


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer; its text is what the notebook shows.

    Example:
        >>> Feedback("01.1", "A neuron by hand", 1, CORRECT, "well done.")
        ✅ Exercise 01.1 ★☆☆ A neuron by hand: correct, well done.
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
        head = f"{_SYMBOLS[self.status]} Exercise {self.exercise} {stars_text(self.stars)} {self.title}"
        verdict = {CORRECT: "correct", INCORRECT: "not yet", NOT_ATTEMPTED: "not attempted yet"}
        return f"{head}: {verdict[self.status]}, {self.message}"

    __str__ = __repr__


def stars_text(stars: int) -> str:
    """A difficulty from 1 to 3 written as the lesson headings write it.

    Example:
        >>> stars_text(2)
        '★★☆'
    """
    return "★" * stars + "☆" * (3 - stars)


def forget_tries() -> None:
    """Start every exercise's count of wrong tries again (hints go back to their first, shortest form)."""
    _WRONG_TRIES.clear()


def is_stub(answer: Any) -> bool:
    """Whether an answer is still the ``...`` (or ``None``) the student edition starts with.

    Example:
        >>> is_stub(...), is_stub(None), is_stub(0.0)
        (True, True, False)
    """
    return answer is None or answer is Ellipsis


def exercise(
    number: str, title: str, *, stars: int, where: str | None = None, example: str | None = None
) -> Callable:
    """Turn ``check(answer, ...)``, which raises :class:`Hint` on a mistake, into a safe checker.

    The checker returns :class:`Feedback`; a stub answer is "not attempted yet";
    an exception from the student's code becomes a hint naming it. ``where``
    (the formula or section to look at) is added to the hint from the second
    wrong try on, and ``example`` (a worked example on other numbers, never the
    answer) from the third; each has a general default.

    Example:
        >>> @exercise("00.1", "Two plus two", stars=1, where="the sum 2 + 2.", example="1 + 1 = 2.")
        ... def two_plus_two(answer):
        ...     if answer == 5:
        ...         raise Hint("that is one too many: count again.")
        ...     if answer != 4:
        ...         raise Hint("add the two numbers.")
        >>> two_plus_two(5)
        ❌ Exercise 00.1 ★☆☆ Two plus two: not yet, that is one too many: count again.
        >>> two_plus_two(3)
        ❌ Exercise 00.1 ★☆☆ Two plus two: not yet, add the two numbers. Where to look: the sum 2 + 2.
        >>> two_plus_two(3)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 00.1 ★☆☆ Two plus two: not yet, add the two numbers. Where to look: the sum 2 + 2.
        A worked example on other numbers: 1 + 1 = 2.
        >>> two_plus_two(...)  # doctest: +NORMALIZE_WHITESPACE
        ⏳ Exercise 00.1 ★☆☆ Two plus two: not attempted yet, replace the ... in the cell above
        with your answer, then run both cells.
    """
    if not (isinstance(stars, int) and 1 <= stars <= 3):
        raise ValueError(f"exercise(stars=...) is a difficulty from 1 to 3. Received: stars={stars!r}.")
    lesson = number.split(".")[0]
    where = where or (
        f"the section of lesson {lesson} just above this exercise: its formula and its code are the "
        "pattern to follow, one step at a time."
    )
    example = example or (
        "the lesson's own example in that section is one: run its numbers through your code and compare "
        "each step with what the lesson prints; once they agree, use the exercise's numbers."
    )

    def grown(hint: Hint) -> str:
        # The first wrong try gets the hint alone; later ones add where to look, then a worked example.
        if isinstance(hint, Close):
            return str(hint)
        tries = _WRONG_TRIES[number] = _WRONG_TRIES.get(number, 0) + 1
        message = str(hint)
        if tries >= 2:
            message += f" Where to look: {where}"
        if tries >= 3:
            message += f" A worked example on other numbers: {example}"
        return message

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
                return feedback(INCORRECT, grown(hint))
            except Exception as error:  # the student's answer broke the check: say how, never raise
                return feedback(
                    INCORRECT,
                    grown(
                        Hint(
                            f"your answer could not be checked ({type(error).__name__}: {one_line(error)}). "
                            "Read the exercise again for the kind of answer it expects."
                        )
                    ),
                )
            _WRONG_TRIES.pop(number, None)
            return feedback(CORRECT, praise or "well done.")

        checker.number, checker.title, checker.stars = number, title, stars
        checker.where, checker.example = where, example
        REGISTRY[number] = checker
        return checker

    return decorate


def one_line(error: BaseException, *, limit: int = 160) -> str:
    r"""An error's text on one line, cut to ``limit`` characters: never a multi-line array in a hint.

    Example:
        >>> one_line(ValueError("shapes differ:\n[[1 2]\n [3 4]]"))
        'shapes differ:'
    """
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[0] if lines else type(error).__name__
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


STUB_MESSAGE = "replace the ... in the cell above with your answer, then run both cells."
