"""``kehoach pdf``: the built documents as PDF, through LibreOffice headless.

Why it is shaped this way:

- One ``soffice`` call per batch: LibreOffice takes seconds to start and
  milliseconds per document once running, so every document of a run is
  handed to a single ``--convert-to pdf`` call. Two inputs with the same
  file name (``a/kh.docx`` and ``b/kh.docx``) would write the same
  ``kh.pdf`` in the shared output directory, so they go to separate batches.
- One profile directory per process: two LibreOffice instances sharing a
  user profile (``~/.config/libreoffice``) lock each other out, and the
  second one silently converts nothing. Each call gets its own
  ``/tmp/kehoach-lo-<pid>-<random>`` (``-env:UserInstallation``), removed
  afterwards, so parallel ``kehoach pdf`` runs (``make -j``, CI) never collide.
- Atomic placement: LibreOffice writes into a hidden temporary directory
  beside the outputs; each PDF is checked (it exists and starts with
  ``%PDF``) and only then moved in place with ``os.replace``. A killed
  conversion leaves the previous PDF or the new one, never half a file.
- A .docx is (re)built with :func:`kehoach.pipeline.build_plan` when it is
  missing or older than its plan, the plans it depends on (``extends``,
  cited plans) or the Word template; a PDF is converted again when it is
  missing or older than its .docx. Changes to kehoach's own code are
  ``make``'s business (``make pdf`` builds first).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kehoach.base.system import WRITE, WRITE_INTO, SystemFault
from kehoach.base.workspace import TEMPLATE, inside, output_path
from kehoach.cli.deps import dependencies

SOFFICE_NAMES = ("soffice", "libreoffice")
"""Program names tried, in order, on PATH (Debian installs both)."""

INSTALL_HINT = "sudo apt-get install libreoffice-writer-nogui fonts-liberation2"

BASE_TIMEOUT_SECONDS = 120
PER_DOCUMENT_SECONDS = 60
"""A batch is given up after 120 s plus 60 s per document: a hung LibreOffice must not hang make."""


class SofficeMissing(Exception):
    """LibreOffice is not installed (no ``soffice`` on PATH)."""

    def __init__(self) -> None:
        super().__init__(
            "lỗi: không tìm thấy LibreOffice (lệnh «soffice») để chuyển sang PDF; "
            f"cài bằng: {INSTALL_HINT}"
        )


class ConversionError(Exception):
    """LibreOffice ran but did not produce a PDF for some documents.

    ``failed`` lists the .docx files left without a PDF; the PDFs of the
    others were placed. ``detail`` is LibreOffice's own last output line (or
    the reason it was stopped), for the message.
    """

    def __init__(self, failed: list[Path], detail: str) -> None:
        self.failed = failed
        self.detail = detail
        super().__init__(f"LibreOffice không tạo được PDF cho {len(failed)} văn bản ({detail})")


def find_soffice() -> str:
    """The LibreOffice program on PATH, or SofficeMissing."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise SofficeMissing()


def docx_is_stale(root: Path, plan: Path, docx: Path) -> bool:
    """True when ``docx`` is missing or older than its plan, the plans it needs, the template."""
    if not docx.is_file():
        return True
    sources = [plan, *dependencies(root, plan, {}), inside(root, TEMPLATE)]
    built = docx.stat().st_mtime_ns
    return any(source.is_file() and source.stat().st_mtime_ns > built for source in sources)


def pdf_path(docx: Path) -> Path:
    """Where the PDF of ``docx`` goes: beside it, same name, ``.pdf``."""
    return docx.with_suffix(".pdf")


def pdf_is_stale(docx: Path) -> bool:
    """True when the PDF of ``docx`` is missing or older than the .docx."""
    pdf = pdf_path(docx)
    return not pdf.is_file() or pdf.stat().st_mtime_ns < docx.stat().st_mtime_ns


@dataclass(frozen=True)
class Planned:
    """One plan of a ``kehoach pdf`` run: its plan file and the .docx the PDF is made from."""

    plan: Path
    docx: Path


def planned(root: Path, plans: Sequence[Path], out_dir: Path) -> list[Planned]:
    """The .docx path of each plan under ``out_dir`` (the build tree mirrors plans/)."""
    return [Planned(plan, output_path(root, plan, out_dir)) for plan in plans]


def batches(documents: Sequence[Path]) -> list[list[Path]]:
    """Split ``documents`` so no two in a batch share a file name (their PDFs would clash)."""
    result: list[list[Path]] = []
    for document in documents:
        for batch in result:
            if all(other.name != document.name for other in batch):
                batch.append(document)
                break
        else:
            result.append([document])
    return result


def convert(documents: Sequence[Path], soffice: str | None = None) -> list[Path]:
    """Convert each .docx to a PDF beside it; returns the PDFs, in input order.

    One LibreOffice call per batch of distinct file names (usually one call
    for everything). Raises SofficeMissing before doing anything when
    LibreOffice is absent, ConversionError, after placing every PDF that
    was produced, when some documents got none, and SystemFault when the
    file system refuses the staging folder or a PDF's place.
    """
    program = soffice or find_soffice()
    failed: list[Path] = []
    details: list[str] = []
    for batch in batches([Path(d).resolve() for d in documents]):
        missing, detail = _convert_batch(program, batch)
        failed.extend(missing)
        if missing:
            details.append(detail)
    if failed:
        raise ConversionError(failed, "; ".join(details))
    return [pdf_path(Path(d).resolve()) for d in documents]


def _convert_batch(program: str, batch: list[Path]) -> tuple[list[Path], str]:
    """One ``soffice --convert-to pdf`` call for ``batch``; returns (documents without PDF, why).

    LibreOffice writes into a temporary directory inside the common parent of
    the outputs (same filesystem, so ``os.replace`` is an atomic rename), with
    a throwaway profile of its own under the system's temporary directory.
    """
    common = Path(os.path.commonpath([d.parent for d in batch]))
    try:
        staging = Path(tempfile.mkdtemp(prefix=".kehoach-pdf-", dir=common))
    except OSError as error:
        raise SystemFault(WRITE_INTO, common, error) from error
    profile = Path(tempfile.mkdtemp(prefix=f"kehoach-lo-{os.getpid()}-"))
    detail = ""
    try:
        try:
            result = subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--nolockcheck",
                    "--convert-to",
                    "pdf:writer_pdf_Export",
                    "--outdir",
                    str(staging),
                    *map(str, batch),
                ],
                capture_output=True,
                text=True,
                errors="replace",
                timeout=BASE_TIMEOUT_SECONDS + PER_DOCUMENT_SECONDS * len(batch),
                stdin=subprocess.DEVNULL,
            )
            lines = (result.stderr + result.stdout).strip().splitlines()
            detail = lines[-1] if lines else f"mã thoát {result.returncode}"
        except subprocess.TimeoutExpired:
            detail = "LibreOffice không trả lời, đã dừng"
        missing: list[Path] = []
        for document in batch:
            produced = staging / pdf_path(document).name
            if _is_pdf(produced):
                _place(produced, pdf_path(document))
            else:
                missing.append(document)
        return missing, detail
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)


def _place(produced: Path, pdf: Path) -> None:
    try:
        os.replace(produced, pdf)
    except OSError as error:  # a folder named like the PDF, a read-only target…
        raise SystemFault(WRITE, pdf, error) from error


def _is_pdf(path: Path) -> bool:
    """The file exists and starts like a PDF (LibreOffice can leave an empty file behind)."""
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False
