"""Exercises with instant, specific feedback: one module of checkers per lesson.

A lesson imports its module once, ``from nnkit.exercises import lesson01 as check``,
and calls one checker after each answer cell, ``check.neuron_output(a)``. A
checker returns :class:`~nnkit.exercises.feedback.Feedback`: correct, not yet
(with a hint that does not give the answer away) or not attempted yet. It never
raises, reads no file and needs no network, so it works in Jupyter, VS Code and
Colab alike. :func:`progress` reads a folder of saved notebooks and lists each
exercise's latest verdict, lesson by lesson (also ``nnkit progress FOLDER``).

Example:
    >>> from nnkit import exercises
    >>> exercises.all_checkers()["01.1"](...).status
    'not attempted'
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from nnkit.exercises.feedback import REGISTRY, Feedback
from nnkit.exercises.saved_progress import Progress, progress

__all__ = ["Feedback", "Progress", "all_checkers", "progress"]


def all_checkers() -> dict[str, Callable[..., Feedback]]:
    """Every exercise's checker, by number (``"01.1"``), in lesson order."""
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("lesson"):
            importlib.import_module(f"{__name__}.{module.name}")
    return dict(sorted(REGISTRY.items()))
