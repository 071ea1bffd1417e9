"""`make bench`, the grader's part: how many learners a minute `make grade` grades.

    python benchmarks/bench_grade.py [LEARNERS] [JOBS]     default: 2 learners, JOBS = cores

Makes LEARNERS folders, each holding every lesson of the student edition with each answer
cell holding its exercise's worked solution (the slowest honest case: every check runs to
the end), grades them as `make grade DIR=...` does, with its defaults, and prints the time,
learners per minute, what 20 learners would take at that rate, each lesson's mean time and
the slowest cells. Every exercise must come out solved: any other verdict is printed, and the
exit status is 1. Figures, not a test: they depend on the machine and on what else it runs.
"""
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "build"))
from course import checked_lessons  # noqa: E402
from grade import SOLVED, TIMEOUT, grade, sandbox_note  # noqa: E402
from student import student_edition, worked_answers  # noqa: E402

CLASS = 20  # the class size the course aims to grade in 12 minutes on 2 cores


def solved_folder(folder):
    """A learner's folder: every lesson of the student edition, answered with the worked solutions."""
    folder.mkdir(parents=True)
    for lesson in checked_lessons():
        notebook = lesson.read()
        answers, edition = worked_answers(notebook), student_edition(notebook)
        for cell in edition.cells:
            cell.source = answers.get(cell.id, cell.source)
        (folder / lesson.file).write_text(json.dumps(edition))


def main(args):
    learners = int(args[0]) if args else 2
    jobs = int(args[1]) if len(args) > 1 else os.cpu_count()
    print(sandbox_note())
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(learners):
            solved_folder(Path(tmp) / f"learner{n + 1:02d}")
        began = time.monotonic()
        outcomes, _, _ = grade(tmp, jobs=jobs)
        seconds = time.monotonic() - began
    per_minute = learners / seconds * 60
    print(f"grading {learners} learners x {len(outcomes) // learners} lessons, {jobs} at a time "
          f"(TIMEOUT={TIMEOUT} s): {seconds:.0f} s, {per_minute:.2f} learners a minute; "
          f"{CLASS} learners would take {CLASS / per_minute:.1f} min")
    by_lesson, cells = defaultdict(list), []
    for outcome in outcomes:
        by_lesson[outcome.lesson.stem].append(outcome.seconds)
        cells += [(s, f"{outcome.lesson.stem}, {cell}") for s, cell in outcome.cells]
    print("mean time per lesson: "
          + ", ".join(f"{stem} {sum(t) / len(t):.1f} s" for stem, t in by_lesson.items()))
    slowest = defaultdict(list)
    for s, cell in cells:
        slowest[cell].append(s)
    print("slowest cells (mean):")
    for cell, times in sorted(slowest.items(), key=lambda item: -sum(item[1]) / len(item[1]))[:8]:
        print(f"  {sum(times) / len(times):5.1f} s  {cell}")
    unsolved = [f"{o.learner}, {o.lesson.stem}, exercise {n}: {status} {detail}"
                for o in outcomes for n, (status, detail) in o.grades.items() if status != SOLVED]
    unsolved += [f"{o.learner}, {o.lesson.stem}: {note}" for o in outcomes for note in o.notes]
    if unsolved:
        sys.exit("not every worked solution came out solved:\n" + "\n".join(unsolved))


if __name__ == "__main__":
    main(sys.argv[1:])
