"""The header of a Decree 30 document: bodies, Số/ký hiệu, place and date, type and title.

The header is a two-column table: on the left the parent body (regular) and
the issuing body (bold), then «Số: …/KH-UBND»; on the right the Quốc hiệu,
the Tiêu ngữ, then «Lâm Đồng, ngày … tháng … năm …». A draft leaves the
number, the day (and often the month) blank: pandoc folds the blank to one
space, which is all the patterns below need.
"""

from __future__ import annotations

import re
from typing import Any

from kehoach.importer.blocks import Grid, Para, fold
from kehoach.importer.report import Report

NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?P<number>[0-9]*)\s*/\s*(?P<symbol>[^\s]+)\s*$", re.I)
PLACE_DATE = re.compile(
    r"^(?P<place>[^,]+?)\s*,\s*ngày\s*(?P<day>\d{1,2})?\s*tháng\s*(?P<month>\d{1,2})?\s*"
    r"năm\s*(?P<year>\d{4})",
    re.I,
)
NATIONAL = ("CỘNG HÒA", "CỘNG HOÀ", "ĐỘC LẬP", "Độc lập")
KINDS = {
    "KẾ HOẠCH": "ke-hoach",
    "KẾ HOẠCH HÀNH ĐỘNG": "ke-hoach-hanh-dong",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG": "chuong-trinh-hanh-dong",
    "KHUNG KẾ HOẠCH": "khung-ke-hoach",
}
ADMIN_UNITS = ("tỉnh", "thành phố", "phường", "xã", "huyện", "quận", "thị xã", "đặc khu")


def is_header_table(grid: Grid) -> bool:
    text = " ".join(p.plain for p in grid.paras()).upper()
    return ("CỘNG HÒA" in text or "CỘNG HOÀ" in text) and grid.columns >= 2


def is_rule(plain: str) -> bool:
    """A typed rule under a name («______», «-----»): a line, not text."""
    return bool(plain) and not any(c.isalnum() for c in plain)


def read_header(grid: Grid, report: Report) -> dict[str, Any]:
    """The ``document`` keys the header table states (issuer, number, place, date…)."""
    left: list[Para] = []
    right: list[Para] = []
    for row in grid.rows:
        for index, cell in enumerate(row):
            if cell.covered:
                continue
            (left if index == 0 else right).extend(p for p in cell.paras if p.plain)
    document: dict[str, Any] = {"kind": "ke-hoach", "status": "issued"}
    body_lines: list[Para] = []
    symbol = None
    for para in left:
        match = NUMBER_LINE.match(para.plain)
        if para.plain.upper().replace(" ", "") in ("DỰTHẢO", "DỰTHẢO:"):
            document["status"] = "draft"
            report.recognised.append("dòng «DỰ THẢO» ở tiêu đề: dự thảo")
        elif match:
            symbol = match.group("symbol")
            if match.group("number"):
                document["number"] = int(match.group("number"))
                document["_number_text"] = match.group("number")
            else:
                document["status"] = "draft"
        elif not is_rule(para.plain):
            body_lines.append(para)
    place = date = None
    for para in right:
        match = PLACE_DATE.match(para.plain)
        if match:
            place = match.group("place").strip()
            date = {
                key: int(match.group(key))
                for key in ("day", "month", "year")
                if match.group(key)
            }
    if place is None or date is None:
        report.guess(("document", "date"), "không thấy dòng địa danh, ngày tháng ở tiêu đề")
        place = place or "Không rõ"
        date = {"year": 2026}
    parent_lines = [p for p in body_lines if not p.bold]
    issuer_lines = [p for p in body_lines if p.bold] or parent_lines
    if issuer_lines is parent_lines:
        parent_lines = []
    issuer_header = [p.plain for p in issuer_lines]
    abbr = symbol.split("-", 1)[1] if symbol and "-" in symbol else None
    if symbol is None and issuer_header and issuer_header[0].startswith("ỦY BAN NHÂN DÂN"):
        abbr = "UBND"
        report.guess(("document", "issuer", "abbr"), "không có dòng «Số:»; ký hiệu KH-UBND")
    if parent_lines:
        document["parent_body"] = {
            "name": proper(" ".join(p.plain for p in parent_lines), place),
            "header_lines": [p.plain for p in parent_lines],
        }
        report.guess(("document", "parent_body", "name"), "tên đầy đủ viết lại từ chữ hoa")
    document["issuer"] = {
        "name": proper(" ".join(issuer_header), place),
        **({"abbr": abbr} if abbr else {}),
        "header_lines": issuer_header,
    }
    report.guess(("document", "issuer", "name"), "tên đầy đủ viết lại từ chữ hoa ở tiêu đề")
    if (symbol and abbr is None) or (symbol and not symbol.startswith("KH-")):
        document["symbol"] = symbol
    document["place"] = place
    if document["status"] == "draft" and "day" in date and "month" not in date:
        date.pop("day")
    document["date"] = date
    report.recognised.append(
        "tiêu đề: cơ quan ban hành «{}», ký hiệu «{}», {}, {}".format(
            fold(" ".join(issuer_header)),
            symbol or "không có",
            "dự thảo (để trống số)" if document["status"] == "draft" else "đã có số",
            f"{place}, " + "/".join(str(date.get(k, "…")) for k in ("day", "month", "year")),
        )
    )
    return document


def proper(upper: str, place: str | None) -> str:
    """A name written in capitals («ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG») as a name is written:
    first letter capital, the place name as the place line writes it, the word after an
    administrative unit capitalised («tỉnh Lâm Đồng»)."""
    text = fold(upper).lower()
    if place and place.lower() in text:
        start = text.rindex(place.lower())
        text = text[:start] + place + text[start + len(place) :]
    else:
        for unit in ADMIN_UNITS:
            marker = f" {unit} "
            if marker in text:
                head, _, tail = text.partition(marker)
                text = head + marker + " ".join(w[:1].upper() + w[1:] for w in tail.split())
                break
    return text[:1].upper() + text[1:]


def kind_of(plain: str) -> str | None:
    """The plan kind a type line («KẾ HOẠCH») names, or None when it is no type line."""
    return KINDS.get(fold(plain).upper()) if plain.isupper() or plain in KINDS else None
