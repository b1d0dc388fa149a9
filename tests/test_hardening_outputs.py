"""Outputs (issue 18, items 5 and 6): never onto a source, never stale, the disk's faults told.

Item 5: ``-o`` may name a place outside the repository (a redline for
e-mail goes to /tmp) but never a source: plans/, templates/, a file the
command reads; two plans mapping to one document are refused before
anything is written; a second build (or ``make``) in the same tree waits
for the first instead of racing it.

Item 6: a full disk, a read-only disk, no permission, a folder where the
.docx should go are the environment's faults: one Vietnamese line naming
what failed, where and what to do, exit 4 (``Exit.SYSTEM``), never «lỗi
nội bộ … hãy gửi cho người bảo trì». The tests run as root in CI, where
permissions are not enforced: the faults are a real folder in the way, or
the system call made to fail (``os.replace``, ``tempfile.mkstemp``) in the
process that writes.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import stat
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import KEHOACH, REPO, documents, make_checkout, minimal_plan

from kehoach.base.exits import Exit
from kehoach.cli.commands import main

TEMPLATE = Path("templates/ke-hoach.docx")
INHERITANCE = REPO / "tests" / "fixtures" / "inheritance"
"""A small cascade: plans/quoc-gia.yaml ← plans/tinh.yaml ← plans/phuong-dung.yaml."""


def _plan(root: Path, relative: str, title: str = "Kế hoạch thử") -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(minimal_plan(title=title, body=f"Nội dung của {title}."), encoding="utf-8")
    return path


def _kehoach(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [args[0], "--root", str(root), *args[1:]])


def _files(directory: Path) -> list[str]:
    """Every file and folder under ``directory`` (hidden ones included), relative."""
    if not directory.exists():
        return []
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*"))


# --- item 5: never onto a source ---------------------------------------------------------------


def test_build_into_templates_is_refused_and_the_template_kept(sandbox: Path) -> None:
    """``-o templates`` with a plan named like the template replaced the template, after which
    every build printed that plan's text."""
    _plan(sandbox, "plans/ke-hoach.yaml")
    template = (sandbox / TEMPLATE).read_bytes()
    result = _kehoach(sandbox, "build", "-o", "templates")
    assert result.exit_code == Exit.BAD_INPUT, result.output
    assert result.stderr.startswith(
        "lỗi: không ghi vào templates: thư mục templates/ chứa mẫu Word (nguồn)"
    )
    assert (sandbox / TEMPLATE).read_bytes() == template
    assert _files(sandbox / "templates") == ["ke-hoach.docx"]


def test_build_into_plans_or_through_a_symlink_to_templates_is_refused(sandbox: Path) -> None:
    _plan(sandbox, "plans/a.yaml")
    into_plans = _kehoach(sandbox, "build", "-o", "plans/out")
    assert into_plans.exit_code == 2, into_plans.output
    assert "không ghi vào plans/out: thư mục plans/ chứa các kế hoạch" in into_plans.stderr
    (sandbox / "build").symlink_to(sandbox / "templates")  # build/ is the template's folder
    through_link = _kehoach(sandbox, "build")
    assert through_link.exit_code == 2, through_link.output
    assert "không ghi vào templates: thư mục templates/" in through_link.stderr
    assert _files(sandbox / "templates") == ["ke-hoach.docx"]
    assert _files(sandbox / "plans") == ["a.yaml"]


def test_output_outside_the_repository_is_allowed(sandbox: Path, tmp_path_factory: Any) -> None:
    """A document or a redline for e-mail may go to /tmp: shown there by its absolute path."""
    elsewhere = tmp_path_factory.mktemp("thu-muc-ngoai")
    _plan(sandbox, "plans/a.yaml", "Kế hoạch A")
    _plan(sandbox, "plans/b.yaml", "Kế hoạch B")
    built = _kehoach(sandbox, "build", "plans/a.yaml", "-o", str(elsewhere / "vb"))
    assert built.exit_code == 0, built.output
    assert built.stdout == f"đã tạo {(elsewhere / 'vb' / 'a.docx').as_posix()}\n"
    redline = elsewhere / "so-sanh.docx"
    compared = _kehoach(sandbox, "redline", "plans/a.yaml", "plans/b.yaml", "-o", str(redline))
    assert compared.exit_code == 0, compared.output
    assert compared.stdout.startswith(f"đã tạo {redline.as_posix()} (có thay đổi;")
    assert redline.read_bytes().startswith(b"PK")
    rules = _kehoach(sandbox, "deps", "-o", str(elsewhere / "deps.mk"))
    assert rules.exit_code == 0 and (elsewhere / "deps.mk").is_file(), rules.output
    assert not (sandbox / "build").exists()


def test_two_plans_onto_one_document_are_refused_naming_both(sandbox: Path) -> None:
    """``a.yaml`` and ``a.yml`` both wrote ``a.docx``: the one written last won (under -j,
    either one)."""
    _plan(sandbox, "plans/a.yaml", "Kế hoạch YAML")
    _plan(sandbox, "plans/a.yml", "Kế hoạch YML")
    _plan(sandbox, "plans/b.yaml")
    for jobs in ("1", "2"):
        result = _kehoach(sandbox, "build", "-j", jobs)
        assert result.exit_code == Exit.BAD_INPUT, result.output
        assert result.stderr == (
            "lỗi: plans/a.yaml và plans/a.yml cùng ghi vào build/a.docx: hãy đổi tên một trong "
            "hai kế hoạch (không tạo văn bản nào)\n"
        )
        assert not (sandbox / "build").exists()  # not even b.docx


def test_pdf_into_templates_is_refused_before_libreoffice(sandbox: Path) -> None:
    """Refused before anything runs: the suite's stand-in soffice would fail if it were called."""
    _plan(sandbox, "plans/ke-hoach.yaml")
    template = (sandbox / TEMPLATE).read_bytes()
    result = _kehoach(sandbox, "pdf", "-o", "templates")
    assert result.exit_code == 2, result.output
    assert "không ghi vào templates: thư mục templates/ chứa mẫu Word" in result.stderr
    assert (sandbox / TEMPLATE).read_bytes() == template


def test_schema_and_redline_onto_a_source_are_refused(
    sandbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plan(sandbox, "plans/a.yaml", "Kế hoạch A")
    draft = _plan(sandbox, "drafts/b.yaml", "Kế hoạch B")  # an input outside plans/
    before = draft.read_bytes()
    versions = ("redline", "plans/a.yaml", "drafts/b.yaml")
    onto_input = _kehoach(sandbox, *versions, "-o", "drafts/b.yaml")
    assert onto_input.exit_code == 2, onto_input.output
    assert onto_input.stderr == (
        "lỗi: không ghi vào drafts/b.yaml: đó là tệp đầu vào của chính lệnh này; "
        "hãy chọn tên tệp khác\n"
    )
    assert draft.read_bytes() == before
    onto_template = _kehoach(sandbox, *versions, "-o", str(TEMPLATE))
    assert onto_template.exit_code == 2 and "thư mục templates/" in onto_template.stderr
    monkeypatch.chdir(sandbox)  # `kehoach schema` writes relative to the current folder
    schema = CliRunner().invoke(main, ["schema", "-o", "templates/ke-hoach.docx"])
    assert schema.exit_code == 2 and "thư mục templates/" in schema.stderr, schema.output
    assert (sandbox / TEMPLATE).read_bytes() == (REPO / TEMPLATE).read_bytes()
    assert _files(sandbox / "plans") == ["a.yaml"]


@pytest.fixture
def cascade(tmp_path: Path) -> Path:
    root = tmp_path / "kho"
    shutil.copytree(INHERITANCE, root)
    return root


def _new(root: Path, out: str, *extra: str) -> Result:
    return _kehoach(
        root,
        "new",
        "--extends",
        "plans/tinh.yaml",
        "--category",
        "phuong",
        "--issuer",
        "Ủy ban nhân dân phường Mới",
        *extra,
        out,
    )


@pytest.mark.parametrize("out", ["plans/tinh.yaml", "plans/quoc-gia.yaml"])
def test_new_with_force_never_overwrites_its_parent_or_ancestor(cascade: Path, out: str) -> None:
    """``kehoach new --force`` with OUT = the parent overwrote the parent (OUT = the grandparent
    made the chain a cycle)."""
    before = (cascade / out).read_bytes()
    result = _new(cascade, out, "--force")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"lỗi: không ghi vào {out}: đó là tệp đầu vào của chính lệnh này; hãy chọn tên tệp khác\n"
    )
    assert (cascade / out).read_bytes() == before


def test_new_may_write_outside_the_repository(cascade: Path, tmp_path: Path) -> None:
    out = tmp_path / "nhap" / "moi.yaml"
    result = _new(cascade, str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"đã tạo {out.as_posix()};")
    assert "CẦN QUYẾT ĐỊNH" in out.read_text(encoding="utf-8")


# --- item 5: one build at a time ------------------------------------------------------------------


def test_a_second_build_waits_for_the_first_and_says_so(sandbox: Path) -> None:
    """The repository's lock held (as by a running build): `kehoach build` says it waits, writes
    nothing meanwhile, and builds as soon as the lock is free."""
    _plan(sandbox, "plans/a.yaml")
    holder = os.open(sandbox, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    process = subprocess.Popen(
        [str(KEHOACH), "build"],
        cwd=sandbox,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()  # blocks until the build says something
        assert line.startswith("đang chờ một lần biên dịch khác trong kho này"), line
        time.sleep(0.5)
        assert process.poll() is None and not (sandbox / "build").exists()
    finally:
        os.close(holder)  # the first build ends
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert out == "đã tạo build/a.docx\n"


def _make(root: Path, wrapper: Path, *goals: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ["make", "-o", ".venv/.installed", f"KEHOACH={wrapper}", *goals],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"MAKEFLAGS": ""},
    )


def test_two_makes_at_once_both_succeed_and_leave_every_document_current(tmp_path: Path) -> None:
    """Two `make` in one tree shared build/.stale: one failed on `cat: build/.stale`, the other
    exited 0 having built part of its list. Now each keeps its own list and the second build
    waits for the first: both succeed, each builds every stale plan, nothing is left stale.

    make's shell is slowed by half a second a command, so the race is not left to chance: both
    makes note their stale plans (make's own $(file), no shell) before either reads its list
    back (in the shell), as happens when two are started together.
    """
    make_checkout(tmp_path)
    count = 5
    for i in range(count):
        _plan(tmp_path, f"plans/xa/kh-{i}.yaml", f"Kế hoạch {i}")
    log = tmp_path / "calls.log"
    wrapper = _script(tmp_path / "kehoach-logged", f'echo "$*" >> {log}\nexec {KEHOACH} "$@"')
    slow = _script(tmp_path / "slow-sh", 'sleep 0.5\nexec /bin/sh "$@"')
    make = ["make", "-o", ".venv/.installed", f"KEHOACH={wrapper}", f"SHELL={slow}"]
    quiet = os.environ | {"MAKEFLAGS": ""}
    subprocess.run(
        [*make, "build/.deps.mk"], cwd=tmp_path, check=True, capture_output=True, env=quiet
    )
    makes = [
        subprocess.Popen(
            make, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=quiet
        )
        for _ in range(2)
    ]
    for process in makes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, out + err
    builds = [call for call in log.read_text().splitlines() if call.startswith("build ")]
    assert len(builds) == 2 and all(call.count(".yaml") == count for call in builds), builds
    assert not list((tmp_path / "build").glob(".stale*"))
    idle = subprocess.run([*make, "-q"], cwd=tmp_path, env=quiet)
    assert idle.returncode == 0  # every document up to date


def _script(path: Path, body: str) -> Path:
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


# --- item 6: the environment's faults -------------------------------------------------------------


def _system_line(result: Result) -> str:
    assert result.exit_code == Exit.SYSTEM == 4, result.output
    assert "lỗi nội bộ" not in result.output and "Traceback" not in result.output
    return result.stderr


def test_a_folder_where_the_document_goes(sandbox: Path) -> None:
    """The other plans are built; the one whose .docx is a folder is named, exit 4."""
    _plan(sandbox, "plans/a.yaml")
    _plan(sandbox, "plans/b.yaml")
    (sandbox / "build" / "a.docx").mkdir(parents=True)
    for jobs in ("1", "2"):
        result = _kehoach(sandbox, "build", "-j", jobs)
        assert _system_line(result) == (
            "plans/a.yaml: lỗi: không ghi được build/a.docx: build/a.docx là một thư mục (EISDIR); "
            "hãy đổi tên hoặc xóa thư mục đó rồi chạy lại\n"
            "1 kế hoạch có lỗi, không tạo văn bản cho các kế hoạch đó.\n"
        )
        assert result.stdout == "đã tạo build/b.docx\n"
        assert _files(sandbox / "build") == ["a.docx", "b.docx"]  # no temporary file left


def test_a_file_where_a_folder_goes(sandbox: Path) -> None:
    _plan(sandbox, "plans/x/a.yaml")
    (sandbox / "build").mkdir()
    (sandbox / "build" / "x").write_text("không phải thư mục")
    result = _kehoach(sandbox, "build")
    assert _system_line(result).startswith(
        "plans/x/a.yaml: lỗi: không ghi được build/x/a.docx: build/x là một tệp, không phải "
        "thư mục (EEXIST); hãy đổi tên hoặc xóa tệp đó rồi chạy lại\n"
    )
    assert _files(sandbox / "build") == ["x"]


def _failing(code: int) -> Callable[..., Any]:
    """A stand-in for ``os.replace`` or ``tempfile.mkstemp`` failing as the disk would."""

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code), str(kwargs.get("dir", args[-1] if args else "")))

    return fail


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_stops_the_batch_at_the_first_document(
    sandbox: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """ENOSPC: every later write would fail alike, so the build stops; no file is left."""
    for name in ("a", "b", "c"):
        _plan(sandbox, f"plans/{name}.yaml")
    monkeypatch.setattr(os, "replace", _failing(errno.ENOSPC))  # forked workers too
    result = _kehoach(sandbox, "build", "-j", jobs)
    assert _system_line(result) == (
        "plans/a.yaml: lỗi: không ghi được build/a.docx: ổ đĩa đầy (ENOSPC); "
        "hãy giải phóng chỗ trống rồi chạy lại\n"
        "dừng biên dịch: các văn bản còn lại cũng không ghi được vào đó.\n"
    )
    assert not documents(sandbox / "build")
    assert not [name for name in _files(sandbox / "build") if name.endswith(".tmp")]


def test_no_permission_is_told_per_document(sandbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """EACCES (a folder the account may not write; root ignores permissions, so it is made to
    fail): each document says so, exit 4."""
    import tempfile

    _plan(sandbox, "plans/a.yaml")
    monkeypatch.setattr(tempfile, "mkstemp", _failing(errno.EACCES))
    result = _kehoach(sandbox, "build")
    assert _system_line(result) == (
        "plans/a.yaml: lỗi: không ghi được build/a.docx: không có quyền (EACCES); hãy cấp quyền "
        "cho tài khoản đang chạy kehoach, hoặc ghi vào chỗ khác, rồi chạy lại\n"
        "1 kế hoạch có lỗi, không tạo văn bản cho các kế hoạch đó.\n"
    )


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rename onto an output fails as on a disk mounted read-only (EROFS)."""
    monkeypatch.setattr(os, "replace", _failing(errno.EROFS))


ROFS = (
    "ổ đĩa chỉ cho phép đọc (EROFS); "
    "hãy ghi vào chỗ khác (tùy chọn -o) hoặc gắn lại ổ đĩa cho phép ghi\n"
)


def test_read_only_disk_for_new_redline_deps(sandbox: Path, cascade: Path, read_only: None) -> None:
    _plan(sandbox, "plans/a.yaml", "Kế hoạch A")
    _plan(sandbox, "plans/b.yaml", "Kế hoạch B")
    redline = _kehoach(sandbox, "redline", "plans/a.yaml", "plans/b.yaml", "-o", "build/ab.docx")
    assert _system_line(redline) == f"lỗi: không ghi được build/ab.docx: {ROFS}"
    rules = _kehoach(sandbox, "deps", "-o", "build/.deps.mk")
    assert _system_line(rules) == f"lỗi: không ghi được build/.deps.mk: {ROFS}"
    assert _files(sandbox / "build") == []
    skeleton = _new(cascade, "plans/moi.yaml")
    assert _system_line(skeleton) == f"lỗi: không ghi được plans/moi.yaml: {ROFS}"
    assert not (cascade / "plans" / "moi.yaml").exists()


def test_read_only_disk_for_schema_and_build(
    sandbox: Path, read_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plan(sandbox, "plans/a.yaml")
    built = _kehoach(sandbox, "build")
    assert _system_line(built) == (
        f"plans/a.yaml: lỗi: không ghi được build/a.docx: {ROFS}"
        "dừng biên dịch: các văn bản còn lại cũng không ghi được vào đó.\n"
    )
    monkeypatch.chdir(sandbox)
    schema = CliRunner().invoke(main, ["schema", "-o", "schema/plan.schema.json"])
    assert _system_line(schema) == f"lỗi: không ghi được schema/plan.schema.json: {ROFS}"
    assert _files(sandbox / "build") == _files(sandbox / "schema") == []


def test_pdf_tells_the_folder_in_the_way(sandbox: Path) -> None:
    """`kehoach pdf` builds the .docx first: a folder in its place stops it, exit 4, before
    LibreOffice is started (the suite's stand-in soffice would fail if it were)."""
    _plan(sandbox, "plans/a.yaml")
    (sandbox / "build" / "a.docx").mkdir(parents=True)
    result = _kehoach(sandbox, "pdf")
    assert _system_line(result) == (
        "lỗi: không ghi được build/a.docx: build/a.docx là một thư mục (EISDIR); "
        "hãy đổi tên hoặc xóa thư mục đó rồi chạy lại\n"
    )


def test_only_the_environment_is_told_as_such(monkeypatch: pytest.MonkeyPatch) -> None:
    """An OSError only the environment causes (no permission on a path) is exit 4 wherever it
    rises; one a bug can cause (a path kehoach got wrong: not found) stays «lỗi nội bộ», 3."""

    def forbidden() -> str:
        raise PermissionError(errno.EACCES, "Permission denied", "/srv/chung/x.json")

    monkeypatch.setattr("kehoach.schema.export.schema_text", forbidden)
    told = CliRunner().invoke(main, ["schema"])
    assert _system_line(told).startswith(
        "lỗi: không truy cập được /srv/chung/x.json: không có quyền (EACCES)"
    )

    def lost() -> str:
        raise FileNotFoundError(errno.ENOENT, "No such file", "/khong/co")

    monkeypatch.setattr("kehoach.schema.export.schema_text", lost)
    bug = CliRunner().invoke(main, ["schema"])
    assert bug.exit_code == Exit.INTERNAL and "lỗi nội bộ của kehoach" in bug.stderr
