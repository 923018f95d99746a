"""Checkers for lesson 14, beyond Dense layers: a convolutional network.

Each checker takes the student's answer and returns a Feedback; see
:mod:`nnkit.exercises.feedback`. The exercises' numbers live here too, so the
lesson and the tests use the same ones.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnkit.exercises.answers import as_number, expect_close
from nnkit.exercises.feedback import Hint, NotAttempted, exercise, is_stub

# Exercise 14.1: colour images of IMAGE_SIDE x IMAGE_SIDE x CHANNELS, then two Conv2D layers.
IMAGE_SIDE, CHANNELS = 32, 3
FIRST = (16, 5)  # Conv2D(16, kernel_size=5) on the image
SECOND = (32, 3)  # Conv2D(32, kernel_size=3) on the first layer's 16 feature maps

# Exercise 14.4: the lesson's network with 5x5 kernels in both Conv2D layers, a 2x2 pooling between them.
KERNEL_1, KERNEL_2, POOL = 5, 5, 2


def _conv(k: int, c_in: int, c_out: int) -> int:
    return k * k * c_in * c_out + c_out


@exercise(
    "14.1",
    "Parameters of two Conv2D layers",
    stars=2,
    where="the conv_params formula: k * k * c_in * c_out weights plus c_out biases.",
    example="Conv2D(4, kernel_size=2) on a 3-channel image has 2 * 2 * 3 * 4 + 4 = 52 parameters.",
)
def conv_parameters(first: Any, second: Any = ...) -> str:
    """Check the parameter counts of exercise 14.1's two Conv2D layers (``FIRST``, ``SECOND``).

    Example:
        >>> conv_parameters(1200, 4608)  # doctest: +ELLIPSIS
        ❌ Exercise 14.1 ★★☆ Parameters of two Conv2D layers: not yet, first layer: one number short...
    """
    if is_stub(second):
        raise NotAttempted
    p1, p2 = as_number(first, what="params_first"), as_number(second, what="params_second")
    (f1, k1), (f2, k2) = FIRST, SECOND
    right1, right2 = _conv(k1, CHANNELS, f1), _conv(k2, f1, f2)
    if np.isclose(p1, right2) and np.isclose(p2, right1):
        raise Hint("the two counts are the wrong way round: the first layer's count goes in params_first.")
    no_bias = "one number short per filter: each filter also has a bias, added once whatever its size."
    expect_close(
        p1,
        right1,
        mistakes=[
            (right1 - f1, f"first layer: {no_bias}"),
            (
                _conv(k1, 1, f1),
                "first layer: a filter spans all the channels of its input, and a colour image has 3 "
                "(red, green, blue): each filter has k·k weights *per input channel*.",
            ),
            (
                k1 * k1 * f1,
                "first layer: each filter has k·k weights per input channel (a colour image has 3), "
                "and one bias.",
            ),
            (k1 * CHANNELS * f1 + f1, "first layer: a 5x5 kernel has 5·5 weights per channel, not 5."),
            (
                (IMAGE_SIDE - k1 + 1) ** 2 * f1,
                "first layer: that counts the layer's *outputs* (positions times filters); the weights "
                "are shared by every position, so the image size does not enter.",
            ),
        ],
        otherwise="first layer: count one filter's weights (height · width · input channels), add its "
        "bias, then multiply by the number of filters.",
        rtol=0,
        atol=0.5,
        what="params_first",
    )
    expect_close(
        p2,
        right2,
        mistakes=[
            (right2 - f2, f"second layer: {no_bias}"),
            (
                _conv(k2, 1, f2),
                "second layer: its input has as many channels as the first layer has filters; each "
                "filter has k·k weights for *each* of those feature maps.",
            ),
            (
                _conv(k2, CHANNELS, f2),
                "second layer: its input is not the colour image any more but the first layer's "
                "feature maps: as many input channels as the first layer has filters.",
            ),
            (
                k2 * k2 * f2,
                "second layer: each filter has k·k weights per input channel (as many channels as the "
                "first layer has filters), and one bias.",
            ),
        ],
        otherwise="second layer: the same formula, k·k·c_in·c_out + c_out, with c_in the number of "
        "feature maps the first layer makes.",
        rtol=0,
        atol=0.5,
        what="params_second",
    )
    return "k·k·c_in weights and one bias per filter, whatever the size of the image."


def _output_layer(model: Any) -> tuple[int, str]:
    import keras

    last = model.layers[-1] if model.layers else None
    if not isinstance(last, keras.layers.Dense):
        raise Hint("the model should end with a Dense layer of one unit per digit class.")
    return int(last.units), getattr(last.activation, "__name__", str(last.activation))


@exercise(
    "14.2",
    "Repair a broken CNN",
    stars=2,
    where=(
        "the CNN of this lesson, cnn: keras.Input(shape=(28, 28, 1)), Conv2D, MaxPooling2D, "
        "Flatten, then Dense(10) for the logits."
    ),
    example=(
        "for 32x32 colour photos the model would start with keras.Input(shape=(32, 32, 3)) and "
        "still flatten before its Dense layer."
    ),
)
def repaired_cnn(model: Any) -> str:
    """Check a CNN for the 28x28x1 digits: Conv2D, a 10-wide output that agrees with its compiled loss.

    Example:
        >>> import keras
        >>> no_flatten = keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Conv2D(2, 3),
        ...                                keras.layers.MaxPooling2D(), keras.layers.Dense(10)])
        >>> no_flatten.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        >>> repaired_cnn(no_flatten)  # doctest: +ELLIPSIS
        ❌ Exercise 14.2 ★★☆ Repair a broken CNN: not yet, the model outputs shape (13, 13, 10) per digit...
    """
    import keras

    from nnkit import introspect

    if isinstance(model, type) or not isinstance(model, keras.Model):
        raise Hint(f"the answer should be a Keras model (keras.Sequential([...])); received {model!r:.60}.")
    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    if not convs:
        raise Hint("the model has no Conv2D layer any more: keep the convolution, repair what is around it.")
    try:
        input_shape = tuple(model.inputs[0].shape[1:])
    except (AttributeError, IndexError, ValueError, TypeError):
        raise Hint("the model has no input shape yet: start it with keras.Input(shape=...).") from None
    if None in input_shape or int(np.prod(input_shape)) != 784:
        raise Hint(
            f"the model expects inputs of shape {input_shape}, but a digit is 28x28 pixels with one "
            "channel (grey): 784 numbers."
        )
    conv_input = tuple(convs[0].input.shape[1:])
    if conv_input != (28, 28, 1):
        raise Hint(
            f"the first Conv2D reads shape {conv_input}; it slides its window over a grid with "
            "channels: height, width, channels."
        )
    output_shape = tuple(np.shape(model(np.zeros((2, *input_shape), dtype="float32"))))[1:]
    if len(output_shape) > 1:
        raise Hint(
            f"the model outputs shape {output_shape} per digit instead of 10 scores: the Dense layer "
            "is applied at every position of the feature maps. Turn the maps into one row of numbers first."
        )
    units, activation = _output_layer(model)
    if units != 10:
        raise Hint(f"the output layer has {units} units; a digit classifier needs one score per class.")
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        raise Hint("the model is not compiled yet: call model.compile(optimizer=..., loss=...) first.")
    loss, from_logits = introspect.loss_name(model), introspect.loss_from_logits(model)
    if loss != "sparsecategoricalcrossentropy":
        raise Hint(
            f"the loss is {loss}; the labels are class indices 0 to 9, one integer per digit, which "
            "is what the *sparse* categorical cross-entropy reads."
        )
    if activation == "softmax" and from_logits:
        raise Hint(
            "the output layer applies a softmax and the loss is told it receives logits: the softmax "
            "would be applied twice. Make one of them agree with the other (lesson 10)."
        )
    if activation in ("sigmoid", "relu"):
        raise Hint(
            f"a {activation} output does not give scores for exclusive classes: leave the last layer "
            "linear (logits) and let the loss apply the softmax."
        )
    if activation == "linear" and not from_logits:
        raise Hint(
            "the output layer gives logits, but the loss reads its input as probabilities: tell it "
            "with from_logits=True."
        )
    _expect_kept_layers(model)
    flattened = "GlobalAveragePooling2D" if any(
        "Global" in type(layer).__name__ for layer in model.layers) else "Flatten"
    if activation == "softmax":
        return "it works; lesson 10's advice is a linear output with from_logits=True, which is more exact."
    return (f"a grid in, Conv2D(8, 3) and pooling kept, {flattened} before the Dense layer, and logits "
            "that the loss knows are logits.")


def _expect_kept_layers(model: Any) -> None:
    """Hint unless the repaired CNN keeps the broken one's Conv2D(8, 3, relu), its bias and its pooling."""
    from nnkit.exercises.keras_answers import expect_bias, expect_layer, read_model

    answer = read_model(model)
    convs = answer.of_kind("conv")
    if len(convs) != 1:
        raise Hint(f"the model has {len(convs)} convolution layers; keep the classmate's one Conv2D(8, 3).")
    expect_layer(convs[0], "the convolution, as the classmate wrote it,", units=8, kernel_size=3,
                 activation="relu")
    expect_bias(answer)
    kinds = [layer.kind for layer in answer.layers]
    if "pooling" not in kinds[kinds.index("conv"):]:
        raise Hint("the pooling layer after the convolution is gone: keep MaxPooling2D(), it is not one of "
                   "the three mistakes.")


@exercise(
    "14.3",
    "CNN against MLP on 500 digits",
    stars=2,
    where=(
        "section 4's training cell: fit on grid_train[train] and flat_train[train], then "
        "evaluate(...)[1] on the test digits."
    ),
    example="evaluate returns [loss, accuracy], for instance [0.45, 0.87]: the accuracy is the [1].",
)
def small_training_set(accuracy_cnn: Any, accuracy_mlp: Any = ...) -> str:
    """Check two measured test accuracies of models trained on 500 digits: ranges that hold for any seed.

    Example:
        >>> small_training_set(87.0, 81.0)  # doctest: +ELLIPSIS
        ❌ Exercise 14.3 ★★☆ CNN against MLP on 500 digits: not yet, accuracies are fractions...
    """
    if is_stub(accuracy_mlp):
        raise NotAttempted
    cnn = as_number(accuracy_cnn, what="accuracy_cnn_500")
    mlp = as_number(accuracy_mlp, what="accuracy_mlp_500")
    if not (np.isfinite(cnn) and np.isfinite(mlp)):
        raise Hint("an accuracy is nan or inf: evaluate each trained model on the test digits.")
    if cnn > 1 or mlp > 1:
        raise Hint("accuracies are fractions from 0 to 1 here (0.9 is 90%), as evaluate returns them.")
    if cnn < 0 or mlp < 0:
        raise Hint("an accuracy cannot be negative: pass the accuracy from evaluate, not a loss or a gap.")
    if cnn < 0.3 or mlp < 0.3:
        raise Hint(
            "an accuracy near 0.1 is guessing among 10 digits: was that model trained (fit) before you "
            "evaluated it? Or is that number a loss, not an accuracy?"
        )
    if cnn == mlp:
        raise Hint("the two accuracies are exactly equal: did you evaluate the same model twice?")
    if min(cnn, mlp) > 0.86 and mlp >= cnn - 0.01:
        raise Hint(
            "both are high and the MLP is level with the CNN: that is what the 500 *training* digits "
            "give. Measure on the 1,000 test digits, which neither network has seen."
        )
    if cnn > 0.915 and mlp > 0.85:
        raise Hint(
            "these are higher than 500 training digits give on the test set: they look like the models "
            "of section 4, trained on all 4,000 digits, or like accuracies on the digits a model trained "
            "on. Train two fresh models on the first 500, then evaluate them on the 1,000 test digits."
        )
    if mlp - cnn > 0.05:
        raise Hint(
            "the MLP comes out far ahead. Check that both numbers are accuracies (evaluate returns [loss, "
            "accuracy]: take [1]), that the fresh CNN is compiled like cnn (the Adam optimizer, "
            "from_logits=True), and the order: the CNN's accuracy first, then the MLP's."
        )
    if not (0.6 < cnn < 0.93 and 0.5 < mlp < 0.9):
        raise Hint(
            "these accuracies are outside what 10 epochs on 500 digits give: check that each model is "
            "fresh, trained on the first 500 training digits, and evaluated on the 1,000 test digits."
        )
    return (
        f"with 500 digits the CNN is {100 * (cnn - mlp):+.1f} points from the MLP ({cnn:.3f} against "
        f"{mlp:.3f}): compare with the gap of section 4, with 4,000 digits."
    )


@exercise(
    "14.4",
    "The receptive field of a second-layer unit",
    stars=3,
    where=(
        "the receptive field reasoning above: going back, a conv layer adds k - 1 pixels and a "
        "2x2 pooling doubles the width."
    ),
    example=(
        "with 3x3 kernels a second-layer unit sees 3 pooled units, that is 6 first-layer units, "
        "that is 6 + 3 - 1 = 8 pixels."
    ),
)
def receptive_field(side: Any) -> str:
    """Check the side of the image window a second-layer unit sees with 5x5 kernels and a 2x2 pooling.

    Example:
        >>> receptive_field(9)  # doctest: +ELLIPSIS
        ❌ Exercise 14.4 ★★★ The receptive field of a second-layer unit: not yet, the pooling is missing...
    """
    value = as_number(side, what="side")
    right = POOL * (KERNEL_2 - 1) + POOL + KERNEL_1 - 1
    expect_close(
        value,
        right,
        mistakes=[
            (
                KERNEL_1 + KERNEL_2 - 1,
                "the pooling is missing: between the two convolutions each pooled unit stands for a 2x2 "
                "block of first-layer units, so one step of the second kernel moves 2 of them.",
            ),
            (8, "8 is the window of the lesson's 3x3 kernels; count again with 5x5 kernels in both layers."),
            (right - 1, "one row short: the last pooled unit in the window covers 2 first-layer rows, not 1"),
            (
                right + 1,
                "one row too many: neighbouring first-layer units see overlapping patches, so n units in "
                "a row with 5x5 patches cover n + 4 pixels, not 5n or n + 5.",
            ),
            (
                POOL * KERNEL_2,
                "that counts the first-layer units the second-layer unit reaches; each of them sees a "
                "5x5 patch of pixels, and neighbouring patches overlap.",
            ),
            (
                KERNEL_1,
                "that is the window of a *first*-layer unit; the second layer looks at a 5x5 window of "
                "pooled maps, each pooled unit at 2x2 first-layer units.",
            ),
            (right**2, "that is the number of pixels in the window; the exercise asks for its side."),
        ],
        otherwise="go back one layer at a time: 5 pooled units, then the first-layer units they pool, "
        "then the pixels those see. The gradient trick of the cell above checks any answer.",
        rtol=0,
        atol=0.01,
        what="side",
    )
    return "each layer going back adds its kernel's reach, and the pooling doubles everything above it."
