"""Checkers for lesson 03, images as numbers and the linear classifier.

Each checker takes the student's answer and returns a Feedback; see
:mod:`nnkit.exercises.feedback`. Exercises 03.1 and 03.2 share a tiny
classifier: three classes of 2x2 images, whose numbers are below.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnkit.exercises.answers import as_array, expect_choice, expect_close, expect_function
from nnkit.exercises.feedback import Hint, NotAttempted, exercise, is_stub

# The tiny classifier of exercises 03.1 and 03.2: a 2x2 image in grey levels, W (3 classes x 4 pixels), b.
IMAGE_SMALL = ((0, 255), (51, 102))
W_SMALL = ((1.0, 2.0, 0.0, -1.0), (0.5, -1.0, 2.0, 1.0), (-2.0, 0.0, 1.0, 3.0))
B_SMALL = (0.1, 0.0, -0.5)


def _tiny_scores(image: Any = IMAGE_SMALL, *, scale: bool = True, order: str = "C", bias: bool = True):
    x = np.asarray(image, dtype=np.float64).reshape(-1, order=order) / (255.0 if scale else 1.0)
    return np.asarray(W_SMALL) @ x + (np.asarray(B_SMALL) if bias else 0.0)


@exercise(
    "03.1",
    "The scores of a tiny linear classifier",
    stars=1,
    where="section 2: x is the image flattened row by row and divided by 255, then out = W x + b.",
    example="W = [[1, 0], [0, 2]], b = [0.5, 0] and the 1x2 image [[255, 51]]: x = (1, 0.2), so "
    "out = (1 + 0.5, 0.4 + 0) = (1.5, 0.4).",
)
def tiny_scores(answer: Any) -> str | None:
    """Check ``out = W_small x + b_small`` for the 2x2 image, flattened row by row and divided by 255.

    Example:
        >>> tiny_scores([408.1, -51.0, 356.5])  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 03.1 ★☆☆ The scores of a tiny linear classifier: not yet, these scores are hundreds of
        times too large: the classifier reads the grey levels divided by 255, not 0..255.
    """
    out = as_array(answer, what="out_small")
    if out.size == 3:
        out = out.reshape(3)  # a row or a column of three scores is the same answer
    expect_close(
        out,
        _tiny_scores(),
        mistakes=[
            (
                _tiny_scores(scale=False),
                "these scores are hundreds of times too large: the classifier reads the grey levels "
                "divided by 255, not 0..255.",
            ),
            (
                _tiny_scores(scale=False) / 255.0,
                "the scores look scaled after the bias was added: divide the pixels by 255 first, then "
                "compute W x + b.",
            ),
            (_tiny_scores(bias=False), "you left out the bias: each class adds its own b_j to its score."),
            (
                _tiny_scores(order="F"),
                "the image was flattened column by column: pixel (row r, column c) of a 2x2 image is entry "
                "2r + c of x, row after row (image.reshape(4) does it).",
            ),
            (
                _tiny_scores(bias=False) - np.asarray(B_SMALL),
                "the bias is added, not subtracted: out = W x + b.",
            ),
        ],
        otherwise="score j is row j of W_small times x, plus b_small[j]: W_small @ x + b_small, with x the "
        "image flattened row by row and divided by 255.",
        digits=3,
        what="out_small",
    )
    return "the highest of the three scores is the class the classifier answers."


def _dense_layers(model: Any) -> list:
    import keras

    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


@exercise(
    "03.2",
    "The same scores from a Keras Dense layer",
    stars=2,
    where="section 2, 'Keras stores W transposed': a Dense kernel has shape (inputs, units) and computes "
    "x K + b with x a row.",
    example="a classifier of 2 classes on 3 pixels has W of shape (2, 3); Dense(2) on 3 inputs keeps the "
    "kernel K = W.T of shape (3, 2), whose column j holds row j of W, and the bias as it is, shape (2,).",
)
def keras_tiny(model: Any, kernel: Any = ..., bias: Any = ...) -> str | None:
    """Check ``tiny``, a Keras model of one linear Dense(3) layer on 4 inputs, and the arrays for its weights.

    ``kernel`` and ``bias`` are what ``tiny.set_weights([kernel, bias])`` takes: W_small
    transposed (Keras's layout) and b_small. The checker compares them before Keras
    sees them, so a wrong shape gets a hint rather than stopping the notebook; once
    they are right it loads them into the model, which then gives exercise 03.1's scores.

    Example:
        >>> import keras
        >>> tiny = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
        >>> keras_tiny(tiny, np.reshape(W_SMALL, (4, 3)), B_SMALL)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 03.2 ★★☆ The same scores from a Keras Dense layer: not yet, the kernel has the right shape
        but its numbers are in the wrong places: reshape keeps NumPy's row-by-row order, while Keras
        wants W turned on its side (transposed).
    """
    layer = _expect_one_linear_layer(model)
    if is_stub(kernel) or is_stub(bias):
        raise NotAttempted
    kernel = as_array(kernel, what="kernel_small")
    bias = as_array(bias, what="bias_small")
    W, b = np.asarray(W_SMALL), np.asarray(B_SMALL)
    if kernel.shape == W.shape:
        raise Hint(
            f"kernel_small has W_small's own shape {W.shape} (classes, pixels); a Keras kernel is "
            "(inputs, units), 4 rows and 3 columns: Keras would refuse it."
        )
    if kernel.shape != (4, 3):
        raise Hint(
            f"kernel_small has shape {kernel.shape}; for 4 pixels in and 3 scores out Keras keeps a kernel "
            "of shape (inputs, units) = (4, 3)."
        )
    if np.allclose(kernel, W.reshape(4, 3)):
        raise Hint(
            "the kernel has the right shape but its numbers are in the wrong places: reshape keeps "
            "NumPy's row-by-row order, while Keras wants W turned on its side (transposed)."
        )
    if not np.allclose(kernel, W.T, atol=1e-6):
        raise Hint(
            "the kernel does not hold W_small: kernel[i, j] is the weight of pixel i in the score of class j."
        )
    if bias.size == 3:
        bias = bias.reshape(3)
    if bias.shape != (3,):
        raise Hint(f"bias_small has shape {bias.shape}; Keras keeps one bias per unit, shape (3,).")
    if np.allclose(bias, 0.0) and not np.allclose(b, 0.0):
        raise Hint("the kernel is right but the bias is all zeros: it should hold b_small.")
    if not np.allclose(bias, b, atol=1e-6):
        raise Hint("the kernel is right but the bias is not b_small: each class adds its own b_j.")
    layer.set_weights([kernel.astype("float32"), bias.astype("float32")])
    scores = np.asarray(model(_tiny_scores_input()), dtype=np.float64).reshape(-1)
    return (
        "Keras keeps W transposed; loaded into tiny, it gives exercise 03.1's scores "
        + ", ".join(f"{score:.4g}" for score in scores)
        + "."
    )


def _tiny_scores_input() -> np.ndarray:
    return np.asarray(IMAGE_SMALL, dtype=np.float32).reshape(1, 4) / np.float32(255.0)


def _expect_one_linear_layer(model: Any) -> Any:
    """The model's one Dense layer, once it is a linear Dense(3) with a bias on 4 inputs; else a hint."""
    from nnkit.exercises.keras_answers import read_model

    answer = read_model(model)
    if len(answer.dense) != 1:
        raise Hint(
            f"the model has {len(answer.dense)} Dense layers; the linear classifier is one layer, "
            "W x + b, with nothing stacked on it."
        )
    layer = _dense_layers(model)[0]
    if int(layer.units) != 3:
        raise Hint(f"the Dense layer has {layer.units} units; the classifier gives one score per class: 3.")
    activation = getattr(layer.activation, "__name__", "linear")
    others = [
        getattr(other.activation, "__name__", "linear")
        for other in model.layers
        if other is not layer and hasattr(other, "activation")
    ]
    if any(name != "linear" for name in [activation, *others]):
        raise Hint(
            "the model applies an activation to the scores; the scores of a linear classifier are "
            "W x + b as they are, with no activation (Keras's default)."
        )
    if not layer.use_bias:
        raise Hint(
            "the layer has no bias (use_bias=False), while each class adds its own b_j: leave use_bias at "
            "its default, True."
        )
    if not layer.built:
        raise Hint("the layer has no weights yet: give the model its input shape, keras.Input(shape=(4,)).")
    if int(layer.kernel.shape[0]) != 4:
        raise Hint(
            f"the layer takes {layer.kernel.shape[0]} inputs; the classifier reads 4 pixels: "
            "keras.Input(shape=(4,))."
        )
    return layer


def _accuracy(scores: Any, labels: Any) -> float:
    scores, labels = np.asarray(scores), np.asarray(labels)
    return float(np.mean(scores.argmax(axis=1) == labels))


def _scores_and_labels(n: int, seed: int, right: float) -> tuple[np.ndarray, np.ndarray]:
    """``n`` rows of 10 scores and labels, about a fraction ``right`` of them at the top score."""
    rng = np.random.default_rng(seed)
    scores = rng.normal(0.0, 3.0, size=(n, 10))
    top = scores.argmax(axis=1)
    wrong = (top + rng.integers(1, 10, size=n)) % 10
    labels = np.where(rng.random(n) < right, top, wrong)
    if n > 2:  # never all right or all wrong, so every mistake shows
        labels[0], labels[1] = top[0], (top[1] + 1) % 10
    return scores, labels


ACCURACY_CASES = [_scores_and_labels(10, seed, right) for seed, right in [(1, 0.7), (2, 0.4), (3, 0.6)]]
ACCURACY_MORE = [_scores_and_labels(n, seed, 0.55) for n, seed in [(7, 4), (1000, 5), (3, 6)]]


@exercise(
    "03.3",
    "Accuracy from scores",
    stars=2,
    where="section 3: the predicted class is argmax over each row's scores (axis=1); the accuracy is the "
    "fraction of rows where it equals the label.",
    example="scores [[1, 3], [2, 0], [0, 1]] and labels [1, 1, 1]: predicted classes [1, 0, 1], matches "
    "[True, False, True], accuracy 2/3.",
)
def accuracy_from_scores(function: Any) -> str | None:
    """Check ``accuracy_of(scores, labels)``: the fraction of rows whose highest score is at the label.

    Example:
        >>> def error_rate(scores, labels):
        ...     return np.mean(np.argmax(scores, axis=1) != labels)
        >>> accuracy_from_scores(error_rate)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 03.3 ★★☆ Accuracy from scores: not yet, that is the fraction of digits the classifier gets
        wrong; the accuracy counts the ones it gets right.
    """
    mistakes = [
        (
            lambda s, y: np.mean(np.asarray(s).argmax(axis=0) == y),
            "the argmax runs down the columns (axis=0): each row is one digit, so take the highest score "
            "within each row (axis=1).",
        ),
        (
            lambda s, y: 1.0 - _accuracy(s, y),
            "that is the fraction of digits the classifier gets wrong; the accuracy counts the ones it "
            "gets right.",
        ),
        (
            lambda s, y: np.sum(np.asarray(s).argmax(axis=1) == y),
            "that is how many digits are right; the accuracy divides by the number of digits.",
        ),
        (
            lambda s, y: 100.0 * _accuracy(s, y),
            "that is a percentage; return a fraction between 0 and 1.",
        ),
        (
            lambda s, y: np.mean(np.asarray(s).max(axis=1) == y),
            "max gives the highest score itself; the predicted class is where it is (argmax).",
        ),
        (
            lambda s, y: np.mean(np.asarray(s).argmax(axis=1) + 1 == y),
            "the predicted class is off by one: argmax already counts classes from 0, like the labels.",
        ),
    ]
    otherwise = (
        "predict the class with the highest score in each row (argmax), compare with the labels, and "
        "return the fraction that match."
    )
    # Ten digits first: there a mix-up of rows and columns gives a number rather than an error.
    expect_function(
        function, _accuracy, ACCURACY_CASES, mistakes=mistakes, otherwise=otherwise, name="accuracy_of"
    )
    expect_function(
        function, _accuracy, ACCURACY_MORE, mistakes=mistakes[1:], otherwise=otherwise, name="accuracy_of"
    )
    return "it works for any number of digits."


@exercise(
    "03.4",
    "What the template of digit 0 looks for",
    stars=1,
    where="section 6: a score is the sum of weight times pixel, so ink on red (positive) weights raises it "
    "and ink on blue (negative) weights lowers it.",
    example="a template red on the left half and blue on the right rewards ink on the left and punishes ink "
    "on the right: it looks for a stroke on the left, and an empty right side.",
)
def template_of_zero(answer: Any) -> str | None:
    """Check the reading of row 0 of the trained W: ``"ring"``, ``"centre"``, ``"ink"`` or ``"mean"``.

    Example:
        >>> template_of_zero("centre")  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 03.4 ★☆☆ What the template of digit 0 looks for: not yet, look at the middle of the
        template: what colour are the weights there, and what does ink on them do to the score of class 0?
    """
    expect_choice(
        answer,
        "ring",
        options={
            "centre": "look at the middle of the template: what colour are the weights there, and what does "
            "ink on them do to the score of class 0?",
            "center": "look at the middle of the template: what colour are the weights there, and what does "
            "ink on them do to the score of class 0?",
            "ink": "not every weight is positive: ink on a blue pixel lowers the score, so more ink is not "
            "always better.",
            "mean": "compare it with the average 0 drawn above: the template is signed, and it has blue "
            "where the average 0 is simply blank.",
        },
    )
    return "ink on the ring raises the score of class 0, ink in the hole lowers it."
