"""Draw a model Table in WordprocessingML, the same wherever it stands (body or appendix).

Header rows repeat on every page (``w:tblHeader``), rows do not split
(``w:cantSplit``), merged cells are ``w:gridSpan`` and ``w:vMerge``; the
cells take the styles of the one role table (``writers.styles``). Only the
width differs: the text width of the section the table stands in.
"""

from __future__ import annotations

from typing import cast

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tc
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Twips
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from kehoach.model.document import Cell, Row, Span, Spans, Table
from kehoach.writers.docx_notes import Footnotes
from kehoach.writers.docx_pages import keep_row_whole, least_height, repeat_row
from kehoach.writers.styles import STYLE_IDS

BORDER_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")
DIRECT_ALIGNMENT = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
PLACEHOLDER = "kehoach-table-"


def draw_table(document: Document, model: Table, width: int, notes: Footnotes) -> DocxTable:
    """The table in one pass over its rows: time grows with the number of cells, no faster.

    python-docx's ``table.cell(r, c)`` and ``_Cell.merge`` rebuild the
    table's whole grid (or find a row's index among all rows) on every call,
    which made a 1,000-row appendix take minutes (TECH-NOTES, issue 18).
    Here each row's ``w:tc`` elements are taken once, while the table is
    still one cell per grid column, and a merged cell is written the way
    python-docx writes it (``w:gridSpan``, the summed ``w:tcW``,
    ``w:vMerge``), with the cells it covers removed: the same XML, in
    linear time.
    """
    rows = [*model.header, *model.rows]
    twips = _twips(model.widths, width)
    table = document.add_table(rows=len(rows), cols=len(twips))
    _size(table, twips)
    _borders(table)
    trs = table._tbl.tr_lst
    grid = [tr.tc_lst for tr in trs]
    starts = [_starts(row) for row in rows]
    for r, tr in enumerate(trs):
        keep_row_whole(tr, not model.split_rows)
        if model.repeat_header and r < len(model.header):
            repeat_row(tr)
        elif model.row_height is not None and r >= len(model.header):
            least_height(tr, round(Cm(model.row_height) / Twips(1)))
    for r, row_starts in enumerate(starts):
        header = r < len(model.header)
        for column, cell in row_starts.items():
            if cell.merge == "continue":
                continue
            height = _height(starts, r, column) if cell.merge == "restart" else 1
            for below in range(r, r + height):
                merge = None if height == 1 else "restart" if below == r else "continue"
                _span(trs[below], grid[below], column, cell.span, twips, merge)
            _write(_Cell(grid[r][column], table), cell, header, notes)
    return table


def _height(starts: list[dict[int, Cell]], top: int, column: int) -> int:
    """Rows a «restart» cell covers: its own and the «continue» cells right below it."""
    bottom = top
    while bottom + 1 < len(starts):
        below = starts[bottom + 1].get(column)
        if below is None or below.merge != "continue":
            break
        bottom += 1
    return bottom - top + 1


def _span(
    tr: CT_Row, tcs: list[CT_Tc], column: int, span: int, twips: list[int], merge: str | None
) -> None:
    """The cell of row ``tr`` at ``column`` widened over ``span`` grid columns, marked ``merge``.

    ``tcs`` are the row's cells as created (one per grid column): the ones
    the span covers leave the row, their width added to the first's.
    """
    tc = tcs[column]
    tc.width = Twips(sum(twips[column : column + span]))
    for covered in tcs[column + 1 : column + span]:
        tr.remove(covered)
    tc.grid_span = span
    tc.vMerge = merge


def _starts(row: Row) -> dict[int, Cell]:
    """Grid column where each model cell starts."""
    out: dict[int, Cell] = {}
    column = 0
    for cell in row.cells:
        out[column] = cell
        column += cell.span
    return out


def _write(target: _Cell, cell: Cell, header: bool, notes: Footnotes) -> None:
    """The cell's lines, one paragraph each (a break-free cell for every body).

    The role's style aligns the cell (headings and the usual centred cells);
    an alignment the style does not give («right», «left» in a heading) is
    direct formatting.
    """
    role = "table_header" if header else "table_center" if cell.centered else "table_cell"
    style = STYLE_IDS[role]
    paragraphs = target.paragraphs
    first = paragraphs[0]
    for extra in paragraphs[1:]:  # left by merging empty cells
        extra._p.getparent().remove(extra._p)
    set_style(first, style)
    direct = None
    if cell.align == "right" or (cell.align == "left" and header):
        direct = DIRECT_ALIGNMENT[cell.align]
    for index, line in enumerate(cell.lines or ((),)):
        paragraph = first
        if index > 0:
            paragraph = target.add_paragraph()
            set_style(paragraph, style)
        if direct is not None:
            paragraph.paragraph_format.alignment = direct
        # An empty line keeps an empty run, which carries the cell's bold for the next typist.
        add_runs(
            paragraph,
            line or (Span(""),),
            notes,
            bold=cell.bold and not header,
            italic=cell.italic,
        )


def add_runs(
    paragraph: Paragraph,
    line: Spans,
    notes: Footnotes,
    bold: bool = False,
    italic: bool = False,
) -> None:
    """One run per span, bold and italic as layout read them (as the body's runs are drawn),
    and a footnote's reference mark where a note stands (gathered into ``notes``)."""
    for span in line:
        if span.note is not None:
            paragraph._p.append(notes.reference_run(span))
            continue
        run = paragraph.add_run(span.text)
        if span.bold or bold:
            run.bold = True
        if span.italic or italic:
            run.italic = True


def set_style(paragraph: Paragraph, style_id: str) -> None:
    """Give the paragraph a style by id (python-docx's ``style=`` looks names up)."""
    paragraph._p.style = style_id


def place_tables(document: Document, tables: list[Table], width: int, notes: Footnotes) -> None:
    """Each body table drawn where the body writer left its placeholder, in order.

    The body is one docxtpl block of paragraphs; a table in it is written
    there as an empty paragraph holding a bookmark named ``PLACEHOLDER`` and
    its index, and replaced here by the table drawn at ``width`` (the body's
    text width): the table is drawn with the same writer as an appendix's.
    """
    body = document.element.body
    marks = {
        mark.get(qn("w:name")): mark
        for mark in body.iter(qn("w:bookmarkStart"))
        if (mark.get(qn("w:name")) or "").startswith(PLACEHOLDER)
    }
    for index, model in enumerate(tables):
        mark = marks[placeholder_name(index)]
        paragraph = mark.getparent()
        drawn = draw_table(document, model, width, notes)._tbl
        paragraph.addprevious(drawn)
        paragraph.getparent().remove(paragraph)


def placeholder_name(index: int) -> str:
    """The bookmark name that marks where body table ``index`` goes."""
    return f"{PLACEHOLDER}{index}"


def _twips(widths: tuple[float, ...], total_emu: int) -> list[int]:
    """Column widths (twips) in proportion to the model's, filling the text width."""
    scale = total_emu / Twips(1) / sum(widths)
    return [int(w * scale) for w in widths]


def _size(table: DocxTable, twips: list[int]) -> None:
    """Fixed column widths: the table's and its grid's (each cell's are set with its span)."""
    table.autofit = False  # a fixed w:tblLayout
    properties = table._tbl.tblPr
    width = properties.find(qn("w:tblW"))
    if width is None:  # python-docx writes one in every new table
        raise ValueError("bảng Phụ lục không có w:tblW")
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(twips)))
    for column, value in zip(table.columns, twips, strict=True):
        column.width = Twips(value)


def _borders(table: DocxTable) -> None:
    borders = cast(BaseOxmlElement, OxmlElement("w:tblBorders"))
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
