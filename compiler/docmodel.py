"""The document model: the one format-neutral structure between layout and renderers.

Like pandoc's AST, it is plain frozen data. Layout decides every number, word
and emphasis; a renderer (docx now, redline or preview later) only maps roles
to its own styles, so two renderers never disagree about content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["body", "heading1", "heading2", "heading3", "point", "item"]


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
    """The two-column header of Decree 30: bodies on the left, national motto on the right."""

    parent_body_lines: tuple[str, ...]
    issuer_lines: tuple[str, ...]
    number_line: str
    place_date: str


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
class LaidOutDocument:
    """A whole document ready for any renderer."""

    header: Header
    doc_type: str
    title_lines: tuple[str, ...]
    body: tuple[Paragraph, ...]
    recipients: tuple[str, ...]
    signature: SignatureBlock | None
    properties: Properties
    notes: tuple[str, ...] = field(default=())
