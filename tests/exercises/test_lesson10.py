"""Lesson 10's checkers: the reference answers pass, typical mistakes get their own hint, no answer leaks."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from nnkit.exercises import lesson10 as check

SCORES = np.array([2.0, -1.0, 0.5, 3.0])
EXPECTED_LOSS = float(-(SCORES[2] - np.log(np.exp(SCORES).sum())))


# 10.1 The loss -log a_y for given scores


def test_loss_for_scores_accepts_the_loss_in_any_form():
    assert f"{EXPECTED_LOSS:.4g}" == "2.884"
    answers = (EXPECTED_LOSS, np.float32(EXPECTED_LOSS), [EXPECTED_LOSS], tf.constant(EXPECTED_LOSS), 2.884)
    for answer in answers:
        assert check.loss_for_scores(answer).status == "correct"
    assert check.loss_for_scores(float(-np.log(0.5)), scores=[1.0, 1.0], y=0).correct


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (-EXPECTED_LOSS, "never negative"),
        (EXPECTED_LOSS + 1.5, "loss of another class"),  # index 1: the slide's 1..N numbering
        (EXPECTED_LOSS - 2.5, "loss of another class"),  # index 3
        (float(np.exp(-EXPECTED_LOSS)), "probability a_y itself"),
        (EXPECTED_LOSS / np.log(10), "base-10"),
        (-0.5, "only -z_y"),
        (float(np.log1p(np.exp(-0.5))), "one score alone"),
        (1.5, "first turn the four scores"),
    ],
)
def test_loss_for_scores_names_each_mistake_without_giving_the_loss(answer, phrase):
    feedback = check.loss_for_scores(answer)
    assert feedback.status == "incorrect"
    assert phrase in feedback.message
    assert "2.88" not in feedback.message


# 10.2 Repair the slide's from_logits model


def digit_model(output_activation="linear", loss=None, hidden=(("relu", 25), ("relu", 15)), outputs=10):
    layers = [keras.layers.Dense(units, activation=act) for act, units in hidden]
    model = keras.Sequential([*layers, keras.layers.Dense(outputs, activation=output_activation)])
    model.compile(loss=loss or keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def test_repaired_model_accepts_the_improved_model_with_any_optimizer():
    assert check.repaired_model(digit_model()).status == "correct"
    with_input = keras.Sequential([keras.Input((784,)), keras.layers.Dense(25, activation="relu"),
                                   keras.layers.Dense(15, activation="relu"), keras.layers.Dense(10)])
    with_input.compile(optimizer=keras.optimizers.Adam(1e-3),
                       loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    assert check.repaired_model(with_input).status == "correct"


@pytest.mark.parametrize(
    ("kwargs", "phrase"),
    [
        ({"output_activation": "softmax"}, "a second time"),
        ({"output_activation": "softmax", "loss": "sparse_categorical_crossentropy"}, "do not use"),
        ({"loss": keras.losses.SparseCategoricalCrossentropy()}, "capital T"),
        ({"loss": "sparse_categorical_crossentropy"}, "capital T"),
        ({"output_activation": "sigmoid"}, "no activation on them"),
        ({"loss": keras.losses.CategoricalCrossentropy(from_logits=True)}, "one-hot"),
        ({"loss": keras.losses.BinaryCrossentropy(from_logits=True)}, "independent yes/no"),
        ({"loss": "mse"}, "cross-entropy for class indices"),
        ({"outputs": 9}, "ten classes"),
        ({"hidden": (("sigmoid", 25), ("sigmoid", 15))}, "hidden layers"),
    ],
)
def test_repaired_model_names_each_mistake(kwargs, phrase):
    feedback = check.repaired_model(digit_model(**kwargs))
    assert feedback.status == "incorrect"
    assert phrase in feedback.message
    assert "from_logits=True)" not in feedback.message


# 10.3 A softmax that never overflows


def reference_softmax(z):
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def test_stable_softmax_accepts_numpy_and_tensorflow_versions():
    assert check.stable_softmax(reference_softmax).status == "correct"
    assert check.stable_softmax(lambda z: tf.nn.softmax(z)).status == "correct"

    def via_log_softmax(z):
        z = np.asarray(z, dtype=np.float64)
        m = z.max(axis=-1, keepdims=True)
        return np.exp(z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True)))

    assert check.stable_softmax(via_log_softmax).status == "correct"


def no_shift(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def wrong_axis(z):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def sum_over_everything(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / e.sum()


def one_shift_for_all(z):
    e = np.exp(z - np.max(z))
    return e / e.sum(axis=-1, keepdims=True)


@pytest.mark.parametrize(
    ("function", "phrase"),
    [
        (no_shift, "overflows to inf"),
        (wrong_axis, "down each column"),
        (sum_over_everything, "sum over the whole array"),
        (one_shift_for_all, "one maximum for the whole array"),
        (lambda z: 1 / (1 + np.exp(-z)), "on its own (a sigmoid)"),
        (lambda z: np.exp(z - np.max(z, axis=-1, keepdims=True)), "divide each by its row's sum"),
    ],
)
def test_stable_softmax_names_each_mistake(function, phrase):
    feedback = check.stable_softmax(function)
    assert feedback.status == "incorrect"
    assert phrase in feedback.message


# 10.4 predict_proba by hand


def reference_probabilities(logits, task):
    if task == "multiclass":
        return reference_softmax(logits)
    return 1 / (1 + np.exp(-logits))


def test_probabilities_from_logits_accepts_numpy_and_tensorflow_versions():
    assert check.probabilities_from_logits(reference_probabilities).status == "correct"

    def with_tf(logits, task):
        return tf.nn.softmax(logits) if task == "multiclass" else tf.nn.sigmoid(logits)

    assert check.probabilities_from_logits(with_tf).status == "correct"


@pytest.mark.parametrize(
    ("function", "phrase"),
    [
        (lambda logits, task: 1 / (1 + np.exp(-logits)), "the slide's tf.nn.sigmoid(logit)"),
        (lambda logits, task: reference_softmax(logits), "always gets probability 1"),
        (
            lambda logits, task: (1 / (1 + np.exp(-logits)))
            if task == "multiclass"
            else reference_softmax(logits),
            "swapped",
        ),
        (
            lambda logits, task: wrong_axis(logits) if task == "multiclass" else 1 / (1 + np.exp(-logits)),
            "columns add up to 1",
        ),
        (lambda logits, task: logits, "still the logits"),
        (lambda logits, task: np.argmax(logits, axis=-1), "shape"),
    ],
)
def test_probabilities_from_logits_names_each_mistake(function, phrase):
    feedback = check.probabilities_from_logits(function)
    assert feedback.status == "incorrect"
    assert phrase in feedback.message
