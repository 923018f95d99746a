"""House rules for the committed lesson notebooks (nbval checks their outputs; this checks their form)."""

import itertools
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
sys.path.insert(0, str(ROOT / "tools"))
import run_lessons  # noqa: E402


def code_cells(path):
    cells = json.loads(path.read_text())["cells"]
    return [cell for cell in cells if cell["cell_type"] == "code" and "".join(cell["source"]).strip()]


def test_there_are_all_fifteen_lessons():
    assert [path.name[:3] for path in LESSONS] == [f"{number:02d}_" for number in range(1, 16)]


def is_quote_check(cell):
    return "quoted-numbers" in cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_starts_with_its_settings_then_setup_before_tensorflow(path):
    settings, setup = code_cells(path)[:2]
    assert "parameters" in settings["metadata"].get("tags", []), "first code cell: the tagged settings"
    assert "".join(settings["source"]).count("SEED = 0") == 1
    first = "".join(setup["source"])
    assert "nnkit.setup(seed=SEED)" in first
    setup_at = first.index("nnkit.setup(")
    for module in ("import tensorflow", "from tensorflow", "import keras", "from keras"):
        assert module not in first[:setup_at], f"{module} before nnkit.setup"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_quoted_numbers_are_checked_out_of_the_students_way(path):
    cells = code_cells(path)
    checks = [cell for cell in cells if is_quote_check(cell)]
    assert checks, "numbers the text quotes are checked in hidden `quoted-numbers` cells"
    for cell in checks:
        assert cell["metadata"].get("jupyter", {}).get("source_hidden"), "check cells start collapsed"
        assert "".join(cell["source"]).startswith("# "), "a check cell opens with a comment saying what it is"
    teaching = [
        line
        for cell in cells
        if not is_quote_check(cell)
        for line in "".join(cell["source"]).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    asserts = sum(line.lstrip().startswith("assert") for line in teaching)
    assert asserts / len(teaching) <= 0.12, "teaching cells assert only invariants; move pinned numbers"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_is_committed_executed_in_order_without_noise(path):
    cells = code_cells(path)
    counts = [cell["execution_count"] for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), "re-execute with `make refresh`"
    for cell in cells:
        for output in cell["outputs"]:
            assert output["output_type"] != "error"
            assert output.get("name") != "stderr", "no stderr in committed outputs"
            text = "".join(output.get("text", [])) + "".join(output.get("data", {}).get("text/plain", []))
            assert not re.search(r" at 0x[0-9a-f]{6,}", text), "memory address in output"
            assert not re.search(r"\d+m?s/step", text), "timing in output"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_lesson_checks_its_claims_and_recaps(path):
    sources = "\n".join("".join(cell["source"]) for cell in code_cells(path))
    assert sources.count("assert ") + len(re.findall(r"\bquotes\.\w+\(", sources)) >= 10
    markdown = [
        "".join(cell["source"])
        for cell in json.loads(path.read_text())["cells"]
        if cell["cell_type"] == "markdown"
    ]
    assert markdown[0].startswith(f"# Lesson {path.name[:2]} — ")
    assert any(text.startswith("## Recap") for text in markdown)


def test_sanitize_rules_are_read_like_nbval():
    from nbval.plugin import get_sanitize_patterns

    text = run_lessons.SANITIZE.read_text()
    assert [
        (rule.pattern, replace) for rule, replace in run_lessons.sanitize_rules()
    ] == get_sanitize_patterns(text)
    rules = run_lessons.sanitize_rules()
    assert len(rules) >= 2


def test_text_outputs_ignore_images_and_apply_rules():
    import nbformat

    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="125/125 - 0s - 3ms/step\n"),
        nbformat.v4.new_output("display_data", data={"image/png": "AAAA", "text/plain": "<Figure>"}),
    ]
    notebook.cells = [cell]
    assert run_lessons.text_outputs(notebook, run_lessons.sanitize_rules()) == [
        ["125/125 - 0s - TIME/STEP\n", "<Figure>"]
    ]


def test_text_outputs_merge_prints_split_across_messages_like_nbval():
    import nbformat

    def notebook_printing(*chunks):
        notebook = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("print(...)")
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=chunk) for chunk in chunks]
        notebook.cells = [cell]
        return notebook

    rules = run_lessons.sanitize_rules()
    split = notebook_printing("a = 1\n", "b = 2\n")
    assert run_lessons.text_outputs(split, rules) == run_lessons.text_outputs(
        notebook_printing("a = 1\nb = 2\n"), rules
    )
    assert len(split.cells[0].outputs) == 2  # the notebook itself is left as it was


def test_readme_links_every_lesson():
    readme = (ROOT / "README.md").read_text()
    for path in LESSONS:
        assert f"](lessons/{path.name})" in readme, f"add {path.name} to the README's lesson table"


def test_lessons_run_on_this_python_like_nbval_current_env(tmp_path, monkeypatch):
    import nbformat

    # A user-wide "python3" kernelspec for another Python would win a plain lookup by name.
    spec_dir = tmp_path / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    spec = {"argv": ["/elsewhere/python", "-f", "{connection_file}"], "display_name": "x", "language": "py"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    client = run_lessons.CurrentEnvClient(nbformat.v4.new_notebook(), kernel_name="python3")
    assert client.create_kernel_manager().kernel_spec.argv[0] == sys.executable


def test_html_renders_offline_with_no_remote_script(tmp_path):
    import nbformat

    formula = nbformat.v4.new_markdown_cell("$$z = \\vec w \\cdot \\vec x + b$$")
    notebook = nbformat.v4.new_notebook(cells=[formula])
    body, _ = run_lessons.offline_exporter().from_notebook_node(notebook)
    sources = re.findall(r"""(?:src=|import\()\s*["']([^"']*)""", body)
    assert sources, "the page loads its scripts from somewhere"
    remote = [source for source in sources if re.match(r"(https?:)?//", source)]
    assert not remote, f"scripts fetched from the network: {remote}"
    assert "mathjax/MathJax.js" in body
    index = run_lessons.write_index(tmp_path, [("01_artificial_neuron", "pass", 5.0, "yes")])
    assert (tmp_path / "mathjax" / "MathJax.js").is_file()
    assert 'href="01_artificial_neuron.html"' in index.read_text()


def test_every_lesson_has_a_recorded_duration_for_the_test_order():
    import lesson_order

    recorded = lesson_order.recorded()
    missing = [path.stem for path in LESSONS if path.stem not in recorded]
    assert not missing, f"no recorded seconds for {missing}: run make refresh, which records them"
    assert set(recorded) <= {path.stem for path in LESSONS}, "a recorded lesson no longer exists"


def test_lessons_run_longest_first_cells_in_order(tmp_path, monkeypatch):
    import lesson_order

    class Item:
        def __init__(self, nodeid):
            self.fspath, _, self.cell = nodeid.partition("::")
            self.nodeid = nodeid

    monkeypatch.setattr(lesson_order, "DURATIONS", tmp_path / "durations.json")
    lesson_order.record({"01_short": 4.2, "02_long": 19.6})
    lesson_order.record({"03_middle": 9.0})  # merged, not replaced
    assert lesson_order.recorded() == {"01_short": 4, "02_long": 20, "03_middle": 9}
    names = [
        "tests/test_x.py::test_a",
        "lessons/01_short.ipynb::Cell 0", "lessons/01_short.ipynb::Cell 1",
        "lessons/02_long.ipynb::Cell 0", "lessons/02_long.ipynb::Cell 1",
        "lessons/03_middle.ipynb::Cell 0",
        "lessons/16_new.ipynb::Cell 0",  # no record yet: its time is unknown, so it starts first
    ]
    items = [Item(name) for name in names]
    lesson_order.longest_first(items)
    assert [item.nodeid for item in items] == [
        "lessons/16_new.ipynb::Cell 0",
        "lessons/02_long.ipynb::Cell 0", "lessons/02_long.ipynb::Cell 1",
        "lessons/03_middle.ipynb::Cell 0",
        "lessons/01_short.ipynb::Cell 0", "lessons/01_short.ipynb::Cell 1",
        "tests/test_x.py::test_a",
    ]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_saved_prints_are_merged_so_a_refresh_changes_no_line(path):
    """make refresh merges consecutive stdout messages (how a print is split varies between runs)."""
    for index, cell in enumerate(code_cells(path)):
        outputs = cell.get("outputs", [])
        for before, after in itertools.pairwise(outputs):
            streams = before["output_type"] == after["output_type"] == "stream"
            split = streams and before["name"] == after["name"]
            assert not split, f"cell {index}: one {before['name']} split in two; run make refresh"
