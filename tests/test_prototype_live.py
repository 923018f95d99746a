"""nnkit.prototype's training curves: live in Jupyter, one figure in the saved notebook, none elsewhere."""

import base64
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

import nnkit
from nnkit.prototyping import curves, training

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import run_lessons  # noqa: E402

X = np.random.default_rng(0).normal(size=(60, 2))
DATA = (X, (X[:, 0] > 0).astype(int))


class FakeNotebook:
    """Records what prototype shows, as IPython's display and its display handle would receive it."""

    def __init__(self):
        self.calls = []

    def display(self, bundle, *, raw, display_id):
        self.calls.append(("display", bundle, raw, display_id))
        return self

    def update(self, bundle, *, raw):
        self.calls.append(("update", bundle, raw, None))


def test_outside_jupyter_nothing_is_displayed_and_the_final_figure_is_still_made(capsys):
    assert curves.notebook_display() is None  # pytest: no Jupyter kernel
    run = nnkit.prototype(DATA, hidden=(4,), epochs=4, verbose=0)
    figure = run.figure
    assert [ax.get_ylabel() for ax in figure.axes] == ["loss", "binary_accuracy"]
    best = run.settings["best_epoch"]
    for ax, name in zip(figure.axes, ["loss", "binary_accuracy"], strict=True):
        lines = {line.get_label(): line for line in ax.lines}
        assert set(lines) == {"training", "validation", f"best epoch ({best})"}
        np.testing.assert_allclose(lines["training"].get_ydata(), run.history[name])
        np.testing.assert_allclose(lines["validation"].get_ydata(), run.history[f"val_{name}"])
    assert "Figure" not in capsys.readouterr().out


def test_in_jupyter_one_output_is_created_then_updated_to_the_final_figure(monkeypatch, capsys):
    notebook = FakeNotebook()
    monkeypatch.setattr(training, "notebook_display", lambda: notebook.display)
    monkeypatch.setattr(curves, "REDRAW_SECONDS", 0.0)  # redraw every epoch
    run = nnkit.prototype(DATA, hidden=(4,), epochs=3)  # verbose="auto": the figure replaces the bar
    kinds = [call[0] for call in notebook.calls]
    assert kinds == ["display", "update", "update", "update"]  # epochs 1, 2, 3, then the final figure
    assert notebook.calls[0][2:] == (True, True)  # raw bundle, with a display id to update
    final = notebook.calls[-1][1]
    assert final == curves.png_bundle(run.figure)
    assert base64.b64decode(final["image/png"]).startswith(b"\x89PNG")
    assert {call[1]["text/plain"] for call in notebook.calls} == {curves.FIGURE_TEXT}  # what nbval compares
    assert "Epoch" not in capsys.readouterr().out


def test_live_false_shows_nothing_and_keeps_keras_progress(monkeypatch, capsys):
    notebook = FakeNotebook()
    monkeypatch.setattr(training, "notebook_display", lambda: notebook.display)
    run = nnkit.prototype(DATA, hidden=(4,), epochs=2, live=False, verbose=2)
    assert notebook.calls == [] and run.figure is not None
    assert "Epoch 2/2" in capsys.readouterr().out


def test_live_must_be_true_or_false():
    with pytest.raises(TypeError, match="live must be True or False. Received: live='no'. Fix"):
        nnkit.prototype(DATA, live="no")


def test_a_saved_notebook_holds_exactly_one_figure(tmp_path):
    """nbclient applies update_display_data in place: the executed notebook keeps one figure, the last."""
    code = (
        "import nnkit\n"
        "nnkit.setup(seed=0)\n"
        "import numpy as np\n"
        "x = np.random.default_rng(0).normal(size=(60, 2))\n"
        "run = nnkit.prototype((x, (x[:, 0] > 0).astype(int)), hidden=(4,), epochs=5)"
    )
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    failure = run_lessons.execute(notebook, folder=tmp_path, timeout=300)
    assert failure is None, failure
    outputs = notebook.cells[0].outputs
    figures = [output for output in outputs if "image/png" in output.get("data", {})]
    assert len(figures) == 1, [output.output_type for output in outputs]
    assert figures[0].output_type == "display_data"
    assert figures[0].data["text/plain"] == curves.FIGURE_TEXT
    text = "".join(output.get("text", "") for output in outputs)
    assert "Task: binary" in text and "Test accuracy:" in text
    assert "Epoch" not in text and "step" not in text  # no progress bar in the saved notebook
