"""New rows against a trained model's columns, checked with no Keras, so the nnkit command checks them
before TensorFlow loads."""

from __future__ import annotations

from nnkit.prototyping.table import TableError


def check_new_columns(frame, names, target=(), *, where: str = "predict") -> None:
    """Refuse new rows whose columns differ from the training columns ``names`` (the target may stay).

    Example:
        >>> import pandas as pd
        >>> check_new_columns(pd.DataFrame({"a": [1], "b": [2]}), ["a", "b"], ["y"])
        >>> check_new_columns(pd.DataFrame({"a": [1]}), ["a", "b"], ["y"])
        Traceback (most recent call last):
        ...
        nnkit.prototyping.table.TableError: predict: the new rows' columns differ ... it lacks ['b']...
    """
    missing = [name for name in names if name not in frame.columns]
    extra = [name for name in frame.columns if name not in names and name not in target]
    if missing or extra:
        differences = " and ".join(
            filter(None, [missing and f"lacks {missing}", extra and f"has {extra} too"])
        )
        raise TableError(
            f"{where}: the new rows' columns differ from training: it {differences}. The model was "
            f"trained on {list(names)}. Fix: give the new rows exactly those columns (rename or add them, "
            "leaving unknown cells empty; drop the others; the target column may stay)."
        )
