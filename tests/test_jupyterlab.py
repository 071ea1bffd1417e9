"""JupyterLab itself, in Chromium, as most learners use the course: the test starts
JupyterLab on a free localhost port, on a temporary copy of the lessons it opens (the
committed notebooks are never touched), and always shuts it down.

- Lesson 3 as stored (no kernel yet): each picture shows its static fallback, since
  JupyterLab strips the scripts of an untrusted notebook's HTML. Run, its backward steppers
  come alive as widgets: one is stepped, the other takes a prediction.
- Lesson 1, outputs cleared and run from the top: its exercise checks print their status.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT_DIR

LESSONS = ("01_derivatives.ipynb", "03_backprop_by_hand.ipynb")
SUPPORT = ("checks", "matplotlibrc")        # what the lessons read next to them
TOKEN = "course-test"
# The user's own JupyterLab settings are not read (a temporary folder); these make the test
# see every cell (no windowing: off-screen cells stay in the page) and fetch no news.
SETTINGS = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
            "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
                {"fetchNews": "false", "checkForUpdates": False}}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    """(url of JupyterLab, the folder it serves): JupyterLab running on a copy of the lessons."""
    folder = tmp_path_factory.mktemp("lab")
    for name in LESSONS:
        shutil.copyfile(ROOT_DIR / "notebooks" / name, folder / name)
    for name in SUPPORT:
        source = ROOT_DIR / "notebooks" / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source, folder / name)
    home = tmp_path_factory.mktemp("jupyter")
    for name, values in SETTINGS.items():
        (home / "settings" / name).parent.mkdir(parents=True, exist_ok=True)
        (home / "settings" / name).write_text(json.dumps(values))
    port = free_port()
    command = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser",
               f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}",
               f"--ServerApp.root_dir={folder}", "--ServerApp.port_retries=0",
               f"--LabApp.user_settings_dir={home / 'settings'}",
               f"--LabApp.workspaces_dir={home / 'workspaces'}",
               "--LabApp.expose_app_in_browser=True"] + (["--allow-root"] if os.geteuid() == 0 else [])
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    log = open(home / "lab.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start; its log:\n{(home / 'lab.log').read_text()[-3000:]}")
                time.sleep(0.5)
        yield url, folder
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture
def notebook(lab, browser):
    """A function that opens one of the lessons in JupyterLab and returns the page."""
    url, folder = lab
    pages = []

    def open_notebook(name):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        pages.append(page)
        page.goto(f"{url}/lab/tree/{name}?token={TOKEN}")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                               " && window.jupyterapp.shell.currentWidget.context"
                               f" && window.jupyterapp.shell.currentWidget.context.path === {json.dumps(name)}",
                               timeout=60_000)
        page.wait_for_function("() => { const s = window.jupyterapp.shell.currentWidget.sessionContext;"
                               " return s.session && s.session.kernel && s.session.kernel.status === 'idle'; }",
                               timeout=60_000)
        return page

    yield open_notebook
    for page in pages:
        page.close()


def run_all(page, clear_first=False):
    """Run every cell, as Run > Run All Cells does, and wait until the kernel is idle again."""
    if clear_first:
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function("() => { const n = window.jupyterapp.shell.currentWidget;"
                           " return n.sessionContext.session.kernel.status === 'idle'"
                           " && ![...n.content.widgets].some(c => c.model.type === 'code'"
                           " && (c.promptNode.textContent || '').includes('*')); }",
                           timeout=180_000, polling=500)


def cell_of(page, text):
    """The notebook cell whose source contains `text`."""
    return page.locator(".jp-Notebook .jp-Cell").filter(
        has=page.locator(".jp-InputArea", has_text=text)).first


def test_a_stored_picture_shows_its_fallback_and_runs_as_a_widget(notebook):
    page = notebook("03_backprop_by_hand.ipynb")
    stepper = cell_of(page, "backward_stepper(o, predict=True")
    output = stepper.locator(".jp-OutputArea-output")
    # stored, untrusted: the scripts are gone; the fallback's graph and lines remain
    assert output.locator(".mg-live").count() == 0
    image = output.locator("img")
    assert image.count() == 1 and "after the backward pass" in image.get_attribute("alt")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "o = tanh(n): n.grad += (1 - o**2) * o.grad" in output.inner_text()

    run_all(page)
    replay = cell_of(page, "backward_stepper(L)").locator('.mg-live[data-picture="stepper"]')
    replay.wait_for(timeout=30_000)
    replay.get_by_role("button", name="Next").click()
    replay.get_by_role("button", name="Next").click()
    assert replay.locator(".mg-status").inner_text() == "Step 2 of 4"
    assert "L = d * f: d.grad += f.data * L.grad" in replay.locator(".mg-said").inner_text()
    assert replay.locator("g.mg-active").count() == 2        # d*f's result and its operation

    predictor = stepper.locator('.mg-live[data-picture="stepper"]')
    predictor.get_by_role("button", name="Next").click()
    box = predictor.get_by_role("textbox")
    box.fill("1")
    box.press("Enter")
    assert predictor.locator(".mg-said").inner_text().startswith("Right: o.grad is 1.")
    predictor.get_by_role("button", name="Next").click()
    box.fill("0.7")
    box.press("Enter")
    assert predictor.locator(".mg-said").inner_text().startswith("Not quite: n.grad is 0.5, not 0.7.")
    assert predictor.locator(".mg-status").inner_text() == "Step 2 of 6 \u00b7 right predictions: 1 of 2"

    # saved and reopened with no kernel: the course's JupyterLab saves the widgets' state
    # (build/lab-overrides.json), so the pictures come back instead of "model not found"
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
    page.reload()
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.context"
                           " && window.jupyterapp.shell.currentWidget.context.isReady", timeout=60_000)
    reopened = cell_of(page, "backward_stepper(L)").locator('.mg-live[data-picture="stepper"]')
    reopened.wait_for(timeout=30_000)
    reopened.get_by_role("button", name="Next").click()
    assert reopened.locator(".mg-status").inner_text() == "Step 1 of 4"
    assert page.get_by_text("Error displaying widget").count() == 0


def test_lesson_1_runs_and_its_checks_print_their_status(notebook):
    page = notebook("01_derivatives.ipynb")
    run_all(page, clear_first=True)
    outputs = page.locator(".jp-Notebook .jp-OutputArea-output").all_inner_texts()
    statuses = [line for text in outputs for line in text.splitlines() if line.startswith("Exercise ")]
    assert any(line.startswith("Exercise 1: not attempted yet.") for line in statuses)
    assert any(line.startswith("Exercise 1: solved.") for line in statuses)
    assert not page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
