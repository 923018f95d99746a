"""The nnkit command checks its arguments, files, columns and extras before TensorFlow loads, and every
expected failure is one paragraph in the command's words (its flags), with exit status 1.

The checks run in a fresh interpreter (this test process has TensorFlow loaded by conftest), which
reports whether TensorFlow or Keras had been imported when the error was raised.
"""

import json
import sys
from pathlib import Path

import child_process
import click
import pytest
from click.testing import CliRunner

import nnkit.prototyping
from nnkit.cli import main

ROOT = Path(__file__).resolve().parents[1]

# Runs `nnkit ARGS` in-process in a fresh interpreter; HIDDEN names packages to treat as not installed.
HARNESS = """
import json, sys
import click
import nnkit.cli as cli
arguments, hidden = json.loads(sys.argv[1]), set(json.loads(sys.argv[2]))
real_find_spec = cli.find_spec
cli.find_spec = lambda name: None if name in hidden else real_find_spec(name)
try:
    cli.main(arguments, standalone_mode=False)
    message, status = None, 0
except click.ClickException as error:
    message, status = error.format_message(), error.exit_code
print(json.dumps({"message": message, "status": status,
                  "loaded": sorted({"tensorflow", "keras"} & set(sys.modules))}))
"""


def nnkit_command(*arguments, hidden=(), cwd=None) -> dict:
    command = [sys.executable, "-c", HARNESS, json.dumps(list(map(str, arguments))), json.dumps(list(hidden))]
    done = child_process.run(command, cwd=cwd, check=True)
    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture
def table(tmp_path) -> Path:
    path = tmp_path / "birds.csv"
    rows = "1.5,2,Biscoe,Adelie\n2.5,3,Dream,Gentoo\n1.0,2,Dream,Adelie\n" * 4  # 12: above the 10 rows needed
    path.write_text("wing,beak,island,species\n" + rows)
    return path


@pytest.fixture
def run_folder(tmp_path) -> Path:
    """What predict checks before loading the model: summary.json's columns (the model is not read)."""
    folder = tmp_path / "earlier_run"
    folder.mkdir()
    (folder / "model.keras").write_bytes(b"")
    columns = [{"name": name} for name in ("wing", "beak", "island")]
    (folder / "summary.json").write_text(json.dumps({"columns": columns, "target": ["species"]}))
    return folder


CASES = {
    "no file": (
        ["train", "{tmp}/nowhere.csv", "--target", "species"],
        (),
        ["no file at", "nowhere.csv", "(DATA)"],
    ),
    "no column": (
        ["train", "{table}", "--target", "Species"],
        (),
        ["no target column 'Species'", "e.g. --target species"],
    ),
    "drop": (["train", "{table}", "--target", "species", "--drop", "wings"], (), ["--drop wings"]),
    "task": (["train", "{table}", "--target", "species", "--task", "regression"], (), ["--task regression"]),
    "not a table": (["train", "{tmp}/binary.csv", "--target", "x"], (), ["not a table nnkit can read"]),
    "tune without KerasTuner": (
        ["train", "{table}", "--target", "species", "--tune", "4"],
        ("keras_tuner",),
        ["--tune", "KerasTuner", "pip install 'nnkit[prototype]'"],
    ),
    "no TensorFlow": (
        ["train", "{table}", "--target", "species"],
        ("tensorflow",),
        ["nnkit train:", "pip install 'nnkit[tensorflow]'"],
    ),
    "run folder exists": (
        ["train", "{table}", "--target", "species", "--out", "{tmp}"],
        (),
        ["--out", "--overwrite"],
    ),
    "not a run folder": (["predict", "{tmp}", "{table}"], (), ["RUN_DIR", "not a run folder"]),
    "new rows' columns": (
        ["predict", "{run}", "{tmp}/renamed.csv"],
        (),
        ["lacks ['island']", "has ['Island'] too"],
    ),
    "no new file": (["predict", "{run}", "{tmp}/nowhere.csv"], (), ["nnkit predict:", "no file at", "(NEW)"]),
    "lessons into a file": (["lessons", "{table}"], (), ["DESTINATION", "is a file"]),
}


@pytest.mark.parametrize("case", CASES)
def test_each_expected_failure_is_one_paragraph_before_tensorflow_loads(case, tmp_path, table, run_folder):
    arguments, hidden, phrases = CASES[case]
    (tmp_path / "binary.csv").write_bytes(b"x,y\n\x00\x01\x02\n")
    (tmp_path / "renamed.csv").write_text("wing,beak,Island\n1.5,2,Biscoe\n")
    fill = {"tmp": tmp_path, "table": table, "run": run_folder}
    result = nnkit_command(*(argument.format(**fill) for argument in arguments), hidden=hidden)
    assert result["status"] == 1, result
    assert result["loaded"] == [], f"{case}: TensorFlow/Keras loaded before the error: {result['loaded']}"
    message = result["message"]
    assert message.startswith(("nnkit train:", "nnkit predict:", "nnkit lessons:")) and "Fix:" in message
    assert "\n" not in message.strip(), "one paragraph"
    for phrase in phrases:
        assert phrase in message, f"{case}: {phrase!r} not in {message!r}"
    assert "=" not in message.split("Fix:")[1].replace("==", ""), f"{case}: Python spelling in {message!r}"


def test_the_real_command_prints_one_line_and_exits_1(tmp_path):
    done = child_process.run(
        [sys.executable, "-m", "nnkit", "train", "nowhere.csv", "--target", "label"],
        cwd=tmp_path,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "Error: nnkit train: no file at 'nowhere.csv' (DATA). Fix: check the path and its spelling."
    ]


def test_version():
    done = child_process.run([sys.executable, "-m", "nnkit", "--version"])
    assert done.returncode == 0 and done.stdout.strip() == f"nnkit {nnkit.__version__}"


def test_a_failure_after_training_starts_speaks_flags_and_a_bug_keeps_its_traceback(
    tmp_path, table, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ValueError(
            "prototype: epochs must be a whole number >= 1. Received: epochs=0. Fix: epochs=100."
        )

    monkeypatch.setattr(nnkit.prototyping, "prototype", refuse)
    result = CliRunner().invoke(main, ["train", str(table), "--target", "species"])
    assert result.exit_code == 1
    assert (
        "Error: nnkit train: epochs must be a whole number >= 1. Received: --epochs 0. Fix: --epochs 100."
        in (result.output)
    )

    def bug(*args, **kwargs):
        raise KeyError("a bug, not a mistake of the user's")

    monkeypatch.setattr(nnkit.prototyping, "prototype", bug)
    result = CliRunner().invoke(
        main, ["train", str(table), "--target", "species", "--out", str(tmp_path / "b")]
    )
    assert isinstance(result.exception, KeyError) and not isinstance(result.exception, click.ClickException)
