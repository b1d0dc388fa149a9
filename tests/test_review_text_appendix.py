"""The review names a text appendix by its title, as it names every appendix.

A text appendix holds its sections under ``body``, the key a duty's agency
name uses: the report once printed the appendix's whole section tree as its
name (seen on the Lâm Đồng kiểm tra plan's draft → final).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from conftest import make_repository, run_kehoach, sample_document
from ruamel.yaml import YAML


def _plan(reference_line: bool) -> dict[str, Any]:
    return {
        "document": sample_document(period=None),
        "body": [{"title": "Mục đích", "text": "Nội dung theo Phụ lục kèm theo."}],
        "recipients": ["Như trên", "Lưu: VT"],
        "signature": {"title": "Chủ tịch", "name": "Nguyễn Văn A"},
        "appendices": [
            {
                "title": "Đề cương báo cáo",
                "reference_line": reference_line,
                "body": [{"title": "Kết quả", "text": "Số liệu thực hiện trong năm."}],
            }
        ],
    }


def _write(path: Path, plan: dict[str, Any]) -> None:
    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(plan, out)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_a_text_appendix_is_named_by_its_title(tmp_path: Path) -> None:
    root = make_repository(tmp_path)
    _write(root / "plans" / "cu.yaml", _plan(reference_line=False))
    _write(root / "plans" / "moi.yaml", _plan(reference_line=True))
    result = run_kehoach(root, "diff", "plans/cu.yaml", "plans/moi.yaml")
    assert result.returncode == 1, result.stderr
    changes = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    assert changes == [
        "- phụ lục Đề cương báo cáo (Phụ lục), dòng «Kèm theo» của phụ lục: không → có"
    ], result.stdout
