"""Notebook hygiene: what every lesson must satisfy before CI re-runs it with nbval.

    python build/nbcheck.py                       check the whole course; list every problem
    python build/nbcheck.py notebooks/03_x.ipynb   check just these lessons

`make execute` runs the same checks on the lessons it re-ran. A lesson must be listed
in course.toml (and every listed lesson present), open with its title as `# N. Title`,
be run top to bottom in a fresh kernel (execution counts 1..N), carry the metadata the
rules in build/course.py give it, use only the tags listed there, show an error only in
a cell tagged `raises-exception` (which must show one), keep its core prose and code
within their budgets, and lay out its exercises and asides as the README describes.
"""
import ast
import re
import sys

from course import (CODE_BUDGET, COLLAPSED_TAGS, EXERCISE_TAGS, KERNELSPEC, NOTEBOOK_KEYS_DROPPED,
                    PROSE_BUDGET, ROOT, SOLUTION_BEGIN, SOLUTION_END, TAGS, WIDGET_VIEW, CourseError,
                    lesson_at, lessons, run_tool, manifest_problems, normalized, tags)

HEADING = re.compile(r"^(#{1,6})\s+(\S.*)$")
EXERCISE_HEADING = re.compile(r"^### Exercise (\d+)\b")
ASIDE_HEADING = re.compile(r"^#{2,6} Going deeper: \S")


def aside_heading(cell):
    """Whether the cell opens a "Going deeper" aside (a markdown heading)."""
    return cell.cell_type == "markdown" and ASIDE_HEADING.match(cell.source.lstrip())


def heading_level(cell):
    match = cell.cell_type == "markdown" and HEADING.match(cell.source.lstrip().split("\n")[0])
    return len(match.group(1)) if match else None


def prose_words(notebook):
    """Words (\\w+ tokens) of core prose: markdown cells that are not asides or solutions."""
    return sum(len(re.findall(r"\w+", cell.source)) for cell in notebook.cells
               if cell.cell_type == "markdown" and not tags(cell) & {"aside", "solution"})


def core_code_lines(notebook):
    """Lines of core code, the code a learner must read: code cells not tagged aside or
    solution (every line of a cell, blank ones between its statements included)."""
    return sum(len(cell.source.strip("\n").split("\n")) for cell in notebook.cells
               if cell.cell_type == "code" and cell.source.strip()
               and not tags(cell) & {"aside", "solution"})


# What a learner needs, measured: learners working through every lesson and exercise took
# 35-55 minutes for lessons 1-6 and 45-120 for lessons 7-11, where prose at 200 words a
# minute said 9-17. Reading to learn is slower than skimming, code is read line by line,
# and each exercise takes a few minutes of thought and a try or two.
STUDY_WORDS_PER_MINUTE = 180
CODE_LINES_PER_MINUTE = 15
MINUTES_PER_EXERCISE = 8
MINUTES_PER_PICTURE = 2        # stepping a graph, predicting its gradients, playing a run
PICTURE = '<div class="mg-picture">'   # how an interactive picture's HTML starts (micrograd.pictures)


def pictures(notebook):
    """The interactive pictures a lesson shows outside its asides and solutions."""
    return sum(1 for cell in notebook.cells
               if cell.cell_type == "code" and not tags(cell) & {"aside", "solution"}
               for output in cell.outputs
               if str(output.get("data", {}).get("text/html", "")).startswith(PICTURE))


def learner_minutes(notebook):
    """The time a lesson takes a learner: reading its core prose and code, using its
    pictures, and trying its exercises (asides are optional and not counted), rounded to
    5 minutes."""
    minutes = (prose_words(notebook) / STUDY_WORDS_PER_MINUTE
               + core_code_lines(notebook) / CODE_LINES_PER_MINUTE
               + MINUTES_PER_PICTURE * pictures(notebook)
               + MINUTES_PER_EXERCISE * len(exercises(notebook)))
    return max(5, 5 * round(minutes / 5))


def exercises(notebook):
    """[(number, [cell index, ...]), ...]: each exercise from its '### Exercise N' heading
    up to the next heading of level 3 or higher."""
    found, current = [], None
    for i, cell in enumerate(notebook.cells):
        level = heading_level(cell)
        if level is not None and level <= 3:
            match = EXERCISE_HEADING.match(cell.source.lstrip())
            current = (int(match.group(1)), []) if match else None
            if current:
                found.append(current)
        if current:
            current[1].append(i)
    return found


def defined_checks(lesson):
    """Names of the functions in the lesson's checks module, or None if it has none."""
    if not lesson.checks_path.exists():
        return None
    return {node.name for node in ast.parse(lesson.checks_path.read_text()).body
            if isinstance(node, ast.FunctionDef)}


def exercise_problems(lesson, notebook):
    problems, name = [], lesson.name
    found = exercises(notebook)
    numbers = [number for number, _ in found]
    if numbers != list(range(1, len(found) + 1)):
        problems.append(f"{name}: exercises are numbered {numbers}; number them 1, 2, ... in order")
    in_exercise = {i for _, cells in found for i in cells}
    for i, cell in enumerate(notebook.cells):
        if tags(cell) & set(EXERCISE_TAGS) and i not in in_exercise:
            problems.append(f"{name}, cell {i + 1}: tagged {sorted(tags(cell) & set(EXERCISE_TAGS))} "
                            "outside an exercise (a section headed '### Exercise N: ...')")
    checks = defined_checks(lesson)
    if found and checks is None:
        problems.append(f"{name} has exercises but notebooks/checks/{lesson.checks_module}.py "
                        "is missing: write their checks there")
    call = "check_exercise_{}("
    for number, cells in found:
        where = f"{name}, exercise {number}"
        of = {tag: [i for i in cells if tag in tags(notebook.cells[i])
                    and notebook.cells[i].cell_type == "code"] for tag in EXERCISE_TAGS}
        if not of["attempt"] or not of["check"] or not of["solution"]:
            missing = [tag for tag in EXERCISE_TAGS if not of[tag]]
            problems.append(f"{where}: no code cell tagged {' or '.join(missing)} "
                            "(an exercise is task, attempt, check, solution)")
            continue
        if of["check"][0] < of["attempt"][0] or of["solution"][0] < of["check"][-1]:
            problems.append(f"{where}: put the attempt cell first, then the check, then the solution")
        if checks is not None and f"check_exercise_{number}" not in checks:
            problems.append(f"{where}: notebooks/checks/{lesson.checks_module}.py has no "
                            f"check_exercise_{number}")
        for i in of["check"]:
            if call.format(number) not in notebook.cells[i].source \
                    or f"from checks.{lesson.checks_module} import" not in notebook.cells[i].source:
                problems.append(f"{where}, cell {i + 1}: a check cell imports check_exercise_{number} "
                                f"from checks.{lesson.checks_module} and calls it")
        for i in of["solution"]:
            source = notebook.cells[i].source
            if SOLUTION_BEGIN not in source or SOLUTION_END not in source:
                problems.append(f"{where}, cell {i + 1}: solution code goes between "
                                f"'{SOLUTION_BEGIN}' and '{SOLUTION_END}' lines (nbgrader's format)")
        if call.format(number) not in notebook.cells[of["solution"][-1]].source:
            problems.append(f"{where}: the last solution cell ends by calling "
                            f"check_exercise_{number}(...), so the solution is seen to pass")
    return problems


def aside_problems(lesson, notebook):
    problems, previous = [], set()
    for i, cell in enumerate(notebook.cells):
        if "aside" in tags(cell) and "aside" not in previous and not aside_heading(cell):
            problems.append(f"{lesson.name}, cell {i + 1}: an aside starts with a markdown "
                            "heading '#### Going deeper: <topic>' (the site shows it as the title)")
        previous = tags(cell)
    return problems


def lesson_problems(lesson):
    """Everything wrong with one lesson notebook, as messages an author can act on."""
    name = lesson.name
    rerun = f"run `make execute NB={name}`"
    try:
        notebook = lesson.read()
    except CourseError as e:
        return [str(e)]
    problems = []
    kernel = notebook.metadata.get("kernelspec", {}).get("name")
    if kernel != KERNELSPEC["name"]:
        problems.append(f"{name}: kernelspec is {kernel!r}, not {KERNELSPEC['name']!r}: {rerun}")
    title = f"# {lesson.number}. {lesson.title}"
    if not notebook.cells or notebook.cells[0].cell_type != "markdown" \
            or not notebook.cells[0].source.startswith(title):
        problems.append(f"{name}: the first cell must be markdown starting with {title!r} "
                        "(the title in course.toml)")
    code = [c for c in notebook.cells if c.cell_type == "code"]
    counts = [c.execution_count for c in code]
    if counts != list(range(1, len(code) + 1)):
        problems.append(f"{name}: execution counts are {counts}, not 1..{len(code)} in order: {rerun}")
    expected = normalized(notebook)
    left = [key for key in NOTEBOOK_KEYS_DROPPED if key in notebook.metadata]
    if left:
        problems.append(f"{name}: notebook metadata left by jupytext or a widget ({', '.join(left)}): "
                        f"{rerun}")
    for n, (cell, fixed) in enumerate(zip(notebook.cells, expected.cells), start=1):
        where = f"{name}, cell {n}"
        unknown = tags(cell) - set(TAGS)
        if unknown:
            problems.append(f"{where}: tags {sorted(unknown)} are not allowed (allowed: {sorted(TAGS)}); "
                            "a failing cell is fixed, not skipped")
        if "execution" in cell.metadata:
            problems.append(f"{where}: stale execution timing metadata: {rerun}")
        elif cell.metadata != fixed.metadata:
            problems.append(f"{where}: its metadata is not what its tags give (collapsed for "
                            f"{' and '.join(COLLAPSED_TAGS)}, nbgrader's for solutions): {rerun}")
        if cell.cell_type != "code":
            continue
        if any("image/png" in o.get("data", {}) or "image/jpeg" in o.get("data", {})
               for o in cell.outputs):
            problems.append(f"{where} stores a PNG or JPEG picture, which nbval does not compare: "
                            f"draw plots as SVG (README, 'Reproducible outputs'), then {rerun}")
        if any(WIDGET_VIEW in o.get("data", {}) for o in cell.outputs):
            problems.append(f"{where} stores a widget's view of a kernel that is gone, which no "
                            f"viewer can show: {rerun} (it keeps the widget's other forms)")
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors and "raises-exception" not in tags(cell):
            problems.append(f"{where} fails with {errors[0].ename}: fix it, then {rerun}")
        if "raises-exception" in tags(cell) and not errors:
            problems.append(f"{where} is tagged raises-exception but raises nothing: remove the tag")
    words = prose_words(notebook)
    if words > PROSE_BUDGET:
        problems.append(f"{name}: {words} words of core prose, over the budget of {PROSE_BUDGET}: "
                        "cut, or move what goes beyond the syllabus into an aside")
    lines = core_code_lines(notebook)
    if lines > CODE_BUDGET:
        problems.append(f"{name}: {lines} lines of core code, over the budget of {CODE_BUDGET}: "
                        "cut, or move what goes beyond the syllabus into an aside")
    return problems + exercise_problems(lesson, notebook) + aside_problems(lesson, notebook)


def course_problems(root=ROOT, only=None):
    """Every problem of the course (the manifest, then each lesson), or of the lessons `only`."""
    try:
        if only:
            return [p for path in only for p in lesson_problems(lesson_at(path, root))]
    except CourseError as e:
        return [str(e)]
    problems = manifest_problems(root)
    if problems:
        return problems
    return [problem for lesson in lessons(root) for problem in lesson_problems(lesson)]


def main(args):
    problems = course_problems(only=args)
    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    run_tool("nbcheck", main, sys.argv[1:])
