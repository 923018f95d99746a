"""The seeded train/validation/test split of a prototype (NumPy only; copied verbatim into ``train.py``)."""

from __future__ import annotations

import numpy as np


def split_rows(n: int, labels=None, *, validation_size: float, test_size: float, seed: int) -> dict:
    """Seeded row numbers for train/validation/test, stratified by ``labels`` (class indices) when given.

    Example:
        >>> parts = split_rows(20, np.array([0] * 10 + [1] * 10), validation_size=0.2, test_size=0.2, seed=0)
        >>> {name: len(rows) for name, rows in parts.items()}
        {'train': 12, 'validation': 4, 'test': 4}
    """
    rng = np.random.default_rng(seed)
    groups = [np.arange(n)] if labels is None else [np.flatnonzero(labels == k) for k in np.unique(labels)]
    parts = {"train": [], "validation": [], "test": []}
    for members in groups:
        members = rng.permutation(members)
        n_test = int(round(test_size * len(members)))
        n_validation = int(round(validation_size * len(members)))
        parts["test"].append(members[:n_test])
        parts["validation"].append(members[n_test : n_test + n_validation])
        parts["train"].append(members[n_test + n_validation :])
    return {name: np.sort(np.concatenate(rows)).astype(int) for name, rows in parts.items()}
