"""The ``nnkit`` command (also ``python -m nnkit``): lessons, doctor, and prototyping with train/predict."""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

import click

from nnkit.bundled import lessons_dir
from nnkit.cli_messages import as_flags
from nnkit.prototype_defaults import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_EPOCHS,
    DEFAULT_HIDDEN,
    DEFAULT_LEARNING_RATE,
    FORCED_ROLES,
    MIN_ROWS,
)

# Every command checks its arguments, files, columns and extras first and imports TensorFlow (seconds) only
# after: a mistake is reported at once. An expected failure is one paragraph and exit status 1
# (click.ClickException), in the command's words (--task, not task=); nnkit's own errors all end with a
# "Fix:" sentence, which is how an expected failure is told from a bug (a bug keeps its traceback).
TRAIN_FLAGS = {
    "target": "--target",
    "task": "--task",
    "drop": "--drop",
    "hidden": "--hidden",
    "epochs": "--epochs",
    "learning_rate": "--learning-rate",
    "batch_size": "--batch-size",
    "seed": "--seed",
    "tune": "--tune",
    "overwrite": "--overwrite",
}


def _expected(error: BaseException) -> bool:
    return "Fix:" in str(error)


def _failure(error: BaseException, command: str, flags: dict[str, str] | None = None) -> click.ClickException:
    where = ("prototype", "predict", "save", "nnkit train", "nnkit predict")
    return click.ClickException(as_flags(str(error), command, flags or {}, where=where))


def _require_file(path: Path, argument: str, command: str) -> None:
    if not path.is_file():
        raise click.ClickException(
            f"{command}: no file at {str(path)!r} ({argument}). Fix: check the path and its spelling."
        )


def _require_tensorflow(command: str) -> None:
    if find_spec("tensorflow") is None:
        from nnkit.session import MISSING_TENSORFLOW

        raise click.ClickException(f"{command}: {MISSING_TENSORFLOW}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version("nnkit"), "--version", "-V", prog_name="nnkit", message="%(prog)s %(version)s")
def main() -> None:
    """nnkit, the course companion: lessons to copy out, a doctor for the set-up, and quick prototyping.

    \b
    nnkit lessons my_lessons                     copy the lessons out (student edition), to open in Jupyter
    nnkit doctor                                 check Python, TensorFlow, the data and the kernel
    nnkit train data.csv --target label          train a Dense network on a table, write a run folder
    nnkit predict data_run new.csv               predict new rows with a run folder's model
    nnkit progress my_lessons                    each exercise's latest verdict, lesson by lesson
    nnkit grade submissions/ --out grades        grade students' notebooks: scores, feedback, summary

    Each command's --help lists its options; nnkit --version prints the version.
    """


# The editions `nnkit lessons` writes: how each is named in its report. The default is the students'.
EDITIONS = {
    "student": "student edition: every exercise to do",
    "solutions": "instructors' edition: every solution in",
}


@main.command(short_help="Copy the lessons (student edition) into a folder, to open in Jupyter.")
@click.argument("destination", type=click.Path(path_type=Path))
@click.option(
    "--solutions",
    "edition",
    flag_value="solutions",
    help="The instructors' edition: every exercise solved (the repository's lessons/).",
)
@click.option(
    "--student",
    "edition",
    flag_value="student",
    default=True,
    help="The student edition, every solution replaced by a stub (the default).",
)
@click.option(
    "--nbgrader",
    "edition",
    flag_value="nbgrader",
    help="nbgrader sources (DESTINATION/source/NN_name/): solution, locked and grade cells with points.",
)
@click.option("--overwrite", is_flag=True, help="Replace lessons already in DESTINATION (losing edits).")
def lessons(destination: Path, edition: str, overwrite: bool) -> None:
    """Copy the lesson notebooks into DESTINATION, to open in Jupyter: the student edition unless --solutions.

    A lesson already in DESTINATION is kept as it is (it may hold your edits) unless --overwrite.
    With --nbgrader, writes nbgrader sources (DESTINATION/source/NN_name/) whose grade cells give points.
    """
    if edition == "nbgrader":
        return _nbgrader_course(destination, overwrite=overwrite)
    sources = sorted(lessons_dir().glob("[0-9][0-9]_*.ipynb"))
    if not sources:
        raise click.ClickException(
            f"nnkit lessons: no lessons found in {lessons_dir()}. Fix: reinstall nnkit."
        )
    if destination.exists() and not destination.is_dir():
        raise click.ClickException(
            f"nnkit lessons: DESTINATION {destination} is a file. "
            "Fix: name a folder to copy the lessons into."
        )
    import nbformat  # only this command needs it (1.8 s to import)

    from nnkit.student_edition import student_edition

    destination.mkdir(parents=True, exist_ok=True)
    copied, kept = [], []
    for source in sources:
        target = destination / source.name
        if target.exists() and not overwrite:
            kept.append(target.name)
            continue
        notebook = nbformat.read(source, as_version=4)
        nbformat.write(student_edition(notebook) if edition == "student" else notebook, target)
        copied.append(target.name)
    click.echo(f"Copied {len(copied)} lessons ({EDITIONS[edition]}) to {destination}/.")
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
    "--keep",
    multiple=True,
    metavar="COL",
    help="Use a column as it is (number or category) though it looks like an identifier, a date, "
    "constant or many-valued text (repeat for more).",
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    metavar="COL=ROLE",
    help=f"Force a column's role, ROLE one of {', '.join(FORCED_ROLES)} "
    "(e.g. --role zip=category; repeat for more).",
)
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
    data, target, task, hidden, epochs, learning_rate, batch_size, seed, drop, keep, roles, out, overwrite,
    tune, quiet,
) -> None:
    """Train a Dense network on the table DATA (a CSV file) to predict --target; write a run folder.

    Infers the task from the target and each column's role (identifiers and constant columns
    dropped, dates turned into numbers, many-valued text capped) and says why, fills in missing
    numbers, one-hot encodes text columns (inside the model), splits train/validation/test, trains
    with early stopping, prints the test metrics beside a trivial baseline with warnings where
    they deserve doubt, and writes model.keras, train.py (the same training in plain Keras),
    history.csv, figures and a summary (Markdown and JSON) to --out. DATA is only read. With
    several GPUs visible, training uses all of them (tf.distribute.MirroredStrategy).
    """
    forced = _forced_roles(roles)
    for flag, names in (("--keep", keep), ("--role", list(forced))):
        twice = sorted(set(names) & set(drop))
        if twice:
            raise click.ClickException(
                f"{flag} and --drop both name {twice}. Fix: name each column in one of them."
            )
    both = sorted(set(keep) & set(forced))
    if both:
        raise click.ClickException(f"--keep and --role both name {both}. Fix: name each column once.")
    out = out if out is not None else data.with_name(f"{data.stem}_run")
    if out.exists() and not overwrite:  # before training, not after
        raise click.ClickException(
            f"nnkit train: the run folder {out} already exists. Fix: pass another --out, or --overwrite."
        )
    if tune is not None and find_spec("keras_tuner") is None:
        raise click.ClickException(
            "nnkit train: --tune searches sizes with KerasTuner, which is not installed. "
            "Fix: pip install 'nnkit[prototype]' (or pip install keras-tuner), or leave --tune out."
        )
    _require_file(data, "DATA", "nnkit train")
    from nnkit.prototyping.roles import infer_roles  # pandas only
    from nnkit.prototyping.table import infer_task, read_csv, read_table

    try:  # the table, --target, --drop, --task, --keep and --role, in the order prototype() reads them
        frame = read_csv(data, where="nnkit train")  # a missing file is reported before pandas loads
        table = read_table(frame, target=target, drop=drop, min_rows=MIN_ROWS, where="nnkit train")
        infer_task(table.target, task=task, where="nnkit train")
        infer_roles(table.features, keep=keep, roles=forced, where="nnkit train")
    except (ValueError, OSError) as error:
        if not _expected(error):
            raise
        raise _failure(error, "nnkit train", TRAIN_FLAGS) from None
    _require_tensorflow("nnkit train")
    import matplotlib

    matplotlib.use("Agg")
    import nnkit

    nnkit.setup(seed=seed, threads=None)  # every core: a prototype is for speed; lessons pin one thread
    from nnkit.prototyping import prototype

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
            keep=keep,
            roles=forced,
            verbose=0 if quiet else 2,
            tune=tune,
        )
        folder = run.save(out, overwrite=overwrite)
    except Exception as error:
        if not _expected(error):
            raise
        raise _failure(error, "nnkit train", TRAIN_FLAGS) from None
    click.echo(f"\nWrote {folder}/ (model.keras, train.py, history.csv, figures, summary.md, summary.json).")


def _forced_roles(values) -> dict:
    """--role COL=ROLE options as {column: role}, checked before anything heavy is imported."""
    forced = {}
    for value in values:
        name, sep, role = value.rpartition("=")
        if not sep or not name or role not in FORCED_ROLES:
            raise click.ClickException(
                f"--role {value!r} is not COL=ROLE with ROLE one of {', '.join(FORCED_ROLES)}. "
                "Fix: e.g. --role zip=category."
            )
        if name in forced:
            raise click.ClickException(f"--role names {name!r} twice. Fix: give each column one role.")
        forced[name] = role
    return forced


@main.command(short_help="Predict new rows (a CSV file) with a run folder's model.")
@click.argument("run_dir", type=click.Path(file_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the predictions to this CSV file [default: print them].",
)
@click.option("--overwrite", is_flag=True, help="Replace --out if it exists.")
@click.option(
    "--id",
    "id_column",
    metavar="COL",
    help="The column of NEW that identifies each row, first in the output [default: the training "
    "table's identifier column if NEW has it, else 'row', the row number from 1].",
)
def predict(run_dir, new, out, overwrite, id_column) -> None:
    """Predict the target for the rows of the CSV file NEW with the model in RUN_DIR (from nnkit train).

    NEW needs the training table's columns (the target column may be there or not). Writes one row
    per input row: its identifier, the prediction and, for classifiers, one probability column per
    class; with text inputs, unseen_categories names the columns whose value training never saw
    (counted per column in a warning).
    """
    if out is not None and out.exists() and not overwrite:
        raise click.ClickException(
            f"nnkit predict: --out {out} already exists. Fix: pass another --out, or --overwrite."
        )
    if out is not None and out.resolve() == new.resolve():
        raise click.ClickException(
            "nnkit predict: --out is the input file NEW, which is never modified. Fix: name another file."
        )
    if not (run_dir / "summary.json").is_file() or not (run_dir / "model.keras").is_file():
        raise click.ClickException(
            f"nnkit predict: RUN_DIR {run_dir} is not a run folder (it needs model.keras and summary.json). "
            "Fix: pass the folder that nnkit train --out wrote."
        )
    from nnkit.prototyping.columns import check_new_columns, columns_of_run
    from nnkit.prototyping.table import TableError, read_csv  # pandas only

    _require_file(new, "NEW", "nnkit predict")
    summary = json.loads((run_dir / "summary.json").read_text())
    try:  # NEW and its columns, before TensorFlow loads
        rows = read_csv(new, where="nnkit predict")
        check_new_columns(rows, *columns_of_run(summary), where="nnkit predict")
        if id_column is not None and id_column not in rows.columns:
            raise TableError(
                f"nnkit predict: --id {id_column!r} is not a column of NEW. "
                f"Fix: use one of {list(rows.columns)}, or leave --id out to number the rows."
            )
    except (ValueError, OSError) as error:
        if not _expected(error):
            raise
        raise _failure(error, "nnkit predict") from None
    _require_tensorflow("nnkit predict")
    import nnkit

    nnkit.setup(seed=0)
    import warnings

    from nnkit.prototyping import load_run

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            predictions = load_run(run_dir).predict(rows, id_column=id_column)
    except Exception as error:
        if not _expected(error):
            raise
        raise _failure(error, "nnkit predict") from None
    for warning in caught:
        if issubclass(warning.category, UserWarning) and str(warning.message).startswith("predict:"):
            click.echo(f"Warning: {str(warning.message).removeprefix('predict: ')}", err=True)
    if out is None:
        click.echo(predictions.to_csv(index=False), nl=False)
    else:
        predictions.to_csv(out, index=False)
        click.echo(f"Wrote {len(predictions)} predictions to {out}.")


@main.command(short_help="Each exercise's latest verdict in a folder of saved lesson notebooks.")
@click.argument("folder", type=click.Path(path_type=Path))
def progress(folder: Path) -> None:
    """List, lesson by lesson, each exercise's latest verdict in the notebooks saved in FOLDER.

    \b
    ✅ correct   ❌ not yet   ⏳ not attempted   ·· not run (no verdict saved)
    Reads the outputs saved by JupyterLab, VS Code or Colab; runs nothing. Save the notebooks first.
    """
    if not folder.exists():
        raise click.ClickException(
            f"FOLDER {folder} does not exist. Fix: name the folder that holds your lesson notebooks, "
            "e.g. nnkit progress my_lessons."
        )
    if not folder.is_dir():
        raise click.ClickException(f"FOLDER {folder} is a file. Fix: name the folder that holds it.")
    from nnkit.exercises.saved_progress import progress as read_progress

    click.echo(str(read_progress(folder)))


# --- nnkit lessons --nbgrader (issue 20) ---------------------------------------------------------------
def _nbgrader_course(destination: Path, *, overwrite: bool) -> None:
    """nnkit lessons DEST --nbgrader: the lessons as nbgrader sources in DEST/source/ (nbgrader itself
    makes the student version from them, with generate_assignment)."""
    if destination.exists() and not destination.is_dir():
        raise click.ClickException(
            f"nnkit lessons: DESTINATION {destination} is a file. Fix: name a folder for the nbgrader course."
        )
    if (destination / "source").exists() and not overwrite:
        raise click.ClickException(
            f"nnkit lessons: {destination / 'source'} already exists. "
            "Fix: pass --overwrite to replace the lessons there."
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
