"""``kehoach import`` on what is not a readable Word plan: a message, an exit code, no file.

A file that is not Word, an encrypted or corrupt .docx, a zip bomb, a
document without the Decree 30 header table, an empty document: each ends
in one Vietnamese line and exit code 2 within bounded time, and neither the
plan nor its report is written, not even in part. An existing plan is not
replaced without --force, and the output never lands on the input.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import make_repository
from import_helpers import CORPUS, run_import

OUT = "plans/nhap.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_repository(tmp_path / "kho")


def _refused(root: Path, source: Path, *words: str) -> str:
    started = time.monotonic()
    result = run_import(root, source, OUT)
    assert time.monotonic() - started < 60
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stderr.startswith("lỗi: "), result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert not (root / OUT).exists()
    assert not (root / "plans" / "nhap.import.txt").exists()
    assert [p.name for p in (root / "plans").iterdir()] == []  # no temporary file left
    return result.stderr


def test_a_text_file_is_not_word(root: Path, tmp_path: Path) -> None:
    source = tmp_path / "ke-hoach.docx"
    source.write_text("Kế hoạch viết bằng Notepad\n", encoding="utf-8")
    _refused(root, source, "không phải văn bản Word")


def test_an_empty_file(root: Path, tmp_path: Path) -> None:
    source = tmp_path / "rong.docx"
    source.write_bytes(b"")
    _refused(root, source, "tệp rỗng")


def test_a_missing_file(root: Path, tmp_path: Path) -> None:
    _refused(root, tmp_path / "khong-co.docx", "không tìm thấy")


def test_an_encrypted_docx(root: Path, tmp_path: Path) -> None:
    # Word saves a password-protected .docx as an OLE2 compound file holding an
    # «EncryptedPackage» stream (MS-OFFCRYPTO); its directory names it in UTF-16.
    source = tmp_path / "mat-khau.docx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "EncryptedPackage".encode("utf-16-le") + bytes(96)
    source.write_bytes(header + directory + bytes(4096))
    _refused(root, source, "mật khẩu")


def test_a_corrupt_docx(root: Path, tmp_path: Path) -> None:
    good = (CORPUS / "lamdong_kh-kiemtra-cchc-2026.docx").read_bytes()
    source = tmp_path / "hong.docx"
    source.write_bytes(good[: len(good) // 2])  # cut in the middle: no central directory
    _refused(root, source, "hỏng")


def test_a_docx_whose_document_part_is_garbage(root: Path, tmp_path: Path) -> None:
    source = tmp_path / "rac.docx"
    with zipfile.ZipFile(CORPUS / "lamdong_kh-kiemtra-cchc-2026.docx") as original, \
            zipfile.ZipFile(source, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                data = b"<w:document><w:body><w:p>" + b"\x00\xff" * 100
            copy.writestr(item, data)
    _refused(root, source, "pandoc")


def test_a_zip_bomb_is_refused_before_unpacking(root: Path, tmp_path: Path) -> None:
    source = tmp_path / "bom.docx"
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("word/document.xml", "<w:document/>")
        with bomb.open("word/media/zeros.bin", "w", force_zip64=True) as entry:
            for _ in range(300):  # 300 MiB of zeros: a few hundred kilobytes packed
                entry.write(chunk)
    assert source.stat().st_size < 2 << 20
    message = _refused(root, source, "bom zip")
    assert "giải nén" in message


def test_a_document_without_header_table(root: Path, tmp_path: Path) -> None:
    source = tmp_path / "khong-tieu-de.docx"
    document = docx.Document()
    document.add_paragraph("Ghi chép cuộc họp")
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("Nội dung của kế hoạch.")
    document.save(str(source))
    _refused(root, source, "không thấy bảng tiêu đề")


def test_a_plan_without_header_table_becomes_a_headerless_plan(root: Path, tmp_path: Path) -> None:
    """A plan sent with a letter opens with its type line: a plan (header: none) and a report
    naming what the import could not know (issuer, place)."""
    source = tmp_path / "gui-kem.docx"
    document = docx.Document()
    document.add_paragraph().add_run("KẾ HOẠCH").bold = True
    document.add_paragraph().add_run("Chuyển đổi số năm 2026").bold = True
    document.add_paragraph().add_run("I. MỤC ĐÍCH, YÊU CẦU").bold = True
    document.add_paragraph("Nội dung của kế hoạch./.")
    document.save(str(source))
    result = run_import(root, source, OUT)
    assert result.returncode == 0, result.stderr
    text = (root / OUT).read_text(encoding="utf-8")
    assert "header: none" in text and "# đoán:" in text
    report = (root / "plans" / "nhap.import.txt").read_text(encoding="utf-8")
    assert "không có bảng tiêu đề" in report and "địa danh" in report


def test_an_empty_document(root: Path, tmp_path: Path) -> None:
    source = tmp_path / "trang-trang.docx"
    docx.Document().save(str(source))
    _refused(root, source, "văn bản rỗng")


def test_an_existing_plan_is_kept_without_force(root: Path) -> None:
    (root / OUT).write_text("# kế hoạch đang soạn\n", encoding="utf-8")
    result = run_import(root, CORPUS / "lamdong_kh-kiemtra-cchc-2026.docx", OUT)
    assert result.returncode == 2 and "--force" in result.stderr
    assert (root / OUT).read_text(encoding="utf-8") == "# kế hoạch đang soạn\n"


def test_the_output_never_replaces_the_input(root: Path) -> None:
    source = root / "plans" / "goc.docx"
    source.write_bytes((CORPUS / "lamdong_kh-kiemtra-cchc-2026.docx").read_bytes())
    before = source.read_bytes()
    result = run_import(root, source, "plans/goc.docx", "--force")
    assert result.returncode == 2, result.stderr
    assert source.read_bytes() == before


def test_no_output_into_the_templates(root: Path) -> None:
    result = run_import(root, CORPUS / "lamdong_kh-kiemtra-cchc-2026.docx", "templates/x.yaml")
    assert result.returncode == 2 and "templates" in result.stderr
    assert not (root / "templates" / "x.yaml").exists()
