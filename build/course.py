"""The course in one place: the lessons of notebooks/course.toml, how a lesson is read,
and the rules every lesson notebook follows. Every tool and test takes these from here.
"""
import copy
import json
import keyword
import os
import re
import sys
import tempfile
import tomllib
import uuid
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbclient
import nbformat

ROOT = Path(__file__).resolve().parent.parent

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

# The cell tags a lesson may use, and what each one means.
TAGS = {
    "export": "library code: tangled into micrograd/<module>.py (build/tangle.py)",
    "attempt": "an exercise's answer cell, holding a placeholder the learner replaces",
    "check": "calls the exercise's check (notebooks/checks/), which says solved, wrong or not attempted",
    "solution": "a worked solution: collapsed, left out of the student edition",
    "aside": "a 'Going deeper' aside: collapsed, not counted in the prose budget",
    "raises-exception": "a deliberate error demonstration (nbval expects the error)",
    "nbval-ignore-output": "output that honestly changes per run: timings only",
    "remove-input": "the site shows the cell's output only",
    "remove-output": "the site shows the cell's code only",
    "remove-cell": "the site leaves the cell out",
}
COLLAPSED_TAGS = ("solution", "aside")  # collapsed in JupyterLab until the learner opens them
EXERCISE_TAGS = ("attempt", "check", "solution")

# Metadata that changes from run to run or is left by a tool, never stored in a lesson.
NOTEBOOK_KEYS_DROPPED = ("jupytext", "widgets")  # left by `jupytext --to ipynb`; widgets' state (nbclient)
CELL_KEYS_DROPPED = ("execution", "jupytext", "lines_to_next_cell")  # timings; jupytext layout
# A widget's output shows a model that lives in the kernel: stored, it would show an error once
# the kernel is gone (and nbconvert would prefer it to the widget's other forms), so a lesson
# keeps only those other forms, such as the pictures' HTML twin (micrograd/pictures.py).
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

SOLUTION_BEGIN, SOLUTION_END = "### BEGIN SOLUTION", "### END SOLUTION"  # nbgrader's markers
PROSE_BUDGET = 3500  # words (\w+ tokens) of core prose: markdown not tagged aside or solution
CODE_BUDGET = 400    # lines of core code: code cells not tagged aside or solution


class CourseError(Exception):
    """A problem an author must fix; the message says what and where."""


@dataclass(frozen=True)
class Lesson:
    number: int          # position in the course, from 1
    file: str            # notebook file name inside notebooks/
    title: str
    exports: str | None  # module name in micrograd/, or None
    root: Path = ROOT

    @property
    def stem(self):
        return Path(self.file).stem

    @property
    def path(self):
        return self.root / "notebooks" / self.file

    @property
    def checks_module(self):
        """The module of notebooks/checks/ that holds this lesson's exercise checks."""
        return re.sub(r"^\d+_", "", self.stem)

    @property
    def checks_path(self):
        return self.root / "notebooks" / "checks" / f"{self.checks_module}.py"

    @property
    def name(self):
        """How messages name the notebook: its path inside the course."""
        return f"notebooks/{self.file}"

    def read(self):
        """The lesson's notebook, or a CourseError that says what to do."""
        return read_notebook(self.path, self.name)


def lessons(root=ROOT):
    """The lessons of course.toml, in order, after checking the manifest itself."""
    root = Path(root)
    manifest = root / "notebooks" / "course.toml"
    try:
        data = tomllib.loads(manifest.read_text())
    except FileNotFoundError:
        raise CourseError(f"{manifest} is missing: it lists the lessons") from None
    except tomllib.TOMLDecodeError as e:
        raise CourseError(f"{manifest} is not valid TOML: {e}") from None
    result, exported = [], {}
    for i, entry in enumerate(data.get("lesson", []), start=1):
        if not isinstance(entry.get("file"), str) or not isinstance(entry.get("title"), str):
            raise CourseError(f"{manifest}: lesson {i} needs a file and a title (strings)")
        exports = entry.get("exports")
        if exports is not None and not (isinstance(exports, str) and exports.isidentifier()
                                        and not keyword.iskeyword(exports)
                                        and not exports.startswith("_")):
            raise CourseError(f"{manifest}: lesson {i} ({entry['file']}) has exports = {exports!r}; "
                              'it must name a module of micrograd/, such as exports = "nn"')
        lesson = Lesson(i, entry["file"], entry["title"], exports, root)
        if any(lesson.file == other.file for other in result):
            raise CourseError(f"{manifest}: {lesson.file} is listed twice")
        if exports in exported:
            raise CourseError(f"{manifest}: {lesson.file} and {exported[exports]} "
                              f"both export {exports}; one lesson, one module")
        if exports:
            exported[exports] = lesson.file
        result.append(lesson)
    if not result:
        raise CourseError(f"{manifest} lists no lessons ([[lesson]] tables)")
    return result


def manifest_problems(root=ROOT):
    """course.toml against the files: every notebook listed, every listed lesson present."""
    try:
        course = lessons(root)
    except CourseError as e:
        return [str(e)]
    listed = {lesson.file for lesson in course}
    problems = [f"notebooks/{path.name} is not listed in notebooks/course.toml: add it or delete it"
                for path in sorted((Path(root) / "notebooks").glob("*.ipynb")) if path.name not in listed]
    return problems + [f"{lesson.name} is listed in course.toml but missing: restore it "
                       f"(git checkout -- {lesson.name}) or remove its entry"
                       for lesson in course if not lesson.path.exists()]


def checked_lessons(root=ROOT):
    """The lessons, after making sure notebooks/ holds exactly the lessons course.toml lists."""
    problems = manifest_problems(root)
    if problems:
        raise CourseError("\n".join(problems))
    return lessons(root)


def lesson_at(path, root=ROOT):
    """The lesson whose notebook is `path`; a notebook course.toml does not list is an error."""
    path = Path(path).resolve()
    for lesson in lessons(root):
        if lesson.path.resolve() == path:
            return lesson
    raise CourseError(f"{path} is not a lesson listed in notebooks/course.toml: add it there "
                      "(file and title), or name a listed notebook")


def cell_ids_problem(path, name):
    """Why the notebook's cell ids are missing or not unique, naming the cells; None if fine.

    nbformat "repairs" a missing or repeated id by drawing a random one each time it reads
    the file, which would make every generated module, student edition and page differ from
    build to build, so the tools refuse such a notebook instead.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        cells = data["cells"] if (data.get("nbformat"), data.get("nbformat_minor", 0)) >= (4, 5) else []
    except (ValueError, KeyError, AttributeError, TypeError):
        return None  # not a notebook JSON: reading it says so
    first, fresh = {}, uuid.uuid4().hex[:8]
    for n, cell in enumerate(cells, start=1):
        cell_id = cell.get("id") if isinstance(cell, dict) else None
        if not isinstance(cell_id, str) or cell_id in first:
            why = (f"has the same id {cell_id!r} as cell {first[cell_id]}" if cell_id in first
                   else "has no id")
            return (f"{name}: cell {n} {why}; ids name cells (and the chunks of generated "
                    f"modules): in the .ipynb file give cell {n} an id no other cell has "
                    f'(such as "id": "{fresh}")')
        first[cell_id] = n
    return None


def read_notebook(path, name=None):
    """A notebook file as an nbformat v4 node, validated; a CourseError says what to do."""
    name = name or str(path)
    try:
        problem = cell_ids_problem(path, name) if str(path).endswith(".ipynb") else None
        if problem:
            raise CourseError(problem)
        notebook = jupytext.read(path, as_version=4)
        nbformat.validate(notebook)
    except CourseError:
        raise
    except FileNotFoundError:
        raise CourseError(f"{name} is missing: restore it (git checkout -- {name}) "
                          "or remove it from notebooks/course.toml") from None
    except Exception as e:
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise CourseError(f"{name} cannot be read as a notebook ({reason}): restore it from git "
                          f"(git checkout -- {name}) or repair it in Jupyter") from None
    return notebook


def notebook_client(notebook, folder, **options):
    """An nbclient that runs `notebook` in a fresh python3 kernel, in `folder`."""
    return nbclient.NotebookClient(
        notebook, kernel_name=KERNELSPEC["name"], record_timing=False,
        # the kernel's log would only warn that a local run uses plain TCP; errors still show
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        resources={"metadata": {"path": str(folder)}}, **options)


def tags(cell):
    return set(cell.metadata.get("tags", []))


def normalized(notebook):
    """A copy of `notebook` with the metadata the rules ask for.

    Per-run and tool metadata go, and so do widgets' views (WIDGET_VIEW) and state; the
    kernel is python3; solution and aside cells are collapsed in JupyterLab
    (jupyter.source_hidden, and outputs_hidden for code); solution code cells carry
    nbgrader's metadata, so nbgrader can run on the lessons unchanged.
    """
    notebook = copy.deepcopy(notebook)
    for key in NOTEBOOK_KEYS_DROPPED:
        notebook.metadata.pop(key, None)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in notebook.cells:
        for key in CELL_KEYS_DROPPED:
            cell.metadata.pop(key, None)
        cell.metadata.pop("nbgrader", None)
        cell.metadata.pop("jupyter", None)
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
        if tags(cell) & set(COLLAPSED_TAGS):
            hidden = {"source_hidden": True}
            if cell.cell_type == "code":
                hidden["outputs_hidden"] = True
            cell.metadata["jupyter"] = hidden
        if "solution" in tags(cell) and cell.cell_type == "code":
            cell.metadata["nbgrader"] = {"grade": False, "grade_id": f"solution-{cell.id}",
                                         "locked": False, "schema_version": 3,
                                         "solution": True, "task": False}
    return notebook


def write_atomic(path, data):
    """Write `data` (str or bytes) to `path` all at once: into a temporary file beside it,
    then renamed over it, so a reader (or an interrupted run) never sees a half-written file."""
    path = Path(path)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~current_umask()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data.encode() if isinstance(data, str) else data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_notebook(notebook, path):
    """nbformat.write, all at once (write_atomic)."""
    write_atomic(path, nbformat.writes(notebook) + "\n")


def run_tool(name, main, *args):
    """Run a tool's main(*args): a CourseError exits with its message, Ctrl-C with one line
    and status 130, as shells expect, instead of a page of tracebacks."""
    try:
        return main(*args)
    except CourseError as e:
        sys.exit(f"{name}: {e}")
    except KeyboardInterrupt as e:
        print(f"{name}: interrupted; " + (str(e) or "no file was left half-written"), file=sys.stderr)
        sys.exit(130)
