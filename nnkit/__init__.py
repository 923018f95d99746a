"""nnkit: the course companion for an introductory neural-networks unit.

``import nnkit`` does not import TensorFlow: the environment that
:func:`nnkit.setup` prepares must be in place before TensorFlow loads, and the
NumPy-only parts (``nnkit.scratch``, ``nnkit.datasets``, ``nnkit.plots``) work
without it. The Keras helpers load on first use.

Example:
    >>> import nnkit
    >>> nnkit.setup(seed=0)
    >>> model = nnkit.dense_model([8, 1], input_dim=2, task="binary")
    >>> model.layers[-1].activation.__name__
    'sigmoid'
"""

from __future__ import annotations

import importlib

from nnkit.session import setup

__version__ = "0.1.0"

# The NumPy-only modules load on first use too: the nnkit command answers before matplotlib loads.
_SUBMODULES = ("claims", "datasets", "exercises", "metrics", "plots", "scratch")

# Public name -> module that defines it; those modules import Keras.
_LAZY = {
    "dense_model": "nnkit.models",
    "slide_model": "nnkit.models",
    "SLIDE_MODELS": "nnkit.models",
    "TASKS": "nnkit.tasks",
    "with_input_checks": "nnkit.input_checks",
    "predict_proba": "nnkit.probabilities",
    "keras_code": "nnkit.codegen",
    "load_model": "nnkit.saving",
    "prototype": "nnkit.prototyping",  # tune= needs KerasTuner: pip install 'nnkit[prototype]'
    "playground": "nnkit.playground",  # the module itself, callable: nnkit.playground(...), .run(...)
}

__all__ = ["setup", "claims", "datasets", "exercises", "metrics", "plots", "scratch", *_LAZY]


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")  # the import binds it on the package
    if name in _LAZY:
        try:
            module = importlib.import_module(_LAZY[name])
        except ModuleNotFoundError as error:
            if error.name != "tensorflow":
                raise
            from nnkit.session import MISSING_TENSORFLOW

            raise ModuleNotFoundError(MISSING_TENSORFLOW, name="tensorflow") from None
        value = module if module.__name__ == f"{__name__}.{name}" else getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nnkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
