"""The document model: the one format-neutral structure between layout and renderers.

Like pandoc's AST, it is plain frozen data, and it is the WHOLE document:
every printed word (down to the Quốc hiệu, the Tiêu ngữ and «Nơi nhận:») and
every decision about pages (sections, orientation, page numbers, what is
kept together, which table rows repeat or may split). Layout decides them
all; a renderer (docx now, redline or preview later) only maps roles to its
own styles and carries the decisions out, so two renderers never disagree
about content or pagination, and a Word template cannot add words of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["body", "heading1", "heading2", "heading3", "point", "item", "centered"]
Orientation = Literal["portrait", "landscape"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class PageSection:
    """How a run of pages is set up and numbered (a Word section).

    ``restart_at`` is the number of the section's first page when numbering
    starts again there, None when the count carries on from the pages before;
    ``number_first_page`` says whether that first page shows its number
    (Decree 30: a document's first page does not).
    """

    orientation: Orientation
    restart_at: int | None
    number_first_page: bool


@dataclass(frozen=True)
class Span:
    """A run of text with its emphasis, or a footnote's reference mark.

    ``note`` is set on a footnote reference (``^[…]`` in the plan): the
    span prints no text of its own (``text`` is empty) but the number a
    renderer gives the note, here, and the note's own spans at the foot of
    the page. Notes are numbered 1, 2 … in the order they stand.
    """

    text: str
    bold: bool = False
    italic: bool = False
    note: tuple[Span, ...] | None = None


Spans = tuple[Span, ...]
"""A printed text (a line, a cell's line, a title line): its runs with their emphasis.

Every text a plan wrote reaches the renderers as spans, read once by layout,
so a renderer never sees markup and prints emphasis the same way everywhere.
"""


def text_of(spans: Spans) -> str:
    """The printed characters of ``spans``, without their emphasis (and without the text of
    their footnotes, printed elsewhere: see :func:`notes_of`)."""
    return "".join(span.text for span in spans)


def notes_of(spans: Spans) -> tuple[Spans, ...]:
    """The footnotes referenced in ``spans``, in order: the text of each."""
    return tuple(span.note for span in spans if span.note is not None)


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph; its role names the style a renderer gives it.

    ``keep_with_next``: the paragraph never ends a page, it stays with the
    paragraph after it (a heading with its first line of text).
    """

    role: Role
    spans: tuple[Span, ...]
    keep_with_next: bool = False

    @property
    def text(self) -> str:
        return text_of(self.spans)


@dataclass(frozen=True)
class Header:
    """The two-column header of Decree 30: bodies on the left, Quốc hiệu and Tiêu ngữ on the right.

    ``number_line`` and ``place_date`` are None for a plan attached to a
    decision: its header has no "Số" and no date row.
    """

    parent_body_lines: tuple[Spans, ...]
    issuer_lines: tuple[Spans, ...]
    national_title: str  # Quốc hiệu: «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»
    motto: str  # Tiêu ngữ: «Độc lập - Tự do - Hạnh phúc»
    number_line: Spans | None
    place_date: Spans | None
    rule_length: float | None = None
    """The short line under the issuing body, in points (1/3 to 1/2 of its longest
    line, measured by layout); None leaves the template's length."""


@dataclass(frozen=True)
class SignatureBlock:
    """Capitalised authority and title lines, then the signer's name."""

    lines: tuple[Spans, ...]
    name: Spans | None


@dataclass(frozen=True)
class Closing:
    """Nơi nhận (left) level with the signature (right), after the body.

    ``recipients_title`` («Nơi nhận:») is printed only over a list of
    recipients, so it is None when there are none. ``keep_together``: the
    two columns are one block that never splits across pages (the signer's
    name alone on a last page).
    """

    recipients_title: str | None
    recipients: tuple[Spans, ...]
    signature: SignatureBlock | None
    keep_together: bool


@dataclass(frozen=True)
class Properties:
    """Document properties taken from the plan (never from the clock)."""

    title: str
    author: str
    date: tuple[int, int, int]


@dataclass(frozen=True)
class Part:
    """A flow of the document's body: a decision, or a plan.

    ``new_page``: the part starts on a new page (every part but the first).
    ``header`` is None for a document attached without a header (a framework
    sent with a letter); ``attached_line`` is the italic «(Kèm theo …)» line.
    ``keep_title_together``: type, trích yếu and «(Kèm theo …)» line each
    stay with the line after them, so the title block never splits across
    pages. ``closing`` is None for a part with neither recipients nor
    signature (a plan promulgated by a decision).
    """

    new_page: bool
    header: Header | None
    doc_type: str
    title_lines: tuple[Spans, ...]
    attached_line: Spans | None
    keep_title_together: bool
    body: tuple[Block, ...]
    closing: Closing | None
    title_rule_length: float | None = None
    """The short line under the title block, in points (1/3 to 1/2 of the longest
    line right above it, measured by layout); None leaves the template's length."""
    section: PageSection | None = None
    """The part's own pages when it opens a section of its own (a plan after the
    decision promulgating it: numbered from 1, no number on its first page);
    None when it goes on in the section before."""


@dataclass(frozen=True)
class Cell:
    """A table cell: its lines (one paragraph each), emphasis and vertical merge.

    ``merge`` «restart» opens a vertically merged cell, «continue» extends the
    one above (its lines are then empty); ``span`` merges columns.
    ``centered`` is the table's usual centred cell (STT, units, values);
    ``align`` «right», or «left» in a header row, is drawn as direct alignment.
    """

    lines: tuple[Spans, ...]
    bold: bool = False
    centered: bool = False
    merge: Literal["none", "restart", "continue"] = "none"
    span: int = 1
    italic: bool = False
    align: Align | None = None


@dataclass(frozen=True)
class Row:
    """A table row; ``keep_with_next``: it never ends a page (a group row with its first row)."""

    cells: tuple[Cell, ...]
    keep_with_next: bool = False


@dataclass(frozen=True)
class Table:
    """A table: its ``header`` rows (drawn as headings), then its ``rows``.

    ``repeat_header``: the header rows are repeated at the top of every page
    the table runs onto; ``split_rows``: whether a row may break across two
    pages (when False, a row too long for the rest of a page moves whole).
    """

    widths: tuple[float, ...]  # relative column widths
    header: tuple[Row, ...]
    rows: tuple[Row, ...]
    repeat_header: bool
    split_rows: bool
    row_height: float | None = None  # least height of each row under the header (cm)


Block = Paragraph | Table
"""What a body holds, in order: paragraphs and the tables between them."""


@dataclass(frozen=True)
class AppendixPart:
    """An appendix (Phụ lục) in a section of its own, which starts on a new page.

    ``keep_heading_with_table``: label, title lines and reference line each
    stay with the line after them, so the heading never ends a page apart
    from its table (or its first line of text). ``table`` is None for a text
    appendix, whose ``body`` holds its numbered sections.
    """

    section: PageSection
    label: Spans
    title_lines: tuple[Spans, ...]
    reference_line: Spans | None  # None: the appendix prints no «(Kèm theo …)» line
    keep_heading_with_table: bool
    table: Table | None
    body: tuple[Block, ...] = ()
    reference_rule_length: float | None = None
    """The short line under the reference line, in points (1/3 to 1/2 of its
    longest line); None draws none."""


@dataclass(frozen=True)
class LaidOutDocument:
    """A whole document ready for any renderer: the parts in ``section``, then appendices."""

    section: PageSection
    parts: tuple[Part, ...]
    appendices: tuple[AppendixPart, ...]
    properties: Properties
