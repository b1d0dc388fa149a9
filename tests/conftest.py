"""Shared fixtures: the repository, the real seed plan built once, its LibreOffice rendering."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from kehoach.pipeline import build_plan

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
LONG_MY = Path("plans/can-tho/long-my/kh-cqs-2026-2030.yaml")
CASCADE = (Path("plans/can-tho/kh-219-2025.yaml"), Path("plans/trung-uong/qd-2629-2025.yaml"))
"""The ancestors of LONG_MY (its ``extends`` chain and cited plan).

A throwaway repository holding a copy of LONG_MY needs them at the same paths,
or the copy fails to build (missing parent) like any orphaned plan would.
"""


def minimal_plan(*, title: str = "Kế hoạch thử", body: str = "Nội dung.", tail: str = "") -> str:
    """The YAML of a small valid plan: ``title``, one body line (written quoted, so any text
    stays a string) and ``tail`` (more top-level keys, e.g. a signature) appended."""
    quoted = body.replace("\\", "\\\\").replace('"', '\\"')
    return f"""\
document:
  issuer:
    name: Ủy ban nhân dân phường Thử
    abbr: UBND
  place: Cần Thơ
  date: {{year: 2026, month: 3, day: 5}}
  title: {title}
  period: 2026-2030
body:
  - title: Mục tiêu
    text:
      - "{quoted}"
{tail}"""


def copy_cascade(root: Path) -> None:
    """Copy LONG_MY's ancestors into the repository at ``root`` (same relative paths)."""
    for relative in CASCADE:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / relative, root / relative)


def make_repository(root: Path) -> Path:
    """A throwaway repository at ``root``: the real template and an empty plans/."""
    (root / "templates").mkdir(parents=True)
    shutil.copy(REPO / "templates" / "ke-hoach.docx", root / "templates")
    (root / "plans").mkdir()
    return root


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    """A repository of the test's own, for plans made up by a test."""
    return make_repository(tmp_path)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def long_my_docx() -> Path:
    """Seed 002 built from its YAML by the real pipeline (outputs must stay in the repo)."""
    return build_plan(REPO, REPO / LONG_MY, Path("build/tests"))


@pytest.fixture(scope="session")
def long_my_document(long_my_docx: Path) -> docx.document.Document:
    return docx.Document(str(long_my_docx))


def convert_to_pdf(source: Path, out_dir: Path) -> Path:
    """LibreOffice headless conversion with a profile of its own (parallel-safe)."""
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = out_dir / source.with_suffix(".pdf").name
    assert pdf.exists(), f"LibreOffice produced no PDF for {source}"
    return pdf


@pytest.fixture(scope="session")
def long_my_pdf(long_my_docx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert_to_pdf(long_my_docx, tmp_path_factory.mktemp("pdf"))


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """Text of the PDF (or of one 1-based page) as LibreOffice laid it out."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(
        ["pdftotext", "-layout", *pages, str(pdf), "-"], check=True, capture_output=True, text=True
    )
    return result.stdout


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
