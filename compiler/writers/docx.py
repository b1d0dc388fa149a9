"""Render a laid-out document into .docx bytes through the docxtpl Word template.

The template (templates/ke-hoach.docx) owns page setup, named styles and
the layout tables, so a clerk restyles documents in Word; it prints no word
of its own. This module fills it with the model's words, in the styles of
the one role table (``writers.styles``), and carries out the model's
decisions on pagination (keep-with-next, the closing row kept whole, the
sections, with ``docx_appendix``). Plan text
reaches Jinja as data (context values and escaped RichText), never as
template source, and Jinja runs sandboxed with StrictUndefined and
autoescape (TECH-NOTES: without autoescape, «&» and «<» vanish).
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from html import escape

from docx.document import Document
from docx.oxml.ns import qn
from docxtpl import DocxTemplate, RichText, RichTextParagraph
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from kehoach.base.output import normalise_zip
from kehoach.model.document import Closing, Header, LaidOutDocument, Paragraph, Part, Spans, Table
from kehoach.writers.docx_appendix import append_appendices
from kehoach.writers.docx_notes import Footnotes, add_footnotes
from kehoach.writers.docx_pages import keep_row_whole, shaped_section, text_width
from kehoach.writers.docx_table import place_tables, placeholder_name
from kehoach.writers.styles import CLOSING_STYLE_IDS, STYLE_IDS, StyleSheet

# Opens a part on a new page without a visible empty line: a 1-point paragraph.
PAGE_BREAK_XML = (
    '<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:before="0" w:after="0" w:line="20" '
    'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
)
EMPTY_PARAGRAPH_XML = "<w:p/>"


class _CompilingOnceEnvironment(SandboxedEnvironment):
    """The sandbox, compiling each template source once per process.

    docxtpl hands every render the template's XML as a string; the source is
    the same for every plan of a batch, so compiling it once (keyed on the
    source) saves about a fifth of a document's time. The rendered values
    still come only from the context.
    """

    @cache  # noqa: B019 - one environment per process, kept for its lifetime
    def _compiled(self, source: str):
        return super().from_string(source)

    def from_string(self, source, globals=None, template_class=None):
        if globals is None and template_class is None and isinstance(source, str):
            return self._compiled(source)
        return super().from_string(source, globals, template_class)


@cache
def jinja_environment() -> SandboxedEnvironment:
    """One sandboxed, strict, autoescaping environment per process."""
    return _CompilingOnceEnvironment(autoescape=True, undefined=StrictUndefined)


def _runs(spans: Spans, notes: Footnotes) -> str:
    """The runs of a printed text: one per span, bold and italic as layout read them, and a
    footnote's reference mark where a note stands (gathered into ``notes``).

    Every line the template shows (header, title block, body, Nơi nhận,
    signature) is drawn by this one function; the appendix writer draws its
    runs with the same properties.
    """
    rich = RichText()
    for span in spans:
        if span.note is not None:
            rich.xml += notes.reference(span)
        else:
            rich.add(span.text, bold=span.bold, italic=span.italic)
    return rich.xml


def _fixed_run(text: str) -> str:
    """A run of fixed wording (Quốc hiệu, Tiêu ngữ) as Word writes literal text.

    docxtpl marks the text of every variable ``xml:space="preserve"``; Word
    (and python-docx) write it only for text with spaces at its edges. These
    lines were the template's literal text until the model took them over;
    written as such, the documents stay byte for byte what they were.
    """
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:r><w:t{space}>{escape(text, quote=False)}</w:t></w:r>"


class _Block:
    """Styled paragraphs for a ``{{p …}}`` tag, each with the keep-with-next the model decided.

    ``w:keepNext`` is written only where the paragraph's style says otherwise
    (``StyleSheet.direct_keep_with_next``): a template that agrees gets no
    direct formatting.

    The paragraphs are kept as a list and joined once, when Jinja prints the
    block: adding each to one growing string copied the whole body for every
    paragraph (CPython appends in place only to a local variable, not to an
    attribute), and a 40,000-line body took over a minute (issue 18).
    """

    def __init__(self, styles: StyleSheet) -> None:
        self.styles = styles
        self.paragraphs: list[str] = []

    @property
    def xml(self) -> str:
        """The block's paragraphs, joined."""
        return "".join(self.paragraphs)

    def add(self, role: str, runs: str, keep_with_next: bool = False) -> _Block:
        style = STYLE_IDS[role]
        direct = self.styles.direct_keep_with_next(style, keep_with_next)
        keep = "" if direct is None else "<w:keepNext/>" if direct else '<w:keepNext w:val="0"/>'
        self.paragraphs.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{keep}</w:pPr>{runs}</w:p>')
        return self

    def placeholder(self, name: str) -> _Block:
        """An empty paragraph marked by a bookmark: a table is drawn in its place later."""
        self.paragraphs.append(
            f'<w:p><w:bookmarkStart w:id="0" w:name="{name}"/><w:bookmarkEnd w:id="0"/></w:p>'
        )
        return self

    def in_cell(self) -> _Block:
        """Never empty: a table cell must hold a paragraph."""
        if not self.paragraphs:
            self.paragraphs.append(EMPTY_PARAGRAPH_XML)
        return self

    def __bool__(self) -> bool:
        """False while empty: the template shows a row only for a line it has (``{%tr if %}``)."""
        return bool(self.xml)

    def __html__(self) -> str:
        return self.xml


def _text(line: str) -> str:
    return RichText(line).xml


def _raw(xml: str) -> RichTextParagraph:
    block = RichTextParagraph()
    block.xml = xml
    return block


def _title_context(part: Part, styles: StyleSheet, notes: Footnotes) -> dict[str, object]:
    """Type, trích yếu lines and «(Kèm theo …)» line, kept together as the model says."""
    keep = part.keep_title_together
    title = _Block(styles)
    for line in part.title_lines:
        title.add("title", _runs(line, notes), keep)
    attached = _Block(styles)
    if part.attached_line is not None:
        attached.add("attached", _runs(part.attached_line, notes), keep)
    return {
        "doc_type": _Block(styles).add("doc_type", _text(part.doc_type), keep),
        "title": title,
        "attached": attached,
    }


def _closing_context(
    closing: Closing | None, styles: StyleSheet, notes: Footnotes
) -> dict[str, object]:
    """Nơi nhận and the signature, the two cells of the template's closing row."""
    recipients = _Block(styles)
    signature = _Block(styles)
    if closing is not None:
        if closing.recipients_title is not None:
            recipients.add("recipients_title", _text(closing.recipients_title))
        for line in closing.recipients:
            recipients.add("recipient", _runs(line, notes))
        if closing.signature is not None:
            for line in closing.signature.lines:
                signature.add("signature", _runs(line, notes))
            signature.add("signer", _runs(closing.signature.name or (), notes))
    return {
        "has_signature_block": closing is not None,
        "recipients": recipients.in_cell(),
        "signature": signature.in_cell(),
    }


def _header_context(
    header: Header | None, styles: StyleSheet, notes: Footnotes
) -> dict[str, object]:
    """The header table's lines: bodies (left), Quốc hiệu and Tiêu ngữ (right), Số and date.

    ``number_line`` is empty (false) for a header without a Số/date row, so
    the template leaves that row out.
    """
    names = ("parent_body", "issuer", "national_title", "motto", "number_line", "place_date")
    blocks = {name: _Block(styles) for name in names}
    if header is not None:
        for line in header.parent_body_lines:
            blocks["parent_body"].add("parent_body", _runs(line, notes))
        for line in header.issuer_lines:
            blocks["issuer"].add("issuer", _runs(line, notes))
        blocks["national_title"].add("national_title", _fixed_run(header.national_title))
        blocks["motto"].add("motto", _fixed_run(header.motto))
        if header.number_line is not None:
            blocks["number_line"].add("number", _runs(header.number_line, notes))
        if header.place_date is not None:
            blocks["place_date"].add("place_date", _runs(header.place_date, notes))
    return {"header": header is not None, **blocks}


def _part_context(
    part: Part, styles: StyleSheet, notes: Footnotes, tables: list[Table]
) -> dict[str, object]:
    """A part's variables, drawn in reading order so its notes are numbered in it; each
    table of its body is added to ``tables`` and left as a placeholder for ``place_tables``
    (a docxtpl block holds paragraphs)."""
    header = _header_context(part.header, styles, notes)
    title = _title_context(part, styles, notes)
    body = _Block(styles)
    for block in part.body:
        if isinstance(block, Paragraph):
            body.add(block.role, _runs(block.spans, notes), block.keep_with_next)
        else:
            body.placeholder(placeholder_name(len(tables)))
            tables.append(block)
    return {
        "page_break": _raw(PAGE_BREAK_XML if part.new_page else ""),
        **header,
        **title,
        "body": body,
        **_closing_context(part.closing, styles, notes),
    }


def context(
    document: LaidOutDocument, styles: StyleSheet, notes: Footnotes | None = None
) -> dict[str, object]:
    """The template's variables (the contract with templates/ke-hoach.docx); the footnotes
    met on the way are gathered into ``notes``."""
    notes = Footnotes() if notes is None else notes
    tables: list[Table] = []  # shared: placeholders are numbered through the document
    return {"parts": [_part_context(part, styles, notes, tables) for part in document.parts]}


def body_tables(document: LaidOutDocument) -> list[Table]:
    """The tables of the parts' bodies in document order: the order of their placeholders."""
    return [block for part in document.parts for block in part.body if isinstance(block, Table)]


def _keep_closing_rows(document: Document, parts: tuple[Part, ...]) -> None:
    """Each closing block's ``keep_together``, carried out on the table row that holds it.

    The template draws Nơi nhận and the signature as the two cells of one
    row (checked with the template), and only the closing block uses the
    closing styles: the rows holding them are, in order, those of the parts
    that have a closing block.
    """
    closings = [part.closing for part in parts if part.closing is not None]
    rows = [
        row
        for row in document.element.body.iter(qn("w:tr"))
        if any(style.get(qn("w:val")) in CLOSING_STYLE_IDS for style in row.iter(qn("w:pStyle")))
    ]
    for row, closing in zip(rows, closings, strict=True):
        keep_row_whole(row, closing.keep_together)


CORE_PROPERTY_LIMIT = 255
"""python-docx (after the OOXML core-properties schema Word follows) refuses a longer
title, author or subject; real trích yếu run to 300 characters and more."""


def core_property(text: str) -> str:
    """``text`` shortened to fit a core property, with «…» where it was cut.

    Only the property is shortened: the printed title stays whole.
    """
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    return text[: CORE_PROPERTY_LIMIT - 1].rstrip() + "…"


def render_docx(document: LaidOutDocument, template: bytes, styles: StyleSheet) -> bytes:
    """The .docx bytes of ``document`` from the template's bytes: reproducible for the same input.

    docxtpl fills a document in place, so every render opens a fresh one
    from the bytes (read once per process by ``writers.template``).
    """
    tpl = DocxTemplate(io.BytesIO(template))
    notes = Footnotes()
    tpl.render(context(document, styles, notes), jinja_env=jinja_environment(), autoescape=True)
    _keep_closing_rows(tpl.docx, document.parts)
    tables = body_tables(document)
    if tables:
        body_section = shaped_section(tpl.docx.element.body.sectPr, document.section)
        place_tables(tpl.docx, tables, text_width(body_section), notes)
    append_appendices(tpl.docx, document.section, document.appendices, styles, notes)
    add_footnotes(tpl.docx, notes)  # last: every writer before it may have met a note
    props = tpl.docx.core_properties
    moment = dt.datetime(*document.properties.date, tzinfo=dt.UTC)
    props.title = core_property(document.properties.title)
    props.author = core_property(document.properties.author)
    props.last_modified_by = core_property(document.properties.author)
    props.created = moment
    props.modified = moment
    props.last_printed = moment
    props.revision = 1
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalise_zip(buffer.getvalue())
