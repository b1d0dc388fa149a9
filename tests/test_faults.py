"""Faults around the plans: a broken template, a bug, a killed build, parallel builds.

Whatever happens, the user sees one Vietnamese line (never a traceback), the
exit code says whose fault it was (2 input or template, 3 kehoach itself,
130 interrupted), and every document already in ``build/`` is either the
previous one, whole, or the new one, whole: never a truncated file.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import (
    KEHOACH,
    LONG_MY,
    REPO,
    Build,
    copy_cascade,
    copy_repository,
    documents,
    make_checkout,
    make_repository,
    run_kehoach,
)

import kehoach.cli.commands as cli
from kehoach.base.exits import Exit
from kehoach.cli.commands import main

KILL_AT = Path(__file__).with_name("kill_at.py")


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    """A throwaway repository: the real template and the seed plan."""
    make_repository(tmp_path)
    shutil.copy(REPO / LONG_MY, tmp_path / "plans" / "a.yaml")
    copy_cascade(tmp_path)
    return tmp_path


def rewrite_template(template: Path, edit) -> None:
    """Apply ``edit`` (str → str) to the template's word/document.xml, in place."""
    with zipfile.ZipFile(template) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "word/document.xml":
                edited = edit(data.decode("utf-8"))
                assert edited != data.decode("utf-8"), "the edit changed nothing"
                data = edited.encode("utf-8")
            target.writestr(info, data)


def add_after_first_variable(text: str, addition: str) -> str:
    """A paragraph holding ``addition`` after the first ``{{p part.… }}`` block: rendered for
    every part of every plan.

    The template's tags are ``{{p …}}`` blocks, each replacing its whole
    paragraph, so the addition goes in a paragraph of its own just after.
    """
    match = re.search(r"\{\{p [\w.]+ \}\}", text)
    assert match is not None, "no {{p …}} block in the template"
    end = text.index("</w:p>", match.end()) + len("</w:p>")
    return f"{text[:end]}<w:p><w:r><w:t>{addition}</w:t></w:r></w:p>{text[end:]}"


def build(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--root", str(root), "plans"])
    return result.exit_code, result.output


# --- the template -------------------------------------------------------------


def test_unknown_template_variable_names_template_and_variable(sandbox: Path) -> None:
    template = sandbox / "templates" / "ke-hoach.docx"
    rewrite_template(template, lambda t: add_after_first_variable(t, "{{ khong_co }}"))
    shutil.copy(REPO / LONG_MY, sandbox / "plans" / "b.yaml")
    code, output = build(sandbox)
    assert code == 2, output
    assert "Traceback" not in output and "lỗi nội bộ" not in output
    line = next(line for line in output.splitlines() if "khong_co" in line)
    assert line.startswith("templates/ke-hoach.docx: lỗi: mẫu Word dùng biến «khong_co»")
    assert "(trong word/document.xml)" in line and "các biến có: " in line and "doc_type" in line
    assert "không tạo văn bản nào" in output
    assert output.count("khong_co") == 1  # stopped at the first plan: the others fail alike
    assert not (sandbox / "build").exists()


def test_unknown_attribute_in_template(sandbox: Path) -> None:
    template = sandbox / "templates" / "ke-hoach.docx"
    tag = "{{ part.place_date.khong_co }}"
    rewrite_template(template, lambda t: add_after_first_variable(t, tag))
    code, output = build(sandbox)
    assert code == 2 and "mẫu Word dùng thuộc tính «khong_co»" in output, output
    assert not (sandbox / "build").exists()


def test_template_syntax_error(sandbox: Path) -> None:
    template = sandbox / "templates" / "ke-hoach.docx"
    rewrite_template(template, lambda t: add_after_first_variable(t, "{{ doc_type ) }}"))
    code, output = build(sandbox)
    assert code == 2 and "templates/ke-hoach.docx: lỗi: mẫu Word có lỗi cú pháp Jinja" in output
    assert "Traceback" not in output
    assert not (sandbox / "build").exists()


def test_template_cannot_escape_the_sandbox(sandbox: Path) -> None:
    """A template reaching for Python internals is refused, not run."""
    template = sandbox / "templates" / "ke-hoach.docx"
    payload = "{{ part.doc_type.__class__.__mro__[1].__subclasses__() }}"
    rewrite_template(template, lambda t: add_after_first_variable(t, payload))
    code, output = build(sandbox)
    assert code == 2, output
    assert "templates/ke-hoach.docx: lỗi: " in output and "sandbox" in output
    assert "«__class__»" in output or "'__class__'" in output
    assert not (sandbox / "build").exists()


@pytest.mark.parametrize("damage", ["missing", "not-a-zip", "no-document"])
def test_missing_or_corrupt_template(sandbox: Path, damage: str) -> None:
    template = sandbox / "templates" / "ke-hoach.docx"
    if damage == "missing":
        template.unlink()
    elif damage == "not-a-zip":
        template.write_bytes(b"PK\x03\x04 not really")
    else:
        with zipfile.ZipFile(template, "w") as archive:
            archive.writestr("word/styles.xml", "<x/>")
    code, output = build(sandbox)
    assert code == 2, output
    assert output.startswith("templates/ke-hoach.docx: lỗi: ")
    assert "make template" in output and "Traceback" not in output
    assert not (sandbox / "build").exists()


# --- bugs of kehoach ------------------------------------------------------------


def _boom(*args: object, **kwargs: object) -> object:
    raise RuntimeError("hỏng\ngiữa chừng")


def test_internal_error_is_one_vietnamese_line_exit_3(
    sandbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kehoach.schema.export.schema_text", _boom)  # imported on use
    monkeypatch.delenv("KEHOACH_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == Exit.INTERNAL == 3
    assert "Traceback" not in result.output
    (line,) = result.output.splitlines()
    assert line.startswith("lỗi nội bộ của kehoach (RuntimeError: hỏng giữa chừng)")
    assert "KEHOACH_DEBUG=1" in line


def test_internal_error_on_one_plan_spares_the_others(
    sandbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(REPO / LONG_MY, sandbox / "plans" / "b.yaml")
    real = cli.build_plan

    def flaky(root: Path, plan: Path, out: Path) -> Path:
        if plan.name == "a.yaml":
            raise ZeroDivisionError("chia cho 0")
        return real(root, plan, out)

    monkeypatch.setattr(cli, "build_plan", flaky)
    code, output = build(sandbox)
    assert code == 3, output
    assert "plans/a.yaml: lỗi nội bộ của kehoach (ZeroDivisionError: chia cho 0)" in output
    assert "đã tạo build/b.docx" in output
    assert (sandbox / "build" / "b.docx").exists() and not (sandbox / "build" / "a.docx").exists()


def test_real_process_never_prints_a_traceback(sandbox: Path) -> None:
    """The console script itself, with a bug injected: stderr has one line, exit 3;
    with KEHOACH_DEBUG=1 the traceback is there for the maintainer."""
    program = (
        "import sys, kehoach.cli.commands as c\n"
        "def boom(*a, **k): raise KeyError('x')\n"
        "c.build_plan = boom\n"
        "sys.argv = ['kehoach', 'build', '--root', sys.argv[1]]\n"
        "c.main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "KEHOACH_DEBUG"}
    quiet = subprocess.run(
        [sys.executable, "-c", program, str(sandbox)], capture_output=True, text=True, env=env
    )
    assert quiet.returncode == 3, quiet.stderr
    assert "Traceback" not in quiet.stderr
    assert "plans/a.yaml: lỗi nội bộ của kehoach (KeyError: 'x')" in quiet.stderr
    loud = subprocess.run(
        [sys.executable, "-c", program, str(sandbox)],
        capture_output=True,
        text=True,
        env=env | {"KEHOACH_DEBUG": "1"},
    )
    assert loud.returncode == 3 and "Traceback" in loud.stderr


def test_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted() -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("kehoach.schema.export.schema_text", interrupted)
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 130 and "đã dừng" in result.output


# --- killed builds ---------------------------------------------------------------------------
#
# tests/kill_at.py runs `kehoach build` and kills it at a named step of its N-th document
# write. Three copies of the seed plan are built in order, -j 1, over a build/ holding
# their PREVIOUS documents (built from an older title, so old and new bytes differ); the
# second write is the one stopped. Whatever the step, each document must be the old one or
# the new one, whole, or absent if it was absent; a temporary file may only be left hidden,
# beside the document it was meant to replace.

KILLED = ("x/a.docx", "x/b.docx", "x/c.docx")
"""The documents of the killed builds, in build order: a is written, b is stopped, c waits."""


def _three_plans(root: Path, title: str | None = None) -> Path:
    """The seed plan as plans/x/{a,b,c}.yaml (its title replaced by ``title``) and its ancestors."""
    make_repository(root)
    copy_cascade(root)
    text = (REPO / LONG_MY).read_text(encoding="utf-8")
    if title is not None:
        old = "Phát triển Chính quyền số phường Long Mỹ giai đoạn 2026 - 2030"
        assert text.count(old) == 1
        text = text.replace(old, title)
    (root / "plans" / "x").mkdir()
    for name in ("a", "b", "c"):
        (root / "plans" / "x" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], ...]:
    """The three documents as a previous build left them, and as the plans build now."""
    built = []
    for title in ("Kế hoạch cũ, trước khi sửa", None):
        root = _three_plans(tmp_path_factory.mktemp("killed"), title)
        result = CliRunner().invoke(main, ["build", "--root", str(root), "plans/x"])
        assert result.exit_code == 0, result.output
        built.append(documents(root / "build"))
    old, new = built
    assert sorted(old) == sorted(new) == list(KILLED)
    assert all(old[name] != new[name] for name in KILLED)
    return old, new


@dataclass(frozen=True)
class Killed:
    """What a stopped build left: its messages, the documents in build/ (each checked
    whole: a zip python-docx opens) and the other files there."""

    stderr: str
    found: dict[str, bytes]
    others: list[Path]

    def leftover(self, document: str) -> bytes:
        """The one temporary file left, hidden beside ``document``; its bytes."""
        (temp,) = self.others
        assert temp.parent.name == "x" and temp.name.startswith(f".{Path(document).name}.")
        assert temp.name.endswith(".tmp")
        return temp.read_bytes()


def _killed_build(
    root: Path,
    old: dict[str, bytes],
    point: str,
    *,
    keep: tuple[str, ...] = KILLED,
    jobs: int = 1,
    exit_code: int = -signal.SIGKILL,
) -> Killed:
    """Put the ``keep`` documents of ``old`` in build/, run the build stopped at ``point``
    (it must end with ``exit_code``: killed by default) and look at what it left."""
    for name in keep:
        (root / "build" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "build" / name).write_bytes(old[name])
    result = subprocess.run(
        [sys.executable, str(KILL_AT), point, "2", "build", "plans/x", "-j", str(jobs)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == exit_code, result.stderr
    assert "Traceback" not in result.stderr
    found = documents(root / "build")
    for name in found:
        with zipfile.ZipFile(root / "build" / name) as archive:
            assert archive.testzip() is None, name
        docx.Document(str(root / "build" / name))
    others = [p for p in (root / "build").rglob("*") if p.is_file() and p.suffix != ".docx"]
    return Killed(result.stderr, found, others)


def _mixed(old: dict[str, bytes], new: dict[str, bytes], *renewed: str) -> dict[str, bytes]:
    """Every document of KILLED as in ``old``, but the ``renewed`` ones as in ``new``."""
    return {name: (new if name in renewed else old)[name] for name in KILLED}


def test_killed_before_the_rename_keeps_the_previous_document(
    tmp_path: Path, old_and_new: tuple[dict[str, bytes], ...]
) -> None:
    old, new = old_and_new
    killed = _killed_build(_three_plans(tmp_path), old, "before-replace")
    assert killed.found == _mixed(old, new, "x/a.docx")
    assert killed.leftover("x/b.docx") == new["x/b.docx"]  # whole, but never renamed


def test_killed_in_the_middle_of_writing_keeps_the_previous_document(
    tmp_path: Path, old_and_new: tuple[dict[str, bytes], ...]
) -> None:
    old, new = old_and_new
    killed = _killed_build(_three_plans(tmp_path), old, "mid-write")
    assert killed.found == _mixed(old, new, "x/a.docx")
    half = killed.leftover("x/b.docx")
    assert half and new["x/b.docx"].startswith(half) and len(half) < len(new["x/b.docx"])


def test_killed_after_the_rename_has_the_new_document(
    tmp_path: Path, old_and_new: tuple[dict[str, bytes], ...]
) -> None:
    old, new = old_and_new
    killed = _killed_build(_three_plans(tmp_path), old, "after-replace")
    assert killed.found == _mixed(old, new, "x/a.docx", "x/b.docx")
    assert killed.others == []


def test_killed_build_of_missing_documents_leaves_them_missing(
    tmp_path: Path, old_and_new: tuple[dict[str, bytes], ...]
) -> None:
    """No previous b and c: b is not half there after the kill, it is not there."""
    old, new = old_and_new
    killed = _killed_build(_three_plans(tmp_path), old, "mid-write", keep=("x/a.docx",))
    assert killed.found == {"x/a.docx": new["x/a.docx"]}
    assert new["x/b.docx"].startswith(killed.leftover("x/b.docx"))


def test_interrupted_before_the_rename_cleans_up(
    tmp_path: Path, old_and_new: tuple[dict[str, bytes], ...]
) -> None:
    """Ctrl+C (not SIGKILL) at the same step: exit 130, the temporary file removed."""
    old, new = old_and_new
    killed = _killed_build(_three_plans(tmp_path), old, "interrupt", exit_code=130)
    assert "đã dừng" in killed.stderr
    assert killed.found == _mixed(old, new, "x/a.docx")
    assert killed.others == []


def test_killed_workers_leave_whole_documents(
    tmp_path: Path, old_and_new: tuple[dict[str, bytes], ...]
) -> None:
    """-j 2: the first worker to reach its second rename kills the build and its workers.
    Which documents are new then depends on the workers' pace; each is old or new, whole."""
    old, new = old_and_new
    killed = _killed_build(_three_plans(tmp_path), old, "before-replace", jobs=2)
    assert sorted(killed.found) == list(KILLED)
    assert all(killed.found[name] in (old[name], new[name]) for name in KILLED)
    assert all(p.name.startswith(".") and p.name.endswith(".tmp") for p in killed.others)


# --- reproducible and parallel builds ---------------------------------------------------------


ZIP_CLOCK_SECONDS = 2
"""The resolution of a zip entry's time: builds this far apart would show any clock."""


def test_two_processes_give_identical_bytes(real_build: Build, tmp_path: Path) -> None:
    """Another process, another hash seed (set and dict order of strings), a later time:
    the bytes of the reference build."""
    root = copy_repository(tmp_path)
    time.sleep(max(0.0, real_build.finished + ZIP_CLOCK_SECONDS - time.time()))
    result = run_kehoach(root, "build", "plans", "-o", "build/j1", "-j", "1", seed="12345")
    assert result.returncode == 0, result.stderr
    assert documents(root / "build" / "j1") == real_build.documents


def test_make_parallel_gives_the_same_bytes_as_serial(tmp_path: Path) -> None:
    """``make -j4`` on a copy of the repository (the seed plan and four copies of it,
    so there is something to run in parallel) gives the bytes of ``make -j1``.

    ``kehoach build -j4`` against ``-j1`` is in tests/test_batch.py.
    """
    make_checkout(tmp_path)
    for i in range(4):
        target = tmp_path / "plans" / "ban-sao" / f"kh-{i}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / LONG_MY, target)
    (tmp_path / LONG_MY).parent.mkdir(parents=True)
    shutil.copy(REPO / LONG_MY, tmp_path / LONG_MY)
    copy_cascade(tmp_path)
    make = ["make", "-k", "-o", ".venv/.installed", f"KEHOACH={KEHOACH}", "build"]
    serial = subprocess.run([*make, "-j1"], cwd=tmp_path, capture_output=True, text=True)
    first = documents(tmp_path / "build")
    assert len(first) >= 5, serial.stdout + serial.stderr
    shutil.rmtree(tmp_path / "build")
    parallel = subprocess.run([*make, "-j4"], cwd=tmp_path, capture_output=True, text=True)
    assert parallel.returncode == serial.returncode
    assert documents(tmp_path / "build") == first
    assert "Traceback" not in parallel.stderr
