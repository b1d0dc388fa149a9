"""Large appendices and bodies: every row, cell and merge drawn, in time linear in their size.

Issue 18: python-docx's ``table.cell(r, c)`` and ``_Cell.merge`` rebuild the
whole table grid on every call, so a 1,000-row appendix took minutes; the
body appended each paragraph to one growing string, copying the whole body
each time. Time is not asserted here (``make bench-tables`` measures it):
what these tests count instead is the work that grew with the size (grid
rebuilds, bytes copied), so a quadratic step fails every run, on any
machine. The plans are the benchmark's own (``bench/large.py``): the tests
check the documents that the benchmark times.
"""

from __future__ import annotations

import importlib.util
import re
import tracemalloc
from collections import Counter
from pathlib import Path
from types import ModuleType

import docx
import pytest
from click.testing import CliRunner
from conftest import REPO, minimal_plan
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.table import Table as DocxTable

from kehoach.cli.commands import main
from kehoach.model.document import Span, Table
from kehoach.pipeline import Source, Stage, compile_plan
from kehoach.writers.docx import context
from kehoach.writers.styles import StyleSheet


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_large", REPO / "bench" / "large.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


large = _bench()


def _write(sandbox: Path, name: str, text: str) -> Path:
    path = sandbox / "plans" / name
    path.write_text(text, encoding="utf-8")
    return path


def _build(sandbox: Path, name: str) -> docx.document.Document:
    """``kehoach build`` of ``plans/name``, opened with python-docx."""
    result = CliRunner().invoke(main, ["build", "--root", str(sandbox), f"plans/{name}"])
    assert result.exit_code == 0, result.output
    return docx.Document(str(sandbox / "build" / name.replace(".yaml", ".docx")))


def _text(line: str | tuple[Span, ...]) -> str:
    """A cell line as read: plain text, or the text of its spans (bold and italic runs)."""
    return line if isinstance(line, str) else "".join(span.text for span in line)


def _expected_grid(model: Table) -> list[list[str]]:
    """The text a reader sees in each grid square: a span repeats its cell, a «continue» the one
    above (python-docx's grid reads the document the same way)."""
    grid: list[list[str]] = []
    for row in (*model.header, *model.rows):
        line: list[str] = []
        for cell in row.cells:
            for _ in range(cell.span):
                above = grid[-1][len(line)] if cell.merge == "continue" else None
                line.append("\n".join(map(_text, cell.lines)) if above is None else above)
        grid.append(line)
    return grid


def _vertical(model: Table) -> list[list[str | None]]:
    """Each model cell's ``w:vMerge``: «restart» over a «continue», «continue», or none."""
    rows = (*model.header, *model.rows)
    out: list[list[str | None]] = []
    for index, row in enumerate(rows):
        below = {}
        if index + 1 < len(rows):
            column = 0
            for cell in rows[index + 1].cells:
                below[column] = cell.merge
                column += cell.span
        marks: list[str | None] = []
        column = 0
        for cell in row.cells:
            if cell.merge == "continue":
                marks.append("continue")
            elif cell.merge == "restart" and below.get(column) == "continue":
                marks.append("restart")
            else:
                marks.append(None)
            column += cell.span
        out.append(marks)
    return out


def test_a_300_row_appendix_has_every_row_cell_merge_and_a_repeated_header(
    sandbox: Path,
) -> None:
    path = _write(sandbox, "bang.yaml", large.table_plan(300))
    document = _build(sandbox, "bang.yaml")
    model = compile_plan(Source.file(sandbox, path), until=Stage.LAYOUT).document
    [appendix] = model.appendices
    table: DocxTable = document.tables[-1]
    trs = table._tbl.tr_lst

    # Two header rows («Giai đoạn» over the value columns), 6 group rows, 300 data rows.
    assert len(trs) == 2 + 300 // large.GROUP_ROWS + 300
    repeated = [tr.trPr.find(qn("w:tblHeader")) is not None for tr in trs]
    assert repeated == [True, True] + [False] * (len(trs) - 2)
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in trs)
    # One w:tc per model cell, with its span and vertical merge.
    rows = (*appendix.table.header, *appendix.table.rows)
    assert [[tc.grid_span for tc in tr.tc_lst] for tr in trs] == [
        [cell.span for cell in row.cells] for row in rows
    ]
    assert [[tc.vMerge for tc in tr.tc_lst] for tr in trs] == _vertical(appendix.table)
    # What a reader sees in each square of the grid.
    cells = table._cells
    width = len(appendix.table.widths)
    seen = [[c.text for c in cells[r * width : (r + 1) * width]] for r in range(len(trs))]
    assert seen == _expected_grid(appendix.table)
    # Spot checks of the plan itself, so that the model cannot be wrong with the document.
    assert seen[2] == ["I"] + ["Nhóm chỉ tiêu số 1"] * (width - 1)
    assert seen[3][:2] == ["1", "Lĩnh vực 1"] and "hồ sơ số 1 được" in seen[3][2]
    assert seen[4][1] == "Lĩnh vực 1" and trs[4].tc_lst[1].vMerge == "continue"
    assert seen[-1][0] == "300"
    restarts = sum(tr.tc_lst[1].vMerge == "restart" for tr in trs[2:])
    assert restarts == sum(1 for row in appendix.table.rows if row.cells[1].merge == "restart")
    assert restarts >= 300 // large.CATEGORY_RUN - 300 // large.GROUP_ROWS


def _whole_table_operations(
    sandbox: Path, monkeypatch: pytest.MonkeyPatch, rows: int
) -> Counter[str]:
    """How often rendering an appendix of ``rows`` rows walks a whole table: python-docx's
    grid (``Table._cells``, behind ``table.cell`` and ``column.cells``) and its list of
    every row (``CT_Tbl.tr_lst``, behind ``_Cell.merge``)."""
    counts: Counter[str] = Counter()
    grid = DocxTable.__dict__["_cells"]
    row_list = CT_Tbl.__dict__["tr_lst"]

    def counting(name: str, wrapped: property) -> property:
        def get(self: object) -> object:
            counts[name] += 1
            return wrapped.fget(self)

        return property(get)

    path = _write(sandbox, f"bang-{rows}.yaml", large.table_plan(rows))
    laid_out = compile_plan(Source.file(sandbox, path), until=Stage.LAYOUT)
    with monkeypatch.context() as patch:
        patch.setattr(DocxTable, "_cells", counting("grid", grid))
        patch.setattr(CT_Tbl, "tr_lst", counting("rows", row_list))
        compile_plan(laid_out, until=Stage.RENDER)
    return counts


def test_drawing_a_table_walks_it_whole_no_more_often_when_it_is_longer(
    sandbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten rows or forty, merged cells and all: the same number of walks over the whole table
    (each one as long as the table: one per row would be quadratic)."""
    short = _whole_table_operations(sandbox, monkeypatch, 10)
    long = _whole_table_operations(sandbox, monkeypatch, 40)
    assert short["rows"] > 0  # the counters are live
    assert long == short
    assert long["grid"] == 0


def test_adding_a_body_paragraph_copies_nothing_already_written(sandbox: Path) -> None:
    """The body block is written paragraph by paragraph; each addition allocates about its own
    size, not the size of the body so far (a copy of the whole body per paragraph made 40,000
    lines take a minute). Measured in bytes allocated, with tracemalloc, not in seconds."""
    path = _write(sandbox, "a.yaml", minimal_plan())
    document = compile_plan(Source.file(sandbox, path), until=Stage.LAYOUT).document
    body = context(document, StyleSheet(frozenset(), frozenset()))["parts"][0]["body"]
    runs = "<w:r><w:t>Việc do Ủy ban nhân dân xã thực hiện trong năm 2026.</w:t></w:r>"
    for _ in range(5000):
        body.add("body", runs)
    extras = []
    tracemalloc.start()
    try:
        for _ in range(51):
            before, _ = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            body.add("body", runs)
            extras.append(tracemalloc.get_traced_memory()[1] - before)
    finally:
        tracemalloc.stop()
    written = len(body.__html__())
    assert written > 5000 * len(runs)
    assert sorted(extras)[len(extras) // 2] < written / 100, (extras[:5], written)


def test_a_long_body_keeps_every_paragraph_in_order(sandbox: Path) -> None:
    _write(sandbox, "than.yaml", large.body_plan(2000))
    document = _build(sandbox, "than.yaml")
    numbers = [
        int(match.group(1))
        for paragraph in document.paragraphs
        if (match := re.search(r"Việc số (\d+) do xã thực hiện", paragraph.text))
    ]
    assert numbers == list(range(1, 2001))
    bold = [
        paragraph.text
        for paragraph in document.paragraphs
        if "Việc số" in paragraph.text and any(run.bold for run in paragraph.runs)
    ]
    assert len(bold) == 200
