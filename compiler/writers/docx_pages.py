"""Carry out the model's page decisions in WordprocessingML: sections, whole rows, repeated rows.

Layout decides orientation, page numbering and which rows repeat or may
split; this module only writes those decisions as Word markup. Where the
template's section or row already says the same, it changes nothing, so a
template that agrees with the model gives the same markup as before.

Section mechanics (TECH-NOTES): a ``w:sectPr`` in a paragraph's properties
ends the section before it, and the body's last ``w:sectPr`` holds the last
section. Every section starts from a copy of the template's own (margins,
headers with the PAGE field) and is then shaped by its ``PageSection``.
"""

from __future__ import annotations

import copy

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.section import CT_SectPr
from docx.oxml.table import CT_Row
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from kehoach.model.document import PageSection

# Children of w:sectPr after w:pgNumType, and of w:trPr after w:cantSplit
# (ECMA-376 CT_SectPr, CT_TrPr): a new element goes before the first present.
AFTER_PAGE_NUMBERING = (
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
    "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip
AFTER_CANT_SPLIT = (
    "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del",
    "w:trPrChange",
)  # fmt: skip
AFTER_TABLE_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")


def shaped_section(template: CT_SectPr, pages: PageSection) -> CT_SectPr:
    """A copy of the template's section with the orientation and numbering of ``pages``."""
    section = copy.deepcopy(template)
    width, height = section.page_width, section.page_height
    landscape = pages.orientation == "landscape"
    if width is not None and height is not None and (width > height) != landscape:
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    _number_first_page(section, pages.number_first_page)
    _restart_numbering(section, pages.restart_at)
    return section


def _number_first_page(section: CT_SectPr, numbered: bool) -> None:
    """A first page without a number has a header of its own (the template's empty one)."""
    section.titlePg_val = not numbered
    if numbered:
        for kind in ("headerReference", "footerReference"):
            for reference in section.findall(qn(f"w:{kind}")):
                if reference.get(qn("w:type")) == "first":
                    section.remove(reference)


def _restart_numbering(section: CT_SectPr, start: int | None) -> None:
    numbering = section.find(qn("w:pgNumType"))
    if start is None:
        if numbering is not None and qn("w:start") in numbering.attrib:
            del numbering.attrib[qn("w:start")]
        return
    if numbering is None:
        numbering = _insert(section, "w:pgNumType", AFTER_PAGE_NUMBERING)
    numbering.set(qn("w:start"), str(start))


def _insert(parent: BaseOxmlElement, tag: str, successors: tuple[str, ...]) -> etree._Element:
    """A new empty ``tag`` child at its place in the schema's sequence: before its successors."""
    child = OxmlElement(tag)
    successor = parent.first_child_found_in(*successors)
    if successor is None:
        parent.append(child)
    else:
        successor.addprevious(child)
    return child


def close_section(document: Document, section: CT_SectPr) -> None:
    """A paragraph whose properties end the current section with ``section``."""
    paragraph = document.add_paragraph()
    paragraph._p.get_or_add_pPr().append(section)


def text_width(section: CT_SectPr) -> int:
    """Width between the margins of the section's pages (EMU)."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    if width is None or left is None or right is None:  # ruled out by the template contract
        raise ValueError("w:sectPr without w:pgSz or w:pgMar")
    return width - left - right


def keep_row_whole(row: CT_Row, whole: bool) -> None:
    """``w:cantSplit`` on the row when it must not break across pages, and only then."""
    properties = row.trPr
    if properties is None:
        if whole:
            _insert(row.get_or_add_trPr(), "w:cantSplit", AFTER_CANT_SPLIT)
        return
    found = properties.find(qn("w:cantSplit"))
    if whole and found is None:
        _insert(properties, "w:cantSplit", AFTER_CANT_SPLIT)
    elif not whole and found is not None:
        properties.remove(found)


def least_height(row: CT_Row, twips: int) -> None:
    """``w:trHeight`` «atLeast»: the row is never lower than ``twips``, higher when its text is."""
    height = _insert(row.get_or_add_trPr(), "w:trHeight", ("w:tblHeader", *AFTER_TABLE_HEADER))
    height.set(qn("w:val"), str(twips))
    height.set(qn("w:hRule"), "atLeast")


def repeat_row(row: CT_Row) -> None:
    """``w:tblHeader``: the row is repeated at the top of every page the table runs onto."""
    _insert(row.get_or_add_trPr(), "w:tblHeader", AFTER_TABLE_HEADER)
