"""The docx writers carry out the document model's page decisions, not the template's.

Layout decides what keeps with the next paragraph, which rows stay whole
or repeat, and how each section is oriented and numbered. The template's
styles happen to agree with layout, so a seed cannot tell whether the writer
obeys the model or the template: here every decision of a laid-out seed (a
decision, its plan and two appendices) is turned around in the model, and
the .docx, read with python-docx through the style chain, must follow.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from conftest import REPO
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx_facts import all_paragraphs, paragraph_value

from kehoach.model.document import LaidOutDocument, PageSection
from kehoach.pipeline import Source, Stage, compile_plan
from kehoach.writers.template import render_with_template

SEED = Path("plans/dong-thap/qd-3256-2025.yaml")
TEMPLATE = "templates/ke-hoach.docx"


def _turned_around(document: LaidOutDocument) -> LaidOutDocument:
    """Every page decision of ``document`` reversed (words unchanged)."""
    parts = tuple(
        replace(
            part,
            keep_title_together=not part.keep_title_together,
            body=tuple(replace(p, keep_with_next=not p.keep_with_next) for p in part.body),
            closing=part.closing and replace(part.closing, keep_together=False),
            section=part.section and PageSection("landscape", None, number_first_page=True),
        )
        for part in document.parts
    )
    appendices = tuple(
        replace(
            appendix,
            section=PageSection("portrait", restart_at=None, number_first_page=False),
            keep_heading_with_table=False,
            table=replace(appendix.table, repeat_header=False, split_rows=True),
        )
        for appendix in document.appendices
    )
    return replace(
        document,
        section=PageSection("landscape", restart_at=3, number_first_page=True),
        parts=parts,
        appendices=appendices,
    )


def _render(document: LaidOutDocument) -> Document:
    data = render_with_template(document, REPO / TEMPLATE, TEMPLATE)
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def laid_out() -> LaidOutDocument:
    document = compile_plan(Source.file(REPO, REPO / SEED), until=Stage.LAYOUT).document
    assert len(document.parts) == 2 and len(document.appendices) == 2
    return document


def _keeps(document: Document, style_ids: set[str]) -> list[bool]:
    """Effective keep-with-next of every paragraph in one of ``style_ids`` (there are some)."""
    keeps = [
        bool(paragraph_value(p, lambda f: f.keep_with_next))
        for p in all_paragraphs(document)
        if p.style is not None and p.style.style_id in style_ids
    ]
    assert keeps, f"no paragraph in {style_ids}"
    return keeps


def _decided(document: LaidOutDocument) -> list[bool]:
    """The model's keep-with-next of every body and point paragraph, in document order."""
    return [
        p.keep_with_next
        for part in document.parts
        for p in part.body
        if p.role in ("body", "point")
    ]


def _rows(document: Document, style_id: str) -> list:
    """The table rows holding a paragraph of ``style_id``."""
    return [
        row
        for row in document.element.body.iter(qn("w:tr"))
        if any(s.get(qn("w:val")) == style_id for s in row.iter(qn("w:pStyle")))
    ]


def _has(row, tag: str) -> bool:
    return row.trPr is not None and row.trPr.find(qn(tag)) is not None


def test_as_laid_out(laid_out: LaidOutDocument) -> None:
    rendered = _render(laid_out)
    assert all(_keeps(rendered, {"KHHeading1", "KHHeading2", "KHCentered", "KHDocType"}))
    assert all(_keeps(rendered, {"KHTitle", "KHAttached", "KHAppendixLabel"}))
    assert _keeps(rendered, {"KHBody", "KHPoint"}) == _decided(laid_out)
    assert not all(_decided(laid_out)) and any(_decided(laid_out))
    closing = _rows(rendered, "KHSigner")
    assert len(closing) == 1 and _has(closing[0], "w:cantSplit")
    cells = _rows(rendered, "KHTableCell")
    assert cells and all(_has(row, "w:cantSplit") for row in cells)
    assert all(_has(row, "w:tblHeader") for row in _rows(rendered, "KHTableHeader"))
    decision, plan, *appendices = rendered.sections
    assert decision.orientation == WD_ORIENT.PORTRAIT
    assert decision.different_first_page_header_footer
    assert plan.orientation == WD_ORIENT.PORTRAIT and plan.different_first_page_header_footer
    assert plan._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    for section in appendices:
        assert section.orientation == WD_ORIENT.LANDSCAPE
        assert section.page_width > section.page_height
        assert section.different_first_page_header_footer
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_turned_around(laid_out: LaidOutDocument) -> None:
    turned = _turned_around(laid_out)
    rendered = _render(turned)
    assert not any(_keeps(rendered, {"KHHeading1", "KHHeading2", "KHCentered", "KHDocType"}))
    assert not any(_keeps(rendered, {"KHTitle", "KHAttached", "KHAppendixLabel"}))
    assert _keeps(rendered, {"KHBody", "KHPoint"}) == _decided(turned)
    closing = _rows(rendered, "KHSigner")
    assert len(closing) == 1 and not _has(closing[0], "w:cantSplit")
    cells = _rows(rendered, "KHTableCell")
    assert cells and not any(_has(row, "w:cantSplit") for row in cells)
    assert not any(_has(row, "w:tblHeader") for row in _rows(rendered, "KHTableHeader"))
    body, plan, *appendices = rendered.sections
    assert body.orientation == WD_ORIENT.LANDSCAPE and body.page_width > body.page_height
    assert not body.different_first_page_header_footer
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "3"
    assert plan.orientation == WD_ORIENT.LANDSCAPE and not plan.different_first_page_header_footer
    assert plan._sectPr.find(qn("w:pgNumType")) is None
    assert len(appendices) == 2
    for section in appendices:
        assert section.orientation == WD_ORIENT.PORTRAIT
        assert section.page_width < section.page_height
        assert section.different_first_page_header_footer
        assert section._sectPr.find(qn("w:pgNumType")) is None
