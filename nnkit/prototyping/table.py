"""From a table to model-ready columns: read it, check it, and infer the task from its target.

pandas and NumPy only, no TensorFlow. Every error is a :class:`TableError` (a
``ValueError``) that names the column or option and ends with ``Fix:``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

# Above this many distinct whole numbers (or this share of the rows) a numeric target is a quantity.
MAX_CLASSES = 20
CLASS_SHARE = 0.2
# A classification target needs this many rows per class on average, and at most this many classes:
# beyond, the network learns the majority class and every per-class figure grows with the square.
ROWS_PER_CLASS = 10
MOST_CLASSES = 100
IDENTIFIER_SHARE = 0.9  # a text target with this share of distinct values names rows
MIN_ROWS = 20
TASK_NAMES = ("binary", "multiclass", "multilabel", "regression", "positive_regression")


class TableError(ValueError):
    """A table, a column or an option that nnkit.prototype cannot use; the message says the fix."""


def _pandas():
    try:
        import pandas
    except ImportError:  # pragma: no cover - pandas comes with the [prototype] extra
        raise ImportError(
            "nnkit.prototype needs pandas. Fix: pip install pandas (a dependency of nnkit: reinstall nnkit)."
        ) from None
    return pandas


@dataclass
class Table:
    """A checked table: the feature columns, the target, where it came from and what was done to it.

    Attributes:
        features: a DataFrame of the input columns, raw (text and missing values kept).
        target: a DataFrame of the target column(s).
        source: where the table came from, in words.
        notes: sentences about what was dropped, for the report.
        arrays: whether it came as NumPy ``(x, y)``: columns of numbers the caller chose, no roles to infer.
    """

    features: object
    target: object
    source: str
    notes: list[str] = field(default_factory=list)
    arrays: bool = False


def read_table(data, *, target=None, drop=(), min_rows: int = 1, where: str = "prototype") -> Table:
    """Read ``data`` (a DataFrame, a CSV path, or NumPy ``(x, y)``) and split off the ``target`` column(s).

    Rows whose target is missing are dropped and reported; the input (file or frame) is never modified.
    Fewer than ``min_rows`` rows with a target is refused first, before anything about the columns.

    Example:
        >>> import pandas as pd
        >>> table = read_table(pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", None]}), target="b")
        >>> list(table.features.columns), len(table.target), table.notes
        (['a'], 2, ['dropped 1 row whose target is missing'])
    """
    pd = _pandas()
    if isinstance(data, tuple) and len(data) == 2:
        frame, target = _from_arrays(*data, target=target, where=where)
        source = f"NumPy arrays x {np.shape(data[0])}, y {np.shape(data[1])}"
    elif isinstance(data, pd.DataFrame):
        frame, source = data.copy(), f"a DataFrame of {len(data)} rows x {data.shape[1]} columns"
    elif isinstance(data, (str, os.PathLike)):
        frame = read_csv(data, where=where)
        source = f"{Path(data).name} ({len(frame)} rows x {frame.shape[1]} columns)"
    else:
        raise TableError(
            f"{where}: data must be a pandas DataFrame, a CSV file path or a tuple (x, y) of NumPy arrays. "
            f"Received: {type(data).__name__}. Fix: pass e.g. prototype('data.csv', target='label')."
        )
    frame.columns = [str(name) for name in frame.columns]
    if len(frame) == 0:
        raise TableError(
            f"{where}: the table has no rows. Fix: pass a table with data rows under the header."
        )
    targets = _target_names(frame, target, where)
    usable = int(frame[targets].notna().all(axis=1).sum())
    if usable < min_rows:
        missing = f" ({len(frame) - usable} more without a target)" if usable < len(frame) else ""
        raise TableError(
            f"{where}: the table has {usable} usable row{'s' * (usable != 1)}{missing}; at least {min_rows} "
            "are needed to train, validate and test a model. Fix: use a table with more rows."
        )
    drop = [drop] if isinstance(drop, str) else list(drop)
    unknown = [name for name in drop if name not in frame.columns]
    if unknown:
        raise TableError(
            f"{where}: drop={unknown} names columns the table does not have. "
            f"Fix: use names from {list(frame.columns)}."
        )
    notes = []
    if drop:
        notes.append(f"dropped column(s) {', '.join(map(repr, drop))} as asked")
    features = frame.drop(columns=targets + drop)
    if features.shape[1] == 0:
        raise TableError(
            f"{where}: no input columns are left besides the target {targets}. "
            "Fix: pass a table with at least one feature column."
        )
    for name in targets:  # an empty input column is no error: it gets the role "constant", dropped
        if frame[name].isna().all():
            raise TableError(
                f"{where}: column {name!r} is missing in every row, so nothing can be learned from it. "
                f"Fix: drop it (drop=[{name!r}]) or fill it in."
            )
    for name in features.columns:
        _refuse_mixed(features[name], name, where)
    keep = frame[targets].notna().all(axis=1).to_numpy()
    if not keep.all():
        count = int((~keep).sum())
        notes.append(f"dropped {count} row{'s' * (count > 1)} whose target is missing")
    return Table(
        features.loc[keep].reset_index(drop=True),
        frame.loc[keep, targets].reset_index(drop=True),
        source,
        notes,
        arrays=isinstance(data, tuple),
    )


def read_csv(path, *, where: str = "prototype"):
    """Read a CSV file as a DataFrame (read only: the file is never written), or raise a clear error.

    Example:
        >>> import tempfile, pathlib
        >>> file = pathlib.Path(tempfile.mkdtemp()) / "empty.csv"
        >>> _ = file.write_text("")
        >>> read_csv(file)
        Traceback (most recent call last):
        ...
        nnkit.prototyping.table.TableError: prototype: ... is empty. Fix: ...
    """
    file = Path(path).expanduser()
    if not file.is_file():
        raise FileNotFoundError(f"{where}: no file at {str(file)!r}. Fix: check the path and its spelling.")
    head = file.read_bytes()[:4096]
    if not head.strip():
        raise TableError(
            f"{where}: {file.name} is empty. Fix: pass a CSV file with a header row and data rows."
        )
    not_table = (
        f"{where}: {file.name} is not a table nnkit can read as CSV. Fix: save it as comma-separated text "
        "with one header row (in a spreadsheet: File > Save as > CSV)."
    )
    if b"\x00" in head:
        raise TableError(not_table)
    pd = _pandas()  # after the cheap checks: a wrong path is reported before pandas loads
    try:
        frame = pd.read_csv(file)
    except pd.errors.EmptyDataError:
        raise TableError(
            f"{where}: {file.name} is empty. Fix: pass a CSV file with a header row and data rows."
        ) from None
    except pd.errors.ParserError as error:
        raise TableError(_parser_message(file.name, str(error), where)) from None
    except (UnicodeDecodeError, ValueError):
        raise TableError(not_table) from None
    if frame.shape[1] < 2:
        raise TableError(
            f"{where}: {file.name} reads as a single column ({list(frame.columns)}), not a table of inputs "
            "and a target. Fix: separate the columns with commas and give them a header row."
        )
    return frame


def _parser_message(name: str, detail: str, where: str) -> str:
    """pandas' parser error in words, its line and field counts kept."""
    found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", detail)
    if found:
        expected, line, saw = found.groups()
        return (
            f"{where}: {name} line {line} has {saw} fields where the lines before it have {expected} "
            f"(pandas: {found.group(0)}). Fix: correct line {line} (an unquoted comma inside a value? "
            "put the value in double quotes), or delete it."
        )
    detail = " ".join(detail.split())
    return (
        f"{where}: {name} could not be read as CSV (pandas: {detail}). Fix: correct the line it names, "
        "or save the table again as comma-separated text with one header row."
    )


def _from_arrays(x, y, *, target, where):
    pd = _pandas()
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim != 2 or y.ndim not in (1, 2) or len(x) != len(y):
        raise TableError(
            f"{where}: data=(x, y) needs x of shape (samples, features) and y with one row per sample. "
            f"Received: x.shape={x.shape}, y.shape={y.shape}. Fix: reshape x to (samples, features)."
        )
    frame = pd.DataFrame(x, columns=[f"x{i}" for i in range(x.shape[1])])
    names = ["y"] if y.ndim == 1 else [f"y{j}" for j in range(y.shape[1])]
    for j, name in enumerate(names):
        frame[name] = y if y.ndim == 1 else y[:, j]
    return frame, names if target is None else target


def _target_names(frame, target, where) -> list[str]:
    if target is None:
        raise TableError(
            f"{where}: target is not set. Fix: name the column to predict, e.g. target={frame.columns[-1]!r} "
            f"(columns: {list(frame.columns)})."
        )
    names = [target] if isinstance(target, str) else list(target)
    missing = [name for name in names if name not in frame.columns]
    if missing or not names:
        # The likeliest meant: the same name in other upper/lower case, else the last column.
        wanted = str(missing[0]).lower() if missing else None
        same = [column for column in frame.columns if str(column).lower() == wanted]
        suggestion = (same or [frame.columns[-1]])[0]
        raise TableError(
            f"{where}: the table has no target column {missing[0] if missing else names!r}. "
            f"Its columns are {list(frame.columns)}. "
            f"Fix: pass one of them, e.g. target={suggestion!r} (mind upper/lower case)."
        )
    return names


def is_numeric(column) -> bool:
    """Whether a column holds numbers (bool counts as text: its two values are categories)."""
    pd = _pandas()
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def read_numbers(column):
    """``(numbers, text)``: the column read as numbers (NaN where a cell is not one), and the cells that are
    text, not numbers, by row (missing cells are neither).

    Example:
        >>> import pandas as pd
        >>> numbers, text = read_numbers(pd.Series(["1.5", "n/a", None]))
        >>> list(numbers[:1]), dict(text)
        ([1.5], {1: 'n/a'})
    """
    numbers = _pandas().to_numeric(column, errors="coerce")
    return numbers, column[numbers.isna() & column.notna()]


def _refuse_mixed(column, name, where) -> None:
    """Text in a mostly numeric column is refused: a typo or an odd missing-value marker, not a category."""
    if is_numeric(column):
        return
    present = column.dropna()
    numbers, bad = read_numbers(present)
    if len(present) and numbers.notna().mean() >= 0.5 and len(bad):
        shown = ", ".join(f"{value!r} (row {row})" for row, value in list(bad.items())[:3])
        raise TableError(
            f"{where}: column {name!r} holds numbers but also text: {shown}. nnkit refuses to guess whether "
            "that is a typo or a marker for a missing value. Fix: correct those cells, or leave them empty "
            f"for a missing value (filled in and reported), or drop the column (drop=[{name!r}])."
        )


@dataclass
class TaskChoice:
    """The task for a target, why, and how to encode its labels.

    Attributes:
        task: one of ``TASK_NAMES`` (nnkit's task names).
        reason: one sentence saying why.
        classes: the class names in label order (classifiers), or the label names (multilabel).
    """

    task: str
    reason: str
    classes: list = field(default_factory=list)


def infer_task(target, *, task: str | None = None, where: str = "prototype") -> TaskChoice:
    """Infer the task from the target column(s); ``task=`` overrides it when it fits the target.

    Text with 2 values: binary; text with more, or few distinct whole numbers: multiclass; several
    0/1 columns: multilabel; other numbers: regression, "positive_regression" when none is negative.

    Example:
        >>> import pandas as pd
        >>> choice = infer_task(pd.DataFrame({"species": ["Adelie", "Gentoo", "Chinstrap", "Adelie"]}))
        >>> choice.task, choice.classes
        ('multiclass', ['Adelie', 'Chinstrap', 'Gentoo'])
        >>> infer_task(pd.DataFrame({"price": [1.5, 2.25, 0.0, 7.5, 3.1, 2.2]})).reason
        "target 'price' holds numbers with 6 distinct values, none negative: ..."
    """
    if task is not None and task not in TASK_NAMES:
        raise TableError(
            f"{where}: unknown task. Received: task={task!r}. Fix: use one of {', '.join(TASK_NAMES)}, "
            "or leave it out to infer it from the target."
        )
    names = list(target.columns)
    if len(names) > 1:
        return _multilabel(target, task, where)
    name, column = names[0], target[names[0]]
    values = column.dropna()
    distinct = sorted(values.unique().tolist(), key=lambda v: (str(type(v)), v))
    if len(distinct) < 2:
        raise TableError(
            f"{where}: target {name!r} has a single value ({distinct[0]!r}) in every row: there is "
            "nothing to predict. Fix: choose another target column, or add rows of the other classes."
        )
    numeric = is_numeric(column)
    whole = numeric and bool(np.all(np.mod(values.to_numpy(dtype=float), 1) == 0))
    _refuse_identifier(values, name, len(distinct), numeric and whole, where)
    choice = _choose(values, name, distinct, numeric, whole, task, where)
    if choice.task in ("binary", "multiclass"):
        _check_classes(values, name, len(distinct), where)
    return choice


def _refuse_identifier(values, name, distinct: int, whole: bool, where: str) -> None:
    rows = len(values)
    sequential = whole and distinct == rows and values.max() - values.min() == rows - 1
    unique_text = not is_numeric(values) and distinct >= IDENTIFIER_SHARE * rows
    if rows >= MIN_ROWS and (sequential or unique_text):
        what = f"{distinct} distinct values in {rows} rows"
        what = "whole numbers in sequence, one per row" if sequential else what
        raise TableError(
            f"{where}: target {name!r} looks like an identifier ({what}): it names rows rather than "
            "saying something about them, so there is nothing to learn. Fix: choose the column to "
            "predict as target (an identifier can stay in the table: it is dropped as an input)."
        )


def _check_classes(values, name, classes: int, where: str) -> None:
    rows = len(values)
    if classes > MOST_CLASSES or (classes > MAX_CLASSES and rows < ROWS_PER_CLASS * classes):
        raise TableError(
            f"{where}: target {name!r} has {classes} classes in {rows} rows ({rows / classes:.1f} rows per "
            f"class): more classes than the data can support (nnkit takes at most {MOST_CLASSES} classes, "
            f"and above {MAX_CLASSES} classes {ROWS_PER_CLASS} rows per class on average). Fix: group rare "
            "classes into broader ones (e.g. "
            "an 'other' class), choose another target, or, if the values are amounts, pass "
            "task='regression' (--task regression)."
        )


def _choose(values, name, distinct, numeric, whole, task, where) -> TaskChoice:
    few = len(distinct) <= min(MAX_CLASSES, max(2, CLASS_SHARE * len(values)))
    if task in ("regression", "positive_regression"):
        if not numeric:
            raise TableError(
                f"{where}: task={task!r} needs a numeric target, but {name!r} holds text. "
                "Fix: leave task out (it is a classification target) or pick a numeric target."
            )
        if task == "positive_regression" and values.min() < 0:
            raise TableError(
                f"{where}: task='positive_regression' but target {name!r} has negative values "
                f"(down to {values.min():.4g}). Fix: use task='regression'."
            )
        return TaskChoice(
            task, f"task={task!r} as asked (target {name!r} holds {len(distinct)} distinct numbers)"
        )
    if task == "multilabel":
        raise TableError(
            f"{where}: task='multilabel' needs several 0/1 target columns; received one ({name!r}). "
            "Fix: pass target=[...] with one column per label, or leave task out."
        )
    if task is not None and numeric and len(distinct) > 50:
        raise TableError(
            f"{where}: task={task!r} but target {name!r} holds {len(distinct)} distinct numbers, a quantity "
            "rather than classes. Fix: use task='regression', or leave task out."
        )
    if task == "binary" and len(distinct) != 2:
        raise TableError(
            f"{where}: task='binary' but target {name!r} has {len(distinct)} classes. "
            "Fix: use task='multiclass', or leave task out."
        )
    if task is not None:
        return TaskChoice(task, f"task={task!r} as asked ({len(distinct)} classes in {name!r})", distinct)
    if not numeric:
        kind = "binary" if len(distinct) == 2 else "multiclass"
        shown = ", ".join(map(str, distinct[:5])) + (", ..." if len(distinct) > 5 else "")
        what = "yes/no values" if set(map(str, distinct)) == {"False", "True"} else "text"
        return TaskChoice(
            kind, f"target {name!r} holds {what} with {len(distinct)} classes ({shown})", distinct
        )
    if whole and few:
        kind = "binary" if len(distinct) == 2 else "multiclass"
        shown = ", ".join(f"{v:g}" for v in distinct[:5]) + (", ..." if len(distinct) > 5 else "")
        return TaskChoice(
            kind,
            f"target {name!r} holds only {len(distinct)} distinct whole numbers ({shown}), read as classes; "
            "if they are amounts (a count, a score), pass task='regression' (--task regression)",
            distinct,
        )
    if values.min() >= 0:
        return TaskChoice(
            "positive_regression",
            f"target {name!r} holds numbers with {len(distinct)} distinct values, none negative: "
            "non-negative regression (predictions kept >= 0); pass task='regression' to allow negatives",
        )
    return TaskChoice("regression", f"target {name!r} holds numbers with {len(distinct)} distinct values")


def _multilabel(target, task, where) -> TaskChoice:
    names = list(target.columns)
    for name in names:
        column = target[name]
        values = (
            set(column.astype(float).unique().tolist())
            if is_numeric(column) or column.dtype == bool
            else None
        )
        if values is None or not values <= {0.0, 1.0}:
            raise TableError(
                f"{where}: several target columns ({names}) make a multilabel task, so each must hold 0/1, "
                f"but {name!r} does not. Fix: pass one target column, or make every target column 0/1."
            )
    if task not in (None, "multilabel"):
        raise TableError(
            f"{where}: task={task!r} takes one target column; received {len(names)}: {names}. "
            "Fix: use task='multilabel', or pass a single target."
        )
    return TaskChoice("multilabel", f"{len(names)} target columns of 0/1: one yes/no label each", names)
