"""The student edition of a lesson: every reference solution replaced by a stub.

    nnkit lessons build/student    (the default edition; make student)

The committed lessons are the instructors' edition. In a code cell, the lines
between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (nbgrader's markers) give
way to ``# YOUR CODE HERE`` (plus ``...`` where Python needs a statement, as in a
function body); the lines outside the markers stay, so ``a = ...`` before a
solution is the student's starting point. Markdown between the markers is
dropped, a markdown cell left empty goes, and the outputs of solution cells and
of the checker cells after them are cleared, so no answer shows. The result runs
top to bottom headless, every checker saying "not attempted yet".
"""

from __future__ import annotations

import ast
import re

import nbformat

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
CHECKER_CALL = re.compile(r"^\s*check\.\w+\(", re.MULTILINE)


def strip_solutions(source: str, stub: str | None) -> str:
    r"""Replace each marked block of ``source`` by ``stub`` (indented like the marker), or by nothing.

    Example:
        >>> strip_solutions("x = 1\n### BEGIN SOLUTION\nx = 2\n### END SOLUTION", None)
        'x = 1'
    """
    lines, out, inside = source.splitlines(), [], False
    for line in lines:
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise ValueError(f"{BEGIN} inside another solution block")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            if stub is not None:
                out.extend(indent + stub_line for stub_line in stub.splitlines())
        elif marker == END:
            if not inside:
                raise ValueError(f"{END} without {BEGIN}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{BEGIN} without {END}")
    return "\n".join(out)


def student_code(source: str) -> str:
    r"""A code cell's student version: ``# YOUR CODE HERE``, with ``...`` only where Python needs it.

    Example:
        >>> print(student_code("def f(z):\n    ### BEGIN SOLUTION\n    return z\n    ### END SOLUTION"))
        def f(z):
            ...  # YOUR CODE HERE
    """
    code = strip_solutions(source, "# YOUR CODE HERE")
    try:
        ast.parse(code)
    except SyntaxError:  # a function body that was all solution
        code = strip_solutions(source, "...  # YOUR CODE HERE")
    return code


def student_edition(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    r"""The student edition of one lesson (a new notebook; the input is left as it was).

    Example:
        >>> lesson = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        ...     "a = ...\n### BEGIN SOLUTION\na = 0.4013\n### END SOLUTION")])
        >>> student_edition(lesson).cells[0].source
        'a = ...\n# YOUR CODE HERE'
    """
    notebook = nbformat.from_dict(notebook)
    cells = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and BEGIN in cell.source:
            cell.source = strip_solutions(cell.source, None).strip()
            if not cell.source:
                continue
        elif cell.cell_type == "code" and (BEGIN in cell.source or CHECKER_CALL.search(cell.source)):
            cell.source = student_code(cell.source)
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    notebook.cells = cells
    return notebook
