"""The ``nnkit`` command (also ``python -m nnkit``): copy the lessons out, check the set-up."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import nbformat

from nnkit.bundled import lessons_dir


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """nnkit, the course companion: lessons to copy out, and a doctor for the set-up."""


@main.command()
@click.argument("destination", type=click.Path(path_type=Path))
@click.option("--student", is_flag=True, help="The student edition: every solution replaced by a stub.")
@click.option("--overwrite", is_flag=True, help="Replace lessons already in DESTINATION (losing edits).")
def lessons(destination: Path, student: bool, overwrite: bool) -> None:
    """Copy the fourteen lesson notebooks into DESTINATION, to open in Jupyter.

    A lesson already in DESTINATION is kept as it is (it may hold your edits) unless --overwrite.
    """
    from nnkit.student_edition import student_edition

    sources = sorted(lessons_dir().glob("[0-9][0-9]_*.ipynb"))
    if not sources:
        raise click.ClickException(f"No lessons found in {lessons_dir()}. Fix: reinstall nnkit.")
    if destination.exists() and not destination.is_dir():
        raise click.ClickException(f"{destination} is a file. Fix: name a folder to copy the lessons into.")
    destination.mkdir(parents=True, exist_ok=True)
    copied, kept = [], []
    for source in sources:
        target = destination / source.name
        if target.exists() and not overwrite:
            kept.append(target.name)
            continue
        notebook = nbformat.read(source, as_version=4)
        nbformat.write(student_edition(notebook) if student else notebook, target)
        copied.append(target.name)
    edition = "student edition" if student else "with solutions"
    click.echo(f"Copied {len(copied)} lessons ({edition}) to {destination}/.")
    if kept:
        click.echo(
            f"Kept {len(kept)} already there, unchanged (they may hold your edits): {', '.join(kept)}. "
            "Use --overwrite to replace them."
        )


@main.command()
def doctor() -> None:
    """Check Python, TensorFlow, Keras, the data and the Jupyter kernel; exit 1 if a lesson would break."""
    from nnkit.doctor import doctor as run_doctor

    sys.exit(0 if run_doctor() else 1)
