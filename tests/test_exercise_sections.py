"""Every exercise's "not attempted yet" names the section of its lesson that teaches what it
needs, and that section exists (a `## ` heading) before the exercises."""
import importlib

import pytest

from course import lessons
from nbcheck import exercises

LESSONS = [lesson for lesson in lessons() if exercises(lesson.read())]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.file)
def test_each_exercise_names_a_section_of_its_lesson(lesson):
    notebook = lesson.read()
    checks = importlib.import_module(f"checks.{lesson.checks_module}")
    first_exercise = exercises(notebook)[0][1][0]
    sections = [cell.source.lstrip()[3:].split("\n")[0].strip()
                for cell in notebook.cells[:first_exercise]
                if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## ")]
    for number, _ in exercises(notebook):
        section = getattr(getattr(checks, f"check_exercise_{number}"), "section", None)
        assert section, (f"{lesson.name}, exercise {number}: give its check a section, "
                         f"@exercise({number}, section=\"...\"), the heading that teaches what it needs")
        assert section in sections, (f"{lesson.name}, exercise {number}: no section {section!r} "
                                     f"before the exercises; the lesson's sections: {sections}")
