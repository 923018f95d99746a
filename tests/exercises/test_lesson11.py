"""Lesson 11's checkers: reference solutions pass, typical mistakes get their own hint, no answer leaks."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from nnkit.exercises import lesson11 as check
from nnkit.exercises.feedback import CORRECT, INCORRECT, NOT_ATTEMPTED

# --- 11.1 Multi-hot targets from tag lists ------------------------------------------------------------


def multi_hot(tag_lists, n_tags):
    targets = np.zeros((len(tag_lists), n_tags), dtype="float32")
    for row, tags in enumerate(tag_lists):
        for tag in tags:
            targets[row, tag] = 1.0
    return targets


def multi_hot_float64_comprehension(tag_lists, n_tags):
    return np.array([[1.0 if k in tags else 0.0 for k in range(n_tags)] for tags in tag_lists])


def multi_hot_tensor(tag_lists, n_tags):
    return tf.constant(multi_hot(tag_lists, n_tags))


def multi_hot_list(tag_lists, n_tags):
    return multi_hot(tag_lists, n_tags).tolist()


@pytest.mark.parametrize(
    "function", [multi_hot, multi_hot_float64_comprehension, multi_hot_tensor, multi_hot_list]
)
def test_multi_hot_accepts_any_float_form(function):
    feedback = check.multi_hot(function)
    assert feedback.status == CORRECT, feedback.message


def argmax_one_hot(tag_lists, n_tags):
    return np.eye(n_tags, dtype="float32")[multi_hot(tag_lists, n_tags).argmax(axis=1)]


def first_tag(tag_lists, n_tags):
    rows = np.zeros((len(tag_lists), n_tags))
    for row, tags in enumerate(tag_lists):
        if tags:
            rows[row, tags[0]] = 1
    return rows


def overwrite(tag_lists, n_tags):
    rows = np.zeros((len(tag_lists), n_tags))
    for row, tags in enumerate(tag_lists):
        for tag in tags:
            rows[row] = np.eye(n_tags)[tag]
    return rows


def counting(tag_lists, n_tags):
    rows = np.zeros((len(tag_lists), n_tags))
    for row, tags in enumerate(tag_lists):
        for tag in tags:
            rows[row, tag] += 1
    return rows


def one_based(tag_lists, n_tags):
    rows = np.zeros((len(tag_lists), n_tags))
    for row, tags in enumerate(tag_lists):
        for tag in tags:
            rows[row, tag - 1] = 1
    return rows


def plus_one(tag_lists, n_tags):
    rows = np.zeros((len(tag_lists), n_tags))
    for row, tags in enumerate(tag_lists):
        for tag in tags:
            rows[row, tag + 1] = 1
    return rows


def max_of_eye(tag_lists, n_tags):
    return np.array([np.eye(n_tags)[tags].max(axis=0) for tags in tag_lists])


def integers(tag_lists, n_tags):
    return multi_hot(tag_lists, n_tags).astype(int)


def booleans(tag_lists, n_tags):
    return multi_hot(tag_lists, n_tags) > 0


def transposed(tag_lists, n_tags):
    return multi_hot(tag_lists, n_tags).T


@pytest.mark.parametrize(
    "function, phrase",
    [
        (argmax_one_hot, "argmax's view"),
        (first_tag, "only the first tag"),
        (overwrite, "only the last tag"),
        (counting, "a tag listed twice gives a 2"),
        (one_based, "one column to the left"),
        (plus_one, "fails when a sample has the last tag"),
        (max_of_eye, "fails on a sample with no tag"),
        (integers, "dtype is int64"),
        (booleans, "dtype is bool"),
        (transposed, "transposed"),
        (lambda tag_lists, n_tags: np.ones((len(tag_lists), n_tags)), "some rows are wrong"),
    ],
)
def test_multi_hot_mistakes_get_their_own_hint(function, phrase):
    feedback = check.multi_hot(function)
    assert feedback.status == INCORRECT and phrase in feedback.message, feedback.message


def test_multi_hot_stub_function_is_not_attempted():
    def stub(tag_lists, n_tags): ...

    assert check.multi_hot(stub).status == NOT_ATTEMPTED


# --- 11.2 Tags handed out at three thresholds ---------------------------------------------------------

P = np.random.default_rng(3).uniform(size=(200, 3)).astype("float32")
EXPECTED = [int((P >= t).sum()) for t in check.THRESHOLDS]


@pytest.mark.parametrize(
    "answer", [EXPECTED, np.array(EXPECTED, dtype=np.int64), tuple(map(float, EXPECTED))]
)
def test_tags_at_thresholds_accepts_the_counts(answer):
    feedback = check.tags_at_thresholds(answer, P)
    assert feedback.status == CORRECT, feedback.message
    assert check.tags_at_thresholds([int((P > t).sum()) for t in check.THRESHOLDS], tf.constant(P)).correct


@pytest.mark.parametrize(
    "answer, phrase",
    [
        ([int((P >= t).any(axis=1).sum()) for t in check.THRESHOLDS], "at least one tag"),
        ([int((P < t).sum()) for t in check.THRESHOLDS], "does not give"),
        ([EXPECTED[1]] * 3, "your three counts are equal"),
        ([(P >= t).mean() for t in check.THRESHOLDS], "fractions of all (digit, tag) pairs"),
        ([(P >= t).any(axis=1).mean() for t in check.THRESHOLDS], "fractions of the digits"),
        ([(P >= t).sum(axis=0) for t in check.THRESHOLDS], "counts per tag"),
        ([EXPECTED[0] + 7, EXPECTED[1], EXPECTED[2]], "for each threshold t"),
    ],
)
def test_tags_at_thresholds_mistakes_get_their_own_hint(answer, phrase):
    feedback = check.tags_at_thresholds(answer, P)
    assert feedback.status == INCORRECT and phrase in feedback.message, feedback.message
    assert all(str(count) not in feedback.message for count in EXPECTED)


def test_tags_at_thresholds_needs_the_probabilities():
    feedback = check.tags_at_thresholds(EXPECTED)
    assert feedback.status == INCORRECT and "pass the model's probabilities" in feedback.message


# --- 11.3 A model for five independent moods ----------------------------------------------------------


def mood(activation="sigmoid", units=5, loss=None, inputs=20, hidden=16):
    model = keras.Sequential(
        [
            keras.Input(shape=(inputs,)),
            keras.layers.Dense(hidden, activation="relu"),
            keras.layers.Dense(units, activation=activation, name="moods"),
        ]
    )
    model.compile(optimizer="adam", loss=loss or keras.losses.BinaryCrossentropy())
    return model


@pytest.mark.parametrize(
    "model",
    [
        mood(),
        mood(loss="binary_crossentropy"),
        mood(activation="linear", loss=keras.losses.BinaryCrossentropy(from_logits=True)),
    ],
)
def test_mood_model_accepts_sigmoid_or_logits_with_binary_crossentropy(model):
    feedback = check.mood_model(model)
    assert feedback.status == CORRECT, feedback.message


@pytest.mark.parametrize(
    "model, phrase",
    [
        (mood(activation="softmax", loss="categorical_crossentropy"), "compete for one unit"),
        (mood(loss=keras.losses.SparseCategoricalCrossentropy()), "one class per song"),
        (mood(loss=keras.losses.CategoricalCrossentropy()), "one class per song"),
        (mood(loss=keras.losses.BinaryCrossentropy(from_logits=True)), "a second time"),
        (mood(activation="linear"), "the output is linear"),
        (mood(units=1), "1 unit(s)"),
        (mood(inputs=784), "784 inputs"),
        (mood(loss="mse"), "does not treat the outputs as probabilities"),
        (mood(activation="relu"), "needs a probability between 0 and 1"),
    ],
)
def test_mood_model_mistakes_get_their_own_hint(model, phrase):
    feedback = check.mood_model(model)
    assert feedback.status == INCORRECT and phrase in feedback.message, feedback.message


def test_mood_model_must_be_compiled():
    model = keras.Sequential([keras.Input(shape=(20,)), keras.layers.Dense(5, activation="sigmoid")])
    assert "not compiled" in check.mood_model(model).message


# --- 11.4 Softmax or sigmoid for three tasks ----------------------------------------------------------


@pytest.mark.parametrize("answer", [["A", "B", "B"], ("a", "b", "b"), "ABB", "A, B, B", [" A ", "B", "b"]])
def test_activation_and_loss_accepts_the_right_letters(answer):
    feedback = check.activation_and_loss(answer)
    assert feedback.status == CORRECT, feedback.message


@pytest.mark.parametrize(
    "answer, phrase",
    [
        (["B", "B", "B"], "task 1: one independent sigmoid per letter"),
        (["C", "B", "B"], "task 1: the softmax fits, but BinaryCrossentropy"),
        (["D", "B", "B"], "task 1: an activation and a loss that disagree"),
        (["A", "A", "B"], "task 2: a softmax makes the labels compete"),
        (["A", "B", "C"], "task 3: a softmax output makes the labels compete, whatever the loss"),
        (["A", "B", "D"], "task 3: the sigmoids fit, but SparseCategoricalCrossentropy"),
        (["A", "B"], "one letter per task"),
        (["A", "B", "E"], "not one of the options"),
        (["A", "B", ...], "not attempted"),
    ],
)
def test_activation_and_loss_mistakes_get_their_own_hint(answer, phrase):
    feedback = check.activation_and_loss(answer)
    assert phrase in feedback.message or phrase in repr(feedback), feedback.message
    assert feedback.status != CORRECT
