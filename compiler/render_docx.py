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

from kehoach.docmodel import LaidOutDocument, Paragraph
from kehoach.output import normalise_zip

STYLE_IDS = {
    "body": "KHBody",
    "heading1": "KHHeading1",
    "heading2": "KHHeading2",
    "heading3": "KHHeading3",
    "point": "KHPoint",
    "item": "KHItem",
}


@cache
def jinja_environment() -> SandboxedEnvironment:
    """One sandboxed, strict, autoescaping environment per process."""
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def _rich(paragraph: Paragraph) -> RichText:
    rich = RichText()
    for span in paragraph.spans:
        rich.add(span.text, bold=span.bold, italic=span.italic)
    return rich


def _paragraphs(items: list[tuple[str, RichText | str]]) -> RichTextParagraph:
    block = RichTextParagraph()
    for style, text in items:
        block.add(text, parastyle=style)
    return block


def context(document: LaidOutDocument) -> dict[str, object]:
    """The template's variables (the contract with templates/ke-hoach.docx)."""
    header = document.header
    signature = document.signature
    signature_lines: list[tuple[str, RichText | str]] = []
    if signature is not None:
        signature_lines = [("KHSignature", line) for line in signature.lines]
        signature_lines.append(("KHSigner", signature.name or ""))
    return {
        "parent_body_lines": list(header.parent_body_lines),
        "issuer_lines": list(header.issuer_lines),
        "number_line": header.number_line,
        "place_date": header.place_date,
        "doc_type": document.doc_type,
        "title_lines": list(document.title_lines),
        "body": _paragraphs([(STYLE_IDS[p.role], _rich(p)) for p in document.body]),
        "has_signature_block": bool(document.recipients) or signature is not None,
        "recipients": _paragraphs([("KHRecipient", line) for line in document.recipients]),
        "signature": _paragraphs(signature_lines),
    }


def render_docx(document: LaidOutDocument, template: Path) -> bytes:
    """The .docx bytes of ``document``: reproducible for the same input."""
    tpl = DocxTemplate(str(template))
    tpl.render(context(document), jinja_env=jinja_environment(), autoescape=True)
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
