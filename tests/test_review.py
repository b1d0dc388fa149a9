"""`kehoach diff` and `kehoach redline` on real plans, in a throwaway git repository.

The repository holds a copy of every real plan (v1), then the same plans
edited the way reviewers meet them (v2): a target value changed, a task
reworded, a task added and one removed, the signer changed; then (v3) the
city's plan renames a task its wards implement. The JSON diff must list
exactly those changes; the redline must give the NEW text when every change
is accepted and the OLD text when every change is rejected, on the XML and
through LibreOffice.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_repository
from libreoffice import LibreOffice
from lxml import etree
from ooxml import validate_docx
from review_scenarios import git

from kehoach.base.workspace import TEMPLATE
from kehoach.cascade.inheritance import clear_cache
from kehoach.cli.commands import main
from kehoach.model.document import LaidOutDocument
from kehoach.pipeline import Source, Stage, compile_plan
from kehoach.review.compare import redline_bytes
from kehoach.review.plandiff import word_diff
from kehoach.writers.redline import W, paragraph_texts, resolve_changes
from kehoach.writers.template import render_with_template

LONG_MY = "plans/can-tho/long-my/kh-cqs-2026-2030.yaml"
KH_224 = "plans/can-tho/kh-224-2025.yaml"
KH_219 = "plans/can-tho/kh-219-2025.yaml"
REVIEWER = "Người Soát Xét"
V2_DATE = "2026-02-03T04:05:06Z"


def _remove_record(text: str, ident: str) -> str:
    """Drop the list item ``- id: ident`` up to the next item, comment block or top-level key."""
    pattern = re.compile(
        rf"\n  - id: {re.escape(ident)}\b.*?(?=\n  - id: |\n  # |\n[a-z_]+:)", re.DOTALL
    )
    edited, count = pattern.subn("", text)
    assert count == 1, ident
    return edited


def _replace(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def _edit_long_my(text: str) -> str:
    text = _replace(
        text,
        "    values:\n      2026-2027: 100%\n\n  - id: cung-cap-mot-lan",
        "    values:\n      2026-2027: 95%\n\n  - id: cung-cap-mot-lan",
    )
    text = _replace(
        text,
        "Phối hợp xây dựng và thường xuyên cập nhật Khung kiến trúc số thành phố",
        "Chủ trì xây dựng và cập nhật định kỳ Khung kiến trúc số thành phố",
    )
    text = _replace(
        text,
        "  - id: khung-kien-truc-so\n",
        "  - id: tap-huan-cds\n    group: the-che\n"
        "    text: Tổ chức tập huấn chuyển đổi số cho cán bộ, công chức phường;\n"
        "  - id: khung-kien-truc-so\n",
    )
    text = _remove_record(text, "vi-tri-viec-lam-ky-nang-so")
    return _replace(text, "name: Nguyễn Văn Chì", "name: Trần Thị Bình")


def _edit_224(text: str) -> str:
    text = _replace(
        text,
        '    values:\n      "2026": 100%\n    lead:',
        '    values:\n      "2026": 98%\n    lead:',
    )
    text = _replace(
        text,
        "Tổ chức các phiên họp Ban Chỉ đạo định kỳ để đánh giá tiến độ",
        "Tổ chức các phiên họp Ban Chỉ đạo hằng tháng để đánh giá kết quả",
    )
    text = _replace(
        text,
        "  - id: hop-ban-chi-dao\n",
        "  - id: so-tay-cds\n    group: lanh-dao-chi-dao\n"
        "    text: Biên soạn sổ tay hướng dẫn chuyển đổi số cho cấp xã.\n"
        "    lead:\n      - Sở Khoa học và Công nghệ\n    deadline: Quý II/2026\n\n"
        "  - id: hop-ban-chi-dao\n",
    )
    text = _remove_record(text, "kiem-tra-giam-sat-chuyen-de")
    return _replace(text, "name: Nguyễn Văn Khởi", "name: Lê Văn Mới")


def _git(
    root: Path, *args: str, author: str = "Người Soạn", date: str = "2026-01-10T08:00:00Z"
) -> None:
    git(root, *args, author=author, date=date)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """v1: the real plans; v2: reviewers' edits to two plans; v3: the city renames a task."""
    root = copy_repository(tmp_path_factory.mktemp("history"))
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "v1")
    _git(root, "tag", "v1")
    for path, edit in ((LONG_MY, _edit_long_my), (KH_224, _edit_224)):
        file = root / path
        file.write_text(edit(file.read_text(encoding="utf-8")), encoding="utf-8")
    _git(root, "commit", "-q", "-am", "v2", author=REVIEWER, date=V2_DATE)
    _git(root, "tag", "v2")
    parent = root / KH_219
    parent.write_text(
        _replace(parent.read_text(encoding="utf-8"), "id: gop-y-van-ban-qppl", "id: gop-y-vbqppl"),
        encoding="utf-8",
    )
    _git(root, "commit", "-q", "-am", "v3")
    _git(root, "tag", "v3")
    clear_cache()
    return root


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    return result.exit_code, result.output


def _changes(root: Path, old: str, new: str) -> dict:
    code, out = _run(root, "diff", old, new, "--format", "json")
    assert code == 1, out
    return json.loads(out)


def _summary(report: dict) -> set[tuple[object, ...]]:
    return {(c["area"], c["action"], c["key"], c["field"], c["phase"]) for c in report["changes"]}


def test_diff_lists_exactly_the_changes(history: Path) -> None:
    report = _changes(history, f"v1:{LONG_MY}", f"v2:{LONG_MY}")
    assert _summary(report) == {
        ("target", "changed", "dvctt-toan-trinh", "values", "2026-2027"),
        ("task", "changed", "khung-kien-truc-so", "text", None),
        ("task", "added", "tap-huan-cds", None, None),
        ("task", "removed", "vi-tri-viec-lam-ky-nang-so", None, None),
        ("signature", "changed", "signature", "name", None),
    }
    value = next(c for c in report["changes"] if c["area"] == "target")
    assert (value["old"], value["new"]) == ("100%", "95%")
    reworded = next(c for c in report["changes"] if c["field"] == "text")
    assert ["-", "Phối hợp"] in reworded["words"] and ["+", "Chủ trì"] in reworded["words"]
    assert report["children"] == []


def test_diff_of_a_plan_with_appendices(history: Path) -> None:
    report = _changes(history, f"v1:{KH_224}", KH_224)  # a revision against the working file
    assert _summary(report) == {
        ("target", "changed", "tthc-truc-tuyen-toan-trinh", "values", "2026"),
        ("task", "changed", "hop-ban-chi-dao", "text", None),
        ("task", "added", "so-tay-cds", None, None),
        ("task", "removed", "kiem-tra-giam-sat-chuyen-de", None, None),
        ("signature", "changed", "signature", "name", None),
    }


def test_text_and_markdown_reports(history: Path) -> None:
    code, text = _run(history, "diff", f"v1:{LONG_MY}", f"v2:{LONG_MY}")
    assert code == 1
    assert (
        "chỉ tiêu dvctt-toan-trinh (mục I.2.1.a, gạch đầu dòng thứ 1), giá trị giai đoạn "
        "2026-2027: 100% → 95%" in text
    )
    assert "nhiệm vụ tap-huan-cds (mục II.1.b): thêm mới\n    nhóm: the-che" in text
    assert "chữ ký, người ký: Nguyễn Văn Chì → Trần Thị Bình" in text
    assert "[-Phối hợp-]{+Chủ trì+}" in text
    code, markdown = _run(history, "diff", f"v1:{LONG_MY}", f"v2:{LONG_MY}", "--format", "markdown")
    assert code == 1
    assert "<del>Phối hợp</del><ins>Chủ trì</ins>" in markdown
    assert "- nhiệm vụ `vi-tri-viec-lam-ky-nang-so` (mục II.1.c): bị xóa" in markdown


def test_equal_and_unreadable_versions(history: Path) -> None:
    code, out = _run(history, "diff", f"v2:{LONG_MY}", LONG_MY)
    assert (code, out.strip().splitlines()[1]) == (0, "không có thay đổi nội dung.")
    # The parent renamed a task since v2: the ward's check says so, even though its text is equal.
    assert "[missing-assigned-task]" in out
    code, out = _run(history, "diff", "v1:plans/khong-co.yaml", LONG_MY)
    assert code == 2 and "không có «plans/khong-co.yaml» ở phiên bản «v1»" in out
    broken = history / "plans" / "broken.yaml"
    broken.write_text("document: [\n", encoding="utf-8")
    try:
        code, out = _run(history, "diff", LONG_MY, "plans/broken.yaml")
    finally:
        broken.unlink()
    assert code == 2 and "plans/broken.yaml:" in out


def test_with_children_reports_findings_created(history: Path) -> None:
    report = _changes(history, f"v2:{KH_219}", f"v3:{KH_219}")
    assert _summary(report) == {("task", "renamed", "gop-y-vbqppl", "id", None)}
    code, out = _run(
        history, "diff", f"v2:{KH_219}", f"v3:{KH_219}", "--with-children", "--format", "json"
    )
    assert code == 1
    children = json.loads(out)["children"]
    created = {(c["child"], c["action"], c["code"]) for c in children}
    assert (LONG_MY, "created", "unknown-task") in created
    assert all(c["child"] != KH_219 for c in children)
    # Going back clears what going forward created.
    code, out = _run(
        history, "diff", f"v3:{KH_219}", f"v2:{KH_219}", "--with-children", "--format", "json"
    )
    back = {(c["child"], c["action"], c["code"]) for c in json.loads(out)["children"]}
    assert (LONG_MY, "cleared", "unknown-task") in back


# --- redline -------------------------------------------------------------------------------


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def _draft_layout(root: Path, path: str) -> LaidOutDocument:
    """``path`` laid out as `kehoach build` would, minus the refusal of inheritance errors."""
    clear_cache()
    compiled = compile_plan(Source(root, root / path, path), until=Stage.LAYOUT, draft=True)
    clear_cache()
    return compiled.document


def _rendering(root: Path, rev: str, path: str, tmp: Path) -> bytes:
    """The plain rendering of ``rev:path`` (checked out into a worktree of the repository)."""
    tree = tmp / f"tree-{rev}"
    if not tree.exists():
        _git(root, "worktree", "add", "-q", "--detach", str(tree), rev)
    # The edited ward now breaks a floor of the city, which review must still show.
    return render_with_template(_draft_layout(tree, path), tree / TEMPLATE, TEMPLATE.as_posix())


@pytest.fixture(scope="module")
def redlines(
    history: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, bytes]]:
    """For each edited plan: the redline v1 → v2 and the plain renderings of v1 and v2."""
    tmp = tmp_path_factory.mktemp("renderings")
    found: dict[str, dict[str, bytes]] = {}
    for path in (LONG_MY, KH_224):
        data, stamp, changed = redline_bytes(history, f"v1:{path}", f"v2:{path}")
        assert changed and (stamp.author, stamp.date) == (REVIEWER, V2_DATE)
        found[path] = {
            "redline": data,
            "old": _rendering(history, "v1", path, tmp),
            "new": _rendering(history, "v2", path, tmp),
        }
    return found


@pytest.mark.parametrize("path", [LONG_MY, KH_224])
def test_accept_all_gives_new_and_reject_all_gives_old(redlines, path: str) -> None:
    sides = redlines[path]
    xml = _document_xml(sides["redline"])
    assert paragraph_texts(resolve_changes(xml, accept=True)) == paragraph_texts(
        _document_xml(sides["new"])
    )
    assert paragraph_texts(resolve_changes(xml, accept=False)) == paragraph_texts(
        _document_xml(sides["old"])
    )


@pytest.mark.parametrize("path", [LONG_MY, KH_224])
def test_tracked_changes_are_well_formed(redlines, path: str) -> None:
    root = etree.fromstring(_document_xml(redlines[path]["redline"]))
    ns = {"w": W}
    marks = root.xpath("//w:ins | //w:del", namespaces=ns)
    assert marks
    ids = [m.get(f"{{{W}}}id") for m in marks]
    assert len(ids) == len(set(ids))
    assert {m.get(f"{{{W}}}author") for m in marks} == {REVIEWER}
    assert {m.get(f"{{{W}}}date") for m in marks} == {V2_DATE}
    assert not root.xpath("//w:del//w:t", namespaces=ns)  # deleted text is w:delText
    assert not root.xpath("//w:ins//w:delText", namespaces=ns)
    assert validate_docx(redlines[path]["redline"]) == []


def test_appendix_rows_are_tracked(redlines) -> None:
    root = etree.fromstring(_document_xml(redlines[KH_224]["redline"]))
    ns = {"w": W}
    inserted = root.xpath("//w:tr[w:trPr/w:ins]", namespaces=ns)
    deleted = root.xpath("//w:tr[w:trPr/w:del]", namespaces=ns)
    assert any("Biên soạn sổ tay" in "".join(r.itertext()) for r in inserted)
    assert any("kiểm tra, giám sát chuyên đề" in "".join(r.itertext()) for r in deleted)
    cell_edits = root.xpath("//w:tc//w:ins//w:t[contains(., '98')]", namespaces=ns)
    assert cell_edits


def test_no_change_redline_is_the_new_document(history: Path, tmp_path: Path) -> None:
    data, _, changed = redline_bytes(
        history, f"v2:{LONG_MY}", LONG_MY, author="X", date="2026-01-01"
    )
    assert not changed
    plain = render_with_template(
        _draft_layout(history, LONG_MY), history / TEMPLATE, TEMPLATE.as_posix()
    )
    assert data == plain
    assert b"<w:ins " not in _document_xml(data) and b"<w:del " not in _document_xml(data)


def test_redline_command_writes_the_file(history: Path) -> None:
    code, out = _run(
        history,
        "redline",
        f"v1:{LONG_MY}",
        LONG_MY,
        "-o",
        "build/r.docx",
        "--author",
        "Ban Pháp chế",
        "--date",
        "2026-03-04",
    )
    assert code == 0, out
    xml = _document_xml((history / "build" / "r.docx").read_bytes())
    assert (
        b'w:author="Ban Ph\xc3\xa1p ch\xe1\xba\xbf"' in xml
        and b'w:date="2026-03-04T00:00:00Z"' in xml
    )


def test_word_diff_joins_neighbouring_changes() -> None:
    assert word_diff("Phối hợp xây dựng", "Chủ trì xây dựng") == (
        ("-", "Phối hợp"),
        ("+", "Chủ trì"),
        ("=", " xây dựng"),
    )


# --- through LibreOffice --------------------------------------------------------------------


def test_libreoffice_accepts_and_rejects(
    redlines, libreoffice: LibreOffice, tmp_path: Path
) -> None:
    """Accept all / Reject all in LibreOffice, text export, against the plain renderings."""
    python = libreoffice.uno_python()
    jobs = []
    for index, path in enumerate((LONG_MY, KH_224)):
        for kind in ("redline", "old", "new"):
            (tmp_path / f"{index}-{kind}.docx").write_bytes(redlines[path][kind])
        for mode, kind in (
            ("accept", "redline"),
            ("reject", "redline"),
            ("plain", "old"),
            ("plain", "new"),
        ):
            source = tmp_path / f"{index}-{kind}.docx"
            jobs.append(f"{mode}:{source}:{tmp_path / f'{index}-{mode}-{kind}.txt'}")
    env = {k: v for k, v in libreoffice.env().items() if k != "PYTHONPATH"}
    subprocess.run(
        [python, str(Path(__file__).with_name("lo_tracked.py")), str(tmp_path / "profile"), *jobs],
        check=True,
        timeout=180,
        env=env,
    )
    for index in range(2):
        text = {
            name: (tmp_path / f"{index}-{name}.txt").read_text(encoding="utf-8")
            for name in ("accept-redline", "reject-redline", "plain-old", "plain-new")
        }
        assert text["accept-redline"] == text["plain-new"]
        assert text["reject-redline"] == text["plain-old"]
        assert text["plain-new"] != text["plain-old"]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
