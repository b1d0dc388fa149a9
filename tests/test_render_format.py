"""The rendered seed 002 obeys FORMAT.md: page, fonts, sizes, emphasis, numbering, blocks.

The .docx is produced by the real pipeline from plans/ and opened with
python-docx; formatting is resolved through the style chain (docx_facts) so
the assertions are about what a reader sees, not about how it is stored.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm
from docx_facts import all_paragraphs, paragraph_value, run_facts
from lxml import etree

TNR = "Times New Roman"


def _find(document, text: str):
    for paragraph in all_paragraphs(document):
        if paragraph.text.replace("\u00a0", " ").strip() == text:
            return paragraph
    raise AssertionError(f"no paragraph «{text}»")


def _facts(document, text: str):
    facts = list(run_facts(document, _find(document, text)))
    assert facts, f"«{text}» has no runs"
    return facts


def test_page_is_a4_portrait_with_decree_margins(long_my_document) -> None:
    for section in long_my_document.sections:
        assert section.orientation == WD_ORIENT.PORTRAIT
        assert abs(section.page_width - Mm(210)) < Mm(0.5)
        assert abs(section.page_height - Mm(297)) < Mm(0.5)
        assert abs(section.top_margin - Mm(20)) < Mm(0.5)
        assert abs(section.bottom_margin - Mm(20)) < Mm(0.5)
        assert abs(section.left_margin - Mm(30)) < Mm(0.5)
        assert abs(section.right_margin - Mm(15)) < Mm(0.5)


def test_every_run_is_times_new_roman(long_my_document) -> None:
    count = 0
    for paragraph in all_paragraphs(long_my_document):
        for fact in run_facts(long_my_document, paragraph):
            assert fact.font == TNR, f"{fact.text!r} in {fact.font}"
            count += 1
    assert count > 120  # every paragraph of the document was inspected


def test_header_block(long_my_document) -> None:
    doc = long_my_document
    for line in ("ỦY BAN NHÂN DÂN", "PHƯỜNG LONG MỸ"):
        assert all(f.bold and f.size_pt == 13 for f in _facts(doc, line))
    quoc_hieu = _facts(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert all(f.bold and f.size_pt == 13 for f in quoc_hieu)
    tieu_ngu = _facts(doc, "Độc lập - Tự do - Hạnh phúc")
    assert all(f.bold and f.size_pt == 14 for f in tieu_ngu)
    number = next(p for p in all_paragraphs(doc) if p.text.startswith("Số:"))
    assert number.text.replace(" ", "") == "Số:/KH-UBND"  # number unknown: left blank
    assert all(f.size_pt == 13 and not f.bold for f in run_facts(doc, number))
    date = next(p for p in all_paragraphs(doc) if p.text.startswith("Long Mỹ, ngày"))
    assert date.text.endswith("năm 2026")
    assert all(f.italic and f.size_pt == 14 for f in run_facts(doc, date))


def test_title_block(long_my_document) -> None:
    doc = long_my_document
    for text in ("KẾ HOẠCH", "Phát triển Chính quyền số phường Long Mỹ giai đoạn 2026 - 2030"):
        paragraph = _find(doc, text)
        assert paragraph_value(paragraph, lambda f: f.alignment) == WD_ALIGN_PARAGRAPH.CENTER
        assert all(f.bold and f.size_pt == 14 for f in run_facts(doc, paragraph))


def test_headings_numbered_and_bold(long_my_document) -> None:
    doc = long_my_document
    for text in (
        "I. MỤC TIÊU ĐẾN NĂM 2030",
        "II. NHIỆM VỤ, GIẢI PHÁP",
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Mục tiêu chung",
        "2.1. Giai đoạn 2026 - 2027",
        "2.2. Giai đoạn 2028 - 2030",
        "9. Đo lường, giám sát, đánh giá triển khai",
        "1. Phòng Văn hóa – Xã hội",
    ):
        assert all(f.bold and f.size_pt == 14 for f in _facts(doc, text)), text


def test_body_paragraphs_justified_indented_spaced(long_my_document) -> None:
    doc = long_my_document
    paragraph = next(p for p in all_paragraphs(doc) if p.text.startswith("Xây dựng Chính quyền số"))
    assert paragraph_value(paragraph, lambda f: f.alignment) == WD_ALIGN_PARAGRAPH.JUSTIFY
    indent = paragraph_value(paragraph, lambda f: f.first_line_indent)
    assert Cm(1) <= indent <= Cm(1.27) + 100
    before = paragraph_value(paragraph, lambda f: f.space_before) or 0
    after = paragraph_value(paragraph, lambda f: f.space_after) or 0
    assert max(before, after) >= 6 * 12700
    assert all(f.size_pt == 14 and not f.bold for f in run_facts(doc, paragraph))


def test_points_items_and_inline_bold(long_my_document) -> None:
    texts = [p.text for p in all_paragraphs(long_my_document)]
    assert "a) Cung cấp dịch vụ số bao trùm, thông minh:" in texts
    assert any(t.startswith("- 100% dịch vụ công trực tuyến toàn trình") for t in texts)
    assert any(t.startswith("đ) ") for t in texts) is False  # no group has five points
    bold = next(
        p
        for p in all_paragraphs(long_my_document)
        if "dùng chung**" not in p.text and "đúng, đủ, sạch, sống" in p.text
    )
    spans = {f.text: f.bold for f in run_facts(long_my_document, bold)}
    assert spans["đúng, đủ, sạch, sống, thống nhất, dùng chung"] is True
    assert "**" not in "".join(texts)


def test_body_ends_with_slash_dot_before_recipients(long_my_document) -> None:
    texts = [p.text for p in all_paragraphs(long_my_document)]
    closing = texts.index("Nơi nhận:") - 1
    assert texts[closing].endswith("quyết định./.")


def test_recipients_and_signature(long_my_document) -> None:
    doc = long_my_document
    title = _facts(doc, "Nơi nhận:")
    assert all(f.bold and f.italic and f.size_pt == 12 for f in title)
    items = [
        p for p in all_paragraphs(doc) if p.text.startswith("- ") and p.style.name == "KH Recipient"
    ]
    assert items[0].text == "- Ủy ban nhân dân thành phố (để báo cáo);"
    assert items[-1].text == "- Lưu: VT, VHXX."
    assert all(f.size_pt == 11 and not f.bold for p in items for f in run_facts(doc, p))
    for line in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Chì"):
        assert all(f.bold and f.size_pt == 14 for f in _facts(doc, line)), line
    # Nơi nhận and the signature sit side by side in one table row.
    table = long_my_document.tables[-1]
    left, right = table.rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    assert right.paragraphs[0].text == "TM. ỦY BAN NHÂN DÂN"


def test_page_numbers_from_page_two(long_my_document) -> None:
    section = long_my_document.sections[0]
    assert section.different_first_page_header_footer
    first = "".join(p.text for p in section.first_page_header.paragraphs)
    assert first.strip() == ""
    instructions = section.header._element.xpath(".//w:instrText")
    assert any(i.text.strip() == "PAGE" for i in instructions)
    header_par = section.header.paragraphs[0]
    assert paragraph_value(header_par, lambda f: f.alignment) == WD_ALIGN_PARAGRAPH.CENTER


def test_core_properties_come_from_the_plan(long_my_document) -> None:
    props = long_my_document.core_properties
    assert props.title == "Phát triển Chính quyền số phường Long Mỹ giai đoạn 2026 - 2030"
    assert props.author == "Ủy ban nhân dân phường Long Mỹ"
    assert props.created.year == 2026


THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
"""The attributes by which a w:rFonts defers to the theme's fonts (Calibri, Cambria in Word)."""


def test_no_theme_fonts_anywhere(long_my_docx: Path) -> None:
    """No font is taken from the theme, in any script slot of any part, and the document's
    defaults name Times New Roman in all four slots (Latin, complex, East Asian, high ANSI)."""
    with zipfile.ZipFile(long_my_docx) as package:
        parts = {
            name: etree.fromstring(package.read(name))
            for name in package.namelist()
            if name.startswith("word/") and name.endswith(".xml") and "/theme/" not in name
        }
    fonts = [
        (name, element) for name, root in parts.items() for element in root.iter(qn("w:rFonts"))
    ]
    assert len(fonts) > 10  # the styles name their fonts: the check below has something to see
    themed = [(name, a) for name, e in fonts for a in THEME_FONTS if e.get(qn(a)) is not None]
    assert themed == []
    defaults = parts["word/styles.xml"].find(f"{qn('w:docDefaults')}//{qn('w:rFonts')}")
    assert defaults is not None
    slots = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
    assert {slot: defaults.get(qn(slot)) for slot in slots} == dict.fromkeys(slots, TNR)
