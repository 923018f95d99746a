"""Shared set-up: nnkit.setup before anything imports TensorFlow, and a headless plot backend."""

import os

import matplotlib

from nnkit.claims import STRICT_VARIABLE

matplotlib.use("Agg")
# Lessons under nbval fail when a number their text quotes has moved (nnkit.claims); kernels inherit this.
# make test-oldest sets it to 0: other versions may move a quoted digit, and it compares no outputs either.
os.environ.setdefault(STRICT_VARIABLE, "1")

import pytest  # noqa: E402

import nnkit  # noqa: E402

nnkit.setup(seed=0)


@pytest.fixture(autouse=True)
def _seeded():
    """Every test starts from the same seeds, whatever ran before it."""
    nnkit.setup(seed=0)
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
