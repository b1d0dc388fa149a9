"""Build ``ke-hoach.docx``, the Word template that docxtpl renders into a plan.

Usage::

    .venv/bin/python templates/make_template.py templates/ke-hoach.docx

Why a script rather than a hand-made .docx:

* The template is reviewable and reproducible: every number of the official
  format (Nghị định 30/2020/NĐ-CP, Phụ lục I; see FORMAT.md) is written here
  once, next to the reason for it, and running the script twice gives the same
  bytes (fixed core properties, fixed zip timestamps, atomic write).
* A clerk must still be able to open the template in Word and restyle it.
  Hence every piece of paragraph and character formatting lives in a NAMED
  PARAGRAPH STYLE ("KH Body", "KH Title", ...), never as direct formatting on
  a paragraph or run. Only what styles cannot express is direct: the page
  setup, table widths and the (invisible) table borders.
* Times New Roman must win everywhere. python-docx's default template uses
  theme fonts (``w:asciiTheme`` ...), which override explicit font names, so
  they are removed from the document defaults and from every style, and the
  four font slots (ascii, hAnsi, cs, eastAsia) are set explicitly.

The template prints no word of its own: every line, down to the Quốc hiệu,
the Tiêu ngữ and "Nơi nhận:", comes from the document model through a tag,
and so does every decision on pagination (what keeps together, where
sections and page numbers start). The template keeps the page setup, the
styles, the layout tables and the rules.

Style ids are the style names without spaces ("KH Body" -> "KHBody"); the
renderer refers to them by id, through its one role table
(``kehoach/writers/styles.py``), and refuses a template lacking one.
Besides the text styles there are "KH Page Number" (the header's PAGE field)
and three rules, short solid lines drawn as the top border of an empty 2 pt
paragraph whose indents set the length: "KH Rule" (under the issuer, 1/3 of
the left header cell), "KH Rule Wide" (under the Tiêu ngữ, as long as it) and
"KH Rule Title" (under the trích yếu, 1/3 of the text width). A rule's length
is absolute, so each place needs its own style.

docxtpl tags: each ``{%p ...%}`` and ``{{p ...}}`` is written in a single
run so docxtpl sees it intact. Every line of text is a ``{{p ...}}`` block
(never a ``{{ ... }}`` inside a run), so the renderer draws each line's bold
and italic runs the same way in the header, the body and the closing block.
``{%p ...%}`` paragraphs are removed by docxtpl; a ``{{p var}}`` paragraph is
replaced as a whole (its own style is lost) by the paragraphs of a
``RichTextParagraph``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.parfmt import CT_PPr
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Mm, Pt, Twips
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from kehoach.base.output import normalise_zip, write_atomically

FONT = "Times New Roman"
LANG = "vi-VN"
BODY_SIZE_PT = 14

# Page: A4 portrait, margins 20/20/30/15 mm, header 10 mm from the edge.
# Twips are exact for A4 (11906 x 16838 is what Word itself writes).
PAGE_WIDTH = Twips(11906)
PAGE_HEIGHT = Twips(16838)
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 15
HEADER_DISTANCE_MM = 10
TEXT_WIDTH_MM = 210 - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165 mm

# Tables: column widths in mm (they sum to the text width) and the cell
# padding (left and right) that the default table style "Normal Table" uses.
# The right column must hold "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (13 pt bold,
# 95.6 mm) on one line: at 40/60 % (99 mm, 95.2 mm inside the padding) it
# wraps, so the split is 38/62 %.
HEADER_COLUMNS_MM = (63.0, 102.0)
SIGNATURE_COLUMNS_MM = (74.25, 90.75)  # 45 % / 55 %
CELL_PADDING_MM = 108 / 1440 * 25.4  # 108 twips = 1.905 mm

# Rules (short solid lines) are paragraph top borders; their length is set
# by left/right indents measured from the cell's (or page's) text area.
# The line is drawn at the top of the rule paragraph, i.e. right on the
# previous line's descent; a small space before keeps it from reading as an
# underline.
RULE_BORDER_EIGHTHS = 6  # border width in 1/8 pt: 0.75 pt
RULE_GAP_PT = 2
# Under a title block (bold trích yếu, or an italic «(Kèm theo …)» line with
# descenders) 2 pt read as underlining the last line: the rule stands clear.
RULE_TITLE_GAP_PT = 5
# Nơi nhận items «- …» hang: a wrapped line starts under the text, not under
# the dash. «- » in 11 pt Times New Roman is 6.4 pt wide.
RECIPIENT_HANG_PT = 6.4
# "Độc lập - Tự do - Hạnh phúc" in 14 pt bold: 171.2 pt as laid out by
# LibreOffice in Liberation Serif, metric-compatible with Times New Roman.
TIEU_NGU_WIDTH_MM = 60.4


def _centred_indent(container_mm: float, line_mm: float) -> float:
    """Left (= right) indent that centres a line of ``line_mm`` in ``container_mm``."""
    return round((container_mm - line_mm) / 2, 1)


_LEFT_CELL_TEXT_MM = HEADER_COLUMNS_MM[0] - 2 * CELL_PADDING_MM
_RIGHT_CELL_TEXT_MM = HEADER_COLUMNS_MM[1] - 2 * CELL_PADDING_MM
RULE_INDENT_MM = _centred_indent(_LEFT_CELL_TEXT_MM, HEADER_COLUMNS_MM[0] / 3)
RULE_WIDE_INDENT_MM = _centred_indent(_RIGHT_CELL_TEXT_MM, TIEU_NGU_WIDTH_MM)
RULE_TITLE_INDENT_MM = _centred_indent(TEXT_WIDTH_MM, TEXT_WIDTH_MM / 3)

FIXED_DATE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

# Styles of python-docx's default template that are kept: the four defaults
# every document needs. The sample styles (Heading 1, List Bullet, ...) go.
KEPT_BUILTIN_STYLES = frozenset({"Normal", "DefaultParagraphFont", "TableNormal", "NoList"})
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"

# Children of w:pPr in schema order (ECMA-376 CT_PPr); python-docx has no API
# for borders or contextual spacing, so those are inserted by hand.
PPR_SEQUENCE = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


@dataclass(frozen=True)
class StyleSpec:
    """A paragraph style. ``None`` means "inherit from the base style"."""

    name: str
    base: str = "Normal"
    size_pt: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    align: WD_ALIGN_PARAGRAPH | None = None
    first_line_cm: float | None = None
    indent_mm: float | None = None  # left and right indent
    hanging_pt: float | None = None  # left indent with the first line out by as much
    before_pt: float | None = None
    after_pt: float | None = None
    single_spacing: bool = False
    keep_next: bool | None = None
    rule: bool = False  # draw a top border (a short solid line)
    contextual: bool = False  # no space between paragraphs of this same style
    next_style: str | None = None

    @property
    def style_id(self) -> str:
        return self.name.replace(" ", "")


def _block(
    name: str,
    size_pt: float,
    align: WD_ALIGN_PARAGRAPH,
    *,
    before_pt: float = 0,
    bold: bool | None = None,
    italic: bool | None = None,
    keep_next: bool | None = None,
    contextual: bool = False,
) -> StyleSpec:
    """A self-contained style based on Normal: no indent, single spacing, space after 0."""
    return StyleSpec(
        name=name,
        size_pt=size_pt,
        bold=bold,
        italic=italic,
        align=align,
        first_line_cm=0,
        indent_mm=0,
        before_pt=before_pt,
        after_pt=0,
        single_spacing=True,
        keep_next=keep_next,
        contextual=contextual,
    )


def _heading(name: str) -> StyleSpec:
    return StyleSpec(name=name, base="KH Body", bold=True, keep_next=True, next_style="KH Body")


STYLES: tuple[StyleSpec, ...] = (
    StyleSpec(
        name="KH Body",
        size_pt=BODY_SIZE_PT,
        align=JUSTIFY,
        first_line_cm=1.27,
        indent_mm=0,
        before_pt=6,
        after_pt=0,
        single_spacing=True,
        next_style="KH Body",
    ),
    _heading("KH Heading 1"),
    _heading("KH Heading 2"),
    _heading("KH Heading 3"),
    StyleSpec(name="KH Point", base="KH Body", next_style="KH Point"),
    StyleSpec(name="KH Item", base="KH Body", next_style="KH Item"),
    _block("KH Parent Body", 13, CENTER, bold=False),
    _block("KH Issuer", 13, CENTER, bold=True),
    _block("KH Quoc Hieu", 13, CENTER, bold=True),
    _block("KH Tieu Ngu", 14, CENTER, bold=True),
    _block("KH Number", 13, CENTER, before_pt=6),
    _block("KH Place Date", 14, CENTER, before_pt=6, italic=True),
    _block("KH Doc Type", 14, CENTER, before_pt=18, bold=True, keep_next=True),
    _block("KH Title", 14, CENTER, bold=True, keep_next=True),
    _block("KH Recipients Title", 12, LEFT, before_pt=6, bold=True, italic=True),
    StyleSpec(
        name="KH Recipient",
        size_pt=11,
        align=LEFT,
        indent_mm=0,
        hanging_pt=RECIPIENT_HANG_PT,
        before_pt=0,
        after_pt=0,
        single_spacing=True,
    ),
    # Space before as "Nơi nhận:" so the two columns start level; contextual
    # spacing drops it between consecutive lines (TM. ... / KT. CHỦ TỊCH / ...).
    _block("KH Signature", 14, CENTER, before_pt=6, bold=True, contextual=True),
    _block("KH Signer", 14, CENTER, before_pt=72, bold=True),
    _block("KH Page Number", 14, CENTER),
    # Centred bold lines inside a body: a decision's authority and "QUYẾT ĐỊNH:".
    _block("KH Centered", 14, CENTER, before_pt=6, bold=True, keep_next=True),
    # "(Kèm theo …)" lines under a title.
    _block("KH Attached", 14, CENTER, italic=True, keep_next=True),
    # Appendices: "Phụ lục I", and the table's header, group and data cells.
    _block("KH Appendix Label", 14, CENTER, bold=True, keep_next=True),
    _block("KH Table Header", 13, CENTER, bold=True),
    _block("KH Table Cell", 13, LEFT),
    _block("KH Table Center", 13, CENTER),
    # The rules: a 2 pt empty paragraph whose top border is the line.
    StyleSpec(
        name="KH Rule",
        size_pt=2,
        align=CENTER,
        first_line_cm=0,
        indent_mm=RULE_INDENT_MM,
        before_pt=RULE_GAP_PT,
        after_pt=0,
        single_spacing=True,
        rule=True,
    ),
    StyleSpec(name="KH Rule Wide", base="KH Rule", indent_mm=RULE_WIDE_INDENT_MM),
    # Kept with the next line: a title block never ends a page apart from the text.
    StyleSpec(
        name="KH Rule Title",
        base="KH Rule",
        indent_mm=RULE_TITLE_INDENT_MM,
        before_pt=RULE_TITLE_GAP_PT,
        keep_next=True,
    ),
)


# --------------------------------------------------------------------------- fonts


def _drop_attribute(element: etree._Element, name: str) -> None:
    if name in element.attrib:
        del element.attrib[name]


def _new(tag: str) -> BaseOxmlElement:
    """``OxmlElement`` typed as what it returns: python-docx's element class for ``tag``."""
    return cast(BaseOxmlElement, OxmlElement(tag))


def _set_fonts(rPr: CT_RPr) -> None:
    """Drop theme fonts from ``rPr`` and name Times New Roman in all four slots."""
    rFonts = rPr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        _drop_attribute(rFonts, qn(f"w:{attr}"))
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        rFonts.set(qn(f"w:{attr}"), FONT)


def _drop_theme_colour(rPr: CT_RPr) -> None:
    color = rPr.find(qn("w:color"))
    if color is not None:
        for attr in ("themeColor", "themeShade", "themeTint"):
            _drop_attribute(color, qn(f"w:{attr}"))
        color.set(qn("w:val"), "000000")


def setup_doc_defaults(doc: DocumentObject) -> None:
    """Times New Roman 14 pt, black, Vietnamese; Normal paragraphs single-spaced, no gaps."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rPr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _set_fonts(rPr)
    color = rPr.get_or_add_color()
    color.set(qn("w:val"), "000000")
    rPr.get_or_add_sz().val = Pt(BODY_SIZE_PT)
    # w:szCs and w:lang are present in python-docx's default template.
    rPr.find(qn("w:szCs")).set(qn("w:val"), str(BODY_SIZE_PT * 2))
    lang = rPr.find(qn("w:lang"))
    lang.set(qn("w:val"), LANG)
    lang.set(qn("w:eastAsia"), LANG)
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    # Widow and orphan control for every paragraph: Word's own default, not
    # LibreOffice's, so both must be told (a heading kept with the next
    # paragraph still ended a page above a single line of it).
    _insert_in_pPr(spacing.getparent(), _new("w:widowControl"))
    for attr, value in (("before", "0"), ("after", "0"), ("line", "240"), ("lineRule", "auto")):
        spacing.set(qn(f"w:{attr}"), value)


def force_times_new_roman(doc: DocumentObject) -> None:
    """Every paragraph, character and table style names Times New Roman, in black."""
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) == "numbering":
            continue
        rPr = style.get_or_add_rPr()
        _set_fonts(rPr)
        _drop_theme_colour(rPr)


def remove_sample_styles(doc: DocumentObject) -> None:
    """Remove the default template's sample styles and what still points at them."""
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEPT_BUILTIN_STYLES:
            styles.remove(style)
    numbering = doc.part.numbering_part.element
    for pstyle in numbering.findall(f".//{qn('w:lvl')}/{qn('w:pStyle')}"):
        pstyle.getparent().remove(pstyle)
    for rId, rel in sorted(doc.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:  # a Word 2010 copy using theme fonts
            doc.part.drop_rel(rId)
    package_rels = doc.part.package.rels
    for rId, rel in sorted(package_rels.items()):
        if rel.reltype == THUMBNAIL:  # a picture of some other document
            del package_rels[rId]


# --------------------------------------------------------------------------- styles


def _insert_in_pPr(pPr: CT_PPr, child: BaseOxmlElement) -> None:
    """Insert ``child`` into ``pPr`` at its position in the schema's sequence."""
    tag = next(name for name in PPR_SEQUENCE if qn(name) == child.tag)
    pPr.insert_element_before(child, *PPR_SEQUENCE[PPR_SEQUENCE.index(tag) + 1 :])


def _top_border(pPr: CT_PPr) -> None:
    """Add ``w:pBdr/w:top``: a single black line at the top of the paragraph."""
    pBdr = _new("w:pBdr")
    top = _new("w:top")
    for attr, value in (
        ("val", "single"),
        ("sz", str(RULE_BORDER_EIGHTHS)),
        ("space", "0"),
        ("color", "000000"),
    ):
        top.set(qn(f"w:{attr}"), value)
    pBdr.append(top)
    _insert_in_pPr(pPr, pBdr)


def add_style(doc: DocumentObject, spec: StyleSpec) -> ParagraphStyle:
    """Create the paragraph style ``spec`` and return it."""
    style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    if style.style_id != spec.style_id:
        raise RuntimeError(f"style {spec.name!r} got id {style.style_id!r}")
    style.base_style = doc.styles[spec.base]
    style.quick_style = True
    font = style.font
    font.name = FONT
    if spec.size_pt is not None:
        font.size = Pt(spec.size_pt)
    if spec.bold is not None:
        font.bold = spec.bold
        font.cs_bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
        font.cs_italic = spec.italic
    fmt = style.paragraph_format
    if spec.align is not None:
        fmt.alignment = spec.align
    if spec.first_line_cm is not None:
        fmt.first_line_indent = Mm(spec.first_line_cm * 10)
    if spec.indent_mm is not None:
        fmt.left_indent = Mm(spec.indent_mm)
        fmt.right_indent = Mm(spec.indent_mm)
    if spec.hanging_pt is not None:
        fmt.left_indent = Pt(spec.hanging_pt)
        fmt.first_line_indent = Pt(-spec.hanging_pt)
    if spec.before_pt is not None:
        fmt.space_before = Pt(spec.before_pt)
    if spec.after_pt is not None:
        fmt.space_after = Pt(spec.after_pt)
    if spec.single_spacing:
        fmt.line_spacing = 1.0
    if spec.keep_next is not None:
        fmt.keep_with_next = spec.keep_next
    if spec.rule:
        _top_border(style.element.get_or_add_pPr())
    if spec.contextual:
        _insert_in_pPr(style.element.get_or_add_pPr(), _new("w:contextualSpacing"))
    return style


def add_styles(doc: DocumentObject, specs: Iterable[StyleSpec]) -> None:
    """Add every style, then link each to the style that follows it on Enter."""
    for spec in specs:
        add_style(doc, spec)
    for spec in specs:
        if spec.next_style is not None:
            doc.styles[spec.name].next_paragraph_style = doc.styles[spec.next_style]


# --------------------------------------------------------------------------- page


def setup_page(section: Section) -> None:
    """A4 portrait with the decree's default margins."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = PAGE_WIDTH
    section.page_height = PAGE_HEIGHT
    section.top_margin = Mm(MARGIN_TOP_MM)
    section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
    section.left_margin = Mm(MARGIN_LEFT_MM)
    section.right_margin = Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.gutter = Mm(0)


def _field_char(kind: str) -> BaseOxmlElement:
    fld = _new("w:fldChar")
    fld.set(qn("w:fldCharType"), kind)
    return fld


def add_page_field(paragraph: Paragraph) -> None:
    """Append a PAGE field: begin, instruction, separate, placeholder, end."""
    paragraph.add_run()._r.append(_field_char("begin"))
    instr = _new("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    paragraph.add_run()._r.append(instr)
    paragraph.add_run()._r.append(_field_char("separate"))
    paragraph.add_run("2")
    paragraph.add_run()._r.append(_field_char("end"))


def setup_headers(section: Section) -> None:
    """Page number centred in the top margin, none on the first page."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    number = header.paragraphs[0]
    number.style = "KH Page Number"
    add_page_field(number)
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = "KH Page Number"


# --------------------------------------------------------------------------- tables


def _no_borders(table: Table) -> None:
    tblPr = table._tbl.tblPr
    borders = _new("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = _new(f"w:{edge}")
        border.set(qn("w:val"), "nil")
        borders.append(border)
    tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription", "w:tblPrChange",
    )  # fmt: skip


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def add_layout_table(doc: DocumentObject, rows: int, widths_mm: tuple[float, ...]) -> Table:
    """A fixed-layout table without visible borders, as wide as the text area."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    widths = [_twips(width) for width in widths_mm[:-1]]
    widths.append(_twips(sum(widths_mm)) - sum(widths))  # rounding never widens the table
    tblW = table._tbl.tblPr.find(qn("w:tblW"))
    tblW.set(qn("w:type"), "dxa")
    tblW.set(qn("w:w"), str(sum(widths)))
    _no_borders(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
        for cell in column.cells:
            cell.width = Twips(width)
    return table


def write(container: DocumentObject | _Cell, style: str, text: str | None = None) -> Paragraph:
    """Append a paragraph of ``style``; ``text`` (a whole tag or literal) in ONE run."""
    paragraph = container.add_paragraph(style=style)
    if text is not None:
        paragraph.add_run(text)
    return paragraph


def fill_cell(cell: _Cell, lines: Iterable[tuple[str, str | None]]) -> None:
    """Replace the cell's initial empty paragraph with ``(style, text)`` paragraphs."""
    initial = cell.paragraphs[0]
    for style, text in lines:
        write(cell, style, text)
    initial._p.getparent().remove(initial._p)


# --------------------------------------------------------------------------- body


def add_header_block(doc: DocumentObject) -> None:
    """Issuing body (left) and Quốc hiệu/Tiêu ngữ (right); "Số" and date below.

    The whole table is optional (a framework attached to a letter has none)
    and so is its "Số"/date row (a plan attached to a decision has none):
    the {%tr %} rows around it are removed by docxtpl.
    """
    write(doc, "Normal", "{%p if part.header %}")
    table = add_layout_table(doc, rows=4, widths_mm=HEADER_COLUMNS_MM)
    top, open_if, bottom, close_if = table.rows
    fill_cell(
        top.cells[0],
        [
            ("KH Parent Body", "{{p part.parent_body }}"),
            ("KH Issuer", "{{p part.issuer }}"),
            ("KH Rule", None),
        ],
    )
    fill_cell(
        top.cells[1],
        [
            ("KH Quoc Hieu", "{{p part.national_title }}"),
            ("KH Tieu Ngu", "{{p part.motto }}"),
            ("KH Rule Wide", None),
        ],
    )
    fill_cell(open_if.cells[0], [("Normal", "{%tr if part.number_line %}")])
    fill_cell(bottom.cells[0], [("KH Number", "{{p part.number_line }}")])
    fill_cell(bottom.cells[1], [("KH Place Date", "{{p part.place_date }}")])
    fill_cell(close_if.cells[0], [("Normal", "{%tr endif %}")])
    write(doc, "Normal", "{%p endif %}")


def add_title_block(doc: DocumentObject) -> None:
    """Document type, trích yếu lines, the "(Kèm theo …)" line and the short line under them.

    The renderer draws the three as paragraphs, keeping them together as
    the document model decides; the "(Kèm theo …)" paragraph vanishes when
    the part has none.
    """
    write(doc, "KH Doc Type", "{{p part.doc_type }}")
    write(doc, "KH Title", "{{p part.title }}")
    write(doc, "KH Attached", "{{p part.attached }}")
    write(doc, "KH Rule Title")


def _flush_left(cell: _Cell) -> None:
    """No padding on the cell's left: Nơi nhận starts at the margin, like the body."""
    margins = _new("w:tcMar")
    left = _new("w:left")
    left.set(qn("w:w"), "0")
    left.set(qn("w:type"), "dxa")
    margins.append(left)
    cell._tc.get_or_add_tcPr().insert_element_before(
        margins, "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers",
        "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
    )  # fmt: skip


def add_signature_block(doc: DocumentObject) -> None:
    """Nơi nhận (left) level with the signature (right), only if the part has one.

    "Nơi nhận:" comes with the recipients (it is absent when there are none),
    and both cells always receive at least one paragraph from the renderer.
    Whether the row may split across pages is the document model's decision,
    written by the renderer, which finds the row by these two tags.
    """
    write(doc, "Normal", "{%p if part.has_signature_block %}")
    table = add_layout_table(doc, rows=1, widths_mm=SIGNATURE_COLUMNS_MM)
    left, right = table.rows[0].cells
    _flush_left(left)
    fill_cell(left, [("KH Recipient", "{{p part.recipients }}")])
    fill_cell(right, [("KH Signature", "{{p part.signature }}")])
    write(doc, "Normal", "{%p endif %}")


def set_core_properties(doc: DocumentObject) -> None:
    """Fixed metadata so that the output does not depend on the clock."""
    props = doc.core_properties
    props.title = "Kế hoạch"
    props.author = "kehoach"
    props.last_modified_by = "kehoach"
    props.comments = ""
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.revision = 1


def tidy_settings(doc: DocumentObject) -> None:
    """Word 2013+ layout (no "Compatibility Mode"), Vietnamese theme language.

    Also gives ``w:zoom`` the ``w:percent`` the schema requires (the default
    template omits it).
    """
    settings = doc.settings.element
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None:
        zoom.set(qn("w:percent"), "100")
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANG)


def build() -> DocumentObject:
    """The whole template, in memory."""
    doc = Document()
    remove_sample_styles(doc)
    setup_doc_defaults(doc)
    add_styles(doc, STYLES)
    force_times_new_roman(doc)
    setup_page(doc.sections[0])
    setup_headers(doc.sections[0])
    # One pass per part: a decision and the plan it promulgates, or the plan alone.
    write(doc, "Normal", "{%p for part in parts %}")
    write(doc, "Normal", "{{p part.page_break }}")
    add_header_block(doc)
    add_title_block(doc)
    write(doc, "KH Body", "{{p part.body }}")
    add_signature_block(doc)
    write(doc, "Normal", "{%p endfor %}")
    set_core_properties(doc)
    tidy_settings(doc)
    return doc


# --------------------------------------------------------------------------- output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "output",
        nargs="?",
        type=Path,
        default=Path(__file__).with_name("ke-hoach.docx"),
        help="where to write the template (default: next to this script)",
    )
    args = parser.parse_args(argv)
    buffer = io.BytesIO()
    build().save(buffer)
    write_atomically(args.output, normalise_zip(buffer.getvalue()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
