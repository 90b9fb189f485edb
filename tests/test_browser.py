"""The learner's path in a real browser: JupyterLab, a worked notebook, Validate, the explorers.

One `jupyter lab` per test module (per xdist worker), on a temporary copy of the course; each test
opens its notebook in a fresh workspace. Screenshots go to each test's temporary folder, and also
to $MLEXAM_SCREENSHOTS when it is set (`make screenshots` refreshes docs/ this way).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from support import ROOT
from support.lab_browser import VIEWPORT, LabPage, LabServer, chromium

from mlexam.course import notebooks

pytestmark = pytest.mark.browser

SCREENSHOTS_ENV = "MLEXAM_SCREENSHOTS"
WORKED = "release/ml_debugging/single_batch.ipynb"  # filled with the reference answers
BLANK = "blank/single_batch.ipynb"  # the release version, as handed out
WRITTEN_ANSWER = "Overfitting one batch first checks the whole training code cheaply, before long runs."
IMAGES_JS = "(imgs) => imgs.filter((img) => img.complete && img.naturalWidth > 0).length"


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory) -> Path:
    """The learner's view of the course, with one notebook worked through and one left blank."""
    root = tmp_path_factory.mktemp("lab-course")
    skip = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for name in ("release", "notebooks", "binder"):
        shutil.copytree(ROOT / name, root / name, ignore=skip)
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    source = notebooks.read(ROOT / "source" / "ml_debugging" / "single_batch.ipynb")
    release = notebooks.read(ROOT / WORKED)
    worked = notebooks.with_answers(release, notebooks.reference_answers(source))
    for cell in worked.cells:  # Validate also wants the written answers
        if notebooks.grade_id(cell) in notebooks.written_ids(worked):
            cell.source = WRITTEN_ANSWER
    notebooks.write(worked, root / WORKED)
    notebooks.write(release, root / BLANK)
    return root


@pytest.fixture(scope="module")
def lab(course_copy, tmp_path_factory):
    server = LabServer(
        course_copy, tmp_path_factory.mktemp("lab-server"), post_build=course_copy / "binder" / "postBuild"
    )
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def shots(tmp_path) -> list[Path]:
    folders = [tmp_path]
    if os.environ.get(SCREENSHOTS_ENV):
        folders.append(Path(os.environ[SCREENSHOTS_ENV]).resolve())
        folders[-1].mkdir(parents=True, exist_ok=True)
    return folders


@pytest.fixture
def open_notebook(browser, lab, shots):
    contexts = []

    def open_(path: str, sidebar: bool = False) -> LabPage:
        context = browser.new_context(viewport=VIEWPORT)
        contexts.append(context)
        page = LabPage(context.new_page(), lab, path, shots)
        if not sidebar:
            page.command("application:toggle-left-area")
        return page

    yield open_
    for context in contexts:
        context.close()


def validate(nb: LabPage, timeout: float = 180.0):
    """Press nbgrader's Validate button; the results dialog once it has them."""
    nb.wait_for_kernel()
    nb.page.locator(".jp-NotebookPanel-toolbar .jp-ToolbarButtonComponent", has_text="Validate").click()
    dialog = nb.page.locator(".jp-Dialog", has_text="Validation Results")
    dialog.locator(".validation-success, .validation-failed, .validation-passed, .validation-changed").wait_for(
        timeout=timeout * 1000
    )
    return dialog


def test_start_page_shows_the_course_map_and_its_links_open_the_notebooks(open_notebook):
    nb = open_notebook("notebooks/START_HERE.ipynb", sidebar=True)
    page = nb.page
    page.get_by_role("heading", name="ML Teams exam: start here").wait_for()
    link = page.locator(".jp-RenderedMarkdown a", has_text="single_batch.ipynb")
    link.wait_for()
    nb.wait_for_kernel()
    nb.screenshot("start_page")
    link.click()
    page.wait_for_function(
        "(path) => window.jupyterapp.shell.currentWidget.context.path === path", arg=WORKED, timeout=30_000
    )


def test_worked_notebook_runs_all_and_shows_its_plots_and_the_lab(open_notebook):
    nb = open_notebook(WORKED)
    nb.run_all()
    page = nb.page
    slider = page.locator(".jp-OutputArea .widget-slider").first
    slider.wait_for(timeout=30_000)
    lab_plot = page.locator(".jp-OutputArea .widget-output img").last
    lab_plot.wait_for(timeout=30_000)
    images = page.locator(".jp-OutputArea-output img")
    assert images.count() >= 3, "the six failure modes, the mystery curves and the lab's plot"
    lab_plot.scroll_into_view_if_needed()
    assert images.evaluate_all(IMAGES_JS) >= 1, "the lab's plot is drawn"
    images.first.evaluate("(el) => el.scrollIntoView({block: 'center'})")  # the six failure modes
    page.wait_for_timeout(500)
    nb.screenshot("worked_notebook")


def test_validate_reports_success_on_a_solved_notebook(open_notebook):
    nb = open_notebook(WORKED)
    dialog = validate(nb)
    assert dialog.locator(".validation-success").count() == 1, dialog.inner_text()
    assert "Success! Your notebook passes all the tests." in dialog.inner_text()
    nb.screenshot("validate_success")


def test_validate_reports_failure_on_a_blank_notebook(open_notebook):
    nb = open_notebook(BLANK)
    dialog = validate(nb)
    assert dialog.locator(".validation-failed").count() == 1, dialog.inner_text()
    assert "NotImplementedError" in dialog.inner_text()


@pytest.mark.parametrize(
    ("explorer", "slider", "drag"),  # drag: pixels to the right, to a setting worth a screenshot
    [
        ("learning_curve_lab", "learning rate", 45),
        ("loss_explorer", "your logit", -25),
        ("gradient_flow_explorer", "depth", 45),
    ],
)
def test_explorer_slider_changes_the_plot(open_notebook, explorer, slider, drag):
    nb = open_notebook(f"notebooks/{explorer}.ipynb")
    nb.run_all()
    page = nb.page
    plot = page.locator(".jp-OutputArea .widget-output img")
    plot.wait_for(timeout=30_000)
    before = plot.get_attribute("src")
    control = page.locator(".widget-slider", has=page.locator(".widget-label", has_text=slider))
    handle = control.locator(".noUi-handle")
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + drag, y, steps=6)
    page.mouse.up()
    page.wait_for_function(
        "(before) => { const img = document.querySelector('.jp-OutputArea .widget-output img');"
        " return !!img && img.complete && img.naturalWidth > 0 && img.src !== before; }",
        arg=before,
        timeout=60_000,
    )
    nb.wait_until_quiet()  # a drag sends several values: let the last plot arrive
    page.wait_for_function(
        "() => { const img = document.querySelector('.jp-OutputArea .widget-output img');"
        " return !!img && img.complete && img.naturalWidth > 0; }"
    )
    page.locator(".jp-OutputArea .widget-output").evaluate("(el) => el.scrollIntoView({block: 'end'})")
    nb.screenshot(explorer)
