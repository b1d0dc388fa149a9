"""What pandoc drops, read from the .docx itself: page sections and their orientation.

A Word section ends at the paragraph whose properties hold a ``w:sectPr``
(the last one at the end of the body); its page size says portrait or
landscape. An appendix of a plan usually starts a landscape section, so the
recogniser asks, for a paragraph's text, whether it opens a landscape page.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from kehoach.importer.blocks import fold
from kehoach.importer.errors import ImportRefused

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
"""No entities, no network: a document's XML is data, never instructions to fetch more."""


def landscape_starts(docx: Path) -> list[tuple[str, bool]]:
    """For each section: the plain text of its first paragraph with text, and landscape or not."""
    try:
        with zipfile.ZipFile(docx) as archive:
            root = etree.fromstring(archive.read("word/document.xml"), PARSER)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError) as error:
        raise ImportRefused(
            f"phần văn bản (word/document.xml) của «{docx.name}» bị hỏng, pandoc và lxml không "
            f"đọc được ({type(error).__name__}): hãy mở bằng Word, sửa rồi lưu lại"
        ) from None
    body = root.find(f"{W}body")
    if body is None:
        return []
    sections: list[tuple[str, bool]] = []
    first: str | None = None
    for element in body:
        if element.tag == f"{W}sectPr":
            sections.append((first or "", _landscape(element)))
            break
        text = fold("".join(t.text or "" for t in element.iter(f"{W}t")))
        if first is None and text:
            first = text
        properties = element.find(f"{W}pPr/{W}sectPr")
        if properties is not None:
            sections.append((first or "", _landscape(properties)))
            first = None
    return sections


def _landscape(section: etree._Element) -> bool:
    size = section.find(f"{W}pgSz")
    if size is None:
        return False
    if size.get(f"{W}orient") == "landscape":
        return True
    try:
        return int(size.get(f"{W}w", "0")) > int(size.get(f"{W}h", "0"))
    except ValueError:
        return False
