"""build/site.py: every page present, every internal link resolving, nothing remote, same bytes twice."""
import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from course import ROOT
from course import lessons

# build/site.py is loaded by path: `import site` would find Python's own site module.
_spec = importlib.util.spec_from_file_location("course_site", ROOT / "build" / "site.py")
course_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course_site)

COURSE = lessons()


class Page(HTMLParser):
    """The links, resources and element ids of one HTML page."""

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
def sites(tmp_path_factory):
    """The site built twice, into two fresh folders."""
    return [course_site.build(tmp_path_factory.mktemp(f"site{i}")).parent for i in range(2)]


@pytest.fixture(scope="module")
def pages(sites):
    return {path.name: Page(path.read_text()) for path in sites[0].glob("*.html")}


def test_contents_and_every_lesson_page_exist(sites, pages):
    assert sorted(pages) == sorted(["index.html"] + [f"{lesson.stem}.html" for lesson in COURSE])
    assert [link for link in pages["index.html"].links] == [f"{lesson.stem}.html" for lesson in COURSE]
    assert (sites[0] / "mathjax" / "MathJax.js").exists()


def test_every_internal_link_and_resource_resolves(sites, pages):
    broken = []
    for name, page in pages.items():
        for target in page.links + page.resources:
            url = urlsplit(target)
            if url.scheme or target.startswith("//"):
                continue  # an external link a reader may follow; resources are checked below
            path = sites[0] / unquote(url.path) if url.path else sites[0] / name
            if not path.exists():
                broken.append(f"{name}: {target} (no such file)")
            elif url.fragment and path.suffix == ".html" and url.fragment not in pages[path.name].ids:
                broken.append(f"{name}: {target} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_nothing_is_loaded_from_the_network(pages):
    remote = [f"{name}: {src}" for name, page in pages.items() for src in page.resources
              if re.match(r"(https?:)?//", src)]
    assert not remote, "\n".join(remote)


def test_two_builds_are_identical(sites):
    first, second = (sorted(p.relative_to(s) for p in s.rglob("*") if p.is_file()) for s in sites)
    assert first == second
    different = [str(p) for p in first if (sites[0] / p).read_bytes() != (sites[1] / p).read_bytes()]
    assert not different, different


@pytest.mark.parametrize("i", range(len(COURSE)), ids=[lesson.stem for lesson in COURSE])
def test_lesson_pages_have_navigation(pages, i):
    links = pages[f"{COURSE[i].stem}.html"].links
    assert "index.html" in links
    if i > 0:
        assert f"{COURSE[i - 1].stem}.html" in links
    if i + 1 < len(COURSE):
        assert f"{COURSE[i + 1].stem}.html" in links
    assert not [link for link in links if link.endswith(".ipynb")], "lesson links must lead to pages"


def test_exported_cells_carry_a_badge_naming_their_module(sites):
    for lesson in COURSE:
        html = (sites[0] / f"{lesson.stem}.html").read_text()
        badges = html.count('class="course-export-badge"')
        if lesson.exports:
            assert badges >= 1 and f"micrograd/{lesson.exports}.py" in html
        else:
            assert badges == 0


def test_plots_and_graphs_are_embedded(sites):
    html = (sites[0] / "02_value_graph.html").read_text()
    assert 'src="data:image/svg+xml;base64,' in html  # the expression graphs, embedded
    assert 'src="data:image/png;base64,' in (sites[0] / "01_derivatives.html").read_text()
