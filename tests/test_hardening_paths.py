"""Bad paths and hangs (issue 18, items 1 and 8): the bad-input catalogue of the file system.

Files that cannot be fixtures in git (a FIFO, a symlink to ``/proc/self/environ``,
``/etc/passwd`` or a plan outside the repository, a broken link, a link loop)
are made in a throwaway repository, each next to valid plans. For each, what
must hold:

* nothing of the target is printed (no excerpt of the environment or of
  the machine's accounts): the file is never read;
* the plan is refused as one finding of its own, with a Vietnamese message
  saying what the file is; every other plan is checked and built, by
  ``kehoach check``, ``kehoach build``, ``kehoach deps``, ``kehoach pdf``
  and ``make`` alike;
* a FIFO never blocks: as a plan in a folder, as a plan named on the
  command line, as ``extends:``, as ``cite:``, as a version given to
  ``kehoach diff``. Every command runs in a subprocess with a timeout, so a
  regression fails instead of hanging the suite.

Then Ctrl+C: SIGINT to the process group of a real ``kehoach check -j 2`` /
``kehoach build -j 2`` whose two workers are held busy at a known point (a
harness replaces the step with a long sleep and reports each worker's pid
when it gets there) must end every process within a second or two, with the
«đã dừng» line and exit code 130; so must an interrupt during the start-up
imports and one that Python swallows; and the real program, interrupted at
random moments of a run, never hangs (a worker stopped half-way through
sending its results once left ``check -j2`` waiting forever). The harness
starts the program through its console-script entry point, as the
``kehoach`` command does. Last, the pool itself: a worker that vanishes, a
task that raises.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import (
    KEHOACH,
    LONG_MY,
    REPO,
    copy_cascade,
    make_checkout,
    make_repository,
    minimal_plan,
)

from kehoach.base.exits import INTERRUPTED_LINE
from kehoach.cli.batch import WorkerLost, ordered_map

SECRET = "bi-mat-cua-may-7f3a9c"
"""A value put in the environment of every command run here: it must never be printed."""

COMMAND_TIMEOUT = 60
"""Seconds a command may take here before it counts as hung (generous: the machine is shared)."""

PASSWD_FIRST_LINE = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]


def _run(root: Path, *args: str, program: tuple[str, ...] = (str(KEHOACH),)) -> tuple[int, str]:
    """``kehoach ARGS`` in ``root``: exit code and stdout + stderr; fails the test if it hangs."""
    try:
        done = subprocess.run(
            [*program, *args],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            env=os.environ | {"KEHOACH_TEST_SECRET": SECRET, "MAKEFLAGS": ""},
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"«{' '.join(args)}» hung for {COMMAND_TIMEOUT} s")
    return done.returncode, done.stdout + done.stderr


def _assert_nothing_leaked(output: str) -> None:
    assert SECRET not in output
    assert PASSWD_FIRST_LINE not in output and "root:x:" not in output
    assert "Traceback" not in output and "lỗi nội bộ" not in output


def _good_plans(root: Path) -> list[str]:
    """Two valid plans in ``root``'s plans/; returns their documents' paths under build/."""
    (root / "plans" / "a.yaml").write_text(minimal_plan(title="Kế hoạch A"), encoding="utf-8")
    (root / "plans" / "b").mkdir()
    (root / "plans" / "b" / "c.yaml").write_text(minimal_plan(title="Kế hoạch C"), encoding="utf-8")
    return ["build/a.docx", "build/b/c.docx"]


def _outside_plan(tmp_path: Path) -> Path:
    """A valid plan outside the repository, extending plans/a.yaml (so it has make rules)."""
    outside = tmp_path / "ngoai-kho.yaml"
    text = "extends: plans/a.yaml\n" + minimal_plan(title="Kế hoạch ngoài kho")
    outside.write_text(text, encoding="utf-8")
    return outside


BAD_ENTRIES = {
    # name under plans/: (how it is made, the code of its finding, the words of its message)
    "env.yaml": ("environ", "outside", "tệp dẫn ra ngoài kho qua liên kết tượng trưng"),
    "x/passwd.yaml": ("passwd", "outside", "tệp dẫn ra ngoài kho qua liên kết tượng trưng"),
    "ngoai.yaml": ("outside-plan", "outside", "tệp dẫn ra ngoài kho qua liên kết tượng trưng"),
    "ong.yaml": ("fifo", "io", "đây là ống dẫn có tên (FIFO), không phải tệp thường"),
    "gay.yaml": ("dangling", "io", "không tìm thấy tệp"),
    "vong.yaml": ("loop", "io", "liên kết tượng trưng vòng lại chính nó"),
}


def _built(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "build").rglob("*.docx"))


def _make_entry(root: Path, name: str, kind: str, outside: Path) -> None:
    path = root / "plans" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
        return
    target = {
        "environ": "/proc/self/environ",
        "passwd": "/etc/passwd",
        "outside-plan": str(outside),
        "dangling": "khong-co.yaml",
        "loop": path.name,
    }[kind]
    path.symlink_to(target)


@pytest.fixture
def bad_repo(tmp_path: Path) -> tuple[Path, list[str]]:
    """A repository with two valid plans and every entry of :data:`BAD_ENTRIES` beside them."""
    root = make_repository(tmp_path / "kho")
    documents = _good_plans(root)
    outside = _outside_plan(tmp_path)
    for name, (kind, *_) in BAD_ENTRIES.items():
        _make_entry(root, name, kind, outside)
    return root, documents


# --- a folder walk, the command line ---------------------------------------------------------


def test_check_refuses_each_bad_entry_alone_and_prints_nothing_of_it(
    bad_repo: tuple[Path, list[str]],
) -> None:
    root, _ = bad_repo
    code, output = _run(root, "check", "-j", "2", "plans")
    _assert_nothing_leaked(output)
    assert code == 2, output
    for name, (_, code, words) in BAD_ENTRIES.items():
        assert f"plans/{name}:1:1: lỗi: [{code}] {words}" in output, output
    assert f"{len(BAD_ENTRIES)}/{len(BAD_ENTRIES) + 2} kế hoạch không đọc được." in output


def test_build_makes_every_other_document(bad_repo: tuple[Path, list[str]]) -> None:
    root, documents = bad_repo
    code, output = _run(root, "build", "-j", "2", "plans")
    _assert_nothing_leaked(output)
    assert code == 2, output
    assert _built(root) == documents
    assert f"{len(BAD_ENTRIES)} kế hoạch có lỗi" in output
    assert "ngoai-kho" in output  # where the link leads is said, not what it holds


def test_the_symlinked_environment_is_never_printed(tmp_path: Path) -> None:
    """The first report of the issue: `ln -s /proc/self/environ plans/env.yaml; make check`
    printed the environment (CI tokens) in the excerpt of a «control character» error."""
    root = make_repository(tmp_path)
    _good_plans(root)
    (root / "plans" / "env.yaml").symlink_to("/proc/self/environ")
    for command in ("check", "build"):
        code, output = _run(root, command, "-j", "1", "plans")
        assert SECRET not in output and "KEHOACH_TEST_SECRET" not in output
        assert code == 2 and "plans/env.yaml:1:1: lỗi:" in output, output
        assert "|" not in output.split("plans/env.yaml:1:1:")[1].split("\n")[1]  # no excerpt


@pytest.mark.parametrize("name", ["ong.yaml", "env.yaml", "gay.yaml", "vong.yaml"])
def test_a_bad_file_named_on_the_command_line_is_a_finding(
    bad_repo: tuple[Path, list[str]], name: str
) -> None:
    """As ``make`` names it: the other plan named with it is still built."""
    root, _ = bad_repo
    code, output = _run(root, "build", f"plans/{name}", "plans/a.yaml")
    _assert_nothing_leaked(output)
    assert code == 2 and f"plans/{name}:1:1: lỗi: {BAD_ENTRIES[name][2]}" in output, output
    assert (root / "build" / "a.docx").is_file()


def test_a_path_typed_outside_the_repository_still_stops_the_command(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "kho")
    _good_plans(root)
    code, output = _run(root, "check", str(_outside_plan(tmp_path)))
    assert code == 2 and "nằm ngoài kho" in output, output


def test_deps_skips_what_it_cannot_read(bad_repo: tuple[Path, list[str]]) -> None:
    """`kehoach deps` (run by make after every build) resolved each plan and crashed on a
    link leading out of the repository: make reported «lỗi nội bộ»."""
    root, _ = bad_repo
    (root / "plans" / "con.yaml").write_text(
        "extends: plans/a.yaml\n" + minimal_plan(), encoding="utf-8"
    )
    code, output = _run(root, "deps", "plans")
    _assert_nothing_leaked(output)
    assert code == 0, output
    assert "build/con.docx: plans/a.yaml" in output
    assert not any(name in output for name in BAD_ENTRIES)


def test_pdf_refuses_each_bad_entry_alone(tmp_path: Path) -> None:
    """`kehoach pdf` crashed on a link leading out (its output path was computed from the
    link's target). Only refused plans here, so LibreOffice (the tests' stub) is never run."""
    root = make_repository(tmp_path / "kho")
    outside = _outside_plan(tmp_path)
    for name in ("ngoai.yaml", "ong.yaml"):
        _make_entry(root, name, BAD_ENTRIES[name][0], outside)
    code, output = _run(root, "pdf", "plans")
    _assert_nothing_leaked(output)
    assert code == 2, output
    assert "plans/ngoai.yaml:1:1: lỗi:" in output and "plans/ong.yaml:1:1: lỗi:" in output
    assert "2 văn bản không có PDF." in output


def test_diff_with_children_walks_past_bad_entries(bad_repo: tuple[Path, list[str]]) -> None:
    root, _ = bad_repo
    shutil.copy(root / "plans" / "a.yaml", root / "a-moi.yaml")
    code, output = _run(root, "diff", "plans/a.yaml", "a-moi.yaml", "--with-children")
    _assert_nothing_leaked(output)
    assert code == 0, output


def test_diff_of_a_fifo_is_refused_at_once(bad_repo: tuple[Path, list[str]]) -> None:
    root, _ = bad_repo
    code, output = _run(root, "diff", "plans/ong.yaml", "plans/a.yaml")
    assert code == 2 and "đây là ống dẫn có tên (FIFO)" in output, output


# --- extends and cite ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "code", "words"),
    [
        ("extends", "parent-missing", "không đọc được kế hoạch cấp trên «plans/ong.yaml»"),
        ("cite", "citation-missing", "không đọc được văn bản được trích «plans/ong.yaml»"),
    ],
    ids=["extends", "cite"],
)
def test_a_fifo_as_extends_or_cite_is_refused_at_once(
    tmp_path: Path, key: str, code: str, words: str
) -> None:
    """Both blocked forever (and Ctrl+C did not stop `check -j2` stuck that way)."""
    root = make_repository(tmp_path)
    os.mkfifo(root / "plans" / "ong.yaml")
    text = (
        "extends: plans/ong.yaml\n" + minimal_plan()
        if key == "extends"
        else minimal_plan(tail="basis:\n  - cite: plans/ong.yaml\n")
    )
    (root / "plans" / "con.yaml").write_text(text, encoding="utf-8")
    for command in ("check", "build"):
        status, output = _run(root, command, "-j", "2", "plans/con.yaml")
        assert f"[{code}] {words}: đây là ống dẫn có tên (FIFO)" in output or (
            command == "build" and f"lỗi: {words}: đây là ống dẫn có tên (FIFO)" in output
        ), output
        assert status in (1, 2) and "Traceback" not in output


@pytest.mark.parametrize(
    ("key", "code"), [("extends", "parent-outside"), ("cite", "citation-outside")]
)
def test_a_link_out_as_extends_or_cite_prints_nothing_of_its_target(
    tmp_path: Path, key: str, code: str
) -> None:
    root = make_repository(tmp_path)
    (root / "plans" / "tai-khoan.yaml").symlink_to("/etc/passwd")
    text = (
        "extends: plans/tai-khoan.yaml\n" + minimal_plan()
        if key == "extends"
        else minimal_plan(tail="basis:\n  - cite: plans/tai-khoan.yaml\n")
    )
    (root / "plans" / "con.yaml").write_text(text, encoding="utf-8")
    status, output = _run(root, "check", "plans")
    _assert_nothing_leaked(output)
    assert status == 2 and f"[{code}]" in output, output


# --- make ------------------------------------------------------------------------------------


def test_make_builds_every_other_plan(tmp_path: Path) -> None:
    """One bad entry stopped every plan of a `make` batch («nằm ngoài kho» for the whole
    list; «No rule to make target» for a broken link), against the README's promise."""
    (tmp_path / "kho" / "plans").mkdir(parents=True)
    root = make_checkout(tmp_path / "kho")
    documents = _good_plans(root)
    outside = _outside_plan(tmp_path)
    for name, (kind, *_) in BAD_ENTRIES.items():
        _make_entry(root, name, kind, outside)
    code, output = _run(root, "-o", ".venv/.installed", program=("make",))
    _assert_nothing_leaked(output)
    assert code != 0, output
    assert _built(root) == documents
    for name, (_, _, words) in BAD_ENTRIES.items():
        assert f"plans/{name}:1:1: lỗi: {words}" in output, output
    code, output = _run(root, "-o", ".venv/.installed", "check", program=("make",))
    _assert_nothing_leaked(output)
    assert code != 0 and f"{len(BAD_ENTRIES)}/{len(BAD_ENTRIES) + 2} kế hoạch" in output


# --- Ctrl+C ----------------------------------------------------------------------------------

HARNESS = """
import os, sys, time
from importlib.metadata import entry_points
from pathlib import Path

marks, command, *args = sys.argv[1:]


def busy(*_args, **_kwargs):
    (Path(marks) / str(os.getpid())).touch()
    time.sleep(600)


if command == "check":
    import kehoach.cli.check as held  # each worker holds one plan, being checked
    held.compile_plan = busy
else:
    held = os  # each worker holds one document, its temporary file written, not yet renamed
    held.fsync = busy
(program,) = entry_points(group="console_scripts", name="kehoach")
sys.argv = ["kehoach", command, *args]
sys.exit(program.load()())
"""

STOP_SECONDS = 2.0
"""How long Ctrl+C may take to end the command and its workers (the aim is under a second)."""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _wait_for(condition: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def _start(root: Path, *program: str) -> subprocess.Popen[str]:
    """``program`` in ``root``, in a process group of its own, as a terminal's foreground job."""
    return subprocess.Popen(
        program,
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _interrupt(process: subprocess.Popen[str], workers: list[int]) -> tuple[int, str, float]:
    """Ctrl+C to the group of ``process``: its exit code, its stderr, and the seconds until it
    and its ``workers`` had all ended. Fails the test if they do not end."""
    os.killpg(process.pid, signal.SIGINT)
    started = time.monotonic()
    try:
        _, stderr = process.communicate(timeout=COMMAND_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("Ctrl+C did not stop the command")
    _wait_for(lambda: not any(map(_alive, workers)), STOP_SECONDS, "the workers to end")
    return process.returncode, stderr, time.monotonic() - started


def _assert_stopped(code: int, stderr: str, elapsed: float) -> None:
    assert code == 130, stderr
    assert stderr.strip().splitlines()[-1] == INTERRUPTED_LINE, stderr
    assert "Traceback" not in stderr and "Exception" not in stderr, stderr
    assert elapsed < STOP_SECONDS, f"{elapsed:.2f} s"


def _args(command: str) -> list[str]:
    return [command, "-j", "2", "plans", *(["-o", "build"] if command == "build" else [])]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("attempt", range(3))
def test_ctrl_c_stops_the_command_and_its_busy_workers(
    tmp_path: Path, command: str, attempt: int
) -> None:
    """Stopped at once, not when the workers finish what they hold (or never, for a worker
    blocked in a system call); a worker stopped in the middle of a write removes its file."""
    root = make_repository(tmp_path / "kho")
    for i in range(4):
        (root / "plans" / f"k{i}.yaml").write_text(minimal_plan(), encoding="utf-8")
    marks = tmp_path / "marks"
    marks.mkdir()
    process = _start(root, sys.executable, "-c", HARNESS, str(marks), *_args(command))
    _wait_for(lambda: len(list(marks.iterdir())) >= 2, COMMAND_TIMEOUT, "two busy workers")
    _assert_stopped(*_interrupt(process, [int(p.name) for p in marks.iterdir()]))
    assert [p.name for p in root.rglob("*") if p.is_file() and p.parent.name == "build"] == []


def _program(root: Path, prelude: str, *args: str) -> tuple[int, str]:
    """The console script's entry point run after ``prelude`` (Python), in ``root``."""
    code = (
        "import sys\nfrom importlib.metadata import entry_points\n"
        + prelude
        + '\n(program,) = entry_points(group="console_scripts", name="kehoach")\n'
        + f"sys.argv = ['kehoach', *{list(args)!r}]\n"
        + "sys.exit(program.load()())\n"
    )
    return _run(root, "-c", code, program=(sys.executable,))


def test_ctrl_c_during_the_start_up_imports(sandbox: Path) -> None:
    """A Ctrl+C while the commands were being imported printed a Python traceback."""
    prelude = """
class Interrupted:
    def find_spec(self, name, *_):
        if name == "click":
            raise KeyboardInterrupt
sys.meta_path.insert(0, Interrupted())
"""
    code, output = _program(sandbox, prelude, "check", "plans")
    assert code == 130 and output.strip() == INTERRUPTED_LINE, output


def test_a_ctrl_c_python_swallows_still_stops_the_build(sandbox: Path) -> None:
    """Python ignores an exception raised in a weakref callback («Exception ignored in …»):
    a Ctrl+C handled there was lost, and the build ran to its end and exited 0."""
    for i in range(3):
        (sandbox / "plans" / f"k{i}.yaml").write_text(minimal_plan(), encoding="utf-8")
    prelude = """
import signal, weakref
import kehoach.pipeline as pipeline
real = pipeline.build_plan


def build_plan(*args):
    class Thing:
        pass
    thing = Thing()
    watch = weakref.ref(thing, lambda _: signal.raise_signal(signal.SIGINT))
    del thing  # the callback runs here, and the KeyboardInterrupt it raises is swallowed
    return real(*args)


pipeline.build_plan = build_plan
"""
    code, output = _program(sandbox, prelude, "build", "-j", "1", "plans")
    assert code == 130 and output.strip().splitlines()[-1] == INTERRUPTED_LINE, output
    assert "Exception ignored" not in output
    assert len(list((sandbox / "build").rglob("*.docx"))) < 3


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _interrupted_at(root: Path, command: str, delay: float) -> None:
    """``kehoach COMMAND -j 2`` interrupted ``delay`` seconds after its workers started."""
    process = _start(root, str(KEHOACH), *_args(command))
    _wait_for(
        lambda: len(_children(process.pid)) >= 2 or process.poll() is not None,
        COMMAND_TIMEOUT,
        "the workers",
    )
    workers = _children(process.pid)
    time.sleep(delay)
    code, stderr, elapsed = _interrupt(process, workers)
    if code == 0:  # it had finished when Ctrl+C came
        assert "Traceback" not in stderr and "Exception" not in stderr, stderr
    else:
        _assert_stopped(code, stderr, elapsed)


@pytest.mark.parametrize("command", ["check", "build"])
def test_ctrl_c_at_random_moments_of_a_real_run(tmp_path: Path, command: str) -> None:
    """The real program over sixty copies of the seed plan, interrupted at random moments
    once its workers run: whichever step it is in (a worker busy, sending its results,
    waiting for the next plan), it ends within the time with the line, or had finished.
    A worker stopped half-way through sending its results once hung `check -j2`."""
    root = make_repository(tmp_path / "kho")
    copy_cascade(root)
    for i in range(60):
        shutil.copy(REPO / LONG_MY, root / "plans" / f"xa-{i}.yaml")
    chance = random.Random(18)
    for _ in range(6):
        _interrupted_at(root, command, chance.uniform(0, 0.4))


# --- the pool itself -------------------------------------------------------------------------


def _dies_at_three(item: int) -> int:
    if item == 3:
        os._exit(9)  # as the system's out-of-memory killer would end it
    return item


def _fails_at_three(item: int) -> int:
    return 1 // (item - 3)


def test_a_worker_that_vanishes_stops_the_map_with_a_message() -> None:
    with pytest.raises(WorkerLost, match="tiến trình con bị dừng đột ngột"):
        list(ordered_map(_dies_at_three, list(range(40)), 2))


def test_a_bug_in_a_task_is_raised_in_the_parent_as_in_a_serial_run() -> None:
    with pytest.raises(ZeroDivisionError):
        list(ordered_map(_fails_at_three, list(range(40)), 2))
    assert list(ordered_map(_dies_at_three, [0, 1, 2], 2)) == [0, 1, 2]
