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


def setup(seed: int = 0, *, tensorflow: bool = True) -> None:
    """Seed everything, quiet TensorFlow, make ops deterministic and apply the plot style.

    Call it once, at the top of a lesson, before anything imports TensorFlow.
    With ``tensorflow=False`` only Python, NumPy and matplotlib are set up, and
    TensorFlow is not loaded at all (for the NumPy-only lessons and tests).

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
        _setup_tensorflow(seed)


def _setup_tensorflow(seed: int) -> None:
    import keras
    import tensorflow as tf

    if _version_tuple(tf.__version__) < MIN_TENSORFLOW:
        raise RuntimeError(
            f"nnkit needs TensorFlow >= 2.19 (Keras 3). Found: {tf.__version__}. "
            "Fix: pip install --upgrade 'tensorflow>=2.19'."
        )
    tf.get_logger().setLevel("ERROR")
    keras.utils.set_random_seed(seed)  # Python, NumPy and the backend in one go
    # Keras before 3.11 keeps its global SeedGenerator through set_random_seed (later releases drop it
    # there), so unseeded keras.random draws would differ between two setup() calls: drop it likewise.
    from keras.src.backend.common import global_state

    global_state.set_global_attribute("global_seed_generator", None)
    tf.config.experimental.enable_op_determinism()
