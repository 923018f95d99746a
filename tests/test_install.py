"""nnkit as a pip user gets it: a wheel with the digits and the lessons, the nnkit command, one lesson run."""

import json
import sys
import sysconfig
import venv
from pathlib import Path

import child_process
import pytest
from click.testing import CliRunner

from nnkit.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(*command, cwd):
    return child_process.run(command, cwd=cwd, check=True).stdout


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory, built_wheel):
    """A fresh virtual environment outside the repository with nnkit installed from its wheel.

    Its other packages come from this environment's site-packages through a .pth file, so the test
    needs no network; nnkit itself is only the wheel's (this environment's editable hook is not run).
    """
    tmp, wheel = tmp_path_factory.mktemp("wheel"), built_wheel
    env = tmp / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    site = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp).strip()
    )
    (site / "parent.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel, cwd=tmp)
    return tmp, python


def test_installed_wheel_has_its_digits_and_checks_them(wheel_env):
    tmp, python = wheel_env
    code = (
        "import nnkit, pathlib; (x, y), _ = nnkit.datasets.mnist(); "
        "print(pathlib.Path(nnkit.__file__).parent.parent.name, x.shape)"
    )
    out = run(python, "-c", code, cwd=tmp)
    assert out.split()[0] == "site-packages" and "(4000, 784)" in out


def test_copied_out_lesson_runs_in_the_fresh_environment(wheel_env):
    tmp, python = wheel_env
    out = run(python, "-m", "nnkit", "lessons", "my_lessons", cwd=tmp)
    assert "Copied 15 lessons" in out
    lesson = tmp / "my_lessons" / "01_artificial_neuron.ipynb"
    execute = ["-m", "nbconvert", "--to", "notebook", "--execute", "--output", "ran.ipynb", lesson]
    run(python, *execute, cwd=tmp)
    cells = json.loads((tmp / "my_lessons" / "ran.ipynb").read_text())["cells"]
    outputs = [output for cell in cells if cell["cell_type"] == "code" for output in cell["outputs"]]
    assert outputs and not any(output["output_type"] == "error" for output in outputs)


def test_lessons_command_never_overwrites_a_students_copy_unless_asked(tmp_path):
    runner = CliRunner()
    target = tmp_path / "lessons"
    assert runner.invoke(main, ["lessons", str(target)]).exit_code == 0
    edited = target / "01_artificial_neuron.ipynb"
    edited.write_text("my edits")
    result = runner.invoke(main, ["lessons", str(target)])
    assert result.exit_code == 0 and "Kept 15 already there" in result.output
    assert edited.read_text() == "my edits"
    assert runner.invoke(main, ["lessons", str(target), "--overwrite", "--student"]).exit_code == 0
    assert edited.read_text() != "my edits"


def test_lessons_command_gives_the_student_edition_unless_asked_for_solutions(tmp_path):
    runner = CliRunner()
    lesson = "10_softmax_from_logits.ipynb"
    committed = (ROOT / "lessons" / lesson).read_text()
    assert "### BEGIN SOLUTION" in committed
    result = runner.invoke(main, ["lessons", str(tmp_path / "student")])
    assert result.exit_code == 0 and "student edition" in result.output
    student = (tmp_path / "student" / lesson).read_text()
    assert "### BEGIN SOLUTION" not in student and "# YOUR CODE HERE" in student
    assert runner.invoke(main, ["lessons", str(tmp_path / "same"), "--student"]).exit_code == 0
    assert (tmp_path / "same" / lesson).read_text() == student
    result = runner.invoke(main, ["lessons", str(tmp_path / "instructors"), "--solutions"])
    assert result.exit_code == 0 and "instructors' edition" in result.output
    solved = (tmp_path / "instructors" / lesson).read_text()
    assert "### BEGIN SOLUTION" in solved and "# YOUR CODE HERE" not in solved


def test_lessons_command_refuses_a_file_as_destination(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    result = CliRunner().invoke(main, ["lessons", str(tmp_path / "notes.txt")])
    assert result.exit_code != 0 and "is a file" in result.output


def test_doctor_reports_and_gives_a_verdict():
    result = CliRunner().invoke(main, ["doctor"])
    assert "bundled digits" in result.output and "Verdict:" in result.output.splitlines()[-1]
    assert result.exit_code == (0 if "Verdict: broken" not in result.output else 1)
