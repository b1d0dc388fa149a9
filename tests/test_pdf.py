"""``kehoach pdf``: LibreOffice conversion, one profile per process, atomic placement."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from click.testing import CliRunner
from conftest import KEHOACH, minimal_plan
from libreoffice import LibreOffice

from kehoach.cli.commands import main
from kehoach.cli.pdf import batches, docx_is_stale
from kehoach.pipeline import build_plan


def _write_plan(root: Path, name: str, title: str) -> Path:
    plan = root / "plans" / f"{name}.yaml"
    plan.write_text(minimal_plan(title=title, body=f"Nội dung của {title}."), encoding="utf-8")
    return plan


def test_batches_keep_same_names_apart() -> None:
    """Two «kh.docx» would both write «kh.pdf» in one output directory: two batches."""
    a, b, c = Path("x/kh.docx"), Path("y/kh.docx"), Path("y/other.docx")
    assert batches([a, b, c]) == [[a, c], [b]]
    assert batches([]) == []


def test_missing_soffice_is_a_clear_error(sandbox: Path, monkeypatch) -> None:
    _write_plan(sandbox, "a", "Kế hoạch A")
    monkeypatch.setenv("PATH", str(sandbox / "no-such-bin"))
    result = CliRunner().invoke(main, ["pdf", "plans", "--root", str(sandbox)])
    assert result.exit_code == 2
    assert "không tìm thấy LibreOffice" in result.output
    assert "apt-get install" in result.output
    assert not (sandbox / "build").exists()


def test_docx_staleness(sandbox: Path) -> None:
    plan = _write_plan(sandbox, "a", "Kế hoạch A")
    built = sandbox / "build" / "a.docx"
    assert docx_is_stale(sandbox, plan, built)
    build_plan(sandbox, plan, Path("build"))
    assert not docx_is_stale(sandbox, plan, built)
    later = built.stat().st_mtime + 10
    os.utime(plan, (later, later))
    assert docx_is_stale(sandbox, plan, built)


def _profiles(pid: int) -> list[str]:
    return [
        name for name in os.listdir(tempfile.gettempdir()) if name.startswith(f"kehoach-lo-{pid}-")
    ]


def test_parallel_conversions_do_not_collide(sandbox: Path, libreoffice: LibreOffice) -> None:
    """Two `kehoach pdf` processes at once, each building its .docx then converting it.

    LibreOffice instances sharing one profile lock each other out (the second
    converts nothing and still exits 0); with a profile per process both PDFs
    appear. Afterwards neither the profiles nor the staging directories remain.
    """
    _write_plan(sandbox, "a", "Kế hoạch Alpha")
    _write_plan(sandbox, "b", "Kế hoạch Bravo")
    runs = [
        subprocess.Popen(
            [str(KEHOACH), "pdf", f"plans/{name}.yaml"],
            cwd=sandbox,
            env=libreoffice.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err), name in zip(runs, outputs, ("a", "b"), strict=True):
        assert run.returncode == 0, err
        assert f"đã tạo build/{name}.docx" in out
        assert f"đã tạo build/{name}.pdf" in out
        assert _profiles(run.pid) == []
    for name, title in (("a", "Kế hoạch Alpha"), ("b", "Kế hoạch Bravo")):
        pdf = sandbox / "build" / f"{name}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-")
        assert title.upper() in libreoffice.pdf_text(pdf, 1).upper()
    assert sorted(p.name for p in (sandbox / "build").iterdir()) == [
        "a.docx",
        "a.pdf",
        "b.docx",
        "b.pdf",
    ]

    # A second run finds both PDFs current and converts nothing.
    stamps = [(sandbox / "build" / f"{n}.pdf").stat().st_mtime_ns for n in ("a", "b")]
    with libreoffice.on_path():
        again = CliRunner().invoke(main, ["pdf", "plans", "--root", str(sandbox)])
    assert again.exit_code == 0, again.output
    assert "2 PDF đã mới" in again.output
    assert [(sandbox / "build" / f"{n}.pdf").stat().st_mtime_ns for n in ("a", "b")] == stamps


def test_bad_plan_exits_2_without_pdf(sandbox: Path) -> None:
    """A plan that does not load gets its located message and no PDF (nothing to convert).

    No LibreOffice needed: ``kehoach pdf`` finds the tests' stub ``soffice``
    on PATH, which would fail the test if anything were converted.
    """
    (sandbox / "plans" / "x.yaml").write_text("document: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["pdf", "plans", "--root", str(sandbox)])
    assert result.exit_code == 2
    assert "plans/x.yaml:" in result.output
    assert "1 văn bản không có PDF." in result.output
    assert not list((sandbox).rglob("*.pdf"))
