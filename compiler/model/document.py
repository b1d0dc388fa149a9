"""The document model: the one format-neutral structure between layout and renderers.

Like pandoc's AST, it is plain frozen data. Layout decides every number, word
and emphasis; a renderer (docx now, redline or preview later) only maps roles
to its own styles, so two renderers never disagree about content.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["body", "heading1", "heading2", "heading3", "point", "item", "centered"]


@dataclass(frozen=True)
class Span:
    """A run of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph; its role names the style a renderer gives it."""

    role: Role
    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Header:
    """The two-column header of Decree 30: bodies on the left, national motto on the right.

    ``number_line`` and ``place_date`` are None for a plan attached to a
    decision: its header has no "Số" and no date row.
    """

    parent_body_lines: tuple[str, ...]
    issuer_lines: tuple[str, ...]
    number_line: str | None
    place_date: str | None


@dataclass(frozen=True)
class SignatureBlock:
    """Capitalised authority and title lines, then the signer's name."""

    lines: tuple[str, ...]
    name: str | None


@dataclass(frozen=True)
class Properties:
    """Document properties taken from the plan (never from the clock)."""

    title: str
    author: str
    date: tuple[int, int, int]


@dataclass(frozen=True)
class Part:
    """A portrait flow that starts on a new page: a decision, or a plan.

    ``header`` is None for a document attached without a header (a framework
    sent with a letter); ``attached_line`` is the italic «(Kèm theo …)» line.
    """

    header: Header | None
    doc_type: str
    title_lines: tuple[str, ...]
    attached_line: str | None
    body: tuple[Paragraph, ...]
    recipients: tuple[str, ...]
    signature: SignatureBlock | None


@dataclass(frozen=True)
class Cell:
    """A table cell: its lines (one paragraph each), emphasis and vertical merge.

    ``merge`` «restart» opens a vertically merged cell, «continue» extends the
    one above (its lines are then empty); ``span`` merges columns.
    """

    lines: tuple[str, ...]
    bold: bool = False
    centered: bool = False
    merge: Literal["none", "restart", "continue"] = "none"
    span: int = 1


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A table whose ``header`` rows repeat on every page."""

    widths: tuple[float, ...]  # relative column widths
    header: tuple[Row, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class AppendixPart:
    """A landscape appendix on new pages numbered from 1."""

    label: str
    title_lines: tuple[str, ...]
    reference_line: str
    table: Table


@dataclass(frozen=True)
class LaidOutDocument:
    """A whole document ready for any renderer: portrait parts, then appendices."""

    parts: tuple[Part, ...]
    appendices: tuple[AppendixPart, ...]
    properties: Properties
