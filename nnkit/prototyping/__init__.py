"""Quick prototyping: from a table of data to a trained, measured and saved Dense model.

:func:`prototype` trains on a DataFrame, a CSV file or NumPy ``(x, y)``; :func:`load_run` reads a
run folder back; :func:`prototype_script` writes a run's ``train.py``, the same training in plain
Keras. Reads tables with pandas; ``tune=`` needs KerasTuner (``pip install 'nnkit[prototype]'``).
"""

from nnkit.prototyping.result import Prototype
from nnkit.prototyping.roles import infer_roles
from nnkit.prototyping.run_folder import load_run, save_run
from nnkit.prototyping.script import prototype_script
from nnkit.prototyping.table import TableError, infer_task, read_table
from nnkit.prototyping.training import prototype

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
