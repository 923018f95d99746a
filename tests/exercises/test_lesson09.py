"""Lesson 09's checkers: the reference answers pass, typical mistakes get their own hint, no answer leaks."""

import keras
import numpy as np
import pytest

from nnkit.exercises import lesson09 as check


def dense_model(layers, loss, input_dim=2):
    model = keras.Sequential(
        [keras.Input((input_dim,))] + [keras.layers.Dense(units, activation=act) for units, act in layers]
    )
    if loss is not None:
        model.compile(loss=loss)
    return model


SLIDE_HIDDEN = [(30, "sigmoid"), (15, "sigmoid")]
BCE = "binary_crossentropy"


# 09.1 The slide's model, comma fixed


def test_slide_model_fixed_accepts_the_slides_model_with_or_without_an_input_shape():
    assert check.slide_model_fixed(dense_model([*SLIDE_HIDDEN, (2, "sigmoid")], BCE)).correct
    unbuilt = keras.Sequential([keras.layers.Dense(30, activation="sigmoid"),
                                keras.layers.Dense(15, activation="sigmoid"),
                                keras.layers.Dense(2, activation="sigmoid")])
    unbuilt.compile(loss=keras.losses.BinaryCrossentropy())
    assert check.slide_model_fixed(unbuilt).status == "correct"


def test_slide_model_fixed_accepts_logits_with_from_logits_as_the_same_model():
    model = dense_model([*SLIDE_HIDDEN, (2, "linear")], keras.losses.BinaryCrossentropy(from_logits=True))
    assert check.slide_model_fixed(model).status == "correct"


@pytest.mark.parametrize(
    ("layers", "loss", "phrase"),
    [
        ([(30, "sigmoid"), (2, "sigmoid")], "binary_crossentropy", "not a layer to drop"),
        ([(30, "sigmoid"), (16, "sigmoid"), (2, "sigmoid")], "binary_crossentropy", "compare the widths"),
        ([(30, "relu"), (15, "relu"), (2, "sigmoid")], "binary_crossentropy", "one activation for all three"),
        ([*SLIDE_HIDDEN, (2, "softmax")], "binary_crossentropy", "outputs compete"),
        ([*SLIDE_HIDDEN, (1, "sigmoid")], "binary_crossentropy", "two independent yes/no questions"),
        ([*SLIDE_HIDDEN, (2, "sigmoid")], "sparse_categorical_crossentropy", "one class out of several"),
        ([*SLIDE_HIDDEN, (2, "sigmoid")], "mse", "regression"),
        ([*SLIDE_HIDDEN, (2, "linear")], "binary_crossentropy", "any real number"),
        ([*SLIDE_HIDDEN, (2, "sigmoid")], keras.losses.BinaryCrossentropy(from_logits=True), "a second time"),
        ([*SLIDE_HIDDEN, (2, "sigmoid")], None, "not compiled"),
    ],
)
def test_slide_model_fixed_names_each_mistake(layers, loss, phrase):
    feedback = check.slide_model_fixed(dense_model(layers, loss))
    assert feedback.status == "incorrect"
    assert phrase in feedback.message


# 09.2 One yes/no question


def test_one_question_model_accepts_one_sigmoid_output_with_any_hidden_layers():
    assert check.one_question_model(dense_model([*SLIDE_HIDDEN, (1, "sigmoid")], BCE)).correct
    assert check.one_question_model(dense_model([(1, "sigmoid")], keras.losses.BinaryCrossentropy())).correct
    logits = dense_model([(8, "relu"), (1, "linear")], keras.losses.BinaryCrossentropy(from_logits=True))
    assert check.one_question_model(logits).status == "correct"


@pytest.mark.parametrize(
    ("layers", "loss", "phrase"),
    [
        ([*SLIDE_HIDDEN, (2, "sigmoid")], "binary_crossentropy", "P(no) = 1 - P(yes)"),
        ([*SLIDE_HIDDEN, (1, "softmax")], "binary_crossentropy", "always exactly 1"),
        ([*SLIDE_HIDDEN, (2, "softmax")], "sparse_categorical_crossentropy", "only repeats 1 minus"),
        ([*SLIDE_HIDDEN, (1, "linear")], "binary_crossentropy", "any real number"),
        ([*SLIDE_HIDDEN, (1, "relu")], "binary_crossentropy", "not probabilities"),
        ([*SLIDE_HIDDEN, (1, "sigmoid")], "mean_squared_error", "regression"),
        ([*SLIDE_HIDDEN, (1, "sigmoid")], keras.losses.BinaryCrossentropy(from_logits=True), "a second time"),
    ],
)
def test_one_question_model_names_each_mistake(layers, loss, phrase):
    feedback = check.one_question_model(dense_model(layers, loss))
    assert feedback.status == "incorrect"
    assert phrase in feedback.message
    assert "Dense(1" not in feedback.message


# 09.3 The cost J of several outputs


def reference_cost(y, p):
    return np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p))


def test_cross_entropy_cost_accepts_numpy_and_keras_versions():
    assert check.cross_entropy_cost(reference_cost).status == "correct"

    def with_keras(y, p):
        return keras.losses.BinaryCrossentropy()(np.asarray(y, "float32"), np.asarray(p, "float32"))

    assert check.cross_entropy_cost(with_keras).status == "correct"

    def two_means(y, p):
        losses = -(y * np.log(p) + (1 - y) * np.log1p(-p))
        return losses.mean(axis=1).mean()

    assert check.cross_entropy_cost(two_means).status == "correct"


@pytest.mark.parametrize(
    ("cost", "phrase"),
    [
        (lambda y, p: (-y * np.log(p) - (1 - y) * np.log(1 - p)).sum(axis=1).mean(), "over the outputs too"),
        (lambda y, p: (-y * np.log(p) - (1 - y) * np.log(1 - p)).sum(), "an average, not a total"),
        (lambda y, p: np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)), "minus sign"),
        (lambda y, p: np.mean(-y * np.log(p)), "second term"),
        (lambda y, p: np.mean(-p * np.log(y) - (1 - p) * np.log(1 - y)), "log of the labels"),
        (lambda y, p: np.mean(-y * np.log10(p) - (1 - y) * np.log10(1 - p)), "natural log"),
    ],
)
def test_cross_entropy_cost_names_each_mistake(cost, phrase):
    with np.errstate(all="ignore"):
        feedback = check.cross_entropy_cost(cost)
    assert feedback.status == "incorrect"
    assert phrase in feedback.message


# 09.4 How many weight updates


@pytest.mark.parametrize("answer", [640, 640.0, np.int64(640), np.array([640])])
def test_weight_updates_accepts_the_count_in_any_form(answer):
    assert check.weight_updates(answer).status == "correct"


def test_weight_updates_follows_its_arguments():
    assert check.weight_updates(1300, m=400, epochs=100, batch_size=32).correct
    assert not check.weight_updates(1200, m=400, epochs=100, batch_size=32).correct


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (20_000, "one update per sample"),
        (620, "dropped the last, smaller batch"),
        (625, "a whole number"),
        (32, "one epoch's updates"),
        (1000, "number of samples"),
        (641, "count the batches"),
    ],
)
def test_weight_updates_names_each_mistake_without_giving_the_count(answer, phrase):
    feedback = check.weight_updates(answer)
    assert feedback.status == "incorrect"
    assert phrase in feedback.message
    assert "640" not in feedback.message
