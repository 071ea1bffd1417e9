"""Build the course website from the notebooks' stored outputs (`make site`).

    python build/website.py [OUTPUT_DIR]     default: build/site

Writes index.html (the contents, from course.toml), one page per lesson, a copy of
each lesson's notebook to download, course.css and a local copy of MathJax, so the site
works from file:// with no network. Nothing is re-executed, and two builds give
identical bytes.

On a lesson page each exercise is a box; worked solutions and "Going deeper" asides are
closed <details> the reader opens; each page lists its sections, its reading time and a
link to its notebook. (Named website.py, not site.py: that would shadow Python's `site`.)
"""
import re
import shutil
import sys
from pathlib import Path

import jinja2
import jupyter_server_mathjax
import markupsafe
from nbconvert import HTMLExporter
from nbconvert.filters import markdown2html
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from course import ROOT, SOLUTION_BEGIN, SOLUTION_END, CourseError, checked_lessons, tags
from nbcheck import aside_heading, exercises, prose_words

TEMPLATES = ROOT / "build" / "templates"
MATHJAX = Path(jupyter_server_mathjax.__file__).parent / "static"
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
NOTEBOOK_LINK = re.compile(r'href="([\w-]+)\.ipynb(#[^"]*)?"')
SECTION = re.compile(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"')
WORDS_PER_MINUTE = 200
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
    aside's heading becomes the title of its <details>.
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
            title = heading.lstrip("#").strip()
            before[first].append(f'<details class="course-aside"><summary>{inline_html(title)}'
                                 "</summary>")
            after[last].insert(0, "</details>")
            if aside_heading(nb.cells[first]):
                nb.cells[first].source = rest
        for cell, opening, closing in zip(nb.cells, before, after):
            cell.metadata["course_before"] = "".join(opening)
            cell.metadata["course_after"] = "".join(closing)
            if "solution" in tags(cell) and cell.cell_type == "code":
                cell.source = "\n".join(line for line in cell.source.split("\n")
                                        if line.strip() not in (SOLUTION_BEGIN, SOLUTION_END))
        return nb, resources


def lab_stylesheets(exporter):
    """JupyterLab's stylesheet and light theme, as nbconvert's lab template ships them
    (self-contained: their images are data: URLs)."""
    for name in ("index.css", "theme-light.css"):
        for folder in map(Path, exporter.template_paths):
            if (folder / "static" / name).exists():
                yield (folder / "static" / name).read_text()
                break
        else:
            raise CourseError(f"nbconvert's lab template has no static/{name}: reinstall nbconvert "
                              "(rm -rf .venv, then make site)")


def lesson_exporter():
    exporter = HTMLExporter(template_name="course", extra_template_basedirs=[str(TEMPLATES)])
    exporter.mathjax_url = MATHJAX_URL
    exporter.register_preprocessor(TagRemovePreprocessor(
        enabled=True, remove_cell_tags={"remove-cell"},
        remove_input_tags={"remove-input"}, remove_all_outputs_tags={"remove-output"}))
    exporter.register_preprocessor(CourseLayout(enabled=True))
    return exporter


def blurb(notebook):
    """The lesson's first paragraph after its title, as HTML, for the contents page."""
    first = notebook.cells[0].source if notebook.cells else ""
    paragraphs = [p for p in first.split("\n\n") if p.strip() and not p.lstrip().startswith("#")]
    return markupsafe.Markup(markdown2html(paragraphs[0])) if paragraphs else ""


def minutes(notebook):
    return max(1, round(prose_words(notebook) / WORDS_PER_MINUTE))


def lesson_contents(page, lesson, notebook):
    """The box under a lesson's title: reading time, exercises, download, its sections."""
    count = len(exercises(notebook))
    sections = "".join(f'<li><a href="#{anchor}">{title}</a></li>'
                       for anchor, title in SECTION.findall(page))
    return (f'<div class="course-lesson-contents">'
            f'<p>About {minutes(notebook)} minutes of reading, and {count} exercise'
            f'{"" if count == 1 else "s"}. '
            f'<a href="notebooks/{lesson.file}" download>Download the notebook</a> '
            f'(run it in the course\'s <code>notebooks/</code> folder: see the contents page).</p>'
            f'<nav aria-label="Sections of this lesson"><ol>{sections}</ol></nav></div>')


def build(out=ROOT / "build" / "site", root=ROOT):
    out = Path(out)
    course = checked_lessons(root)
    notebooks = {lesson.file: lesson.read() for lesson in course}
    # Links between lessons are written to the .ipynb files; on the site they lead to .html pages.
    stems = {lesson.stem for lesson in course}

    def to_html(match):
        stem, anchor = match.group(1), match.group(2) or ""
        return f'href="{stem}.html{anchor}"' if stem in stems else match.group(0)

    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    exporter = lesson_exporter()
    for i, lesson in enumerate(course):
        nav = {"prev": course[i - 1] if i > 0 else None,
               "next": course[i + 1] if i + 1 < len(course) else None,
               "exports": lesson.exports}
        page, _ = exporter.from_notebook_node(
            notebooks[lesson.file],
            resources={"metadata": {"name": f"{lesson.number}. {lesson.title}"}, "course": nav})
        page = page.replace(CONTENTS_MARK, lesson_contents(page, lesson, notebooks[lesson.file]), 1)
        (out / f"{lesson.stem}.html").write_text(NOTEBOOK_LINK.sub(to_html, page), newline="\n")
        shutil.copyfile(lesson.path, out / "notebooks" / lesson.file)

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    contents = env.get_template("contents.html.j2").render(
        lessons=course, mathjax_url=MATHJAX_URL,
        blurbs={f: blurb(nb) for f, nb in notebooks.items()},
        minutes={f: minutes(nb) for f, nb in notebooks.items()})
    (out / "index.html").write_text(NOTEBOOK_LINK.sub(to_html, contents), newline="\n")
    for name in ("course.css", "mathjax-config.js"):
        shutil.copyfile(TEMPLATES / name, out / name)
    (out / "lab.css").write_text("\n".join(lab_stylesheets(exporter)), newline="\n")
    if not (out / "mathjax").exists():
        shutil.copytree(MATHJAX, out / "mathjax")
    return out / "index.html"


def main(args):
    try:
        index = build(*args[:1])
    except CourseError as e:
        sys.exit(f"site: {e}")
    print(index.resolve())


if __name__ == "__main__":
    main(sys.argv[1:])
