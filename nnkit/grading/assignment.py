"""What a lesson asks, read from the instructors' edition: its exercises, their checker calls, their points.

The grader trusts this edition only: the checker call it runs for an exercise is
copied from here, never from the student's notebook, so a checker cell the
student deleted, moved or edited changes nothing.

Example:
    >>> lesson = read_assignment("04")
    >>> [(item.number, item.points, item.call) for item in lesson.exercises][:2]
    [('04.1', 2, 'check.mse_any_shapes(mse)'), ('04.2', 1, 'check.crossentropy_of_p(ce)')]
"""

from __future__ import annotations

import ast
import importlib
import re
from dataclasses import dataclass
from pathlib import Path

from nnkit.bundled import lessons_dir
from nnkit.student_edition import CHECKER_CALL

LESSON_IMPORT = re.compile(r"from nnkit\.exercises import lesson(\d\d) as check")
LESSON_FILE = re.compile(r"^(\d\d)_\w+\.ipynb$")


@dataclass(frozen=True)
class Exercise:
    number: str  # "04.1"
    title: str
    points: float
    call: str  # the instructors' checker call, e.g. "check.mse_any_shapes(mse)"
    arguments: str  # the call's arguments as source, e.g. "mse"
    answer_cell_id: str | None  # the id of the code cell before the checker cell


@dataclass(frozen=True)
class Assignment:
    lesson: str  # "04"
    path: Path  # the instructors' edition
    exercises: tuple[Exercise, ...]


def lesson_path(lesson: str) -> Path:
    """The instructors' edition of lesson ``lesson`` ("04")."""
    found = sorted(lessons_dir().glob(f"{lesson}_*.ipynb"))
    if not found:
        raise ValueError(f"there is no lesson {lesson!r}: lessons are numbered 01 to 15.")
    return found[0]


def _checker_call(source: str) -> ast.Call | None:
    try:
        tree = ast.parse(source.strip())
    except SyntaxError:
        return None
    if (
        len(tree.body) == 1
        and isinstance(tree.body[0], ast.Expr)
        and isinstance(tree.body[0].value, ast.Call)
    ):
        call = tree.body[0].value
        if (
            isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "check"
        ):
            return call
    return None


def read_assignment(lesson: str, points: dict[str, float] | None = None) -> Assignment:
    """The exercises of lesson ``lesson`` ("04"), with points: ``points[number]`` if given, else its stars."""
    import nbformat

    from nnkit.exercises.feedback import REGISTRY

    path = lesson_path(lesson)
    module = importlib.import_module(f"nnkit.exercises.lesson{lesson}")
    notebook = nbformat.read(path, as_version=4)
    exercises, previous_code = [], None
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        call = _checker_call(cell.source) if CHECKER_CALL.search(cell.source) else None
        if call is not None:
            checker = getattr(module, call.func.attr)
            arguments = ", ".join(ast.unparse(arg) for arg in [*call.args, *call.keywords])
            exercises.append(
                Exercise(
                    number=checker.number,
                    title=checker.title,
                    points=(points or {}).get(checker.number, REGISTRY[checker.number].stars),
                    call=ast.unparse(call),
                    arguments=arguments,
                    answer_cell_id=previous_code.get("id") if previous_code is not None else None,
                )
            )
        previous_code = cell
    unknown = sorted(set(points or {}) - {item.number for item in exercises})
    unknown = [number for number in unknown if number.startswith(f"{lesson}.")]
    if unknown:
        raise ValueError(
            f"the config gives points to exercise {unknown[0]}, which lesson {lesson} does not have; "
            f"its exercises are {', '.join(item.number for item in exercises)}."
        )
    return Assignment(lesson, path, tuple(exercises))


def which_lesson(path: Path, text: str) -> str | None:
    """The lesson a submission answers: from its file name ("04_loss_functions.ipynb"), else its import line.

    Example:
        >>> which_lesson(Path("alice.ipynb"), "from nnkit.exercises import lesson07 as check")
        '07'
    """
    match = LESSON_FILE.match(path.name)
    if match:
        return match.group(1)
    match = LESSON_IMPORT.search(text)
    return match.group(1) if match else None
