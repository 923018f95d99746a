"""Mechanical mutants of a reference solution, the code between ``### BEGIN SOLUTION`` and ``### END
SOLUTION``.

Each operator changes one AST node inside the solution block (the lines around it, the student's
starting point, stay as they are): a constant moved, an operator or a comparison swapped, an axis
changed, an activation or an option replaced, a term, a keyword argument, a list element (a layer)
or a statement dropped, a pair reversed, a NumPy function replaced by its twin. A mutant is the
whole answer cell, rewritten with ``ast.unparse``.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Callable, Iterator

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
ACTIVATIONS = ("sigmoid", "relu", "linear", "softmax", "tanh")
_OPERATORS = {
    ast.Add: (ast.Sub, ast.Mult),
    ast.Sub: (ast.Add,),
    ast.Mult: (ast.Div, ast.Add),
    ast.Div: (ast.Mult, ast.FloorDiv),
    ast.FloorDiv: (ast.Div,),
    ast.Pow: (ast.Mult,),
    ast.MatMult: (ast.Mult,),
    ast.Mod: (ast.FloorDiv,),
}
_COMPARISONS = {
    ast.Lt: (ast.LtE, ast.Gt),
    ast.LtE: (ast.Lt, ast.GtE),
    ast.Gt: (ast.GtE, ast.Lt),
    ast.GtE: (ast.Gt, ast.LtE),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
}
# NumPy (and scratch) functions and their usual mix-ups.
_TWINS = {
    "max": ("min",), "min": ("max",), "argmax": ("argmin",), "argmin": ("argmax",),
    "maximum": ("minimum",), "minimum": ("maximum",), "mean": ("sum",), "sum": ("mean",),
    "exp": ("log",), "log": ("log10", "exp"), "sigmoid": ("softmax",), "softmax": ("sigmoid",),
    "sqrt": ("abs",), "abs": ("sqrt",), "ceil": ("floor",), "floor": ("ceil",), "outer": ("dot",),
    "median": ("mean",), "norm": ("sum",), "tanh": ("sin",), "T": (),
}

Mutant = tuple[str, str]  # (what was changed, the mutated cell)


def solution_lines(source: str) -> range:
    """The line numbers (1-based, as ``ast`` counts) strictly between the two markers."""
    lines = source.splitlines()
    begin = next(i for i, line in enumerate(lines, 1) if line.strip() == BEGIN)
    end = next(i for i, line in enumerate(lines, 1) if line.strip() == END)
    return range(begin + 1, end)


def _number_alternatives(value: float | int) -> list:
    if isinstance(value, int):
        return [value + 1, value - 1] if value not in (0, 1) else [value + 1, 1 - value]
    return [value * 2, value + 1] if value else [1.0]


def _string_alternatives(value: str, options: tuple[str, ...]) -> list[str]:
    if value in ACTIVATIONS:
        return [a for a in ACTIVATIONS if a != value]
    if value in options:
        return [o for o in options if o != value]
    if len(value) == 1 and value.isalpha():
        letters = "abcd" if value.islower() else "ABCD"
        return [letter for letter in letters if letter != value]
    return []


def _replacements(
    node: ast.AST, parent: ast.AST | None, options: tuple[str, ...]
) -> Iterator[tuple[str, Callable]]:
    """(description, function that returns the replacement node or None to delete it)."""
    if isinstance(node, ast.Constant) and not isinstance(parent, ast.Expr):
        value = node.value
        if isinstance(value, bool):
            yield f"{value} -> {not value}", lambda: ast.Constant(not value)
        elif isinstance(value, (int, float)):
            for other in _number_alternatives(value):
                yield f"{value!r} -> {other!r}", lambda other=other: ast.Constant(other)
        elif isinstance(value, str):
            for other in _string_alternatives(value, options):
                yield f"{value!r} -> {other!r}", lambda other=other: ast.Constant(other)
    elif isinstance(node, ast.BinOp):
        for new in _OPERATORS.get(type(node.op), ()):
            yield (f"{type(node.op).__name__} -> {new.__name__} in {ast.unparse(node)[:40]}",
                   lambda new=new: ast.BinOp(node.left, new(), node.right))
        yield f"dropped the right term of {ast.unparse(node)[:40]}", lambda: node.left
        yield f"dropped the left term of {ast.unparse(node)[:40]}", lambda: node.right
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        yield f"dropped the minus of {ast.unparse(node)[:40]}", lambda: node.operand
    elif isinstance(node, ast.Compare) and len(node.ops) == 1:
        for new in _COMPARISONS.get(type(node.ops[0]), ()):
            yield (f"{type(node.ops[0]).__name__} -> {new.__name__} in {ast.unparse(node)[:40]}",
                   lambda new=new: ast.Compare(node.left, [new()], node.comparators))
    elif isinstance(node, ast.keyword) and node.arg is not None:
        yield f"dropped {node.arg}=", lambda: None
        if node.arg == "axis":
            for axis in (0, 1, -1, None):
                if not (isinstance(node.value, ast.Constant) and node.value.value == axis):
                    yield f"axis -> {axis}", lambda axis=axis: ast.keyword("axis", ast.Constant(axis))
    elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
        for twin in _TWINS.get(node.attr, ()):
            yield f".{node.attr} -> .{twin}", lambda twin=twin: ast.Attribute(node.value, twin, ast.Load())
    elif isinstance(node, (ast.List, ast.Tuple)) and isinstance(node.ctx, ast.Load):
        if len(node.elts) >= 2:
            for index in range(len(node.elts)):
                kept = node.elts[:index] + node.elts[index + 1 :]
                yield (f"dropped element {index} of {ast.unparse(node)[:40]}",
                       lambda kept=kept: type(node)(kept, ast.Load()))
            yield (f"reversed {ast.unparse(node)[:40]}",
                   lambda: type(node)(list(reversed(node.elts)), ast.Load()))
    elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Expr, ast.Return, ast.If, ast.For)):
        if not isinstance(node, ast.Expr) or not isinstance(node.value, ast.Constant):
            yield f"dropped the line {ast.unparse(node).splitlines()[0][:50]}", lambda: ast.Pass()


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}


def _replace(parent: ast.AST, old: ast.AST, new: ast.AST | None) -> None:
    for field, value in ast.iter_fields(parent):
        if isinstance(value, list) and any(item is old for item in value):
            items = [item for item in value if item is not old] if new is None else [
                new if item is old else item for item in value]
            setattr(parent, field, items)
            return
        if value is old:
            setattr(parent, field, new)
            return


def mutants(source: str, options: tuple[str, ...] = ()) -> list[Mutant]:
    """Every single-node mutant of the solution block of an answer cell, without duplicates.

    ``options`` are the strings the statement offers (an option swapped for another is a mutant).
    """
    inside = solution_lines(source)
    tree = ast.parse(source)
    original = ast.unparse(tree)
    parents = _parents(tree)
    found: dict[str, str] = {}
    for index, node in enumerate(ast.walk(tree)):
        if getattr(node, "lineno", None) not in inside:
            continue
        choices = list(_replacements(node, parents.get(node), options))
        for choice, (description, _) in enumerate(choices):
            if isinstance(node, ast.Return) and description.startswith("dropped the line"):
                continue  # a function that returns nothing: the forgotten-return case, tried by hand
            mutated = copy.deepcopy(tree)
            target = list(ast.walk(mutated))[index]
            target_parent = _parents(mutated)[target]
            replacement = list(_replacements(target, target_parent, options))[choice][1]()
            if replacement is not None:
                ast.copy_location(replacement, target)
            _replace(target_parent, target, replacement)
            ast.fix_missing_locations(mutated)
            try:
                code = ast.unparse(mutated)
                compile(code, "<mutant>", "exec")
            except (SyntaxError, ValueError, TypeError, AttributeError):
                continue
            if code != original and code not in found.values():
                found[f"{description} (line {node.lineno})"] = code
    return list(found.items())


def statement_options(statement: str) -> tuple[str, ...]:
    """The quoted strings an exercise statement offers as answers ("converges", "relu", ...)."""
    quoted = re.findall(r'"([^"\n]{1,40})"', statement)
    return tuple(dict.fromkeys(quoted))
