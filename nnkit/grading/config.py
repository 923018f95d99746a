"""The instructor's grading config: points per exercise and the limits, from a small TOML file.

Without a config every exercise is worth its stars (★★ = 2 points). A config
overrides what it names::

    [points]
    "04.1" = 3        # exercise 04.1 is worth 3 points
    "04.4" = 1

    [limits]
    cell_seconds = 60          # one cell (an infinite loop stops here)
    submission_seconds = 600   # one student's whole notebook
    memory_mb = 4096           # the kernel's address space

Example:
    >>> config = parse_config('[points]\\n"04.1" = 3\\n')
    >>> config.points, config.cell_seconds
    ({'04.1': 3.0}, 120.0)
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

EXERCISE_NUMBER = re.compile(r"\d\d\.\d+")  # "04.1": which exists is checked per lesson graded
LIMITS = {"cell_seconds": 120.0, "submission_seconds": 600.0, "memory_mb": 4096}


@dataclass(frozen=True)
class GradingConfig:
    points: dict[str, float] = field(default_factory=dict)
    cell_seconds: float = LIMITS["cell_seconds"]
    submission_seconds: float = LIMITS["submission_seconds"]
    memory_mb: int = LIMITS["memory_mb"]


def parse_config(text: str, *, where: str = "the config") -> GradingConfig:
    """A :class:`GradingConfig` from TOML text; a ValueError names the wrong entry and the fix.

    Example:
        >>> parse_config('[points]\\n"4.1" = 3')
        Traceback (most recent call last):
        ...
        ValueError: the config: [points] "4.1" is not an exercise number; write it like "04.1".
    """
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{where} is not valid TOML ({error}); see the README's Grading section.") from None
    unknown = set(table) - {"points", "limits"}
    if unknown:
        raise ValueError(
            f"{where}: unknown section {sorted(unknown)[0]!r}; the sections are [points] and [limits]."
        )
    points = {}
    for number, value in table.get("points", {}).items():
        if not EXERCISE_NUMBER.fullmatch(number):
            raise ValueError(f'{where}: [points] "{number}" is not an exercise number; write it like "04.1".')
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise ValueError(f'{where}: [points] "{number}" = {value!r}; give a number of points, 0 or more.')
        points[number] = float(value)
    limits = dict(LIMITS)
    for name, value in table.get("limits", {}).items():
        if name not in LIMITS:
            raise ValueError(f"{where}: unknown limit {name!r}; the limits are {', '.join(LIMITS)}.")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ValueError(f"{where}: [limits] {name} = {value!r}; give a positive number.")
        limits[name] = value
    return GradingConfig(
        points, float(limits["cell_seconds"]), float(limits["submission_seconds"]), int(limits["memory_mb"])
    )


def read_config(path: Path | None) -> GradingConfig:
    """The config in ``path`` (TOML), or the defaults when ``path`` is None."""
    if path is None:
        return GradingConfig()
    return parse_config(Path(path).read_text(encoding="utf-8"), where=str(path))
