import os
import sys
import textwrap

import child_process
import keras
import numpy as np
import pytest

import nnkit


def run_python(code: str, **environment: str) -> str:
    """``code`` run in a fresh interpreter (``environment`` added to os.environ); its stdout."""
    command = [sys.executable, "-c", textwrap.dedent(code)]
    return child_process.run(command, env={**os.environ, **environment}, check=True).stdout.strip()


def test_import_nnkit_does_not_import_tensorflow():
    out = run_python(
        """
        import sys
        import nnkit
        from nnkit import scratch, datasets, plots
        nnkit.setup(seed=0, tensorflow=False)
        assert float(scratch.sigmoid(0.0)) == 0.5
        (x, y), _ = datasets.mnist()
        plots.use_style()
        print("tensorflow" in sys.modules, "keras" in sys.modules)
        """
    )
    assert out == "False False"


def test_setup_sets_environment_before_tensorflow_loads():
    out = run_python(
        """
        import os, sys
        import nnkit
        nnkit.setup(seed=3)
        from tensorflow.python.framework import config  # the public API has no getter
        print(os.environ["TF_ENABLE_ONEDNN_OPTS"], os.environ["KERAS_BACKEND"],
              config.is_op_determinism_enabled())
        """
    )
    assert out == "0 tensorflow True"


def test_setup_after_tensorflow_import_warns():
    code = """
        import warnings, os
        os.environ.pop("TF_ENABLE_ONEDNN_OPTS", None)
        import tensorflow
        import nnkit
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            nnkit.setup(seed=0)
        print(any("restart the kernel" in str(w.message) for w in caught))
    """
    assert run_python(code) == "True"


def test_lazy_attributes_resolve_and_unknown_names_fail():
    assert callable(nnkit.dense_model) and callable(nnkit.keras_code)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        nnkit.nope  # noqa: B018


def test_same_seed_same_numbers_everywhere():
    def draw():
        nnkit.setup(seed=7)
        layer = keras.layers.Dense(4)
        layer.build((None, 3))
        return np.random.rand(3), keras.random.uniform((2,)).numpy(), layer.kernel.numpy()

    first, second = draw(), draw()
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
    assert os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0"


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_setup_rejects_bad_seed(seed):
    with pytest.raises((TypeError, ValueError), match="seed"):  # ValueError for -1, as everywhere in nnkit
        nnkit.setup(seed=seed)


@pytest.mark.parametrize("threads", [0, 1.5, "2", True])
def test_setup_rejects_bad_threads(threads):
    with pytest.raises((TypeError, ValueError), match="threads"):
        nnkit.setup(seed=0, threads=threads)


def test_setup_uses_one_thread_and_a_late_change_warns_instead_of_failing():
    import tensorflow as tf

    assert tf.config.threading.get_intra_op_parallelism_threads() == 1  # conftest's nnkit.setup(seed=0)
    _ = tf.constant(1.0) + 1.0  # TensorFlow has run an op: its threads are fixed from now on
    with pytest.warns(UserWarning, match=r"setup\(threads=2\) cannot apply.*restart the kernel"):
        nnkit.setup(seed=0, threads=2)
    assert tf.config.threading.get_intra_op_parallelism_threads() == 1
    nnkit.setup(seed=0, threads=None)  # leaves them as they are: nothing to warn about


CONVOLUTION_GRADIENT = """
    import nnkit
    nnkit.setup(seed=0)
    import keras, numpy as np, tensorflow as tf
    x = np.random.default_rng(0).random((64, 28, 28, 1), dtype="float32")
    conv = keras.layers.Conv2D(8, 3)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(conv(x) ** 2)
    kernel_gradient = tape.gradient(loss, conv.kernel).numpy()
    print(kernel_gradient.tobytes().hex()[:4000])
"""


def test_convolution_numbers_do_not_depend_on_the_number_of_cores():
    """A kernel's gradient sums over every image and position; TensorFlow splits that sum between its
    threads, so its last bits follow the thread count. nnkit.setup's one thread overrides a machine
    that would use eight (TF_NUM_INTRAOP_THREADS stands in for an 8-core laptop)."""

    def gradient(intra_op_threads: str, setup: str = "nnkit.setup(seed=0)") -> str:
        code = CONVOLUTION_GRADIENT.replace("nnkit.setup(seed=0)", setup)
        return run_python(code, TF_NUM_INTRAOP_THREADS=intra_op_threads)

    assert gradient("8") == gradient("2")
    unpinned = "nnkit.setup(seed=0, threads=None)"  # the control: TensorFlow's own thread count
    assert gradient("8", unpinned) != gradient("2", unpinned), "this test would pass whatever setup did"
