"""Checkers for lesson 11, multiclass vs multilabel.

Each checker takes the student's answer and returns a Feedback; see
:mod:`nnkit.exercises.feedback`.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from nnkit.exercises.answers import as_array, call, expect_choice, expect_close
from nnkit.exercises.feedback import Hint, NotAttempted, exercise, is_stub
from nnkit.exercises.keras_answers import expect_bias, expect_compiled, expect_layer, read_model

# --- 11.1 Multi-hot targets from tag lists -----------------------------------------------------------

# (tag lists, number of tags): the digits' own tags, then cases the exercise never showed.
TAG_CASES = (
    ([[0, 2], [], [0, 1, 2], [1]], 3),
    ([[4], [0, 4], [], [2, 2], [3, 1, 0]], 5),
    ([[9, 0, 5], [], [], [1], [8, 7, 6, 5, 4, 3, 2, 1, 0, 9]], 10),
    ([[], []], 2),
)


def _multi_hot(tag_lists, n_tags):
    targets = np.zeros((len(tag_lists), n_tags))
    for row, tags in enumerate(tag_lists):
        targets[row, np.asarray(list(tags), dtype=int)] = 1.0
    return targets


def _first_tag_only(tag_lists, n_tags):
    targets = np.zeros((len(tag_lists), n_tags))
    for row, tags in enumerate(tag_lists):
        if len(tags):
            targets[row, tags[0]] = 1.0
    return targets


def _last_tag_only(tag_lists, n_tags):
    targets = np.zeros((len(tag_lists), n_tags))
    for row, tags in enumerate(tag_lists):
        if len(tags):
            targets[row] = np.eye(n_tags)[tags[-1]]
    return targets


def _argmax_one_hot(tag_lists, n_tags):
    return np.eye(n_tags)[_multi_hot(tag_lists, n_tags).argmax(axis=1)]


def _counts(tag_lists, n_tags):
    targets = np.zeros((len(tag_lists), n_tags))
    for row, tags in enumerate(tag_lists):
        np.add.at(targets[row], np.asarray(list(tags), dtype=int), 1.0)
    return targets


def _one_based(tag_lists, n_tags):
    return np.roll(_multi_hot(tag_lists, n_tags), -1, axis=1)  # column t - 1: tag 0 lands in the last


_TAG_MISTAKES = (
    (
        _argmax_one_hot,
        "your rows are one-hot: one 1 per row, even for a sample with no tag. That is argmax's view of the "
        "tags; a multi-hot row has a 1 for every tag of the sample, and none for a sample without tags.",
    ),
    (
        _first_tag_only,
        "each row keeps only the first tag of its list; a sample can carry several tags, and each needs "
        "its own 1.",
    ),
    (
        _last_tag_only,
        "each row keeps only the last tag of its list: building the row anew for every tag overwrites "
        "the tags before it. Set the 1s in one row that you keep.",
    ),
    (
        _counts,
        "a tag listed twice gives a 2: the row counts tags. Multi-hot rows hold 0 or 1 (the tag applies "
        "or not), so set the entry to 1 rather than adding 1.",
    ),
    (
        _one_based,
        "every 1 sits one column to the left of its tag: tag number t belongs in column t, and columns "
        "count from 0 (tag 0 is the first column).",
    ),
)


def _all_equal(results, wanted):
    pairs = zip(results, wanted, strict=True)
    return all(got.shape == want.shape and np.array_equal(got, want) for got, want in pairs)


def _try(function, tag_lists, n_tags):
    """The function's result, or None if it raised (its error is looked at by the caller)."""
    try:
        return function(copy.deepcopy(tag_lists), n_tags)
    except Exception:
        return None


@exercise(
    "11.1",
    "Multi-hot targets from tag lists",
    stars=2,
    where=(
        "the table of multi-hot targets above: one row per sample, one column per tag, a 1 where "
        "the sample has the tag."
    ),
    example="multi_hot([[1], [0, 1]], 2) gives [[0, 1], [1, 1]].",
)
def multi_hot(function: Any) -> str | None:
    """Check ``multi_hot(tag_lists, n_tags)``: one float row per sample, a 1 in each of its tags' columns.

    Example:
        >>> def first_only(tag_lists, n_tags):
        ...     rows = np.zeros((len(tag_lists), n_tags))
        ...     for row, tags in enumerate(tag_lists):
        ...         if tags:
        ...             rows[row, tags[0]] = 1.0
        ...     return rows
        >>> multi_hot(first_only)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 11.1 ★★☆ Multi-hot targets from tag lists: not yet, each row keeps only the first tag
        of its list; a sample can carry several tags, and each needs its own 1.
    """
    if is_stub(function):
        raise NotAttempted
    if not callable(function):
        raise Hint(f"multi_hot should be a function (def ...); received {type(function).__name__}.")
    if _try(function, [[0]], 3) is not None:
        if _try(function, [[2]], 3) is None:
            raise Hint(
                "your function fails when a sample has the last tag: tag number t goes in column t, "
                "and columns count from 0, so n_tags tags fill columns 0 to n_tags - 1."
            )
        if _try(function, [[]], 3) is None:
            raise Hint(
                "your function fails on a sample with no tag (an empty list); such a sample is a row of "
                "zeros, which is exactly what a multi-hot row allows."
            )
    raw = [call(function, copy.deepcopy(tags), n, name="multi_hot") for tags, n in TAG_CASES]
    results = [as_array(result, what="what multi_hot returns") for result in raw]
    expected = [_multi_hot(tags, n) for tags, n in TAG_CASES]
    if not _all_equal(results, expected):
        for wrong, hint in _TAG_MISTAKES:
            if _all_equal(results, [wrong(tags, n) for tags, n in TAG_CASES]):
                raise Hint(hint)
        for got, want, (tags, n) in zip(results, expected, TAG_CASES, strict=True):
            if got.shape == want.T.shape and np.array_equal(got, want.T) and got.shape != want.shape:
                raise Hint(
                    f"your array is transposed: shape {got.shape} for {len(tags)} samples and {n} tags. "
                    "Keras wants one row per sample, shape (samples, n_tags)."
                )
            if got.shape != want.shape:
                raise Hint(
                    f"for {len(tags)} samples and {n} tags your function returns shape {got.shape}; "
                    "it should return one row per sample and one column per tag."
                )
        raise Hint(
            "some rows are wrong: start from a row of n_tags zeros for each sample and put a 1 in "
            "the column of each of its tags."
        )
    for result in raw:
        array = result.numpy() if hasattr(result, "numpy") and callable(result.numpy) else np.asarray(result)
        if not np.issubdtype(array.dtype, np.floating):
            raise Hint(
                f"the 0s and 1s are in the right places, but the array's dtype is {array.dtype}. The targets "
                "meet the model's float outputs in the loss: give them a float dtype, e.g. np.zeros(..., "
                "dtype='float32')."
            )
    return "each row has a 1 for every tag its sample carries, from none to all."


# --- 11.2 What the threshold does ---------------------------------------------------------------------

THRESHOLDS = (0.2, 0.5, 0.8)


@exercise(
    "11.2",
    "Tags handed out at three thresholds",
    stars=2,
    where=(
        "the threshold cell: p_tags >= threshold is an array of True and False, and .sum() counts"
        " the Trues."
    ),
    example=(
        "p = [[0.3, 0.9], [0.6, 0.1]] at the threshold 0.5 gives [[False, True], [True, False]]: "
        "2 tags."
    ),
)
def tags_at_thresholds(answer: Any, probabilities: Any = None) -> str | None:
    """Check the number of tags predicted on the test digits at each of the thresholds 0.2, 0.5 and 0.8.

    ``probabilities`` is the sigmoid model's output on the test digits, shape (samples, tags).

    Example:
        >>> p = np.array([[0.9, 0.3, 0.1], [0.6, 0.55, 0.85]])
        >>> tags_at_thresholds([2, 2, 2], p)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 11.2 ★★☆ Tags handed out at three thresholds: not yet, your three counts are equal:
        compare the probabilities with each threshold in turn, not three times with the same one.
    """
    if is_stub(answer):
        raise NotAttempted
    if probabilities is None:
        raise Hint("pass the model's probabilities too: check.tags_at_thresholds(tags_given, p_tags).")
    p = as_array(probabilities, what="the probabilities")
    if p.ndim != 2:
        raise Hint(f"the probabilities should have one row per test digit; received shape {p.shape}.")
    value = as_array(answer, what="tags_given")
    expected = np.array([(p >= t).sum() for t in THRESHOLDS], dtype=float)
    strict = np.array([(p > t).sum() for t in THRESHOLDS], dtype=float)
    if value.shape == expected.shape and np.array_equal(value, strict):
        return _threshold_praise()
    per_tag = np.array([(p >= t).sum(axis=0) for t in THRESHOLDS], dtype=float)
    if value.shape == per_tag.shape and value.shape != expected.shape and np.array_equal(value, per_tag):
        raise Hint("these are counts per tag; give one total per threshold (sum over the tags too).")
    if value.shape == expected.shape and np.all(value == value.flat[0]) and len(set(expected)) > 1:
        raise Hint(
            "your three counts are equal: compare the probabilities with each threshold in turn, not three "
            "times with the same one."
        )
    fractions = {
        "pairs": (
            np.array([(p >= t).mean() for t in THRESHOLDS]),
            "those are fractions of all (digit, tag) pairs; the exercise asks for the number of tags given.",
        ),
        "digits": (
            np.array([(p >= t).any(axis=1).mean() for t in THRESHOLDS]),
            "those are fractions of the "
            "digits that get some tag; the exercise asks for the number of tags given.",
        ),
    }
    for wrong, hint in fractions.values():
        if value.shape == wrong.shape and np.allclose(value, wrong, rtol=1e-3, atol=1e-9):
            raise Hint(hint)
    expect_close(
        value,
        expected,
        mistakes=[
            (
                [(p >= t).any(axis=1).sum() for t in THRESHOLDS],
                "that counts the test digits that get at least one tag; count the tags themselves "
                "(a digit given three tags counts three times).",
            ),
            (
                [(p < t).sum() for t in THRESHOLDS],
                "those are the tags the model does not give: a tag is given when its probability is at "
                "least the threshold.",
            ),
        ],
        otherwise="for each threshold t, count the entries of the probability array that are >= t.",
        rtol=0,
        atol=0.5,
        what="tags_given",
    )
    return _threshold_praise()


def _threshold_praise() -> str:
    return (
        "the lower the threshold, the more tags: more of the true tags are found, and more false ones "
        "come with them. The threshold trades one kind of error for the other."
    )


# --- 11.3 A model for independent labels --------------------------------------------------------------

N_MOODS, N_FEATURES = 5, 20


@exercise(
    "11.3",
    "A model for five independent moods",
    stars=2,
    where=(
        "this lesson's multilabel model: one sigmoid output per label, compiled with "
        "BinaryCrossentropy."
    ),
    example=(
        "3 independent labels from 10 features: keras.Input(shape=(10,)), the hidden layers, then"
        " Dense(3, activation=\"sigmoid\")."
    ),
)
def mood_model(model: Any) -> str | None:
    """Check a compiled Keras model with 5 independent outputs: sigmoid + binary cross-entropy (or logits).

    Example:
        >>> import keras
        >>> wrong = keras.Sequential([keras.Input(shape=(20,)), keras.layers.Dense(16, activation="relu"),
        ...                           keras.layers.Dense(5, activation="softmax")])
        >>> wrong.compile(loss="categorical_crossentropy")
        >>> mood_model(wrong)  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 11.3 ★★☆ A model for five independent moods: not yet, a softmax output makes the moods
        compete for one unit of probability, so a song could never be both calm and happy.
    """
    answer = read_model(model)
    expect_compiled(answer)
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):  # a model that was never built has no inputs yet
        inputs = None
    if inputs:
        width = inputs[0].shape[-1]
        if width is not None and width != N_FEATURES:
            raise Hint(f"the model takes {width} inputs per song; each song has {N_FEATURES} features.")
    hidden = answer.dense_layers[:-1]
    if len(hidden) != 1:
        raise Hint(
            f"the model has {len(hidden)} hidden Dense layer(s); the exercise asks for one, "
            "Dense(16, activation=\"relu\"), before the output layer."
        )
    expect_layer(hidden[0], "the hidden layer", units=16, activation="relu")
    expect_bias(answer)
    units, activation = answer.dense[-1]
    if activation == "softmax":
        raise Hint(
            "a softmax output makes the moods compete for one unit of probability, so a song could never "
            "be both calm and happy."
        )
    if units != N_MOODS:
        raise Hint(
            f"the output layer has {units} unit(s); a multilabel model needs one output per label, each "
            "answering its own yes/no question."
        )
    if answer.loss in ("sparsecategoricalcrossentropy", "categoricalcrossentropy"):
        raise Hint(
            "a categorical cross-entropy scores one class per song; with independent moods each output "
            "needs its own yes/no loss."
        )
    if answer.loss != "binarycrossentropy":
        raise Hint(
            f"the loss {answer.loss!r} does not treat the outputs as probabilities of yes/no questions; "
            "look at what the lesson's multilabel model is compiled with."
        )
    if activation == "sigmoid" and answer.from_logits:
        raise Hint(
            "the output already applies the sigmoid, and from_logits=True applies it a second time in the "
            "loss: keep only one of the two."
        )
    if activation == "linear" and not answer.from_logits:
        raise Hint(
            "the output is linear (logits) but the loss expects probabilities: either a sigmoid output, or "
            "from_logits=True in the loss."
        )
    if activation not in ("sigmoid", "linear"):
        raise Hint(f"the output layer uses {activation!r}; each mood needs a probability between 0 and 1.")
    return "one independent probability per mood: a song can get none, some or all of them."


# --- 11.4 Softmax or sigmoid? -------------------------------------------------------------------------

TASKS = (
    "which of the 26 letters a handwritten character is",
    "which of 8 topics a news article covers (any number of them, including none)",
    "which of 12 allergens a recipe contains",
)
OPTIONS = {
    "A": "softmax output, SparseCategoricalCrossentropy",
    "B": "sigmoid outputs, BinaryCrossentropy",
    "C": "softmax output, BinaryCrossentropy",
    "D": "sigmoid outputs, SparseCategoricalCrossentropy",
}
_CORRECT = ("A", "B", "B")
_EXCLUSIVE_HINTS = {
    "B": "one independent sigmoid per letter: nothing makes a character exactly one letter, and the "
    "outputs need not sum to 1. Are the letters exclusive?",
    "C": "the softmax fits, but BinaryCrossentropy treats each output as its own yes/no question; the loss "
    "for one exclusive class reads the true class's probability.",
    "D": "an activation and a loss that disagree: SparseCategoricalCrossentropy expects one distribution "
    "per sample, which independent sigmoids do not give.",
}
_INDEPENDENT_HINTS = {
    "A": "a softmax makes the labels compete: at most one can be above 1/2, and a sample with no label "
    "cannot be a target. Can these labels apply together?",
    "C": "a softmax output makes the labels compete, whatever the loss: at most one can be above 1/2.",
    "D": "the sigmoids fit, but SparseCategoricalCrossentropy takes one class index per sample; these "
    "samples can have several labels or none.",
}


@exercise(
    "11.4",
    "Softmax or sigmoid for three tasks",
    stars=1,
    where=(
        "the comparison of multiclass and multilabel models: exclusive classes take a softmax, "
        "independent labels a sigmoid each."
    ),
    example=(
        "'which digit is it' has exactly one answer; 'which genres does a film have' can have "
        "several or none."
    ),
)
def activation_and_loss(answer: Any) -> str | None:
    """Check the option (A-D) picked for each of the three tasks in ``TASKS``.

    Example:
        >>> activation_and_loss(["A", "A", "B"])  # doctest: +NORMALIZE_WHITESPACE
        ❌ Exercise 11.4 ★☆☆ Softmax or sigmoid for three tasks: not yet, task 2: a softmax makes the
        labels compete: at most one can be above 1/2, and a sample with no label cannot be a target. Can
        these labels apply together?
    """
    if is_stub(answer):
        raise NotAttempted
    if isinstance(answer, str):
        letters = [letter for letter in answer if not letter.isspace() and letter not in ",;"]
    elif isinstance(answer, (list, tuple)):
        letters = list(answer)
    else:
        raise Hint(f'give a list of three letters, e.g. ["A", "B", "C"]; received {type(answer).__name__}.')
    if len(letters) != len(TASKS):
        raise Hint(f"give one letter per task: {len(TASKS)} letters; received {len(letters)}.")
    for number, (letter, correct) in enumerate(zip(letters, _CORRECT, strict=True), start=1):
        if is_stub(letter):
            raise NotAttempted
        hints = _EXCLUSIVE_HINTS if correct == "A" else _INDEPENDENT_HINTS
        try:
            expect_choice(letter, correct, options=hints)
        except Hint as hint:
            raise Hint(f"task {number}: {hint}") from None
    return "softmax when exactly one class is true, one sigmoid per label when any number can be."
