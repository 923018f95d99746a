"""A small search over the network's size and learning rate, with KerasTuner, on the validation split.

Each trial builds a network of ``depth`` ReLU layers that halve from ``width`` (64 and 2 give
(64, 32), the shape of nnkit's default (32, 16)) with Adam at ``learning_rate``, trains it with
early stopping, and is scored by its lowest validation loss. KerasTuner's ``RandomSearch``
(seeded) picks the trials; its files live in a temporary folder, removed at the end.
"""

from __future__ import annotations

import tempfile
import warnings

import numpy as np

WIDTHS = (16, 32, 64, 128)
DEPTHS = (1, 2, 3)
LEARNING_RATES = (1e-3, 3e-3, 1e-2, 3e-2)


def hidden_widths(width: int, depth: int) -> tuple[int, ...]:
    """``depth`` layer widths halving from ``width``, none under 4.

    Example:
        >>> hidden_widths(64, 3)
        (64, 32, 16)
    """
    return tuple(max(4, width // 2**layer) for layer in range(depth))


def search(build, train, validation, *, trials: int, epochs: int, patience: int, seed: int, strategy=None):
    """Try ``trials`` configurations; returns ``(best, table)``.

    ``build(hidden, learning_rate)`` returns a compiled Keras model; ``train`` and ``validation``
    are ``tf.data`` datasets of ``(features, y)`` batches; ``strategy`` (or ``None``) is the
    ``tf.distribute`` strategy to build under. ``best`` is ``{"hidden": (...), "learning_rate": ...}``,
    the configuration of the lowest validation loss; ``table`` is a pandas DataFrame with one row
    per trial, best first.
    """
    import contextlib

    import keras
    import pandas as pd

    try:
        import keras_tuner
    except ImportError:
        raise ImportError(
            "prototype: tune= searches sizes with KerasTuner, which is not installed. "
            "Fix: pip install 'nnkit[prototype]' (or pip install keras-tuner), or leave tune out."
        ) from None

    space = keras_tuner.HyperParameters()
    space.Choice("width", WIDTHS)
    space.Choice("depth", DEPTHS)
    space.Choice("learning_rate", LEARNING_RATES)
    tried = []

    class Search(keras_tuner.RandomSearch):
        # KerasTuner's own run_trial imports TensorBoard, which TensorFlow no longer installs, and
        # saves a checkpoint per epoch; this one (its documented extension point) only trains.
        def run_trial(self, trial, *args, **kwargs):
            values = trial.hyperparameters.values
            hidden = hidden_widths(values["width"], values["depth"])
            with strategy.scope() if strategy is not None else contextlib.nullcontext():
                model = build(hidden, values["learning_rate"])
            history = model.fit(*args, **kwargs).history
            best = int(np.nanargmin(history["val_loss"])) if not np.all(np.isnan(history["val_loss"])) else 0
            metric = next(name for name in history if name.startswith("val_") and name != "val_loss")
            tried.append(
                {
                    "trial": len(tried) + 1,
                    "hidden": hidden,
                    "learning_rate": values["learning_rate"],
                    "epochs": len(history["val_loss"]),
                    "val_loss": float(history["val_loss"][best]),
                    metric: float(history[metric][best]),
                }
            )
            return {"val_loss": tried[-1]["val_loss"]}

    keras.utils.set_random_seed(seed)
    with tempfile.TemporaryDirectory(prefix="nnkit-tune-") as directory, warnings.catch_warnings():
        # KerasTuner 1.4 calls threading.currentThread(), deprecated since Python 3.10: not ours to fix.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="keras_tuner")
        tuner = Search(
            hyperparameters=space,
            objective="val_loss",
            max_trials=trials,
            seed=seed,
            directory=directory,
            project_name="prototype",
            overwrite=True,
        )
        stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience)
        tuner.search(
            train, validation_data=validation, epochs=epochs, callbacks=[stop], shuffle=False, verbose=0
        )
    if not tried:
        raise RuntimeError("prototype: the search ran no trial. Fix: pass tune=None to train without it.")
    table = pd.DataFrame(tried).sort_values("val_loss", kind="stable").reset_index(drop=True)
    best = table.iloc[0]
    hidden = tuple(int(width) for width in best["hidden"])
    return {"hidden": hidden, "learning_rate": float(best["learning_rate"])}, table
