"""build/website.py, read as files: every page present, every internal link resolving, nothing
remote, exercises framed with their solutions closed, honest times, the search index, the
glossary and its links, pictures described in words, titles escaped, the licences, and the
same bytes from two processes. (tests/test_site_browser.py opens the pages in Chromium.)"""
import json
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

import glossary
import search
import website
from conftest import build_site
from course import ROOT, SOLUTION_BEGIN, lessons, tags
from figures import describe
from nbcheck import exercises, learner_minutes

COURSE = lessons()
NOTEBOOKS = {lesson.file: lesson.read() for lesson in COURSE}
SECTIONS = {file: search.sections(notebook) for file, notebook in NOTEBOOKS.items()}
TERMS = glossary.load(ROOT, COURSE, SECTIONS)


class Page(HTMLParser):
    """The links, resources, element ids, classes and pictures of one HTML page, and each
    glossary link with the elements it sits in."""

    def __init__(self, text):
        super().__init__()
        self.links, self.resources, self.ids, self.classes, self.images = [], [], set(), [], []
        self.term_links, self.open, self.open_classes = [], [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in ("img", "input", "link", "meta", "br", "hr"):
            self.open.append(tag)
            self.open_classes.append(attrs.get("class") or "")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        self.classes += (attrs.get("class") or "").split()
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if "course-term" in (attrs.get("class") or ""):
                self.term_links.append((attrs["href"], tuple(self.open[:-1])))
        if tag == "img":
            self.images.append((attrs, " ".join(self.open_classes).split()))
        if attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.resources.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in self.open:
            at = len(self.open) - 1 - self.open[::-1].index(tag)
            del self.open[at], self.open_classes[at]


@pytest.fixture(scope="module")
def pages(site_dir):
    return {path.name: Page(path.read_text()) for path in site_dir.glob("*.html")}


@pytest.fixture(scope="module")
def index(site_dir):
    """The documents of search-index.js."""
    text = (site_dir / "search-index.js").read_text()
    assert text.count("window.COURSE_SEARCH = ") == 1
    return json.loads(text.split("window.COURSE_SEARCH = ", 1)[1].rstrip().removesuffix(";"))


def html_of(site_dir, lesson):
    return (site_dir / f"{lesson.stem}.html").read_text()


def test_contents_glossary_and_every_lesson_page_exist(site_dir, pages):
    assert sorted(pages) == sorted(["index.html", "glossary.html"] + [f"{l.stem}.html" for l in COURSE])
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
def test_lesson_pages_have_navigation_contents_time_and_a_notebook(pages, site_dir, i):
    lesson, page = COURSE[i], pages[f"{COURSE[i].stem}.html"]
    assert "index.html" in page.links and "glossary.html" in page.links
    if i > 0:
        assert f"{COURSE[i - 1].stem}.html" in page.links
    if i + 1 < len(COURSE):
        assert f"{COURSE[i + 1].stem}.html" in page.links
    assert not [link for link in page.links if link.endswith(".ipynb") and not link.startswith("notebooks/")]
    assert f"notebooks/{lesson.file}" in page.links
    assert (site_dir / "notebooks" / lesson.file).read_bytes() == lesson.path.read_bytes()
    html = html_of(site_dir, lesson)
    count = len(exercises(NOTEBOOKS[lesson.file]))
    time = website.duration(learner_minutes(NOTEBOOKS[lesson.file]))
    assert f"About {time}, with its {count} exercise" in html   # reading and exercises, not prose alone
    sections = re.findall(r'<h2 id="([^"]+)"', html)
    assert sections and all(f'href="#{anchor}"' in html for anchor in sections)


def test_contents_page_gives_each_lessons_time_the_total_and_how_to_run(site_dir):
    html = (site_dir / "index.html").read_text()
    minutes = [learner_minutes(NOTEBOOKS[lesson.file]) for lesson in COURSE]
    shown = re.findall(r'<span class="course-minutes">about ([^<]+)</span>', html)
    assert shown == [website.duration(m) for m in minutes]
    assert f"take about {website.duration(sum(minutes))} in all, with\nthe exercises" in html
    assert "make lab" in html and "make student" in html


def test_the_contents_page_offers_the_exercises_without_solutions(site_dir):
    import zipfile
    html = (site_dir / "index.html").read_text()
    assert f'<a href="{website.STUDENT_ZIP}" download>Download the exercises without solutions</a>' in html
    with zipfile.ZipFile(site_dir / website.STUDENT_ZIP) as archive:
        names = archive.namelist()
        assert {lesson.file for lesson in COURSE} <= {name.split("/", 1)[1] for name in names}
        assert not [n for n in names if n.endswith(".ipynb") and SOLUTION_BEGIN in archive.read(n).decode()]


def test_durations_read_as_a_person_says_them():
    assert [website.duration(m) for m in (5, 45, 60, 75, 120, 175, 180, 685, 700)] == [
        "5 minutes", "45 minutes", "1 hour", "1 hour 15 minutes", "2 hours", "2 hours 55 minutes",
        "3 hours", "11½ hours", "11½ hours"]


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
        count = len(exercises(NOTEBOOKS[lesson.file]))
        assert html.count('<section class="course-exercise"') == count, lesson.stem
        assert html.count('<details class="course-solution">') >= count, lesson.stem
        assert "<details open" not in html and SOLUTION_BEGIN not in html, lesson.stem
        assert "def check_exercise" not in html, lesson.stem  # the checks stay in their modules


def test_two_asides_in_a_row_are_two_folds_each_with_its_anchor():
    from nbformat.v4 import new_notebook
    aside = {"tags": ["aside"]}
    notebook = new_notebook(cells=[
        new_markdown_cell("# 1. A lesson"),
        new_markdown_cell("#### Going deeper: one\n\nFirst.", metadata=aside),
        new_code_cell("x = 1", metadata=aside),
        new_markdown_cell("#### Going deeper: `two`\n\nSecond.", metadata=aside)])
    cells, _ = website.CourseLayout().preprocess(notebook, {})
    opened = [c.metadata["course_before"] for c in cells.cells]
    closed = [c.metadata["course_after"] for c in cells.cells]
    assert opened[1] == '<details class="course-aside" id="Going-deeper:-one"><summary>Going deeper: one</summary>'
    assert closed[2] == "</details>"
    assert opened[3].endswith("<summary>Going deeper: <code>two</code></summary>") and closed[3] == "</details>"
    assert cells.cells[1].source.strip() == "First."    # the heading became the summary


# ---- Pictures ------------------------------------------------------------------------

def test_plots_and_graphs_are_embedded_as_svg(site_dir):
    for name in ("01_derivatives", "02_value_graph"):
        html = (site_dir / f"{name}.html").read_text()
        assert 'src="data:image/svg+xml;base64,' in html
        assert "src=\"data:image/png" not in html


def test_every_picture_is_described_in_words(pages):
    """A plot or graph by what it shows; a picture an output draws itself has its own words."""
    for name, page in pages.items():
        for image, inside in page.images:
            alt = image.get("alt", "")
            assert alt.strip() and not alt.startswith(("<", "No description")), f"{name}: {alt[:80]!r}"
            if "jp-RenderedSVG" in inside:
                assert alt.startswith(("Plot", "Expression graph")), f"{name}: {alt[:80]!r}"


def svg_of(figure):
    import io
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def test_a_plot_is_described_by_its_title_axes_and_legend():
    from matplotlib.figure import Figure
    figure = Figure()
    left, right = figure.subplots(1, 2)
    left.plot([0, 1, 2], [0, 1, 4], label="squares")
    left.plot([0, 1, 2], [0, 1, 2], label="x < y & z")
    left.set(title="Growth", xlabel="step", ylabel="value $x_1$")
    left.legend()
    right.plot([0, 1], [1, 0])
    alt = describe(svg_of(figure), "<Figure size 640x480 with 2 Axes>")
    first, second = alt.split(" Plot 2 of 2: ")
    assert re.fullmatch(r"Plot 1 of 2: Growth\. Horizontal axis: step, from 0[.0]* to 2[.0]*\. "
                        r"Vertical axis: value x_1, from 0[.0]* to 4[.0]*\. Legend: squares; x < y & z\.", first)
    assert re.fullmatch(r"untitled\. Horizontal axis, from 0[.0]* to 1[.0]*\. Vertical axis, from 0[.0]* to 1[.0]*\.",
                        second)


def test_a_graph_is_described_by_its_expressions_and_numbers():
    from micrograd import Value, draw_dot
    a, b, c = Value(2.0, label="a"), Value(-3.0, label="b"), Value(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    d.backward()
    drawing = draw_dot(d)
    alt = describe(drawing._repr_svg_(), repr(drawing))
    assert alt.startswith("Expression graph: d = e + c, e = a * b. Values: d: data 4.0000, grad 1.0000;")
    assert "a: data 2.0000, grad -3.0000" in alt and "b: data -3.0000, grad 2.0000" in alt
    unlabelled = draw_dot(Value(2.0, label="x") * 3)
    assert "= x * [3.0000]" in describe(unlabelled._repr_svg_(), "")


def test_a_picture_that_is_neither_keeps_its_text_form():
    assert describe("<svg xmlns='http://www.w3.org/2000/svg'><circle r='1'/></svg>", "a dot") == "a dot"
    assert describe("not svg at all <", "its text") == "its text"


# ---- Search --------------------------------------------------------------------------

def test_the_search_index_has_every_section_and_links_to_it(site_dir, index, pages):
    assert [d["id"] for d in index] == list(range(len(index)))
    for document in index:
        page, _, anchor = document["url"].partition("#")
        assert page in pages and anchor in pages[page].ids, document["url"]
        assert document["title"] and document["lesson"]
    for lesson in COURSE:
        html = html_of(site_dir, lesson)
        anchors = re.findall(r'<h[123] id="([^"]+)"|<details class="course-aside" id="([^"]+)"', html)
        urls = {d["url"] for d in index if d["url"].startswith(f"{lesson.stem}.html#")}
        assert urls == {f"{lesson.stem}.html#{unescape(a or b)}" for a, b in anchors}
    assert {d["url"] for d in index if d["lesson"] == "Glossary"} == {f"glossary.html#{t.id}" for t in TERMS}


def test_the_search_index_gives_no_solution_away(index):
    text = " ".join(" ".join(d["text"].split()) for d in index)
    assert SOLUTION_BEGIN not in text
    for lesson in COURSE:
        for cell in NOTEBOOKS[lesson.file].cells:
            if "solution" in tags(cell) and cell.cell_type == "code":
                assert " ".join(cell.source.split()) not in text, f"{lesson.stem}: {cell.source[:60]}"


def test_an_aside_is_a_section_of_its_own_and_its_text_leaves_the_section_around_it():
    from nbformat.v4 import new_notebook
    aside = {"tags": ["aside"]}
    notebook = new_notebook(cells=[
        new_markdown_cell("# 1. A lesson\n\nIntro.\n\n## First part\n\nBefore."),
        new_markdown_cell("#### Going deeper: more\n\nInside.", metadata=aside),
        new_code_cell("inside = 1", metadata=aside),
        new_markdown_cell("After.\n\n```python\n# not a heading\n```\n\n### Second `part`\n\nLast."),
        new_code_cell("answer = 42", metadata={"tags": ["solution"]})])
    found = [(s.title, s.anchor, s.text) for s in search.sections(notebook)]
    assert found == [("1. A lesson", "1.-A-lesson", "Intro."),
                     ("First part", "First-part", "Before. After. # not a heading"),
                     ("Going deeper: more", "Going-deeper:-more", "Inside. inside = 1"),
                     ("Second part", "Second-part", "Last.")]


# ---- Glossary ------------------------------------------------------------------------

def test_the_glossary_defines_the_course_terms_each_where_it_is_taught():
    names = {term.name for term in TERMS}
    assert {"derivative", "gradient", "chain rule", "leaf", "topological order", "loss",
            "learning rate", "backpropagation", "neuron", "closure"} <= names
    for term in TERMS:
        section = {s.title: s for s in SECTIONS[term.lesson.file]}[term.section]
        said = f"{section.title} {section.text}".lower()
        assert any(re.search(rf"\b{re.escape(form.lower())}", said) for form in (term.name, *term.forms)), \
            f"glossary.toml: {term.name!r} is not mentioned in {term.lesson.stem}, {term.section!r}"
        assert term.text.endswith(".") and len(re.findall(r"[.!?](\s|$)", term.text)) == 1, term.name


def test_the_glossary_page_lists_every_term_with_its_lesson(site_dir, pages):
    html = (site_dir / "glossary.html").read_text()
    assert [t.id for t in TERMS] == re.findall(r'<dt id="([^"]+)">', html)
    for term in TERMS:
        assert f'href="{term.url}"' in html


@pytest.mark.parametrize("lesson", COURSE, ids=[lesson.stem for lesson in COURSE])
def test_a_lesson_links_the_first_use_of_each_term_once_in_its_prose(pages, lesson):
    page = pages[f"{lesson.stem}.html"]
    linked = [href for href, _ in page.term_links]
    assert linked and len(linked) == len(set(linked)), "a term linked twice"
    for href, inside in page.term_links:
        assert href.startswith("glossary.html#term-")
        assert not set(inside) & {"code", "pre", "a", "h1", "h2", "h3", "h4", "summary", "details", "math"}, \
            (href, inside)
    taught_here = {f"glossary.html#{t.id}" for t in TERMS   # in its core prose, not in an aside
                   if t.lesson == lesson and not t.section.startswith("Going deeper")}
    assert taught_here <= set(linked), f"terms this lesson teaches but never links: {taught_here - set(linked)}"


def test_first_uses_skip_code_formulas_links_headings_and_asides():
    term = glossary.Term("loss", "How wrong.", COURSE[0], "x", "x", ("MSE",))
    first_uses, seen = glossary.FirstUses([term]), set()
    cell = new_markdown_cell("")
    html = ('<h2 id="loss">A loss</h2><p><code>loss</code> <a href="#">loss</a> $\\text{loss}$ '
            "\\(loss\\) the Losses, then loss.</p>")
    assert first_uses(html, cell, seen) == (
        '<h2 id="loss">A loss</h2><p><code>loss</code> <a href="#">loss</a> $\\text{loss}$ \\(loss\\) '
        'the <a class="course-term" href="glossary.html#term-loss" title="How wrong.">Losses</a>, then loss.</p>')
    assert first_uses("<p>the MSE</p>", cell, seen) == "<p>the MSE</p>"    # one link per page
    assert first_uses("<p>loss</p>", new_markdown_cell("", metadata={"tags": ["aside"]}), set()) == "<p>loss</p>"


def test_a_glossary_entry_that_names_a_missing_section_says_which_to_choose(make_course):
    from course import CourseError
    root = make_course({"01_a.ipynb": [new_markdown_cell("# 1. A\n\n## Real part\n\nText.")]},
                       titles={"01_a.ipynb": "A"})
    (root / "notebooks" / "glossary.toml").write_text(
        '[[term]]\nterm = "x"\ntext = "An x."\nlesson = "01_a"\nsection = "Old part"\n')
    course = lessons(root)
    with pytest.raises(CourseError, match=r"'x' is taught in notebooks/01_a.ipynb, section 'Old part', "
                                          r"which that lesson does not have: name one of its sections "
                                          r"\(1. A; Real part\)"):
        glossary.load(root, course, {lesson.file: search.sections(lesson.read()) for lesson in course})


# ---- Escaping, licences --------------------------------------------------------------

def test_titles_and_glossary_terms_are_escaped_everywhere(make_course, tmp_path):
    nasty = '<script>alert(1)</script> & <b>co</b>'
    root = make_course({"01_a.ipynb": [new_markdown_cell("# 1. A\n\n## Part\n\nA word.")],
                        "02_b.ipynb": [new_markdown_cell("# 2. B\n\nThe word.")]},
                       titles={"01_a.ipynb": "A", "02_b.ipynb": nasty})
    for name in ("requirements.txt", "notebooks/matplotlibrc"):   # what a student edition needs
        (root / name).write_text((ROOT / name).read_text())
    (root / "notebooks" / "glossary.toml").write_text(
        f'[[term]]\nterm = "word"\ntext = "{nasty}."\nlesson = "01_a"\nsection = "Part"\nforms = []\n')
    out = website.build(tmp_path / "site", root).parent
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;"
    for name in ("index.html", "01_a.html", "02_b.html", "glossary.html"):
        html = (out / name).read_text()
        assert "<script>alert" not in html and "<b>co</b>" not in html, name
    assert f"<title>2. {escaped}</title>" in (out / "02_b.html").read_text()
    assert f'rel="next">2. {escaped} &rarr;</a>' in (out / "01_a.html").read_text()
    assert f'rel="prev">&larr; 1. A</a>' in (out / "02_b.html").read_text()
    assert f'<a href="02_b.html">{escaped}</a>' in (out / "index.html").read_text()
    assert f'title="{escaped}."' in (out / "02_b.html").read_text()    # the glossary link's definition
    assert f"<p>{escaped}.</p>" in (out / "glossary.html").read_text()


def test_the_licences_exist_and_every_page_links_them(site_dir, pages):
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "Creative Commons Attribution 4.0" in (ROOT / "LICENSE-TEXT").read_text()
    assert (site_dir / "LICENSE.txt").read_bytes() == (ROOT / "LICENSE").read_bytes()
    assert (site_dir / "LICENSE-TEXT.txt").read_bytes() == (ROOT / "LICENSE-TEXT").read_bytes()
    assert (site_dir / "vendor" / "minisearch" / "LICENSE.txt").exists()
    for name, page in pages.items():
        assert {"LICENSE.txt", "LICENSE-TEXT.txt"} <= set(page.links), name
