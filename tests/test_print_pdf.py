"""Print-ready, as LibreOffice prints it: the pages a records clerk would check (issue 14).

Every real plan (the seven of ``plans/``, and ``plans/lam-dong/`` when it
exists) and a set of generated plans (a decision with its plan, appendices,
long titles with names and year ranges) are built, printed to PDF in one
LibreOffice run and read back with ``pdftotext -bbox-layout``. On the pages:

* no page holds only the signature block: the page where Nơi nhận and the
  signature print also holds the end of the body above them;
* the first page of an attached document (the plan after its decision) and
  of each appendix shows no page number, and its second page shows «2»;
* no centred title line (trích yếu, «(Kèm theo …)», an appendix's name and
  reference line) holds a single word, none ends on a split year range;
* each short line under a title block, a reference line or the issuing
  body is 1/3 to 1/2 as long as the widest line LibreOffice printed above it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_cascade, make_repository
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from libreoffice import convert_all
from print_facts import (
    Line,
    Page,
    open_docx,
    pdf_pages,
    printed_lines,
    rule_length_pt,
    section_index,
    styled,
    text_width_twips,
    words,
)
from test_generated import _dump, plans_with_appendices, plans_with_decision

from kehoach.base.diagnostics import PlanError
from kehoach.pipeline import build_plan

CLOSING_FIRST = ("KHRecipientsTitle", "KHSignature", "KHSigner")
TITLE_STYLES = ("KHTitle", "KHAttached")
TITLE_RULE, ISSUER_RULE = "KHRuleTitle", "KHRule"
END_MARK = "./."
LEFT_CELL_END = (30 + 63) * 72 / 25.4  # the header's left cell ends 93 mm from the page's edge

# Long titles of the kind that broke badly: names, a year range, a place at the end.
TITLE_WORDS = [
    "Kế hoạch", "triển khai", "thực hiện", "Chương trình", "phát triển", "Chính phủ số",
    "theo", "Quyết định số 2629/QĐ-TTg", "ngày 01/12/2025", "của", "Thủ tướng Chính phủ",
    "Ủy ban nhân dân tỉnh", "Bộ Khoa học và Công nghệ", "giai đoạn 2026 - 2030",
    "giai đoạn 2026-2030", "chuyển đổi số", "năm 2026", "trên địa bàn", "phường", "tỉnh",
]  # fmt: skip
long_titles = st.lists(st.sampled_from(TITLE_WORDS), min_size=6, max_size=14).map(" ".join)


@dataclass(frozen=True)
class Printed:
    """A built document, its .docx read, and its pages as LibreOffice printed them."""

    name: str
    document: Document
    pages: list[Page]


def _drawn(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """``count`` examples of ``strategy``, the same on every run."""
    out: list[Any] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: Any) -> None:
        out.append(value)

    collect()
    return out


@st.composite
def _long_titled(draw: st.DrawFn, plans: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    """A generated plan whose trích yếu (and decision's, appendices') are long enough to wrap."""
    plan = draw(plans)
    plan["document"]["title"] = draw(long_titles)
    if "decision" in plan:
        plan["decision"]["title"] = draw(long_titles)
    for appendix in plan.get("appendices", []):
        appendix["title"] = draw(long_titles)
    return plan


def _generated(root: Path, out: Path) -> list[Path]:
    """Generated plans of every kind, built; the ones the compiler refuses are left out."""
    make_repository(root)
    copy_cascade(root)
    plans = [
        *_drawn(_long_titled(plans_with_decision()), 12),
        *_drawn(_long_titled(plans_with_appendices()), 12),
    ]
    built = []
    for index, plan in enumerate(plans):
        source = root / "plans" / f"sinh-{index}.yaml"
        source.write_text(_dump(plan), encoding="utf-8")
        try:
            docx = build_plan(root, source, Path("build"))
        except PlanError:
            continue
        built.append(shutil.copy(docx, out / f"generated-{index}.docx"))
    assert len(built) >= 8, "the generators should give mostly valid plans"
    return [Path(p) for p in built]


@pytest.fixture(scope="module")
def printed(libreoffice, real_build, tmp_path_factory) -> list[Printed]:
    out = tmp_path_factory.mktemp("print-pdf")
    sources = []
    for name, data in real_build.documents.items():
        path = out / name.replace("/", "__")
        path.write_bytes(data)
        sources.append(path)
    assert len(sources) >= 7
    sources.extend(_generated(tmp_path_factory.mktemp("print-generated"), out))
    pdfs = convert_all(libreoffice.soffice, sources, out)
    return [
        Printed(source.stem, open_docx(source), pdf_pages(libreoffice.pdftotext, pdf))
        for source, pdf in zip(sources, pdfs, strict=True)
    ]


def _real(printed: list[Printed]) -> list[Printed]:
    return [p for p in printed if not p.name.startswith("generated-")]


def _ends(document: Document) -> list[str | None]:
    """For each part, in order: the first line of the closing block after its end mark «./.»
    (the signature's, Nơi nhận standing level with it), None for a part without one."""
    ends: list[str | None] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p") and END_MARK in Paragraph(child, None).text:
            ends.append(None)
        elif child.tag == qn("w:tbl") and ends and ends[-1] is None:
            lines = [
                Paragraph(p, None).text
                for p in child.iter(qn("w:p"))
                if p.style in ("KHSignature", "KHSigner")
            ]
            signature = [line for line in lines if line]
            if signature:
                ends[-1] = signature[0]
    return ends


def test_no_page_holds_only_the_signature_block(printed: list[Printed]) -> None:
    """The closing block starts on the page of the end mark, below it."""
    alone, seen = [], 0
    for doc in printed:
        marks = [
            (i, line) for i, page in enumerate(doc.pages) for line in page.body
            if END_MARK in line.text
        ]  # fmt: skip
        ends = _ends(doc.document)
        assert len(marks) == len(ends), (doc.name, [m[1].text for m in marks], ends)
        for (page, mark), first in zip(marks, ends, strict=True):
            if first is None:
                continue
            seen += 1
            wanted = "".join(words(first))
            below = [
                ln for ln in doc.pages[page].body
                if ln.y0 > mark.y0 and wanted.startswith("".join(ln.words))
            ]  # fmt: skip
            if not below:
                alone.append(f"{doc.name} p.{page + 1}: «{first}» not below «{mark.text}»")
    assert seen >= 8
    assert not alone, f"signature block apart from the end of the body: {alone}"


def _starts(document: Document) -> list[str]:
    """The line that opens each section after the first: a part's type, an appendix's label."""
    types = [p.text for p in styled(document, "KHDocType")]
    labels = [p.text for p in styled(document, "KHAppendixLabel")]
    sections = len(document.sections)
    starts = [*types[1:], *labels] if sections > 1 + len(labels) else labels
    assert len(starts) == sections - 1, (starts, sections)
    return starts


def test_attached_documents_and_appendices_number_their_own_pages(
    printed: list[Printed],
) -> None:
    wrong, seen = [], 0
    for doc in printed:
        assert doc.pages[0].number is None, f"{doc.name}: page 1 numbered"
        after = 0
        starts = _starts(doc.document)
        for start in starts:
            page = next((i for i in range(after, len(doc.pages)) if doc.pages[i].has(start)), None)
            assert page is not None, f"{doc.name}: no page opens with «{start}»"
            seen += 1
            if doc.pages[page].number is not None:
                wrong.append(f"{doc.name} p.{page + 1} ({start}) shows {doc.pages[page].number}")
            following = page + 1
            opens = following < len(doc.pages) and not any(
                doc.pages[following].has(other) for other in starts
            )
            if opens and doc.pages[following].number != "2":
                wrong.append(f"{doc.name} p.{following + 1} after «{start}» is not «2»")
            after = page + 1
    assert seen >= 8
    assert not wrong, wrong


def test_no_centred_title_line_holds_one_word(printed: list[Printed]) -> None:
    wrong, wrapped = [], 0
    for doc in printed:
        after = 0
        for paragraph in styled(doc.document, *TITLE_STYLES):
            text = paragraph.text
            page, lines = printed_lines(doc.pages, text, after)
            assert lines, f"{doc.name}: title «{text}» not found as printed lines"
            after = page
            if len(lines) < 2:
                continue
            wrapped += 1
            for line in lines:
                row = [w for part in doc.pages[page].row(line) for w in part.words] or [
                    w for p in doc.pages for part in p.lines if part is line for w in part.words
                ]
                if len(row) < 2 or line.text.endswith(("-", "\u2011")):
                    wrong.append(f"{doc.name} p.{page + 1}: «{line.text}» in «{text}»")
    assert wrapped >= 10, "too few titles long enough to break: the test proves nothing"
    assert not wrong, wrong


def _text_above(rule) -> list[str]:
    """The paragraphs the rule stands under: the reference line, else the title lines,
    else (in the header) the issuing body's lines."""
    above = []
    for sibling in rule._p.itersiblings(preceding=True):
        if sibling.tag != qn("w:p"):
            break
        style = sibling.style
        if not above and style == "KHAttached":
            return [Paragraph(sibling, None).text]
        if style in ("KHTitle", "KHIssuer"):
            above.insert(0, Paragraph(sibling, None).text)
        elif above:
            break
    return above


def _left_cell(line: Line) -> bool:
    return line.x1 < LEFT_CELL_END


def _anywhere(line: Line) -> bool:
    return True


def test_short_lines_are_a_third_to_a_half_of_the_text_above(printed: list[Printed]) -> None:
    wrong, seen = [], 0
    for doc in _real(printed) + [p for p in printed if p not in _real(printed)][:6]:
        widths = [text_width_twips(section) for section in doc.document.sections]
        after, low = 0, -1.0
        for rule in styled(doc.document, TITLE_RULE, ISSUER_RULE):
            above = _text_above(rule)
            assert above, f"{doc.name}: a rule under no text"
            printed_widths = []
            column = _left_cell if rule._p.getparent().tag == qn("w:tc") else _anywhere
            for text in above:  # in order: a plan's reference line returns in its appendices
                page, lines = printed_lines(doc.pages, text, after, within=column, below=low)
                assert lines, f"{doc.name}: «{text}» not printed"
                after, low = page, (lines[-1].y0 if column is _anywhere else -1.0)
                for line in lines:
                    row = [ln for ln in doc.pages[page].row(line) if column(ln)] or [line]
                    printed_widths.append(max(ln.x1 for ln in row) - min(ln.x0 for ln in row))
            length = rule_length_pt(rule, widths[section_index(rule)])
            share = length / max(printed_widths)
            seen += 1
            if not 1 / 3 - 0.01 <= share <= 1 / 2 + 0.01:
                wrong.append(f"{doc.name}: {length:.0f} pt under «{above[-1]}»: {share:.2f}")
    assert seen >= 20
    assert not wrong, wrong


def test_the_title_rule_stands_clear_of_the_text(printed: list[Printed]) -> None:
    """At least 4 pt between the text above and the rule (2 pt read as underlining)."""
    doc = _real(printed)[0]
    style = doc.document.styles["KH Rule Title"].paragraph_format.space_before
    for rule in styled(doc.document, TITLE_RULE):
        before = rule.paragraph_format.space_before or style
        assert before is not None and before.pt >= 4


def _leads(document: Document) -> tuple[set[str], set[str]]:
    """Headings (and a decision's centred lines), and the titles of appendix group rows."""
    headings = {
        " ".join(words(p.text))
        for p in styled(document, "KHHeading1", "KHHeading2", "KHHeading3", "KHCentered")
    }
    groups = set()
    for table in document.tables:
        columns = len(table._tbl.tblGrid.gridCol_lst)
        for tr in table._tbl.tr_lst:
            cells = tr.tc_lst
            if columns > 2 and len(cells) == 2 and cells[1].grid_span == columns - 1:
                title = " ".join(Paragraph(p, None).text for p in cells[1].iter(qn("w:p")))
                groups.add(" ".join(words(title)))
    return headings, groups


def test_nothing_that_leads_ends_a_page(printed: list[Printed]) -> None:
    """No page ends with a heading, a lead-in line ending «:» or an appendix group row."""
    wrong, pages = [], 0
    for doc in printed:
        headings, groups = _leads(doc.document)
        for number, page in enumerate(doc.pages[:-1], start=1):
            if not page.body:
                continue
            pages += 1
            last = page.body[-1].text
            named = len(last.split()) > 1 and (  # a generated «0» is both a heading and a name
                last in headings or any(g.endswith(last) for g in groups)
            )
            if named or last.endswith(":"):
                wrong.append(f"{doc.name} p.{number}: «{last}»")
    assert pages >= 60
    assert not wrong, wrong


def test_noi_nhan_starts_at_the_margin(printed: list[Printed]) -> None:
    """«Nơi nhận:» and its items line up with the body's left margin (30 mm), not 1.9 mm in."""
    margin = 30 * 72 / 25.4
    seen = 0
    for doc in _real(printed):
        for page in doc.pages:
            for line in page.body:
                if line.text == "Nơi nhận:":
                    seen += 1
                    assert abs(line.x0 - margin) < 0.6, (doc.name, line.x0)
    assert seen >= 3
