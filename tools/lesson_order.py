"""How long each lesson took when its outputs were last saved, to run the longest first.

``make refresh`` records the seconds in ``lessons/durations.json``; the tests' conftest sorts the
notebooks by them. With two pytest-xdist workers, starting the long lessons first leaves only short
ones for the end, so neither worker sits idle while the other finishes a long one.
"""

from __future__ import annotations

import json
from pathlib import Path

DURATIONS = Path(__file__).resolve().parents[1] / "lessons" / "durations.json"


def recorded() -> dict[str, float]:
    """``{lesson stem: seconds}`` as last recorded; empty when there is no record yet."""
    try:
        return json.loads(DURATIONS.read_text())
    except (OSError, ValueError):
        return {}


def record(seconds: dict[str, float]) -> None:
    """Merge this run's ``{lesson stem: seconds}`` into the record (whole seconds: order, not timing)."""
    merged = {**recorded(), **{stem: round(value) for stem, value in seconds.items()}}
    DURATIONS.write_text(json.dumps(dict(sorted(merged.items())), indent=1) + "\n")


def longest_first(items: list) -> None:
    """Sort pytest items in place: notebooks by recorded seconds, longest first, each one's cells in order.

    A notebook with no record (a new one) counts as the longest: its time is unknown, so start it early.
    Items that are not notebooks keep their order, after the notebooks.
    """
    seconds = recorded()
    unknown = max(seconds.values(), default=0) + 1

    def expected(item) -> float:
        path = Path(str(item.fspath))
        if path.suffix != ".ipynb":
            return 0
        return seconds.get(path.stem, unknown)

    items.sort(key=lambda item: -expected(item))  # stable: cells of one notebook stay in order
