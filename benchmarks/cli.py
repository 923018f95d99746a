"""Benchmark (not a test): how long the nnkit command takes to report a mistake (budget: 2 s).

    make benchmark        # or: .venv/bin/python benchmarks/cli.py [--repeats N]

Each row runs the real command in a fresh process (`python -m nnkit ...`), so the time includes the
interpreter's start and every import the command makes before it answers; the command checks its
arguments before TensorFlow loads. For scale, the last row is one that does load TensorFlow.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nnkit.session import TENSORFLOW_ENVIRONMENT

BUDGET_SECONDS = 2.0  # the budget for an argument error


def seconds(arguments: list[str], cwd: Path, repeats: int) -> tuple[float, int]:
    runs, status = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "nnkit", *arguments],
            cwd=cwd,
            capture_output=True,
            env={**os.environ, **TENSORFLOW_ENVIRONMENT},
        )
        runs.append(time.perf_counter() - start)
        status = done.returncode
    return statistics.median(runs), status


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nnkit-cli-") as folder:
        cwd = Path(folder)
        (cwd / "birds.csv").write_text("wing,island,species\n1.5,Biscoe,Adelie\n2.5,Dream,Gentoo\n")
        errors = {
            "no file (nnkit train missing.csv)": ["train", "missing.csv", "--target", "species"],
            "no column (--target Species)": ["train", "birds.csv", "--target", "Species"],
            "bad --task for the target": [
                "train",
                "birds.csv",
                "--target",
                "species",
                "--task",
                "regression",
            ],
            "not a run folder (predict)": ["predict", ".", "birds.csv"],
            "nnkit --version": ["--version"],
        }
        print(f"Time to an argument error (seconds, median of {args.repeats}; budget {BUDGET_SECONDS:.0f} s)")
        within = True
        for label, arguments in errors.items():
            median, status = seconds(arguments, cwd, args.repeats)
            ok = median <= BUDGET_SECONDS
            within &= ok
            print(f"  {label:<40} exit {status}  {median:6.2f}  {'' if ok else 'OVER BUDGET'}".rstrip())
        code = "import nnkit; nnkit.setup()"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, check=True)
        print(
            f"  {'for scale: nnkit.setup() with TensorFlow':<40}         {time.perf_counter() - start:6.2f}"
        )
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
