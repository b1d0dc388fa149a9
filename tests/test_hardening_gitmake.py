"""git revisions and plan file names (issue 18, items 7 and 9).

7. A revision is something the user typed: it must name a commit of this
   repository before git sees it, never reach git as an option
   (``--output=/path`` wrote a file outside the repository), and a folder
   that is not a git repository must be called that, not «file missing at
   HEAD». ``make diff`` and ``kehoach diff``/``redline`` exit 2 on all of it.
9. A plan path with a space or a character make reads as syntax stopped
   ``make`` for every plan; now make builds every other plan and then fails
   with the list, ``kehoach check`` says what to rename each to, and
   ``kehoach deps`` writes no rule that would stop make.

Every repository here is a throwaway one under ``tmp_path``.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import KEHOACH, documents, make_checkout, make_repository, minimal_plan

from kehoach.cli.commands import main
from kehoach.cli.make_names import UNMAKEABLE, makeable, unmakeable

PLAN = "plans/ke-hoach.yaml"
NO_SUCH = "«nosuch» không phải là một phiên bản git (commit, nhánh, thẻ) của kho này"
NOT_A_REPOSITORY = "không phải là kho git"


def _git(root: Path, *args: str) -> None:
    identity = {
        f"GIT_{who}_{what}": value
        for who in ("AUTHOR", "COMMITTER")
        for what, value in (("NAME", "Người Soạn"), ("EMAIL", "a@example.org"))
    }
    subprocess.run(
        ["git", "-C", str(root), *args], check=True, capture_output=True, env=os.environ | identity
    )


def _make(root: Path, *args: str, kehoach: Path = KEHOACH) -> subprocess.CompletedProcess[str]:
    """``make ARGS`` in ``root``, git unable to look above it; output decoded without turning
    a carriage return in a file name into a line break."""
    done = subprocess.run(
        ["make", "-o", ".venv/.installed", f"KEHOACH={kehoach}", *args],
        cwd=root,
        capture_output=True,
        timeout=600,
        env=os.environ | {"MAKEFLAGS": "", "GIT_CEILING_DIRECTORIES": str(root.parent)},
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


def _kehoach(root: Path, *args: str) -> tuple[int, str]:
    """``kehoach COMMAND --root ROOT ARGS`` through click, git unable to look above ``root``."""
    command, *rest = args
    result = CliRunner().invoke(
        main,
        [command, "--root", str(root), *rest],
        env={"GIT_CEILING_DIRECTORIES": str(root.parent)},
    )
    return result.exit_code, result.output


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A checkout for make, in git: one plan committed, then edited in the working tree."""
    root = tmp_path / "kho"
    root.mkdir()
    make_checkout(root)
    (root / "plans").mkdir()
    (root / PLAN).write_text(minimal_plan(), encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "plans")
    _git(root, "commit", "-q", "-m", "v1")
    (root / PLAN).write_text(minimal_plan(body="Nội dung đã sửa."), encoding="utf-8")
    return root


# --- 7. git revisions: kehoach diff / redline -------------------------------------------------


def test_a_revision_that_names_no_commit_stops_diff_and_redline(history: Path) -> None:
    code, out = _kehoach(history, "diff", f"nosuch:{PLAN}", PLAN)
    assert code == 2 and out.strip() == f"lỗi: {NO_SUCH}"
    code, out = _kehoach(history, "redline", f"nosuch:{PLAN}", PLAN, "-o", "build/r.docx")
    assert code == 2 and out.strip() == f"lỗi: {NO_SUCH}"
    assert not (history / "build" / "r.docx").exists()
    # A real revision without that file is still said as such.
    code, out = _kehoach(history, "diff", "HEAD:plans/khong-co.yaml", PLAN)
    assert code == 2 and "không có «plans/khong-co.yaml» ở phiên bản «HEAD»" in out


def test_a_revision_is_never_read_by_git_as_an_option(history: Path, tmp_path: Path) -> None:
    """``git show --output=FILE:plans/…`` wrote FILE:plans/… wherever FILE pointed."""
    leak = tmp_path / "leak"
    (tmp_path / "leak:plans").mkdir()
    for command in (["diff"], ["redline", "-o", "build/r.docx"]):
        code, out = _kehoach(history, *command, "--", f"--output={leak}:{PLAN}", PLAN)
        assert code == 2 and f"«--output={leak}» không phải là một phiên bản git" in out
        assert list((tmp_path / "leak:plans").iterdir()) == []


def test_outside_a_git_repository_the_message_says_so(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "khong-git")
    (root / PLAN).write_text(minimal_plan(), encoding="utf-8")
    code, out = _kehoach(root, "diff", f"HEAD:{PLAN}", PLAN)
    assert code == 2
    assert out.strip() == (
        f"lỗi: «{root.resolve()}» {NOT_A_REPOSITORY}, nên không đọc được phiên bản «HEAD»; "
        "hãy chạy lệnh trong thư mục của một kho git (tạo bằng git clone hoặc git init)"
    )


def test_the_redline_of_a_good_revision_is_stamped_with_its_commit(history: Path) -> None:
    code, out = _kehoach(history, "redline", f"HEAD:{PLAN}", PLAN, "-o", "build/r.docx")
    assert code == 0, out
    code, out = _kehoach(history, "redline", PLAN, f"main:{PLAN}", "-o", "build/r.docx")
    assert code == 0 and "tác giả Người Soạn" in out, out


# --- 7. git revisions: make diff ------------------------------------------------------------


def test_make_diff_stops_on_a_revision_that_names_no_commit(history: Path) -> None:
    done = _make(history, "diff", "REV=nosuch")
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"lỗi: {NO_SUCH}" in done.stderr
    assert not (history / "build" / "diff").exists()


def test_make_diff_never_hands_rev_to_git_as_an_option(history: Path, tmp_path: Path) -> None:
    """``git diff --output=/path`` wrote the list of changed plans outside the repository."""
    leak = tmp_path / "leak.txt"
    done = _make(history, "diff", f"REV=--output={leak}")
    assert done.returncode == 2 and f"«--output={leak}» không phải là một phiên bản git" in (
        done.stderr
    )
    assert not leak.exists()


def test_make_diff_outside_a_git_repository_says_so(history: Path) -> None:
    shutil.rmtree(history / ".git")
    done = _make(history, "diff", "REV=HEAD")
    assert done.returncode == 2 and NOT_A_REPOSITORY in done.stderr, done.stderr
    assert "«HEAD»" in done.stderr


def test_make_diff_writes_the_reports_of_a_good_revision(history: Path) -> None:
    done = _make(history, "diff", "REV=HEAD")
    assert done.returncode == 0, done.stdout + done.stderr
    report = (history / "build" / "diff" / "ke-hoach.txt").read_text(encoding="utf-8")
    assert f"HEAD:{PLAN}" in report and "Nội dung đã sửa." in report
    assert (history / "build" / "diff" / "ke-hoach.md").is_file()
    assert (history / "build" / "diff" / "ke-hoach.docx").is_file()


# --- 9. plan file names make cannot handle -----------------------------------------------------

SPACED = "plans/tên có dấu cách/kế hoạch số 1.yaml"
SYMBOLS = "plans/x/a$b%c:d.yaml"


def test_the_proposed_names_are_names_make_handles() -> None:
    assert makeable(SPACED) == "plans/tên-có-dấu-cách/kế-hoạch-số-1.yaml"
    assert makeable(SYMBOLS) == "plans/x/abcd.yaml"
    assert makeable("plans/a - b .yaml") == "plans/a-b.yaml"
    assert makeable("plans/$#.yaml") == "plans/kế-hoạch.yaml"
    assert makeable("plans/kế-hoạch_số+1,@^~!{}.yaml") == "plans/kế-hoạch_số+1,@^~!{}.yaml"
    every = "".join(sorted(UNMAKEABLE))
    assert unmakeable(makeable(f"plans/a{every}b.yaml")) == []


def test_check_names_each_plan_make_cannot_build_with_the_name_to_use(tmp_path: Path) -> None:
    root = make_repository(tmp_path)
    for name in (SPACED, SYMBOLS, "plans/x/abcd.yaml", "plans/ok.yaml"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(minimal_plan(), encoding="utf-8")
    code, out = _kehoach(root, "check", "plans")
    assert code == 1, out
    assert (
        f"{SPACED}:1:1: lỗi: [file-name] tên thư mục và tên tệp có dấu cách, make không xử lý "
        "được (make bỏ qua kế hoạch này; kehoach build vẫn biên dịch được); hãy đổi thành "
        "«plans/tên-có-dấu-cách/kế-hoạch-số-1.yaml»"
    ) in out
    # plans/x/abcd.yaml exists: the proposal does not clash with it.
    assert f"{SYMBOLS}:1:1: lỗi: [file-name] tên tệp có ký tự «$», «%», «:»" in out
    assert "hãy đổi thành «plans/x/abcd-2.yaml»" in out
    assert out.strip().endswith("4 kế hoạch: 2 lỗi, 0 cảnh báo.")
    code, out = _kehoach(root, "check", "plans", "--format", "json")
    named = {f["child"]["path"] for f in json.loads(out)["findings"] if f["code"] == "file-name"}
    assert code == 1 and named == {SPACED, SYMBOLS}
    # kehoach build still compiles such a plan when asked.
    code, out = _kehoach(root, "build", SPACED)
    assert code == 0 and (root / "build" / "tên có dấu cách" / "kế hoạch số 1.docx").is_file()


def _logging_kehoach(root: Path) -> Path:
    """A stand-in for kehoach that logs each argument of a build on a line and builds nothing;
    ``deps`` runs the real command."""
    log = root / "calls.log"
    fake = root / "kehoach-logged"
    fake.write_text(
        f'#!/bin/sh\n[ "$1" = deps ] && exec {KEHOACH} "$@"\nprintf "%s\\n" "$@" >> {log}\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return fake


def test_make_and_kehoach_agree_on_every_ascii_character(tmp_path: Path) -> None:
    """One plan per printable or control ASCII character: make hands kehoach exactly those
    kehoach calls makeable, and lists the others."""
    root = make_checkout(tmp_path)
    names = {chr(c): f"plans/a{chr(c)}b.yaml" for c in range(1, 128) if chr(c) not in "/"}
    for name in names.values():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(minimal_plan(), encoding="utf-8")
    done = _make(root, kehoach=_logging_kehoach(root))
    assert done.returncode == 2, done.stdout + done.stderr
    built = set((root / "calls.log").read_text().split("\n"))
    for char, name in names.items():
        assert (name in built) == (char not in UNMAKEABLE), repr(char)
        if char in UNMAKEABLE and char != "\n":
            assert f"\n  {name}\n" in done.stderr, repr(char)
    skipped = sum(char in UNMAKEABLE for char in names)
    assert f"make: bỏ qua {skipped} kế hoạch vì tên tệp" in done.stderr


def test_make_builds_every_other_plan_then_fails_with_the_names(tmp_path: Path) -> None:
    root = make_checkout(tmp_path)
    plans = {
        "plans/cha.yaml": minimal_plan(title="Kế hoạch cha"),
        "plans/con.yaml": minimal_plan(title="Kế hoạch con", tail="extends: plans/cha.yaml\n"),
        SYMBOLS: minimal_plan(title="Kế hoạch lạ"),
        SPACED: minimal_plan(title="Kế hoạch có dấu cách", tail="extends: plans/cha.yaml\n"),
        # A plan make handles whose parent it does not: built, its rule drops the parent.
        "plans/x/con-la.yaml": minimal_plan(
            title="Con của kế hoạch lạ", tail=f"extends: {SYMBOLS}\n"
        ),
    }
    for name, text in plans.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")

    first = _make(root)
    assert first.returncode == 2, first.stdout + first.stderr
    assert f"  {SPACED}\n  {SYMBOLS}\n" in first.stderr
    assert "Traceback" not in first.stderr and "***" in first.stderr  # make's own «Error 2»
    assert set(documents(root / "build")) == {"cha.docx", "con.docx", "x/con-la.docx"}

    rules = (root / "build" / ".deps.mk").read_text(encoding="utf-8")
    assert "build/con.docx: plans/cha.yaml\n" in rules
    assert "dấu cách" not in rules and "$" not in rules and "x/con-la" not in rules

    again = _make(root)  # nothing to build, and still not a success
    assert again.returncode == 2 and "kehoach build:" not in again.stdout
    assert f"  {SPACED}\n" in again.stderr

    os.utime(root / "plans" / "cha.yaml")  # the parent: its child follows, through .deps.mk
    rebuilt = _make(root)
    assert rebuilt.returncode == 2 and "kehoach build: 2 kế hoạch cần biên dịch lại" in (
        rebuilt.stdout
    )
