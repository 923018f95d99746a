"""Deck 003's table of activation functions, as one registry a lesson can loop over."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nnkit import arguments
from nnkit.scratch import activations as act


@dataclass(frozen=True)
class Activation:
    """One row of the table: the function, its derivative and both formulas in LaTeX.

    Attributes:
        name: the table's name for it.
        function: ``g``, element-wise on NumPy arrays.
        derivative: ``g'``, element-wise.
        formula: ``g(z)`` in LaTeX.
        derivative_formula: ``g'(z)`` in LaTeX.
        output_range: the values ``g`` can take, as text.
    """

    name: str
    function: Callable
    derivative: Callable
    formula: str
    derivative_formula: str
    output_range: str

    def __post_init__(self) -> None:
        for field in ("name", "formula", "derivative_formula", "output_range"):
            if not isinstance(getattr(self, field), str):
                raise TypeError(
                    f"Activation: {field} must be text. Received: {field}={getattr(self, field)!r}. "
                    f"Fix: pass a string, e.g. {field}=r'\\max(0, z)'."
                )
        for field in ("function", "derivative"):
            arguments.function(getattr(self, field), field, where="Activation", example=f"{field}=np.tanh")


class _UnknownName(KeyError, ValueError):
    """A name that is not in :data:`ACTIVATIONS`; the message lists the names that are."""

    def __str__(self) -> str:
        return str(self.args[0])


class _Table(dict):
    """A dict whose missing key answers with the known names instead of a bare ``KeyError: 'relu'``."""

    def __missing__(self, name):
        close = [known for known in self if str(name).lower() == known.lower()]
        raise _UnknownName(
            f"ACTIVATIONS: no activation named {name!r}. Fix: use "
            + (f"{close[0]!r} (the table's spelling)." if close else f"one of {', '.join(map(repr, self))}.")
        )


ACTIVATIONS: dict[str, Activation] = _Table({
    a.name: a
    for a in [
        Activation("identity", act.linear, act.linear_derivative, r"z", r"1", "(-inf, inf)"),
        Activation(
            "binary step",
            act.binary_step,
            act.binary_step_derivative,
            r"0 \text{ if } z < 0,\ 1 \text{ if } z \ge 0",
            r"0 \text{ if } z \ne 0",
            "{0, 1}",
        ),
        Activation(
            "logistic",
            act.sigmoid,
            act.sigmoid_derivative,
            r"\frac{1}{1 + e^{-z}}",
            r"g(z)(1 - g(z))",
            "(0, 1)",
        ),
        Activation(
            "tanh",
            act.tanh,
            act.tanh_derivative,
            r"\frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
            r"1 - g(z)^2",
            "(-1, 1)",
        ),
        Activation(
            "arctan",
            act.arctan,
            act.arctan_derivative,
            r"\tan^{-1}(z)",
            r"\frac{1}{1 + z^2}",
            "(-pi/2, pi/2)",
        ),
        Activation(
            "ReLU",
            act.relu,
            act.relu_derivative,
            r"\max(0, z)",
            r"0 \text{ if } z < 0,\ 1 \text{ if } z > 0",
            "[0, inf)",
        ),
        Activation(
            "PReLU",
            act.prelu,
            act.prelu_derivative,
            r"\alpha z \text{ if } z < 0,\ z \text{ if } z \ge 0 \quad (\alpha = 0.1)",
            r"\alpha \text{ if } z < 0,\ 1 \text{ if } z > 0",
            "(-inf, inf)",
        ),
        Activation(
            "ELU",
            act.elu,
            act.elu_derivative,
            r"\alpha (e^{z} - 1) \text{ if } z < 0,\ z \text{ if } z \ge 0 \quad (\alpha = 1)",
            r"g(z) + \alpha \text{ if } z < 0,\ 1 \text{ if } z > 0",
            "(-alpha, inf)",
        ),
        Activation(
            "SoftPlus",
            act.softplus,
            act.softplus_derivative,
            r"\ln(1 + e^{z})",
            r"\frac{1}{1 + e^{-z}}",
            "(0, inf)",
        ),
    ]
})
