"""Print-ready pages (issue 14) on written tables and text appendices (issue 13's tables).

A group row and a row whose merged cell goes on below never end a page, in a
body table as in an appendix table; every appendix, landscape table or
portrait text, opens a section numbered from 1 with no number on its first
page, and has the short rule under its reference line. The completeness
warnings read plans without a period, numbers written with leading zeros and
signatures without a name. Asserted from the .docx markup Word acts on.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_repository
from lxml import etree
from ruamel.yaml import YAML
from test_real_structures_body import _plan as _structure_plan
from test_tables import _build, _plan, _table_with, _text

from kehoach.cli.commands import main

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
RULE_STYLE = "KHRuleTitle"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> etree._Element:
    return _build(make_repository(tmp_path_factory.mktemp("print-tables")), _plan())


def _kept_rows(table: etree._Element) -> list[bool]:
    """For each row: every paragraph of its cells keeps with the next (Word's row keep)."""
    out = []
    for tr in table.findall("w:tr", NS):
        paragraphs = tr.findall(".//w:p", NS)
        out.append(all(p.find("w:pPr/w:keepNext", NS) is not None for p in paragraphs))
    return out


def test_body_table_group_rows_and_merged_rows_keep_with_the_next(
    built: etree._Element,
) -> None:
    table = _table_with(built, "Trách nhiệm thực hiện")
    # header | Báo chí (group) | row with «Sở Nội vụ» merged over 2 | its second row |
    # Phát thanh (group) | last row
    assert _kept_rows(table) == [False, True, True, False, True, False]


def test_appendix_written_table_group_rows_keep_with_the_next(built: etree._Element) -> None:
    table = _table_with(built, "Kiểm tra")
    # two header rows (repeated, not kept) | group | 2 rows | group | 1 row
    assert _kept_rows(table) == [False, False, True, False, False, True, False]


def _sections(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(f"{{{W}}}sectPr"))


def test_every_appendix_is_numbered_from_one_without_a_number_on_its_first_page(
    built: etree._Element,
) -> None:
    appendices = _sections(built)[1:]
    assert len(appendices) == 3  # two landscape tables, one portrait text appendix
    for section in appendices:
        assert section.find("w:titlePg", NS) is not None
        assert section.find("w:pgNumType", NS).get(f"{{{W}}}start") == "1"


def _twips(element: etree._Element, name: str) -> int:
    return int(element.get(f"{{{W}}}{name}"))


def test_a_rule_under_each_appendix_reference_line_measured_for_its_pages(
    built: etree._Element,
) -> None:
    body = built.find("w:body", NS)
    paragraphs = list(body.iter(f"{{{W}}}p"))
    references = [
        i for i, p in enumerate(paragraphs) if _text(p).startswith("(Ban hành kèm theo Kế hoạch")
    ]
    assert len(references) == 3
    widths = []
    for index, section in zip(references, _sections(built)[1:], strict=True):
        rule = paragraphs[index + 1]
        assert rule.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == RULE_STYLE
        indent = rule.find("w:pPr/w:ind", NS)
        page = _twips(section.find("w:pgSz", NS), "w")
        margins = section.find("w:pgMar", NS)
        text = page - _twips(margins, "left") - _twips(margins, "right")
        length = text - _twips(indent, "left") - _twips(indent, "right")
        assert 0 < length < text / 2
        widths.append(text)
    assert widths[0] == widths[1] > widths[2]  # landscape, landscape, then portrait


@pytest.mark.parametrize(
    "changes",
    [
        {"period": None},
        {"number": "0155"},
        {"signature": {"collective": "Ủy ban nhân dân", "title": "Chủ tịch"}},
    ],
)
def test_completeness_reads_plans_of_any_structure(
    tmp_path: Path, changes: dict[str, object]
) -> None:
    root = make_repository(tmp_path)
    plan = _structure_plan(**{k: v for k, v in changes.items() if v is not None})
    if "period" in changes:
        del plan["document"]["period"]
    plan["document"]["status"] = "issued"
    out = StringIO()
    YAML(typ="safe", pure=True).dump(plan, out)
    (root / "plans" / "a.yaml").write_text(out.getvalue(), encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", "--root", str(root), "plans/a.yaml"])
    assert checked.exit_code == 0, checked.output
    said = checked.output + checked.stderr
    assert "issued-without-number" not in said and "chưa có số" not in said
    if "signature" in changes:
        assert "chưa có họ tên người ký" in said
    else:
        assert "người ký" not in said
