"""Notebook hygiene: what every lesson must satisfy before CI re-runs it with nbval.

    python build/nbcheck.py       check the course; list every problem found

A lesson must be listed in course.toml (and every listed lesson present), open
with its title as `# N. Title`, be run top to bottom in a fresh kernel
(execution counts 1..N, `make execute` does this), carry no per-run metadata,
use the python3 kernel, use only the cell tags the nbval policy allows, and show
an error only in a cell tagged `raises-exception` (which must show one).
"""
import sys
from pathlib import Path

import nbformat

from course import ROOT, CourseError, lessons

ALLOWED_TAGS = {
    "export",               # tangled into micrograd/ (build/tangle.py)
    "raises-exception",     # a deliberate error demonstration
    "nbval-ignore-output",  # output that honestly changes per run: timings only
    "remove-input", "remove-cell", "remove-output",  # hidden on the site
}


def lesson_problems(path, lesson):
    """Everything wrong with one lesson notebook, as messages an author can act on."""
    name = f"notebooks/{lesson.file}"
    rerun = f"run `make execute NB={name}`"
    try:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
    except Exception as e:
        return [f"{name} is not a valid notebook ({e}): restore it from git or repair it in Jupyter"]
    problems = []
    kernel = notebook.metadata.get("kernelspec", {}).get("name")
    if kernel != "python3":
        problems.append(f"{name}: kernelspec is {kernel!r}, not 'python3': {rerun}")
    title = f"# {lesson.number}. {lesson.title}"
    if not notebook.cells or notebook.cells[0].cell_type != "markdown" \
            or not notebook.cells[0].source.startswith(title):
        problems.append(f"{name}: the first cell must be markdown starting with {title!r} "
                        "(the title in course.toml)")
    code = [c for c in notebook.cells if c.cell_type == "code"]
    counts = [c.execution_count for c in code]
    if counts != list(range(1, len(code) + 1)):
        problems.append(f"{name}: execution counts are {counts}, not 1..{len(code)} in order: {rerun}")
    for n, cell in enumerate(notebook.cells, start=1):
        where = f"{name}, cell {n}"
        tags = set(cell.metadata.get("tags", []))
        if tags - ALLOWED_TAGS:
            problems.append(f"{where}: tags {sorted(tags - ALLOWED_TAGS)} are not allowed "
                            f"(allowed: {sorted(ALLOWED_TAGS)}); a failing cell is fixed, not skipped")
        if "execution" in cell.metadata:
            problems.append(f"{where}: stale execution timing metadata: {rerun}")
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors and "raises-exception" not in tags:
            problems.append(f"{where} fails with {errors[0].ename}: fix it, then {rerun}")
        if "raises-exception" in tags and not errors:
            problems.append(f"{where} is tagged raises-exception but raises nothing: remove the tag")
    return problems


def manifest_problems(root=ROOT):
    """course.toml against the files: every notebook listed, every listed lesson present."""
    root = Path(root)
    try:
        course = lessons(root)
    except CourseError as e:
        return [str(e)]
    listed = {lesson.file for lesson in course}
    problems = [f"notebooks/{path.name} is not listed in notebooks/course.toml: add it or delete it"
                for path in sorted((root / "notebooks").glob("*.ipynb")) if path.name not in listed]
    return problems + [f"notebooks/{lesson.file} is listed in course.toml but missing"
                       for lesson in course if not (root / "notebooks" / lesson.file).exists()]


def course_problems(root=ROOT):
    """Every problem of the course: the manifest, then each lesson present."""
    problems = manifest_problems(root)
    if problems:
        return problems
    return [problem for lesson in lessons(root)
            for problem in lesson_problems(Path(root) / "notebooks" / lesson.file, lesson)]


def main():
    problems = course_problems()
    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
