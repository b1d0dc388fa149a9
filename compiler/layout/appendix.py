"""Lay out appendix tables (Phụ lục) from the same target and task records as the body.

A body list and its appendix row are two views of one record: this module
never reads text that the body does not also read, so a value changed in
the YAML changes both. Group rows, numbering, «-nt-» markers, merged
category cells and the two-row «Giai đoạn» header are decided here, as
plain data (docmodel.Table); the renderer only draws them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from kehoach.layout.inline import (
    joined,
    literal,
    parse_inline,
    punctuated,
    split_lines,
    upper,
)
from kehoach.layout.numbering import point_letter, roman
from kehoach.layout.tables import literal_table, table
from kehoach.layout.titles import (
    LANDSCAPE_LINE,
    PORTRAIT_LINE,
    REFERENCE_FACE,
    TITLE_FACE,
    centred,
    centred_lines,
    rule_length,
)
from kehoach.model.document import AppendixPart, Block, Cell, PageSection, Row, Spans, Table
from kehoach.schema.models import (
    Appendix,
    AppendixColumn,
    Group,
    Plan,
    Section,
    Target,
    Task,
    TaskOutput,
)

CENTERED = {"stt", "unit", "value"}
MERGED_OVER_OUTPUTS = {"stt", "text", "indicator"}
"""The columns of a task that stay one cell over the rows of its outputs."""
NO_VALUE = "-"
# Wide tables on landscape pages, numbered from 1 in each appendix; a text appendix (or one
# that says so) on portrait pages numbered the same way. Like every document of Decree 30,
# an appendix shows no number on its first page.
APPENDIX_PAGES = PageSection("landscape", restart_at=1, number_first_page=False)
PORTRAIT_APPENDIX_PAGES = PageSection("portrait", restart_at=1, number_first_page=False)
UNNUMBERED_LABEL = "PHỤ LỤC"

TextBody = Callable[[list[Section]], tuple[Block, ...]]
"""How the body lays out numbered sections: a text appendix's are laid out the same way."""

Record = Target | Task
VALUE_SLOT = "{value}"


def sentence(target: Target, phase: str) -> Spans:
    """The target's sentence in ``phase``, in the body and in the appendix alike.

    The sentence is read first, with ``{value}`` kept as a slot, and the
    phase's value (read on its own) goes in afterwards: a marker of the
    sentence never pairs with one of the value.
    """
    return parse_inline(target.text, slots={VALUE_SLOT: parse_inline(target.values[phase])})


def appendix_labels(plan: Plan) -> list[Spans]:
    """«Phụ lục I», «Phụ lục II» (or 1, 2); a single appendix is just «Phụ lục»; «PHỤ LỤC»
    without a number when the plan says so; an appendix's own ``label`` over all of them."""
    count = len(plan.appendices)
    if plan.appendix_numbering == "none":
        computed = [UNNUMBERED_LABEL] * count
    elif count == 1:
        computed = ["Phụ lục"]
    elif plan.appendix_numbering == "arabic":
        computed = [f"Phụ lục {n}" for n in range(1, count + 1)]
    else:
        computed = [f"Phụ lục {roman(n)}" for n in range(1, count + 1)]
    return [
        literal(label) if a.label is None else parse_inline(a.label)
        for a, label in zip(plan.appendices, computed, strict=True)
    ]


def appendices(plan: Plan, reference_line: Spans, text_body: TextBody) -> tuple[AppendixPart, ...]:
    """Every appendix of ``plan``; ``reference_line`` names the document they are attached to.

    A text appendix's sections are laid out by ``text_body``, the body's own
    layout, so they number I., 1., a) as the body does, from I again. Title
    and reference lines are balanced for the width of the appendix's pages,
    and the rule under the reference line measured on them.
    """
    return tuple(
        _appendix(plan, appendix, label, reference_line, text_body)
        for label, appendix in zip(appendix_labels(plan), plan.appendices, strict=True)
    )


def _appendix(
    plan: Plan, appendix: Appendix, label: Spans, reference_line: Spans, text_body: TextBody
) -> AppendixPart:
    """One appendix, on landscape pages or portrait ones as it says."""
    landscape = appendix.pages == "landscape"
    line_pt = LANDSCAPE_LINE if landscape else PORTRAIT_LINE
    shown = centred(reference_line, REFERENCE_FACE, line_pt) if appendix.reference_line else None
    return AppendixPart(
        section=APPENDIX_PAGES if landscape else PORTRAIT_APPENDIX_PAGES,
        label=label,
        title_lines=centred_lines(split_lines(parse_inline(appendix.title)), TITLE_FACE, line_pt),
        reference_line=shown,
        keep_heading_with_table=True,
        table=None if appendix.body is not None else _table(plan, appendix),
        body=() if appendix.body is None else text_body(appendix.body),
        reference_rule_length=None
        if shown is None
        else rule_length((shown,), REFERENCE_FACE, line_pt),
    )


def _table(plan: Plan, appendix: Appendix) -> Table:
    if appendix.table is not None:
        return literal_table(appendix.table)
    return _record_table(plan, appendix)


def _record_table(plan: Plan, appendix: Appendix) -> Table:
    widths = appendix.widths()
    sections = _sections(plan, appendix)
    rows: list[Row] = []
    previous: dict[int, tuple[Spans, ...]] = {}
    number = 0
    for label, title, records, phase in sections:
        if title is not None:
            rows.append(_group_row(appendix, label, title))
            if appendix.numbering == "per-group":
                number = 0
        if not records:
            continue
        body_rows = []
        for record in records:
            number += 1
            body_rows.extend(_record_rows(appendix, record, phase, number, previous))
        rows.extend(_merge_categories(appendix.columns, body_rows))
    return table(widths, _header(appendix), tuple(rows))


def _record_rows(
    appendix: Appendix,
    record: Record,
    phase: str | None,
    number: int,
    previous: dict[int, tuple[Spans, ...]],
) -> list[Row]:
    """The record's row; a task with ``outputs``, one row per output, its STT and task cells
    merged down over them (the other columns show each output's values over the task's)."""
    outputs: list[TaskOutput | None] = [None]
    if isinstance(record, Task) and record.outputs:
        outputs = list(record.outputs)
    rows = []
    for index, output in enumerate(outputs):
        cells = []
        for column in appendix.columns:
            cell = _cell(appendix, column, record, phase, number, output)
            if len(outputs) > 1 and column.field in MERGED_OVER_OUTPUTS:
                if index == 0:
                    cell = dataclasses.replace(cell, merge="restart")
                else:
                    cell = dataclasses.replace(cell, lines=(), merge="continue")
            cells.append(cell)
        rows.append(_mark_repeats(appendix.columns, cells, previous))
    return rows


def _sections(
    plan: Plan, appendix: Appendix
) -> list[tuple[str, Spans | None, list[Record], str | None]]:
    """(group label, group title or None, records, phase of the rows) in table order."""
    records_of: dict[str, list[Record]]
    if appendix.source == "tasks":
        records_of = {
            g.id: [t for t in plan.tasks if t.group == g.id and t.in_appendix]
            for g in plan.task_groups
        }
        groups = plan.task_groups
    else:
        records_of = {
            g.id: [t for t in plan.targets if t.group == g.id] for g in plan.target_groups
        }
        groups = plan.target_groups
    if appendix.group_rows == "none":
        everything: list[Record] = [r for g in groups for r in records_of[g.id]]
        return [("", None, everything, None)]
    if appendix.group_rows == "group" or appendix.source == "tasks":
        present = [g for g in groups if records_of[g.id]]
        return [
            (_group_label(appendix, i), _group_title(appendix, g), records_of[g.id], None)
            for i, g in enumerate(present)
        ]
    out: list[tuple[str, Spans | None, list[Record], str | None]] = []
    for phase_index, phase in enumerate(plan.phases, start=1):
        in_phase: dict[str, list[Record]] = {
            g.id: [t for t in records_of[g.id] if isinstance(t, Target) and phase in t.values]
            for g in plan.target_groups
        }
        present = [g for g in plan.target_groups if in_phase[g.id]]
        if not present:
            continue
        out.append((roman(phase_index), literal(f"Giai đoạn {phase}"), [], phase))
        for group_index, group in enumerate(present, start=1):
            label = f"{roman(phase_index)}.{group_index}" if len(present) > 1 else ""
            out.append((label, _group_title(appendix, group), in_phase[group.id], phase))
    return out


def _group_label(appendix: Appendix, index: int) -> str:
    return point_letter(index) if appendix.group_numbering == "letter" else roman(index + 1)


def _group_title(appendix: Appendix, group: Group) -> Spans:
    """«Về » and the group's name, each read on its own; in capitals when the table says so."""
    title = joined(
        parse_inline(appendix.group_prefix), parse_inline(group.appendix_title or group.title)
    )
    return upper(title) if appendix.group_caps else title


def _group_row(appendix: Appendix, label: str, title: Spans) -> Row:
    """A bold row: the group's number under STT, its title across the other columns.

    It heads the rows after it, so it never ends a page (``keep_with_next``).
    """
    rest = len(appendix.columns) - 1
    if rest == 0:  # a one-column table: the number and the title share its only cell
        cell = Cell((joined(literal(f"{label} " if label else ""), title),), bold=True)
        return Row((cell,), keep_with_next=True)
    return Row(
        (
            Cell((literal(label),), bold=True, centered=True),
            Cell((title,), bold=True, span=rest),
        ),
        keep_with_next=True,
    )


def _cell(
    appendix: Appendix,
    column: AppendixColumn,
    record: Record,
    phase: str | None,
    number: int,
    output: TaskOutput | None = None,
) -> Cell:
    """A record's cell, aligned as its column says, else as its field usually is."""
    lines = _lines(appendix, column, record, phase, number, output)
    if column.align is None:
        return Cell(lines, centered=column.field in CENTERED)
    return Cell(
        lines, centered=column.align == "center", align="right" if column.align == "right" else None
    )


def _lines(
    appendix: Appendix,
    column: AppendixColumn,
    record: Record,
    phase: str | None,
    number: int,
    output: TaskOutput | None = None,
) -> tuple[Spans, ...]:
    field = column.field
    if field == "stt":
        return (literal(str(number)),)
    if field in ("lead", "partners", "monitor"):
        own = None if output is None else getattr(output, field)
        return _bodies(appendix, own if own is not None else getattr(record, field, []))
    if isinstance(record, Task):
        value = {
            "text": record.appendix_text or record.text,
            "indicator": record.appendix_text or record.text,
            "result": record.result,
            "deadline": record.deadline,
        }.get(field)
        if output is not None and field in ("result", "deadline", "note"):
            value = getattr(output, field) or value
        return (parse_inline(value),) if value else ()
    row_phase = column.phase or phase or _only_phase(record)
    if field == "value":
        shown = record.values.get(row_phase)
        return (literal(NO_VALUE) if shown is None else parse_inline(shown),)
    if field == "text" or (field == "indicator" and not record.indicator):
        return (_sentence_or_text(record, row_phase),)
    value = {
        "indicator": record.indicator,
        "category": record.category,
        "unit": record.unit,
        "note": record.note,
    }.get(field)
    return (parse_inline(value),) if value else ()


def _sentence_or_text(target: Target, phase: str) -> Spans:
    """The sentence of the row's phase; the text as written when the target has no such phase."""
    if phase in target.values:
        return sentence(target, phase)
    return parse_inline(target.text)


def _only_phase(target: Target) -> str:
    """The phase a target row shows when the table has no phase of its own: its first."""
    return next(iter(target.values))


def _bodies(appendix: Appendix, bodies: list[str]) -> tuple[Spans, ...]:
    """One body per line; «- X;» … «- Y.» where the office writes them as a list."""
    read = [parse_inline(body) for body in bodies]
    if appendix.bodies == "lines" or len(bodies) < 2:
        return tuple(read)
    return tuple(joined(literal("- "), body) for body in punctuated(read))


def _mark_repeats(
    columns: list[AppendixColumn], cells: list[Cell], previous: dict[int, tuple[Spans, ...]]
) -> Row:
    """«-nt-» (như trên) where a column says so and the cell repeats the data row above."""
    out = []
    for index, (column, cell) in enumerate(zip(columns, cells, strict=True)):
        lines = cell.lines
        if column.repeat_marker and any(lines) and previous.get(index) == lines:
            marker = (parse_inline(column.repeat_marker),)
            cell = Cell(marker, centered=cell.centered, align=cell.align)
        previous[index] = lines
        out.append(cell)
    return Row(tuple(out))


def _merge_categories(columns: list[AppendixColumn], rows: list[Row]) -> list[Row]:
    """Category cells merged down while equal (seed 003: one cell over three rows).

    The rows a merged cell covers keep together (each with the next but the
    last): a merged cell printed across two pages shows its text on the first
    only, leaving the rows on the next page without their category.
    """
    indexes = [i for i, c in enumerate(columns) if c.field == "category"]
    if not indexes:
        return rows
    cells = [list(row.cells) for row in rows]
    kept: set[int] = set()
    for index in indexes:
        start = 0
        while start < len(cells):
            end = start + 1
            value = cells[start][index].lines
            while end < len(cells) and value and cells[end][index].lines == value:
                end += 1
            if end - start > 1:
                cells[start][index] = Cell(value, merge="restart")
                for k in range(start + 1, end):
                    cells[k][index] = Cell((), merge="continue")
                kept.update(range(start, end - 1))
            start = end
    return [Row(tuple(row), keep_with_next=i in kept) for i, row in enumerate(cells)]


def _header(appendix: Appendix) -> tuple[Row, ...]:
    """One header row, or two when value columns share a «Giai đoạn» heading.

    Adjacent columns with the same heading share one cell (seed 003: «Chỉ
    tiêu» over the category and the indicator).
    """
    columns = appendix.columns
    two = appendix.phase_header is not None and any(c.field == "value" for c in columns)
    top: list[Cell] = []
    bottom: list[Cell] = []
    i = 0
    while i < len(columns):
        column = columns[i]
        if two and column.field == "value":
            j = i
            while j < len(columns) and columns[j].field == "value":
                j += 1
            top.append(Cell((parse_inline(appendix.phase_header or ""),), True, True, span=j - i))
            bottom.extend(Cell((parse_inline(columns[k].header),), True, True) for k in range(i, j))
            i = j
            continue
        j = i + 1
        while j < len(columns) and (columns[j].header, columns[j].field != "value") == (
            column.header,
            True,
        ):
            j += 1
        header = (parse_inline(column.header),)
        if two:
            top.append(Cell(header, True, True, merge="restart", span=j - i))
            bottom.append(Cell((), True, True, merge="continue", span=j - i))
        else:
            top.append(Cell(header, True, True, span=j - i))
        i = j
    return (Row(tuple(top)),) + ((Row(tuple(bottom)),) if two else ())
