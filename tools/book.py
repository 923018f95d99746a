"""The offline book of the executed lessons: ``build_book(notebooks, out)`` writes ``out/index.html``.

A Sphinx site built with MyST-NB from notebooks that already hold their outputs (nothing is executed
here) and the Furo theme: a home page listing each lesson's title, one-line summary, slide decks and
exercises; a sidebar and previous/next links between lessons; search that works from the file system;
formulas typeset by MathJax 3 with its TeX fonts, copied into the build. Open ``out/index.html`` in a
browser, no server and no network needed.

    python tools/book.py build/lessons lessons/*.ipynb     # the committed lessons, as they are
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
CONFIG = Path(__file__).resolve().parent / "book_config"
README = ROOT / "README.md"
# A row of the README's lesson table: | 10 | [title](lessons/10_x.ipynb): summary | 001, 004 |
README_ROW = re.compile(r"^\| (\d\d) \| \[[^\]]*\]\(lessons/([^)]+)\.ipynb\): (.*) \| ([\d, ]+) \|$", re.M)
EXERCISE = re.compile(r"^#+ (Exercise \d+\.\d+ .*)$", re.M)


@dataclass
class Lesson:
    """What the home page says about one lesson."""

    stem: str
    title: str
    summary: str
    decks: str
    exercises: list[str]


def describe(path: Path, readme: str) -> Lesson:
    """The lesson's title (its first heading), summary and decks (the README's table), exercises."""
    notebook = nbformat.read(path, as_version=4)
    markdown = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    title = next(
        (line[2:].strip() for text in markdown for line in text.splitlines() if line.startswith("# ")),
        path.stem,
    )
    rows = {match.group(2): match for match in README_ROW.finditer(readme)}
    row = rows.get(path.stem)
    summary, decks = (row.group(3).strip(), row.group(4).strip()) if row else ("", "")
    exercises = [match.group(1).strip() for text in markdown for match in EXERCISE.finditer(text)]
    return Lesson(path.stem, title, summary, decks, exercises)


def home_page(lessons: list[Lesson]) -> str:
    """``index.md``: the book's title, what it is, and one entry per lesson (exercises linked)."""
    # MyST's heading slugs (myst_heading_anchors in conf.py): a link to one resolves to the heading.
    from myst_parser.mdit_to_docutils.base import default_slugify

    lines = [
        "# nnkit lessons",
        "",
        f"The {len(lessons)} lessons of the introductory neural-networks unit, executed: every formula, "
        "number and figure as the lesson printed it. Each follows slide decks of the course and has "
        "exercises with instant feedback (run them in Jupyter: `nnkit lessons my_lessons`).",
        "",
        "```{toctree}",
        ":hidden:",
        ":maxdepth: 1",
        "",
        *(lesson.stem for lesson in lessons),
        "```",
        "",
    ]
    for lesson in lessons:
        lines += [f"## [{lesson.title}]({lesson.stem}.ipynb)", ""]
        if lesson.summary:
            lines += [lesson.summary[0].upper() + lesson.summary[1:] + ".", ""]
        if lesson.decks:
            lines += [f"**Decks:** {lesson.decks}", ""]
        if lesson.exercises:
            links = [
                f"- [{exercise}]({lesson.stem}.ipynb#{default_slugify(exercise)})"
                for exercise in lesson.exercises
            ]
            lines += ["**Exercises:**", "", *links, ""]
    return "\n".join(lines)


def build_book(notebooks: list[Path], out: Path, *, quiet: bool = True) -> Path:
    """Build the book of ``notebooks`` (executed) into ``out``; returns ``out/index.html``."""
    from sphinx.cmd.build import build_main

    readme = README.read_text(encoding="utf-8")
    notebooks = sorted(notebooks, key=lambda path: path.name)
    with tempfile.TemporaryDirectory(prefix="nnkit-book-") as folder:
        # Sphinx builds in the temporary folder (MyST-NB keeps its jupyter_execute/ beside the HTML's
        # folder), then the HTML replaces out/.
        source, html = Path(folder) / "source", Path(folder) / "html"
        source.mkdir()
        for path in notebooks:
            shutil.copy(path, source / path.name)
        lessons = [describe(path, readme) for path in notebooks]
        (source / "index.md").write_text(home_page(lessons), encoding="utf-8")
        arguments = [
            "-b",
            "html",
            "-q" if quiet else "-v",
            "-c",
            str(CONFIG),
            "-d",
            str(Path(folder) / "doctrees"),
        ]
        status = build_main([*arguments, str(source), str(html)])
        if status != 0:
            raise RuntimeError(f"the book's build failed (Sphinx exit status {status})")
        # An earlier book (or the HTML pages make lessons wrote before the book) is replaced whole, so no
        # stale page stays; any other folder is left alone.
        earlier = (out / "searchindex.js").is_file() or (out / "index.html").is_file()
        if out.exists() and any(out.iterdir()) and not earlier:
            raise FileExistsError(f"{out} holds something other than a book. Fix: name an empty folder.")
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(html, out)
    return out / "index.html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="the folder to write the book into")
    parser.add_argument(
        "notebooks", nargs="*", type=Path, help="executed notebooks (default: lessons/*.ipynb)"
    )
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
    print(f"Book written: {build_book(notebooks, args.out, quiet=False)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
