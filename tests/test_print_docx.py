"""Print-ready, as the .docx says it (issue 14): what keeps together, sections, the end mark.

Read from the rendered documents of the real plans (and of generated
plans), through python-docx and the style chain, never from the code that
wrote them:

* the end of the body keeps with the signature block: every paragraph from
  the end mark «./.» to the closing table keeps with the next, and the
  closing row does not split;
* a line ending in «:» keeps with the next paragraph; a group row of an
  appendix table keeps with the row after it;
* widow and orphan control is on for every paragraph (document defaults);
* the plan after its decision and each appendix is a section of its own,
  numbered from 1, with no number on its first page (``w:titlePg``);
* the end mark never follows «;», «…», «.» or «,».
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import copy_cascade, make_repository
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx_facts import paragraph_value
from hypothesis import given
from hypothesis import strategies as st
from test_generated import SETTINGS, _dump, inline_text, plans_from_schema

from kehoach.base.diagnostics import PlanError
from kehoach.pipeline import build_plan

END_MARK = "./."
BODY_STYLES = ("KHBody", "KHPoint", "KHItem", "KHCentered")
CLOSING_STYLES = {"KHRecipientsTitle", "KHRecipient", "KHSignature", "KHSigner"}


@pytest.fixture(scope="module")
def built(real_build) -> dict[str, Document]:
    return {name: docx.Document(io.BytesIO(data)) for name, data in real_build.documents.items()}


def _keeps(paragraph: Paragraph) -> bool:
    return bool(paragraph_value(paragraph, lambda f: f.keep_with_next))


def _is_closing(table) -> bool:
    return any(p.get(qn("w:val")) in CLOSING_STYLES for p in table.iter(qn("w:pStyle")))


def _ends_kept(document: Document) -> list[str]:
    """What breaks the chain from each end mark to its closing table."""
    broken = []
    chain: list[Paragraph] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document._body)
            if END_MARK in paragraph.text:
                chain = [paragraph]
            elif chain and paragraph.text.strip():
                chain.append(paragraph)
        elif child.tag == qn("w:tbl") and chain:
            if _is_closing(child):
                broken.extend(p.text for p in chain if not _keeps(p))
                row = child.find(qn("w:tr"))
                if row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is None:
                    broken.append("closing row may split")
            chain = []
    return broken


def test_the_end_of_the_body_keeps_with_the_signature(built: dict[str, Document]) -> None:
    signed = 0
    for name, document in built.items():
        assert not _ends_kept(document), name
        signed += any(_is_closing(t) for t in document.element.body.iter(qn("w:tbl")))
    assert signed >= 5


def test_lead_in_lines_keep_with_what_follows(built: dict[str, Document]) -> None:
    seen = 0
    for name, document in built.items():
        body = [
            Paragraph(p, document._body)
            for p in document.element.body.iterchildren(qn("w:p"))
            if p.style in BODY_STYLES
        ]
        for paragraph, following in itertools.pairwise(body):
            if paragraph.text.rstrip().endswith(":") and following.text.strip():
                seen += 1
                assert _keeps(paragraph), f"{name}: «{paragraph.text}»"
    assert seen >= 10


def _group_rows(document: Document) -> list:
    """Rows of an appendix table whose second cell spans all the others (a group's title)."""
    rows = []
    for table in document.tables:
        columns = len(table._tbl.tblGrid.gridCol_lst)
        for tr in table._tbl.tr_lst:
            cells = tr.tc_lst
            if columns > 2 and len(cells) == 2 and cells[1].grid_span == columns - 1:
                rows.append(tr)
    return rows


def test_group_rows_keep_with_the_row_after(built: dict[str, Document]) -> None:
    rows = [row for document in built.values() for row in _group_rows(document)]
    assert len(rows) >= 10
    for row in rows:
        for p in row.iter(qn("w:p")):
            assert p.pPr is not None and p.pPr.keepNext_val, "".join(row.itertext())


def test_widow_and_orphan_control_for_every_paragraph(built: dict[str, Document]) -> None:
    for document in built.values():
        defaults = document.styles.element.find(
            f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}"
        )
        control = defaults.find(qn("w:widowControl"))
        assert control is not None and control.get(qn("w:val"), "1") not in ("0", "false")
        for style in document.styles.element.iter(qn("w:widowControl")):
            assert style.get(qn("w:val"), "1") not in ("0", "false")


def _numbering(section) -> str | None:
    found = section._sectPr.find(qn("w:pgNumType"))
    return None if found is None else found.get(qn("w:start"))


def test_attached_plan_and_appendices_are_sections_numbered_from_one(
    built: dict[str, Document],
) -> None:
    decision = built["dong-thap/qd-3256-2025.docx"]
    sections = decision.sections
    assert len(sections) == 4  # the decision, its plan, Phụ lục 1, Phụ lục 2
    assert _numbering(sections[0]) is None
    for section in sections:
        assert section.different_first_page_header_footer  # w:titlePg: no number on page 1
        first = section.first_page_header.paragraphs
        assert not [field for p in first for field in p._p.iter(qn("w:instrText"))]
    for section in sections[1:]:
        assert _numbering(section) == "1"
    for name, document in built.items():
        for section in document.sections[1:]:
            assert _numbering(section) == "1", name
            assert section.different_first_page_header_footer, name


def _end_marks(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs if END_MARK in p.text]


def test_the_end_mark_never_doubles_punctuation(built: dict[str, Document]) -> None:
    marks = [text for document in built.values() for text in _end_marks(document)]
    assert len(marks) >= 8
    for text in marks:
        before = text[: text.index(END_MARK)]
        assert before and before[-1] not in ";….,:", text


endings = st.sampled_from([";", "…", "...", ".", ";.", " ;", ",", ""])


@pytest.fixture(scope="module")
def cascade(tmp_path_factory) -> Path:
    root = make_repository(tmp_path_factory.mktemp("print-docx"))
    copy_cascade(root)
    return root


def test_generated_plans_end_once_and_keep_their_end(cascade: Path) -> None:
    """Any plan, its last paragraph or closing ending any way: one end mark, kept with the
    signature; the sections after the first numbered from 1."""
    outcomes = {"built": 0}

    @SETTINGS
    @given(plan=plans_from_schema(), last=inline_text, ending=endings, closing=st.booleans())
    def holds(plan: dict[str, Any], last: str, ending: str, closing: bool) -> None:
        if closing:
            plan["closing"] = last + ending
        else:
            plan["body"].append({"title": "Kết", "text": [last + ending]})
            plan.pop("closing", None)
        source = cascade / "plans" / "sinh.yaml"
        source.write_text(_dump(plan), encoding="utf-8")
        try:
            path = build_plan(cascade, source, Path("build"))
        except PlanError:
            return
        document = docx.Document(str(path))
        marks = _end_marks(document)
        assert len(marks) == 1, marks
        before = marks[0][: marks[0].index(END_MARK)]
        assert not before or before[-1] not in ";….,:", marks
        assert not _ends_kept(document)
        outcomes["built"] += 1

    holds()
    assert outcomes["built"] >= 10


def test_recipients_hang_and_appendix_headings_are_centred(built: dict[str, Document]) -> None:
    """A wrapped Nơi nhận item starts under its text, not under its dash; an appendix's
    header cells are centred top to bottom."""
    document = built["can-tho/kh-224-2025.docx"]
    style = document.styles["KH Recipient"].paragraph_format
    assert style.first_line_indent is not None and style.first_line_indent < 0
    assert style.left_indent == -style.first_line_indent
    header_cells = [
        tc
        for tc in document.element.body.iter(qn("w:tc"))
        if any(p.style == "KHTableHeader" for p in tc.iter(qn("w:p")))
    ]
    assert len(header_cells) >= 8
    for tc in header_cells:
        align = tc.find(f"{qn('w:tcPr')}/{qn('w:vAlign')}")
        assert align is not None and align.get(qn("w:val")) == "center"


def test_rows_under_a_merged_cell_keep_together(built: dict[str, Document]) -> None:
    """Every row a vertically merged category cell covers, but the last, keeps with the next:
    the merged cell never runs onto a page where its text would not show (QĐ 3256)."""
    merged = 0
    for table in built["dong-thap/qd-3256-2025.docx"].tables:
        rows = table._tbl.tr_lst
        for index, tr in enumerate(rows[:-1]):
            body = [tc for tc in tr.tc_lst if not any(
                p.style == "KHTableHeader" for p in tc.iter(qn("w:p"))
            )]  # fmt: skip
            following = rows[index + 1].tc_lst
            continues = any(tc.vMerge == "continue" for tc in following) and any(
                tc.vMerge in ("restart", "continue") for tc in body
            )
            if continues:
                merged += 1
                assert all(p.pPr is not None and p.pPr.keepNext_val for p in tr.iter(qn("w:p")))
    assert merged >= 3
