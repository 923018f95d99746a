"""The playground's data: four generated sets, two or three MNIST digits in 2-D, or the user's points.

The generators and :func:`noisy_split` are plain NumPy on purpose: the exported Keras script
contains their source verbatim, so it rebuilds exactly the points the playground trained on.
Generated points come at unit scale and are stretched by ``SCALE``, as TensorFlow Playground's
data spans about -6..6 (so ``sin x1`` turns more than once across the plane).
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

SCALE = 5.0


def xor(n, classes, rng):
    """Uniform points in the square, class 1 where x1 and x2 have different signs.

    Example:
        >>> points, labels = xor(4, 2, np.random.default_rng(0))
        >>> bool(np.all(labels == (np.sign(points[:, 0]) != np.sign(points[:, 1]))))
        True
    """
    points = rng.uniform(-1, 1, size=(n, 2))
    labels = ((points[:, 0] > 0) != (points[:, 1] > 0)).astype(np.int64)
    return points, labels


def circles(n, classes, rng):
    """Concentric rings, class 0 outermost (radius 1), each next class on a smaller ring.

    Example:
        >>> points, labels = circles(6, 3, np.random.default_rng(0))
        >>> np.round(np.hypot(*points.T), 3).tolist(), labels.tolist()
        ([1.0, 0.667, 0.333, 1.0, 0.667, 0.333], [0, 1, 2, 0, 1, 2])
    """
    labels = np.arange(n) % classes
    angle = rng.uniform(0, 2 * np.pi, size=n)
    radius = 1 - labels / classes
    return radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]), labels


def gauss(n, classes, rng):
    """One Gaussian cloud per class, the centres evenly spaced on a circle of radius 0.5.

    Example:
        >>> points, labels = gauss(300, 2, np.random.default_rng(0))
        >>> np.round(points[labels == 0].mean(axis=0), 1).tolist()
        [0.4, 0.4]
    """
    labels = np.arange(n) % classes
    angle = 2 * np.pi * labels / classes + np.pi / 4
    centres = 0.5 * np.column_stack([np.cos(angle), np.sin(angle)])
    return centres + 0.2 * rng.normal(size=(n, 2)), labels


def spirals(n, classes, rng):
    """Interleaved spiral arms of 1.5 turns, one per class.

    Example:
        >>> points, labels = spirals(90, 3, np.random.default_rng(0))
        >>> points.shape, np.bincount(labels).tolist()
        ((90, 2), [30, 30, 30])
    """
    labels = np.arange(n) % classes
    t = rng.uniform(0.05, 1.0, size=n)
    angle = 3 * np.pi * t + 2 * np.pi * labels / classes
    return t[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]), labels


def noisy_split(points, labels, noise, scale, train_ratio, rng):
    """Add Gaussian noise, stretch by ``scale``, shuffle once and split into float32 train and test sets.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = noisy_split(np.zeros((10, 2)), np.arange(10) % 2, 0.0, 5.0,
        ...                                                    0.7, np.random.default_rng(0))
        >>> x_train.shape, x_test.dtype
        ((7, 2), dtype('float32'))
    """
    points = scale * (points + noise * rng.normal(size=points.shape))
    order = rng.permutation(len(points))
    n_train = round(train_ratio * len(points))
    train, test = order[:n_train], order[n_train:]
    return (points[train].astype(np.float32), labels[train]), (points[test].astype(np.float32), labels[test])


GENERATORS = {"xor": xor, "circles": circles, "gauss": gauss, "spirals": spirals}


@dataclasses.dataclass(frozen=True)
class PlaygroundData:
    """Train and test points (float32, (n, 2)), their labels 0..K-1, K, and the plane drawn around them."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    classes: int
    extent: tuple[float, float, float, float]  # x1 min, x1 max, x2 min, x2 max


def make_data(config) -> PlaygroundData:
    """The data a checked ``PlaygroundConfig`` describes: the same seed gives the same points.

    Example:
        >>> from nnkit.playground.config import PlaygroundConfig
        >>> data = make_data(PlaygroundConfig(dataset="spirals", classes=3, samples=90))
        >>> data.x_train.shape, data.x_test.shape, data.classes
        ((45, 2), (45, 2), 3)
    """
    points, labels = source_points(config)
    noise, scale = (0.0, 1.0) if config.dataset == "user" else (config.noise, SCALE)
    rng = np.random.default_rng(config.seed)
    if config.dataset in GENERATORS:
        points, labels = GENERATORS[config.dataset](config.samples, config.classes, rng)
    (x_train, y_train), (x_test, y_test) = noisy_split(points, labels, noise, scale, config.train_ratio, rng)
    both = np.concatenate([x_train, x_test])
    low, high = both.min(axis=0), both.max(axis=0)
    pad = 0.1 * np.maximum(high - low, 1e-6)
    extent = (
        float(low[0] - pad[0]),
        float(high[0] + pad[0]),
        float(low[1] - pad[1]),
        float(high[1] + pad[1]),
    )
    return PlaygroundData(x_train, y_train, x_test, y_test, config.class_count, extent)


def source_points(config):
    """The points the exported script embeds as numbers (MNIST, the user's), or ``(None, None)`` for a
    generated set, which the script generates itself.

    Example:
        >>> from nnkit.playground.config import PlaygroundConfig
        >>> source_points(PlaygroundConfig(dataset="xor"))
        (None, None)
    """
    if config.dataset == "user":
        return np.asarray(config.points, dtype=np.float64), np.asarray(config.labels, dtype=np.int64)
    if config.dataset == "mnist":
        return mnist_points(config.digits, config.samples, config.seed)
    return None, None


def mnist_points(digits: tuple[int, ...], n: int, seed: int):
    """``n`` bundled MNIST images of ``digits``, projected on their first two principal components.

    Labels are positions in ``digits`` (for digits (3, 8): 0 for a 3, 1 for an 8). The projection
    is scaled to [-1, 1] and rounded to 4 decimals, so the exported script can hold the points.

    Example:
        >>> points, labels = mnist_points((0, 1), 50, 0)
        >>> points.shape, float(np.abs(points).max()) <= 1, sorted(set(labels.tolist()))
        ((50, 2), True, [0, 1])
    """
    projected, digit_labels = _projection(tuple(digits))
    chosen = np.sort(np.random.default_rng(seed).choice(len(projected), size=n, replace=False))
    labels = np.array([digits.index(digit) for digit in digit_labels[chosen]], dtype=np.int64)
    return projected[chosen], labels


@functools.lru_cache(maxsize=8)
def _projection(digits: tuple[int, ...]):
    """Every bundled image of ``digits`` on the first two principal components (NumPy PCA), and its digit."""
    from nnkit.datasets import mnist

    (x_train, y_train), (x_test, y_test) = mnist(seed=0)
    images, digit_labels = np.concatenate([x_train, x_test]), np.concatenate([y_train, y_test])
    keep = np.isin(digit_labels, digits)
    centred = images[keep].astype(np.float64)
    centred -= centred.mean(axis=0)
    # The principal directions: the eigenvectors of the 784 x 784 scatter matrix with the largest
    # eigenvalues (eigh returns them in ascending order). Faster here than an SVD of the images.
    _, vectors = np.linalg.eigh(centred.T @ centred)
    components = vectors[:, [-1, -2]].T
    # An eigenvector's sign is arbitrary: fix it so the largest loading is positive, the same on every run.
    components *= np.sign(components[np.arange(2), np.abs(components).argmax(axis=1)])[:, None]
    projected = centred @ components.T
    projected = np.round(projected / np.abs(projected).max(), 4)
    projected.setflags(write=False)  # cached: shared by every call
    return projected, digit_labels[keep]
