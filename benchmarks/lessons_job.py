"""Benchmark (not a test): make lessons' lesson part on every core against one lesson at a time.

    make benchmark        # or: .venv/bin/python benchmarks/lessons_job.py [--workers N] [LESSONS...]

Runs tools/run_lessons.py twice over the same lessons (without the book, which is built once after
them either way): with one worker, then with --workers (the longest lessons first). Goal: the parallel
run takes at most 0.6x the sequential one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 0.6


def seconds(workers: int, lessons: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "tools/run_lessons.py", "--workers", str(workers), *lessons],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - start, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("lessons", nargs="*", help="notebooks (default: every lesson)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    lessons = args.lessons or sorted(
        str(path.relative_to(ROOT)) for path in (ROOT / "lessons").glob("*.ipynb")
    )
    print(f"make lessons, the lesson part: {len(lessons)} lessons (seconds, the whole runner included)")
    sequential, status_one = seconds(1, lessons)
    print(f"  {'one at a time':<32} {'pass' if status_one == 0 else 'FAIL'}  {sequential:6.1f}")
    parallel, status_many = seconds(args.workers, lessons)
    label = f"{args.workers} workers, longest first"
    print(f"  {label:<32} {'pass' if status_many == 0 else 'FAIL'}  {parallel:6.1f}")
    ratio = parallel / sequential
    print(f"  {f'ratio (goal {GOAL}x)':<32}       {ratio:5.2f}x")
    return 0 if status_one == status_many == 0 and ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
