"""Draw appendices (Phụ lục) after the rendered body: landscape sections and tables.

docxtpl fills the template's fixed layout; tables whose columns, merges and
group rows vary per plan are drawn here with python-docx from the laid-out
model. Section mechanics (TECH-NOTES): a ``w:sectPr`` in a paragraph ends
the section before it, and the body's last ``w:sectPr`` holds the last
section. So the portrait body is closed with a copy of the template's
section, every appendix but the last is closed by a landscape copy, and the
final section becomes landscape. Each appendix section restarts page
numbering at 1 and numbers its first page too.
"""

from __future__ import annotations

import copy

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips
from docx.table import Table as DocxTable
from docx.table import _Cell

from kehoach.model.document import AppendixPart, Cell, Row, Table

LABEL_STYLE = "KH Appendix Label"
TITLE_STYLE = "KH Title"
REFERENCE_STYLE = "KH Attached"
HEADER_STYLE = "KH Table Header"
CELL_STYLE = "KH Table Cell"
CENTER_STYLE = "KH Table Center"
BORDER_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")


def append_appendices(document: Document, appendices: tuple[AppendixPart, ...]) -> None:
    """Append every appendix, each in its own landscape section."""
    if not appendices:
        return
    body = document.element.body
    portrait = body.sectPr
    landscape = _landscape(portrait)
    _close_section(document, copy.deepcopy(portrait))
    for index, appendix in enumerate(appendices):
        _draw(document, appendix)
        if index < len(appendices) - 1:
            _close_section(document, copy.deepcopy(landscape))
    body.replace(portrait, landscape)


def _landscape(portrait) -> object:
    """The template's section turned landscape, numbered from 1 on every page."""
    section = copy.deepcopy(portrait)
    size = section.find(qn("w:pgSz"))
    width, height = size.get(qn("w:w")), size.get(qn("w:h"))
    size.set(qn("w:w"), height)
    size.set(qn("w:h"), width)
    size.set(qn("w:orient"), "landscape")
    references = [
        *section.findall(qn("w:headerReference")),
        *section.findall(qn("w:footerReference")),
    ]
    for reference in references:
        if reference.get(qn("w:type")) == "first":
            section.remove(reference)
    title_page = section.find(qn("w:titlePg"))
    if title_page is not None:
        section.remove(title_page)
    numbering = section.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        # pgNumType comes right after pgBorders/pgMar/pgSz in CT_SectPr's sequence.
        anchor = section.find(qn("w:pgMar"))
        anchor.addnext(numbering)
    numbering.set(qn("w:start"), "1")
    return section


def _close_section(document: Document, section) -> None:
    """A paragraph whose properties end the current section with ``section``."""
    paragraph = document.add_paragraph()
    paragraph._p.get_or_add_pPr().append(section)


def _draw(document: Document, appendix: AppendixPart) -> None:
    document.add_paragraph(appendix.label, style=LABEL_STYLE)
    for line in appendix.title_lines:
        document.add_paragraph(line, style=TITLE_STYLE)
    document.add_paragraph(appendix.reference_line, style=REFERENCE_STYLE)
    _table(document, appendix.table)


def _table(document: Document, model: Table) -> DocxTable:
    rows = [*model.header, *model.rows]
    columns = len(model.widths)
    table = document.add_table(rows=len(rows), cols=columns)
    _size(table, model.widths, _text_width(document))
    _borders(table)
    for index, row in enumerate(table.rows):
        # Rows never split across pages; header rows repeat on every page.
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if index < len(model.header):
            properties.append(OxmlElement("w:tblHeader"))
    starts = [_starts(row) for row in rows]
    for r in range(len(rows)):
        header = r < len(model.header)
        for column, cell in starts[r].items():
            if cell.merge == "continue":
                continue
            last_row = r
            if cell.merge == "restart":
                while last_row + 1 < len(rows):
                    below = starts[last_row + 1].get(column)
                    if below is None or below.merge != "continue":
                        break
                    last_row += 1
            target = table.cell(r, column)
            if cell.span > 1 or last_row > r:
                target = target.merge(table.cell(last_row, column + cell.span - 1))
            _write(target, cell, header)
    return table


def _starts(row: Row) -> dict[int, Cell]:
    """Grid column where each model cell starts."""
    out: dict[int, Cell] = {}
    column = 0
    for cell in row.cells:
        out[column] = cell
        column += cell.span
    return out


def _write(target: _Cell, cell: Cell, header: bool) -> None:
    """The cell's lines, one paragraph each (a break-free cell for every body)."""
    style = HEADER_STYLE if header else CENTER_STYLE if cell.centered else CELL_STYLE
    paragraphs = target.paragraphs
    first = paragraphs[0]
    for extra in paragraphs[1:]:  # left by merging empty cells
        extra._p.getparent().remove(extra._p)
    first.style = style
    for index, line in enumerate(cell.lines or ("",)):
        paragraph = first if index == 0 else target.add_paragraph(style=style)
        run = paragraph.add_run(line)
        if cell.bold and not header:
            run.bold = True


def _text_width(document: Document) -> int:
    """Width between the margins of a landscape page (EMU)."""
    section = document.sections[0]
    return section.page_height - section.left_margin - section.right_margin


def _size(table: DocxTable, widths: tuple[float, ...], total_emu: int) -> None:
    """Fixed column widths in proportion to the model's, filling the text width."""
    scale = total_emu / Twips(1) / sum(widths)
    twips = [int(w * scale) for w in widths]
    table.autofit = False  # a fixed w:tblLayout
    properties = table._tbl.tblPr
    width = properties.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(twips)))
    for column, value in zip(table.columns, twips, strict=True):
        column.width = Twips(value)
        for cell in column.cells:
            cell.width = Twips(value)


def _borders(table: DocxTable) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in BORDER_EDGES:
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    properties = table._tbl.tblPr
    properties.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription", "w:tblPrChange",
    )  # fmt: skip

