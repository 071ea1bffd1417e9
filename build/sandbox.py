"""Shut a learner's kernel in, and end every process it starts (used by the grader).

The grader's worker (build/grade_worker.py) starts each kernel through this file:

    python build/sandbox.py SETTINGS -- python -m ipykernel_launcher -f kernel.json

which applies SETTINGS (JSON: "memory" in MB, "writable", "hidden" and "visible" paths) to
itself and then becomes the kernel (exec), so the kernel keeps the worker as its parent:

- limits: memory (RLIMIT_DATA: the heap and private memory, not the address space, which
  WebAssembly reserves by gigabytes) and file size (RLIMIT_FSIZE), inherited by everything the
  kernel starts; the kernel dies with its worker (PR_SET_PDEATHSIG);
- on Linux 5.13 or newer, Landlock: the kernel and its children may write only beneath the
  "writable" folders (and to devices such as /dev/null), may read everything except what lies
  beneath a "hidden" path (the course, the submissions, the other runs) unless it is "visible"
  (the Python installation, which may live inside the course), and may not reach into the
  grader's processes through /proc; from Linux 6.12 on they may not signal them either.

Where Landlock is missing (macOS, older Linux) only the limits apply: `landlock_abi()` says
which, and the grader prints it. Ending processes: the worker makes itself a child subreaper
(Linux), so orphans of the kernel's children come back to it, and `kill_descendants()` ends
them all, even those that started a session of their own.
"""
import ctypes
import json
import os
import resource
import signal
import site
import stat
import subprocess
import sys
from pathlib import Path

import psutil

FILE_LIMIT = 512 << 20  # bytes: the largest file a kernel may write

# Landlock (linux/landlock.h): system calls, and the access rights each ABI version knows.
CREATE_RULESET, ADD_RULE, RESTRICT_SELF = 444, 445, 446  # the same number on every architecture
CREATE_RULESET_VERSION, RULE_PATH_BENEATH = 1, 1
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
MAKE_AND_REMOVE = sum(1 << bit for bit in range(4, 13))  # remove dir/file, make char..symlink
REFER, TRUNCATE = 1 << 13, 1 << 14                        # ABI 2, ABI 3
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1  # ABI 6
READ = EXECUTE | READ_FILE | READ_DIR
FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE  # the rights that apply to a file
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS, PR_SET_CHILD_SUBREAPER = 1, 38, 36


class RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None


def syscall(number, *args):
    result = LIBC.syscall(ctypes.c_long(number), *args)
    if result < 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    return result


def landlock_abi():
    """The Landlock ABI version this system offers; 0 if it has none."""
    try:
        return syscall(CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION))
    except (OSError, AttributeError):  # not Linux, an older kernel, or Landlock disabled
        return 0


def readable_roots(hidden):
    """Paths beneath which reading may be allowed so that everything is readable except what
    lies beneath `hidden`: the siblings of each hidden path and of each of its ancestors."""
    hidden = {Path(path).resolve() for path in hidden}
    hidden = {path for path in hidden if not any(other in path.parents for other in hidden)}
    if not hidden:
        return [Path("/")]
    ancestors = {parent for path in hidden for parent in path.parents}
    roots = []
    for folder in sorted(ancestors):
        try:
            entries = sorted(Path(entry.path) for entry in os.scandir(folder))
        except OSError:
            continue
        roots += [path for path in entries if path not in hidden and path not in ancestors]
    return roots


def landlock(writable, hidden, visible):
    """Shut this process and its future children in (see the module's docstring); returns
    the ABI version used, 0 if the system has no Landlock (nothing is restricted then)."""
    abi = landlock_abi()
    if not abi:
        return 0
    write = WRITE_FILE | MAKE_AND_REMOVE | (REFER if abi >= 2 else 0) | (TRUNCATE if abi >= 3 else 0)
    scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0
    attr = RulesetAttr(READ | write, 0, scoped)
    ruleset = syscall(CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)),
                      ctypes.c_uint32(0))
    device_write = WRITE_FILE | (TRUNCATE if abi >= 3 else 0)  # /dev/null, a terminal
    rules = ([(path, READ) for path in [*readable_roots(hidden), *visible]]
             + [("/dev", READ | device_write)] + [(path, READ | write) for path in writable])
    try:
        for path, access in rules:
            allow(ruleset, path, access)
        LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        syscall(RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0))
    finally:
        os.close(ruleset)
    return abi


def allow(ruleset, path, access):
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:  # gone, or a dangling link: nothing to allow
        return
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            access &= FILE_RIGHTS
        rule = PathBeneathAttr(access, fd)
        syscall(ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(RULE_PATH_BENEATH), ctypes.byref(rule),
                ctypes.c_uint32(0))
    finally:
        os.close(fd)


def limit(memory_mb):
    """Limit this process (and what it starts) to `memory_mb` of memory and FILE_LIMIT per file,
    where the system lets it (macOS may refuse a limit, or not enforce RLIMIT_DATA)."""
    for which, value in [(resource.RLIMIT_DATA, memory_mb << 20), (resource.RLIMIT_FSIZE, FILE_LIMIT)]:
        if value:
            try:
                resource.setrlimit(which, (value, value))
            except (ValueError, OSError):
                pass


def die_with_parent():
    """Linux: this process gets SIGKILL when its parent ends (kept across exec)."""
    if LIBC:
        LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def become_subreaper():
    """Linux: orphans among this process's descendants become its children (not init's), so
    `kill_descendants` finds them even after they started a session of their own."""
    if LIBC:
        LIBC.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def kill_descendants(process=None):
    """Kill every process below `process` (default: this one), and wait for them to end. A
    process killed first may leave children, which come back to a subreaper: look again."""
    process = process or psutil.Process()
    for _ in range(100):
        try:
            found = process.children(recursive=True)
        except psutil.NoSuchProcess:
            return
        if not found:
            return
        for child in found:
            try:
                child.kill()
            except psutil.Error:
                pass
        psutil.wait_procs(found, timeout=2)


def clean_environment(hidden):
    """This process's locale settings, PATH (without its folders under `hidden`) and user site
    (where `pip install --user` puts packages): all that a grading process takes of the
    teacher's environment, so nothing in it names the course."""
    hidden = [Path(path).resolve() for path in hidden]
    kept = {name: value for name, value in os.environ.items()
            if name in ("LANG", "LANGUAGE", "TZ") or name.startswith("LC_")}
    path = [entry for entry in os.environ.get("PATH", "").split(os.pathsep)
            if entry and not any(Path(entry).resolve().is_relative_to(h) for h in hidden)]
    return {**kept, "PATH": os.pathsep.join(path) or os.defpath, "PYTHONUSERBASE": site.getuserbase()}


def module_paths(hidden):
    """Where this Python finds modules, run as a kernel is (clean_environment): its prefixes and
    sys.path, less the folders that hold a `hidden` path. They stay readable in the sandbox, even
    inside a hidden folder (a .venv inside the course)."""
    code = "import json, sys; print(json.dumps(sys.path))"
    listed = subprocess.run([sys.executable, "-c", code], cwd="/", env=clean_environment(hidden),
                            capture_output=True, text=True, check=True)
    hidden = [Path(path).resolve() for path in hidden]
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, *json.loads(listed.stdout)}
    return sorted(path for path in paths if path and not any(
        h == Path(path).resolve() or h.is_relative_to(Path(path).resolve()) for h in hidden))


def main(args):
    settings, command = json.loads(args[0]), args[2:]
    limit(settings["memory"])
    die_with_parent()
    landlock(settings["writable"], settings["hidden"], settings["visible"])
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
