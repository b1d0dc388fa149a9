"""The input file: what it is, whether it is safe to read, and a .docx to read.

Word files are zip archives (.docx, .odt) or OLE2 compound files (.doc, and
also a .docx protected by a password: Word then wraps the encrypted package
in OLE2). The kind is told from the first bytes, never from the name. A
zip's entries are weighed before anything is decompressed: an archive that
would unpack to more than :data:`MAX_UNPACKED` bytes, or one entry that
grows more than :data:`MAX_RATIO` times, is refused as a zip bomb (reading
stops at the declared size, so a size that lies ends in a CRC error, not in
a full disk). .doc, .odt and .rtf are converted by LibreOffice headless in a
temporary folder with its own profile and a time limit.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kehoach.importer.errors import ImportRefused

MAX_INPUT = 64 * 1024 * 1024
"""Bytes of the input file: the 30-page plan is 0.1 MB; a plan with photographs a few MB."""
MAX_UNPACKED = 256 * 1024 * 1024
"""Bytes of all entries of the archive once unpacked."""
MAX_RATIO = 200
"""How many times an entry of more than a megabyte may grow when unpacked (XML packs 5–20x)."""
CONVERT_TIME_LIMIT = 120.0

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
ODF_TEXT = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class Prepared:
    """The .docx to read and how it was obtained (for the report)."""

    docx: Path
    converted_from: str | None = None
    """«.doc», «.odt», «.rtf» when LibreOffice converted the input first."""


@contextmanager
def prepared(path: Path) -> Iterator[Prepared]:
    """The input as a .docx ready to read; a converted copy lives in a temporary folder.

    Raises ImportRefused for anything that is not a readable Word document.
    """
    head = _head(path)
    if head.startswith(ZIP_MAGIC):
        kind = _zip_kind(path)
        if kind == "docx":
            yield Prepared(path)
            return
        with _converted(path, ".odt") as docx:
            yield Prepared(docx, ".odt")
        return
    if head.startswith(OLE2_MAGIC):
        if _encrypted(path):
            raise ImportRefused(
                f"«{path.name}» được bảo vệ bằng mật khẩu (mã hóa): hãy mở bằng Word, bỏ mật "
                "khẩu (Tệp → Thông tin → Bảo vệ tài liệu) rồi lưu lại và nhập lại"
            )
        with _converted(path, ".doc") as docx:
            yield Prepared(docx, ".doc")
        return
    if head.startswith(RTF_MAGIC):
        with _converted(path, ".rtf") as docx:
            yield Prepared(docx, ".rtf")
        return
    raise ImportRefused(
        f"«{path.name}» không phải văn bản Word (.docx, .doc) hay .odt: hãy mở bằng Word hoặc "
        "LibreOffice và lưu thành .docx"
    )


def _head(path: Path) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ImportRefused(f"không tìm thấy tệp «{path}»") from None
    if stat.S_ISDIR(info.st_mode):
        raise ImportRefused(f"«{path}» là thư mục, không phải tệp văn bản Word")
    if not stat.S_ISREG(info.st_mode):
        raise ImportRefused(
            f"«{path}» không phải tệp thường (ống dẫn, thiết bị…): kehoach không đọc loại tệp này"
        )
    if info.st_size == 0:
        raise ImportRefused(f"«{path.name}» là tệp rỗng (0 byte), không phải văn bản Word")
    if info.st_size > MAX_INPUT:
        raise ImportRefused(
            f"«{path.name}» quá lớn ({info.st_size:,} byte; tối đa {MAX_INPUT:,} byte) để là "
            "một kế hoạch".replace(",", ".")
        )
    with path.open("rb") as handle:
        return handle.read(8)


def _zip_kind(path: Path) -> str:
    """«docx» or «odt», after weighing every entry; ImportRefused otherwise."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            total = 0
            for entry in entries:
                if entry.flag_bits & 0x1:
                    raise ImportRefused(
                        f"«{path.name}» có phần được mã hóa (đặt mật khẩu): hãy bỏ mật khẩu rồi "
                        "lưu lại"
                    )
                total += entry.file_size
                grows = entry.file_size / max(entry.compress_size, 1)
                if total > MAX_UNPACKED or (entry.file_size > 1 << 20 and grows > MAX_RATIO):
                    raise ImportRefused(
                        f"«{path.name}» giải nén ra quá lớn (một «bom zip»: "
                        f"{total:,} byte khi giải nén, tối đa {MAX_UNPACKED:,}); kehoach không "
                        "đọc tệp này".replace(",", ".")
                    )
            names = {entry.filename for entry in entries}
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").strip() == ODF_TEXT:
                return "odt"
    except zipfile.BadZipFile:
        raise ImportRefused(
            f"«{path.name}» bị hỏng (không mở được như tệp nén .docx): hãy mở bằng Word, "
            "sửa (Open and Repair) rồi lưu lại"
        ) from None
    raise ImportRefused(
        f"«{path.name}» là tệp nén nhưng không phải văn bản Word (.docx) hay .odt: thiếu "
        "word/document.xml"
    )


def _encrypted(path: Path) -> bool:
    """An OLE2 file holding an «EncryptedPackage» stream: a .docx protected by a password."""
    with path.open("rb") as handle:
        return ENCRYPTED_STREAM in handle.read(MAX_INPUT)


@contextmanager
def _converted(path: Path, kind: str) -> Iterator[Path]:
    """``path`` converted to .docx by LibreOffice, in a temporary folder removed afterwards."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ImportRefused(
            f"cần LibreOffice để đọc tệp {kind}: hãy cài (sudo apt-get install "
            "libreoffice-writer-nogui) hoặc lưu tệp thành .docx bằng Word"
        )
    with tempfile.TemporaryDirectory(prefix="kehoach-import-") as folder:
        work = Path(folder)
        source = work / f"nguon{kind}"
        shutil.copyfile(path, source)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "HOME": str(work)},
            start_new_session=True,
        )
        try:
            process.wait(timeout=CONVERT_TIME_LIMIT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # soffice.bin too: its own session
            process.wait()
            raise ImportRefused(
                f"LibreOffice chuyển «{path.name}» sang .docx quá {CONVERT_TIME_LIMIT:g} giây "
                "(tệp hỏng, có mật khẩu hoặc quá lớn)"
            ) from None
        docx = work / "out" / "nguon.docx"
        if not docx.is_file():
            raise ImportRefused(
                f"LibreOffice không chuyển được «{path.name}» sang .docx (tệp hỏng hoặc có mật "
                "khẩu): hãy mở bằng Word và lưu thành .docx"
            )
        _zip_kind(docx)
        yield docx
