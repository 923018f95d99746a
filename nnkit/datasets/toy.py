"""Seeded toy datasets: TensorFlow Playground's 2-D sets, a 1-D regression, digit tags.

Each 2-D generator returns ``x`` of shape (n, 2) as float64 and ``y`` of
shape (n,) with integer labels; the same ``seed`` always gives the same data.
"""

from __future__ import annotations

import numpy as np

from nnkit import arguments

TAG_NAMES = ("even", "greater_than_4", "closed_loop")
_CLOSED_LOOP_DIGITS = (0, 6, 8, 9)  # 4 left out: handwritten 4s are mostly open at the top


def _check_n(n, where: str) -> int:
    return arguments.whole_number(n, "n", where=where, minimum=2)


def _generator(where: str, seed, **scales) -> np.random.Generator:
    """The seeded generator, once the seed and every scale (noise, std...) are checked."""
    for name, value in scales.items():
        arguments.real_number(value, name, where=where, at_least=0)
    return np.random.default_rng(arguments.seed(seed, where=where))


def xor(n: int = 200, *, noise: float = 0.0, seed: int = 0):
    """Points in [-1, 1]^2 labelled 1 where x1 and x2 have different signs (XOR of the signs).

    Example:
        >>> x, y = xor(4, seed=1)
        >>> x.shape, y.shape
        ((4, 2), (4,))
    """
    n = _check_n(n, "xor")
    rng = _generator("xor", seed, noise=noise)
    x = rng.uniform(-1, 1, size=(n, 2))
    y = ((x[:, 0] > 0) != (x[:, 1] > 0)).astype(np.int64)
    return x + noise * rng.normal(size=x.shape), y


def circles(n: int = 200, *, noise: float = 0.05, factor: float = 0.5, seed: int = 0):
    """Two concentric rings: label 0 on the outer ring (radius 1), label 1 on the inner one.

    Example:
        >>> x, y = circles(100, noise=0.0)
        >>> bool(np.allclose(np.hypot(*x[y == 1].T), 0.5))
        True
    """
    n = _check_n(n, "circles")
    rng = _generator("circles", seed, noise=noise, factor=factor)
    y = np.arange(n) % 2
    angle = rng.uniform(0, 2 * np.pi, size=n)
    radius = np.where(y == 1, factor, 1.0)
    x = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return x + noise * rng.normal(size=x.shape), y.astype(np.int64)


def blobs(n: int = 200, *, centers=((-1.0, -1.0), (1.0, 1.0)), std: float = 0.5, seed: int = 0):
    """Gaussian clouds, one per centre, labelled 0, 1, ... in the order of ``centers``.

    Example:
        >>> x, y = blobs(6, centers=[(0, 0), (5, 5), (0, 5)], std=0.1)
        >>> np.bincount(y).tolist()
        [2, 2, 2]
    """
    n = _check_n(n, "blobs")
    rng = _generator("blobs", seed, std=std)
    centers = arguments.numeric_array(centers, "centers", where="blobs")
    if centers.ndim != 2 or centers.shape[1] != 2:
        raise ValueError(
            f"blobs: centers must be a list of (x1, x2) points. Received: centers of shape {centers.shape}. "
            "Fix: pass e.g. centers=[(-1, -1), (1, 1)]."
        )
    y = np.arange(n) % len(centers)
    return centers[y] + std * rng.normal(size=(n, 2)), y.astype(np.int64)


def spirals(n: int = 200, *, noise: float = 0.05, turns: float = 1.5, seed: int = 0):
    """Two interleaved spirals, labels 0 and 1: not separable by any line.

    Example:
        >>> x, y = spirals(50)
        >>> sorted(set(y.tolist()))
        [0, 1]
    """
    n = _check_n(n, "spirals")
    rng = _generator("spirals", seed, noise=noise, turns=turns)
    y = np.arange(n) % 2
    t = rng.uniform(0.05, 1.0, size=n)
    angle = 2 * np.pi * turns * t + np.pi * y
    x = np.column_stack([t * np.cos(angle), t * np.sin(angle)])
    return x + noise * rng.normal(size=x.shape), y.astype(np.int64)


def sine(n: int = 200, *, noise: float = 0.1, seed: int = 0):
    """1-D regression: ``y = sin(2 pi x) + noise`` for x in [0, 1]; ``x`` has shape (n, 1).

    Example:
        >>> x, y = sine(5, noise=0.0)
        >>> bool(np.allclose(y, np.sin(2 * np.pi * x[:, 0])))
        True
    """
    n = _check_n(n, "sine")
    rng = _generator("sine", seed, noise=noise)
    x = np.sort(rng.uniform(0, 1, size=n))[:, None]
    return x, np.sin(2 * np.pi * x[:, 0]) + noise * rng.normal(size=n)


def digit_tags(labels):
    """Three independent yes/no tags per digit, for multilabel work: columns ``TAG_NAMES``.

    ``even``; ``greater_than_4``; ``closed_loop`` (0, 6, 8, 9). A digit can have
    any number of them: 8 has all three, 1 has none.

    Example:
        >>> digit_tags([8, 1]).tolist()
        [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]
    """
    labels = arguments.class_labels(labels, "labels", where="digit_tags")
    if labels.max() > 9:
        raise ValueError(
            "digit_tags: labels must be digits 0..9, one per image. "
            f"Received values such as {labels[labels > 9][:5].tolist()}. "
            "Fix: pass the class labels, e.g. y_train from nnkit.datasets.mnist()."
        )
    return np.column_stack([labels % 2 == 0, labels > 4, np.isin(labels, _CLOSED_LOOP_DIGITS)]).astype(
        np.float32
    )
