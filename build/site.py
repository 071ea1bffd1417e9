"""Build the course website from the notebooks' stored outputs (`make site`).

    python build/site.py [OUTPUT_DIR]     default: build/site

Writes index.html (the contents, from course.toml), one page per lesson with
prev/next navigation, course.css and a local copy of MathJax, so the site works
from file:// with no network. Nothing is re-executed, and two builds give
identical bytes.
"""
import re
import shutil
import sys
from pathlib import Path

import jinja2
import jupyter_server_mathjax
import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters import markdown2html
from nbconvert.preprocessors import TagRemovePreprocessor

from course import ROOT, CourseError, lessons

TEMPLATES = ROOT / "build" / "templates"
MATHJAX = Path(jupyter_server_mathjax.__file__).parent / "static"
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
NOTEBOOK_LINK = re.compile(r'href="([\w-]+)\.ipynb(#[^"]*)?"')


def lesson_exporter():
    exporter = HTMLExporter(template_name="course", extra_template_basedirs=[str(TEMPLATES)])
    exporter.mathjax_url = MATHJAX_URL
    exporter.register_preprocessor(TagRemovePreprocessor(
        enabled=True, remove_cell_tags={"remove-cell"},
        remove_input_tags={"remove-input"}, remove_all_outputs_tags={"remove-output"}))
    return exporter


def blurb(notebook):
    """The lesson's first paragraph after its title, as HTML, for the contents page."""
    first = notebook.cells[0].source if notebook.cells else ""
    paragraphs = [p for p in first.split("\n\n") if p.strip() and not p.lstrip().startswith("#")]
    return markdown2html(paragraphs[0]) if paragraphs else ""


def build(out=ROOT / "build" / "site"):
    out = Path(out)
    course = lessons()
    notebooks = {}
    for lesson in course:
        path = ROOT / "notebooks" / lesson.file
        try:
            notebooks[lesson.file] = nbformat.read(path, as_version=4)
        except FileNotFoundError:
            raise CourseError(f"notebooks/{lesson.file} is listed in course.toml but missing") from None
        except Exception as e:
            raise CourseError(f"notebooks/{lesson.file} cannot be read as a notebook: {e}") from None
    # Links between lessons are written to the .ipynb files; on the site they lead to .html pages.
    stems = {lesson.stem for lesson in course}
    def to_html(match):
        stem, anchor = match.group(1), match.group(2) or ""
        return f'href="{stem}.html{anchor}"' if stem in stems else match.group(0)

    out.mkdir(parents=True, exist_ok=True)
    exporter = lesson_exporter()
    for i, lesson in enumerate(course):
        nav = {"prev": course[i - 1] if i > 0 else None,
               "next": course[i + 1] if i + 1 < len(course) else None,
               "exports": lesson.exports}
        html, _ = exporter.from_notebook_node(
            notebooks[lesson.file],
            resources={"metadata": {"name": f"{lesson.number}. {lesson.title}"}, "course": nav})
        (out / f"{lesson.stem}.html").write_text(NOTEBOOK_LINK.sub(to_html, html), newline="\n")

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    contents = env.get_template("contents.html.j2").render(
        lessons=course, mathjax_url=MATHJAX_URL,
        blurbs={f: jinja2.utils.markupsafe.Markup(blurb(nb)) for f, nb in notebooks.items()})
    (out / "index.html").write_text(contents, newline="\n")
    for name in ("course.css", "mathjax-config.js"):
        shutil.copyfile(TEMPLATES / name, out / name)
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
