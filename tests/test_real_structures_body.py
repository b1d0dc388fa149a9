"""Structures of real plans written elsewhere (issue 13, section A), asserted from the .docx.

Numbers written with their leading zeros, plans without a period, titles of
any length, issued plans without a signer's name, unnumbered headings, a
lone point that keeps its letter, parts («PHẦN I») restarting the numbering
of their sections, and footnotes (``^[…]``) as real Word footnotes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from conftest import make_repository, sample_document
from lxml import etree
from ooxml import assert_valid_docx
from ruamel.yaml import YAML

from kehoach.base.diagnostics import PlanError
from kehoach.cli.commands import main
from kehoach.pipeline import build_plan

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
LONG_TITLE = (
    "Kế hoạch thực hiện công tác cải cách hành chính nhà nước giai đoạn 2026 - 2030 trên địa "
    "bàn tỉnh Lâm Đồng, gắn với chuyển đổi số, xây dựng chính quyền số và nâng cao chất lượng "
    "phục vụ người dân, doanh nghiệp; thực hiện Nghị quyết của Tỉnh ủy, Hội đồng nhân dân "
    "tỉnh về đẩy mạnh cải cách thủ tục hành chính, cải thiện môi trường đầu tư kinh doanh và "
    "nâng cao năng lực cạnh tranh cấp tỉnh trong những năm tiếp theo nữa"
)


def _plan(**changes: Any) -> dict[str, Any]:
    plan: dict[str, Any] = {
        "document": sample_document(),
        "body": [{"title": "Mục đích", "text": "Nội dung."}],
        "recipients": ["Như trên"],
        "signature": {"title": "Chủ tịch", "name": "Nguyễn Văn A"},
    }
    for key, value in changes.items():
        if key in plan["document"] or key in ("status", "attached_to", "header"):
            plan["document"][key] = value
        else:
            plan[key] = value
    return plan


def _build(root: Path, plan: dict[str, Any], name: str = "a") -> Path:
    path = root / "plans" / f"{name}.yaml"
    out = io.StringIO()
    YAML(typ="safe", pure=True).dump(plan, out)
    path.write_text(out.getvalue(), encoding="utf-8")
    return build_plan(root, path, Path("build"))


def _texts(path: Path) -> list[str]:
    """Every paragraph's text, body and table cells, in document order."""
    document = docx.Document(str(path))
    body = document.element.body
    texts = ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in body.iter(f"{{{W}}}p")]
    # Centred lines join words with no-break spaces and hyphens where they must not break.
    return [text.replace("\u00a0", " ").replace("\u2011", "-") for text in texts]


def _body(path: Path) -> list[tuple[str, str]]:
    """(style id, text) of the body paragraphs outside tables."""
    document = docx.Document(str(path))
    return [(p.style.style_id, p.text) for p in document.paragraphs if p.text]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_repository(tmp_path)


# --- numbers, period, title, signature ---------------------------------------------------


def test_a_number_with_leading_zeros_prints_as_written(root: Path) -> None:
    plan = _plan(number="0155")
    plan["appendices"] = []
    built = _build(root, plan)
    assert "Số: 0155/KH-UBND" in _texts(built)
    # An integer keeps today's printing (below 10 with a zero, otherwise as it is).
    assert "Số: 07/KH-UBND" in _texts(_build(root, _plan(number=7), "b"))


def test_a_decision_and_an_attached_number_keep_their_zeros(root: Path) -> None:
    decided = _plan()
    del decided["document"]["number"]
    decided.pop("recipients")
    decided.pop("signature")
    decided["decision"] = {
        "number": "0042",
        "date": {"year": 2026, "month": 1, "day": 9},
        "title": "Ban hành Kế hoạch thử",
        "articles": [{"text": "Ban hành kèm theo Quyết định này Kế hoạch thử."}],
        "signature": {"title": "Chủ tịch"},
    }
    texts = _texts(_build(root, decided))
    assert "Số: 0042/QĐ-UBND" in texts
    assert any("Quyết định số 0042/QĐ-UBND ngày 09 tháng 01 năm 2026" in t for t in texts)
    attached = _plan(
        header="none",
        attached_to={
            "kind": "Văn bản",
            "number": "0301",
            "symbol": "BNV-CCHC",
            "date": {"year": 2026, "month": 2, "day": 3},
            "issuer": "Bộ Nội vụ",
        },
    )
    texts = _texts(_build(root, attached, "b"))
    assert any("(Kèm theo Văn bản số 0301/BNV-CCHC ngày 03 tháng 02 năm 2026" in t for t in texts)


@pytest.mark.parametrize("number", ["0", "000", "12a", " 12", "١٢", True, 0, -3])
def test_a_number_that_is_no_number_is_refused(root: Path, number: object) -> None:
    with pytest.raises(PlanError) as caught:
        _build(root, _plan(number=number))
    assert "số văn bản phải là số nguyên từ 1 hoặc chuỗi chữ số" in caught.value.render()


def test_a_plan_without_a_period_builds(root: Path) -> None:
    plan = _plan(phases=["2026", "2031-2035"])
    del plan["document"]["period"]
    assert "Số: 12/KH-UBND" in _texts(_build(root, plan))


def test_a_400_character_title_prints_whole(root: Path) -> None:
    title = (LONG_TITLE + " " + LONG_TITLE)[:400].strip()
    assert len(title) >= 399
    built = _build(root, _plan(title=title))
    texts = _texts(built)
    assert title in " ".join(texts)  # the lines of the title block, whole
    core = docx.Document(str(built)).core_properties.title
    assert len(core) <= 255 and core.endswith("…") and title.startswith(core[:-1])
    checked = CliRunner().invoke(main, ["check", "--root", str(root), "plans/a.yaml"])
    assert checked.exit_code == 0, checked.output


def test_an_issued_plan_without_a_signer_name_builds(root: Path) -> None:
    plan = _plan(signature={"collective": "Ủy ban nhân dân", "title": "Chủ tịch"})
    texts = _texts(_build(root, plan))
    assert "TM. ỦY BAN NHÂN DÂN" in texts and "CHỦ TỊCH" in texts
    assert "Nguyễn Văn A" not in " ".join(texts)


# --- headings, points, parts -------------------------------------------------------------


def test_an_unnumbered_heading_is_not_counted(root: Path) -> None:
    body = [
        {"title": "Mục đích", "text": "Một."},
        {"title": "Ghi chú chung", "numbered": False, "text": "Hai."},
        {
            "title": "Nhiệm vụ",
            "sections": [
                {"title": "Tuyên truyền", "text": "Ba."},
                {"title": "Lưu ý", "numbered": False, "text": "Bốn."},
                {"title": "Kiểm tra", "text": "Năm."},
            ],
        },
    ]
    paragraphs = _body(_build(root, _plan(body=body)))
    headings = [(style, text) for style, text in paragraphs if style.startswith("KHHeading")]
    assert headings == [
        ("KHHeading1", "I. MỤC ĐÍCH"),
        ("KHHeading1", "GHI CHÚ CHUNG"),
        ("KHHeading1", "II. NHIỆM VỤ"),
        ("KHHeading2", "1. Tuyên truyền"),
        ("KHHeading2", "Lưu ý"),
        ("KHHeading2", "2. Kiểm tra"),
    ]


def test_a_lone_point_keeps_its_letter_when_asked(root: Path) -> None:
    body = [
        {"title": "Có chữ", "points": ["Điểm duy nhất."], "letter_single_point": True},
        {"title": "Không chữ", "points": ["Điểm đứng riêng."]},
    ]
    paragraphs = _body(_build(root, _plan(body=body)))
    assert ("KHPoint", "a) Điểm duy nhất.") in paragraphs
    assert ("KHBody", "Điểm đứng riêng./.") in paragraphs


def test_parts_print_their_heading_and_restart_numbering(root: Path) -> None:
    body = [
        {"title": "Căn cứ xây dựng", "text": "Mở."},
        {
            "part": True,
            "title": "Kết quả thực hiện năm 2025",
            "sections": [
                {"title": "Ưu điểm", "text": "Một."},
                {"title": "Hạn chế", "sections": [{"title": "Nguyên nhân", "text": "Hai."}]},
            ],
        },
        {
            "part": True,
            "label": "Phần thứ hai",
            "title": "Nhiệm vụ năm 2026",
            "sections": [{"title": "Mục tiêu", "text": "Ba."}],
        },
        {"title": "Tổ chức thực hiện", "text": "Bốn."},
    ]
    built = _build(root, _plan(body=body))
    paragraphs = _body(built)
    expected = [
        ("KHHeading1", "I. CĂN CỨ XÂY DỰNG"),
        ("KHCentered", "PHẦN I"),
        ("KHCentered", "KẾT QUẢ THỰC HIỆN NĂM 2025"),
        ("KHHeading1", "I. ƯU ĐIỂM"),
        ("KHHeading1", "II. HẠN CHẾ"),
        ("KHHeading2", "1. Nguyên nhân"),
        ("KHCentered", "Phần thứ hai"),
        ("KHCentered", "NHIỆM VỤ NĂM 2026"),
        ("KHHeading1", "I. MỤC TIÊU"),
        ("KHHeading1", "II. TỔ CHỨC THỰC HIỆN"),
    ]
    shown = [(s, t) for s, t in paragraphs if s.startswith(("KHHeading", "KHCentered"))]
    assert shown == expected
    # The part heading is centred and bold, and stays with the line after it.
    document = docx.Document(str(built))
    part = next(p for p in document.paragraphs if p.text == "PHẦN I")
    assert part.style.style_id == "KHCentered"
    assert part.style.paragraph_format.alignment == 1  # centred
    assert part.style.font.bold


def test_a_part_only_at_the_top_and_a_label_only_on_a_part(root: Path) -> None:
    nested = [{"title": "Mục", "sections": [{"title": "Phần", "part": True}]}]
    with pytest.raises(PlanError) as caught:
        _build(root, _plan(body=nested))
    assert "chỉ đặt ở cấp cao nhất" in caught.value.render()
    with pytest.raises(PlanError) as caught:
        _build(root, _plan(body=[{"title": "Mục", "label": "Phần thứ nhất"}]), "b")
    assert "label chỉ dùng cho phần" in caught.value.render()


# --- footnotes ----------------------------------------------------------------------------


def _footnoted_plan() -> dict[str, Any]:
    return _plan(
        basis=["Căn cứ Quyết định số 12/QĐ-UBND ngày 28 tháng 4 năm 2025^[Quyết định **số 12**.];"],
        intro="Mở đầu^[Chú thích *mở đầu* [1].] và dấu \\^[không phải chú thích].",
        body=[
            {
                "part": True,
                "title": "Kết quả",
                "sections": [{"title": "Ưu điểm", "text": "Nội dung^[Chú thích thân văn bản.]"}],
            }
        ],
        closing="Kết thúc^[Chú thích đoạn kết.]",
    )


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_footnotes_are_real_word_footnotes(root: Path) -> None:
    built = _build(root, _footnoted_plan())
    assert_valid_docx(built)
    parts = _parts(built)
    types = etree.fromstring(parts["[Content_Types].xml"])
    assert any(
        o.get("PartName") == "/word/footnotes.xml" and o.get("ContentType") == FOOTNOTES_TYPE
        for o in types
    )
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    assert [r.get("Target") for r in rels if r.get("Type") == FOOTNOTES_REL] == ["footnotes.xml"]
    notes = etree.fromstring(parts["word/footnotes.xml"])
    kinds = [(n.get(f"{{{W}}}type"), n.get(f"{{{W}}}id")) for n in notes]
    assert kinds[:2] == [("separator", "-1"), ("continuationSeparator", "0")]
    texts = {
        n.get(f"{{{W}}}id"): "".join(t.text for t in n.iter(f"{{{W}}}t")).strip() for n in notes[2:]
    }
    assert texts == {
        "1": "Quyết định số 12.",
        "2": "Chú thích mở đầu [1].",
        "3": "Chú thích thân văn bản.",
        "4": "Chú thích đoạn kết.",
    }
    bold = notes.xpath(".//w:r[w:rPr/w:b]/w:t/text()", namespaces=NS)
    italic = notes.xpath(".//w:r[w:rPr/w:i]/w:t/text()", namespaces=NS)
    assert bold == ["số 12"] and italic == ["mở đầu"]
    document = etree.fromstring(parts["word/document.xml"])
    references = document.xpath("//w:footnoteReference", namespaces=NS)
    assert [r.get(f"{{{W}}}id") for r in references] == ["1", "2", "3", "4"]
    for reference in references:
        style = reference.getparent().find("w:rPr/w:rStyle", NS)
        assert style is not None and style.get(f"{{{W}}}val") == "FootnoteReference"
    styles = etree.fromstring(parts["word/styles.xml"])
    superscript = styles.xpath(
        "//w:style[@w:styleId='FootnoteReference']/w:rPr/w:vertAlign/@w:val", namespaces=NS
    )
    assert superscript == ["superscript"]
    size = styles.xpath("//w:style[@w:styleId='FootnoteText']/w:rPr/w:sz/@w:val", namespaces=NS)
    assert size == ["20"]  # 10 pt
    settings = etree.fromstring(parts["word/settings.xml"])
    assert settings.xpath("w:footnotePr/w:footnote/@w:id", namespaces=NS) == ["-1", "0"]
    # The printed text keeps the words around the notes, and the escaped caret.
    texts_printed = _texts(built)
    assert "Căn cứ Quyết định số 12/QĐ-UBND ngày 28 tháng 4 năm 2025;" in texts_printed
    assert "Mở đầu và dấu ^[không phải chú thích]." in texts_printed
    assert "Kết thúc./." in texts_printed


def test_a_plan_without_footnotes_has_no_footnotes_part(root: Path) -> None:
    parts = _parts(_build(root, _plan()))
    assert "word/footnotes.xml" not in parts
    assert b"footnote" not in parts["word/styles.xml"].lower()
    assert b"footnotePr" not in parts["word/settings.xml"]


def test_footnotes_do_not_trouble_lint_or_diff(root: Path) -> None:
    old = _footnoted_plan()
    new = _footnoted_plan()
    new["closing"] = "Kết thúc^[Chú thích đoạn kết đã sửa.]"
    _build(root, old, "cu")
    _build(root, new, "moi")
    runner = CliRunner()
    linted = runner.invoke(main, ["lint", "--root", str(root), "plans/cu.yaml"])
    assert linted.exit_code in (0, 1) and "lỗi nội bộ" not in linted.output, linted.output
    diffed = runner.invoke(main, ["diff", "--root", str(root), "plans/cu.yaml", "plans/moi.yaml"])
    assert diffed.exit_code == 1, diffed.output
    assert "đã sửa" in diffed.output
    out = root / "build" / "redline.docx"
    args = ["redline", "--root", str(root), "plans/cu.yaml", "plans/moi.yaml", "-o", str(out)]
    redlined = runner.invoke(main, args)
    assert redlined.exit_code == 0, redlined.output
    document = etree.fromstring(_parts(out)["word/document.xml"])
    ids = document.xpath("//w:footnoteReference/@w:id", namespaces=NS)
    assert sorted(ids) == ["1", "2", "3", "4"]  # each note referenced once


def test_the_note_text_is_at_the_foot_of_the_page(root: Path, libreoffice: Any) -> None:
    built = _build(root, _footnoted_plan())
    pdf = libreoffice.convert_to_pdf(built, root / "pdf")
    text = libreoffice.pdf_text(pdf, 1)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    signer = lines.index("Nguyễn Văn A")
    note = next(i for i, line in enumerate(lines) if "Chú thích thân văn bản." in line)
    assert note > signer  # below the body and the signature: at the foot of the page
    assert any("Chú thích đoạn kết." in line for line in lines[signer:])


def test_a_citation_quotes_the_title_without_its_notes(root: Path) -> None:
    """A note of the cited plan's title is that plan's: the citing plan prints the title alone."""
    _build(root, _plan(title="Cải cách hành chính^[Chú thích của kế hoạch được trích.]"), "cu")
    citing = _plan(basis=[{"cite": "plans/cu.yaml", "after": ";"}])
    built = _build(root, citing, "moi")
    texts = _texts(built)
    assert any(t.endswith("về cải cách hành chính;") for t in texts), texts
    assert "word/footnotes.xml" not in _parts(built)
