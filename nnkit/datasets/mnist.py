"""MNIST digits, offline: the bundled 5,000-digit subset, or a full ``mnist.npz`` you already have."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import numpy as np

from nnkit import arguments
from nnkit.bundled import data_dir, restore_hint

MNIST_5K = "mnist_5k.npz"
# SHA-256 of data/mnist_5k.npz, as data/README.md records it.
MNIST_5K_SHA256 = "a726012be374a1b1dfa0280e806b75e5e07d3ec17e08273236c3730ab36dbd13"
__all__ = ["MNIST_5K", "MNIST_5K_SHA256", "data_dir", "mnist", "bundled_digits_ok"]


def mnist(
    *,
    test_size: float | None = None,
    flat: bool = True,
    scale: bool = True,
    seed: int = 0,
    path: str | os.PathLike | None = None,
):
    """Load MNIST digits as ``(x_train, y_train), (x_test, y_test)``, like ``keras.datasets.mnist``.

    Without ``path``: the 5,000 bundled digits (500 per class), split into train and
    test with every class in the same proportion (stratified), shuffled with ``seed``.
    With ``path``: a full MNIST in Keras's ``mnist.npz`` format (arrays ``x_train``,
    ``y_train``, ``x_test``, ``y_test``) that you already have; its own split is kept.

    Args:
        test_size: fraction of the bundled digits held out for testing (default 0.2).
        flat: images as rows of 784 pixels (for Dense layers), else 28x28 arrays.
        scale: pixels as float32 in [0, 1], else the raw uint8 values 0..255.
        seed: the shuffle and split seed.
        path: a Keras-format ``mnist.npz`` to load instead of the bundled digits.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = mnist(test_size=0.1, flat=False, scale=False)
        >>> x_train.shape, x_train.dtype, int(x_train.max())
        ((4500, 28, 28), dtype('uint8'), 255)
    """
    flat = arguments.flag(flat, "flat", where="mnist")
    scale = arguments.flag(scale, "scale", where="mnist")
    seed = arguments.seed(seed, where="mnist")
    if path is None:
        test_size = 0.2 if test_size is None else test_size
        test_size = arguments.real_number(test_size, "test_size", where="mnist", above=0, below=1)
        images, labels = _load_bundled()
        (x_train, y_train), (x_test, y_test) = _stratified_split(images, labels, test_size, seed)
    else:
        file = arguments.path(path, "path", where="mnist")
        if test_size is not None:
            raise ValueError(
                "mnist: test_size applies to the bundled digits only; a full mnist.npz keeps its own "
                f"60,000/10,000 split. Received: test_size={test_size!r} with path={str(path)!r}. "
                "Fix: drop test_size."
            )
        (x_train, y_train), (x_test, y_test) = _load_keras_npz(file)
    return (_prepare(x_train, flat, scale), y_train.astype(np.int64)), (
        _prepare(x_test, flat, scale),
        y_test.astype(np.int64),
    )


def bundled_digits_ok() -> str | None:
    """``None`` when the bundled digits are present and pass their SHA-256, else what is wrong and the fix.

    Example:
        >>> bundled_digits_ok() is None
        True
    """
    file = data_dir() / MNIST_5K
    if not file.is_file():
        return f"The bundled digits {file} are missing. " + restore_hint(MNIST_5K)
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    if digest != MNIST_5K_SHA256:
        return (
            f"{file} is corrupted or was changed: its SHA-256 is {digest}, expected "
            f"{MNIST_5K_SHA256}. " + restore_hint(MNIST_5K)
        )
    return None


def _load_bundled():
    file = data_dir() / MNIST_5K
    problem = bundled_digits_ok()
    if problem is not None:
        raise (FileNotFoundError if not file.is_file() else OSError)(problem)
    with np.load(file, allow_pickle=False) as archive:
        return archive["images"], archive["labels"]


def _load_keras_npz(file: Path):
    if not file.is_file():
        raise FileNotFoundError(
            f"mnist: No MNIST file at path={str(file)!r}. Fix: pass the path of a Keras-format mnist.npz "
            "(e.g. ~/.keras/datasets/mnist.npz), or leave path out to use the bundled digits."
        )
    try:
        with np.load(file, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in ("x_train", "y_train", "x_test", "y_test")}
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as error:  # a truncated or foreign file
        raise ValueError(
            f"mnist: path={str(file)!r} is not a Keras-format mnist.npz (arrays x_train, y_train, x_test, "
            f"y_test of numbers), or it is truncated: {error}. Fix: pass the file "
            "keras.datasets.mnist.load_data() saves (download it again if it was cut short)."
        ) from None
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.ndim != 3 or x.shape[1:] != (28, 28) or len(x) != len(y):
            raise ValueError(
                f"mnist: path={str(file)!r}: x_{split} must have shape (n, 28, 28) with one label per image. "
                f"Received: x_{split}.shape={x.shape}, y_{split}.shape={y.shape}. "
                "Fix: pass the file keras.datasets.mnist.load_data() saves."
            )
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def _stratified_split(images, labels, test_size, seed):
    rng = np.random.default_rng(seed)
    train, test = [], []
    for digit in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == digit))
        n_test = int(round(test_size * len(members)))
        test.append(members[:n_test])
        train.append(members[n_test:])
    train = rng.permutation(np.concatenate(train))
    test = rng.permutation(np.concatenate(test))
    return (images[train], labels[train]), (images[test], labels[test])


def _prepare(images, flat, scale):
    images = images.reshape(len(images), -1) if flat else images
    return images.astype(np.float32) / 255.0 if scale else images
