"""Issue 17: reviewers' commits to the real plans, each told as it happened (reports, exit codes).

Every scenario of ``review_scenarios`` is a commit on top of the real plans;
``kehoach diff v1:<plan> s-<name>:<plan>`` must report it with exit 1, in a
clerk's words: where it is printed, the printed sentence, Vietnamese names
for every field and value, and Markdown that a merge request renders as
meant. The redlines' round trip through LibreOffice is in
``test_review_redline.py``.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, make_checkout
from lxml import etree
from review_scenarios import (
    KH_219,
    KH_224,
    KHUNG,
    LONG_MY,
    QD_3256,
    REVIEWER,
    SCENARIOS,
    build_history,
    git,
)

from kehoach.cascade.inheritance import clear_cache
from kehoach.cli.commands import main
from kehoach.review.compare import redline_bytes
from kehoach.writers.redline import W, paragraph_texts, resolve_changes

NS = {"w": W}


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build_history(tmp_path_factory.mktemp("scenarios"))
    clear_cache()
    return root


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    return result.exit_code, result.output


def diff(root: Path, name: str, *extra: str, plan: str | None = None) -> tuple[int, str]:
    path = plan or SCENARIOS[name].plan
    return run(root, "diff", f"v1:{path}", f"s-{name}:{path}", *extra)


def changes(out: str) -> list[str]:
    """The report's change lines (those starting with «- » before any further heading)."""
    lines = []
    for line in out.splitlines():
        if line in ("kiểm tra bản mới:", "ảnh hưởng đến kế hoạch cấp dưới:"):
            break
        if line.startswith("- "):
            lines.append(line[2:])
    return lines


# --- 1. every change reported, exit 1 --------------------------------------------------


def test_tasks_reordered(history: Path) -> None:
    code, out = diff(history, "tasks-reordered")
    assert code == 1, out
    assert changes(out) == ["nhiệm vụ khung-kien-truc-so (mục II.1.a): đổi thứ tự, nay đứng đầu"]


def test_targets_reordered(history: Path) -> None:
    code, out = diff(history, "targets-reordered")
    assert code == 1, out
    assert len(changes(out)) == 1 and "đổi thứ tự, nay đứng đầu" in changes(out)[0]


def test_parent_date_and_title_reach_the_child(history: Path) -> None:
    code, out = diff(history, "parent-date-title")  # the child's own file did not change
    assert code == 1, out
    assert changes(out) == [
        "căn cứ, dòng 1: Thực hiện Kế hoạch số 219/KH-UBND ngày [-30-]{+29+} tháng 12 năm 2025 "
        "của Ủy ban nhân dân thành phố Cần Thơ về phát triển Chính quyền số {+và Chính quyền "
        "thông minh+} thành phố Cần Thơ giai đoạn 2026 - 2030."
    ]
    code, out = diff(history, "parent-date-title", "--with-children", plan=KH_219)
    assert code == 1
    children = out.split("ảnh hưởng đến kế hoạch cấp dưới:")[1]
    assert (
        f"- {LONG_MY}, căn cứ dòng 1: Thực hiện Kế hoạch số 219/KH-UBND ngày [-30-]{{+29+}}"
        in children
    )
    assert "- plans/can-tho/vpub/kh-cqs-2026-2030.yaml, căn cứ dòng 1: Căn cứ Kế hoạch" in children


def test_bold_added_to_a_phrase(history: Path) -> None:
    code, out = diff(history, "bold-phrase")
    assert code == 1
    assert changes(out) == [
        "tổ chức thực hiện Phòng Văn hóa – Xã hội (mục III.1.a), điểm a: "
        "định dạng: in đậm «hàng năm»"
    ]
    _, markdown = diff(history, "bold-phrase", "--format", "markdown")
    assert "**" not in markdown and "định dạng: in đậm «hàng năm»" in markdown


def _worktree(root: Path, branch: str, tmp_path: Path) -> Path:
    tree = tmp_path / branch
    git(root, "worktree", "add", "-q", str(tree), branch)
    return tree


def test_make_diff_lists_added_and_renamed_plans(history: Path, tmp_path: Path) -> None:
    tree = _worktree(history, "s-plan-added", tmp_path)
    code, out = run(tree, "review", "v1")
    added = SCENARIOS["plan-added"].plan
    assert code == 1, out
    assert f"- tệp kế hoạch {added}: kế hoạch mới: «Phát triển Chính quyền số phường" in out
    assert (tree / "build/diff" / added.removeprefix("plans/")).with_suffix(".md").is_file()
    tree = _worktree(history, "s-plan-renamed", tmp_path)
    code, out = run(tree, "review", "v1")
    assert code == 1, out
    assert f"- tệp kế hoạch: đổi tên «{QD_3256}» → «{SCENARIOS['plan-renamed'].plan}»" in out
    renamed = SCENARIOS["plan-renamed"].plan.removeprefix("plans/")
    assert (tree / "build/diff" / renamed).with_suffix(".docx").is_file()


def test_bad_revision_is_an_error(history: Path, tmp_path: Path) -> None:
    code, out = run(history, "review", "khong-co-phien-ban-nay")
    assert code == 2
    assert "«khong-co-phien-ban-nay» không phải là một phiên bản git" in out
    code, out = run(history, "review", "v1..khong-co")
    assert code == 2 and "«khong-co» không phải là một phiên bản git" in out
    make_checkout(tmp_path)
    (tmp_path / "plans").mkdir()
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "Makefile")
    git(tmp_path, "commit", "-q", "-m", "v1")
    for goal in ("diff", "review"):
        done = subprocess.run(
            ["make", "-o", ".venv/.installed", goal, "REV=khong-co", "RANGE=HEAD..khong-co"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 2, done.stdout + done.stderr
        assert "«khong-co» không phải là một phiên bản git" in done.stderr
        assert "fatal" not in done.stderr


# --- 2. matched by meaning -----------------------------------------------------------------


def test_renamed_task_is_a_rename_with_its_field_change(history: Path) -> None:
    code, out = diff(history, "task-renamed")
    assert code == 1
    lines = changes(out)
    assert lines == [
        "nhiệm vụ ke-hoach-cds-nam (Phụ lục II, dòng 1): đổi mã "
        "«ke-hoach-cong-tac-cds» → «ke-hoach-cds-nam»",
        "nhiệm vụ ke-hoach-cds-nam (Phụ lục II, dòng 1), thời gian thực hiện: "
        "Tháng 01/2026 → Tháng 02/2026",
    ]
    # The printed row, once, under the first line of the record.
    assert out.count("    in: «1 | Xây dựng, ban hành chương trình, kế hoạch công tác") == 1


def test_deleting_a_section_is_one_change(history: Path) -> None:
    code, out = diff(history, "section-deleted")
    assert code == 1
    assert changes(out) == ["mục Mục tiêu (mục II): bị xóa"]


def test_basis_line_inserted_on_top_is_one_change(history: Path) -> None:
    code, out = diff(history, "basis-inserted")
    assert code == 1
    assert changes(out) == [
        "căn cứ, dòng 1: thêm mới: «Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 "
        "năm 2025;»",
        "căn cứ, dòng 2: Thực hiện Công văn số 5511/BKHCN-CĐSQG ngày 10 tháng 10 năm 2025 của Bộ "
        "trưởng Bộ Khoa học và Công nghệ về việc hướng dẫn các bộ, ngành, địa phương xây dựng Kế "
        "hoạch Chuyển đổi số năm 2026[-.-]{+;+}",
    ]


def test_renamed_section_is_one_change(history: Path) -> None:
    code, out = diff(history, "section-renamed")
    assert code == 1
    assert changes(out) == [
        "mục Các giải pháp chủ yếu (mục IV), tiêu đề mục: Giải pháp → Các giải pháp chủ yếu"
    ]


def test_phase_relabel_is_one_line(history: Path) -> None:
    code, out = diff(history, "phases-relabelled")
    assert code == 1
    assert changes(out) == ["kế hoạch, các giai đoạn: đổi nhãn «2026-2027» → «2026 - 2027»"]
    assert "(trống)" not in out


def test_new_versions_check_findings_are_reported(history: Path) -> None:
    code, out = diff(history, "rename-breaks-check")
    assert code == 1
    assert "kiểm tra bản mới:" in out
    assert re.search(r"kh-cqs-2026-2030\.yaml:\d+:\d+: lỗi \[unknown-task\]", out)


def test_parent_floor_table(history: Path) -> None:
    code, out = diff(history, "parent-floor", "--with-children")
    assert code == 1
    assert f"hai-long-dvctt | {LONG_MY} | 2026-2027 | 95% | 97% | 95% | dưới mức sàn" in out
    assert f"hai-long-dvctt | {LONG_MY} | 2028-2030 | 99% | 99% | 99% | đạt" in out
    assert "phát sinh lỗi [below-floor]" in out


# --- 3. the clerk's report --------------------------------------------------------------


def test_printed_place_and_sentence(history: Path) -> None:
    code, out = diff(history, "value-changed")
    assert code == 1
    assert (
        "- chỉ tiêu dvctt-toan-trinh (mục I.2.1.a, gạch đầu dòng thứ 1), giá trị giai đoạn "
        "2026-2027: 100% → 95%\n    in: «- 95% dịch vụ công trực tuyến toàn trình trên tổng số "
        "thủ tục hành chính có đủ điều kiện;»"
    ) in out


def test_added_target_shown_whole_with_its_value_filled_in(history: Path) -> None:
    code, out = diff(history, "target-appended")
    assert code == 1
    block = out.split("- chỉ tiêu dvctt-mot-cua-so (mục I.2.1.a, gạch đầu dòng thứ 4): thêm mới\n")[
        1
    ]
    detail = block.split("\n- ")[0].split("\n\n")[0].splitlines()
    assert detail == [
        "    nhóm: dich-vu-so",
        "    nội dung: (giá trị) thủ tục hành chính được tiếp nhận qua Cổng dịch vụ công một "
        "cửa số",
        "    đơn vị tính: %",
        "    giá trị: 2026-2027: 90%; 2028-2030: 100%",
        "    in: «- 90% thủ tục hành chính được tiếp nhận qua Cổng dịch vụ công một cửa số.»",
    ]


@pytest.mark.parametrize(
    ("name", "line"),
    [
        (
            "omitted-reason",
            "kế hoạch, chỉ tiêu, nhiệm vụ cấp trên không đưa vào, mục 2, lý do: "
            "{+Thành phố đã đạt chỉ tiêu này;+} Mục tiêu cụ thể",
        ),
        (
            "raw-fields",
            "thông tin văn bản, phần đầu văn bản: chỉ tên cơ quan → đầy đủ (cơ quan "
            "chủ quản và cơ quan ban hành)",
        ),
        ("raw-fields", "quyết định, Điều 3, nội dung: "),
        (
            "appendix-column",
            "(Phụ lục II), cột 5, tiêu đề cột: Thời gian hoàn thành → Thời hạn hoàn thành",
        ),
        ("category-and-status", "thông tin văn bản, trạng thái: dự thảo → đã ban hành"),
        ("category-and-status", "thông tin văn bản, cấp hành chính: văn phòng → sở"),
        ("signer-title", "chữ ký, chức danh người ký: Phó Chủ tịch → Chủ tịch"),
        ("signer-changed", "chữ ký, người ký: Nguyễn Văn Chì → Trần Thị Bình"),
        ("category-cell", "lĩnh vực: Dữ liệu số hóa → Dữ liệu mở"),
    ],
)
def test_vietnamese_names_for_fields_and_values(history: Path, name: str, line: str) -> None:
    code, out = diff(history, name)
    assert code == 1
    assert any(line in change for change in changes(out)), out
    for raw in (
        "articles.",
        "signature.",
        "columns.",
        "omitted",
        "header:",
        "draft",
        "issued",
        '{"',
        "tiêu đề:",
    ):
        assert raw not in "\n".join(changes(out))


def test_markdown_is_valid(history: Path) -> None:
    _, markdown = diff(history, "phrase-inserted", "--format", "markdown")
    assert "Khung kiến trúc số<ins>, an toàn thông tin</ins> thành phố" in markdown
    assert "**" not in markdown and "~~" not in markdown
    assert markdown.count("<ins>") == markdown.count("</ins>")
    _, markdown = diff(history, "target-appended", "--format", "markdown")
    assert "{value}" not in markdown and "value\\}" not in markdown
    assert "lỗi \\[unknown-target\\]" in markdown  # brackets escaped: never a link


# --- 4. redlines (XML; LibreOffice in test_review_redline.py) --------------------------------


def _xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def test_replaced_phrase_is_one_deletion_and_one_insertion(history: Path) -> None:
    plan = SCENARIOS["phrase-replaced"].plan
    data, _, _ = redline_bytes(history, f"v1:{plan}", f"s-phrase-replaced:{plan}")
    root = etree.fromstring(_xml(data))
    paragraph = next(
        p
        for p in root.iter(f"{{{W}}}p")
        if "Văn phòng Hội đồng nhân dân" in "".join(p.itertext())
        and p.find(".//w:del", NS) is not None
    )
    assert len(paragraph.findall(".//w:del", NS)) == 1
    assert len(paragraph.findall(".//w:ins", NS)) == 1


def test_moved_task_is_a_move(history: Path) -> None:
    data, _, _ = redline_bytes(history, f"v1:{LONG_MY}", f"s-tasks-reordered:{LONG_MY}")
    root = etree.fromstring(_xml(data))
    sources = root.xpath("//w:moveFromRangeStart/@w:name", namespaces=NS)
    targets = root.xpath("//w:moveToRangeStart/@w:name", namespaces=NS)
    assert sources and sorted(sources) == sorted(targets)
    moved = root.xpath("//w:moveTo//w:t", namespaces=NS)
    assert "a) Phối hợp xây dựng và thường xuyên cập nhật Khung kiến trúc số" in "".join(
        t.text for t in moved
    )


def test_formatting_is_tracked(history: Path) -> None:
    data, _, changed = redline_bytes(history, f"v1:{LONG_MY}", f"s-bold-phrase:{LONG_MY}")
    assert changed
    root = etree.fromstring(_xml(data))
    run = root.xpath("//w:r[w:rPr/w:rPrChange]", namespaces=NS)
    assert ["".join(r.itertext()) for r in run] == ["hàng năm"]
    assert run[0].find("w:rPr/w:b", NS) is not None
    assert run[0].find("w:rPr/w:rPrChange/w:rPr/w:b", NS) is None


def test_parent_change_renders_old_child_with_old_parent(history: Path) -> None:
    data, _, changed = redline_bytes(history, f"v1:{LONG_MY}", f"s-parent-date-title:{LONG_MY}")
    assert changed
    xml = _xml(data)
    old = " ".join(paragraph_texts(resolve_changes(xml, accept=False)))
    new = " ".join(paragraph_texts(resolve_changes(xml, accept=True)))
    assert "219/KH-UBND ngày 30 tháng 12 năm 2025" in old
    assert "219/KH-UBND ngày 29 tháng 12 năm 2025" in new


def test_author_and_date_of_the_working_tree(history: Path, tmp_path: Path) -> None:
    tree = _worktree(history, "s-signer-title", tmp_path)
    git(tree, "config", "user.name", "Cán Bộ Soạn Thảo")
    stamp = 1767225600  # 2026-01-01T00:00:00Z
    import os

    os.utime(tree / LONG_MY, (stamp, stamp))
    code, out = run(tree, "redline", f"v1:{LONG_MY}", LONG_MY, "-o", str(tmp_path / "r.docx"))
    assert code == 0, out  # -o outside the repository: the user typed it
    assert "tác giả Cán Bộ Soạn Thảo, 2026-01-01T00:00:00Z" in out
    xml = _xml((tmp_path / "r.docx").read_bytes())
    assert 'w:author="Cán Bộ Soạn Thảo"'.encode() in xml
    code, out = run(tree, "redline", f"v1:{LONG_MY}", LONG_MY, "-o", "r2.docx", "--date", "hôm qua")
    assert code == 2 and "ngày «hôm qua» không hợp lệ" in out
    code, out = run(
        tree, "redline", f"v1:{LONG_MY}", LONG_MY, "-o", "r2.docx", "--date", "2026-02-30"
    )
    assert code == 2 and "không có thật" in out
    code, out = run(tree, "redline", f"v1:{LONG_MY}", f"s-signer-title:{LONG_MY}", "-o", "r3.docx")
    assert code == 0 and f"tác giả {REVIEWER}, 2026-02-03T04:05:06Z" in out


# --- 5. git ------------------------------------------------------------------------------------


def test_review_of_a_range(history: Path, tmp_path: Path) -> None:
    code, out = run(history, "review", "v1..s-signer-changed", "-o", str(tmp_path / "review"))
    assert code == 1, out
    index = (tmp_path / "review" / "index.md").read_text(encoding="utf-8")
    assert "[Chủ tịch ký thay Phó Chủ tịch](001-" in index and REVIEWER in index
    page = next((tmp_path / "review").glob("001-*.md")).read_text(encoding="utf-8")
    assert f"- tác giả: {REVIEWER}" in page
    assert "- chữ ký, người ký: Nguyễn Văn Chì → Trần Thị Bình" in page


def test_git_diff_prints_the_semantic_diff(tmp_path: Path) -> None:
    make_checkout(tmp_path)
    (tmp_path / ".gitattributes").write_bytes((REPO / ".gitattributes").read_bytes())
    (tmp_path / "plans").mkdir()
    for path in (LONG_MY, KH_219, "plans/trung-uong/qd-2629-2025.yaml"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes((REPO / path).read_bytes())
    git(tmp_path, "init", "-q", "-b", "main")
    done = subprocess.run(
        ["make", "-o", ".venv/.installed", "git-setup"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "v1")
    plan = tmp_path / LONG_MY
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("name: Nguyễn Văn Chì", "name: Trần Thị Bình"),
        encoding="utf-8",
    )
    out = git(tmp_path, "diff")
    assert "chữ ký, người ký: Nguyễn Văn Chì → Trần Thị Bình" in out
    assert "@@" not in out
    git(tmp_path, "commit", "-q", "-am", "đổi người ký")
    shown = git(tmp_path, "show", "HEAD")
    assert "+chữ ký, người ký: Trần Thị Bình" in shown
    assert "-chữ ký, người ký: Nguyễn Văn Chì" in shown
    logged = git(tmp_path, "log", "-p", "-1")
    assert "+chữ ký, người ký: Trần Thị Bình" in logged


def test_json_report_lists_renames_not_deletions(history: Path) -> None:
    _, out = diff(history, "task-renamed", "--format", "json")
    data = json.loads(out)
    assert {c["action"] for c in data["changes"]} == {"renamed", "changed"}
    assert KH_224 in data["new"] and KHUNG not in data["new"]
