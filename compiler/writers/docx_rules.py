"""Draw the short lines (rules) at the lengths layout measured, centred under their text.

A rule is the top border of an empty paragraph of a rule style (the
template's «KH Rule», «KH Rule Title»); its length is the width between
the paragraph's indents. The template's styles hold a fixed length; layout
measures the text above each rule (``layout.titles``), so each rule here
gets the indents that centre a line of that length in its container: the
cell it stands in (the issuing body's column of the header) or the text
width of its section.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.section import CT_SectPr
from docx.oxml.text.paragraph import CT_P
from docx.shared import Pt, Twips

from kehoach.model.document import Part
from kehoach.writers.docx_pages import text_width
from kehoach.writers.styles import STYLE_IDS

CELL_PADDING_TWIPS = 108  # left and right, the default table style's («Normal Table»)


def centre_rule(paragraph: CT_P, length_pt: float, container_twips: int) -> None:
    """Indent the rule paragraph so that its line is ``length_pt`` long, centred."""
    length = int(Pt(length_pt) / Twips(1))
    indent = Twips(max(0, (container_twips - length) // 2))
    properties = paragraph.get_or_add_pPr()
    properties.ind_left = indent
    properties.ind_right = indent


def draw_part_rules(document: Document, parts: tuple[Part, ...], section: CT_SectPr) -> None:
    """The rules under each part's issuing body and title block, at the lengths layout chose.

    The template draws one issuer rule per header and one title rule per
    part, in document order; a length of None leaves the template's own.
    """
    body = document.element.body
    issuer = [part.header.rule_length for part in parts if part.header is not None]
    title = [part.title_rule_length for part in parts]
    wanted = {STYLE_IDS["issuer_rule"]: issuer, STYLE_IDS["title_rule"]: title}
    found: dict[str, list[CT_P]] = {style: [] for style in wanted}
    for p in body.iter(qn("w:p")):
        style = p.style
        if style in found:
            found[style].append(p)
    page = int(text_width(section) / Twips(1))
    for style, lengths in wanted.items():
        for paragraph, length in zip(found[style], lengths, strict=True):
            if length is not None:
                centre_rule(paragraph, length, _container(paragraph, page))


def _container(paragraph: CT_P, page_twips: int) -> int:
    """Width of the text area the rule stands in: its table cell's, else the page's."""
    cell = next(paragraph.iterancestors(qn("w:tc")), None)
    if cell is None:
        return page_twips
    width = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    if width is None or width.get(qn("w:type")) != "dxa":
        return page_twips
    return int(width.get(qn("w:w"), "0")) - 2 * CELL_PADDING_TWIPS
