"""Execute lesson notebooks headless, on every core; print a table of lesson, result and seconds.

    python tools/run_lessons.py --book build/lessons lessons/*.ipynb   # the main job (make lessons)
    python tools/run_lessons.py --write lessons/01_*.ipynb             # refresh outputs (make refresh)

Each lesson runs in a fresh kernel of this Python, the same one nbval uses
(`--nbval-current-env`), whatever kernelspecs are installed elsewhere, so
refreshed outputs match what the tests expect. Lessons run ``--workers`` at a
time (default: one per core), the longest first (lessons/durations.json, as
make test orders them), so no core waits at the end for a long lesson started
last. The "same" column compares this run's text outputs with the committed
ones, after the sanitize rules in lessons/sanitize.cfg and, like nbval, ignoring
images: run twice, a lesson must print the same numbers. ``--book`` writes the
executed lessons as an offline book (tools/book.py); the developer columns stay
in this table.
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import nbformat
from lesson_order import record, recorded  # tools/, beside this script
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert.preprocessors import CoalesceStreamsPreprocessor
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager
from nbval.plugin import coalesce_streams
from traitlets.config import Config

from nnkit.claims import STRICT_VARIABLE

SANITIZE = Path(__file__).resolve().parents[1] / "lessons" / "sanitize.cfg"


def sanitize_rules() -> list[tuple[re.Pattern, str]]:
    # Same format and reading as nbval's --nbval-sanitize-with file.
    text = SANITIZE.read_text()
    pairs = re.findall(r"^regex: (.*)$\n^replace: (.*)$", text, flags=re.MULTILINE)
    return [(re.compile(regex), replace) for regex, replace in pairs]


def text_outputs(notebook, rules) -> list[list[str]]:
    """Per code cell, the text nbval compares (images and metadata left out).

    Like nbval, consecutive prints are merged first: how the kernel splits one
    cell's stdout into messages varies from run to run.
    """
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        texts = []
        for output in coalesce_streams(copy.deepcopy(cell.get("outputs", []))):
            text = output.get("text") or output.get("data", {}).get("text/plain") or ""
            if output.get("output_type") == "error":
                text = f"{output['ename']}: {output['evalue']}"
            for pattern, replace in rules:
                text = pattern.sub(replace, text)
            texts.append(text)
        cells.append(texts)
    return cells


class CurrentEnvClient(NotebookClient):
    """Runs the notebook on this Python, as nbval's --nbval-current-env does.

    A plain "python3" kernel name could resolve to another environment's kernelspec
    (a user-wide one wins over the virtual environment's), and then refreshed
    outputs would not be the ones nbval compares against.
    """

    def create_kernel_manager(self):
        self.km = self.kernel_manager_class(
            kernel_name=CURRENT_ENV_KERNEL_NAME,
            kernel_spec_manager=NbvalKernelspecManager(),
            config=self.config,
        )
        return self.km


def kernel_config(socket_dir: str) -> Config:
    config = Config()
    if os.name == "posix":
        # Local sockets, not TCP ports (ipykernel warns on stderr about unencrypted TCP).
        # An absolute path: the kernel runs in the lesson's folder, not ours.
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = os.path.join(socket_dir, "kernel")
    return config


def execute(notebook, *, folder: Path, timeout: int = 600) -> str | None:
    """Run every cell of ``notebook`` in place, in a fresh kernel of this Python started in ``folder``.

    Returns ``None`` when every cell ran, else the last line of the failing cell's error.
    """
    with tempfile.TemporaryDirectory(prefix="nnkit-") as socket_dir:
        client = CurrentEnvClient(
            notebook,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,  # keep wall-clock stamps out of the saved notebook
            config=kernel_config(socket_dir),
            resources={"metadata": {"path": str(folder)}},
        )
        try:
            client.execute()
        except CellExecutionError as error:
            return str(error).strip().splitlines()[-1]
    return None


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def drop_widget_state(notebook) -> None:
    """Keep a live widget's one-line text, not its state: the model ids are new on every run.

    A lesson that opens the playground would otherwise change on every refresh; run
    in Jupyter, the cell shows the live widget again.
    """
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)


def run(path: Path, *, executed_dir: Path | None, write: bool, timeout: int, rules) -> tuple[str, float, str]:
    """Execute one lesson; optionally save its outputs, or its executed copy into ``executed_dir``."""
    committed = nbformat.read(path, as_version=4)
    notebook = copy.deepcopy(committed)
    start = time.perf_counter()
    failure = execute(notebook, folder=path.parent, timeout=timeout)
    result = "pass" if failure is None else "FAIL"
    if failure is not None:
        print(f"\n{path.name}: {failure}", file=sys.stderr)
    seconds = time.perf_counter() - start
    same = "yes" if text_outputs(notebook, rules) == text_outputs(committed, rules) else "no"
    # One print can arrive as several stdout messages, split differently each run: merged, a
    # refresh that changes no number changes no line of the saved notebook.
    CoalesceStreamsPreprocessor().preprocess(notebook, {})
    drop_widget_state(notebook)
    if write and result == "pass":
        nbformat.write(notebook, path)
    if executed_dir is not None:
        nbformat.write(notebook, executed_dir / path.name)
    return result, seconds, same


def longest_first(lessons: list[Path]) -> list[Path]:
    """The lessons by recorded seconds, longest first (an unrecorded one first: its time is unknown)."""
    seconds = recorded()
    unknown = max(seconds.values(), default=0) + 1
    return sorted(lessons, key=lambda path: -seconds.get(path.stem, unknown))


def run_all(lessons: list[Path], *, workers: int, **options) -> dict[str, tuple[str, float, str]]:
    """``{stem: (result, seconds, same)}``, ``workers`` lessons at a time, the longest started first.

    Threads suffice: each lesson runs in its own kernel process, and every kernel uses one thread
    for TensorFlow's ops (nnkit.setup), so two kernels on two cores do not slow each other.
    """
    results = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run, path, **options): path for path in longest_first(lessons)}
        for future in as_completed(futures):
            path = futures[future]
            results[path.stem] = result = future.result()
            print(f"  ran {path.stem}: {result[0]} in {result[1]:.1f} s", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("lessons", nargs="*", type=Path, help="notebooks (default: lessons/*.ipynb)")
    parser.add_argument("--book", type=Path, help="write the executed lessons here as an offline book")
    parser.add_argument("--write", action="store_true", help="save the new outputs into the notebooks")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="lessons at a time (default: one per core)"
    )
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error(f"--workers must be 1 or more, not {args.workers}")
    # Quoted numbers that moved fail the run, as under nbval (nnkit.claims); set NNKIT_STRICT=0 to see notes.
    os.environ.setdefault(STRICT_VARIABLE, "1")
    lessons = args.lessons or sorted(Path("lessons").glob("*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="nnkit-executed-") as executed:
        start = time.perf_counter()
        results = run_all(
            lessons,
            workers=args.workers,
            executed_dir=Path(executed) if args.book else None,
            write=args.write,
            timeout=args.timeout,
            rules=sanitize_rules(),
        )
        wall = time.perf_counter() - start
        rows = [(path.stem, *results[path.stem]) for path in sorted(lessons, key=lambda path: path.name)]
        width = max([len("lesson")] + [len(row[0]) for row in rows])
        print(f"\n{'lesson':<{width}}  result  seconds  same as committed")
        for name, result, seconds, same in rows:
            print(f"{name:<{width}}  {result:<6}  {seconds:7.1f}  {same}")
        print(
            f"{'total':<{width}}  {sum(r[1] == 'pass' for r in rows)}/{len(rows)}   "
            f"{sum(r[2] for r in rows):7.1f}  ({wall:.1f} s on {args.workers} workers)"
        )
        if args.write:  # the order make test runs the lessons in: longest first
            record({name: seconds for name, result, seconds, _ in rows if result == "pass"})
        if args.book:
            from book import build_book  # tools/, beside this script

            index = build_book(sorted(Path(executed).glob("*.ipynb")), args.book)
            print(f"\nBook written to {index} (offline: open it in a browser, no server needed)")
    return 0 if all(row[1] == "pass" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
