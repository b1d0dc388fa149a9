"""LibreOffice for the tests: the real tools for the tests that ask, failing stubs for the others.

Tests that need LibreOffice (``soffice``, its Python ``uno`` bridge) or
poppler (``pdftotext``, ``pdfinfo``) are the slow part of the suite:
``make test-fast`` (``pytest -m "not libreoffice"``) leaves them out. For
that the marker must never be forgotten, so it is not written by hand:

* a test gets the tools only through the ``libreoffice`` fixture
  (:class:`LibreOffice`: absolute paths, and a PATH holding them), and
  conftest marks ``libreoffice`` every test whose fixtures reach it, at
  collection, before ``-m`` selects;
* everywhere else ``soffice``, ``libreoffice``, ``pdftotext`` and ``pdfinfo``
  on PATH are :func:`install_stubs`' scripts, which log the call and fail.
  The PATH is inherited by every subprocess (``kehoach pdf``, ``make``), so
  a test reaching LibreOffice any other way than the fixture fails in
  ``make test`` too, and conftest names it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TOOLS = ("soffice", "libreoffice", "pdftotext", "pdfinfo")
"""The programs only the ``libreoffice`` fixture may run."""

UNO_PYTHON = "/usr/bin/python3"
"""The system Python, which has ``uno`` (Debian: python3-uno); the venv has not."""

INSTALL_HINT = "cần LibreOffice, poppler-utils và python3-uno: chạy `make libreoffice`"

STUB = """\
#!/bin/sh
echo "$(basename "$0") $*" >> '{log}'
echo "kiểm thử gọi $(basename "$0") mà không qua fixture libreoffice" >&2
exit 97
"""


def install_stubs(folder: Path, log: Path) -> str:
    """Write the failing stubs into ``folder``; returns the PATH that puts them first."""
    folder.mkdir(parents=True, exist_ok=True)
    for tool in TOOLS:
        stub = folder / tool
        stub.write_text(STUB.format(log=log), encoding="utf-8")
        stub.chmod(0o755)
    return os.pathsep.join([str(folder), os.environ.get("PATH", "")])


def without(folder: Path, path: str) -> str:
    """``path`` (a PATH value) with ``folder`` left out."""
    return os.pathsep.join(p for p in path.split(os.pathsep) if p and Path(p) != folder)


def convert_all(soffice: str, sources: list[Path], out_dir: Path) -> list[Path]:
    """Every .docx of ``sources`` to PDF in ONE LibreOffice run (a start costs 2 s), with a
    profile of its own (parallel-safe)."""
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=180 + 30 * len(sources),
    )
    pdfs = [out_dir / source.with_suffix(".pdf").name for source in sources]
    missing = [pdf.name for pdf in pdfs if not pdf.exists()]
    assert not missing, f"LibreOffice produced no PDF for {missing}"
    return pdfs


@dataclass(frozen=True)
class LibreOffice:
    """The real tools, found once per session on the PATH without the stubs."""

    path: str
    """PATH for a process that runs LibreOffice (``kehoach pdf``, lo_tracked.py)."""
    soffice: str
    pdftotext: str
    pdfinfo: str

    @classmethod
    def find(cls, path: str) -> LibreOffice:
        """The tools on ``path``; an AssertionError naming the install command if one is missing."""
        found = {
            tool: shutil.which(tool, path=path) for tool in ("soffice", "pdftotext", "pdfinfo")
        }
        missing = [tool for tool, where in found.items() if where is None]
        assert not missing, f"{INSTALL_HINT} (thiếu {', '.join(missing)})"
        return cls(path, **{tool: str(where) for tool, where in found.items()})

    def env(self, **changes: str) -> dict[str, str]:
        """The environment of a child process that runs LibreOffice."""
        return os.environ | {"PATH": self.path} | changes

    @contextlib.contextmanager
    def on_path(self) -> Iterator[None]:
        """For code of kehoach's that looks LibreOffice up on PATH, in this process."""
        saved = os.environ["PATH"]
        os.environ["PATH"] = self.path
        try:
            yield
        finally:
            os.environ["PATH"] = saved

    def uno_python(self) -> str:
        """The Python with ``uno`` (only the tracked-changes test needs it)."""
        found = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, check=False)
        assert found.returncode == 0, INSTALL_HINT
        return UNO_PYTHON

    def convert_to_pdf(self, source: Path, out_dir: Path) -> Path:
        """LibreOffice headless conversion with a profile of its own (parallel-safe)."""
        return convert_all(self.soffice, [source], out_dir)[0]

    def pdf_text(self, pdf: Path, page: int | None = None) -> str:
        """Text of the PDF (or of one 1-based page) as LibreOffice laid it out."""
        pages = ["-f", str(page), "-l", str(page)] if page else []
        result = subprocess.run(
            [self.pdftotext, "-layout", *pages, str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def pdf_info(self, pdf: Path, *options: str) -> str:
        """``pdfinfo``'s report (``-f 1 -l 9999`` adds every page's size)."""
        return subprocess.run(
            [self.pdfinfo, *options, str(pdf)], check=True, capture_output=True, text=True
        ).stdout

    def pdf_pages(self, pdf: Path) -> int:
        info = self.pdf_info(pdf)
        return int(
            next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
        )
