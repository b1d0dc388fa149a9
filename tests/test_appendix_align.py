"""Appendix record columns aligned as the original sets them, and an appendix without its
«(Kèm theo …)» line (issue 13: the Lâm Đồng plans).

The CCHC plan's original centres its Chủ trì, Phối hợp and Theo dõi columns
(column ``align``); the kiểm tra plan's draft prints no reference line under
its appendices' titles (appendix ``reference_line: false``). Asserted from
the .docx.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import make_repository, sample_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx_facts import paragraph_value
from ruamel.yaml import YAML

from kehoach.pipeline import build_plan


def _plan(appendix: dict[str, Any]) -> dict[str, Any]:
    return {
        "document": sample_document(),
        "task_groups": [{"id": "a", "title": "Nhóm a"}],
        "tasks": [
            {
                "id": "t",
                "group": "a",
                "text": "Nhiệm vụ thử",
                "lead": ["Sở Nội vụ"],
                "partners": ["Sở Tư pháp"],
                "deadline": "Năm 2026",
            },
        ],
        "body": [{"title": "Nhiệm vụ", "text": "Theo Phụ lục."}],
        "recipients": ["Như trên"],
        "signature": {"title": "Chủ tịch", "name": "Nguyễn Văn A"},
        "appendices": [
            {
                "title": "Phân công nhiệm vụ",
                "source": "tasks",
                **appendix,
            }
        ],
    }


COLUMNS: list[dict[str, Any]] = [
    {"field": "stt", "header": "STT"},
    {"field": "text", "header": "Nhiệm vụ"},
    {"field": "lead", "header": "Chủ trì", "align": "center"},
    {"field": "partners", "header": "Phối hợp"},
    {"field": "deadline", "header": "Thời gian"},
]


def _build(root: Path, plan: dict[str, Any]) -> docx.document.Document:
    path = root / "plans" / "a.yaml"
    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(plan, out)
    path.write_text(out.getvalue(), encoding="utf-8")
    return docx.Document(str(build_plan(root, path, Path("build"))))


def _alignment(cell: Any) -> object:
    return paragraph_value(cell.paragraphs[0], lambda f: f.alignment)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_repository(tmp_path)


def test_a_record_column_is_aligned_as_written(root: Path) -> None:
    table = _build(root, _plan({"columns": COLUMNS})).tables[-1]
    row = next(r for r in table.rows if r.cells[1].text == "Nhiệm vụ thử")
    stt, _, lead, partners, _ = row.cells
    assert _alignment(stt) == WD_ALIGN_PARAGRAPH.CENTER  # its field's usual alignment
    assert _alignment(lead) == WD_ALIGN_PARAGRAPH.CENTER  # align: center
    assert _alignment(partners) != WD_ALIGN_PARAGRAPH.CENTER  # no align: as today


def test_a_usually_centred_column_set_left(root: Path) -> None:
    columns = [{**c, "align": "left"} if c["field"] == "stt" else c for c in COLUMNS]
    table = _build(root, _plan({"columns": columns})).tables[-1]
    row = next(r for r in table.rows if r.cells[1].text == "Nhiệm vụ thử")
    assert _alignment(row.cells[0]) != WD_ALIGN_PARAGRAPH.CENTER


def test_a_right_aligned_column(root: Path) -> None:
    columns = [{**c, "align": "right"} if c["field"] == "partners" else c for c in COLUMNS]
    table = _build(root, _plan({"columns": columns})).tables[-1]
    row = next(r for r in table.rows if r.cells[1].text == "Nhiệm vụ thử")
    assert _alignment(row.cells[3]) == WD_ALIGN_PARAGRAPH.RIGHT


def _reference_lines(document: docx.document.Document) -> list[str]:
    texts = (p.text.replace("\u00a0", " ") for p in document.paragraphs)  # balanced: no-break
    return [text for text in texts if text.startswith("(Kèm theo Kế hoạch số")]


def test_an_appendix_may_leave_out_its_reference_line(root: Path) -> None:
    kept = _build(root, _plan({"columns": COLUMNS}))
    assert len(_reference_lines(kept)) == 1
    left_out = _build(root, _plan({"columns": COLUMNS, "reference_line": False}))
    assert _reference_lines(left_out) == []
    assert any(
        p.text.replace("\u00a0", " ").upper() == "PHÂN CÔNG NHIỆM VỤ" for p in left_out.paragraphs
    )
