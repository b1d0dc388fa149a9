"""``kehoach import``: a lettered point whose dash items are records comes back as records.

«a) Mục tiêu» and «b) Nhiệm vụ» under a reform area print the area's target
and task records (``Point.targets``/``Point.tasks``). Imported, the items of
«b)» that repeat the appendix's tasks become ``tasks: {groups: [g]}`` (the
body's wording kept as ``text``, the appendix's as ``appendix_text``, an item
only the body has ``in_appendix: false``, a task only the appendix has
``in_body: false``); the items of «a)» become target records and
``targets:``, their values guessed (the figure, else the sentence) and
commented.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import make_repository, minimal_plan
from import_helpers import CORPUS, printed_records, run_import
from ruamel.yaml import YAML

from kehoach.pipeline import build_plan
from kehoach.source.loader import load_plan

REPO = Path(__file__).resolve().parents[1]
CCHC = CORPUS / "lamdong_kh-cchc-2026-2030.docx"
HAND = "plans/lam-dong/kh-cchc-2026-2030.yaml"

RECORDS = """\
phases: [2026-2030]
target_groups:
  - {id: the-che, title: Cải cách thể chế}
targets:
  - {id: mt-1, group: the-che, text: "{value} văn bản được kiểm tra theo quy định",
     values: {2026-2030: 100%}}
  - {id: mt-2, group: the-che, text: "{value} ứng dụng AI hỗ trợ phổ biến pháp luật",
     values: {2026-2030: Có}}
task_groups:
  - {id: the-che, title: Cải cách thể chế}
  - {id: tthc, title: Cải cách thủ tục hành chính}
tasks:
  - id: nv-1
    group: the-che
    text: Thực hiện việc đăng tải, cập nhật văn bản quy phạm pháp luật của tỉnh ngay khi ban hành
    result: Văn bản được đăng tải
    lead: [Sở Tư pháp]
  - id: nv-2
    group: the-che
    text: Sở Tư pháp tham mưu Ủy ban nhân dân tỉnh triển khai ứng dụng trí tuệ nhân tạo trong
      công tác phổ biến, giáo dục pháp luật trên địa bàn tỉnh.
    appendix_text: Tham mưu UBND tỉnh triển khai ứng dụng trí tuệ nhân tạo trong công tác phổ
      biến, giáo dục pháp luật.
    result: Ứng dụng trí tuệ nhân tạo
    lead: [Sở Tư pháp]
  - id: nv-3
    group: the-che
    text: Các cơ quan Trung ương đóng trên địa bàn tỉnh phối hợp rà soát văn bản theo ngành dọc.
    in_appendix: false
  - id: nv-4
    group: the-che
    text: Định kỳ công bố danh mục văn bản hết hiệu lực, tạm ngưng hiệu lực theo thẩm quyền.
    result: Danh mục văn bản
    lead: [Sở Tư pháp]
  - id: nv-5
    group: the-che
    text: Tổng hợp, báo cáo kết quả rà soát văn bản hằng năm gửi Bộ Tư pháp
    result: Báo cáo
    lead: [Sở Tư pháp]
    in_body: false
  - id: nv-6
    group: tthc
    text: Rà soát, đánh giá thủ tục hành chính hằng năm theo kế hoạch của tỉnh
    result: Kết quả rà soát
    lead: [Văn phòng UBND tỉnh]
    in_body: false
appendices:
  - title: PHÂN CÔNG THỰC HIỆN NHIỆM VỤ
    source: tasks
    columns:
      - {field: stt, header: STT, width: 1.5}
      - {field: text, header: Nhiệm vụ, width: 8}
      - {field: result, header: Sản phẩm, width: 5}
      - {field: lead, header: Chủ trì thực hiện, width: 4}
"""

BODY = """\
  - title: CHỈ TIÊU, NHIỆM VỤ
    sections:
      - title: Cải cách thể chế
        points:
          - text: Mục tiêu
            targets: {groups: [the-che], punctuation: sentence}
          - text: Nhiệm vụ
            tasks: {groups: [the-che], punctuation: sentence}
"""


def _plan_text() -> str:
    text = minimal_plan(tail=RECORDS)
    return text.replace("body:\n", "body:\n" + BODY, 1)


def _yaml(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _points(data: dict[str, Any]) -> list[dict[str, Any]]:
    def walk(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [s for section in sections for s in (section, *walk(section.get("sections", [])))]

    return [p for s in walk(data["body"]) for p in s.get("points", []) if isinstance(p, dict)]


def test_points_printed_from_records_come_back_as_records(tmp_path: Path) -> None:
    root = make_repository(tmp_path)
    (root / "plans" / "diem.yaml").write_text(_plan_text(), encoding="utf-8")
    built = build_plan(root, root / "plans" / "diem.yaml", Path("build"))
    result = run_import(root, built, "plans/imported.yaml")
    assert result.returncode == 0, result.stderr
    imported = root / "plans" / "imported.yaml"
    data = _yaml(imported)
    points = {p["text"]: p for p in _points(data)}
    assert points["Mục tiêu"].get("targets", {}).get("punctuation") == "sentence"
    assert "items" not in points["Mục tiêu"] and "items" not in points["Nhiệm vụ"]
    task_group = points["Nhiệm vụ"]["tasks"]["groups"]
    by_text = {t["text"]: t for t in data["tasks"]}
    body_only = by_text[
        "Các cơ quan Trung ương đóng trên địa bàn tỉnh phối hợp rà soát văn bản theo ngành dọc."
    ]
    assert body_only["in_appendix"] is False and [body_only["group"]] == task_group
    differing = next(t for t in data["tasks"] if t["text"].startswith("Sở Tư pháp tham mưu"))
    assert differing["appendix_text"].startswith("Tham mưu UBND tỉnh")
    appendix_only = next(t for t in data["tasks"] if t["text"].startswith("Tổng hợp, báo cáo"))
    assert appendix_only["in_body"] is False
    # the order the point prints: the body-only task stays between nv-2 and nv-4
    order = [t["text"][:12] for t in data["tasks"] if t["group"] == body_only["group"]]
    assert order.index(body_only["text"][:12]) == 2
    assert {next(iter(t["values"].values())) for t in data["targets"]} == {
        "100%", "Có ứng dụng AI hỗ trợ phổ biến pháp luật"
    }
    text = imported.read_text(encoding="utf-8")
    assert "# đoán: không thấy con số" in text
    report = imported.with_name("imported.import.txt").read_text(encoding="utf-8")
    assert "nhiệm vụ nv-2" not in report  # ids are the import's own
    assert "thân văn bản «Sở Tư pháp tham mưu" in report
    before = load_plan(root / "plans" / "diem.yaml", "plans/diem.yaml", root=root).plan
    after = load_plan(imported, "plans/imported.yaml", root=root).plan
    assert printed_records(after) == printed_records(before)


@pytest.mark.skipif(not CCHC.exists(), reason="the Lâm Đồng corpus is not here")
def test_the_cchc_original_gives_the_hand_written_records(tmp_path: Path) -> None:
    """The Word original, not our own build: its «a) Mục tiêu» / «b) Nhiệm vụ» points give
    the same printed records as the plan the project wrote by hand from it."""
    root = make_repository(tmp_path)
    result = run_import(root, CCHC, "plans/cchc.yaml")
    assert result.returncode == 0, result.stderr
    imported = root / "plans" / "cchc.yaml"
    data = _yaml(imported)
    pointed = [p for p in _points(data) if "targets" in p or "tasks" in p]
    assert [p["text"] for p in pointed] == ["Mục tiêu", "Nhiệm vụ"] * 6
    after = load_plan(imported, "plans/cchc.yaml", root=root).plan
    before = load_plan(REPO / HAND, HAND, root=REPO).plan
    assert printed_records(after) == printed_records(before)
    assert len(after.targets) == 43
    assert sum(not t.in_appendix for t in after.tasks) == 1
    report = imported.with_name("cchc.import.txt").read_text(encoding="utf-8")
    assert "43 chỉ tiêu (targets:)" in report
