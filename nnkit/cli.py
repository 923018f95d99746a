"""The ``nnkit`` command (also ``python -m nnkit``): lessons, doctor, and prototyping with train/predict."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from nnkit.bundled import lessons_dir
from nnkit.prototype_defaults import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_EPOCHS,
    DEFAULT_HIDDEN,
    DEFAULT_LEARNING_RATE,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """nnkit, the course companion: lessons to copy out, a doctor for the set-up, and quick prototyping.

    \b
    nnkit lessons my_lessons                     copy the lessons out, to open in Jupyter
    nnkit doctor                                 check Python, TensorFlow, the data and the kernel
    nnkit train data.csv --target label          train a Dense network on a table, write a run folder
    nnkit predict data_run new.csv               predict new rows with a run folder's model

    Each command's --help lists its options.
    """


@main.command(short_help="Copy the lesson notebooks into a folder, to open in Jupyter.")
@click.argument("destination", type=click.Path(path_type=Path))
@click.option("--student", is_flag=True, help="The student edition: every solution replaced by a stub.")
@click.option("--overwrite", is_flag=True, help="Replace lessons already in DESTINATION (losing edits).")
@click.option(
    "--nbgrader", is_flag=True, help="Write nbgrader sources (DESTINATION/source/NN_name/) with points."
)
def lessons(destination: Path, student: bool, overwrite: bool, nbgrader: bool) -> None:
    """Copy the lesson notebooks into DESTINATION, to open in Jupyter.

    A lesson already in DESTINATION is kept as it is (it may hold your edits) unless --overwrite.
    """
    if nbgrader:
        return _nbgrader_course(destination, student=student, overwrite=overwrite)
    import nbformat  # only this command needs it (1.8 s to import)

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


@main.command(short_help="Check the set-up; exit 1 if a lesson would break.")
def doctor() -> None:
    """Check Python, TensorFlow, Keras, the data and the Jupyter kernel; exit 1 if a lesson would break."""
    from nnkit.doctor import doctor as run_doctor

    sys.exit(0 if run_doctor() else 1)


def _widths(ctx, param, value: str) -> tuple[int, ...]:
    try:
        widths = tuple(int(part) for part in value.split(","))
    except ValueError:
        widths = ()
    if not widths or min(widths) < 1:
        raise click.BadParameter(f"{value!r} is not a list of widths. Fix: e.g. --hidden 64,32.")
    return widths


@main.command(short_help="Train a Dense network on a CSV table; write a run folder.")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--target", required=True, help="The column to predict.")
@click.option(
    "--task",
    type=click.Choice(["binary", "multiclass", "regression", "positive_regression"]),
    help="Override the task inferred from the target.",
)
@click.option(
    "--hidden",
    default=",".join(map(str, DEFAULT_HIDDEN)),
    show_default=True,
    callback=_widths,
    help="Hidden layer widths.",
)
@click.option(
    "--epochs",
    default=DEFAULT_EPOCHS,
    show_default=True,
    type=click.IntRange(min=1),
    help="Most epochs (early stopping usually ends sooner).",
)
@click.option(
    "--learning-rate",
    default=DEFAULT_LEARNING_RATE,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Adam's learning rate.",
)
@click.option(
    "--batch-size",
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    type=click.IntRange(min=1),
    help="Rows per update (split between the GPUs when there are several).",
)
@click.option(
    "--seed",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    help="Seed of the split and the weights.",
)
@click.option("--drop", multiple=True, help="A column to leave out (repeat for more).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="The run folder to write [default: DATA's name + '_run', beside it].",
)
@click.option("--overwrite", is_flag=True, help="Replace the run folder if it exists.")
@click.option(
    "--tune",
    type=click.IntRange(min=1),
    metavar="TRIALS",
    help="First try this many widths, depths and learning rates with KerasTuner (e.g. --tune 8), "
    "then train the best; --hidden and --learning-rate are then ignored.",
)
@click.option("--quiet", is_flag=True, help="No per-epoch progress.")
def train(
    data, target, task, hidden, epochs, learning_rate, batch_size, seed, drop, out, overwrite, tune, quiet
) -> None:
    """Train a Dense network on the table DATA (a CSV file) to predict --target; write a run folder.

    Infers the task from the target and says why, fills in missing numbers, one-hot encodes text
    columns (inside the model), splits train/validation/test, trains with early stopping, prints
    the test metrics beside a trivial baseline and writes model.keras, train.py (the same training
    in plain Keras), history.csv, figures and a summary (Markdown and JSON) to --out. DATA is only
    read. With several GPUs visible, training uses all of them (tf.distribute.MirroredStrategy).
    """
    out = out if out is not None else data.with_name(f"{data.stem}_run")
    if out.exists() and not overwrite:  # before training, not after
        raise click.ClickException(
            f"The run folder {out} already exists. Fix: pass another --out, or --overwrite."
        )
    import matplotlib

    matplotlib.use("Agg")
    import nnkit

    nnkit.setup(seed=seed, threads=None)  # every core: a prototype is for speed; lessons pin one thread
    from nnkit.prototyping import TableError, prototype

    try:
        run = prototype(
            data,
            target=target,
            task=task,
            hidden=hidden,
            epochs=epochs,
            learning_rate=learning_rate,
            batch_size=batch_size,
            seed=seed,
            drop=drop,
            verbose=0 if quiet else 2,
            tune=tune,
        )
        folder = run.save(out, overwrite=overwrite)
    except (TableError, FileNotFoundError, FileExistsError) as error:
        raise click.ClickException(str(error)) from None
    model, baseline = run.metrics["model"], run.metrics["baseline"]
    click.echo("\nTest metric      model   baseline")
    for name, value in model.items():
        if name != "confusion_matrix":
            click.echo(f"{name:<12} {value:>9.4g} {baseline[name]:>10.4g}")
    click.echo(f"\nWrote {folder}/ (model.keras, train.py, history.csv, figures, summary.md, summary.json).")


@main.command(short_help="Predict new rows (a CSV file) with a run folder's model.")
@click.argument("run_dir", type=click.Path(file_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the predictions to this CSV file [default: print them].",
)
@click.option("--overwrite", is_flag=True, help="Replace --out if it exists.")
def predict(run_dir, new, out, overwrite) -> None:
    """Predict the target for the rows of the CSV file NEW with the model in RUN_DIR (from nnkit train).

    NEW needs the training table's columns (the target column may be there or not). Writes one row
    per input row: the prediction and, for classifiers, one probability column per class.
    """
    if out is not None and out.exists() and not overwrite:
        raise click.ClickException(f"{out} already exists. Fix: pass another --out, or --overwrite.")
    if out is not None and out.resolve() == new.resolve():
        raise click.ClickException(
            "--out is the input file NEW, which is never modified. Fix: name another file."
        )
    import nnkit

    nnkit.setup(seed=0)
    from nnkit.prototyping import TableError, load_run

    try:
        predictions = load_run(run_dir).predict(new)
    except (TableError, FileNotFoundError) as error:
        raise click.ClickException(str(error)) from None
    if out is None:
        click.echo(predictions.to_csv(index=False), nl=False)
    else:
        predictions.to_csv(out, index=False)
        click.echo(f"Wrote {len(predictions)} predictions to {out}.")


# --- nnkit lessons --nbgrader (issue 20) ---------------------------------------------------------------
def _nbgrader_course(destination: Path, *, student: bool, overwrite: bool) -> None:
    """nnkit lessons DEST --nbgrader: the lessons as nbgrader sources in DEST/source/."""
    if student:
        raise click.ClickException(
            "--nbgrader writes the instructors' sources; nbgrader makes the student version. "
            "Fix: drop --student, then run nbgrader generate_assignment."
        )
    if destination.exists() and not destination.is_dir():
        raise click.ClickException(f"{destination} is a file. Fix: name a folder for the nbgrader course.")
    if (destination / "source").exists() and not overwrite:
        raise click.ClickException(
            f"{destination / 'source'} already exists. Fix: pass --overwrite to replace the lessons there."
        )
    from nnkit.grading.nbgrader_edition import write_course

    lessons = sorted(path.name[:2] for path in lessons_dir().glob("[0-9][0-9]_*.ipynb"))
    written = write_course(destination, lessons)
    click.echo(
        f"Wrote {len(written)} nbgrader sources to {destination}/source/. Next: install the kernel they "
        "ask for, python -m ipykernel install --user --name nnkit, then nbgrader generate_assignment NAME."
    )


# --- nnkit grade (issue 20): a self-contained block; the grading package loads after the checks -------
@main.command(short_help="Grade student notebooks: a CSV of scores, feedback per student, a class summary.")
@click.argument("submissions", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write grades.csv, feedback/ and summary.md into.",
)
@click.option("--lesson", default=None, help="The lesson graded, e.g. 04 [default: from each file's name].")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Notebooks graded at once [default: the number of CPU cores].",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A TOML file: points per exercise and time/memory limits (README, Grading).",
)
@click.option(
    "--grading-seed",
    type=click.IntRange(min=0),
    default=None,
    help="Also try function answers on fresh inputs drawn from this seed (keep it to yourself).",
)
@click.option(
    "--gradescope",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write Gradescope's results.json here (one submission).",
)
@click.option(
    "--prairielearn",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write PrairieLearn's results.json here (one submission).",
)
def grade(submissions, out, lesson, workers, config_path, grading_seed, gradescope, prairielearn) -> None:
    """Grade the student notebooks SUBMISSIONS (files, or folders of them) into --out.

    Each notebook runs in its own kernel, in a fresh temporary folder, with time and memory limits;
    every exercise is graded by the instructors' own checker call after the student's code ran.
    A notebook is named by its student (alice.ipynb) or sits in the student's folder
    (alice/04_loss_functions.ipynb).
    """
    import os

    from nnkit.grading.config import read_config
    from nnkit.grading.submissions import find_submissions

    if lesson is not None and not (len(lesson) == 2 and lesson.isdigit() and 1 <= int(lesson) <= 15):
        raise click.ClickException(f"--lesson {lesson} is not a lesson. Fix: give its number, 01 to 15.")
    try:
        config = read_config(config_path)
        found = find_submissions(list(submissions))
    except (ValueError, OSError) as error:
        raise click.ClickException(f"{error} (--config, SUBMISSIONS)") from None
    if (gradescope or prairielearn) and len(found) != 1:
        raise click.ClickException(
            f"--gradescope and --prairielearn grade one submission; received {len(found)} notebooks. "
            "Fix: give one notebook (or a folder holding one)."
        )
    if out.exists() and not out.is_dir():
        raise click.ClickException(f"--out {out} is a file. Fix: name a folder.")
    from nnkit.grading.grader import grade_class
    from nnkit.grading.report import write_reports

    workers = workers or min(len(found), os.cpu_count() or 1)
    label = f"Grading {len(found)} notebooks"
    with click.progressbar(length=len(found), label=label, file=sys.stderr) as bar:
        results = grade_class(
            list(submissions),
            lesson=lesson,
            config=config,
            grading_seed=grading_seed,
            workers=workers,
            forbidden=(out.resolve(),),
            progress=lambda _: bar.update(1),
        )
    write_reports(results, out)
    if gradescope or prairielearn:
        from nnkit.grading import adapters

        if gradescope:
            adapters.write_json(adapters.gradescope_results(results[0]), gradescope)
        if prairielearn:
            adapters.write_json(adapters.prairielearn_results(results[0]), prairielearn)
    total = sum(r.total for r in results)
    click.echo(
        f"Graded {len(results)} notebooks ({total:g} points in all): {out}/grades.csv, "
        f"{out}/feedback/, {out}/summary.md."
    )
