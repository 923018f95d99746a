"""New rows against a trained model's columns, checked with no Keras, so the nnkit command checks them
before TensorFlow loads."""

from __future__ import annotations

from nnkit.prototyping.roles import DROPPED
from nnkit.prototyping.table import TableError


def check_new_columns(frame, needed, allowed=(), *, where: str = "predict") -> None:
    """Refuse new rows that lack a column the model uses, or bring one training never had.

    ``needed``: the columns the model reads; ``allowed``: others that may stay (the target, and the
    identifier and constant columns set aside in training).

    Example:
        >>> import pandas as pd
        >>> check_new_columns(pd.DataFrame({"a": [1], "id": [7]}), ["a"], ["id", "y"])
        >>> check_new_columns(pd.DataFrame({"b": [1]}), ["a"], ["y"])
        Traceback (most recent call last):
        ...
        nnkit.prototyping.table.TableError: predict: ... lacks ['a'] and has ['b'] too...
    """
    needed = list(needed)
    missing = [name for name in needed if name not in frame.columns]
    extra = [name for name in frame.columns if name not in needed and name not in allowed]
    if missing or extra:
        said = [missing and f"lacks {missing}", extra and f"has {extra} too"]
        differences = " and ".join(filter(None, said))
        raise TableError(
            f"{where}: the new rows' columns differ from training: it {differences}. The model was "
            f"trained on {needed}. Fix: give the new rows exactly those columns (rename or add them, "
            "leaving unknown cells empty; drop the others; the target and the identifier and constant "
            "columns nnkit set aside may stay)."
        )


def columns_of_run(summary: dict) -> tuple[list, list]:
    """``(needed, allowed)`` for :func:`check_new_columns`, from a run folder's summary.json.

    Example:
        >>> columns_of_run({"target": ["y"], "columns": [{"name": "a"}],
        ...                 "roles": [{"name": "a", "role": "number"}, {"name": "id", "role": "identifier"}]})
        (['a'], ['a', 'id', 'y'])
    """
    roles = summary.get("roles") or []
    if not roles:
        needed = [column["name"] for column in summary["columns"]]
        return needed, list(summary["target"])
    needed = [role["name"] for role in roles if role["role"] not in DROPPED]
    return needed, [role["name"] for role in roles] + list(summary["target"])
