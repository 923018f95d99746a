"""The live playground in a real browser: JupyterLab on localhost, Debian's Chromium headless, driven by
Playwright as a student would use it (run all cells, press Play, watch, press Pause).

Set NNKIT_SCREENSHOT=docs/playground.png to keep the final screenshot for the README.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from browser.chromium import CHROMIUM, NOT_INSTALLED, launch
from browser.lab import jupyterlab, open_notebook, run_all_cells, write_notebook
from playwright.sync_api import Locator, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parent.parent

# The cell a student runs; the playground's DOM contract (classes, button names, status text) is what
# the assertions below read.
NOTEBOOK_CELLS = ['import nnkit\n\nnnkit.setup(seed=0)\npg = nnkit.playground(dataset="circles")\npg']

# Generous: kernel start and the TensorFlow import share two busy cores with other tests.
START_TIMEOUT_S = 240
PLAY_TIMEOUT_S = 180
FRAMES = 5  # frames to watch after the first one: enough for the loss to fall, whatever the steps per frame
README_FRAMES = 40  # for the README's screenshot (NNKIT_SCREENSHOT set): the circles learnt

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason=NOT_INSTALLED),
    # One JupyterLab and one Chromium at a time (pytest-xdist keeps an xdist_group on one worker).
    pytest.mark.xdist_group("browser"),
]


@pytest.fixture
def chromium_page():
    """A page in Debian's Chromium, headless (Playwright never downloads a browser here); the browser is
    closed after the test, failed or not."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            # Wide enough for JupyterLab's file browser beside a notebook as wide as the playground.
            yield browser.new_page(viewport={"width": 1600, "height": 1000})
        finally:
            browser.close()


@pytest.fixture
def lab(tmp_path):
    """JupyterLab serving a folder with playground.ipynb in it; stopped with its kernels afterwards."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "playground.ipynb", NOTEBOOK_CELLS)
    with jupyterlab(notebooks, tmp_path / "home") as server:
        yield server


def _status(status: Locator) -> dict[str, float]:
    text = status.inner_text()
    numbers = {
        "step": re.search(r"step (\d+)", text),
        "train loss": re.search(r"train loss (\d+\.\d{4})", text),
        "test loss": re.search(r"test loss (\d+\.\d{4})", text),
    }
    missing = [name for name, match in numbers.items() if match is None]
    assert not missing, f"the status line lacks {missing}: {text!r}"
    return {name: float(match.group(1)) for name, match in numbers.items()}


def _wait_for_step(status: Locator, at_least: float) -> None:
    """Wait until the status line shows ``step N`` with N >= at_least."""
    try:
        status.page.wait_for_function(
            """([status, atLeast]) => {
                const match = status.innerText.match(/step (\\d+)/);
                return match !== null && Number(match[1]) >= atLeast;
            }""",
            arg=[status.element_handle(), at_least],
            timeout=PLAY_TIMEOUT_S * 1000,
        )
    except PlaywrightTimeoutError:
        pytest.fail(f"the step never reached {at_least:g} in {PLAY_TIMEOUT_S} s: {status.inner_text()!r}")


def _figure_drawn(figure: Locator) -> None:
    expect(figure).to_be_visible(timeout=START_TIMEOUT_S * 1000)
    figure.page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=figure.element_handle(), timeout=30_000
    )


def test_playground_learns_live_in_jupyterlab(lab, chromium_page, tmp_path):
    open_notebook(chromium_page, lab, "playground.ipynb", timeout=START_TIMEOUT_S)
    run_all_cells(chromium_page)

    playground = chromium_page.locator(".nnkit-playground")
    traceback = chromium_page.locator(".jp-OutputArea-output", has_text="Traceback (most recent call last)")
    expect(playground.or_(traceback).first).to_be_visible(timeout=START_TIMEOUT_S * 1000)
    assert traceback.count() == 0, f"the notebook's cell failed:\n{traceback.first.inner_text()}"
    for name in ("Play", "Step", "Reset", "Export code"):
        expect(playground.get_by_role("button", name=name, exact=True)).to_be_visible()
    status = chromium_page.locator(".nnkit-playground .nnkit-playground-status")
    expect(status).to_contain_text(re.compile(r"test loss \d+\.\d{4}"), timeout=START_TIMEOUT_S * 1000)
    figure = chromium_page.locator(".nnkit-playground .nnkit-playground-figure")
    _figure_drawn(figure)
    before = _status(status)
    playground.screenshot(path=tmp_path / "playground_before.png")
    figure_before = figure.screenshot()

    playground.get_by_role("button", name="Play", exact=True).click()
    pause = playground.get_by_role("button", name="Pause", exact=True)
    expect(pause).to_be_visible(timeout=30_000)
    _wait_for_step(status, before["step"] + 1)
    steps_per_frame = _status(status)["step"] - before["step"]
    frames = README_FRAMES if os.environ.get("NNKIT_SCREENSHOT") else FRAMES
    _wait_for_step(status, before["step"] + (1 + frames) * steps_per_frame)
    pause.click()
    expect(playground.get_by_role("button", name="Play", exact=True)).to_be_visible(timeout=30_000)

    after = _status(status)
    screenshot = Path(os.environ.get("NNKIT_SCREENSHOT") or tmp_path / "playground.png")
    screenshot = screenshot if screenshot.is_absolute() else ROOT / screenshot
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    playground.screenshot(path=screenshot)
    figure_after = figure.screenshot()

    assert after["step"] > before["step"], f"the step count did not grow: {before} then {after}"
    assert after["train loss"] < before["train loss"], f"the train loss did not fall: {before} then {after}"
    assert figure_after != figure_before, "the figure did not change while the playground trained"
