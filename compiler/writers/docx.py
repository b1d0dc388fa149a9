"""Render a laid-out document into .docx bytes through the docxtpl Word template.

The template (templates/ke-hoach.docx) owns page setup and named styles, so
a clerk restyles documents in Word; this module only fills it. Plan text
reaches Jinja as data (context values and escaped RichText), never as
template source, and Jinja runs sandboxed with StrictUndefined and
autoescape (TECH-NOTES: without autoescape, «&» and «<» vanish).
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from pathlib import Path

from docxtpl import DocxTemplate, RichText, RichTextParagraph
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from kehoach.base.output import normalise_zip
from kehoach.model.document import LaidOutDocument, Paragraph, Part
from kehoach.writers.docx_appendix import append_appendices

STYLE_IDS = {
    "body": "KHBody",
    "heading1": "KHHeading1",
    "heading2": "KHHeading2",
    "heading3": "KHHeading3",
    "point": "KHPoint",
    "item": "KHItem",
    "centered": "KHCentered",
}
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
    def _compiled(self, source: str):  # type: ignore[no-untyped-def]
        return super().from_string(source)

    def from_string(self, source, globals=None, template_class=None):  # type: ignore[override]
        if globals is None and template_class is None and isinstance(source, str):
            return self._compiled(source)
        return super().from_string(source, globals, template_class)


@cache
def jinja_environment() -> SandboxedEnvironment:
    """One sandboxed, strict, autoescaping environment per process."""
    return _CompilingOnceEnvironment(autoescape=True, undefined=StrictUndefined)


def _rich(paragraph: Paragraph) -> RichText:
    rich = RichText()
    for span in paragraph.spans:
        rich.add(span.text, bold=span.bold, italic=span.italic)
    return rich


def _paragraphs(items: list[tuple[str, RichText | str]]) -> RichTextParagraph:
    """Styled paragraphs; never empty, since a table cell must hold a paragraph."""
    block = RichTextParagraph()
    for style, text in items:
        block.add(text, parastyle=style)
    block.xml = block.xml or EMPTY_PARAGRAPH_XML
    return block


def _raw(xml: str) -> RichTextParagraph:
    block = RichTextParagraph()
    block.xml = xml
    return block


def _part_context(part: Part, first: bool) -> dict[str, object]:
    header = part.header
    signature = part.signature
    signature_lines: list[tuple[str, RichText | str]] = []
    if signature is not None:
        signature_lines = [("KHSignature", line) for line in signature.lines]
        signature_lines.append(("KHSigner", signature.name or ""))
    recipients: list[tuple[str, RichText | str]] = []
    if part.recipients:
        recipients = [("KHRecipientsTitle", "Nơi nhận:")]
        recipients.extend(("KHRecipient", line) for line in part.recipients)
    return {
        "page_break": _raw("" if first else PAGE_BREAK_XML),
        "header": header is not None,
        "parent_body_lines": list(header.parent_body_lines) if header else [],
        "issuer_lines": list(header.issuer_lines) if header else [],
        "number_line": (header.number_line or "") if header else "",
        "place_date": (header.place_date or "") if header else "",
        "doc_type": part.doc_type,
        "title_lines": list(part.title_lines),
        "attached_line": part.attached_line or "",
        "body": _paragraphs([(STYLE_IDS[p.role], _rich(p)) for p in part.body]),
        "has_signature_block": bool(part.recipients) or signature is not None,
        "recipients": _paragraphs(recipients),
        "signature": _paragraphs(signature_lines),
    }


def context(document: LaidOutDocument) -> dict[str, object]:
    """The template's variables (the contract with templates/ke-hoach.docx)."""
    return {
        "parts": [
            _part_context(part, first=index == 0) for index, part in enumerate(document.parts)
        ]
    }


def render_docx(document: LaidOutDocument, template: Path) -> bytes:
    """The .docx bytes of ``document``: reproducible for the same input."""
    tpl = DocxTemplate(str(template))
    tpl.render(context(document), jinja_env=jinja_environment(), autoescape=True)
    append_appendices(tpl.docx, document.appendices)
    props = tpl.docx.core_properties
    moment = dt.datetime(*document.properties.date, tzinfo=dt.UTC)
    props.title = document.properties.title
    props.author = document.properties.author
    props.last_modified_by = document.properties.author
    props.created = moment
    props.modified = moment
    props.last_printed = moment
    props.revision = 1
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalise_zip(buffer.getvalue())
