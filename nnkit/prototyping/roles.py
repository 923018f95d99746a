"""Column roles: how each input column of a table is used, inferred like the task and said with a reason.

pandas and NumPy only, no TensorFlow. A column is an **identifier** (a row number, an exported
index such as R's ``Unnamed: 0``, or text nearly unique per row: dropped, it names a row and says
nothing about it), a **datetime** (date/time text, turned into numbers: year, month, day, day of
week, hour), **constant** (one value in every row: dropped), **text** (a text column with more than
``CATEGORY_LIMIT`` values: its ``CATEGORY_LIMIT`` most frequent training values are kept and the
rest share one "other" slot), a **number** or a **category**. ``keep=`` uses a column as it is
(number or category), ``drop=`` leaves it out, ``roles={column: role}`` forces a role.

:func:`prepare_columns` and :func:`top_values` are copied verbatim into a run's ``train.py``, so they
use pandas and NumPy only.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import numpy as np

from nnkit.prototype_defaults import FORCED_ROLES
from nnkit.prototyping.table import TableError, _pandas, is_numeric, read_numbers

ROLES = ("number", "category", "text", "datetime", "identifier", "constant", "dropped")
FORCED = FORCED_ROLES  # what roles= / --role may ask for
DROPPED = ("identifier", "constant", "dropped")
CATEGORY_LIMIT = 100  # a text column with more values keeps its most frequent ones (100 airports: all)
IDENTIFIER_SHARE = 0.9  # text with this share of distinct values (or more) names rows
MIN_ROWS = 20  # fewer rows say too little to call a column an identifier
DATE_PARTS = ("year", "month", "day", "day_of_week", "hour", "minute")
_DATE_TEXT = re.compile(
    r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})([ T]\d{1,2}:\d{2}.*)?\s*$"
)
_ID_NAME = re.compile(
    r"(^|[_\s.-])(id|ids|key|no|nr|num|number|code|index)$|^(id|key|index)([_\s.-]|$)", re.I
)
_CAMEL_ID = re.compile(r"[a-z](Id|ID)$")  # customerID, passengerId
_ROW_NUMBER_NAME = re.compile(r"^(unnamed: ?\d+|index|rownames|row|rowid|row_id|\.\.\.1)$", re.IGNORECASE)


@dataclass
class ColumnRole:
    """How one column of the table is used.

    Attributes:
        name: the column's name in the table.
        role: one of ``ROLES``.
        reason: why, in a few words.
        parts: the numbers a datetime column becomes (``["year", "month", ...]``).
        limit: the most values a text column keeps (``CATEGORY_LIMIT``), the rest share "other".
        forced: whether ``keep``/``roles`` set it rather than inference.
    """

    name: str
    role: str
    reason: str
    parts: list = field(default_factory=list)
    limit: int | None = None
    forced: bool = False

    @property
    def used(self) -> bool:
        return self.role not in DROPPED

    def to_dict(self) -> dict:
        return asdict(self)


def infer_roles(features, *, keep=(), roles=None, where: str = "prototype") -> list[ColumnRole]:
    """One :class:`ColumnRole` per column of ``features``: inferred, then ``keep`` and ``roles`` applied.

    Example:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"Unnamed: 0": range(1, 31), "size": [1.5, 2.0, 3.5] * 10,
        ...                       "when": ["2024-01-02 10:00"] * 15 + ["2024-03-05 11:30"] * 15,
        ...                       "unit": ["kg"] * 30})
        >>> [(r.name, r.role) for r in infer_roles(frame)]
        [('Unnamed: 0', 'identifier'), ('size', 'number'), ('when', 'datetime'), ('unit', 'constant')]
        >>> for role in infer_roles(frame, keep=["Unnamed: 0"], roles={"size": "category"})[:2]:
        ...     print(role.role, "-", role.reason)
        number - kept as asked (--keep), used as a number
        category - used as a category as asked (--role size=category)
    """
    keep = [keep] if isinstance(keep, str) else list(keep)
    roles = dict(roles or {})
    for option, names in (("keep", keep), ("roles", list(roles))):
        unknown = [name for name in names if name not in features.columns]
        if unknown:
            flag = "--keep" if option == "keep" else "--role"
            raise TableError(
                f"{where}: {option} ({flag}) names columns that are not inputs of the table: {unknown}. "
                f"Fix: use names from {list(features.columns)} (not the target)."
            )
    bad = {name: role for name, role in roles.items() if role not in FORCED}
    if bad:
        raise TableError(
            f"{where}: unknown role in roles (--role) {bad}. Fix: use one of {', '.join(FORCED)}, "
            "e.g. roles={'zip': 'category'} (--role zip=category)."
        )
    both = sorted(set(keep) & set(roles))
    if both:
        raise TableError(
            f"{where}: {both} are both in keep (--keep) and roles (--role). Fix: name each column once."
        )
    result = []
    for name in features.columns:
        column = features[name]
        if name in roles:
            result.append(_forced(column, name, roles[name], where))
        elif name in keep:
            role = "number" if is_numeric(column) else "category"
            result.append(ColumnRole(name, role, f"kept as asked (--keep), used as a {role}", forced=True))
        else:
            result.append(_inferred(column, name))
    return result


def _inferred(column, name: str) -> ColumnRole:
    pd = _pandas()
    present = column.dropna()
    distinct = present.nunique()
    if column.nunique(dropna=False) <= 1:
        first = present.iloc[0] if len(present) else None
        value = "missing" if first is None else repr(first.item() if isinstance(first, np.generic) else first)
        return ColumnRole(name, "constant", f"the same value ({value}) in every row: nothing to learn")
    if pd.api.types.is_datetime64_any_dtype(column):
        return _datetime(column, name, "dates and times")
    if is_numeric(column):
        whole = bool(np.all(np.mod(present.to_numpy(dtype=float), 1) == 0))
        unique = distinct == len(present) and len(present) >= MIN_ROWS
        if whole and unique and _ROW_NUMBER_NAME.match(name):
            return ColumnRole(
                name, "identifier", "a row number (an exported index): says which row, not what"
            )
        if whole and unique and present.max() - present.min() == len(present) - 1:
            return ColumnRole(
                name,
                "identifier",
                f"whole numbers from {present.min():g} to {present.max():g}, one per row: a row number",
            )
        if (
            whole
            and len(present) >= MIN_ROWS
            and distinct >= IDENTIFIER_SHARE * len(present)
            and _id_name(name)
        ):
            return ColumnRole(
                name,
                "identifier",
                f"{distinct} distinct whole numbers in {len(present)} rows under an "
                "identifier's name: a code, not an amount",
            )
        return ColumnRole(name, "number", f"numbers ({distinct} distinct values)")
    if column.dtype == bool or pd.api.types.is_bool_dtype(column):
        return ColumnRole(name, "category", "yes/no values")
    text = present.astype(str)
    if len(text) and text.str.match(_DATE_TEXT).mean() >= 0.9:
        return _datetime(column, name, f"date/time text (e.g. {text.iloc[0]!r})")
    if len(present) >= MIN_ROWS and distinct >= IDENTIFIER_SHARE * len(present):
        return ColumnRole(
            name,
            "identifier",
            f"{distinct} distinct values in {len(present)} rows, nearly one per row: "
            "it names rows (an id, a name) rather than describing them",
        )
    if distinct > CATEGORY_LIMIT:
        return ColumnRole(
            name,
            "text",
            f"{distinct} distinct values: its {CATEGORY_LIMIT} most frequent (in training) "
            "are one-hot encoded, the rest share one 'other' slot",
            limit=CATEGORY_LIMIT,
        )
    return ColumnRole(name, "category", f"text with {distinct} values, one-hot encoded")


def _id_name(name: str) -> bool:
    return bool(_ID_NAME.search(name) or _CAMEL_ID.search(name))


def _datetime(column, name: str, what: str) -> ColumnRole:
    when = parse_dates(column)
    parts = [part for part in DATE_PARTS if getattr(when.dt, part).nunique() > 1]
    if not parts:
        return ColumnRole(name, "constant", f"{what}, all the same: nothing to learn")
    shown = ", ".join(part.replace("_", " ") for part in parts)
    return ColumnRole(name, "datetime", f"{what}, turned into numbers: {shown}", parts=parts)


def _forced(column, name: str, role: str, where: str) -> ColumnRole:
    asked = f"as asked (--role {name}={role})"
    if role == "drop":
        return ColumnRole(name, "dropped", f"dropped {asked}", forced=True)
    if role == "number" and not is_numeric(column):
        _, bad = read_numbers(column)
        if len(bad):
            raise TableError(
                f"{where}: roles (--role) asks for {name!r} as a number, but it holds text such as "
                f"{bad.iloc[0]!r} (row {bad.index[0]}). Fix: correct those cells, or use {name}=category."
            )
    if role == "datetime":
        parsed = parse_dates(column)
        if parsed.notna().sum() < 0.9 * column.notna().sum():
            raise TableError(
                f"{where}: roles (--role) asks for {name!r} as a date/time, but most of its values do not "
                "read as dates (e.g. 2024-03-05 or 2024-03-05 14:30). Fix: use category, or fix the values."
            )
        forced = _datetime(column, name, "dates and times")
        forced.reason += f" {asked}"
        forced.forced = True
        return forced
    limit = CATEGORY_LIMIT if role == "text" else None
    return ColumnRole(name, role, f"used as a {role} {asked}", limit=limit, forced=True)


def parse_dates(column):
    """A column as pandas datetimes (a value that does not read as one: ``NaT``)."""
    pd = _pandas()
    if pd.api.types.is_datetime64_any_dtype(column):
        return column
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas' "could not infer format": some rows are not dates
        return pd.to_datetime(column.astype("string"), errors="coerce", format="mixed")


def column_plan(roles: list[ColumnRole]) -> dict:
    """What :func:`prepare_columns` does to the raw columns, as plain lists (summary.json, train.py)."""
    return {
        "drop": [r.name for r in roles if not r.used],
        "dates": {r.name: list(r.parts) for r in roles if r.role == "datetime"},
        "as_text": [r.name for r in roles if r.role in ("category", "text") and r.forced],
        "as_number": [r.name for r in roles if r.role == "number" and r.forced],
    }


def prepare_columns(table, plan):
    """The model's columns from the raw ones: drop, dates to numbers, categories as text, numbers as numbers.

    ``plan`` is ``{"drop": [...], "dates": {column: [part, ...]}, "as_text": [...], "as_number": [...]}``.
    A date part of a value that is not a date is missing (filled in like any missing number).

    Example:
        >>> import pandas as pd
        >>> table = pd.DataFrame({"id": [1, 2], "when": ["2024-01-02", "2025-06-30"], "zip": [1000, 2000]})
        >>> plan = {"drop": ["id"], "dates": {"when": ["year"]}, "as_text": ["zip"], "as_number": []}
        >>> prepare_columns(table, plan).to_dict(orient="list")
        {'when_year': [2024.0, 2025.0], 'zip': ['1000', '2000']}
    """
    import warnings

    import pandas as pd

    columns = {}
    for name in table.columns:
        if name in plan["drop"]:
            continue
        column = table[name]
        if name in plan["dates"]:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "could not infer format": some values may not be dates
                when = (
                    column
                    if pd.api.types.is_datetime64_any_dtype(column)
                    else pd.to_datetime(column.astype("string"), errors="coerce", format="mixed")
                )
            for part in plan["dates"][name]:
                columns[f"{name}_{part}"] = getattr(when.dt, part).astype("float64")
        elif name in plan["as_text"]:

            def as_text(value):  # 3.0 read from a file with gaps is the 3 of training
                if value is None or value != value:
                    return None
                return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)

            columns[name] = column.map(as_text).astype(object)
        elif name in plan["as_number"]:
            columns[name] = pd.to_numeric(column, errors="coerce").astype("float64")
        else:
            columns[name] = column
    return pd.DataFrame(columns, index=table.index)


def top_values(values, limit):
    """The distinct values of ``values`` (strings), all of them or the ``limit`` most frequent, sorted.

    Ties in frequency go to the value that sorts first, so the choice is the same on every run.

    Example:
        >>> top_values(["b", "a", "b", "c", "c", "d"], 2)
        ['b', 'c']
    """
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    kept = sorted(counts, key=lambda value: (-counts[value], value))
    return sorted(kept if limit is None else kept[:limit])
