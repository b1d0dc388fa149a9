"""``kehoach check`` warns where a records clerk would send an issued document back (issue 14).

Issued without a number, a full date, Nơi nhận, the «Lưu» line or the
signer's name; a body naming an appendix the plan does not attach. Each is a
Vietnamese warning at the plan's line and column, and leaves the exit code
0 (the plan still builds); a draft is not held to the first five.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from conftest import copy_repository, minimal_plan, run_kehoach

CODES = {
    "issued-without-number",
    "issued-without-date",
    "issued-without-recipients",
    "issued-without-storage",
    "issued-without-signer",
    "issued-without-signature",
    "missing-appendix",
}
POSITION = re.compile(r"^(plans/[^:]+\.yaml):(\d+):(\d+): cảnh báo: \[([a-z-]+)\] (.+)$", re.M)


def _warnings(root: Path, *plans: str) -> list[tuple[str, int, int, str, str]]:
    result = run_kehoach(root, "check", *plans)
    assert result.returncode == 0, result.stdout + result.stderr
    found = [
        (path, int(line), int(column), code, message)
        for path, line, column, code, message in POSITION.findall(result.stdout)
        if code in CODES
    ]
    for path, line, column, _, message in found:
        lines = (root / path).read_text(encoding="utf-8").splitlines()
        assert 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1
        assert unicodedata.is_normalized("NFC", message)
    return found


def test_the_real_plans(tmp_path: Path) -> None:
    root = copy_repository(tmp_path)
    found = _warnings(root, "plans")
    by_plan = {
        ("long-my" if "long-my" in path else Path(path).name, code) for path, _, _, code, _ in found
    }
    assert ("long-my", "issued-without-number") in by_plan
    assert ("long-my", "issued-without-date") in by_plan
    assert ("long-my", "missing-appendix") in by_plan
    assert ("kh-224-2025.yaml", "issued-without-recipients") in by_plan
    assert ("qd-3256-2025.yaml", "issued-without-recipients") in by_plan
    # The line each points at says what it is about.
    for path, line, _, code, _ in found:
        shown = (root / path).read_text(encoding="utf-8").splitlines()[line - 1]
        if code == "missing-appendix":
            assert "Phụ lục" in shown
        if code == "issued-without-date":
            assert "date" in shown


def _plan(root: Path, text: str) -> str:
    (root / "plans" / "thu.yaml").write_text(text, encoding="utf-8")
    return "plans/thu.yaml"


SIGNED = """\
recipients:
  - Sở, ban, ngành
  - "Lưu: VT"
signature:
  title: Chủ tịch
  name: Nguyễn Văn A
"""


def test_a_complete_issued_plan_is_not_warned(sandbox: Path) -> None:
    text = minimal_plan(tail=SIGNED).replace("  place:", "  number: 12\n  place:")
    assert _warnings(sandbox, _plan(sandbox, text)) == []


def test_each_missing_part_is_named_where_it_belongs(sandbox: Path) -> None:
    text = minimal_plan(
        body="Chi tiết tại Phụ lục II đính kèm.",
        tail="recipients:\n  - Sở, ban, ngành\nsignature:\n  title: Chủ tịch\n",
    ).replace("{year: 2026, month: 3, day: 5}", "{year: 2026, month: 3}")
    text = text.replace("  place:", "  status: issued\n  place:")
    found = _warnings(sandbox, _plan(sandbox, text))
    codes = {code for *_, code, _ in found}
    assert codes == {
        "issued-without-number",
        "issued-without-date",
        "issued-without-storage",
        "issued-without-signer",
        "missing-appendix",
    }
    lines = text.splitlines()
    for _, line, _, code, message in found:
        shown = lines[line - 1]
        expected = {
            "issued-without-date": "date:",
            "issued-without-storage": "Sở, ban, ngành",
            "issued-without-signer": "signature:",
            "missing-appendix": "Phụ lục II",
            "issued-without-number": "status: issued",
        }[code]
        assert expected in shown, (code, shown)
        assert any(word in message for word in ("Nơi nhận", "số", "ngày", "người ký", "Phụ lục"))


def test_a_draft_is_only_warned_of_its_appendices(sandbox: Path) -> None:
    text = minimal_plan(body="Xem Phụ lục kèm theo.").replace(
        "  place:", "  status: draft\n  place:"
    )
    codes = {code for *_, code, _ in _warnings(sandbox, _plan(sandbox, text))}
    assert codes == {"missing-appendix"}


def test_an_attached_appendix_satisfies_the_reference(sandbox: Path) -> None:
    text = minimal_plan(body="Chi tiết tại Phụ lục đính kèm.", tail=SIGNED).replace(
        "  place:", "  number: 12\n  place:"
    )
    text += """\
task_groups:
  - {id: a, title: Nhóm}
tasks:
  - {id: t, group: a, text: Việc}
appendices:
  - title: Danh mục
    source: tasks
    columns:
      - {field: text, header: Nhiệm vụ}
"""
    assert _warnings(sandbox, _plan(sandbox, text)) == []


def test_json_carries_the_warnings(tmp_path: Path) -> None:
    root = copy_repository(tmp_path)
    result = run_kehoach(root, "check", "--format", "json", "plans/can-tho/long-my")
    payload = json.loads(result.stdout)
    codes = {f["code"] for f in payload["findings"] if f["severity"] == "warning"}
    assert {"issued-without-number", "missing-appendix"} <= codes
