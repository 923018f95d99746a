"""The report a prototype prints as it goes, kept line by line for summary.md (pandas-free text)."""

from __future__ import annotations

SHOWN = 6  # names listed per group of columns before "..."


class Report:
    """Print each line of the report and keep it: ``say("Task", "binary, because ...")``.

    Example:
        >>> report = Report()
        >>> report.say("Task", "binary")
        Task: binary.
        >>> report.warn("few rows")
        Warning: few rows.
        >>> report.lines, report.warnings
        (['Task: binary.', 'Warning: few rows.'], ['few rows'])
    """

    def __init__(self):
        self.lines: list[str] = []
        self.warnings: list[str] = []

    def say(self, head: str, text: str, *, colon: bool = True) -> None:
        line = f"{head}: {text}." if colon else f"{head} {text}."
        print(line)
        self.lines.append(line)

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)
            self.say("Warning", text)


def names(items: list[str]) -> str:
    """Up to ``SHOWN`` names, then how many more.

    Example:
        >>> names(["a", "b"]), names([f"p{i}" for i in range(9)])
        ('a, b', 'p0, p1, p2, p3, p4, p5 and 3 more')
    """
    shown = ", ".join(items[:SHOWN])
    return shown if len(items) <= SHOWN else f"{shown} and {len(items) - SHOWN} more"


def role_lines(roles) -> list[tuple[str, str]]:
    """The report's lines about the columns: numbers and categories grouped, every other role with its reason.

    Example:
        >>> from nnkit.prototyping.roles import ColumnRole
        >>> role_lines([ColumnRole("a", "number", "numbers"), ColumnRole("id", "identifier", "a row number")])
        [('Columns', '1 number (a)'), ("Column 'id'", 'identifier, dropped: a row number')]
    """
    lines = []
    groups = []
    for role, word in (("number", "number"), ("category", "category")):
        members = [r.name for r in roles if r.role == role and not r.forced]
        if members:
            plural = word if len(members) == 1 else ("categories" if word == "category" else f"{word}s")
            groups.append(f"{len(members)} {plural} ({names(members)})")
    if groups:
        lines.append(("Columns", ", ".join(groups)))
    by_reason: dict[tuple[str, str], list[str]] = {}
    for role in roles:
        if role.role in ("number", "category") and not role.forced:
            continue
        by_reason.setdefault((role.role, _generic(role)), []).append(role.name)
    for role in roles:
        if role.role in ("number", "category") and not role.forced:
            continue
        members = by_reason[(role.role, _generic(role))]
        what = role.role + (", dropped" if not role.used and role.role != "dropped" else "")
        if len(members) > 3:  # e.g. 67 constant pixels: one line
            if members[0] == role.name:
                lines.append(
                    (f"Columns {names(members)}", f"{what} ({len(members)} columns): {_generic(role)}")
                )
        else:
            lines.append((f"Column {role.name!r}", f"{what}: {role.reason}"))
    return lines


def _generic(role) -> str:
    """A role's reason without its column-specific numbers, to group alike columns."""
    if role.role == "constant":
        return "the same value in every row: nothing to learn"
    return role.reason


def missing_lines(features, split: dict, columns) -> list[str]:
    """One line per model input with missing cells: how many over all rows and per split, and the fill."""
    lines = []
    total = len(features)
    for column in columns:
        if column.name not in features.columns:
            continue
        missing = features[column.name].isna().to_numpy()
        if not missing.any():
            continue
        parts = ", ".join(f"{part} {int(missing[rows].sum())}" for part, rows in split.items())
        filled = (
            f"filled with the training mean {column.fill:.4g}"
            if column.kind == "numeric"
            else "kept as its own category"
        )
        lines.append(f"{column.name!r} in {int(missing.sum())} of {total} rows ({parts}), {filled}")
    return lines
