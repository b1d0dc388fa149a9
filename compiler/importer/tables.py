"""A Word table kept as it is: a literal ``table:`` (issue 13 B), or rows of plain text.

Cells keep their markup (bold, italic); a merged cell keeps its span; a
numbered first column («TT», «STT» counting 1, 2, 3…) becomes a computed
number, and a row that only names a group (bold, a roman number) a group
row. Before the schema holds tables, each row is one paragraph whose cells
are separated by « | »: every word kept, in reading order.
"""

from __future__ import annotations

import re
from typing import Any

from kehoach.importer.blocks import Cell, Grid
from kehoach.importer.labels import unwrap_bold

NUMBER_HEADERS = ("stt", "tt", "số tt", "số thứ tự")
ROMAN_CELL = re.compile(r"^[IVX]+\.?$")
DIGITS = re.compile(r"^\d{1,3}\.?$")
CM_PER_TABLE = 25.0
"""Width (cm) of the text on a landscape page: relative widths are scaled to it."""


def cell_lines(cell: Cell) -> list[str]:
    return [m for m in (p.markup for p in cell.paras) if m]


def literal_rows(grid: Grid) -> list[str]:
    """Each row as one paragraph, its cells joined by « | » (merged slots once)."""
    rows = []
    for row in grid.rows:
        cells = [" ".join(cell_lines(c)) for c in row if not c.covered]
        cells = [c for c in cells if c]
        if cells:
            rows.append(" | ".join(cells))
    return rows


def is_number_header(text: str) -> bool:
    return text.strip().strip(".").lower() in NUMBER_HEADERS


def widths(grid: Grid) -> list[float]:
    """Column widths in cm, at least 1/40 of the table each (the schema's rule)."""
    raw = grid.widths if grid.widths and all(w > 0 for w in grid.widths) else [1.0] * grid.columns
    total = sum(raw)
    out = [max(round(CM_PER_TABLE * w / total, 1), 0.7) for w in raw]
    least = sum(out) / 40
    return [max(w, round(least + 0.05, 1)) for w in out]


def is_group_row(row: list[Cell], text_column: int) -> bool:
    """A row naming a group: a roman number (or nothing) then bold text, the rest empty."""
    first = row[0].plain if row else ""
    filled = [i for i, c in enumerate(row) if not c.covered and c.plain]
    if not filled or text_column not in filled:
        return False
    others = [i for i in filled if i not in (0, text_column)]
    bold = all(p.bold for p in row[text_column].paras if p.plain)
    return not others and bold and (not first or bool(ROMAN_CELL.match(first)))


def literal_table(grid: Grid) -> dict[str, Any]:
    """The grid as issue 13's ``table:`` (columns, header rows, rows, numbering)."""
    header_count = max(grid.header_rows, 1)
    header = grid.rows[:header_count]
    body = grid.rows[header_count:]
    numbered = bool(header) and is_number_header(header[-1][0].plain) and _counts(body)
    columns = []
    for index, width in enumerate(widths(grid)):
        cell = header[-1][index] if header else Cell([])
        header_text = unwrap_bold(" ".join(cell_lines(cell)))  # headers print bold anyway
        column: dict[str, Any] = {"header": header_text, "width": width}
        if index == 0 and numbered:
            column["numbered"] = True
        columns.append(column)
    table: dict[str, Any] = {"columns": columns}
    if header_count > 1 or any(c.rowspan > 1 or c.colspan > 1 for r in header for c in r):
        table["header_rows"] = [_row(r, skip_first=False) for r in header]
    rows: list[Any] = []
    restarted = False
    previous = 0
    for row in body:
        if numbered and is_group_row(row, 1):
            rows.append({"group": _plain_bold(row[1])})
            continue
        if numbered and DIGITS.match(row[0].plain):
            value = int(row[0].plain.rstrip("."))
            restarted = restarted or (value == 1 and previous > 0)
            previous = value
        rows.append(_row(row, skip_first=numbered))
    if restarted:
        table["numbering"] = "per-group"
    table["rows"] = rows
    return table


def _counts(rows: list[list[Cell]]) -> bool:
    numbers = [r[0].plain for r in rows if r and r[0].plain and not r[0].covered]
    return bool(numbers) and all(DIGITS.match(n) or ROMAN_CELL.match(n) for n in numbers)


def _plain_bold(cell: Cell) -> str:
    return unwrap_bold(" ".join(cell_lines(cell)))


def _row(row: list[Cell], skip_first: bool) -> Any:
    cells: list[Any] = []
    for index, cell in enumerate(row):
        if cell.covered or (skip_first and index == 0):
            continue
        lines = cell_lines(cell)
        text: Any = lines[0] if len(lines) == 1 else (lines or "")
        if cell.rowspan > 1 or cell.colspan > 1:
            spec: dict[str, Any] = {"text": text}
            if cell.rowspan > 1:
                spec["rowspan"] = cell.rowspan
            if cell.colspan > 1:
                spec["colspan"] = cell.colspan
            cells.append(spec)
        else:
            cells.append(text)
    return cells
