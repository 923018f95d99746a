"""Load a saved model back with nnkit's input checks: :func:`load_model`."""

from __future__ import annotations

import os
import zipfile

import keras

from nnkit import arguments
from nnkit.input_checks import with_input_checks


def load_model(path: str | os.PathLike) -> keras.Model:
    """Load a ``.keras`` file, safely, and give the model back its input checks.

    ``model.save(...)`` writes an ordinary Keras file; loading it with plain Keras
    loses the checks nnkit attached to ``fit``, ``evaluate`` and ``predict``.
    Keras's ``safe_mode`` stays on: nothing in the file is run or unpickled.

    Example:
        >>> import nnkit, numpy as np, tempfile, pathlib
        >>> model = nnkit.dense_model([3], input_dim=2, task="multiclass")
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "model.keras"
        >>> _ = model.fit(np.zeros((4, 2)), np.array([0, 1, 2, 0]), verbose=0)  # optimizer state too
        >>> model.save(path)
        >>> load_model(path).fit(np.zeros((4, 5)), [0, 1, 2, 0])
        Traceback (most recent call last):
        ...
        ValueError: model.fit: x has 5 features per sample but the model expects 2. ...
    """
    file = arguments.path(path, "path", where="load_model")
    if not file.is_file():
        raise FileNotFoundError(
            f"load_model: no file at path={str(file)!r}. Fix: pass the path you gave model.save(...), "
            "ending in .keras."
        )
    if file.suffix != ".keras" or not zipfile.is_zipfile(file):
        raise ValueError(
            f"load_model: path={str(file)!r} is not a Keras 3 .keras file (or it was cut short). Fix: save "
            "with model.save('name.keras'); older .h5 files need keras.saving.load_model in an environment "
            "that made them."
        )
    try:
        model = keras.saving.load_model(file, safe_mode=True)
    except (ValueError, KeyError, TypeError, OSError, zipfile.BadZipFile) as error:  # damaged or foreign
        raise ValueError(
            f"load_model: path={str(file)!r} could not be read as a Keras model: "
            f"{' '.join(str(error).split())[:300]} Fix: save the model again with model.save('name.keras'); "
            "a model with Lambda layers or custom objects needs keras.saving.load_model with those objects."
        ) from None
    if not isinstance(model, keras.Model):
        raise ValueError(
            f"load_model: path={str(file)!r} holds a {type(model).__name__}, not a model. "
            "Fix: pass a file written by model.save(...)."
        )
    return with_input_checks(model)
