"""Execute lesson notebooks headless; print a table of lesson, result and seconds.

    python tools/run_lessons.py --html build/lessons lessons/*.ipynb   # the main job (make lessons)
    python tools/run_lessons.py --write lessons/01_*.ipynb             # refresh outputs (make refresh)

Each lesson runs in a fresh kernel of this Python, the same one nbval uses
(`--nbval-current-env`), whatever kernelspecs are installed elsewhere, so
refreshed outputs match what the tests expect. The "same" column compares this
run's text outputs with the committed ones, after the sanitize rules in
lessons/sanitize.cfg and, like nbval, ignoring images: run twice, a lesson must
print the same numbers.
"""

from __future__ import annotations

import argparse
import copy
import html
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import jupyter_server_mathjax
import nbformat
from lesson_order import record  # tools/, beside this script
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from nbconvert.preprocessors import CoalesceStreamsPreprocessor
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager
from nbval.plugin import coalesce_streams
from traitlets.config import Config

from nnkit.claims import STRICT_VARIABLE

SANITIZE = Path(__file__).resolve().parents[1] / "lessons" / "sanitize.cfg"
# The HTML renders offline: MathJax from a copy beside it (the jupyter-server-mathjax package ships
# MathJax 2), and no script fetched from a CDN (an empty data: script where nbconvert wants require.js).
MATHJAX = Path(jupyter_server_mathjax.__file__).parent / "static"
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"  # the config it ships
EMPTY_SCRIPT = "data:text/javascript,"


def offline_exporter() -> HTMLExporter:
    """nbconvert's HTML exporter with every script local: formulas render with no network."""
    return HTMLExporter(
        mathjax_url=MATHJAX_URL,
        require_js_url=EMPTY_SCRIPT,
        mermaid_js_url=EMPTY_SCRIPT,
        mermaid_layout_elk_js_url="",
    )


def write_index(html_dir: Path, rows) -> Path:
    """``index.html``: every lesson linked, with its result and seconds; copies MathJax beside it."""
    shutil.copytree(MATHJAX, html_dir / "mathjax", dirs_exist_ok=True)
    lines = "\n".join(
        f'<tr><td><a href="{html.escape(name)}.html">{html.escape(name)}</a></td>'
        f"<td>{result}</td><td>{seconds:.1f}</td><td>{same}</td></tr>"
        for name, result, seconds, same in rows
    )
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>nnkit lessons</title></head>\n'
        "<body><h1>nnkit lessons</h1>\n<table>\n"
        "<tr><th>lesson</th><th>result</th><th>seconds</th><th>same as committed</th></tr>\n"
        f"{lines}\n</table></body></html>\n"
    )
    index = html_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


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


def run(path: Path, *, html_dir: Path | None, write: bool, timeout: int, rules) -> tuple[str, float, str]:
    committed = nbformat.read(path, as_version=4)
    notebook = copy.deepcopy(committed)
    start = time.perf_counter()
    failure = execute(notebook, folder=path.parent, timeout=timeout)
    result = "pass" if failure is None else "FAIL"
    if failure is not None:
        print(f"\n{path.name}: {failure}", file=sys.stderr)
    seconds = time.perf_counter() - start
    same = "yes" if text_outputs(notebook, rules) == text_outputs(committed, rules) else "no"
    if write and result == "pass":
        # One print can arrive as several stdout messages, split differently each run: merged, a
        # refresh that changes no number changes no line of the saved notebook.
        CoalesceStreamsPreprocessor().preprocess(notebook, {})
        drop_widget_state(notebook)
        nbformat.write(notebook, path)
    if html_dir is not None:
        html_dir.mkdir(parents=True, exist_ok=True)
        body, _ = offline_exporter().from_notebook_node(notebook)
        (html_dir / f"{path.stem}.html").write_text(body, encoding="utf-8")
    return result, seconds, same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("lessons", nargs="*", type=Path, help="notebooks (default: lessons/*.ipynb)")
    parser.add_argument("--html", type=Path, help="write each executed lesson as HTML here")
    parser.add_argument("--write", action="store_true", help="save the new outputs into the notebooks")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    # Quoted numbers that moved fail the run, as under nbval (nnkit.claims); set NNKIT_STRICT=0 to see notes.
    os.environ.setdefault(STRICT_VARIABLE, "1")
    lessons = args.lessons or sorted(Path("lessons").glob("*.ipynb"))
    rules = sanitize_rules()
    rows = []
    for path in lessons:
        result, seconds, same = run(
            path, html_dir=args.html, write=args.write, timeout=args.timeout, rules=rules
        )
        rows.append((path.stem, result, seconds, same))
        print(f"  ran {path.stem}: {result} in {seconds:.1f} s", flush=True)
    width = max([len("lesson")] + [len(row[0]) for row in rows])
    print(f"\n{'lesson':<{width}}  result  seconds  same as committed")
    for name, result, seconds, same in rows:
        print(f"{name:<{width}}  {result:<6}  {seconds:7.1f}  {same}")
    print(
        f"{'total':<{width}}  {sum(r[1] == 'pass' for r in rows)}/{len(rows)}   "
        f"{sum(r[2] for r in rows):7.1f}"
    )
    if args.write:  # the order make test runs the lessons in: longest first
        record({name: seconds for name, result, seconds, _ in rows if result == "pass"})
    if args.html:
        print(f"\nHTML written to {write_index(args.html, rows)} (offline: MathJax copied beside it)")
    return 0 if all(row[1] == "pass" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
