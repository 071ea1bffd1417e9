import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from filelock import FileLock

ROOT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT_DIR / "build"))      # the course tools: course, tangle, nbcheck, ...
sys.path.insert(0, str(ROOT_DIR / "notebooks"))  # the exercises' checks, as the lessons import them

from checks import STATUS_LINE  # noqa: E402  (needs the path above)


def verdict(check, *answers, **named):
    """(status, detail) that an exercise check prints for these answers.

    Fails the test if the check prints anything but exactly one status line, or raises.
    """
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        check(*answers, **named)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1, f"a check prints one line, this one printed {lines}"
    match = STATUS_LINE.match(lines[0])
    assert match, f"not a status line: {lines[0]!r}"
    return match.group(2), match.group(3)


@pytest.fixture
def make_course(tmp_path):
    """Make a small course in tmp_path: one lesson per (file, cells) pair.

    `cells` are nbformat cells; `exports` maps a file to the module it exports.
    Returns the course root.
    """
    def make(lessons, exports=None, titles=None):
        exports, titles = exports or {}, titles or {}
        (tmp_path / "notebooks").mkdir(exist_ok=True)
        (tmp_path / "micrograd").mkdir(exist_ok=True)
        manifest = []
        for file, cells in lessons.items():
            manifest.append(f'[[lesson]]\nfile = "{file}"\ntitle = "{titles.get(file, file)}"\n')
            if file in exports:
                manifest.append(f'exports = "{exports[file]}"\n')
            if cells is not None:
                notebook = nbformat.v4.new_notebook(cells=cells)
                notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                                   "language": "python"}
                nbformat.write(notebook, tmp_path / "notebooks" / file)
        (tmp_path / "notebooks" / "course.toml").write_text("\n".join(manifest))
        return tmp_path
    return make


def build_site(out, hash_seed):
    """Build the site into `out` in a fresh Python process with the given PYTHONHASHSEED."""
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    result = subprocess.run([sys.executable, str(ROOT_DIR / "build" / "website.py"), str(out)],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return Path(out)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory, worker_id):
    """The course site, built once per test run: the xdist workers share one build."""
    if worker_id == "master":                        # no xdist: a single process
        return build_site(tmp_path_factory.mktemp("site"), hash_seed=1)
    shared = tmp_path_factory.getbasetemp().parent   # this run's folder, the same for every worker
    with FileLock(shared / "site.lock"):
        if not (shared / "site" / "index.html").exists():
            build_site(shared / "site", hash_seed=1)
    return shared / "site"


# The browser tests (the site, the interactive pictures, JupyterLab) drive a real Chromium
# with Playwright. They need one on the machine (Debian: `apt-get install chromium`; or point
# COURSE_CHROMIUM at one); without it they are skipped with that advice, unless
# COURSE_REQUIRE_BROWSER=1 (CI sets it), which makes a missing browser a failure.
CHROMIUM = os.environ.get("COURSE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
# Chromium's own background traffic (updates, sync, safe browsing) is not the page's.
QUIET = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-quic", "--disable-gpu"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        message = ("no Chromium found: install it (Debian/Ubuntu: apt-get install chromium) "
                   "or set COURSE_CHROMIUM=/path/to/chromium to run the browser tests")
        if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (COURSE_REQUIRE_BROWSER=1: CI needs them)", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=QUIET)
        yield browser
        browser.close()
