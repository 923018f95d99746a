"""The rules every checker follows through the shared machinery: precision, missing returns, raised
errors, in-place changes, hints that grow with each wrong try, stars written as the headings write them."""

import numpy as np
import pytest

from nnkit.exercises import all_checkers, lesson01, lesson04, lesson05, lesson06, lesson07
from nnkit.exercises.answers import call, expect_close, expect_function
from nnkit.exercises.feedback import CORRECT, INCORRECT, NOT_ATTEMPTED, Close, Feedback, Hint, exercise

# --- Stars -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stars, written", [(1, "★☆☆"), (2, "★★☆"), (3, "★★★")])
def test_verdicts_write_the_stars_as_the_headings_do(stars, written):
    assert f"Exercise 01.1 {written} t:" in repr(Feedback("01.1", "t", stars, INCORRECT, "m."))


def test_every_checker_prints_three_star_places():
    for number, checker in all_checkers().items():
        shown = repr(checker(...))
        assert shown.split(number, 1)[1].split()[0] in ("★☆☆", "★★☆", "★★★"), shown


# --- Hints that grow with each wrong try ---------------------------------------------------------------


def test_three_wrong_tries_get_three_increasingly_specific_messages():
    wrong = [lesson01.neuron_output(answer).message for answer in (0.9, 0.8, 0.7)]
    assert len(set(wrong)) == 3
    first, second, third = wrong
    assert second.startswith(first) and third.startswith(second)  # each adds to the one before
    assert "Where to look:" not in first and "Where to look:" in second
    assert "A worked example on other numbers:" in third and "A worked example" not in second
    assert len(first) < len(second) < len(third)


def test_the_worked_example_never_holds_the_answer():
    for number, checker in all_checkers().items():
        if number.startswith(("01", "02", "03", "04", "05", "06", "07")):
            assert checker.where and checker.example, number
    answer = 1 / (1 + np.exp(0.7))
    third = [lesson01.neuron_output(0.9) for _ in range(3)][-1].message
    assert f"{answer:.3f}" not in third and f"{answer:.2f}" not in third


def test_a_right_answer_starts_the_count_again():
    for _ in range(3):
        lesson01.neuron_output(0.9)
    assert lesson01.neuron_output(1 / (1 + np.exp(0.7))).status == CORRECT
    assert "Where to look" not in lesson01.neuron_output(0.9).message


def test_exercises_count_their_tries_apart():
    lesson01.neuron_output(0.9)
    lesson01.neuron_output(0.9)
    assert "Where to look" not in lesson06.two_paths(1.0).message


def test_rounding_only_is_said_as_it_is_and_never_grows():
    messages = [lesson04.crossentropy_of_p(1.4).message for _ in range(3)]
    assert len(set(messages)) == 1 and messages[0].startswith("close: keep at least 3 significant digits")
    assert "log" not in messages[0]


def test_growing_hints_have_general_defaults():
    @exercise("99.1", "No hints given", stars=1)
    def check(answer):
        raise Hint("no.")

    first, second, third = (check(1).message for _ in range(3))
    assert first == "no." and "lesson 99" in second and "A worked example" in third


# --- Precision -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [0.3318, 0.332, 0.331, 0.33181, np.float32(0.3318)])
def test_an_answer_to_the_statements_digits_passes(answer):
    expect_close(answer, 1 / (1 + np.exp(0.7)), digits=3, otherwise="no.")


@pytest.mark.parametrize("answer", [0.33, 0.3])
def test_an_answer_rounded_to_fewer_digits_is_close(answer):
    with pytest.raises(Close, match="keep at least 3 significant digits"):
        expect_close(answer, 1 / (1 + np.exp(0.7)), digits=3, otherwise="no.")


def test_a_wrong_answer_near_the_right_one_is_not_close():
    with pytest.raises(Hint, match="^no.$"):
        expect_close(0.35, 1 / (1 + np.exp(0.7)), digits=3, otherwise="no.")


def test_a_rounded_mistake_still_gets_its_own_hint():
    with pytest.raises(Hint, match="that is z"):
        expect_close(-0.70001, 0.3318, mistakes=[(-0.7, "that is z")], digits=3, otherwise="no.")


@pytest.mark.parametrize(
    "checker, rounded",
    [
        (lesson01.neuron_output, 0.33),
        (lesson04.crossentropy_of_p, 1.4),
        (lesson06.network_gradient, np.round(lesson06._network_gradient(), 2)),
    ],
)
def test_by_hand_answers_rounded_too_early_get_close(checker, rounded):
    feedback = checker(rounded)
    assert feedback.status == INCORRECT and feedback.message.startswith("close: keep at least 3")


# --- Calling a student's function ----------------------------------------------------------------------


def test_a_function_that_prints_instead_of_returning_is_asked_about_return():
    def mse(y_true, y_pred):
        print(np.mean((np.ravel(y_pred) - np.ravel(y_true)) ** 2))

    feedback = lesson04.mse_any_shapes(mse)
    assert feedback.status == INCORRECT and "did you forget `return`?" in feedback.message


def test_a_stub_body_is_still_not_attempted():
    def mse(y_true, y_pred): ...  # YOUR CODE HERE

    assert lesson04.mse_any_shapes(mse).status == NOT_ATTEMPTED


def test_a_stub_that_keeps_the_statements_first_lines_is_still_not_attempted():
    def descend_until(gradient, w0, learning_rate, eps):
        """As the student edition leaves 05.4: the line before the markers stays."""
        w = np.array(w0, dtype=float)  # noqa: F841
        # YOUR CODE HERE

    assert lesson05.descend_until(descend_until).status == NOT_ATTEMPTED


@pytest.mark.parametrize(
    "function, pointer",
    [
        (lambda y, s: np.mean(max(0, 1 - y * s), axis=-1), "use np.maximum"),
        (lambda y, s: np.mean(np.maximum(0, 1 - y @ s), axis=-1), "print the .shape"),
        (lambda y, s: np.mean(np.maximum(0, 1 - y * s[:, 5]), axis=-1), "index runs past the end"),
    ],
)
def test_a_raised_error_is_one_line_with_its_likely_cause(function, pointer):
    feedback = lesson04.hinge_loss(function)
    assert feedback.status == INCORRECT and pointer in feedback.message, feedback.message
    assert "\n" not in feedback.message and "[[" not in feedback.message


def test_pythons_sum_over_a_number_is_pointed_at_numpy():
    with pytest.raises(Hint, match="use np.sum, np.max or np.min"):
        call(lambda x: sum(np.float64(x)), 2.0)


def test_a_function_that_changes_its_input_in_place_is_told_so():
    def scale(x):
        x *= 2
        return x

    with pytest.raises(Hint, match="changed the array it was given as argument 1"):
        call(scale, np.ones(3))


def test_the_inputs_are_described_on_one_line_by_their_names():
    def accuracy_of(scores, labels):
        return np.argmax(scores, axis=1) == labels

    scores, labels = np.eye(10), np.arange(10)
    with pytest.raises(Hint) as raised:
        expect_function(accuracy_of, lambda s, y: 1.0, [(scores, labels)], otherwise="-", name="accuracy_of")
    message = str(raised.value)
    assert "scores = an array of shape (10, 10), labels = an array of shape (10,)" in message
    assert "it should return one number" in message


def test_a_reference_is_never_spoiled_by_an_answer_that_changes_its_input():
    given = np.array([1.0, 2.0])

    def doubled(x):
        x *= 2
        return x

    with pytest.raises(Hint, match="in place"):
        expect_function(doubled, lambda x: 2 * x, [(given,)], otherwise="no.")
    assert np.array_equal(given, [1.0, 2.0])


def _significant(value, digits):
    return np.vectorize(lambda v: float(f"{v:.{digits - 1}e}"))(np.asarray(value, dtype=float))


def _by_hand_answers():
    """(checker, right answer, how to pass it) for every exercise 01-07 whose answer is numbers by hand."""
    from nnkit.exercises import lesson03

    a = 1 / (1 + np.exp(0.7))
    d = 1.5 * 4.0 - 2.0 - 1.0
    typo = np.array([1.0, 1.5, 2.0, 2.5, 30.0])
    return {
        "01.1": (lesson01.neuron_output, a, lambda v: (v,)),
        "03.1": (lesson03.tiny_scores, lesson03._tiny_scores(), lambda v: (v,)),
        "04.2": (lesson04.crossentropy_of_p, -np.log(0.25), lambda v: (v,)),
        "04.4": (lesson04.optimum_moves, np.array([typo.mean() - 2.0, 0.0]), lambda v: (v,)),
        "05.2": (lesson05.diverging_rate, np.array([0.2, 0.4]), lambda v: (v,)),
        "06.1": (lesson06.graph_gradients, np.array([d * 4.0, d]), lambda v: tuple(v)),
        "06.3": (lesson06.network_gradient, lesson06._network_gradient(), lambda v: (v,)),
        "06.4": (lesson06.two_paths, 9.0 + 5.0 * 6.0, lambda v: (v,)),
        "07.4": (lesson07.six_layer_factor, (np.exp(-2) / (1 + np.exp(-2)) ** 2) ** 6, lambda v: (v,)),
    }


@pytest.mark.parametrize("number", sorted(_by_hand_answers()))
def test_every_by_hand_answer_to_three_digits_passes(number):
    checker, right, given = _by_hand_answers()[number]
    assert checker(*given(right)).status == CORRECT
    assert checker(*given(_significant(right, 3))).status == CORRECT, _significant(right, 3)
    assert checker(*given(_significant(right, 4))).status == CORRECT


@pytest.mark.parametrize("number", sorted(_by_hand_answers()))
def test_every_by_hand_statement_states_its_precision(number):
    import json
    from pathlib import Path

    lesson = next(Path(__file__).resolve().parents[2].joinpath("lessons").glob(f"{number[:2]}_*.ipynb"))
    cells = json.loads(lesson.read_text())["cells"]
    statement = next("".join(c["source"]) for c in cells if f"### Exercise {number} " in "".join(c["source"]))
    assert "3 significant digits" in " ".join(statement.split()), number


def test_pythons_sum_over_a_2d_array_is_pointed_at_the_axis():
    feedback = lesson04.hinge_loss(lambda y, s: sum(np.maximum(0, 1 - y * s)) / np.shape(y)[-1])
    assert feedback.status == INCORRECT and "run over the first axis only" in feedback.message


@pytest.mark.parametrize("number", sorted(all_checkers()))
def test_every_checkers_hints_grow_over_three_wrong_tries(number):
    import inspect

    checker = all_checkers()[number]
    answers = [  # text for every answer the checker needs: the first, and those whose default is the stub
        "0.5"
        for name, parameter in inspect.signature(checker).parameters.items()
        if parameter.default in (inspect.Parameter.empty, Ellipsis)
    ]
    first, second, third = (checker(*answers).message for _ in range(3))
    assert len({first, second, third}) == 3
    assert second.startswith(first) and third.startswith(second)
