"""The parts of ``kehoach import`` one by one: labels, markup, names, Word numbering, records.

Word documents are made here with python-docx (Word's own list numbering
through the «List Number» style: the number is not in the text), read
through the real pandoc, and the plan the import makes is checked by what
it holds and by building it.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from conftest import make_repository
from import_helpers import run_import
from ruamel.yaml import YAML

from kehoach.importer.blocks import Run, markup
from kehoach.importer.header import proper
from kehoach.importer.labels import typed_label
from kehoach.importer.records import field_of, slug
from kehoach.importer.wording import similarity
from kehoach.layout.inline import parse_inline


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I. MỤC ĐÍCH", "roman"),
        ("IV. TỔ CHỨC", "roman"),
        ("1. Mục đích", "arabic"),
        ("2.1. Giai đoạn", "dotted"),
        ("a) Việc kiểm tra", "letter"),
        ("đ) Việc cập nhật", "letter"),
        ("- 100% văn bản", "dash"),
        ("+ Ý con", "plus"),
        ("Căn cứ Nghị quyết", None),
        ("In đậm", None),
        ("100% hồ sơ", None),
    ],
)
def test_typed_labels(text: str, kind: str | None) -> None:
    found = typed_label(text)
    assert (found.kind if found else None) == kind


def test_markup_round_trips_through_the_inline_reader() -> None:
    runs = [
        Run("chủ đề: "),
        Run("“Tăng cường kỷ cương”", italic=True),
        Run("; "),
        Run("Đối thoại ", bold=True),
        Run("về CCHC", bold=True, italic=True),
        Run(" và 3 * 4 \\ "),
    ]
    written = markup(runs)
    spans = parse_inline(written)
    assert "".join(s.text for s in spans) == "chủ đề: “Tăng cường kỷ cương”; Đối thoại về CCHC " \
        "và 3 * 4 \\"
    assert [(s.text, s.bold, s.italic) for s in spans if s.bold or s.italic] == [
        ("“Tăng cường kỷ cương”", False, True),
        ("Đối thoại ", True, False),
        ("về CCHC", True, True),
    ]


def test_emphasis_on_spaces_prints_no_marker() -> None:
    assert markup([Run("Cải cách", bold=True), Run(" ", bold=True), Run("thể chế")]) == (
        "**Cải cách** thể chế"
    )
    assert markup([Run(" ", bold=True)]) == ""


def test_names_from_capitals() -> None:
    assert proper("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Lâm Đồng") == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert proper("ỦY BAN NHÂN DÂN PHƯỜNG LONG MỸ", None) == "Ủy ban nhân dân phường Long Mỹ"


def test_column_headers_name_fields() -> None:
    assert [field_of(h) for h in (
        "STT", "Nhiệm vụ", "Sản phẩm", "Thời gian hoàn thành", "Chủ trì thực hiện",
        "Phối hợp thực hiện", "Theo dõi, kiểm tra, đôn đốc", "Ghi chú", "Đơn vị tính",
    )] == ["stt", "text", "result", "deadline", "lead", "partners", "monitor", "note", "unit"]
    assert field_of("Đơn vị được kiểm tra") is None


def test_ids_are_stable_and_unique() -> None:
    taken: set[str] = set()
    assert slug("Cải cách thể chế", taken) == "cai-cach-the-che"
    assert slug("Cải cách thể chế", taken) == "cai-cach-the-che-2"
    assert slug("Đẩy mạnh ứng dụng", taken) == "day-manh-ung-dung"


def test_wording_similarity() -> None:
    assert similarity("Tham mưu UBND tỉnh triển khai", "Tham mưu UBND tỉnh triển khai.") == 1
    assert similarity("Tham mưu UBND tỉnh", "Kinh phí thực hiện") == 0


def _header_table(document: docx.document.Document, *, number: str = "") -> None:
    table = document.add_table(rows=2, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run("ỦY BAN NHÂN DÂN").bold = True
    left.add_paragraph().add_run("XÃ THỬ").bold = True
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    table.rows[1].cells[0].paragraphs[0].add_run(f"Số: {number}/KH-UBND")
    table.rows[1].cells[1].paragraphs[0].add_run("Thử, ngày 5 tháng 3 năm 2026").italic = True
    document.add_paragraph().add_run("KẾ HOẠCH").bold = True
    document.add_paragraph().add_run("Thử nghiệm nhập văn bản năm 2026").bold = True


def _imported(tmp_path: Path, document: docx.document.Document) -> dict:
    source = tmp_path / "nguon.docx"
    document.save(str(source))
    root = make_repository(tmp_path / "kho")
    result = run_import(root, source, "plans/thu.yaml")
    assert result.returncode == 0, result.stderr
    return YAML(typ="safe").load((root / "plans" / "thu.yaml").read_text(encoding="utf-8"))


def test_word_numbered_headings_are_read_like_typed_ones(tmp_path: Path) -> None:
    """«List Number» paragraphs: Word prints 1., 2. from numbering.xml, the text has none."""
    document = docx.Document()
    _header_table(document, number="0155")
    heading = document.add_paragraph(style="List Number")
    heading.add_run("Mục đích").bold = True
    document.add_paragraph("a) Kiểm tra việc thực hiện.")
    document.add_paragraph("b) Phát hiện cách làm hay.")
    second = document.add_paragraph(style="List Number")
    second.add_run("Yêu cầu").bold = True
    document.add_paragraph("Bảo đảm khách quan./.")
    data = _imported(tmp_path, document)
    titles = [s["title"] for s in data["body"]]
    assert titles == ["Mục đích", "Yêu cầu"]
    assert [p["text"] for p in data["body"][0]["points"]] == [
        "Kiểm tra việc thực hiện.",
        "Phát hiện cách làm hay.",
    ]
    assert data["closing"] == "Bảo đảm khách quan"
    assert data["document"]["number"] == "0155"  # digits kept as written (issue 13)
    assert data["document"]["issuer"]["name"] == "Ủy ban nhân dân xã Thử"


def test_body_table_and_markup_kept(tmp_path: Path) -> None:
    document = docx.Document()
    _header_table(document)
    document.add_paragraph().add_run("I. HOẠT ĐỘNG").bold = True
    paragraph = document.add_paragraph("Chương trình ")
    paragraph.add_run("“Đối thoại”").italic = True
    paragraph.add_run(" năm 2026, dấu * giữ nguyên.")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("TT", "Nội dung", "Thời gian"), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for cell, text in zip(table.rows[1].cells, ("1", "Phát sóng", "Tháng 3"), strict=True):
        cell.text = text
    data = _imported(tmp_path, document)
    section = data["body"][0]
    assert section["text"][0] == "Chương trình *“Đối thoại”* năm 2026, dấu \\* giữ nguyên."
    rows = str(section)
    assert "Phát sóng" in rows and "Tháng 3" in rows


def _number_headings(document: docx.document.Document) -> None:
    """A multilevel list linked to «Heading 1» (I., II.) and «Heading 2» (1., 2.), the way
    Word numbers headings: the numbers live in numbering.xml and styles.xml only."""
    from docx.oxml.ns import qn
    from lxml import etree

    numbering = document.part.numbering_part.element
    abstract = etree.SubElement(numbering, qn("w:abstractNum"))
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, fmt, text in ((0, "upperRoman", "%1."), (1, "decimal", "%2.")):
        level = etree.SubElement(abstract, qn("w:lvl"))
        level.set(qn("w:ilvl"), str(ilvl))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            etree.SubElement(level, qn(tag)).set(qn("w:val"), value)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # every abstractNum before the nums (schema order)
    num = etree.SubElement(numbering, qn("w:num"))
    num.set(qn("w:numId"), "90")
    etree.SubElement(num, qn("w:abstractNumId")).set(qn("w:val"), "90")
    for name, ilvl in (("Heading 1", 0), ("Heading 2", 1)):
        properties = document.styles[name].element.get_or_add_pPr()
        numpr = etree.SubElement(properties, qn("w:numPr"))
        etree.SubElement(numpr, qn("w:ilvl")).set(qn("w:val"), str(ilvl))
        etree.SubElement(numpr, qn("w:numId")).set(qn("w:val"), "90")


def test_headings_numbered_by_their_style(tmp_path: Path) -> None:
    """pandoc drops these numbers (the heading comes without «I.»): read from numbering.xml."""
    document = docx.Document()
    _header_table(document)
    _number_headings(document)
    document.add_heading("MỤC ĐÍCH, YÊU CẦU", 1)
    document.add_heading("Mục đích", 2)
    document.add_paragraph("Kiểm tra việc thực hiện.")
    document.add_heading("Yêu cầu", 2)
    document.add_paragraph("Bảo đảm khách quan.")
    document.add_heading("TỔ CHỨC THỰC HIỆN", 1)
    document.add_paragraph("Giao các sở thực hiện./.")
    data = _imported(tmp_path, document)
    assert [s["title"] for s in data["body"]] == ["MỤC ĐÍCH, YÊU CẦU", "TỔ CHỨC THỰC HIỆN"]
    assert [s["title"] for s in data["body"][0]["sections"]] == ["Mục đích", "Yêu cầu"]
    assert data["body"][0]["sections"][1]["text"] == ["Bảo đảm khách quan."]
    assert data["closing"] == "Giao các sở thực hiện"
