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
from tools.lesson_order import longest_first  # noqa: E402


def pytest_configure(config):
    """nnkit.setup before the test modules import TensorFlow. A lessons run (--nbval) skips TensorFlow:
    only its kernels need it, and each pytest-xdist worker would spend seconds importing it for nothing."""
    lessons_only = config.getoption("nbval", False) or config.getoption("nbval_lax", False)
    nnkit.setup(seed=0, tensorflow=not lessons_only)


def pytest_collection_modifyitems(items):
    """Lessons longest first, so the two xdist workers finish together (with --no-loadscope-reorder)."""
    longest_first(items)


@pytest.fixture(autouse=True)
def _seeded():
    """Every test starts from the same seeds and every exercise from its first hint, whatever ran before."""
    from nnkit.exercises.feedback import forget_tries

    nnkit.setup(seed=0)
    forget_tries()
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
