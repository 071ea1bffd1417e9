"""The course manifest, notebooks/course.toml, read in one place for every tool."""
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class CourseError(Exception):
    """A problem an author must fix; the message says what and where."""


@dataclass(frozen=True)
class Lesson:
    number: int       # position in the course, from 1
    file: str         # notebook file name inside notebooks/
    title: str
    exports: str | None  # module name in micrograd/, or None

    @property
    def stem(self):
        return Path(self.file).stem


def lessons(root=ROOT):
    """The lessons of course.toml, in order, after checking the manifest itself."""
    manifest = Path(root) / "notebooks" / "course.toml"
    try:
        data = tomllib.loads(manifest.read_text())
    except FileNotFoundError:
        raise CourseError(f"{manifest} is missing: it lists the lessons") from None
    except tomllib.TOMLDecodeError as e:
        raise CourseError(f"{manifest} is not valid TOML: {e}") from None
    result, exported = [], {}
    for i, entry in enumerate(data.get("lesson", []), start=1):
        if not isinstance(entry.get("file"), str) or not isinstance(entry.get("title"), str):
            raise CourseError(f"{manifest}: lesson {i} needs a file and a title")
        lesson = Lesson(i, entry["file"], entry["title"], entry.get("exports"))
        if any(lesson.file == other.file for other in result):
            raise CourseError(f"{manifest}: {lesson.file} is listed twice")
        if lesson.exports in exported:
            raise CourseError(f"{manifest}: {lesson.file} and {exported[lesson.exports]} "
                              f"both export {lesson.exports}; one lesson, one module")
        if lesson.exports:
            exported[lesson.exports] = lesson.file
        result.append(lesson)
    if not result:
        raise CourseError(f"{manifest} lists no lessons ([[lesson]] tables)")
    return result
