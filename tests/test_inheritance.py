"""Inheritance (DESIGN §5): each check on a broken fixture, with both positions and the message.

The fixtures under ``tests/fixtures/inheritance`` form a small repository: a
national programme (``quoc-gia.yaml``) → a province (``tinh.yaml``, which
records a deliberate deviation below the national floor) → a ward
(``phuong-dung.yaml``, clean) and one broken variant of the ward per check.
Positions are looked up from the fixture text, so a test names what it points
at ("the line ``2028-2030: 98%``") rather than a bare number.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import cast

import pytest
from click.testing import CliRunner
from conftest import (
    CASCADE,
    KEHOACH,
    LONG_MY,
    REPO,
    copy_repository,
    make_checkout,
    make_repository,
)

from kehoach.base.diagnostics import Diagnostic, Location, PlanError
from kehoach.cascade.categories import addresses, phrases_for
from kehoach.cascade.floors import level, span, within
from kehoach.cascade.inheritance import load_cached
from kehoach.cascade.resolve import resolve
from kehoach.cli.commands import main
from kehoach.cli.deps import make_rules
from kehoach.layout.body import layout
from kehoach.pipeline import build_plan
from kehoach.schema.models import Category
from kehoach.source.loader import load_plan

ROOT = REPO / "tests" / "fixtures" / "inheritance"


def locate(name: str, needle: str, after: str | None = None) -> Location:
    """Where ``needle`` starts in fixture ``plans/<name>`` (searching from ``after``)."""
    text = (ROOT / "plans" / name).read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    index = text.index(needle, start)
    assert text.count(needle) == 1 or after, f"«{needle}» is not unique in {name}"
    if needle.startswith("\n"):  # «\ntargets:»: the top-level key, not «targets:» in body
        index += 1
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Location(f"plans/{name}", line, column)


def check(name: str, root: Path = ROOT) -> list[Diagnostic]:
    loaded = load_plan(root / "plans" / name, f"plans/{name}")
    return list(resolve(root, loaded).findings)


def only(name: str, code: str) -> Diagnostic:
    found = [f for f in check(name) if f.code == code]
    assert len(found) == 1, check(name)
    return found[0]


# fixture → (code, severity, child needle [after], parent file, parent needle [after], words)
# fmt: off
CASES = {
    "unknown-target.yaml": (
        "unknown-target", "error", ("id: khong-co-o-cap-tren", None),
        "tinh.yaml", ("\ntargets:", None),
        "chỉ tiêu «khong-co-o-cap-tren» không có trong danh mục chỉ tiêu của kế hoạch cấp trên",
    ),
    "unit-mismatch.yaml": (
        "unit-mismatch", "error", ("unit: điểm", None),
        "tinh.yaml", ('unit: "%"', "id: hai-long"),
        "chỉ tiêu «hai-long»: đơn vị tính «điểm» khác đơn vị «%» của kế hoạch cấp trên",
    ),
    "below-floor.yaml": (
        "below-floor", "error", ("2028-2030: 98%", None),
        "tinh.yaml", ("2028-2030: 99%", "id: hai-long"),
        "chỉ tiêu «hai-long», giai đoạn 2028-2030: giá trị «98%» thấp hơn mức sàn 99%",
    ),
    "above-ceiling.yaml": (
        "below-floor", "error", ("2026-2027: 6 ngày", None),
        "tinh.yaml", ("2026-2027: 4 ngày", None),
        "giá trị «6 ngày» cao hơn mức trần 4 ngày của kế hoạch cấp trên",
    ),
    "phase-outside.yaml": (
        "phase-outside", "error", ("2030-2032", None),
        "tinh.yaml", ("period: 2026-2030", None),
        "giai đoạn 2030-2032 nằm ngoài thời kỳ 2026-2030 của kế hoạch cấp trên",
    ),
    "period-outside.yaml": (
        "period-outside", "error", ("period: 2026-2035", None),
        "tinh.yaml", ("period: 2026-2030", None),
        "thời kỳ 2026-2035 nằm ngoài thời kỳ 2026-2030 của kế hoạch cấp trên",
    ),
    "missing-mandatory-target.yaml": (
        "missing-mandatory-target", "error", ("\ntargets:", None),
        "quoc-gia.yaml", ("id: hai-long", None),
        "thiếu chỉ tiêu «hai-long» mà kế hoạch cấp trên bắt buộc đối với phường",
    ),
    "missing-assigned-task.yaml": (
        "missing-assigned-task", "error", ("\ntasks:", None),
        "tinh.yaml", ("partners:", "id: so-hoa"),
        "kế hoạch cấp trên giao nhiệm vụ «so-hoa» cho «UBND xã, phường» (phối hợp)",
    ),
    "missing-mandatory-task.yaml": (
        "missing-mandatory-task", "error", ("\ntasks:", None),
        "tinh.yaml", ("id: quy-che", None),
        "thiếu nhiệm vụ thực hiện nhiệm vụ «quy-che» mà kế hoạch cấp trên bắt buộc đối với phường",
    ),
    "missing-task-group.yaml": (
        "missing-mandatory-task-group", "error", ("task_groups:", None),
        "tinh.yaml", ("{id: the-che", None),
        "thiếu nhóm nhiệm vụ «Hoàn thiện thể chế» (the-che)",
    ),
    "unknown-task.yaml": (
        "unknown-task", "error", ("implements: so-hoa-cu", None),
        "tinh.yaml", ("\ntasks:", None),
        "nhiệm vụ «so-hoa» thực hiện (implements) «so-hoa-cu» nhưng kế hoạch cấp trên không có",
    ),
    "local-not-allowed.yaml": (
        "local-target-not-allowed", "error", ("local: true", "id: chi-tieu-rieng"),
        "quoc-gia.yaml", ("\ntargets:", None),
        "chỉ tiêu riêng «chi-tieu-rieng»: kế hoạch cấp trên không cho phép chỉ tiêu riêng",
    ),
    "cycle-a.yaml": (
        "parent-cycle", "error", ("extends:", None),
        "cycle-b.yaml", ("extends:", None),
        "chuỗi kế thừa bị vòng: plans/cycle-a.yaml → plans/cycle-b.yaml → plans/cycle-a.yaml",
    ),
    "invalid-parent.yaml": (
        "parent-invalid", "error", ("extends:", None),
        "hong/cha-hong.yaml", ("document:", None),
        "kế hoạch cấp trên «plans/hong/cha-hong.yaml» có lỗi",
    ),
    "omitted.yaml": (
        "missing-mandatory-target", "warning", ("target: hai-long", None),
        "quoc-gia.yaml", ("id: hai-long", None),
        "thiếu chỉ tiêu «hai-long»",
    ),
    "deviation.yaml": (
        "below-floor", "warning", ("2028-2030: 98%", None),
        "tinh.yaml", ("2028-2030: 99%", "id: hai-long"),
        "giá trị «98%» thấp hơn mức sàn 99%",
    ),
    "no-category.yaml": (
        "missing-category", "warning", ("document:", None),
        "tinh.yaml", ("document:", None),
        "kế hoạch không ghi document.category",
    ),
}
# fmt: on


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_check_names_code_both_positions_and_message(name: str) -> None:
    code, severity, (needle, after), parent, (p_needle, p_after), words = CASES[name]
    finding = only(name, code)
    assert finding.severity == severity
    assert finding.at == locate(name, needle, after)
    assert finding.related == locate(parent, p_needle, p_after)
    assert words in finding.message
    assert unicodedata.is_normalized("NFC", finding.message)


def test_a_grandchild_is_checked_against_its_grandparents_floor() -> None:
    """The province lowered hai-long to 90% (a recorded deviation): 92% passes the
    province but not the nation's 95%, and the finding points at the nation's line."""
    finding = only("grandparent-floor.yaml", "below-floor")
    assert finding.severity == "error"
    assert finding.at == locate("grandparent-floor.yaml", "2026-2027: 92%")
    assert finding.related == locate("quoc-gia.yaml", "2025-2027: 95%", "id: hai-long")
    assert "giá trị «92%» thấp hơn mức sàn 95%" in finding.message
    assert "(giai đoạn 2025-2027: «95%»)" in finding.message


def test_deviations_keep_their_reason_and_stay_warnings() -> None:
    (province,) = check("tinh.yaml")
    assert (province.code, province.severity) == ("below-floor", "warning")
    assert province.reason == "Tỉnh mới sáp nhập, khảo sát năm đầu thấp"
    assert province.related == locate("quoc-gia.yaml", "2025-2027: 95%", "id: hai-long")
    assert only("deviation.yaml", "below-floor").reason == "Phường nhiều người cao tuổi"
    assert only("omitted.yaml", "missing-mandatory-target").reason == (
        "Phường chưa có số liệu khảo sát"
    )


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("missing-parent.yaml", "plans/khong-co.yaml"),
        ("outside.yaml", "../../../../../etc/hosts"),
        ("absolute.yaml", "/etc/hosts"),
    ],
)
def test_missing_or_outside_parent_is_an_error_at_extends(name: str, target: str) -> None:
    (finding,) = check(name)[:1]
    assert finding.code in ("parent-missing", "parent-outside")
    assert finding.at == locate(name, "extends:")
    assert finding.related is None
    assert f"«{target}»" in finding.message
    if finding.code == "parent-outside":
        assert "nằm ngoài kho" in finding.message


def test_a_symlink_out_of_the_repository_is_outside(tmp_path: Path) -> None:
    root = tmp_path / "kho"
    shutil.copytree(ROOT, root)
    outside = tmp_path / "ngoai.yaml"
    shutil.copy(ROOT / "plans" / "tinh.yaml", outside)
    (root / "plans" / "lien-ket.yaml").symlink_to(outside)
    child = root / "plans" / "phuong-dung.yaml"
    child.write_text(
        child.read_text(encoding="utf-8").replace(
            "extends: plans/tinh.yaml", "extends: plans/lien-ket.yaml"
        ),
        encoding="utf-8",
    )
    codes = [f.code for f in check("phuong-dung.yaml", root)]
    assert codes[0] == "parent-outside"


def test_citation_of_a_missing_plan_is_an_error_at_the_basis_line() -> None:
    finding = only("citation-missing.yaml", "citation-missing")
    assert finding.at == locate("citation-missing.yaml", "cite: plans/khong-co.yaml")
    assert "«plans/khong-co.yaml»" in finding.message


def test_the_clean_ward_has_no_finding_and_cites_its_parent_from_metadata() -> None:
    assert check("phuong-dung.yaml") == []
    loaded = load_plan(ROOT / "plans" / "phuong-dung.yaml", "plans/phuong-dung.yaml")
    resolved = resolve(ROOT, loaded).plan
    assert resolved is not None
    texts = ["".join(s.text for s in p.spans) for p in layout(resolved).parts[-1].body]
    assert texts[0] == (
        "Thực hiện Kế hoạch số 21/KH-UBND ngày 30 tháng 12 năm 2025 của Ủy ban nhân dân "
        "tỉnh Mẫu về phát triển Chính quyền số tỉnh Mẫu."
    )


def test_build_refuses_an_inheritance_error_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "kho"
    shutil.copytree(ROOT, root)
    (root / "templates").mkdir()
    shutil.copy(REPO / "templates" / "ke-hoach.docx", root / "templates")
    out = Path("build")
    with pytest.raises(PlanError) as caught:
        build_plan(root, root / "plans" / "below-floor.yaml", out)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "below-floor"
    assert diagnostic.at == locate("below-floor.yaml", "2028-2030: 98%")
    parent = locate("tinh.yaml", "2028-2030: 99%", "id: hai-long")
    assert diagnostic.related == parent
    # The build prints the parent's rule with its line, as `kehoach check` does.
    lines = caught.value.render().splitlines()
    assert lines[3] == f"{parent}: cấp trên: quy định của kế hoạch cấp trên"
    assert lines[4].endswith("|       2028-2030: 99%")
    assert not (root / out / "below-floor.docx").exists()
    # A recorded deviation is a warning: the document is built.
    assert build_plan(root, root / "plans" / "deviation.yaml", out).exists()


# --- the command line ---------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_exit_codes_0_1_2(tmp_path: Path) -> None:
    # check renders in memory as build does: the fixtures with the real template.
    root = shutil.copytree(ROOT, tmp_path / "kho")
    make_repository(tmp_path / "mau")
    shutil.copytree(tmp_path / "mau" / "templates", root / "templates")
    code, out, _ = run("check", "--root", str(root), "plans/phuong-dung.yaml", "plans/tinh.yaml")
    assert code == 0 and "2 kế hoạch hợp lệ, 1 cảnh báo" in out
    code, _, err = run("check", "--root", str(root), "plans/below-floor.yaml")
    assert code == 1 and "1 kế hoạch: 1 lỗi, 0 cảnh báo." in err
    code, _, err = run("check", "--root", str(root), "plans/hong/cha-hong.yaml")
    assert code == 2 and "không đọc được" in err


def test_check_text_groups_by_file_with_both_excerpts() -> None:
    _, _, err = run("check", "--root", str(ROOT), "plans/below-floor.yaml")
    child = locate("below-floor.yaml", "2028-2030: 98%")
    parent = locate("tinh.yaml", "2028-2030: 99%", "id: hai-long")
    lines = err.splitlines()
    assert lines[0] == "── plans/below-floor.yaml"
    assert lines[1].startswith(f"{child}: lỗi: [below-floor] chỉ tiêu «hai-long»")
    assert lines[2].endswith("|       2028-2030: 98%")
    assert lines[3].endswith("|       ^")
    assert lines[4] == f"{parent}: cấp trên: quy định của kế hoạch cấp trên"
    assert lines[5].endswith("|       2028-2030: 99%")


def test_check_json_has_severity_code_message_and_both_positions() -> None:
    code, out, _ = run(
        "check", "--root", str(ROOT), "--format", "json", "plans/grandparent-floor.yaml"
    )
    assert code == 1
    report = json.loads(out)
    assert (report["plans"], report["errors"], report["warnings"]) == (1, 1, 0)
    (item,) = report["findings"]
    child = locate("grandparent-floor.yaml", "2026-2027: 92%")
    parent = locate("quoc-gia.yaml", "2025-2027: 95%", "id: hai-long")
    assert item["severity"] == "error" and item["code"] == "below-floor"
    assert item["child"] == {"path": child.path, "line": child.line, "column": child.column}
    assert item["parent"] == {"path": parent.path, "line": parent.line, "column": parent.column}
    assert "thấp hơn mức sàn 95%" in item["message"]


def test_new_ward_of_kh_219_passes_check_and_builds(tmp_path: Path) -> None:
    root = copy_repository(tmp_path)
    out = Path("plans/can-tho/an-binh/kh-cds.yaml")
    code, stdout, stderr = run(
        "new",
        "--root",
        str(root),
        "--extends",
        "plans/can-tho/kh-219-2025.yaml",
        "--category",
        "phuong",
        "--issuer",
        "Ủy ban nhân dân phường An Bình",
        "--abbr",
        "UBND",
        "--force",
        str(out),
    )
    assert code == 0, stderr
    text = (root / out).read_text(encoding="utf-8")
    assert "CẦN QUYẾT ĐỊNH" in text and "implements: so-hoa-tai-su-dung-du-lieu" in text
    code, stdout, stderr = run("check", "--root", str(root), str(out))
    assert code == 0 and "1 kế hoạch hợp lệ." in stdout, stderr
    built = build_plan(root, root / out, Path("build"))
    assert built == root / "build" / "can-tho" / "an-binh" / "kh-cds.docx" and built.exists()


def test_new_refuses_to_overwrite_and_a_missing_parent(tmp_path: Path) -> None:
    root = tmp_path / "kho"
    shutil.copytree(ROOT, root)
    before = (root / "plans" / "phuong-dung.yaml").read_bytes()
    code, _, err = run(
        "new",
        "--root",
        str(root),
        "--extends",
        "plans/tinh.yaml",
        "--category",
        "xa",
        "--issuer",
        "Ủy ban nhân dân xã Mẫu",
        "plans/phuong-dung.yaml",
    )
    assert code == 2 and "đã có" in err
    assert (root / "plans" / "phuong-dung.yaml").read_bytes() == before
    code, _, err = run(
        "new",
        "--root",
        str(root),
        "--extends",
        "plans/khong-co.yaml",
        "--category",
        "xa",
        "--issuer",
        "Ủy ban nhân dân xã Mẫu",
        "plans/moi.yaml",
    )
    assert code == 2 and "không tìm thấy" in err
    assert not (root / "plans" / "moi.yaml").exists()


def test_the_real_cascade_has_no_error() -> None:
    code, out, err = run("check", "--root", str(REPO), "plans")
    assert code == 0, err
    assert "kế hoạch hợp lệ" in out


# --- make dependencies ----------------------------------------------------------------


def test_deps_list_every_ancestor_and_cited_plan() -> None:
    rules = make_rules(ROOT, [ROOT / "plans" / "phuong-dung.yaml"], Path("build"))
    assert "build/phuong-dung.docx: plans/quoc-gia.yaml plans/tinh.yaml\n" in rules
    cycle = make_rules(ROOT, [ROOT / "plans" / "cycle-a.yaml"], Path("build"))
    assert "build/cycle-a.docx: plans/cycle-b.yaml plans/tinh.yaml\n" in cycle


# --- the pieces -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("100%", 100),
        ("Trên 90%", 90),
        ("tối thiểu 10%", 10),
        ("Duy trì 100%", 100),
        ("Đạt cấp độ 3", 3),
        ("Đạt cấp độ 4, 5", 4),
        ("cấp độ 4 và 90% đạt cấp độ 5", 4),
        ("99,5%", 99.5),
        ("90%-100%", 90),
        ("01", 1),
        ("nhóm tốt", None),
        ("-", None),
    ],
)
def test_the_level_of_a_value_is_its_first_number(value: str, number: float | None) -> None:
    assert level(value) == number


def test_phases_fit_by_years() -> None:
    assert span("2026") == (2026, 2026) and span("2028 - 2030") == (2028, 2030)
    assert within((2026, 2027), (2025, 2027)) and not within((2026, 2031), (2026, 2030))
    assert span("nhóm tốt") is None


@pytest.mark.parametrize(
    ("body", "category", "named"),
    [
        ("UBND xã, phường", "phuong", True),
        ("Ủy ban nhân dân các xã, phường", "xa", True),
        ("Các sở, ban, ngành, địa phương", "phuong", False),
        ("Sở, ban, ngành", "so", True),
        ("Sở Khoa học và Công nghệ", "so", False),
        ("Văn phòng Ủy ban nhân dân thành phố", "van-phong", True),
    ],
)
def test_category_phrases_match_whole_words(body: str, category: str, named: bool) -> None:
    assert (addresses([body], phrases_for(cast(Category, category))) is not None) is named


def test_ancestors_are_parsed_once_per_file_version(tmp_path: Path) -> None:
    shutil.copytree(ROOT, tmp_path / "kho")
    root = tmp_path / "kho"
    first = load_cached(root, Path("plans/tinh.yaml"))
    assert load_cached(root, Path("plans/tinh.yaml")) is first
    path = root / "plans" / "tinh.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert load_cached(root, Path("plans/tinh.yaml")) is not first


def test_make_rebuilds_a_child_when_its_grandparent_changes(tmp_path: Path) -> None:
    """The Makefile reads `kehoach deps`: touching QĐ 2629 rebuilds the ward's document."""
    make_checkout(tmp_path)
    for plan in (LONG_MY, *CASCADE):
        (tmp_path / plan).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / plan, tmp_path / plan)
    make = ["make", "-o", ".venv/.installed", f"KEHOACH={KEHOACH}"]
    first = subprocess.run([*make, "build"], cwd=tmp_path, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout + first.stderr
    ward = tmp_path / "build" / "can-tho" / "long-my" / "kh-cqs-2026-2030.docx"
    assert ward.exists()
    idle = subprocess.run([*make, "-n", "build"], cwd=tmp_path, capture_output=True, text=True)
    assert "kehoach build" not in idle.stdout.replace(str(KEHOACH), "kehoach")
    grandparent = tmp_path / CASCADE[1]
    os.utime(grandparent, (ward.stat().st_mtime + 10, ward.stat().st_mtime + 10))
    again = subprocess.run([*make, "-n", "build"], cwd=tmp_path, capture_output=True, text=True)
    rebuilt = again.stdout.replace(str(KEHOACH), "kehoach")
    # One `kehoach build` for every stale plan (issue 7): make notes them in
    # a list of its own (build/.stale.XXXXXX) with its $(file) function, which runs even
    # under -n.
    assert "kehoach build" in rebuilt, rebuilt
    (listed,) = (tmp_path / "build").glob(".stale.*")
    stale = listed.read_text(encoding="utf-8").split()
    assert LONG_MY.as_posix() in stale, stale
    assert "plans/can-tho/kh-219-2025.yaml" in stale


def test_an_omission_that_excuses_nothing_is_a_warning(tmp_path: Path) -> None:
    shutil.copytree(ROOT, tmp_path / "kho")
    child = tmp_path / "kho" / "plans" / "phuong-dung.yaml"
    text = child.read_text(encoding="utf-8").replace(
        "task_groups:", "omitted:\n  - {target: dvctt, reason: Không cần}\ntask_groups:", 1
    )
    child.write_text(text, encoding="utf-8")
    (finding,) = check("phuong-dung.yaml", tmp_path / "kho")
    assert (finding.code, finding.severity, finding.related) == ("unused-omission", "warning", None)
    assert finding.at.line == text.splitlines().index("  - {target: dvctt, reason: Không cần}") + 1
    assert "mục omitted «dvctt» (target)" in finding.message
