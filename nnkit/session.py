"""One call that makes a lesson quiet, deterministic and styled: :func:`setup`."""

from __future__ import annotations

import os
import random
import sys
import warnings

import numpy as np

from nnkit import arguments

# TensorFlow reads these once, when it is first imported.
TENSORFLOW_ENVIRONMENT = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # start-up INFO lines, and tf.data version-skew notices logged as ERROR
    "TF_ENABLE_ONEDNN_OPTS": "0",  # oneDNN reorders float sums: losses would differ between CPUs
    "KERAS_BACKEND": "tensorflow",
}

MIN_TENSORFLOW = (2, 19)  # the oldest release make test-oldest covers


def _version_tuple(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int("".join(ch for ch in minor if ch.isdigit()) or 0)


def setup(seed: int = 0, *, tensorflow: bool = True, threads: int | None = 1) -> None:
    """Seed everything, quiet TensorFlow, make ops deterministic and apply the plot style.

    Call it once, at the top of a lesson, before anything imports TensorFlow.
    With ``tensorflow=False`` only Python, NumPy and matplotlib are set up, and
    TensorFlow is not loaded at all (for the NumPy-only lessons and tests).

    ``threads`` is how many threads one TensorFlow op may use. How a convolution's
    sums are split between threads changes their last bits, so the default, 1,
    gives the same numbers on every machine whatever its number of cores (and the
    lessons' small models are no slower). ``None`` leaves TensorFlow's default:
    every core, with numbers that may then depend on how many there are.

    Example:
        >>> import nnkit
        >>> nnkit.setup(seed=0, tensorflow=False)
        >>> import numpy as np

from nnkit import arguments
        >>> round(float(np.random.rand()), 4)
        0.5488
    """
    seed = arguments.seed(seed, where="setup", below=2**32)
    tensorflow = arguments.flag(tensorflow, "tensorflow", where="setup")
    if threads is not None:
        threads = arguments.whole_number(threads, "threads", where="setup", minimum=1)
    if "tensorflow" in sys.modules and os.environ.get("TF_ENABLE_ONEDNN_OPTS") != "0":
        warnings.warn(
            "TensorFlow was imported before nnkit.setup(), so its log level and oneDNN "
            "setting can no longer change. Fix: restart the kernel and call nnkit.setup() "
            "before importing tensorflow or keras.",
            stacklevel=2,
        )
    for name, value in TENSORFLOW_ENVIRONMENT.items():
        os.environ[name] = value
    random.seed(seed)
    np.random.seed(seed)
    from nnkit.plots import use_style

    use_style()
    if tensorflow:
        _setup_tensorflow(seed, threads)


MISSING_TENSORFLOW = (
    "nnkit needs TensorFlow, which is not installed here. Fix: pip install 'nnkit[tensorflow]' "
    "(Colab and GPU set-ups already have it; nnkit doctor shows what is installed)."
)


def _import_tensorflow():
    """``(keras, tensorflow)``, or a ``ModuleNotFoundError`` that says how to install TensorFlow.

    nnkit names no TensorFlow distribution in its dependencies (its ``tensorflow`` extra does), so an
    environment can lack it.
    """
    try:
        import keras
        import tensorflow
    except ModuleNotFoundError as error:
        if error.name != "tensorflow":
            raise
        raise ModuleNotFoundError(MISSING_TENSORFLOW, name="tensorflow") from None
    return keras, tensorflow


def _setup_tensorflow(seed: int, threads: int | None) -> None:
    keras, tf = _import_tensorflow()

    if _version_tuple(tf.__version__) < MIN_TENSORFLOW:
        raise RuntimeError(
            f"nnkit needs TensorFlow >= 2.19 (Keras 3). Found: {tf.__version__}. "
            "Fix: pip install --upgrade 'tensorflow>=2.19'."
        )
    tf.get_logger().setLevel("ERROR")
    if threads is not None:  # before any op runs: TensorFlow fixes its threads then
        _use_threads(tf, threads)
    keras.utils.set_random_seed(seed)  # Python, NumPy and the backend in one go
    # Keras before 3.11 keeps its global SeedGenerator through set_random_seed (later releases drop it
    # there), so unseeded keras.random draws would differ between two setup() calls: drop it likewise.
    from keras.src.backend.common import global_state

    global_state.set_global_attribute("global_seed_generator", None)
    tf.config.experimental.enable_op_determinism()


def _use_threads(tf, threads: int) -> None:
    """Threads per op; TensorFlow fixes them when it runs its first op, so a later change only warns."""
    if tf.config.threading.get_intra_op_parallelism_threads() == threads:
        return
    try:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
    except RuntimeError:  # TensorFlow has run ops already, with another number of threads
        warnings.warn(
            f"TensorFlow has already run with its own number of threads, so setup(threads={threads}) "
            "cannot apply and convolutions may give slightly different numbers from the text. "
            "Fix: restart the kernel and call nnkit.setup() before any TensorFlow code runs.",
            stacklevel=4,
        )
