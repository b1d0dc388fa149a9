"""Draw the sections after the rendered body: each appendix (Phụ lục) in its own, with its table.

docxtpl fills the template's fixed layout; tables whose columns, merges and
group rows vary per plan are drawn here with python-docx from the laid-out
model, in the styles of the one role table (``writers.styles``), by id.
Every section (the body's, then one per appendix) is the template's own
shaped by the model's ``PageSection``: the body's is closed by a paragraph
before the first appendix, each appendix but the last likewise, and the
last section replaces the template's at the end of the body.
"""

from __future__ import annotations

from docx.document import Document
from docx.shared import Twips

from kehoach.model.document import AppendixPart, PageSection, Paragraph, Spans
from kehoach.writers.docx_notes import Footnotes
from kehoach.writers.docx_pages import close_section, shaped_section, text_width
from kehoach.writers.docx_rules import centre_rule
from kehoach.writers.docx_table import add_runs, draw_table, set_style
from kehoach.writers.styles import STYLE_IDS, StyleSheet


def append_appendices(
    document: Document,
    body_pages: PageSection,
    appendices: tuple[AppendixPart, ...],
    styles: StyleSheet,
    notes: Footnotes,
) -> None:
    """Shape the body's section as ``body_pages``; add each appendix in a section of its own."""
    body = document.element.body
    template = body.sectPr
    sections = [
        shaped_section(template, body_pages),
        *(shaped_section(template, appendix.section) for appendix in appendices),
    ]
    for ended, appendix, own in zip(sections[:-1], appendices, sections[1:], strict=True):
        close_section(document, ended)
        _draw(document, appendix, styles, text_width(own), notes)
    body.replace(template, sections[-1])


def _draw(
    document: Document, appendix: AppendixPart, styles: StyleSheet, width: int, notes: Footnotes
) -> None:
    keep = appendix.keep_heading_with_table
    _line(document, "appendix_label", appendix.label, keep, styles, notes)
    for line in appendix.title_lines:
        _line(document, "appendix_title", line, keep, styles, notes)
    if appendix.reference_line is not None:
        _line(document, "appendix_reference", appendix.reference_line, keep, styles, notes)
    if appendix.reference_rule_length is not None:
        rule = document.add_paragraph()
        set_style(rule, STYLE_IDS["title_rule"])
        centre_rule(rule._p, appendix.reference_rule_length, width // Twips(1))
        rule.paragraph_format.keep_with_next = keep
    if appendix.table is not None:
        draw_table(document, appendix.table, width, notes)
    for block in appendix.body:
        if isinstance(block, Paragraph):
            _line(document, block.role, block.spans, block.keep_with_next, styles, notes)
        else:
            draw_table(document, block, width, notes)


def _line(
    document: Document,
    role: str,
    line: Spans,
    keep: bool,
    styles: StyleSheet,
    notes: Footnotes,
) -> None:
    """A paragraph of ``role``'s style (a heading line, or a text appendix's body), kept with
    the next one when the model says so and the style does not already."""
    style = STYLE_IDS[role]
    paragraph = document.add_paragraph()
    add_runs(paragraph, line, notes)
    set_style(paragraph, style)
    direct = styles.direct_keep_with_next(style, keep)
    if direct is not None:
        paragraph.paragraph_format.keep_with_next = direct
