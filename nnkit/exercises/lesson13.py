"""Checkers for lesson 13, training an MLP end to end.

Each checker takes the student's answer and returns a Feedback; see
:mod:`nnkit.exercises.feedback`. The exercises' numbers live here too, so the
lesson and the tests use the same ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from nnkit.exercises.answers import as_array, call, expect_choice, expect_close, expect_function
from nnkit.exercises.feedback import Hint, NotAttempted, exercise

# Exercise 13.3: a confusion matrix of a classifier of four digits, 50 test digits of each.
CONFUSION_DIGITS = (3, 5, 8, 9)
CONFUSION = (
    (45, 2, 1, 2),
    (3, 41, 2, 4),
    (8, 1, 39, 2),
    (0, 3, 1, 46),
)


@exercise(
    "13.1",
    "Why epoch 1's training loss is the higher one",
    stars=1,
    where=(
        "how Keras reports an epoch's training loss: the mean of its batches' losses, each "
        "computed with the weights of that moment."
    ),
    example=(
        "a loss that falls from 2.0 to 0.6 during an epoch is reported near 1.2, though the "
        "weights at the end give 0.6."
    ),
)
def first_epoch_losses(answer: Any) -> str:
    """Check the choice that explains a training loss above the validation loss in epoch 1.

    Example:
        >>> first_epoch_losses("c")  # doctest: +ELLIPSIS
        ❌ Exercise 13.1 ★☆☆ Why epoch 1's training loss is the higher one: not yet, overfitting pushes ...
    """
    expect_choice(
        answer,
        "b",
        options={
            "a": "the 400 validation digits were cut from the same 4,000 as the training digits, drawn the "
            "same way: nothing makes them easier. Ask instead *when* each of the two losses is measured.",
            "c": "overfitting pushes the training loss *below* the validation loss (the network fits its own "
            "digits best), which is what happens in the later epochs, not in the first.",
            "d": "this model has no dropout and no regularisation term: its training loss is the plain "
            "cross-entropy. Ask instead *when*, during the epoch, each batch's loss is measured.",
        },
    )
    return "Keras averages the batches' losses over the epoch, while the weights are still improving."


def _early_stopping(val_loss: Any, patience: int, *, zero_based: bool = False, lookahead: bool = False,
                    late: bool = False, ties_improve: bool = False, swapped: bool = False) -> tuple[int, int]:
    """The reference (stop, best), 1-based; the options make the typical mistakes instead."""
    losses = [float(v) for v in val_loss]
    best, wait, stop = 0, 0, len(losses) - 1
    for epoch in range(1, len(losses)):
        if losses[epoch] < losses[best] or (ties_improve and losses[epoch] == losses[best]):
            best, wait = epoch, 0
        else:
            wait += 1
            if wait > patience if late else wait >= patience:
                stop = epoch
                break
    if lookahead:
        best = int(np.argmin(losses))
    shift = 0 if zero_based else 1
    result = (stop + shift, best + shift)
    return result[::-1] if swapped else result


def _stopping_inputs() -> list[tuple[Any, int]]:
    inputs: list[tuple[Any, int]] = [
        ([0.52, 0.38, 0.33, 0.31, 0.32, 0.30, 0.31, 0.33, 0.35, 0.34], 2),  # stops before a later best
        ([0.9, 0.7, 0.6, 0.5, 0.45, 0.41, 0.4, 0.39], 3),  # always improves: never stops
        ([0.5, 0.6, 0.7, 0.8, 0.9], 1),  # the first epoch is the best
        ([0.5, 0.4, 0.4, 0.4, 0.3, 0.2], 2),  # a tie is not an improvement
        ([1.0, 0.8, 0.85, 0.9, 0.7, 0.75, 0.8, 0.82, 0.6], 3),  # stops just before a better epoch
        (np.array([0.61, 0.47, 0.44, 0.45, 0.43, 0.46, 0.47, 0.48, 0.40], dtype=np.float32), 3),
        ([1.0, 0.5, 0.6], 2),  # never stops, and the best epoch is not the last one
        ([0.8, 0.6, 0.7, 0.5, 0.55, 0.58], 3),  # never stops either; best two epochs before the end
    ]
    rng = np.random.default_rng(13)
    for length, patience in [(12, 2), (20, 4), (30, 5)]:
        trend = 1.0 / np.arange(1, length + 1) + 0.02 * np.arange(length)
        inputs.append((list(trend + rng.normal(0, 0.03, size=length)), patience))
    return inputs


def _slip_in_some_branches(results, inputs, reference, mistakes) -> str | None:
    """The hint of a known slip made on some inputs only (one branch of the code), the rest right; or None.

    A slip in every branch is left to ``expect_function``; this finds the one that hides in a single branch
    (the histories that never stop, say), which would otherwise get the general hint.
    """
    wanted = [np.asarray(reference(*args), dtype=np.float64) for args in inputs]
    if all(got.shape == want.shape and np.array_equal(got, want)
           for got, want in zip(results, wanted, strict=True)):
        return None
    slips = [[np.asarray(wrong(*args), dtype=np.float64) for args in inputs] for wrong, _ in mistakes]
    for (_, hint), slip in zip(mistakes, slips, strict=True):  # a slip made everywhere first
        if all(got.shape == bad.shape and np.array_equal(got, bad)
               for got, bad in zip(results, slip, strict=True)):
            return hint
    for (_, hint), slip in zip(mistakes, slips, strict=True):
        if all(
            got.shape == want.shape and (np.array_equal(got, want) or np.array_equal(got, bad))
            for got, want, bad in zip(results, wanted, slip, strict=True)
        ):
            return hint
    return None


@exercise(
    "13.2",
    "The epoch early stopping keeps",
    stars=2,
    where=(
        "the EarlyStopping description above: an improvement is a loss below every earlier one; "
        "count the epochs since the last."
    ),
    example=(
        "val_loss = [0.5, 0.4, 0.45, 0.47] with patience 2: the best is epoch 2, then two epochs "
        "without improvement, so it stops after epoch 4 and keeps epoch 2."
    ),
)
def early_stopping(function: Any) -> str:
    """Check ``early_stopping(val_loss, patience)``: (stop, best), both counted from 1, on many histories.

    Example:
        >>> def starting_at_zero(val_loss, patience):
        ...     stop, best = _early_stopping(val_loss, patience)
        ...     return stop - 1, best - 1
        >>> early_stopping(starting_at_zero)  # doctest: +ELLIPSIS
        ❌ Exercise 13.2 ★★☆ The epoch early stopping keeps: not yet, your epochs are one too low ...
    """
    inputs = _stopping_inputs()

    def variant(**mistake: bool) -> Callable[..., tuple[int, int]]:
        return lambda val_loss, patience: _early_stopping(val_loss, patience, **mistake)

    results = [as_array(call(function, *args, name="early_stopping"), what="what early_stopping returns")
               for args in inputs]
    mistakes = [
            (
                variant(zero_based=True),
                "your epochs are one too low everywhere: Python counts list positions from 0, but Keras "
                "prints (and the exercise asks for) epochs counted from 1, \"Epoch 1/10\".",
            ),
            (
                variant(lookahead=True),
                "your best epoch is sometimes after the stop: once training has stopped, the later epochs "
                "never happen, so the best epoch is the lowest loss *up to* the stop.",
            ),
            (
                variant(late=True),
                "you stop one epoch late: with patience p, training stops at the p-th epoch in a row "
                "without improvement, not after p + 1 of them.",
            ),
            (
                variant(ties_improve=True),
                "a loss equal to the best so far is not an improvement: only a strictly lower loss resets "
                "the count.",
            ),
            (variant(swapped=True), "the two numbers are the wrong way round: return (stop, best)."),
            (
                variant(zero_based=True, lookahead=True),
                "two slips: epochs are counted from 1, and the best epoch can only be one seen before "
                "the stop.",
            ),
    ]
    hint = _slip_in_some_branches(results, inputs, _early_stopping, mistakes)
    if hint is not None:
        raise Hint(hint)
    answers = iter(results)
    expect_function(
        lambda *args: next(answers),
        _early_stopping,
        inputs,
        mistakes=mistakes,
        otherwise="walk through the losses in order, keeping the best so far and how many epochs in a row "
        "failed to beat it; stop when that count reaches the patience (and when it never does, the last "
        "epoch is the stop).",
        name="early_stopping",
    )
    return "the stop comes `patience` epochs after the last improvement, whose weights are the ones kept."


@exercise(
    "13.3",
    "Read a confusion matrix",
    stars=1,
    where=(
        "reading a confusion matrix: rows are the true digits, columns the predicted ones, the "
        "diagonal the right answers."
    ),
    example=(
        "in [[9, 1], [3, 7]] for the digits (1, 7), the largest mistake is the 3: a true 7 "
        "predicted as 1, the pair (7, 1)."
    ),
)
def most_confused(pair: Any) -> str:
    """Check (true digit, predicted digit) of the largest off-diagonal entry of ``CONFUSION``.

    Example:
        >>> most_confused((9, 9))  # doctest: +ELLIPSIS
        ❌ Exercise 13.3 ★☆☆ Read a confusion matrix: not yet, that pair is on the diagonal: ...
    """
    matrix = np.array(CONFUSION)
    digits = list(CONFUSION_DIGITS)
    value = as_array(pair, what="pair")
    if value.size == 1:
        raise Hint("one number is not a pair: give (true digit, predicted digit), two numbers.")
    off = matrix.copy()
    np.fill_diagonal(off, -1)
    row, col = np.unravel_index(off.argmax(), off.shape)
    best_row = int(matrix.diagonal().argmax())
    worst_row = int(matrix.diagonal().argmin())
    expect_close(
        value,
        (digits[row], digits[col]),
        mistakes=[
            (
                (digits[col], digits[row]),
                "the right cell, read the wrong way round: rows are the true digit, columns the "
                "predicted one, so give (row's digit, column's digit).",
            ),
            ((row, col), "those are the row and column positions, counted from 0; the rows and columns stand "
             "for the digits 3, 5, 8 and 9."),
            ((col, row), "those are positions counted from 0, and in the wrong order: rows are the true "
             "digit (3, 5, 8, 9), columns the predicted one."),
            (
                (digits[best_row], digits[best_row]),
                "that pair is on the diagonal: those are the digits the classifier got *right*. A confusion "
                "is off the diagonal.",
            ),
            (
                (digits[worst_row], digits[worst_row]),
                "that pair is on the diagonal: the least accurate digit, but a confusion is a pair of "
                "different digits, off the diagonal.",
            ),
        ],
        otherwise="look off the diagonal for the largest count; its row is the true digit, its column the "
        "predicted one.",
        rtol=0,
        atol=0,
        what="pair",
    )
    return "rows are what the digit was, columns what the classifier said; the diagonal is what it got right."


def _softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # equal to 1 / (1 + e^-z), and never overflows


def _backward(x, y, W1, b1, W2, b2, *, scale: str = "mean", hidden: str = "sigmoid'", sign: float = 1.0,
              bias: str = "sum") -> list[np.ndarray]:
    """The reference gradients [dW1, db1, dW2, db2]; the options make the typical mistakes instead."""
    m = len(x)
    z1 = x @ W1 + b1
    h = _sigmoid(z1)
    z2 = h @ W2 + b2
    a2 = _softmax(z2)
    delta2 = sign * (a2 - np.eye(W2.shape[1])[y])
    if scale == "mean":
        delta2 = delta2 / m
    slope = {
        "sigmoid'": h * (1 - h),
        "relu'": (z1 > 0).astype(float),
        "sigmoid": h,
        "sigmoid' of h": _sigmoid(h) * (1 - _sigmoid(h)),
        "none": 1.0,
    }[hidden]
    delta1 = (delta2 @ W2.T) * slope
    reduce = (lambda d: d.sum(axis=0)) if bias == "sum" else (lambda d: d.mean(axis=0))
    return [x.T @ delta1, reduce(delta1), h.T @ delta2, reduce(delta2)]


def _network_inputs() -> list[tuple[np.ndarray, ...]]:
    """Batches and weights of several shapes (no square matrices, so a missing transpose shows)."""
    rng = np.random.default_rng(1313)
    inputs = []
    # (m, inputs, hidden units, outputs, scale of W2); the last gives logits in the hundreds, where an
    # unshifted exp overflows.
    shapes = [(6, 5, 4, 3, 1.0), (8, 7, 3, 10, 1.0), (1, 4, 6, 2, 1.0), (32, 12, 9, 5, 1.0),
              (5, 3, 8, 4, 300.0)]
    for m, n_in, n_hidden, n_out, scale in shapes:
        x = rng.normal(size=(m, n_in))
        y = rng.integers(0, n_out, size=m)
        W1, b1 = rng.normal(size=(n_in, n_hidden)), rng.normal(size=n_hidden)
        W2, b2 = scale * rng.normal(size=(n_hidden, n_out)), rng.normal(size=n_out)
        inputs.append((x, y, W1, b1, W2, b2))
    return inputs


_TRANSPOSE = (
    "check the transposes: z = a W + b with one row per sample in a, so dJ/dW = aᵀ δ (shape of W) and "
    "the error goes back through W as δ Wᵀ."
)


# The lines of exercise 13.4's function that the student edition keeps: the forward pass.
_FORWARD_NAMES = {"m", "z1", "h", "z2", "a2"}


def _forward_pass_only(function: Any) -> bool:
    """Whether ``function`` is still the student edition's stub: the forward pass and nothing else."""
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):  # a lambda, a built-in, code with no source to read
        return False
    definition = tree.body[0] if tree.body else None
    if not isinstance(definition, ast.FunctionDef):
        return False
    body = [node for node in definition.body
            if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]
    return all(
        isinstance(node, ast.Assign)
        and all(isinstance(target, ast.Name) and target.id in _FORWARD_NAMES for target in node.targets)
        for node in body
    )


@exercise(
    "13.4",
    "One backward pass, written out",
    stars=3,
    where=(
        "the relu network's backward pass above: delta2 = (a2 - one-hot y) / m, dW2 = h.T @ "
        "delta2, delta1 = delta2 @ W2.T times the activation's derivative."
    ),
    example="for a sigmoid hidden unit with h = 0.8, the derivative sigma'(z1) = h (1 - h) = 0.16.",
)
def backward_pass(function: Any) -> str:
    """Check ``backward(x, y, W1, b1, W2, b2)`` of a sigmoid-hidden, softmax-output network on many batches.

    Example:
        >>> backward_pass(lambda *args: _backward(*args, hidden="relu'"))  # doctest: +ELLIPSIS
        ❌ Exercise 13.4 ★★★ One backward pass, written out: not yet, that is the ReLU's derivative, ...
    """
    if _forward_pass_only(function):
        raise NotAttempted
    inputs = _network_inputs()
    names = ("dW1", "db1", "dW2", "db2")
    results = []
    for args in inputs:
        try:
            result = call(function, *args, name="backward")
        except Hint as hint:
            if "matmul" in str(hint) or "shapes" in str(hint) or "align" in str(hint):
                raise Hint(f"{hint} {_TRANSPOSE}") from None
            raise
        if isinstance(result, dict) or not hasattr(result, "__len__") or len(result) != 4:
            raise Hint("backward should return four gradients, in this order: return dW1, db1, dW2, db2.")
        arrays = [as_array(result[k], what=f"the {name} backward returns") for k, name in enumerate(names)]
        x, y, W1, b1, W2, b2 = args
        for array, name, like in zip(arrays, names, (W1, b1, W2, b2), strict=True):
            if array.shape == like.shape:
                continue
            if array.ndim == 2 and array.shape == like.shape[::-1]:
                raise Hint(f"{name} has the shape of its weights transposed. {_TRANSPOSE}")
            if like.ndim == 1 and array.shape == (len(x), like.size):
                raise Hint(f"{name} has one row per sample: a bias gradient adds δ up over the samples "
                           "(axis 0), giving one number per unit.")
            raise Hint(f"{name} has shape {array.shape}; it should have the shape of the parameter it "
                       f"belongs to, {like.shape}.")
        results.append(np.concatenate([a.ravel() for a in arrays]))
    answers = iter(results)

    def packed(*args: Any) -> np.ndarray:
        return np.concatenate([g.ravel() for g in _backward(*args)])

    def mistake(**options: Any) -> Callable[..., np.ndarray]:
        return lambda *args: np.concatenate([g.ravel() for g in _backward(*args, **options)])

    expect_function(
        lambda *args: next(answers),
        packed,
        inputs,
        mistakes=[
            (
                mistake(scale="sum"),
                "your gradients are m times too big (m = the batch size): J is the *mean* loss over the "
                "batch, so the output error δ2 carries a 1/m.",
            ),
            (
                mistake(hidden="relu'"),
                "that is the ReLU's derivative, from the network of the lesson; this hidden layer is a "
                "sigmoid, whose derivative is written with its own output.",
            ),
            (
                mistake(hidden="sigmoid"),
                "between δ Wᵀ and the hidden layer's z you multiplied by σ(z) itself; the chain rule needs "
                "its derivative, σ'(z).",
            ),
            (
                mistake(hidden="sigmoid' of h"),
                "σ' is taken at z1, not at h: h = σ(z1) is already the sigmoid's output, so σ'(z1) is "
                "written with h directly.",
            ),
            (
                mistake(hidden="none"),
                "the hidden layer's gradients skip its activation: going back from h to z1 multiplies by "
                "the sigmoid's derivative.",
            ),
            (
                mistake(sign=-1.0),
                "the sign is flipped: the cross-entropy of a softmax has dJ/dz2 = (a − y)/m, not (y − a)/m.",
            ),
            (
                mistake(bias="mean"),
                "the bias gradients are m times too small: δ already carries the 1/m, so db adds δ up over "
                "the samples instead of averaging it again.",
            ),
        ],
        otherwise="go back one layer at a time: δ2 = dJ/dz2 first, then dW2 and db2 from it, then δ1 through "
        "W2 and the sigmoid, then dW1 and db1.",
        name="backward",
    )
    return "δ2, then the second layer's gradients, then δ1 back through W2ᵀ and σ', then the first layer's."
