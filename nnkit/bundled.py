"""Where the files nnkit ships live: inside an installed wheel, or in the repository checkout.

A wheel carries the digits and the lessons under ``nnkit/bundled/`` (pyproject.toml
copies them in at build time, so the repository's ``data/`` and ``lessons/`` stay
the one source). An editable install or a checkout reads them where they are.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
INSTALLED = PACKAGE / "bundled"
CHECKOUT = PACKAGE.parent


def installed_from_wheel() -> bool:
    """Whether this nnkit runs from an installed wheel (``True``) or from a checkout (``False``).

    Example:
        >>> isinstance(installed_from_wheel(), bool)
        True
    """
    return INSTALLED.is_dir()


def data_dir() -> Path:
    """The folder the data loaders read: ``$NNKIT_DATA`` if set, else the bundled data.

    Example:
        >>> data_dir().name
        'data'
    """
    if "NNKIT_DATA" in os.environ:
        return Path(os.environ["NNKIT_DATA"]).expanduser()
    return INSTALLED / "data" if installed_from_wheel() else CHECKOUT / "data"


def lessons_dir() -> Path:
    """The folder holding the lesson notebooks nnkit was built with.

    Example:
        >>> sorted(path.name for path in lessons_dir().glob("01_*.ipynb"))
        ['01_artificial_neuron.ipynb']
    """
    return INSTALLED / "lessons" if installed_from_wheel() else CHECKOUT / "lessons"


def restore_hint(name: str) -> str:
    """How to get a missing or damaged bundled file back, for a pip user or a checkout."""
    if installed_from_wheel() or not (CHECKOUT / ".git").exists():
        return "Fix: reinstall nnkit (pip install --force-reinstall --no-deps nnkit, or your wheel)."
    return (
        f"Fix: restore it with `git checkout -- data/{name}`, or rebuild it with "
        "`python data/build_mnist_5k.py` (see data/README.md)."
    )
