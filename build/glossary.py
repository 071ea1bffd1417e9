"""The glossary: every term the course defines, in one sentence, with the lesson section
that teaches it. Its source is notebooks/glossary.toml, next to course.toml, because it is
course text that changes with the lessons: rename a section and the site build names the
glossary entries to update.

The glossary page lists the terms (website.py); on every lesson page the first use of each
term in the core prose (not in code, headings, links, formulas, solutions or asides) links
to its entry.
"""
import re
import tomllib
from dataclasses import dataclass

import markupsafe

from course import CourseError, Lesson, tags

TEXT_ONLY = {"a", "code", "pre", "kbd", "samp", "script", "style", "svg", "math", "summary",
             "h1", "h2", "h3", "h4", "h5", "h6"}   # where a term is never linked
TEX = re.compile(r"\$\$.*?\$\$|\$[^$]+\$|\\\(.*?\\\)|\\\[.*?\\\]", re.S)   # what MathJax typesets
TAG = re.compile(r"(<[^>]*>)")


@dataclass(frozen=True)
class Term:
    name: str
    text: str          # one sentence that says what it is
    lesson: Lesson     # the lesson that teaches it
    section: str       # the title of that section
    anchor: str        # the section's id on the lesson page
    forms: tuple = ()  # other words for it (a plural is found without being listed)

    @property
    def id(self):
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")

    @property
    def url(self):
        return f"{self.lesson.stem}.html#{self.anchor}"


def load(root, course, sections):
    """The terms of notebooks/glossary.toml, alphabetically; a course without one has none.
    `sections` maps each lesson's file to its sections (search.sections)."""
    path = root / "notebooks" / "glossary.toml"
    if not path.exists():
        return []
    where = "notebooks/glossary.toml"
    try:
        entries = tomllib.loads(path.read_text()).get("term", [])
    except tomllib.TOMLDecodeError as e:
        raise CourseError(f"{where} is not valid TOML: {e}") from None
    lessons = {lesson.stem: lesson for lesson in course}
    terms = {}
    for i, entry in enumerate(entries, start=1):
        fields = [entry.get(key) for key in ("term", "text", "lesson", "section")]
        forms = entry.get("forms", [])
        if not all(isinstance(value, str) and value.strip() for value in fields) \
                or not (isinstance(forms, list) and all(isinstance(f, str) for f in forms)):
            raise CourseError(f"{where}: entry {i} needs term, text, lesson and section (strings) "
                              "and may list other forms (forms = [\"...\"])")
        name, text, stem, title = fields
        if name.lower() in terms:
            raise CourseError(f"{where}: {name!r} is defined twice; keep one entry")
        if stem not in lessons:
            raise CourseError(f"{where}: {name!r} is taught in lesson {stem!r}, which course.toml "
                              f"does not list; lessons: {', '.join(lessons)}")
        anchors = {section.title: section.anchor for section in sections[lessons[stem].file]}
        if title not in anchors:
            raise CourseError(f"{where}: {name!r} is taught in {lessons[stem].name}, section "
                              f"{title!r}, which that lesson does not have: name one of its "
                              f"sections ({'; '.join(anchors)})")
        terms[name.lower()] = Term(name, text, lessons[stem], title, anchors[title], tuple(forms))
    return sorted(terms.values(), key=lambda term: term.name.lower())


class FirstUses:
    """Links the first use of each term on a page to its glossary entry: call it on the HTML
    of each markdown cell in page order, with one `seen` set per page."""

    def __init__(self, terms):
        self.terms = {form.lower(): term for term in terms for form in (term.name, *term.forms)}
        longest_first = sorted(self.terms, key=len, reverse=True)
        forms = [re.escape(form).replace(r"\ ", r"\s+") for form in longest_first]   # a line may break
        self.pattern = re.compile(r"\b(" + "|".join(forms) + r")(?:e?s)?\b", re.I) if terms else None

    def __call__(self, html, cell, seen):
        if not self.pattern or tags(cell) & {"aside", "solution"}:
            return html
        out, skipping = [], []
        for piece in TAG.split(html):
            if piece.startswith("<"):
                name = re.match(r"</?([a-zA-Z0-9]+)", piece)
                name = name and name.group(1).lower()
                if name in TEXT_ONLY and not piece.endswith("/>"):
                    if piece.startswith("</"):
                        if name in skipping:
                            skipping.remove(name)
                    else:
                        skipping.append(name)
                out.append(piece)
            elif skipping:
                out.append(piece)
            else:
                out.append(self.link_text(piece, seen))
        return "".join(out)

    def link_text(self, text, seen):
        """`text` (outside any tag) with the first use of each term not in `seen` linked."""
        def link(match):
            term = self.terms[" ".join(match.group(1).lower().split())]
            if term.name in seen:
                return match.group(0)
            seen.add(term.name)
            return (f'<a class="course-term" href="glossary.html#{term.id}" '
                    f'title="{markupsafe.escape(term.text)}">{match.group(0)}</a>')
        pieces = TEX.split(text)
        formulas = TEX.findall(text)
        linked = [self.pattern.sub(link, piece) for piece in pieces]
        return "".join(p + f for p, f in zip(linked, formulas + [""]))
