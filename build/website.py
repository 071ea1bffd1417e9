"""Build the course website from the notebooks' stored outputs (`make site`).

    python build/website.py [OUTPUT_DIR]     default: build/site

Writes a site that works from file:// with no network (nothing is re-executed, and two
builds give identical bytes):

- index.html, the contents (course.toml): each lesson's time and the course's total;
- a page per lesson: exercises in boxes, worked solutions and "Going deeper" asides in closed
  <details>, the first use of each glossary term linked, every plot and graph described in
  words (figures.py), its sections listed, its notebook to download;
- glossary.html, every term the course defines (notebooks/glossary.toml, glossary.py);
- search-index.js, read by the search box of every page (search.py, course.js, MiniSearch);
- student-edition.zip, the lessons without their worked solutions (build/student.py);
- course.css, course.js, lab.css, a local copy of MathJax and the licences.

Every page has the same frame (templates/course/chrome.html.j2): a header with the search
box, the lesson navigation, and a footer naming the licences. (Named website.py, not site.py:
that would shadow Python's `site`.)
"""
import argparse
import re
import sys
from pathlib import Path

import jinja2
import jupyter_server_mathjax
import markupsafe
from nbconvert import HTMLExporter
from nbconvert.exporters import TemplateExporter
from nbconvert.filters import Highlight2HTML, markdown2html
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from traitlets.config import Config

import glossary
import search
import student
from course import (ROOT, SOLUTION_BEGIN, SOLUTION_END, CourseError, checked_lessons, run_tool, tags,
                    write_atomic)
from figures import describe
from nbcheck import aside_heading, exercises, learner_minutes

COURSE_NAME = "Backpropagation from nothing"
TEMPLATES = ROOT / "build" / "templates"
ASSETS = ("course.css", "course.js", "mathjax-config.js")   # copied as they are
MATHJAX = Path(jupyter_server_mathjax.__file__).parent / "static"
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
LICENCES = {"LICENSE": "LICENSE.txt", "LICENSE-TEXT": "LICENSE-TEXT.txt"}
STUDENT_ZIP = "student-edition.zip"   # the exercises without solutions (build/student.py)
# What an output shows, first found first: HTML (the interactive pictures draw themselves
# from it), then pictures, then text. Widget views and JavaScript would need a CDN.
DISPLAY_PRIORITY = ["text/html", "text/markdown", "image/svg+xml", "text/latex", "image/png",
                    "image/jpeg", "text/plain"]
NOTEBOOK_LINK = re.compile(r'href="([\w-]+)\.ipynb(#[^"]*)?"')
# Pygments' spans around names, punctuation and spaces, which are drawn in the code's own
# colour anyway (course.css gives punctuation the colour of names)
PLAIN_TOKEN = re.compile(r'<span class="(?:n[a-z]?|bp|fm|py|v[cgim]|p|w)">([^<]*)</span>')
SECTION = re.compile(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"')
CONTENTS_MARK = "<!-- lesson contents -->"


def runs(notebook, tag, starts=lambda cell: False):
    """[(first, last), ...]: the index ranges of consecutive cells tagged `tag`; a cell
    for which `starts(cell)` holds begins a new range even right after another one."""
    found = []
    for i, cell in enumerate(notebook.cells):
        if tag in tags(cell):
            if found and found[-1][1] == i - 1 and not starts(cell):
                found[-1] = (found[-1][0], i)
            else:
                found.append((i, i))
    return found


def inline_html(markdown):
    """One line of markdown (`code`, *emphasis*) as HTML without its paragraph."""
    return markdown2html(markdown).strip().removeprefix("<p>").removesuffix("</p>")


class CourseLayout(Preprocessor):
    """Frames each exercise in a box and folds solutions and asides into closed <details>.

    The HTML goes into each cell's metadata (`course_before` / `course_after`, which the
    template prints around the cell). Solution code loses nbgrader's marker lines, and an
    aside's heading becomes the title of its <details>, which takes the heading's anchor
    (search results and glossary entries link to it; course.js opens it).
    """

    def preprocess(self, nb, resources):
        before = [[] for _ in nb.cells]   # openers, outermost first
        after = [[] for _ in nb.cells]    # closers, innermost first
        for number, cells in exercises(nb):
            before[cells[0]].append(f'<section class="course-exercise" id="exercise-{number}">')
            after[cells[-1]].append("</section>")
        for first, last in runs(nb, "solution"):
            before[first].append('<details class="course-solution">'
                                 "<summary>Show the worked solution</summary>")
            after[last].insert(0, "</details>")
        for first, last in runs(nb, "aside", starts=aside_heading):  # two asides in a row: two folds
            heading, _, rest = nb.cells[first].source.lstrip().partition("\n")
            titled = aside_heading(nb.cells[first])
            anchor = f' id="{markupsafe.escape(search.heading_anchor(heading))}"' if titled else ""
            before[first].append(f'<details class="course-aside"{anchor}>'
                                 f"<summary>{inline_html(heading.lstrip('#').strip())}</summary>")
            after[last].insert(0, "</details>")
            if titled:
                nb.cells[first].source = rest
        for cell, opening, closing in zip(nb.cells, before, after):
            cell.metadata["course_before"] = "".join(opening)
            cell.metadata["course_after"] = "".join(closing)
            if "solution" in tags(cell) and cell.cell_type == "code":
                cell.source = "\n".join(line for line in cell.source.split("\n")
                                        if line.strip() not in (SOLUTION_BEGIN, SOLUTION_END))
        return nb, resources


class LessonExporter(HTMLExporter):
    """nbconvert's HTML exporter without its last step: a BeautifulSoup pass over the whole
    page (half the build's time) that gives pictures without alt text a placeholder, which
    the course template never leaves, and makes every cell focusable, which course.js does
    for what scrolls. The rest is what HTMLExporter.from_notebook_node does."""

    def from_notebook_node(self, nb, resources=None, **kw):
        resources = self._init_resources(resources)
        language = nb.metadata.get("language_info", {})
        self.register_filter("highlight_code", Highlight2HTML(
            pygments_lexer=language.get("pygments_lexer", language.get("name")), parent=self))
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


def plain_tokens(code):
    """Highlighted code without the spans that change nothing it shows: they are half of a
    lesson page's elements, and each costs the reader's browser (and axe) time."""
    return PLAIN_TOKEN.sub(r"\1", code)


def lesson_exporter(terms):
    config = Config({"NbConvertBase": {"display_data_priority": DISPLAY_PRIORITY}})
    exporter = LessonExporter(template_name="course", extra_template_basedirs=[str(TEMPLATES)],
                              config=config)
    exporter.mathjax_url = MATHJAX_URL
    exporter.register_preprocessor(TagRemovePreprocessor(
        enabled=True, remove_cell_tags={"remove-cell"},
        remove_input_tags={"remove-input"}, remove_all_outputs_tags={"remove-output"}))
    exporter.register_preprocessor(CourseLayout(enabled=True))
    exporter.register_filter("glossary_links", glossary.FirstUses(terms))
    exporter.register_filter("describe_figure", describe)
    exporter.register_filter("plain_tokens", plain_tokens)
    return exporter


def lab_stylesheet():
    """JupyterLab's stylesheet with its light theme, and its dark theme for readers whose
    system asks for dark pages, as nbconvert's lab template ships them (self-contained)."""
    def static(name):
        for folder in map(Path, HTMLExporter(template_name="lab").template_paths):
            if (folder / "static" / name).exists():
                return (folder / "static" / name).read_text()
        raise CourseError(f"nbconvert's lab template has no static/{name}: reinstall nbconvert "
                          "(rm -rf .venv, then make site)")
    return "\n".join([static("index.css"), static("theme-light.css"),
                      "@media screen and (prefers-color-scheme: dark) {", static("theme-dark.css"), "}"])


def blurb(notebook):
    """The lesson's first paragraph after its title, as HTML, for the contents page."""
    first = notebook.cells[0].source if notebook.cells else ""
    paragraphs = [p for p in first.split("\n\n") if p.strip() and not p.lstrip().startswith("#")]
    return markupsafe.Markup(markdown2html(paragraphs[0])) if paragraphs else ""


def duration(minutes):
    """'45 minutes', '1 hour 15 minutes', '11½ hours': how long, as a reader says it."""
    if minutes < 60:
        return f"{minutes} minutes"
    if minutes < 180:
        hours, rest = divmod(minutes, 60)
        return f"{hours} hour{'s' if hours > 1 else ''}" + (f" {rest} minutes" if rest else "")
    halves = round(minutes / 30)
    return f"{halves // 2}{'½' if halves % 2 else ''} hours"


def lesson_contents(page, lesson, notebook):
    """The box under a lesson's title: the time it takes, download, its sections."""
    count = len(exercises(notebook))
    sections = "".join(f'<li><a href="#{anchor}">{title}</a></li>'
                       for anchor, title in SECTION.findall(page))
    exercise_words = f", with its {count} exercise{'s' if count != 1 else ''}" if count else ""
    return (f'<div class="course-lesson-contents">'
            f'<p><strong>About {duration(learner_minutes(notebook))}{exercise_words}.</strong> '
            f'<a href="notebooks/{markupsafe.escape(lesson.file)}" download>Download the notebook</a> '
            f'(run it in the course\'s <code>notebooks/</code> folder: see the contents page).</p>'
            f'<nav aria-label="Sections of this lesson"><ol>{sections}</ol></nav></div>')


def write(path, data):
    """Write a file of the site (atomically), unless it already holds exactly `data`."""
    data = data.encode() if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    if not (path.exists() and path.read_bytes() == data):
        write_atomic(path, data)


def copy_tree(source, target):
    for path in sorted(source.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            write(target / path.relative_to(source), path.read_bytes())


def site_links(page, course):
    """Links between lessons are written to the .ipynb files; on the site they lead to pages."""
    stems = {lesson.stem for lesson in course}

    def to_html(match):
        stem, anchor = match.group(1), match.group(2) or ""
        return f'href="{stem}.html{anchor}"' if stem in stems else match.group(0)
    return NOTEBOOK_LINK.sub(to_html, page)


def lesson_pages(course, notebooks, terms):
    """{file name: HTML} of every lesson page."""
    exporter = lesson_exporter(terms)
    pages = {}
    for i, lesson in enumerate(course):
        site = {"name": COURSE_NAME, "exports": lesson.exports, "seen": set(),
                "prev": course[i - 1] if i > 0 else None,
                "next": course[i + 1] if i + 1 < len(course) else None}
        notebook = notebooks[lesson.file]
        page, _ = exporter.from_notebook_node(
            notebook, resources={"metadata": {"name": f"{lesson.number}. {lesson.title}"}, "course": site})
        page = page.replace(CONTENTS_MARK, lesson_contents(page, lesson, notebook), 1)
        pages[f"{lesson.stem}.html"] = site_links(page, course)
    return pages


def other_pages(course, notebooks, terms):
    """{file name: HTML} of the contents and the glossary."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES / "course"), autoescape=True)
    minutes = {lesson.file: learner_minutes(notebooks[lesson.file]) for lesson in course}
    site = {"name": COURSE_NAME}
    contents = env.get_template("contents.html.j2").render(
        site=site, lessons=course, mathjax_url=MATHJAX_URL, student_zip=STUDENT_ZIP,
        blurbs={f: blurb(nb) for f, nb in notebooks.items()},
        minutes={f: duration(m) for f, m in minutes.items()}, total=duration(sum(minutes.values())))
    glossary_page = env.get_template("glossary.html.j2").render(site=site, terms=terms)
    return {"index.html": site_links(contents, course), "glossary.html": glossary_page}


def build(out=ROOT / "build" / "site", root=ROOT):
    out, root = Path(out), Path(root)
    course = checked_lessons(root)
    notebooks = {lesson.file: lesson.read() for lesson in course}
    sections = {file: search.sections(notebook) for file, notebook in notebooks.items()}
    terms = glossary.load(root, course, sections)
    pages = lesson_pages(course, notebooks, terms) | other_pages(course, notebooks, terms)
    documents = [d for lesson in course for d in search.lesson_documents(lesson, sections[lesson.file])]
    pages["search-index.js"] = search.index_script(documents + search.glossary_documents(terms))
    pages["lab.css"] = lab_stylesheet()
    for name, text in pages.items():
        write(out / name, text)
    for lesson in course:
        write(out / "notebooks" / lesson.file, lesson.path.read_bytes())
    for name in ASSETS:
        write(out / name, (TEMPLATES / name).read_bytes())
    copy_tree(TEMPLATES / "vendor", out / "vendor")
    copy_tree(MATHJAX, out / "mathjax")
    student.build_zip(out / STUDENT_ZIP, root)
    for source, name in LICENCES.items():
        if (root / source).exists():   # (a course made by a test may have none)
            write(out / name, (root / source).read_bytes())
    return out / "index.html"


def main(args):
    parser = argparse.ArgumentParser(prog="website.py", description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "build" / "site"),
                        help="the folder to write the site in (build/site)")
    print(build(parser.parse_args(args).out).resolve())


if __name__ == "__main__":
    run_tool("site", main, sys.argv[1:])
