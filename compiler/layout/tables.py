"""Lay out a table written row by row (``table:``) as the one model Table every table shares.

A body schedule, a units list in an appendix and a record table drawn from
targets or tasks all become a ``model.document.Table``: header rows that
repeat on every page, rows that never split, vertical merges as
«restart»/«continue» cells and horizontal ones as spans. The writers draw
a Table the same wherever it stands, so what differs between a body table
and an appendix table is only the page width (decided by the section).

Here a written table's rows are placed on the grid: the numbered column is
filled with the computed row number (or the group's I, II … / a, b …), each
cell takes the columns its colspan claims, and a cell covered by a rowspan
from above, which the plan omits, comes back as a «continue» cell so the
writer finds every grid column in every row.
"""

from __future__ import annotations

import dataclasses

from kehoach.layout.inline import literal, parse_inline
from kehoach.layout.numbering import point_letter, roman
from kehoach.model.document import Align, Cell, Row, Spans, Table
from kehoach.schema.models import LiteralTable, TableCell, TableColumn


def table(
    widths: tuple[float, ...],
    header: tuple[Row, ...],
    rows: tuple[Row, ...],
    row_height: float | None = None,
) -> Table:
    """A table as every table of a document is drawn: its header rows repeated on each page
    it runs onto, and no row broken across two pages (a row too long moves whole)."""
    return Table(
        widths=widths,
        header=header,
        rows=rows,
        repeat_header=True,
        split_rows=False,
        row_height=row_height,
    )


def literal_table(spec: LiteralTable) -> Table:
    """The model Table of a written table (validated: every row fills the grid exactly)."""
    columns = spec.columns
    numbered = next((i for i, c in enumerate(columns) if c.numbered), None)
    header: tuple[Row, ...]
    if spec.header_rows is None:
        header = (Row(tuple(_header_cell(c.header) for c in columns)),)
    else:
        header = tuple(
            Row(cells) for cells in _placed(spec.header_rows, list(columns), header=True)
        )
    data_columns = [c for c in columns if not c.numbered]
    written = [r for r in spec.rows if r.cells is not None]
    emphasis = [(r.bold, r.italic) for r in written]
    placed = iter(_placed([r.cells or [] for r in written], data_columns, emphasis=emphasis))
    rows: list[Row] = []
    number = 0
    groups = 0
    for row in spec.rows:
        if row.group is not None:
            groups += 1
            if spec.numbering == "per-group":
                number = 0
            rows.append(_group_row(spec, numbered, groups, row.group))
            continue
        cells = next(placed)
        if numbered is not None:
            number += 1
            cells = _with_number(cells, numbered, Cell((literal(str(number)),), centered=True))
        rows.append(Row(cells))
    return table(tuple(c.width for c in columns), header, tuple(rows), spec.row_height)


def _group_label(spec: LiteralTable, index: int) -> str:
    if spec.group_numbering == "none":
        return ""
    return point_letter(index - 1) if spec.group_numbering == "letter" else roman(index)


def _group_row(spec: LiteralTable, numbered: int | None, index: int, title: str) -> Row:
    """A bold row: the group's number in the numbered column, its title across the others."""
    width = len(spec.columns)
    text = Cell((parse_inline(title),), bold=True, span=width - (numbered is not None) or 1)
    if numbered is None or width == 1:
        return Row((text,))
    label = Cell((literal(_group_label(spec, index)),), bold=True, centered=True)
    return Row((text, label) if numbered == width - 1 else (label, text))


def _with_number(cells: tuple[Cell, ...], numbered: int, number: Cell) -> tuple[Cell, ...]:
    """``cells`` with ``number`` put where the grid reaches the numbered column."""
    column = 0
    for index, cell in enumerate(cells):
        if column >= numbered:
            return (*cells[:index], number, *cells[index:])
        column += cell.span
    return (*cells, number)


def _placed(
    rows: list[list[TableCell]],
    columns: list[TableColumn],
    header: bool = False,
    emphasis: list[tuple[bool, bool]] | None = None,
) -> list[tuple[Cell, ...]]:
    """Each row's model cells in grid order, «continue» cells where a rowspan covers a column.

    ``emphasis`` is each row's own bold and italic, given to all its cells.
    """
    below: dict[int, tuple[int, int]] = {}  # grid column -> (rows still covered, span)
    out: list[tuple[Cell, ...]] = []
    for r, written in enumerate(rows):
        bold, italic = emphasis[r] if emphasis else (False, False)
        cells: list[Cell] = []
        queue = list(written)
        column = 0
        while column < len(columns):
            if column in below:
                left, span = below[column]
                cells.append(Cell((), merge="continue", span=span))
                if left > 1:
                    below[column] = (left - 1, span)
                else:
                    del below[column]
                column += span
                continue
            if not queue:
                break
            cell = queue.pop(0)
            model = _cell(cell, columns[column], header, bold, italic)
            if cell.rowspan > 1:
                model = dataclasses.replace(model, merge="restart")
                below[column] = (cell.rowspan - 1, cell.colspan)
            cells.append(model)
            column += cell.colspan
        out.append(tuple(cells))
    return out


def _cell(cell: TableCell, column: TableColumn, header: bool, bold: bool, italic: bool) -> Cell:
    align: Align | None = cell.align or (None if header else column.align)
    lines: tuple[Spans, ...] = tuple(parse_inline(line) for line in cell.text)
    return Cell(
        lines,
        bold=cell.bold or bold,
        centered=align == "center",
        span=cell.colspan,
        italic=cell.italic or italic,
        align=align,
    )


def _header_cell(text: str) -> Cell:
    """A column's heading in the default header row: centred, as every table heading."""
    return Cell((parse_inline(text),), bold=True, centered=True)
