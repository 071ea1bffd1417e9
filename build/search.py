"""The site's search: one document per section of every lesson, and one per glossary term.

A page opened from disk (file://) may not fetch() a file, but it may load a script, so the
index is a script, search-index.js, that sets the global `COURSE_SEARCH` to the documents.
course.js loads it, with the vendored MiniSearch library, the first time a reader uses the
search box, and MiniSearch indexes the documents in the browser (a few milliseconds).
"""
import html
import json
import re
from dataclasses import dataclass, field

from nbconvert.filters import markdown2html

from course import tags
from nbcheck import aside_heading

HEADING = re.compile(r'<h([1-3]) id="([^"]*)">(.*?)</h\1>', re.S)   # what gets an anchor on a page
TAG = re.compile(r"<[^>]+>")
LEFT_OUT = {"solution", "check", "remove-cell"}   # worked solutions are not given away by a search


@dataclass
class Section:
    title: str      # as the page shows it, in plain text
    anchor: str     # its id on the page
    parts: list = field(default_factory=list)   # its prose and code, in order

    @property
    def text(self):
        return " ".join(" ".join(self.parts).split())


def plain(fragment):
    """The text of an HTML fragment."""
    return " ".join(html.unescape(TAG.sub("", fragment)).replace("¶", "").split())


def heading_anchor(heading):
    """The id nbconvert gives a markdown heading (`#### Going deeper: x`) on the page."""
    match = re.search(r'id="([^"]*)"', markdown2html(heading))
    return html.unescape(match.group(1)) if match else ""


def sections(notebook):
    """The sections of a lesson as its page shows them: one per heading of level 1 to 3 and
    one per "Going deeper" aside (whose <details> carries the heading's anchor)."""
    found = [Section("", "")]
    current, before_aside = found[0], None
    for cell in notebook.cells:
        if tags(cell) & LEFT_OUT:
            continue
        source = cell.source
        if aside_heading(cell):
            heading, _, source = source.lstrip().partition("\n")
            before_aside = before_aside or current
            current = Section(plain(markdown2html(heading.lstrip("#").strip())), heading_anchor(heading))
            found.append(current)
        elif before_aside and "aside" not in tags(cell):
            current, before_aside = before_aside, None
        if cell.cell_type == "code":
            current.parts.append(source)
            continue
        pieces = HEADING.split(markdown2html(source))   # text, then (level, id, title, text) per heading
        current.parts.append(plain(pieces[0]).replace("$", ""))
        for i in range(1, len(pieces), 4):
            current = Section(plain(pieces[i + 2]), html.unescape(pieces[i + 1]))
            found.append(current)
            current.parts.append(plain(pieces[i + 3]).replace("$", ""))
    return [section for section in found if section.anchor]


def lesson_documents(lesson, lesson_sections):
    return [{"url": f"{lesson.stem}.html#{section.anchor}", "title": section.title,
             "lesson": f"{lesson.number}. {lesson.title}", "text": section.text}
            for section in lesson_sections]


def glossary_documents(terms):
    return [{"url": f"glossary.html#{term.id}", "title": term.name, "lesson": "Glossary",
             "text": term.text} for term in terms]


def index_script(documents):
    """search-index.js: the documents, numbered, as a script that sets COURSE_SEARCH."""
    numbered = [{"id": i, **document} for i, document in enumerate(documents)]
    return ("// The course's search index, written by build/website.py: one document per section.\n"
            f"window.COURSE_SEARCH = {json.dumps(numbered, ensure_ascii=False, indent=0)};\n")
