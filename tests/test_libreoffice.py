"""A real client opens the document: LibreOffice renders seed 002 to PDF, we read the pages."""

from __future__ import annotations

import re
from pathlib import Path

from libreoffice import LibreOffice


def test_first_page_text(libreoffice: LibreOffice, long_my_pdf: Path) -> None:
    page = libreoffice.pdf_text(long_my_pdf, 1)
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG LONG MỸ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "/KH-UBND",
        "KẾ HOẠCH",
        "Phát triển Chính quyền số phường Long Mỹ giai đoạn 2026 - 2030",
        "I. MỤC TIÊU ĐẾN NĂM 2030",
    ):
        assert expected in page, expected
    # Quốc hiệu and the issuer share the first line: the header is two columns.
    first = next(line for line in page.splitlines() if line.strip())
    assert "ỦY BAN NHÂN DÂN" in first and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    # No page number on page 1: no line holding only a number.
    assert not any(re.fullmatch(r"\s*\d+\s*", line) for line in page.splitlines()[:3])


def test_page_count_and_numbers(libreoffice: LibreOffice, long_my_pdf: Path) -> None:
    pages = libreoffice.pdf_pages(long_my_pdf)
    assert 4 <= pages <= 6, pages
    for number in range(2, pages + 1):
        text = libreoffice.pdf_text(long_my_pdf, number)
        top = [line.strip() for line in text.splitlines() if line.strip()]
        assert top[0] == str(number), f"page {number} starts with {top[0]!r}"


def test_last_page_has_recipients_beside_signature(
    libreoffice: LibreOffice, long_my_pdf: Path
) -> None:
    last = libreoffice.pdf_text(long_my_pdf, libreoffice.pdf_pages(long_my_pdf))
    line = next(line for line in last.splitlines() if "Nơi nhận:" in line)
    assert "TM. ỦY BAN NHÂN DÂN" in line
    assert "Nguyễn Văn Chì" in last
