"""A Gradescope autograder zip for one lesson: ``setup.sh`` and ``run_autograder`` around ``nnkit grade``.

    python -m nnkit.grading.gradescope 04 autograder.zip [--config grading.toml] [--grading-seed S]

Gradescope runs ``setup.sh`` once when it builds the image and ``run_autograder`` for each
submission, with the student's files in ``/autograder/submission`` and the results expected in
``/autograder/results/results.json``. The seed and the config travel inside the zip, which
students never see. ``AUTOGRADER_ROOT`` replaces ``/autograder`` (for a trial run on your machine).

Example:
    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> autograder_zip("04", buffer, install="pip install nnkit")
    >>> sorted(zipfile.ZipFile(buffer).namelist())
    ['run_autograder', 'setup.sh']
"""

from __future__ import annotations

import shlex
import sys
import zipfile
from pathlib import Path
from typing import IO

from nnkit.grading.assignment import lesson_path

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image.
set -euo pipefail
apt-get install -y python3 python3-pip python3-venv >/dev/null
python3 -m venv /autograder/venv
/autograder/venv/bin/{install}
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for each submission.
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
NNKIT="${{NNKIT:-$ROOT/venv/bin/nnkit}}"
mkdir -p "$ROOT/results"
"$NNKIT" grade "$ROOT/submission" --lesson {lesson} --workers 1 --out "$ROOT/results/nnkit" \\
    --gradescope "$ROOT/results/results.json"{options}
"""


def autograder_zip(
    lesson: str,
    destination: str | Path | IO[bytes],
    *,
    config: Path | None = None,
    grading_seed: int | None = None,
    install: str = "pip install nnkit",
) -> None:
    """Write the autograder zip for ``lesson`` ("04"); ``install`` is the pip line that installs nnkit."""
    lesson_path(lesson)  # a ValueError for a lesson that does not exist
    options = ""
    if config is not None:
        options += ' --config "$(dirname "$0")/grading.toml"'
    if grading_seed is not None:
        options += f" --grading-seed {int(grading_seed)}"
    with zipfile.ZipFile(destination, "w") as archive:
        for name, text in (
            ("setup.sh", SETUP.format(install=install)),
            ("run_autograder", RUN.format(lesson=shlex.quote(lesson), options=options)),
        ):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16  # executable, as Gradescope runs them
            archive.writestr(info, text)
        if config is not None:
            archive.write(config, "grading.toml")


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m nnkit.grading.gradescope", description=__doc__.splitlines()[0]
    )
    parser.add_argument("lesson")
    parser.add_argument("destination", type=Path)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--grading-seed", type=int)
    parser.add_argument("--install", default="pip install nnkit")
    options = parser.parse_args(argv)
    autograder_zip(
        options.lesson,
        options.destination,
        config=options.config,
        grading_seed=options.grading_seed,
        install=options.install,
    )
    print(f"Wrote {options.destination}: upload it as the assignment's autograder on Gradescope.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
