"""Tangle the course: the code cells tagged `export` of a lesson become a module.

    python build/tangle.py          write micrograd/<module>.py for every exporting lesson
    python build/tangle.py --check  write nothing; fail if a module differs from its notebook

notebooks/course.toml says which lesson exports which module. A generated module
starts with a header naming its notebook and a checksum of its body, so a module
edited by hand is recognised and never overwritten: the edit belongs in the notebook.
"""
import argparse
import ast
import hashlib
import re
import sys
from pathlib import Path

import jupytext

from course import ROOT, CourseError, lessons

GENERATED = "# Generated from notebooks/"
HEADER = (GENERATED + "{file} by build/tangle.py: do not edit.\n"
          "# Edit the cells tagged `export` in that notebook, then run `make tangle`.\n"
          "# checksum {checksum}\n")
MAGIC = re.compile(r"^\s*[%!]", re.MULTILINE)  # IPython magics and shell escapes


def read_notebook(root, lesson):
    path = Path(root) / "notebooks" / lesson.file
    if not path.exists():
        raise CourseError(f"notebooks/{lesson.file} is listed in course.toml but missing: "
                          "restore it or remove its entry")
    try:
        return jupytext.read(path)
    except Exception as e:
        raise CourseError(f"notebooks/{lesson.file} cannot be read as a notebook ({e}): "
                          "restore it from git or repair it in Jupyter") from None


def export_cells(notebook):
    return [(i, cell) for i, cell in enumerate(notebook.cells)
            if cell.cell_type == "code" and "export" in cell.metadata.get("tags", [])]


def checked_source(lesson, index, cell):
    """The cell's code, after making sure it is plain Python that a module can hold."""
    where = f"notebooks/{lesson.file}, cell {index + 1} (id {cell.get('id', '?')})"
    source = cell.source.strip()
    if MAGIC.search(source):
        raise CourseError(f"{where} is tagged export but uses an IPython magic or shell "
                          "escape (% or !): move that line to a cell without the tag")
    try:
        ast.parse(source)
    except SyntaxError as e:
        raise CourseError(f"{where} is tagged export but is not valid Python "
                          f"(line {e.lineno}: {e.msg})") from None
    return f"# --- cell {cell.get('id', index + 1)} ---\n{source}\n"


def checksum(body):
    return hashlib.sha256(body.encode()).hexdigest()[:16]


def module_text(root, lesson):
    """The exact text of the module `lesson` exports."""
    chunks = [checked_source(lesson, i, cell) for i, cell in export_cells(read_notebook(root, lesson))]
    if not chunks:
        raise CourseError(f"course.toml says notebooks/{lesson.file} exports "
                          f"micrograd/{lesson.exports}.py, but no code cell in it is tagged export")
    body = "\n\n".join(chunks)
    return HEADER.format(file=lesson.file, checksum=checksum(body)) + "\n" + body


def hand_edit_problem(text, module, lesson):
    """Why `text`, the module on disk, must not be overwritten; None if it may be."""
    if text is None:
        return None
    if not text.startswith(GENERATED):
        return (f"micrograd/{module}.py has no generated header, so it was written by hand and "
                f"tangle will not overwrite it: move its code into cells tagged export in "
                f"notebooks/{lesson.file}, delete the file, and run `make tangle`")
    header, _, body = text.partition("\n\n")
    if f"# checksum {checksum(body)}" not in header:
        return (f"micrograd/{module}.py was edited by hand: make the change in "
                f"notebooks/{lesson.file} (cells tagged export) instead, then delete "
                f"micrograd/{module}.py and run `make tangle`")
    return None


def tangle(root=ROOT, check=False):
    """Write (or with check=True, compare) every generated module; return the changed ones."""
    root, problems, changed = Path(root), [], []
    course = lessons(root)
    for lesson in course:
        if not lesson.exports:
            if export_cells(read_notebook(root, lesson)):
                problems.append(f"notebooks/{lesson.file} has cells tagged export, but "
                                "course.toml names no module for it (add exports = \"name\")")
            continue
        target = root / "micrograd" / f"{lesson.exports}.py"
        text = module_text(root, lesson)
        current = target.read_text() if target.exists() else None
        if current == text:
            continue
        problem = hand_edit_problem(current, lesson.exports, lesson)
        if problem:
            problems.append(problem)
        elif check:
            problems.append(f"micrograd/{lesson.exports}.py is out of date with "
                            f"notebooks/{lesson.file}: run `make tangle`")
        else:
            target.write_text(text, newline="\n")
            changed.append(target)
    exported = {lesson.exports for lesson in course}
    for path in sorted((root / "micrograd").glob("*.py")):
        if path.stem not in exported and path.read_text().startswith(GENERATED):
            problems.append(f"micrograd/{path.name} is generated, but no lesson in "
                            "course.toml exports it any more: delete it")
    if problems:
        raise CourseError("\n".join(problems))
    return changed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail if a module differs from its notebook")
    args = parser.parse_args()
    try:
        changed = tangle(check=args.check)
    except CourseError as e:
        sys.exit(f"tangle: {e}")
    for path in changed:
        print(f"wrote {path.relative_to(ROOT)}")
    if not changed:
        print("tangle: every module matches its notebook")


if __name__ == "__main__":
    main()
