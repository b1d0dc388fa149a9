"""Footnotes where the table writer draws the runs: body-table cells and text appendices.

The body writer draws its runs through the template; tables and appendices are
drawn with python-docx afterwards. A note there must still become a real
footnote (reference in the cell, text in footnotes.xml), not vanish.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from conftest import make_repository, sample_document
from lxml import etree
from ruamel.yaml import YAML

from kehoach.pipeline import build_plan

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _plan() -> dict[str, Any]:
    return {
        "document": sample_document(period=None),
        "body": [
            {
                "title": "Lịch tuyên truyền",
                "text": "Thân văn bản^[Chú thích thân.]",
                "table": {
                    "columns": [
                        {"header": "TT", "numbered": True},
                        {"header": "Nội dung"},
                        {"header": "Thời gian"},
                    ],
                    "rows": [["Chuyên mục^[Chú thích trong ô.]", "Quý I"]],
                },
            }
        ],
        "recipients": ["Như trên"],
        "signature": {"title": "Chủ tịch", "name": "Nguyễn Văn A"},
        "appendices": [
            {
                "title": "Đề cương báo cáo",
                "body": [{"title": "Kết quả", "text": "Số liệu^[Chú thích phụ lục.]"}],
            }
        ],
    }


def _built(tmp_path: Path) -> zipfile.ZipFile:
    root = make_repository(tmp_path)
    path = root / "plans" / "a.yaml"
    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(_plan(), out)
    path.write_text(out.getvalue(), encoding="utf-8")
    return zipfile.ZipFile(build_plan(root, path, Path("build")))


def test_notes_in_a_table_cell_and_a_text_appendix_are_footnotes(tmp_path: Path) -> None:
    docx = _built(tmp_path)
    notes = etree.fromstring(docx.read("word/footnotes.xml"))
    texts = {
        int(note.get(f"{{{W}}}id")): "".join(note.itertext()).strip()
        for note in notes.iter(f"{{{W}}}footnote")
        if int(note.get(f"{{{W}}}id")) > 0
    }
    assert sorted(texts.values()) == [
        "Chú thích phụ lục.",
        "Chú thích thân.",
        "Chú thích trong ô.",
    ]
    body = etree.fromstring(docx.read("word/document.xml"))
    in_cells = [
        int(ref.get(f"{{{W}}}id"))
        for cell in body.iter(f"{{{W}}}tc")
        for ref in cell.iter(f"{{{W}}}footnoteReference")
    ]
    assert [texts[i] for i in in_cells] == ["Chú thích trong ô."]
    every = [int(ref.get(f"{{{W}}}id")) for ref in body.iter(f"{{{W}}}footnoteReference")]
    assert sorted(every) == sorted(texts)  # each note referenced once
