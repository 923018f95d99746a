"""Benchmark (not a test): seconds to grade N submissions of one lesson against executing it N times.

    .venv/bin/python benchmarks/grading.py [--lesson 04] [--count 30] [--workers 1]

The submissions are N copies of the lesson's instructors' edition (every answer right), graded by
``nnkit grade``'s own function (a sandbox, a guarded kernel, the trusted checker calls, signed
verdicts, the reports). The baseline executes the same notebook N times with nbclient in a plain
kernel, as ``jupyter nbconvert --execute`` would (figures to Agg, as when grading), with the same
number of workers. The grader's
overhead is the difference over the baseline; the goal is at most 10%.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import platform
import shutil
import tempfile
import time
from pathlib import Path

GOAL_OVERHEAD = 0.10


def execute_once(path: Path) -> None:
    """Run the notebook top to bottom in a plain kernel, in a temporary folder (the baseline).

    Figures go to matplotlib's Agg backend, as in the grader's kernel: the difference measured is
    then the grader's own work, not the inline PNGs it skips.
    """
    import os

    import nbformat
    from nbclient import NotebookClient

    os.environ["MPLBACKEND"] = "agg"  # inherited by the kernel this process starts

    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as folder:
        NotebookClient(notebook, timeout=600, resources={"metadata": {"path": folder}}).execute()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="04")
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--workers", type=int, default=1)
    options = parser.parse_args()

    from nnkit.grading.assignment import lesson_path
    from nnkit.grading.config import GradingConfig
    from nnkit.grading.grader import grade_class
    from nnkit.grading.report import write_reports

    lesson = lesson_path(options.lesson)
    with tempfile.TemporaryDirectory() as folder:
        submissions = Path(folder) / "class"
        for k in range(options.count):
            (submissions / f"student{k:02d}").mkdir(parents=True)
            shutil.copy(lesson, submissions / f"student{k:02d}" / lesson.name)

        # Two rounds, each executing then grading half of the copies: a machine whose load drifts
        # during the run then weighs on both sides alike.
        executed = graded = 0.0
        results = []
        halves = [list(range(options.count))[k::2] for k in range(2)]
        for half in halves:
            start = time.perf_counter()
            with concurrent.futures.ProcessPoolExecutor(options.workers) as pool:
                list(pool.map(execute_once, [lesson] * len(half)))
            executed += time.perf_counter() - start
            start = time.perf_counter()
            paths = [submissions / f"student{k:02d}" for k in half]
            graded_half = grade_class(paths, lesson=None, config=GradingConfig(), workers=options.workers)
            write_reports(graded_half, Path(folder) / "out")
            graded += time.perf_counter() - start
            results += graded_half

    full = sum(result.total == result.maximum for result in results)
    overhead = graded / executed - 1
    print(
        f"{platform.processor() or platform.machine()}, {options.workers} worker(s), lesson {options.lesson}"
    )
    print(
        f"execute the lesson {options.count} times: {executed:7.1f} s ({executed / options.count:.1f} s each)"
    )
    print(
        f"nnkit grade {options.count} submissions:   {graded:7.1f} s ({graded / options.count:.1f} s each), "
        f"{full}/{len(results)} with full marks"
    )
    verdict = "met" if overhead <= GOAL_OVERHEAD else "NOT met"
    print(f"grader overhead: {overhead:+.1%} (goal: at most {GOAL_OVERHEAD:.0%}, {verdict})")


if __name__ == "__main__":
    main()
