"""A fresh temporary working copy for one submission, and the kernel that runs in it.

Each submission gets its own folder (``work/`` for the notebook, ``home/`` and
``tmp/`` for whatever libraries write), its own kernel process started by
:mod:`nnkit.grading.in_kernel` with a cleaned environment, and its own secret
(key, grading seed, limits) in a file outside that folder. Everything is deleted
afterwards, so nothing one submission writes reaches another.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nnkit
from nnkit.bundled import lessons_dir
from nnkit.grading.in_kernel import SECRET_VARIABLE
from nnkit.session import TENSORFLOW_ENVIRONMENT

KERNEL_NAME = "nnkit-grading"
# Kept from the grader's environment: what Python and TensorFlow need to start, nothing personal.
PASSED_VARIABLES = ("PATH", "LANG", "LC_ALL", "NNKIT_DATA", "NNKIT_STRICT", "VIRTUAL_ENV")


@dataclass
class Sandbox:
    root: Path  # everything the submission may write
    private: Path  # the grader's: secret, log, kernel spec (outside root)
    key: bytes

    @property
    def work(self) -> Path:
        return self.root / "work"

    @property
    def log(self) -> Path:
        return self.private / "refusals.log"

    def refusals(self) -> list[str]:
        """What the audit hook refused, in order (each line one JSON string)."""
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines() if line.strip()]


def create(
    *, lesson: str, memory_mb: int, cpu_seconds: int, grading_seed: int | None, forbidden: list[Path]
) -> Sandbox:
    """Make the folders, the secret file and the kernel spec for one submission."""
    root = Path(tempfile.mkdtemp(prefix="nnkit-grade-"))
    private = Path(tempfile.mkdtemp(prefix="nnkit-grader-"))
    for name in ("work", "home", "tmp"):
        (root / name).mkdir()
    copy_font_list(root / "home" / ".matplotlib")
    sandbox = Sandbox(root, private, secrets.token_bytes(32))
    sandbox.log.touch()
    (private / "secret.json").write_text(
        json.dumps(
            {
                "key": sandbox.key.hex(),
                "lesson": lesson,
                "grading_seed": grading_seed,
                "memory_mb": memory_mb,
                "cpu_seconds": cpu_seconds,
                "sandbox": str(root),
                "log": str(sandbox.log),
                "forbidden": [str(private), str(lessons_dir()), *map(str, forbidden)],
            }
        )
    )
    write_kernel_spec(private / "kernels", KERNEL_NAME, "nnkit.grading.in_kernel", "nnkit grading")
    return sandbox


def copy_font_list(folder: Path) -> list[Path]:
    """Copy matplotlib's font list from the grader's cache into ``folder`` (the kernel's MPLCONFIGDIR):
    without it, every submission's kernel spends up to a second scanning the system's fonts again.
    Nothing is copied where the grader has no font list yet.

    Example:
        >>> import tempfile
        >>> copied = copy_font_list(Path(tempfile.mkdtemp()) / ".matplotlib")
        >>> all(path.name.startswith("fontlist-") for path in copied)
        True
    """
    import matplotlib

    folder.mkdir(parents=True, exist_ok=True)
    copied = []
    for font_list in Path(matplotlib.get_cachedir()).glob("fontlist-v*.json"):
        copied.append(Path(shutil.copy(font_list, folder / font_list.name)))
    return copied


def write_kernel_spec(folder: Path, name: str, module: str, display_name: str) -> Path:
    """A Jupyter kernel named ``name`` in ``folder`` that runs ``python -m module`` with this Python.

    Example:
        >>> import tempfile
        >>> spec = write_kernel_spec(Path(tempfile.mkdtemp()), "nnkit", "ipykernel_launcher", "nnkit")
        >>> json.loads(spec.read_text())["argv"][1:3]
        ['-m', 'ipykernel_launcher']
    """
    spec = folder / name / "kernel.json"
    spec.parent.mkdir(parents=True)
    argv = [sys.executable, "-m", module, "-f", "{connection_file}"]
    spec.write_text(json.dumps({"argv": argv, "display_name": display_name, "language": "python"}))
    return spec


def kernel_environment(sandbox: Sandbox) -> dict[str, str]:
    """The kernel's environment: the grader's nnkit first on the path, home and temp inside the sandbox."""
    environment = {name: os.environ[name] for name in PASSED_VARIABLES if name in os.environ}
    environment.update(
        TENSORFLOW_ENVIRONMENT
    )  # as nnkit.setup() sets them, in case the checkers load Keras first
    environment.update(
        HOME=str(sandbox.root / "home"),
        TMPDIR=str(sandbox.root / "tmp"),
        IPYTHONDIR=str(sandbox.root / "home" / ".ipython"),
        MPLCONFIGDIR=str(sandbox.root / "home" / ".matplotlib"),
        MPLBACKEND="agg",  # figures are not graded: no inline PNGs to encode and send
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=str(
            Path(nnkit.__file__).resolve().parents[1]
        ),  # the kernel checks with the grader's nnkit
        **{SECRET_VARIABLE: str(sandbox.private / "secret.json")},
    )
    return environment


def remove(sandbox: Sandbox) -> None:
    """Delete both folders (whatever the submission left in them)."""
    for folder in (sandbox.root, sandbox.private):
        shutil.rmtree(folder, ignore_errors=True)
