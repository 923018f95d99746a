"""Quick prototyping: from a table of data to a trained, measured and saved Dense model.

:func:`prototype` trains on a DataFrame, a CSV file or NumPy ``(x, y)``; :func:`load_run` reads a
run folder back; :func:`prototype_script` writes a run's ``train.py``, the same training in plain
Keras. Reads tables with pandas; ``tune=`` needs KerasTuner (``pip install 'nnkit[prototype]'``).

Importing the package loads no TensorFlow: ``nnkit.prototyping.table`` and ``roles`` (pandas only)
check a table first, as the ``nnkit`` command does before it loads TensorFlow; the Keras parts load
on first use.
"""

import importlib

from nnkit.prototyping.roles import infer_roles
from nnkit.prototyping.table import TableError, infer_task, read_table

# Public name -> module that defines it; those modules import Keras.
_LAZY = {
    "prototype": "nnkit.prototyping.training",
    "Prototype": "nnkit.prototyping.result",
    "load_run": "nnkit.prototyping.run_folder",
    "save_run": "nnkit.prototyping.run_folder",
    "prototype_script": "nnkit.prototyping.script",
}

__all__ = [
    "prototype",
    "Prototype",
    "load_run",
    "save_run",
    "prototype_script",
    "TableError",
    "infer_task",
    "infer_roles",
    "read_table",
]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nnkit.prototyping' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
