"""Shared set-up: nnkit.setup before anything imports TensorFlow, and a headless plot backend."""

import matplotlib

matplotlib.use("Agg")

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
