"""Footnotes: the model's note spans as a real Word footnotes part.

A plan's ``^[…]`` reaches the writer as a span carrying its note
(``Span.note``). Where it stands, the writer puts a ``w:footnoteReference``
run in the «FootnoteReference» character style (superscript); the note's
text goes into ``word/footnotes.xml`` behind the two separator notes Word
always writes (ids -1 and 0), each note opening with its own number
(``w:footnoteRef``) in a paragraph of the «FootnoteText» style. Word and
LibreOffice number the notes 1, 2 … by where their references stand, and
put each at the foot of its page.

The part, its relationship, its content type and the two styles are added
only to a document that has notes: a plan without one is written byte for
byte as before. A template that defines the two styles keeps its own.
"""

from __future__ import annotations

from html import escape

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement

from kehoach.model.document import Span, Spans
from kehoach.writers.styles import W

NOTE_TEXT_STYLE = "FootnoteText"
NOTE_REFERENCE_STYLE = "FootnoteReference"
NOTE_SIZE_HALF_POINTS = 20
"""10 pt, Word's own size for footnote text: Decree 30 (FORMAT.md) sets none."""

SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote>"
)
"""The separator line above the notes and its form on a page a note runs onto, as Word
writes them; every footnotes part starts with them and settings.xml names them."""

STYLES = (
    f'<w:style xmlns:w="{W}" w:type="paragraph" w:styleId="{NOTE_TEXT_STYLE}">'
    '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>'
    '<w:unhideWhenUsed/><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" '
    'w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="both"/></w:pPr>'
    f'<w:rPr><w:sz w:val="{NOTE_SIZE_HALF_POINTS}"/><w:szCs w:val="{NOTE_SIZE_HALF_POINTS}"/>'
    "</w:rPr></w:style>",
    f'<w:style xmlns:w="{W}" w:type="character" w:styleId="{NOTE_REFERENCE_STYLE}">'
    '<w:name w:val="footnote reference"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
)


class Footnotes:
    """The notes of one document, gathered in the order the writer meets their references.

    The writer draws the document in reading order, so the ids (1, 2 …)
    follow the order in which Word numbers the notes.
    """

    def __init__(self) -> None:
        self.notes: list[Spans] = []

    def reference(self, span: Span) -> str:
        """The run of ``span``'s reference mark: a new note, in the superscript style."""
        assert span.note is not None
        self.notes.append(span.note)
        return (
            f'<w:r><w:rPr><w:rStyle w:val="{NOTE_REFERENCE_STYLE}"/>{_emphasis(span)}</w:rPr>'
            f'<w:footnoteReference w:id="{len(self.notes)}"/></w:r>'
        )

    def reference_run(self, span: Span) -> BaseOxmlElement:
        """``reference``'s run as an element, for writers that build runs with python-docx
        (table cells, appendix lines) rather than as template text."""
        return parse_xml(self.reference(span).replace("<w:r>", f"<w:r {nsdecls('w')}>", 1))

    def __bool__(self) -> bool:
        return bool(self.notes)


def add_footnotes(document: Document, notes: Footnotes) -> None:
    """The footnotes part of ``notes`` added to ``document`` (nothing when there is none)."""
    if not notes:
        return
    body = "".join(_footnote(number, note) for number, note in enumerate(notes.notes, start=1))
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:footnotes xmlns:w="{W}">{SEPARATORS}{body}</w:footnotes>'
    )
    main = document.part
    existing = next(
        (
            rel.target_part
            for rel in main.rels.values()
            if rel.reltype == RT.FOOTNOTES and not rel.is_external
        ),
        None,
    )
    if existing is None:
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(), main.package)
        main.relate_to(part, RT.FOOTNOTES)
    else:
        # A template saved by Word may carry an empty footnotes part (its separators): the
        # template prints no words of its own, so the part becomes this document's notes.
        existing._blob = xml.encode()  # python-docx has no setter for a part's bytes
    _add_styles(document)
    _name_separators(document)


def _footnote(number: int, note: Spans) -> str:
    """One note: its number (``w:footnoteRef``), a space, then its text."""
    runs = "".join(
        f'<w:r>{_properties(span)}<w:t xml:space="preserve">{escape(span.text, quote=False)}'
        "</w:t></w:r>"
        for span in note
        if span.text
    )
    return (
        f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="{NOTE_TEXT_STYLE}"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="{NOTE_REFERENCE_STYLE}"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{runs}</w:p></w:footnote>'
    )


def _emphasis(span: Span) -> str:
    return ("<w:b/>" if span.bold else "") + ("<w:i/>" if span.italic else "")


def _properties(span: Span) -> str:
    emphasis = _emphasis(span)
    return f"<w:rPr>{emphasis}</w:rPr>" if emphasis else ""


def _add_styles(document: Document) -> None:
    """The two footnote styles, unless the template defines them (a clerk's own wins)."""
    styles = document.styles.element
    have = {style.get(qn("w:styleId")) for style in styles.iterchildren(qn("w:style"))}
    for xml, style_id in zip(STYLES, (NOTE_TEXT_STYLE, NOTE_REFERENCE_STYLE), strict=True):
        if style_id not in have:
            styles.append(parse_xml(xml))


def _name_separators(document: Document) -> None:
    """``w:footnotePr`` of settings.xml naming the separator notes, as Word writes it,
    placed before ``w:compat`` (the order the schema sets)."""
    settings = document.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    properties = parse_xml(
        f'<w:footnotePr xmlns:w="{W}"><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    later = {
        qn(f"w:{name}")
        for name in ("endnotePr", "compat", "docVars", "rsids", "attachedSchema", "themeFontLang")
    }
    anchor = next((child for child in settings if child.tag in later), None)
    if anchor is None:
        settings.append(properties)
    else:
        anchor.addprevious(properties)
