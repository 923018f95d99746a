"""The offline book of the lessons (make lessons; tools/book.py): built from the committed lessons,
which are executed already, and read in Debian's Chromium with the network blocked.

Every page loads with no failed request and no console error, formulas are typeset by MathJax with
its TeX fonts (served from the book's folder), pages link to each other, and the search page finds a
word of lesson 10 from file://.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import book  # noqa: E402  (tools/book.py)
from browser.chromium import CHROMIUM, NOT_INSTALLED, launch  # noqa: E402

LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
MATHJAX_FONTS = "_static/mathjax/output/chtml/fonts/woff-v2"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book") / "lessons"
    assert book.build_book(LESSONS, out) == out / "index.html"
    return out


def markdown_words(path: Path) -> set[str]:
    notebook = nbformat.read(path, as_version=4)
    text = " ".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    return set(re.findall(r"\b[a-z]{9,}\b", text.lower()))


def test_home_page_lists_each_lesson_with_summary_decks_and_exercises(built):
    home = (built / "index.html").read_text()
    readme = (ROOT / "README.md").read_text()
    for path in LESSONS:
        lesson = book.describe(path, readme)
        assert (
            lesson.title.startswith("Lesson ") and lesson.summary and re.fullmatch(r"[\d, ]+", lesson.decks)
        )
        assert len(lesson.exercises) == 4, f"{path.name}: {lesson.exercises}"
        assert f'href="{path.stem}.html"' in home
        for exercise in lesson.exercises:
            assert exercise.split(" — ")[0] in home
    assert "same as committed" not in home and "seconds" not in home  # developer columns: terminal only
    # Each exercise links to its own heading in the lesson's page.
    links = re.findall(r'href="(\d\d_\w+\.html)#(exercise-[\w-]+)"', home)
    assert len(links) == 4 * len(LESSONS)
    for page, anchor in links:
        assert f'id="{anchor}"' in (built / page).read_text(), f"{page}#{anchor} goes nowhere"


def test_nothing_is_fetched_from_a_network(built):
    pages = sorted(built.glob("*.html"))
    assert len(pages) >= len(LESSONS) + 2  # the lessons, the home page, search
    for page in pages:
        text = page.read_text()
        remote = re.findall(r"""<(?:script|link|img)[^>]+(?:src|href)=["']((?:https?:)?//[^"']+)""", text)
        assert not remote, f"{page.name} loads {remote}"
    assert (built / "searchindex.js").is_file()
    assert sorted(path.name for path in (built / MATHJAX_FONTS).glob("MathJax_Main-*.woff"))


def test_a_folder_that_is_not_a_book_is_never_replaced(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="not a book|other than a book"):
        book.build_book(LESSONS[:1], tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.skipif(CHROMIUM is None, reason=NOT_INSTALLED)
@pytest.mark.xdist_group("browser")
def test_the_book_in_chromium_offline(built):
    from playwright.sync_api import sync_playwright

    problems, blocked = [], []

    def only_files(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(offline=True)
            context.route("**/*", only_files)
            page = context.new_page()
            page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
            page.on("console", lambda message: message.type == "error" and problems.append(message.text))
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            for path in [built / "index.html", *(built / f"{lesson.stem}.html" for lesson in LESSONS)]:
                page.goto(path.as_uri(), wait_until="load")
                if path.stem != "index":
                    page.wait_for_selector("mjx-container", state="attached", timeout=30_000)
                    page.wait_for_function("document.fonts.status === 'loaded'", timeout=30_000)
                    families = page.evaluate(
                        "Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)"
                    )
                    assert any(family.startswith("MJXTEX") for family in families), f"{path.name}: {families}"
                    assert page.locator("mjx-container").count() > 0
                    assert page.locator("a.prev-page").count() == 1  # navigation between lessons
            first = built / f"{LESSONS[0].stem}.html"
            page.goto(first.as_uri(), wait_until="load")
            assert page.locator("a.next-page").get_attribute("href") == f"{LESSONS[1].stem}.html"

            lesson10 = next(path for path in LESSONS if path.name.startswith("10_"))
            others = set().union(*(markdown_words(path) for path in LESSONS if path != lesson10))
            word = sorted(markdown_words(lesson10) - others)[0]  # a word no other lesson uses
            page.goto(f"{(built / 'search.html').as_uri()}?q={word}", wait_until="load")
            page.wait_for_function(
                "document.querySelector('#search-results') && "
                "/Search finished/.test(document.querySelector('#search-results').innerText)",
                timeout=30_000,
            )
            found = page.locator("#search-results a").evaluate_all("links => links.map(a => a.href)")
            assert any(href.split("/")[-1].startswith(f"{lesson10.stem}.html") for href in found), (
                word,
                found,
            )
            assert not any(f"/{LESSONS[0].stem}.html" in href for href in found), (word, found)
        finally:
            browser.close()
    assert not blocked, f"requests to a network: {blocked}"
    assert not problems, problems
