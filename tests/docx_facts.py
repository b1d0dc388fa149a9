"""Read the effective formatting of runs and paragraphs of a .docx, as Word resolves it.

python-docx reports only what is set directly on an element; Word resolves
a value through the run, the paragraph style and its base styles, then the
document defaults. Tests must check what a reader sees, so they resolve the
same chain here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


@dataclass(frozen=True)
class RunFacts:
    text: str
    font: str | None
    size_pt: float | None
    bold: bool
    italic: bool


def _style_chain(paragraph: Paragraph) -> list:
    chain = []
    style = paragraph.style
    while style is not None:
        chain.append(style)
        style = style.base_style
    return chain


def _defaults_rpr(document: Document):
    return document.styles.element.find(
        qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr")
    )


def _toggle(rpr, tag: str) -> bool | None:
    if rpr is None:
        return None
    el = rpr.find(qn(tag))
    if el is None:
        return None
    return el.get(qn("w:val")) not in ("0", "false", "off")


def run_facts(document: Document, paragraph: Paragraph) -> Iterator[RunFacts]:
    """Every run of ``paragraph`` with font, size, bold and italic resolved."""
    chain = _style_chain(paragraph)
    rprs = [s.element.rPr for s in chain] + [_defaults_rpr(document)]
    for run in paragraph.runs:
        levels = [run.element.rPr, *rprs]
        font = next((f for f in (_font(r) for r in levels) if f), None)
        size = next((s for s in (_size(r) for r in levels) if s), None)
        bold = next((b for b in (_toggle(r, "w:b") for r in levels) if b is not None), False)
        italic = next((i for i in (_toggle(r, "w:i") for r in levels) if i is not None), False)
        yield RunFacts(run.text, font, size, bold, italic)


def _font(rpr) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        return None
    assert not any("Theme" in key for key in fonts.attrib), "theme fonts override the name"
    names = {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")}
    assert len(names) == 1, f"ascii/hAnsi/cs/eastAsia differ: {names}"
    return names.pop()


def _size(rpr) -> float | None:
    if rpr is None:
        return None
    size = rpr.find(qn("w:sz"))
    return None if size is None else int(size.get(qn("w:val"))) / 2


def paragraph_value(paragraph: Paragraph, getter) -> object:
    """First value ``getter(paragraph_format)`` finds along the paragraph's style chain."""
    value = getter(paragraph.paragraph_format)
    if value is not None:
        return value
    for style in _style_chain(paragraph):
        value = getter(style.paragraph_format)
        if value is not None:
            return value
    return None


def all_paragraphs(document: Document) -> Iterator[Paragraph]:
    """Body paragraphs and table-cell paragraphs, in document order."""
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document._body)
        elif child.tag == qn("w:tbl"):
            yield from _table_paragraphs(Table(child, document._body))


def _table_paragraphs(table: Table) -> Iterator[Paragraph]:
    for row in table.rows:
        for cell in row.cells:
            yield from cell.paragraphs
            for inner in cell.tables:
                yield from _table_paragraphs(inner)
