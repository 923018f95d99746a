"""Quick prototyping: from a table of data to a trained, measured and saved Dense model.

:func:`prototype` trains on a DataFrame, a CSV file or NumPy ``(x, y)``; :func:`load_run` reads a
run folder back. Reads tables with pandas; ``tune=`` needs KerasTuner (``pip install 'nnkit[prototype]'``).
"""

from nnkit.prototyping.run_folder import load_run, save_run
from nnkit.prototyping.table import TableError, infer_task, read_table
from nnkit.prototyping.training import Prototype, prototype

__all__ = ["prototype", "Prototype", "load_run", "save_run", "TableError", "infer_task", "read_table"]
