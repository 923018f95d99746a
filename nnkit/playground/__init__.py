"""A live playground in Jupyter: TensorFlow Playground's experience, with a Keras network underneath.

``nnkit.playground(...)`` opens it: controls for the data (xor, circles, gauss, spirals, two or
three MNIST digits in 2-D, or your own points), the input features, the network and its training;
Play/Pause, Step, Reset; live views of the decision regions, the losses and what each hidden unit
computes; and the plain Keras code of the setup. Without widgets, :func:`run` trains a setup and
draws the same views, for lessons and scripts. One seed makes a setup reproducible.

Example:
    >>> import nnkit
    >>> result = nnkit.playground.run({"dataset": "xor", "hidden": [4], "samples": 80}, steps=300)
    >>> result.train_loss < result.history["train_loss"][0]
    True
"""

from __future__ import annotations

import sys
import types

from nnkit.playground.config import PlaygroundConfig, make_config
from nnkit.playground.export import export_code, export_config
from nnkit.playground.headless import RunResult, run

__all__ = [
    "Playground",
    "PlaygroundConfig",
    "RunResult",
    "run",
    "export_code",
    "export_config",
    "make_config",
]


class _CallableModule(types.ModuleType):
    """This module, callable: ``nnkit.playground(...)`` opens the playground, and ``nnkit.playground.run``
    and the rest stay reachable on the same name."""

    def __call__(self, config=None, **settings):
        """Open the live playground: ``config`` (a dict or JSON string) with ``settings`` on top."""
        from nnkit.playground.widget import Playground

        return Playground(config, **settings)


def __getattr__(name: str):
    if name == "Playground":  # imports ipywidgets: only when the live playground is wanted
        from nnkit.playground.widget import Playground

        return Playground
    raise AttributeError(f"module 'nnkit.playground' has no attribute {name!r}")


sys.modules[__name__].__class__ = _CallableModule
