"""Tangle the course: the code cells tagged `export` of a lesson become a module.

    python build/tangle.py                      write micrograd/<module>.py for every exporting lesson
    python build/tangle.py notebooks/07_x.ipynb  just the modules of the lessons named
    python build/tangle.py --check              write nothing; fail if a module differs from its notebook

notebooks/course.toml says which lesson exports which module. A generated module
starts with a header naming its notebook and a checksum of its body, so a module
edited by hand is recognised and never overwritten: the edit belongs in the notebook.
Each chunk starts with a `# %%` line naming its notebook and cell, the anchor of that
cell on the lesson's page of the site (notebooks/X.ipynb#cell-id=... -> X.html#cell-id=...).
"""
import argparse
import ast
import hashlib
import sys
from pathlib import Path

from course import ROOT, CourseError, checked_lessons, lesson_at, lessons, run_tool, tags, write_atomic

GENERATED = "# Generated from notebooks/"
HEADER = (GENERATED + "{file} by build/tangle.py: do not edit.\n"
          "# Edit the cells tagged `export` in that notebook, then run `make tangle`.\n"
          "# checksum {checksum}\n")


def export_cells(notebook):
    return [(i, cell) for i, cell in enumerate(notebook.cells)
            if cell.cell_type == "code" and "export" in tags(cell)]


def checked_source(lesson, index, cell):
    """The cell's code as a chunk of the module, after making sure it is plain Python."""
    where = f"{lesson.name}, cell {index + 1} (id {cell.id})"
    source = cell.source.strip()
    try:
        ast.parse(source)
    except SyntaxError as e:
        line = (e.text or "").strip()
        if line.startswith(("%", "!")):
            raise CourseError(f"{where} is tagged export but line {e.lineno} is an IPython magic or "
                              f"shell escape ({line}): move it to a cell without the tag") from None
        raise CourseError(f"{where} is tagged export but is not valid Python "
                          f"(line {e.lineno}: {e.msg})") from None
    return f"# %% ../{lesson.name}#cell-id={cell.id}\n{source}\n"


def checksum(body):
    return hashlib.sha256(body.encode()).hexdigest()[:16]


def module_text(lesson):
    """The exact text of the module `lesson` exports."""
    chunks = [checked_source(lesson, i, cell) for i, cell in export_cells(lesson.read())]
    if not chunks:
        raise CourseError(f"course.toml says {lesson.name} exports micrograd/{lesson.exports}.py, "
                          "but no code cell in it is tagged export")
    body = "\n\n".join(chunks)
    return HEADER.format(file=lesson.file, checksum=checksum(body)) + "\n" + body


def hand_edit_problem(text, lesson):
    """Why `text`, the module on disk, must not be overwritten; None if it may be."""
    module = f"micrograd/{lesson.exports}.py"
    if text is None:
        return None
    if not text.startswith(GENERATED):
        return (f"{module} has no generated header, so it was written by hand and tangle "
                f"will not overwrite it: move its code into cells tagged export in "
                f"{lesson.name}, delete the file, and run `make tangle`")
    header, _, body = text.partition("\n\n")
    if f"# checksum {checksum(body)}" not in header:
        return (f"{module} was edited by hand: make the change in {lesson.name} (cells "
                f"tagged export) instead, then delete {module} and run `make tangle`")
    return None


def tangle(root=ROOT, check=False, only=None):
    """Write (or with check=True, compare) the generated modules; return the changed ones.

    `only` limits the work to the lessons at those notebook paths.
    """
    root, problems, changed = Path(root), [], []
    course = lessons(root) if only else checked_lessons(root)
    chosen = course if only is None else [lesson_at(path, root) for path in only]
    for lesson in chosen:
        if not lesson.exports:
            if export_cells(lesson.read()):
                problems.append(f"{lesson.name} has cells tagged export, but course.toml "
                                "names no module for it (add exports = \"name\")")
            continue
        target = root / "micrograd" / f"{lesson.exports}.py"
        text = module_text(lesson)
        current = target.read_text() if target.exists() else None
        if current == text:
            continue
        problem = hand_edit_problem(current, lesson)
        if problem:
            problems.append(problem)
        elif check:
            problems.append(f"micrograd/{lesson.exports}.py is out of date with "
                            f"{lesson.name}: run `make tangle`")
        else:
            write_atomic(target, text)
            changed.append(target)
    if only is None:
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
    parser.add_argument("notebooks", nargs="*", help="tangle only these lessons")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail if a module differs from its notebook")
    args = parser.parse_args()
    changed = tangle(check=args.check, only=args.notebooks or None)
    for path in changed:
        print(f"wrote {path.relative_to(ROOT)}")
    if not changed:
        print("tangle: every module matches its notebook")


if __name__ == "__main__":
    run_tool("tangle", main)
