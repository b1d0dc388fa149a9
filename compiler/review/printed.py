"""Where a plan's record is printed, and the sentence printed there.

A clerk finds a change by the printed document, not by the YAML: «mục
II.2.a, gạch đầu dòng thứ 3» or «Phụ lục II, dòng 5», and checks it against
the sentence as printed (``{value}`` filled in, markup gone). The laid-out
document (:mod:`kehoach.model.document`) holds exactly that; this module
reads it once into a list of printed places and finds a record's place by
its words (a record's printed sentence shares most of its words with its
``text``, whatever prefix, value or punctuation the layout added).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.model.document import Block, LaidOutDocument, Paragraph, Row, Table, text_of

_LABEL = re.compile(r"^\s*(?:PHẦN\s+)?([IVXLCDM]+|\d+(?:\.\d+)*|[a-zđ]{1,2})[.)]\s")
_WORD = re.compile(r"\w+")

ENOUGH = 0.6
"""Share of words a printed place must have in common with a record to be its place."""


@dataclass(frozen=True)
class Place:
    """One printed paragraph or table row: where it is and what it says."""

    where: str
    text: str


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def row_text(row: Row) -> str:
    """A table row as one line: its cells' texts joined by « | » (a cell's lines by spaces)."""
    cells = [" ".join(text_of(line) for line in cell.lines) for cell in row.cells]
    return " | ".join(c for c in cells if c)


def block_texts(block: Block) -> list[str]:
    """The printed lines of a body block: a paragraph's text, or each row of a table."""
    if isinstance(block, Table):
        return [row_text(row) for row in (*block.header, *block.rows)]
    return [block.text]


def _body_places(document: LaidOutDocument) -> list[Place]:
    places: list[Place] = []
    for part in document.parts:
        places.extend(_block_places(part.body, "phần mở đầu"))
        if part.closing is not None:
            for index, line in enumerate(part.closing.recipients, start=1):
                places.append(Place(f"nơi nhận, dòng {index}", text_of(line)))
    return places


def _block_places(blocks: tuple[Block, ...], start: str) -> list[Place]:
    """The places of a body's (or a text appendix's) paragraphs and table rows, named by the
    numbers of the headings above them; ``start`` names what comes before any heading."""
    places: list[Place] = []
    headings: list[str] = []  # the numbers of the headings above, outermost first
    path: list[str] = []  # those, and the point («a») the paragraph is under
    bullets = 0
    paragraphs = 0
    tables = 0
    for paragraph in blocks:
        if not isinstance(paragraph, Paragraph):
            tables += 1
            here = f"mục {'.'.join(path)}" if path else start
            places.extend(
                Place(f"{here}, bảng {tables}, dòng {index}", row_text(row))
                for index, row in enumerate(paragraph.rows, start=1)
            )
            continue
        text = paragraph.text
        label = _LABEL.match(text)
        depth = {"heading1": 1, "heading2": 2, "heading3": 3}.get(paragraph.role)
        if label is not None and (depth is not None or paragraph.role == "point"):
            number = label.group(1)
            if depth is None:  # a point: a), b)… under the nearest heading
                path = [*headings, number]
            else:
                if "." in number:  # «2.1.» repeats the number of its parent heading
                    number = number.rsplit(".", 1)[-1]
                headings = [*headings[: depth - 1], number]
                path = list(headings)
            bullets = paragraphs = 0
            places.append(Place(f"mục {'.'.join(path)}", text))
            continue
        here = f"mục {'.'.join(path)}" if path else start
        if paragraph.role == "item":
            bullets += 1
            places.append(Place(f"{here}, gạch đầu dòng thứ {bullets}", text))
        else:
            paragraphs += 1
            places.append(Place(f"{here}, đoạn {paragraphs}", text))
    return places


def _appendix_places(document: LaidOutDocument) -> list[Place]:
    places: list[Place] = []
    for appendix in document.appendices:
        label = _label(text_of(appendix.label))
        if appendix.table is not None:
            places.extend(
                Place(f"{label}, dòng {index}", row_text(row))
                for index, row in enumerate(appendix.table.rows, start=1)
            )
        places.extend(_block_places(appendix.body, label))
    return places


def _label(raw: str) -> str:
    """«PHỤ LỤC II» as a sentence names it: «Phụ lục II»."""
    words = raw.split()
    return " ".join(["Phụ lục", *words[2:]] if words[:2] == ["PHỤ", "LỤC"] else words)


class PrintedIndex:
    """Every printed paragraph and appendix row of a document, with its place."""

    def __init__(self, document: LaidOutDocument | None) -> None:
        self.body = _body_places(document) if document is not None else []
        self.rows = _appendix_places(document) if document is not None else []
        self.appendices = [
            Place(_label(text_of(a.label)), " ".join(text_of(line) for line in a.title_lines))
            for a in (document.appendices if document is not None else ())
        ]

    def locate_appendix(self, title: str) -> Place | None:
        """The appendix whose printed title is ``title``."""
        return self._best(self.appendices, title, whole=False)

    @staticmethod
    def _best(places: list[Place], text: str, whole: bool) -> Place | None:
        """The place sharing most of ``text``'s words; ``whole``: and little else besides.

        A body paragraph must be the record's sentence (most of its words are
        the record's), not a longer paragraph that happens to use them; an
        appendix row also holds the other columns, so there the record's own
        words only need to be found.
        """
        wanted = _words(text)
        if not wanted:
            return None
        best: tuple[float, int, Place] | None = None
        for place in places:
            got = _words(place.text)
            common = len(wanted & got)
            share = common / len(wanted | got) if whole else common / len(wanted)
            score = (share, -len(got), place)
            if share >= ENOUGH and (best is None or score[:2] > best[:2]):
                best = score
        return best[2] if best is not None else None

    def locate(self, text: str) -> Place | None:
        """The body paragraph printing ``text`` (the record's own words), if any."""
        return self._best(self.body, text, whole=True)

    def locate_row(self, text: str) -> Place | None:
        """The appendix row printing ``text``, if any."""
        return self._best(self.rows, text, whole=False)
