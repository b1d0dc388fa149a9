"""Which Word style draws each role of the document, and what the template's styles provide.

ONE table, ``STYLE_IDS``, maps every role a docx writer draws (body
paragraphs, the title block, the closing block, appendices) to a paragraph
style of the template, by style id, for the body writer and the appendix
writer alike. It is also the template's style contract: a template lacking
one of these ids is refused before rendering (``missing_styles``), because
Word would silently draw the paragraph in «Normal» and python-docx would
crash.

The template's styles also say whether a paragraph keeps with the next one.
The model decides that; a writer adds it as direct formatting only where the
style disagrees (``StyleSheet.direct_keep_with_next``), so a template that
already gives it produces no extra markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

BODY_STYLE_IDS: dict[str, str] = {  # one per model.document.Role
    "body": "KHBody",
    "heading1": "KHHeading1",
    "heading2": "KHHeading2",
    "heading3": "KHHeading3",
    "point": "KHPoint",
    "item": "KHItem",
    "centered": "KHCentered",
}
BLOCK_STYLE_IDS: dict[str, str] = {
    # The header: the bodies (left), Quốc hiệu and Tiêu ngữ (right), then Số and date.
    "parent_body": "KHParentBody",
    "issuer": "KHIssuer",
    "national_title": "KHQuocHieu",
    "motto": "KHTieuNgu",
    "number": "KHNumber",
    "place_date": "KHPlaceDate",
    # The title block.
    "doc_type": "KHDocType",
    "title": "KHTitle",
    "attached": "KHAttached",
    # The short lines under the issuing body and under the title block.
    "issuer_rule": "KHRule",
    "title_rule": "KHRuleTitle",
    # The closing block: Nơi nhận (left), signature (right).
    "recipients_title": "KHRecipientsTitle",
    "recipient": "KHRecipient",
    "signature": "KHSignature",
    "signer": "KHSigner",
    # Appendices: heading lines, then the table's header, text and centred cells.
    "appendix_label": "KHAppendixLabel",
    "appendix_title": "KHTitle",
    "appendix_reference": "KHAttached",
    "table_header": "KHTableHeader",
    "table_cell": "KHTableCell",
    "table_center": "KHTableCenter",
}
STYLE_IDS: dict[str, str] = {**BODY_STYLE_IDS, **BLOCK_STYLE_IDS}
"""Role → paragraph style id: the one table every docx writer draws with."""

CLOSING_STYLE_IDS = frozenset(
    STYLE_IDS[role] for role in ("recipients_title", "recipient", "signature", "signer")
)
"""The styles that only the closing block uses: they find its table row after rendering."""


@dataclass(frozen=True)
class StyleSheet:
    """What the writers need to know of the template's paragraph styles."""

    ids: frozenset[str]
    keeping_with_next: frozenset[str]  # styles whose paragraphs keep with the next one

    def direct_keep_with_next(self, style_id: str, keep: bool) -> bool | None:
        """The keep-with-next a paragraph of ``style_id`` sets itself; None if its style agrees."""
        return None if keep == (style_id in self.keeping_with_next) else keep


def read_style_sheet(styles_xml: bytes) -> StyleSheet:
    """The paragraph styles of ``word/styles.xml``, with keep-with-next resolved.

    A style without its own ``w:keepNext`` inherits its base style's
    (``w:basedOn``), and the chain ends at the document defaults.
    """
    root = etree.fromstring(styles_xml)
    ns = {"w": W}
    default = _keep_next(root.find("w:docDefaults/w:pPrDefault/w:pPr", ns)) or False
    own: dict[str, tuple[bool | None, str | None]] = {}
    for style in root.iterfind("w:style[@w:type='paragraph']", ns):
        based_on = style.find("w:basedOn", ns)
        own[style.get(f"{{{W}}}styleId", "")] = (
            _keep_next(style.find("w:pPr", ns)),
            None if based_on is None else based_on.get(f"{{{W}}}val"),
        )

    def resolved(style_id: str, seen: frozenset[str]) -> bool:
        value, base = own[style_id]
        if value is not None:
            return value
        if base is None or base not in own or base in seen:
            return default
        return resolved(base, seen | {base})

    keeping = frozenset(sid for sid in own if resolved(sid, frozenset({sid})))
    return StyleSheet(ids=frozenset(own), keeping_with_next=keeping)


def _keep_next(properties: etree._Element | None) -> bool | None:
    """The ``w:keepNext`` of paragraph properties (on unless its w:val says off), None if unsaid."""
    keep = None if properties is None else properties.find(f"{{{W}}}keepNext")
    if keep is None:
        return None
    return keep.get(f"{{{W}}}val", "true").lower() not in ("0", "false", "off")


def missing_styles(sheet: StyleSheet) -> list[str]:
    """The style ids of the table that the template lacks, in table order, once each."""
    return sorted(set(STYLE_IDS.values()) - sheet.ids, key=list(STYLE_IDS.values()).index)
