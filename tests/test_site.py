"""build/website.py: every page present, every internal link resolving, nothing remote,
exercises framed with their solutions closed, same bytes from two processes."""
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

from conftest import build_site
from course import ROOT, SOLUTION_BEGIN, lessons
from nbcheck import exercises

COURSE = lessons()


class Page(HTMLParser):
    """The links, resources, element ids and classes of one HTML page."""

    def __init__(self, text):
        super().__init__()
        self.links, self.resources, self.ids, self.classes = [], [], set(), []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        self.classes += (attrs.get("class") or "").split()
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.resources.append(attrs["href"])


@pytest.fixture(scope="module")
def pages(site_dir):
    return {path.name: Page(path.read_text()) for path in site_dir.glob("*.html")}


def html_of(site_dir, lesson):
    return (site_dir / f"{lesson.stem}.html").read_text()


def test_contents_and_every_lesson_page_exist(site_dir, pages):
    assert sorted(pages) == sorted(["index.html"] + [f"{lesson.stem}.html" for lesson in COURSE])
    listed = re.findall(r'<li><a href="([^"]+)">', (site_dir / "index.html").read_text())
    assert listed == [f"{lesson.stem}.html" for lesson in COURSE]
    assert (site_dir / "mathjax" / "MathJax.js").exists()


def test_every_internal_link_and_resource_resolves(site_dir, pages):
    broken = []
    for name, page in pages.items():
        for target in page.links + page.resources:
            url = urlsplit(target)
            if url.scheme or target.startswith("//"):
                continue  # an external link a reader may follow; resources are checked below
            path = site_dir / unquote(url.path) if url.path else site_dir / name
            if not path.exists():
                broken.append(f"{name}: {target} (no such file)")
            elif url.fragment and path.suffix == ".html" \
                    and not {url.fragment, unquote(url.fragment)} & pages[path.name].ids:  # as browsers look
                broken.append(f"{name}: {target} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_nothing_is_loaded_from_the_network(pages):
    remote = [f"{name}: {src}" for name, page in pages.items() for src in page.resources
              if re.match(r"(https?:)?//", src)]
    assert not remote, "\n".join(remote)


def test_two_builds_in_two_processes_are_identical(site_dir, tmp_path):
    """A second build with another hash seed: output that depends on set order would differ."""
    other = build_site(tmp_path / "again", hash_seed=2)
    first, second = (sorted(p.relative_to(s) for p in s.rglob("*") if p.is_file()) for s in (site_dir, other))
    assert first == second
    different = [str(p) for p in first if (site_dir / p).read_bytes() != (other / p).read_bytes()]
    assert not different, different


@pytest.mark.parametrize("i", range(len(COURSE)), ids=[lesson.stem for lesson in COURSE])
def test_lesson_pages_have_navigation_contents_and_a_notebook(pages, site_dir, i):
    lesson, page = COURSE[i], pages[f"{COURSE[i].stem}.html"]
    assert "index.html" in page.links
    if i > 0:
        assert f"{COURSE[i - 1].stem}.html" in page.links
    if i + 1 < len(COURSE):
        assert f"{COURSE[i + 1].stem}.html" in page.links
    assert not [link for link in page.links if link.endswith(".ipynb") and not link.startswith("notebooks/")]
    assert f"notebooks/{lesson.file}" in page.links
    assert (site_dir / "notebooks" / lesson.file).read_bytes() == lesson.path.read_bytes()
    html = html_of(site_dir, lesson)
    assert re.search(r"About \d+ minutes? of reading", html)
    sections = re.findall(r'<h2 id="([^"]+)"', html)
    assert sections and all(f'href="#{anchor}"' in html for anchor in sections)


def test_contents_page_gives_reading_times_and_how_to_run(site_dir):
    html = (site_dir / "index.html").read_text()
    assert html.count('class="course-minutes"') == len(COURSE)
    assert "make lab" in html and "make student" in html


def test_exported_cells_carry_a_badge_linking_to_their_cell(site_dir):
    for lesson in COURSE:
        html = html_of(site_dir, lesson)
        badges = re.findall(r'<a class="course-export-badge" href="#(cell-id=[^"]+)">', html)
        if lesson.exports:
            assert badges and f"micrograd/{lesson.exports}.py" in html
            assert all(f'id="{anchor}"' in html for anchor in badges)
            module = (ROOT / "micrograd" / f"{lesson.exports}.py").read_text()
            assert sorted(badges) == sorted(re.findall(r"#(cell-id=\S+)", module))
        else:
            assert not badges


def test_exercises_are_boxes_with_closed_solutions(site_dir):
    for lesson in COURSE:
        html = html_of(site_dir, lesson)
        count = len(exercises(lesson.read()))
        assert html.count('<section class="course-exercise"') == count, lesson.stem
        assert html.count('<details class="course-solution">') >= count, lesson.stem
        assert "<details open" not in html and SOLUTION_BEGIN not in html, lesson.stem
        assert "def check_exercise" not in html, lesson.stem  # the checks stay in their modules


def test_plots_and_graphs_are_embedded_as_svg(site_dir):
    for name in ("01_derivatives", "02_value_graph"):
        html = (site_dir / f"{name}.html").read_text()
        assert 'src="data:image/svg+xml;base64,' in html
        assert "src=\"data:image/png" not in html


def test_two_asides_in_a_row_are_two_folds():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    from website import CourseLayout
    aside = {"tags": ["aside"]}
    notebook = new_notebook(cells=[
        new_markdown_cell("# 1. A lesson"),
        new_markdown_cell("#### Going deeper: one\n\nFirst.", metadata=aside),
        new_code_cell("x = 1", metadata=aside),
        new_markdown_cell("#### Going deeper: two\n\nSecond.", metadata=aside)])
    cells, _ = CourseLayout().preprocess(notebook, {})
    opened = [c.metadata["course_before"] for c in cells.cells]
    closed = [c.metadata["course_after"] for c in cells.cells]
    assert opened[1].endswith("<summary>Going deeper: one</summary>") and closed[2] == "</details>"
    assert opened[3].endswith("<summary>Going deeper: two</summary>") and closed[3] == "</details>"
    assert cells.cells[1].source.strip() == "First."    # the heading became the summary
