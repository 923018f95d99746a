import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from nnkit import datasets

DATA = Path(__file__).resolve().parents[1] / "data"


def test_bundled_mnist_is_a_stratified_seeded_split():
    (x_train, y_train), (x_test, y_test) = datasets.mnist()
    assert x_train.shape == (4000, 784) and x_test.shape == (1000, 784)
    assert x_train.dtype == np.float32 and 0.0 <= x_train.min() and x_train.max() == 1.0
    assert np.bincount(y_train).tolist() == [400] * 10
    assert np.bincount(y_test).tolist() == [100] * 10
    (again, _), _ = datasets.mnist()
    np.testing.assert_array_equal(x_train, again)
    (other, _), _ = datasets.mnist(seed=1)
    assert not np.array_equal(x_train, other)


def test_train_and_test_do_not_overlap():
    (x_train, _), (x_test, _) = datasets.mnist(scale=False)
    train_rows = {row.tobytes() for row in x_train}
    assert sum(row.tobytes() in train_rows for row in x_test) <= 2  # MNIST itself has a few duplicates


def test_mnist_options():
    (x_train, y_train), (x_test, _) = datasets.mnist(test_size=0.1, flat=False, scale=False)
    assert x_train.shape == (4500, 28, 28) and x_test.shape == (500, 28, 28)
    assert x_train.dtype == np.uint8 and x_train.max() == 255
    assert y_train.dtype == np.int64


@pytest.mark.parametrize("test_size", [0, 1, 1.5, -0.1, "0.2", True])
def test_mnist_rejects_bad_test_size(test_size):
    with pytest.raises((TypeError, ValueError), match="test_size"):  # TypeError for "0.2" and True
        datasets.mnist(test_size=test_size)


def test_checksum_in_code_matches_file_and_readme():
    assert hashlib.sha256((DATA / "mnist_5k.npz").read_bytes()).hexdigest() == datasets.MNIST_5K_SHA256
    assert datasets.MNIST_5K_SHA256 in (DATA / "README.md").read_text()


def test_missing_file_names_it_and_how_to_restore(tmp_path, monkeypatch):
    monkeypatch.setenv("NNKIT_DATA", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=r"mnist_5k.npz.*git checkout -- data/mnist_5k.npz"):
        datasets.mnist()


def test_corrupted_file_is_refused(tmp_path, monkeypatch):
    damaged = bytearray((DATA / "mnist_5k.npz").read_bytes())
    damaged[1000] ^= 0xFF
    (tmp_path / "mnist_5k.npz").write_bytes(bytes(damaged))
    monkeypatch.setenv("NNKIT_DATA", str(tmp_path))
    with pytest.raises(OSError, match=r"corrupted.*build_mnist_5k.py"):
        datasets.mnist()


def write_keras_mnist(path, n_train=30, n_test=10):
    rng = np.random.default_rng(0)
    np.savez(
        path,
        x_train=rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        y_train=rng.integers(0, 10, n_train, dtype=np.uint8),
        x_test=rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        y_test=rng.integers(0, 10, n_test, dtype=np.uint8),
    )


def test_full_mnist_in_keras_format(tmp_path):
    path = tmp_path / "mnist.npz"
    write_keras_mnist(path)
    (x_train, y_train), (x_test, y_test) = datasets.mnist(path=path)
    assert x_train.shape == (30, 784) and x_test.shape == (10, 784)
    assert len(y_train) == 30 and len(y_test) == 10
    with np.load(path) as raw:
        np.testing.assert_array_equal(x_test, raw["x_test"].reshape(10, -1) / np.float32(255))
    with pytest.raises(ValueError, match="keeps its own"):
        datasets.mnist(path=path, test_size=0.2)


def test_keras_format_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="No MNIST file"):
        datasets.mnist(path=tmp_path / "absent.npz")
    wrong = tmp_path / "wrong.npz"
    np.savez(
        wrong,
        x_train=np.zeros((2, 5, 5)),
        y_train=np.zeros(2),
        x_test=np.zeros((1, 5, 5)),
        y_test=np.zeros(1),
    )
    with pytest.raises(ValueError, match=re.escape("(n, 28, 28)")):
        datasets.mnist(path=wrong)
    pickled = tmp_path / "pickled.npz"
    objects = np.array([{"a": 1}], dtype=object)
    np.savez(pickled, x_train=objects, y_train=objects, x_test=objects, y_test=objects)
    with pytest.raises(ValueError, match="not a Keras-format mnist.npz"):  # never unpickled
        datasets.mnist(path=pickled)


@pytest.mark.parametrize("generator", [datasets.xor, datasets.circles, datasets.blobs, datasets.spirals])
def test_toy_sets_are_seeded_two_class_planes(generator):
    x, y = generator(100, seed=3)
    assert x.shape == (100, 2) and y.shape == (100,)
    assert sorted(np.unique(y).tolist()) == [0, 1]
    again, _ = generator(100, seed=3)
    other, _ = generator(100, seed=4)
    np.testing.assert_array_equal(x, again)
    assert not np.array_equal(x, other)
    with pytest.raises(ValueError, match="n=1"):
        generator(1)


def test_xor_labels_are_sign_xor():
    x, y = datasets.xor(200, noise=0.0)
    np.testing.assert_array_equal(y, (x[:, 0] * x[:, 1] < 0).astype(int))


def test_blobs_rejects_bad_centers():
    with pytest.raises(ValueError, match="centers"):
        datasets.blobs(10, centers=[1, 2, 3])


def test_sine_is_a_1d_regression_set():
    x, y = datasets.sine(50, noise=0.0)
    assert x.shape == (50, 1) and y.shape == (50,)
    np.testing.assert_allclose(y, np.sin(2 * np.pi * x[:, 0]))


def test_digit_tags():
    tags = datasets.digit_tags(np.arange(10))
    assert datasets.TAG_NAMES == ("even", "greater_than_4", "closed_loop")
    assert tags[:, 0].tolist() == [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]
    assert tags[:, 1].tolist() == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    assert np.flatnonzero(tags[:, 2]).tolist() == [0, 6, 8, 9]
    with pytest.raises(ValueError, match="digits 0..9"):
        datasets.digit_tags([3, 12])
