"""What the print-ready tests read: the pages LibreOffice printed, and the .docx's own decisions.

The PDF side reads ``pdftotext -bbox-layout``: every printed line of every
page, with its words and box (points, origin at the top left). The .docx
side reads the paragraphs by style id, in document order, so a test can ask
where LibreOffice printed a title, a signature or a page number.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.text.paragraph import Paragraph
from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
HEADER_ZONE_PT = 56.0  # above the top margin (20 mm): where the page number prints
CELL_PADDING_TWIPS = 108


@dataclass(frozen=True)
class Line:
    """A printed line: its words and its box."""

    words: tuple[str, ...]
    x0: float
    y0: float
    x1: float

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class Page:
    lines: tuple[Line, ...]

    @property
    def number(self) -> str | None:
        """The page number printed in the top margin, None when there is none."""
        top = [line.text for line in self.lines if line.y0 < HEADER_ZONE_PT]
        shown = [text for text in top if text.isdigit()]
        return shown[0] if shown else None

    @property
    def body(self) -> list[Line]:
        """The lines below the top margin, top to bottom."""
        return sorted((ln for ln in self.lines if ln.y0 >= HEADER_ZONE_PT), key=lambda ln: ln.y0)

    def row(self, line: Line) -> list[Line]:
        """The lines printed level with ``line``: pdftotext cuts a line at a wide gap (a
        blank left for a date), so a printed line may come as several."""
        return sorted((ln for ln in self.lines if abs(ln.y0 - line.y0) < 1), key=lambda ln: ln.x0)

    def has(self, text: str) -> bool:
        return any(line.text == text for line in self.lines)

    def holds(self, fragment: str) -> bool:
        return any(fragment in line.text for line in self.lines)


def words(text: str) -> tuple[str, ...]:
    """The words of a text as pdftotext splits them (a no-break space separates too)."""
    return tuple(text.replace("\u00a0", " ").replace("\u2011", "-").split())


def pdf_pages(pdftotext: str, pdf: Path) -> list[Page]:
    """Every page of ``pdf``, its lines in reading order."""
    out = subprocess.run(
        [pdftotext, "-bbox-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True))
    pages = []
    for page in root.iter(f"{XHTML}page"):
        lines = []
        for line in page.iter(f"{XHTML}line"):
            found = tuple(w.text or "" for w in line.iter(f"{XHTML}word"))
            lines.append(
                Line(
                    words(" ".join(found)),
                    float(line.get("xMin")),
                    float(line.get("yMin")),
                    float(line.get("xMax")),
                )
            )
        pages.append(Page(tuple(lines)))
    return pages


def styled(document: Document, *style_ids: str) -> list[Paragraph]:
    """Every paragraph (in tables too) of one of ``style_ids``, in document order."""
    return [
        Paragraph(p, None) for p in document.element.body.iter(qn("w:p")) if p.style in style_ids
    ]


def open_docx(path: Path) -> Document:
    return docx.Document(str(path))


def _squeezed(text: str) -> str:
    return "".join(words(text))


def printed_lines(
    pages: list[Page],
    text: str,
    first_page: int = 0,
    within: Callable[[Line], bool] = lambda line: True,
    below: float = -1.0,
) -> tuple[int, list[Line]]:
    """Where ``text`` is printed, from page ``first_page`` on: the page (0-based) where it
    starts and the consecutive lines holding exactly its characters; (-1, []) if nowhere.

    Characters, not words, are compared (spaces left out): pdftotext splits
    words by their distance, which is not always where the text has spaces.
    ``within`` keeps to one column (the header's left cell); ``below``: on
    ``first_page``, only lines lower than that (a text printed twice).
    """
    wanted = _squeezed(text)
    flat = [
        (i, line)
        for i, page in enumerate(pages)
        for line in page.body
        if (i > first_page or (i == first_page and line.y0 > below)) and within(line)
    ]
    for start, (page, line) in enumerate(flat):
        if not line.words or not wanted.startswith(_squeezed(line.text)):
            continue
        taken: list[Line] = []
        count = 0
        for _, following in flat[start:]:
            piece = _squeezed(following.text)
            if not piece or not wanted.startswith(piece, count):
                break
            taken.append(following)
            count += len(piece)
            if count == len(wanted):
                return page, taken
    return -1, []


def first_printed_line(pages: list[Page], text: str, first_page: int = 0) -> tuple[int, Line]:
    """The first line of ``text`` as printed (its other lines may interleave with a
    neighbouring column's): page (0-based) and line; AssertionError if nowhere."""
    wanted = _squeezed(text)
    for i, page in enumerate(pages[first_page:], start=first_page):
        for line in page.body:
            if line.words and wanted.startswith(_squeezed(line.text)):
                return i, line
    raise AssertionError(f"«{text}» not printed")


def rule_length_pt(rule: Paragraph, page_twips: int) -> float:
    """The length of a rule paragraph's line: its container's width less its indents."""
    p = rule._p
    cell = next(p.iterancestors(qn("w:tc")), None)
    container = page_twips
    if cell is not None:
        container = int(cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w")))
        container -= 2 * CELL_PADDING_TWIPS
    ind = p.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    assert ind is not None, "a rule without its own indents keeps the template's fixed length"
    left, right = (int(ind.get(qn(f"w:{side}"), "0")) for side in ("left", "right"))
    return (container - left - right) * Twips(1) / Pt(1)


def text_width_twips(section) -> int:
    return int((section.page_width - section.left_margin - section.right_margin) / Twips(1))


def section_index(paragraph: Paragraph) -> int:
    """The index of the section ``paragraph`` is in: section breaks before its body-level block."""
    top = paragraph._p
    while top.getparent() is not None and top.getparent().tag != qn("w:body"):
        top = top.getparent()
    breaks = f"{qn('w:pPr')}/{qn('w:sectPr')}"
    return sum(
        1
        for sibling in top.itersiblings(preceding=True)
        if sibling.tag == qn("w:p") and sibling.find(breaks) is not None
    )
