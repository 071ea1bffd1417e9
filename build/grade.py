"""Grade a folder of lesson notebooks (`make grade DIR=...`): which exercises are solved.

    python build/grade.py [DIR]      default: build/student

Each notebook in DIR that is a lesson of course.toml (matched by file name) runs top to
bottom in a fresh kernel, in a temporary folder next to the course's own checks (so an
edited copy of a check does not count). Every exercise check prints a status line
("Exercise N: solved / wrong / not attempted yet", notebooks/checks/__init__.py); the
last one printed for an exercise is its grade. The table shows each lesson's exercises,
then the hints of the wrong ones and any failure outside the exercises, then a total.
"""
import sys
import tempfile
from pathlib import Path

from course import ROOT, CourseError, lessons, notebook_client, read_notebook, tags
from nbcheck import exercises
from student import copy_support

sys.path.insert(0, str(ROOT / "notebooks"))
from checks import NOT_ATTEMPTED, SOLVED, STATUS_LINE, WRONG  # noqa: E402

CELL_TIMEOUT = 600  # seconds; a learner's cell that runs longer is reported, not waited for


def text_of(output):
    if output.output_type == "stream":
        return output.text
    if output.output_type in ("execute_result", "display_data"):
        return output.get("data", {}).get("text/plain", "")
    return ""


def error_of(cell):
    errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
    return f"{errors[0].ename}: {errors[0].evalue}" if errors else None


def statuses(notebook):
    """{exercise number: (status, detail)} read from the notebook's outputs, and the failures.

    A failure is an error in a cell not tagged raises-exception: inside an exercise it
    makes that exercise wrong (unless a check later says otherwise); outside, it is listed.
    """
    grades, failures, failed = {}, [], set()
    section = {i: number for number, cells in exercises(notebook) for i in cells}
    for i, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        error = error_of(cell)
        if error and "raises-exception" not in tags(cell):
            if i not in section:
                failures.append(f"cell {i + 1} fails outside the exercises: {error}")
            elif section[i] not in failed:  # its first error, not the ones that follow from it
                grades[section[i]] = (WRONG, f"cell {i + 1} raised {error}")
                failed.add(section[i])
        if tags(cell) & {"check", "solution"}:
            for output in cell.outputs:
                for number, status, detail in STATUS_LINE.findall(text_of(output)):
                    grades[int(number)] = (status, detail)
    return grades, failures


def run(notebook, root=ROOT):
    """Execute a copy of the notebook in a fresh kernel, beside the course's checks."""
    with tempfile.TemporaryDirectory() as folder:
        copy_support(Path(root) / "notebooks", Path(folder))
        client = notebook_client(notebook, folder, timeout=CELL_TIMEOUT, allow_errors=True)
        try:
            client.execute()
        except Exception as e:  # a timeout, a dead kernel: the learner's notebook, not the grader
            reason = str(e).strip().splitlines()[0] if str(e).strip() else ""
            return [f"the run stopped early: {type(e).__name__} {reason}".strip()]
    return []


def grade(folder, root=ROOT, execute=True):
    """For each lesson in `folder`: (lesson, {exercise: (status, detail)}, [problem, ...],
    [the lesson's exercise numbers]). With execute=False, grade the stored outputs."""
    folder, report = Path(folder), []
    course = lessons(root)
    listed = {lesson.file for lesson in course}
    for path in sorted(folder.glob("*.ipynb")):
        if path.name not in listed:
            print(f"skipping {path.name}: not a lesson of notebooks/course.toml")
    for lesson in course:
        path = folder / lesson.file
        if not path.exists():
            continue
        expected = [number for number, _ in exercises(lesson.read())]
        try:
            notebook = read_notebook(path, str(path))
        except CourseError as e:
            report.append((lesson, {}, [str(e)], expected))
            continue
        if execute:
            print(f"running {path}", flush=True)
        problems = run(notebook, root) if execute else []
        grades, failures = statuses(notebook)
        report.append((lesson, grades, problems + failures, expected))
    return report


def table(report):
    """The report as text: a row per lesson, then hints and failures, then the total."""
    short = {SOLVED: "solved", WRONG: "wrong", NOT_ATTEMPTED: "not attempted"}
    width = max(len(lesson.stem) for lesson, *_ in report)
    most = max((len(expected) for *_, expected in report), default=0)
    lines = [f"{'lesson':<{width}}  " + "".join(f"{f'exercise {n}':<16}" for n in range(1, most + 1))]
    notes, counts = [], dict.fromkeys(short, 0)
    for lesson, grades, problems, expected in report:
        cells = []
        for number in expected:
            status, detail = grades.get(number, (NOT_ATTEMPTED, ""))
            counts[status] += 1
            cells.append(f"{short[status]:<16}")
            if status == WRONG:
                notes.append(f"{lesson.stem}, exercise {number}: {detail}")
        lines.append(f"{lesson.stem:<{width}}  " + "".join(cells))
        notes += [f"{lesson.stem}: {problem}" for problem in problems]
    total = sum(counts.values())
    lines += [""] + notes + ([""] if notes else [])
    lines.append(f"total: {counts[SOLVED]} of {total} exercises solved, {counts[WRONG]} wrong, "
                 f"{counts[NOT_ATTEMPTED]} not attempted")
    return "\n".join(lines)


def main(args):
    folder = Path(args[0]) if args else ROOT / "build" / "student"
    if not folder.is_dir():
        sys.exit(f"grade: {folder} is not a folder of notebooks (make one with `make student`)")
    try:
        report = grade(folder)
    except CourseError as e:
        sys.exit(f"grade: {e}")
    if not report:
        sys.exit(f"grade: {folder} holds no lesson of notebooks/course.toml")
    print(table(report))


if __name__ == "__main__":
    main(sys.argv[1:])
