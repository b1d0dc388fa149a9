"""A lettered point whose dash items come from records (issue 13: the Lâm Đồng CCHC plan).

«a) Mục tiêu» lists a group's targets and «b) Nhiệm vụ» a group's tasks, and
the task appendix is printed from the same task records: the body and the
appendix cannot drift apart. Wording differences are per record:
``appendix_text`` for the appendix, ``in_body: false`` for a task only in
the appendix, ``in_appendix: false`` for one only in the body. Asserted from
the .docx.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from conftest import make_repository, sample_document
from ruamel.yaml import YAML

from kehoach.base.diagnostics import PlanError
from kehoach.cli.commands import main
from kehoach.pipeline import build_plan


def _plan(points: list[Any]) -> dict[str, Any]:
    return {
        "document": sample_document(),
        "phases": ["2026-2030"],
        "target_groups": [{"id": "the-che", "title": "Thể chế"}, {"id": "khac", "title": "Khác"}],
        "targets": [
            {
                "id": "vb",
                "group": "the-che",
                "text": "{value} văn bản được cập nhật kịp thời",
                "values": {"2026-2030": "100%"},
            },
            {
                "id": "ai",
                "group": "the-che",
                "text": "{value} ứng dụng AI hỗ trợ phổ biến pháp luật.",
                "values": {"2026-2030": "Có"},
            },
            {
                "id": "x",
                "group": "khac",
                "text": "Chỉ tiêu khác {value}",
                "values": {"2026-2030": "1"},
            },
        ],
        "task_groups": [{"id": "the-che", "title": "Cải cách thể chế"}],
        "tasks": [
            {
                "id": "t1",
                "group": "the-che",
                "text": "Đăng tải văn bản ngay khi ban hành.",
                "result": "Văn bản được đăng tải",
            },
            {
                "id": "t2",
                "group": "the-che",
                "text": "Sở Tư pháp tham mưu Ủy ban nhân dân tỉnh ứng dụng AI.",
                "appendix_text": "Tham mưu UBND tỉnh ứng dụng AI",
                "result": "Ứng dụng AI",
            },
            {
                "id": "t3",
                "group": "the-che",
                "text": "Thanh tra công vụ chỉ ở phụ lục",
                "in_body": False,
                "result": "Kết luận thanh tra",
            },
            {
                "id": "t4",
                "group": "the-che",
                "text": "Cơ quan Trung ương phối hợp giải quyết.",
                "in_appendix": False,
            },
        ],
        "body": [
            {
                "title": "Chỉ tiêu, nhiệm vụ",
                "sections": [{"title": "Cải cách thể chế", "points": points}],
            }
        ],
        "closing": "Trên đây là Kế hoạch thử.",
        "recipients": ["Như trên"],
        "signature": {"title": "Chủ tịch", "name": "Nguyễn Văn A"},
        "appendices": [
            {
                "title": "Phân công nhiệm vụ",
                "source": "tasks",
                "columns": [
                    {"field": "stt", "header": "STT", "width": 1.5},
                    {"field": "text", "header": "Nhiệm vụ", "width": 8},
                    {"field": "result", "header": "Sản phẩm", "width": 5},
                ],
            }
        ],
    }


POINTS: list[Any] = [
    {"text": "Mục tiêu", "targets": {"groups": ["the-che"], "punctuation": "sentence"}},
    {"text": "Nhiệm vụ", "tasks": {"groups": ["the-che"]}},
]


def _build(root: Path, plan: dict[str, Any]) -> Path:
    path = root / "plans" / "a.yaml"
    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(plan, out)
    path.write_text(out.getvalue(), encoding="utf-8")
    return build_plan(root, path, Path("build"))


def _body(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text]


def _appendix_rows(path: Path) -> list[list[str]]:
    table = docx.Document(str(path)).tables[-1]
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_repository(tmp_path)


def test_a_point_lists_its_groups_targets_with_their_values(root: Path) -> None:
    body = _body(_build(root, _plan(POINTS)))
    start = body.index("a) Mục tiêu")
    assert body[start + 1 : start + 4] == [
        "- 100% văn bản được cập nhật kịp thời.",
        "- Có ứng dụng AI hỗ trợ phổ biến pháp luật.",
        "b) Nhiệm vụ",
    ]
    assert not any("Chỉ tiêu khác" in text for text in body)  # another group's target


def test_target_items_default_to_the_list_punctuation(root: Path) -> None:
    points = [{"text": "Mục tiêu", "targets": {"groups": ["the-che", "khac"]}}]
    body = _body(_build(root, _plan(points)))
    start = body.index("Mục tiêu")  # a single point stands without a letter
    assert body[start + 1 : start + 4] == [
        "- 100% văn bản được cập nhật kịp thời;",
        "- Có ứng dụng AI hỗ trợ phổ biến pháp luật;",
        "- Chỉ tiêu khác 1.",
    ]


def test_body_tasks_and_appendix_rows_come_from_the_same_records(root: Path) -> None:
    built = _build(root, _plan(POINTS))
    body = _body(built)
    start = body.index("b) Nhiệm vụ")
    assert body[start + 1 : start + 4] == [
        "- Đăng tải văn bản ngay khi ban hành.",
        "- Sở Tư pháp tham mưu Ủy ban nhân dân tỉnh ứng dụng AI.",
        "- Cơ quan Trung ương phối hợp giải quyết.",
    ]
    assert not any("Thanh tra công vụ" in text for text in body)  # in_body: false
    rows = [row[1:] for row in _appendix_rows(built)]
    assert ["Đăng tải văn bản ngay khi ban hành.", "Văn bản được đăng tải"] in rows
    assert ["Tham mưu UBND tỉnh ứng dụng AI", "Ứng dụng AI"] in rows  # appendix_text
    assert ["Thanh tra công vụ chỉ ở phụ lục", "Kết luận thanh tra"] in rows
    assert not any("Cơ quan Trung ương" in cell for row in rows for cell in row)  # in_appendix


def test_a_point_naming_an_unknown_group_is_refused(root: Path) -> None:
    points = [{"text": "Nhiệm vụ", "tasks": {"groups": ["khong-co"]}}]
    with pytest.raises(PlanError) as caught:
        _build(root, _plan(points))
    assert "khong-co" in str(caught.value)
    assert "task_groups" in str(caught.value)


def test_targets_without_a_declared_phase_must_name_one(root: Path) -> None:
    plan = _plan([{"text": "Mục tiêu", "targets": {"groups": ["the-che"]}}])
    plan["phases"] = []
    for target in plan["targets"]:
        target["values"] = {}
    plan["targets"] = []
    with pytest.raises(PlanError) as caught:
        _build(root, plan)
    assert "phase" in str(caught.value)


def _git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Người Soạn",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "Người Soạn",
        "GIT_COMMITTER_EMAIL": "a@example.org",
    }
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def test_review_places_each_task_where_it_is_printed(root: Path) -> None:
    """A task only in the body is placed at its dash item, never at an appendix row that
    merely reads alike; a task only in the appendix at its row, never in the body."""
    plan = _plan(POINTS)
    _build(root, plan)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "plans")
    _git(root, "commit", "-q", "-m", "v1")
    _git(root, "tag", "v1")
    reworded = {  # each now reads like a line printed in the other place
        "t3": "Đăng tải văn bản ngay khi ban hành, chỉ ở phụ lục",
        "t4": "Tham mưu UBND tỉnh ứng dụng AI cho cơ quan Trung ương.",
    }
    for task in plan["tasks"]:
        task["text"] = reworded.get(task["id"], task["text"])
    _build(root, plan)
    _git(root, "commit", "-q", "-am", "v2")
    _git(root, "tag", "v2")
    result = CliRunner().invoke(
        main,
        ["diff", "v1:plans/a.yaml", "v2:plans/a.yaml", "--format", "json", "--root", str(root)],
    )
    assert result.exit_code == 1, result.output
    changes = {c["key"]: c for c in json.loads(result.output)["changes"] if c["area"] == "task"}
    assert "gạch đầu dòng" in changes["t4"]["where"]
    assert "Phụ lục" not in changes["t4"]["where"]
    assert "Phụ lục" in changes["t3"]["where"]
    assert "gạch đầu dòng" not in changes["t3"]["where"]
