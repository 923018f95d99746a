"""Datasets that work offline: the bundled MNIST digits and seeded toy sets.

Every loader returns NumPy arrays; nothing is downloaded and nothing is unpickled.

Example:
    >>> from nnkit import datasets
    >>> (x_train, y_train), (x_test, y_test) = datasets.mnist()
    >>> x_train.shape, x_test.shape
    ((4000, 784), (1000, 784))
"""

from nnkit.datasets.mnist import MNIST_5K_SHA256, data_dir, mnist
from nnkit.datasets.toy import TAG_NAMES, blobs, circles, digit_tags, sine, spirals, xor

__all__ = [
    "MNIST_5K_SHA256",
    "TAG_NAMES",
    "blobs",
    "circles",
    "data_dir",
    "digit_tags",
    "mnist",
    "sine",
    "spirals",
    "xor",
]
