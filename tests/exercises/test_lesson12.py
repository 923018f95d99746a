"""Lesson 12's checkers: reference solutions pass, typical mistakes get their own hint, no answer leaks."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from nnkit import scratch
from nnkit.exercises import lesson12 as check
from nnkit.exercises.feedback import CORRECT, INCORRECT, NOT_ATTEMPTED

# --- 12.1 Momentum on a ravine ------------------------------------------------------------------------

CURVATURE = np.array(check.RAVINE_CURVATURE)


def ravine(betas=check.BETAS, steps=check.RAVINE_STEPS, measure=np.linalg.norm):
    paths = [
        scratch.descend(
            lambda w: CURVATURE * w,
            check.RAVINE_START,
            scratch.SGD(learning_rate=check.RAVINE_RATE, momentum=beta),
            steps=steps,
        )
        for beta in betas
    ]
    return [float(measure(path[-1])) for path in paths]


DISTANCES = ravine()
SHOWN = [f"{d:.3g}" for d in DISTANCES] + [f"{d:.4f}" for d in DISTANCES]


@pytest.mark.parametrize(
    "distances",
    [
        DISTANCES,
        np.float32(DISTANCES),
        [round(d, 4) for d in DISTANCES],
        [float(f"{d:.3g}") for d in DISTANCES],
    ],
)
def test_momentum_ravine_accepts_the_distances_and_the_best_beta(distances):
    feedback = check.momentum_ravine(distances, 0.9)
    assert feedback.status == CORRECT, feedback.message
    assert check.momentum_ravine(distances, np.float64(0.9)).correct


@pytest.mark.parametrize(
    "distances, beta, phrase",
    [
        ([DISTANCES[0]] * 4, 0.9, "your four distances are equal"),
        (ravine(measure=lambda w: 0.5 * np.sum(CURVATURE * w**2)), 0.9, "those are the losses J(w)"),
        (ravine(measure=lambda w: np.sum(w**2)), 0.9, "squared distances"),
        (ravine(steps=99), 0.9, "after 99 steps"),
        (ravine(steps=101), 0.9, "after 101 steps"),
        (DISTANCES[::-1], 0.9, "run scratch.descend"),
        (DISTANCES, 0.99, "more momentum is not always better"),
        (DISTANCES, 0.5, "another ends closer"),
        (DISTANCES, 0.0, "plain SGD"),
        (DISTANCES, 0.8, "not one of the options"),
    ],
)
def test_momentum_ravine_mistakes_get_their_own_hint(distances, beta, phrase):
    feedback = check.momentum_ravine(distances, beta)
    assert feedback.status == INCORRECT and phrase in feedback.message, feedback.message
    assert not any(shown in feedback.message for shown in SHOWN)


def test_momentum_ravine_without_the_best_beta_is_not_finished():
    assert check.momentum_ravine(DISTANCES).status == NOT_ATTEMPTED


# --- 12.2 One Adam step ---------------------------------------------------------------------------------


def adam_step(w, g, m, v, t, learning_rate):
    m = 0.9 * m + 0.1 * g
    v = 0.999 * v + 0.001 * g**2
    rate = learning_rate * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
    return w - rate * m / (np.sqrt(v) + 1e-7), m, v


def adam_textbook(w, g, m, v, t, learning_rate):
    m = 0.9 * m + 0.1 * g
    v = 0.999 * v + 0.001 * g**2
    m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
    return [w - learning_rate * m_hat / (np.sqrt(v_hat) + 1e-7), m, v]


def adam_epsilon_inside(w, g, m, v, t, learning_rate):
    m = 0.9 * m + 0.1 * g
    v = 0.999 * v + 0.001 * g**2
    m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
    return w - learning_rate * m_hat / np.sqrt(v_hat + 1e-8), m, v


def adam_in_place(w, g, m, v, t, learning_rate):
    m *= 0.9
    m += 0.1 * g
    v *= 0.999
    v += 0.001 * g**2
    w -= learning_rate * np.sqrt(1 - 0.999**t) / (1 - 0.9**t) * m / (np.sqrt(v) + 1e-7)
    return w, m, v


def adam_tensorflow(w, g, m, v, t, learning_rate):
    w, g, m, v = (tf.constant(a, dtype=tf.float64) for a in (w, g, m, v))
    m = 0.9 * m + 0.1 * g
    v = 0.999 * v + 0.001 * g**2
    return w - learning_rate * (m / (1 - 0.9**t)) / (tf.sqrt(v / (1 - 0.999**t)) + 1e-7), m, v


@pytest.mark.parametrize(
    "function", [adam_step, adam_textbook, adam_in_place, adam_tensorflow]
)
def test_adam_step_accepts_keras_and_textbook_forms(function):
    feedback = check.adam_step(function)
    assert feedback.status == CORRECT, feedback.message


def with_step(step):
    def function(w, g, m, v, t, a):
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g**2
        return step(w, g, m, v, t, a), m, v

    return function


def with_state(m_rule, v_rule):
    def function(w, g, m, v, t, a):
        m, v = m_rule(m, g), v_rule(v, g)
        return w - a * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-7), m, v

    return function


KEEP_M, KEEP_V = (lambda m, g: 0.9 * m + 0.1 * g), (lambda v, g: 0.999 * v + 0.001 * g**2)


@pytest.mark.parametrize(
    "function, phrase",
    [
        (with_step(lambda w, g, m, v, t, a: w - a * m / (np.sqrt(v) + 1e-7)), "bias correction is missing"),
        (
            with_step(lambda w, g, m, v, t, a: w - a * (m / (1 - 0.9**t)) / (v / (1 - 0.999**t) + 1e-7)),
            "divides by v itself",
        ),
        (
            with_step(
                lambda w, g, m, v, t, a: w + a * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-7)
            ),
            "goes uphill",
        ),
        (with_step(lambda w, g, m, v, t, a: w - a * (m / (1 - 0.9**t)) / (np.sqrt(v) + 1e-7)), "only m is"),
        (
            with_step(lambda w, g, m, v, t, a: w - a * g / (np.sqrt(v / (1 - 0.999**t)) + 1e-7)),
            "raw gradient",
        ),
        (with_state(lambda m, g: 0.9 * m + g, KEEP_V), "forgets the factor (1 - beta_1)"),
        (with_state(lambda m, g: 0.1 * m + 0.9 * g, KEEP_V), "weights of m are swapped"),
        (with_state(KEEP_M, lambda v, g: 0.999 * v + 0.001 * g), "not g"),
        (with_state(KEEP_M, lambda v, g: 0.999 * v + g**2), "forgets the factor (1 - beta_2)"),
        (lambda w, g, m, v, t, a: w - a * g, "return three things"),
        (with_step(lambda w, g, m, v, t, a: w - 2 * a * m / (np.sqrt(v) + 1e-7)), "the step is not"),
        (adam_epsilon_inside, "inside the square root"),
    ],
)
def test_adam_step_mistakes_get_their_own_hint(function, phrase):
    feedback = check.adam_step(function)
    assert feedback.status == INCORRECT and phrase in feedback.message, feedback.message


def test_adam_step_stub_function_is_not_attempted():
    def stub(w, g, m, v, t, learning_rate): ...

    assert check.adam_step(stub).status == NOT_ATTEMPTED


# --- 12.3 A learning rate for SGD with momentum ---------------------------------------------------------


class FakeHistory:
    def __init__(self, losses):
        self.history = {"loss": list(losses)}


def sgd_model(rate=0.3, momentum=0.9, optimizer=None, iterations=5 * 32):
    """A compiled model whose optimizer counts the updates of 5 epochs on 1,000 digits, as if trained."""
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
    optimizer = optimizer or keras.optimizers.SGD(learning_rate=rate, momentum=momentum)
    model.compile(optimizer=optimizer, loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.optimizer.iterations.assign(iterations)
    return model


def test_momentum_rate_accepts_a_model_that_got_below_the_target():
    feedback = check.momentum_rate(sgd_model(0.3), FakeHistory([2.2, 1.2, 0.6, 0.4, 0.3]))
    assert feedback.status == CORRECT, feedback.message
    assert check.momentum_rate(sgd_model(0.5), {"loss": [2.1, 1.0, 0.5, 0.3, 0.2]}).correct


def test_momentum_rate_on_a_real_run_of_the_exercise():
    x = np.random.default_rng(0).normal(size=(1000, 4)).astype("float32")
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0)
    model = sgd_model(0.3, iterations=0)
    history = model.fit(x, y, epochs=check.TUNE_EPOCHS, verbose=0)
    assert check.momentum_rate(model, history).correct


@pytest.mark.parametrize(
    "model, history, phrase",
    [
        (sgd_model(0.01), FakeHistory([2.39, 2.28, 2.25, 2.23, 2.21]), "far too small"),
        (sgd_model(0.05), FakeHistory([2.32, 2.19, 1.99, 1.67, 1.36]), "not fast enough"),
        (sgd_model(20.0), FakeHistory([2.5, 5.0, 9.1, 11.0, 12.0]), "blew up"),
        (sgd_model(20.0), FakeHistory([2.5, float("nan")] * 2 + [float("nan")]), "blew up"),
        (sgd_model(optimizer=keras.optimizers.Adam(0.01)), FakeHistory([1.0, 0.5, 0.3, 0.2, 0.1]), "Adam"),
        (sgd_model(0.3, momentum=0.0), FakeHistory([2.0, 1.5, 1.0, 0.8, 0.6]), "momentum is 0"),
        (sgd_model(0.3), FakeHistory([2.0, 1.0, 0.5]), "3 epoch(s)"),
        (sgd_model(0.3), FakeHistory([2.0, 1.0, 0.5, 0.4, 0.3, 0.2]), "Change the learning rate"),
        (sgd_model(0.3), None, "pass the history too"),
        (sgd_model(0.3, iterations=625), FakeHistory([2.0, 1.0, 0.5, 0.4, 0.3]), "all 4,000 training digits"),
        (sgd_model(0.3, iterations=80), FakeHistory([2.0, 1.0, 0.5, 0.4, 0.3]), "default batch of 32"),
        ("SGD", None, "trained Keras model"),
    ],
)
def test_momentum_rate_mistakes_get_their_own_hint(model, history, phrase):
    feedback = check.momentum_rate(model, history)
    assert feedback.status == INCORRECT and phrase in feedback.message, feedback.message


def test_momentum_rate_for_a_rate_too_large_that_stalls():
    feedback = check.momentum_rate(sgd_model(5.0), FakeHistory([2.4, 2.35, 2.33, 2.32, 2.31]))
    assert feedback.status == INCORRECT and "too large" in feedback.message, feedback.message


# --- 12.4 Schedule boundaries in iterations -------------------------------------------------------------


@pytest.mark.parametrize(
    "answer", [[240, 480], (240.0, 480.0), np.array([239, 479]), tf.constant([240, 480])]
)
def test_schedule_boundaries_accepts_the_iterations(answer):
    feedback = check.schedule_boundaries(answer)
    assert feedback.status == CORRECT, feedback.message


@pytest.mark.parametrize(
    "answer, phrase",
    [
        ([3, 6], "those are epochs"),
        ([375, 750], "default batch of 32"),
        ([12000, 24000], "those count samples"),
        ([4.8, 9.6], "divided once too often"),
        ([320, 560], "an epoch late"),
        ([160, 400], "an epoch early"),
        ([240], "shape"),
        ([250, 500], "count the updates in one epoch"),
    ],
)
def test_schedule_boundaries_mistakes_get_their_own_hint(answer, phrase):
    feedback = check.schedule_boundaries(answer)
    assert feedback.status == INCORRECT and phrase in feedback.message, feedback.message
    assert "240" not in feedback.message and "480" not in feedback.message


def test_momentum_ravine_names_an_argmin_index_given_for_the_beta():
    distances = [np.linalg.norm(path[-1]) for path in check._ravine_paths()]
    best_index = int(np.argmin(distances))
    feedback = check.momentum_ravine(distances, best_index)
    assert feedback.status == INCORRECT and "position in the list" in feedback.message
