"""Write the student edition of the course (`make student`): the lessons without their worked
solutions, and everything they need to run outside this repository.

    python build/student.py [OUTPUT_DIR]     default: build/student, and build/student.zip

Each lesson of course.toml loses its cells tagged `solution`; its attempt and check cells
lose their stored outputs (the learner's own run fills them in); everything else stays as
in the lesson. Beside the lessons: the exercises' checks (notebooks/checks/),
notebooks/matplotlibrc, the micrograd package as the lessons build it, requirements.txt and
a README saying how to install, open and check one's work. The edition is flat (lessons,
`micrograd/` and `checks/` in one folder), so a kernel started beside a lesson imports
both; the package's `# %% ../notebooks/NN_x.ipynb` chunk lines, which lesson 7 follows to
find its notebook, are rewritten to `# %% ../NN_x.ipynb`, where the lesson now is.

The folder is built beside its final place and swapped in, so an interrupted run leaves the
previous edition (or none), never half of one. The zip (`build_zip`) holds the same files
under one folder, with fixed dates and modes: the same course gives the same bytes.
"""
import argparse
import copy
import os
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat

from course import (ROOT, SOLUTION_BEGIN, SOLUTION_END, checked_lessons, current_umask, run_tool, tags,
                    write_atomic)
from nbcheck import exercises

ZIP_FOLDER = "backprop-course"  # the folder a learner gets when unzipping the edition
SKIPPED = ("__pycache__", ".ipynb_checkpoints")
CHUNK_LINE = re.compile(r"^# %% \.\./notebooks/", re.MULTILINE)

README = """\
# {title}: the student edition

{count} lessons, one notebook each, that build a small automatic-differentiation engine
(`micrograd`) and a neural-network library on top of it. Every lesson ends with exercises
you can check; the worked solutions are not in this edition.

## Install

Python 3.11, 3.12 or 3.13. In this folder:

    python3 -m venv .venv
    .venv/bin/pip install -r requirements.txt

On Linux, PyPI's torch is the CUDA build (about 5 GB); the course never uses a GPU, so
install the CPU build of the same version first, then the rest (about 1.5 GB in all):

    .venv/bin/pip install --index-url https://download.pytorch.org/whl/cpu {torch}
    .venv/bin/pip install -r requirements.txt

## Open

    .venv/bin/jupyter lab

and open `01_derivatives.ipynb`. Keep the notebooks in this folder, next to `micrograd/`
(the package the lessons build and import) and `checks/` (the exercises' checks).

Some lessons show interactive pictures (a backward pass you step through, a slider, a
training run you play): they come alive when you run their cells. For them to come back
when you reopen a notebook you saved, turn on Settings > Settings Editor > Jupyter Widgets >
"Save Jupyter widget state in notebooks" (or run their cells again).

## Check your work

Each exercise has an answer cell holding a placeholder (`...`, or a function that raises
`NotImplementedError`). Replace it with your answer and run that cell and the one after
it, which prints `Exercise N: solved.`, `Exercise N: wrong.` with a hint, or
`Exercise N: not attempted yet.` Run All never stops at an exercise.

## Lessons

{lessons}
"""


def student_edition(notebook):
    """The notebook as a learner gets it: no solutions, the exercises' outputs cleared."""
    notebook = copy.deepcopy(notebook)
    notebook.cells = [cell for cell in notebook.cells if "solution" not in tags(cell)]
    for cell in notebook.cells:
        if cell.cell_type == "code" and tags(cell) & {"attempt", "check"}:
            cell.outputs, cell.execution_count = [], None
    return notebook


def worked_answers(notebook):
    """{answer cell id: the code of its exercise's worked solution}: what a learner who wrote
    the worked solutions hands in (the grader's tests and benchmark use it)."""
    answers = {}
    for _, cells in exercises(notebook):
        code = [notebook.cells[i] for i in cells if notebook.cells[i].cell_type == "code"]
        solution = "\n".join(cell.source.partition(SOLUTION_BEGIN)[2].partition(SOLUTION_END)[0]
                             .strip("\n") for cell in code if "solution" in tags(cell))
        answers.update({cell.id: solution for cell in code if "attempt" in tags(cell)})
    return answers


def folder_files(folder, prefix):
    """{path in the edition: bytes} of every file under `folder`, caches left out."""
    return {f"{prefix}/{path.relative_to(folder).as_posix()}": path.read_bytes()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and not set(path.relative_to(folder).parts) & set(SKIPPED)}


def support_files(root=ROOT):
    """{path: bytes} of what the lessons need beside them at run time: the checks,
    matplotlibrc and the micrograd package (its chunk lines pointing at the edition's lessons)."""
    root = Path(root)
    files = folder_files(root / "notebooks" / "checks", "checks")
    files["matplotlibrc"] = (root / "notebooks" / "matplotlibrc").read_bytes()
    for path, data in folder_files(root / "micrograd", "micrograd").items():
        if path.endswith(".py"):
            data = CHUNK_LINE.sub("# %% ../", data.decode()).encode()
        files[path] = data
    return files


def edition_files(root=ROOT):
    """{path: bytes} of the whole student edition, read from the course at `root`."""
    root = Path(root)
    course = checked_lessons(root)
    files = {lesson.file: (nbformat.writes(student_edition(lesson.read())) + "\n").encode()
             for lesson in course}
    files.update(support_files(root))
    requirements = (root / "requirements.txt").read_text()
    files["requirements.txt"] = requirements.encode()
    torch = re.search(r"^torch==\S+", requirements, re.MULTILINE)
    files["README.md"] = README.format(
        title="Backpropagation from nothing", count=len(course),
        torch=torch.group() if torch else "torch",
        lessons="\n".join(f"{lesson.number}. `{lesson.file}`: {lesson.title}" for lesson in course)
    ).encode()
    return dict(sorted(files.items()))


def build(out=ROOT / "build" / "student", root=ROOT):
    """Write the edition to the folder `out` (replacing it)."""
    return write_folder(edition_files(root), out)


def build_zip(path, root=ROOT):
    """Write the edition as a zip to `path`: the same course, the same bytes."""
    return write_zip(edition_files(root), path)


def write_folder(files, out):
    """Write `files` into a new folder beside `out`, then swap it in."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))
    old = out.parent / new.name.replace(".new-", ".old-", 1)
    try:
        for name, data in files.items():
            (new / name).parent.mkdir(parents=True, exist_ok=True)
            (new / name).write_bytes(data)
        os.chmod(new, 0o777 & ~current_umask())  # mkdtemp made it private
        if out.exists():
            os.rename(out, old)
        os.rename(new, out)
    finally:
        shutil.rmtree(new, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return out


def write_zip(files, path):
    """`files` under one folder in a zip, with fixed dates and modes, written all at once."""
    with tempfile.SpooledTemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in files.items():
                entry = zipfile.ZipInfo(f"{ZIP_FOLDER}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
                entry.create_system, entry.external_attr = 3, 0o644 << 16  # Unix, rw-r--r--
                entry.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(entry, data, compresslevel=9)
        buffer.seek(0)
        write_atomic(path, buffer.read())
    return Path(path)


def main(args):
    parser = argparse.ArgumentParser(prog="student.py", description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "build" / "student"),
                        help="the folder to write the edition in (build/student; the zip beside it)")
    out = Path(parser.parse_args(args).out)
    files = edition_files()  # every lesson read (and checked) before anything is written
    out = write_folder(files, out)
    archive = write_zip(files, out.with_suffix(".zip"))
    print(f"student edition: {out}\n           and: {archive}")


if __name__ == "__main__":
    run_tool("student", main, sys.argv[1:])
