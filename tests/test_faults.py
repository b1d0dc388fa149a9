"""Faults around the plans: a broken template, a bug, a killed build, parallel builds.

Whatever happens, the user sees one Vietnamese line (never a traceback), the
exit code says whose fault it was (2 input or template, 3 kehoach itself,
130 interrupted), and every document already in ``build/`` is either the
previous one, whole, or the new one, whole: never a truncated file.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import LONG_MY, REPO, copy_cascade

import kehoach.cli.commands as cli
from kehoach.base.exits import Exit
from kehoach.cli.commands import main

KEHOACH = Path(sys.executable).with_name("kehoach")


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    """A throwaway repository: the real template and the seed plan."""
    (tmp_path / "templates").mkdir()
    shutil.copy(REPO / "templates" / "ke-hoach.docx", tmp_path / "templates")
    (tmp_path / "plans").mkdir()
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
    """``{{ doc_type }}`` → ``{{ doc_type }}<addition>``: a tag rendered for every plan.

    The first variable outside any loop is used (a tag inside
    ``{%p for line in parent_body_lines %}`` is never evaluated for a plan
    without a parent body, so it would prove nothing).
    """
    for match in re.finditer(r"\{\{ ([\w.]+) \}\}", text):
        if match.group(1) != "line":
            return text[: match.end()] + addition + text[match.end() :]
    raise AssertionError("no variable tag outside a loop in the template")


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


# --- killed builds, reproducible and parallel builds ---------------------------------


def _outputs(directory: Path) -> dict[str, bytes]:
    """Every document under ``directory`` (hidden temporary files excluded)."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*.docx"))
        if not p.name.startswith(".")
    }


def _build_all(out: str, seed: str) -> subprocess.CompletedProcess[str]:
    """``kehoach build plans -o OUT`` on the real repository, in a fresh process."""
    return subprocess.run(
        [str(KEHOACH), "build", "plans", "-o", out],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONHASHSEED": seed},
        timeout=300,
    )


@pytest.fixture(scope="module")
def reference_build() -> dict[str, bytes]:
    """Every plan of plans/ built once by a real process: the previous outputs."""
    out = REPO / "build" / "tests-faults-a"
    shutil.rmtree(out, ignore_errors=True)
    result = _build_all("build/tests-faults-a", "0")
    assert "Traceback" not in result.stderr
    built = _outputs(out)
    assert built, result.stderr
    return built


def test_two_processes_give_identical_bytes(reference_build: dict[str, bytes]) -> None:
    """Different hash seeds (set and dict order of strings) and times: the same bytes."""
    out = REPO / "build" / "tests-faults-b"
    shutil.rmtree(out, ignore_errors=True)
    time.sleep(1.1)  # a second later: any clock in the output would show
    _build_all("build/tests-faults-b", "12345")
    assert _outputs(out) == reference_build
    shutil.rmtree(out)


def test_sigkill_never_leaves_a_truncated_document(reference_build: dict[str, bytes]) -> None:
    """Ten builds killed at random moments over a build dir holding previous outputs.

    After each kill every document is either absent (deleted before the
    round, not yet rewritten) or byte-identical to the reference (the same
    input gives the same bytes, so old and new are the same), and opens as a
    zip and with python-docx.
    """
    out = REPO / "build" / "tests-faults-kill"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(REPO / "build" / "tests-faults-a", out)
    rng = random.Random(8)
    started = time.perf_counter()
    _build_all("build/tests-faults-kill", "0")
    full = time.perf_counter() - started
    kills = 0
    for round_ in range(10):
        if round_ % 3 == 1:  # some rounds start with documents missing
            for path in list(out.rglob("*.docx"))[::2]:
                path.unlink()
        process = subprocess.Popen(
            [str(KEHOACH), "build", "plans", "-o", "build/tests-faults-kill"],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, full))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=60)
        for name, data in _outputs(out).items():
            assert name in reference_build, name
            assert data == reference_build[name], f"round {round_}: {name} differs"
            with zipfile.ZipFile(out / name) as archive:
                assert archive.testzip() is None
            docx.Document(str(out / name))
        leftovers = [p for p in out.rglob("*") if p.is_file() and p.suffix != ".docx"]
        assert all(p.name.startswith(".") and p.name.endswith(".tmp") for p in leftovers)
    assert kills >= 5, f"only {kills} of 10 builds were still running when killed"
    shutil.rmtree(out)


def test_make_parallel_gives_the_same_bytes_as_serial(tmp_path: Path) -> None:
    """``make -j4`` on a copy of the repository (the seed plan and four copies of it,
    so there is something to run in parallel) gives the bytes of ``make -j1``.

    ``kehoach build -j4`` against ``-j1`` is in tests/test_batch.py.
    """
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(REPO / name, tmp_path / name)
    for name in ("compiler", "schema", "templates"):
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for i in range(4):
        target = tmp_path / "plans" / "ban-sao" / f"kh-{i}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / LONG_MY, target)
    (tmp_path / LONG_MY).parent.mkdir(parents=True)
    shutil.copy(REPO / LONG_MY, tmp_path / LONG_MY)
    copy_cascade(tmp_path)
    (tmp_path / ".venv").symlink_to(REPO / ".venv")
    make = ["make", "-k", "-o", ".venv/.installed", f"KEHOACH={KEHOACH}", "build"]
    serial = subprocess.run([*make, "-j1"], cwd=tmp_path, capture_output=True, text=True)
    first = _outputs(tmp_path / "build")
    assert len(first) >= 5, serial.stdout + serial.stderr
    shutil.rmtree(tmp_path / "build")
    parallel = subprocess.run([*make, "-j4"], cwd=tmp_path, capture_output=True, text=True)
    assert parallel.returncode == serial.returncode
    assert _outputs(tmp_path / "build") == first
    assert "Traceback" not in parallel.stderr
