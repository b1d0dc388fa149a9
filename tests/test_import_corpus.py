"""``kehoach import`` on real Word plans nobody on the project wrote (issue 15).

For each .docx of ``../shared/corpus/lam-dong/`` (final and draft): import,
build, then the project's fidelity tool against LibreOffice's text export of
the original must reach recall 0.98 and precision 0.95. The appendix task
table's numbered rows (counted with python-docx in the original) become as
many task records, and every part kept as plain text is named in the report.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import make_repository
from docx.oxml.ns import qn
from import_helpers import CORPUS, CORPUS_FILES, FIDELITY, numbered_rows, run_import
from ruamel.yaml import YAML

from kehoach.pipeline import build_plan


class Imported:
    """The corpus imported and built once, in a throwaway repository."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.results: dict[str, subprocess.CompletedProcess[str]] = {}
        self.docs: dict[str, Path] = {}

    def of(self, name: str) -> tuple[Path, Path]:
        """(plan, built document) of the corpus file ``name``."""
        stem = name.removesuffix(".docx").replace(".", "-")
        plan = self.root / "plans" / f"{stem}.yaml"
        if name not in self.results:
            result = run_import(self.root, CORPUS / name, f"plans/{stem}.yaml")
            self.results[name] = result
            assert result.returncode == 0, result.stderr
            self.docs[name] = build_plan(self.root, plan, Path("build"))
        return plan, self.docs[name]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    return Imported(make_repository(tmp_path_factory.mktemp("import-corpus")))


def _yaml(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_imported_plan_prints_the_original_text(imported: Imported, name: str) -> None:
    _plan, built = imported.of(name)
    reference = CORPUS / name.replace(".docx", ".txt")
    result = subprocess.run(
        [sys.executable, str(FIDELITY), "--refs", str(reference), "--docx", str(built),
         "--min", "0.98", "--min-precision", "0.95"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    "name", [n for n in CORPUS_FILES if n.startswith("lamdong_kh-cchc-2026-2030")]
)
def test_every_numbered_row_of_the_task_table_is_a_task(imported: Imported, name: str) -> None:
    plan, _built = imported.of(name)
    rows = numbered_rows(CORPUS / name)
    data = _yaml(plan)
    assert rows > 40  # the original's appendix: 56 numbered tasks under seven groups
    in_appendix = [t for t in data["tasks"] if t.get("in_appendix", True)]
    assert len(in_appendix) == rows  # a task only the body lists is in no row
    assert [g["title"] for g in data["task_groups"]][:2] == [
        "Cải cách thể chế",
        "Cải cách thủ tục hành chính",
    ]
    appendix = data["appendices"][0]
    assert appendix["source"] == "tasks"
    assert {c["field"] for c in appendix["columns"]} >= {"text", "result", "deadline", "lead"}


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_report_names_every_part_kept_as_text(imported: Imported, name: str) -> None:
    plan, _built = imported.of(name)
    report = plan.with_name(plan.stem + ".import.txt").read_text(encoding="utf-8")
    kept_comments = plan.read_text(encoding="utf-8").count("# giữ dạng chữ:")
    heading = next(line for line in report.splitlines() if line.startswith("Giữ dạng chữ"))
    kept_lines = int(heading.rsplit(":", 1)[1])
    assert kept_comments <= kept_lines
    listed = report.split(heading, 1)[1].split("\n\n", 1)[0]
    assert listed.count("\n  - ") == kept_lines
    # each table of the body (read with python-docx) is recognised as one or named as text
    named = report.count("bảng trong thân văn bản (") + report.count(
        "trong thân văn bản: mỗi dòng thành một đoạn"
    )
    assert named == _body_tables(CORPUS / name), report


def _body_tables(path: Path) -> int:
    """Tables between the header table and Nơi nhận, in the order of the document's body."""
    body = docx.Document(str(path)).element.body
    count = 0
    for element in body.iterchildren():
        if element.tag != qn("w:tbl"):
            continue
        text = "".join(t.text or "" for t in element.iter(qn("w:t")))
        if "Nơi nhận" in text or "CHỦ TỊCH" in text:
            break
        if "CỘNG HÒA" not in text:
            count += 1
    return count


def test_header_and_signature_of_a_draft(imported: Imported) -> None:
    plan, _built = imported.of("lamdong_kh-kiemtra-cchc-2026.draft.docx")
    data = _yaml(plan)
    document = data["document"]
    assert document["status"] == "draft" and "number" not in document
    assert document["issuer"]["header_lines"] == ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"]
    assert document["issuer"]["name"] == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert document["place"] == "Lâm Đồng" and document["date"]["year"] == 2026
    assert "day" not in document["date"]
    assert data["body"][0]["title"] == "MỤC ĐÍCH, YÊU CẦU"
    assert data["body"][0]["sections"][0]["title"] == "Mục đích"
    assert len(data["body"][0]["sections"][0]["points"]) == 4
    assert data["recipients"][-1].startswith("Lưu")
    assert data["closing"].startswith("Kinh phí phục vụ")
    assert not data["closing"].endswith("./.")


def test_signature_with_delegation(imported: Imported) -> None:
    plan, _built = imported.of("lamdong_kh-cchc-2026-2030.docx")
    data = _yaml(plan)
    assert data["signature"] == {
        "delegation": {"kind": "KT", "of": "Chủ tịch"},
        "title": "Phó Chủ tịch",
        "name": "Nguyễn Ngọc Phúc",
    }
    assert data["document"]["reference_name"] == "Chủ tịch UBND tỉnh Lâm Đồng"
    assert len(data["basis"]) == 3 and data["basis"][0].startswith("Căn cứ Nghị quyết số 76")


def test_extends_matches_records_by_wording(tmp_path: Path) -> None:
    """The draft imported against the final plan: every task finds its record there (their
    words differ in places); a plan on another subject lists what matched nothing."""
    root = make_repository(tmp_path)
    final = run_import(root, CORPUS / "lamdong_kh-cchc-2026-2030.docx", "plans/cha.yaml")
    assert final.returncode == 0, final.stderr
    draft = run_import(
        root, CORPUS / "lamdong_kh-cchc-2026-2030.draft.docx", "plans/con.yaml",
        "--extends", "plans/cha.yaml",
    )
    assert draft.returncode == 0, draft.stderr
    child = _yaml(root / "plans" / "con.yaml")
    parent_ids = {t["id"] for t in _yaml(root / "plans" / "cha.yaml")["tasks"]}
    assert child["extends"] == "plans/cha.yaml"
    implemented = [t.get("implements") for t in child["tasks"]]
    assert all(i in parent_ids for i in implemented)
    assert len(set(implemented)) == len(implemented) == len(parent_ids)
    report = (root / "plans" / "con.import.txt").read_text(encoding="utf-8")
    assert f"nhiệm vụ: {len(parent_ids)}/{len(parent_ids)} khớp" in report
    other = run_import(
        root, CORPUS / "lamdong_kh-kiemtra-cchc-2026.docx", "plans/khac.yaml",
        "--extends", "plans/cha.yaml",
    )
    assert other.returncode == 0, other.stderr
    report = (root / "plans" / "khac.import.txt").read_text(encoding="utf-8")
    assert "nhiệm vụ của cấp trên không có ở văn bản này" in report
