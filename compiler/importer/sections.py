"""What pandoc drops, read from the .docx itself: page sections and Word's list numbers.

A Word section ends at the paragraph whose properties hold a ``w:sectPr``
(the last one at the end of the body); its page size says portrait or
landscape. An appendix of a plan usually starts a landscape section, so the
recogniser asks, for a paragraph's text, whether it opens a landscape page.

Word prints the numbers of a numbered list from numbering.xml: the text
holds no «I.» or «1.». pandoc turns list paragraphs into ordered lists with
their start numbers, but drops the number of a heading numbered through its
style (a multilevel list linked to «Heading 1», «Heading 2»: the usual way
to number headings in Word). :func:`read_layout` counts those numbers the
way Word does (one counter per list and level, deeper levels restarting,
``w:lvlText`` «%1.» filled in the level's ``w:numFmt``) for every paragraph.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from kehoach.importer.blocks import LETTERS, Block, Para, fold, roman
from kehoach.importer.errors import ImportRefused

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
"""No entities, no network: a document's XML is data, never instructions to fetch more."""


@dataclass
class Layout:
    """Sections (first text, landscape) and each numbered paragraph's text and number."""

    sections: list[tuple[str, bool]] = field(default_factory=list)
    numbers: list[tuple[str, str]] = field(default_factory=list)
    """(plain text, the number Word prints) for each paragraph Word numbers, in order."""


def read_layout(docx: Path) -> Layout:
    """The sections and Word list numbers of ``docx`` (ImportRefused when unreadable)."""
    try:
        with zipfile.ZipFile(docx) as archive:
            names = set(archive.namelist())
            root = etree.fromstring(archive.read("word/document.xml"), PARSER)
            numbering = _part(archive, names, "word/numbering.xml")
            styles = _part(archive, names, "word/styles.xml")
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError) as error:
        raise ImportRefused(
            f"phần văn bản (word/document.xml) của «{docx.name}» bị hỏng, pandoc và lxml không "
            f"đọc được ({type(error).__name__}): hãy mở bằng Word, sửa rồi lưu lại"
        ) from None
    body = root.find(f"{W}body")
    if body is None:
        return Layout()
    return Layout(_sections(body), _numbers(body, numbering, styles))


def landscape_starts(docx: Path) -> list[tuple[str, bool]]:
    """For each section: the plain text of its first paragraph with text, and landscape."""
    return read_layout(docx).sections


def _part(archive: zipfile.ZipFile, names: set[str], name: str) -> etree._Element | None:
    if name not in names:
        return None
    try:
        return etree.fromstring(archive.read(name), PARSER)
    except etree.XMLSyntaxError:
        return None  # numbers or styles lost, the text still read


def _text(element: etree._Element) -> str:
    return fold("".join(t.text or "" for t in element.iter(f"{W}t")))


def _sections(body: etree._Element) -> list[tuple[str, bool]]:
    sections: list[tuple[str, bool]] = []
    first: str | None = None
    for element in body:
        if element.tag == f"{W}sectPr":
            sections.append((first or "", _landscape(element)))
            break
        text = _text(element)
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


Level = tuple[int, str, str]
"""(start, numFmt, lvlText) of one level of a list."""


def _val(element: etree._Element | None, default: str = "") -> str:
    return default if element is None else element.get(f"{W}val", default)


def _lists(numbering: etree._Element | None) -> dict[str, dict[int, Level]]:
    """Each numId's levels, from its abstractNum (start overrides applied)."""
    if numbering is None:
        return {}
    abstract: dict[str, dict[int, Level]] = {}
    for node in numbering.iter(f"{W}abstractNum"):
        levels: dict[int, Level] = {}
        for lvl in node.iter(f"{W}lvl"):
            try:
                ilvl, start = int(lvl.get(f"{W}ilvl", "0")), int(_val(lvl.find(f"{W}start"), "1"))
            except ValueError:
                continue
            levels[ilvl] = (start, _val(lvl.find(f"{W}numFmt"), "decimal"),
                            _val(lvl.find(f"{W}lvlText")))
        abstract[node.get(f"{W}abstractNumId", "")] = levels
    lists: dict[str, dict[int, Level]] = {}
    for num in numbering.iter(f"{W}num"):
        levels = dict(abstract.get(_val(num.find(f"{W}abstractNumId")), {}))
        for override in num.iter(f"{W}lvlOverride"):
            restart = override.find(f"{W}startOverride")
            level = int(override.get(f"{W}ilvl", "0") or 0)
            if restart is not None and level in levels:
                _, fmt, text = levels[level]
                levels[level] = (int(_val(restart, "1") or 1), fmt, text)
        lists[num.get(f"{W}numId", "")] = levels
    return lists


def _style_numbers(styles: etree._Element | None) -> dict[str, tuple[str, int]]:
    """(numId, ilvl) of each paragraph style that numbers its paragraphs (basedOn followed)."""
    if styles is None:
        return {}
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    for style in styles.iter(f"{W}style"):
        ident = style.get(f"{W}styleId", "")
        numpr = style.find(f"{W}pPr/{W}numPr")
        if numpr is not None:
            num_id = numpr.find(f"{W}numId")
            ilvl = numpr.find(f"{W}ilvl")
            own[ident] = (
                None if num_id is None else _val(num_id),
                None if ilvl is None else int(_val(ilvl, "0") or 0),
            )
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based[ident] = _val(parent)
    out: dict[str, tuple[str, int]] = {}
    for ident in set(own) | set(based):
        list_id: str | None = None
        depth: int | None = None
        seen: set[str] = set()
        current = ident
        while current and current not in seen:
            seen.add(current)
            found = own.get(current, (None, None))
            list_id = list_id if list_id is not None else found[0]
            depth = depth if depth is not None else found[1]
            current = based.get(current, "")
        if list_id and list_id != "0":
            out[ident] = (list_id, depth or 0)
    return out


def _numbers(
    body: etree._Element, numbering: etree._Element | None, styles: etree._Element | None
) -> list[tuple[str, str]]:
    lists = _lists(numbering)
    by_style = _style_numbers(styles)
    counters: dict[str, dict[int, int]] = {}
    out: list[tuple[str, str]] = []
    for paragraph in body.iter(f"{W}p"):
        numpr = paragraph.find(f"{W}pPr/{W}numPr")
        style = _val(paragraph.find(f"{W}pPr/{W}pStyle"))
        num_id, ilvl = by_style.get(style, ("", 0))
        if numpr is not None:
            direct = numpr.find(f"{W}numId")
            if direct is not None:
                num_id = _val(direct)
            level = numpr.find(f"{W}ilvl")
            if level is not None:
                ilvl = int(_val(level, "0") or 0)
        levels = lists.get(num_id)
        if not num_id or num_id == "0" or not levels or ilvl not in levels:
            continue
        count = counters.setdefault(num_id, {})
        start = levels[ilvl][0]
        count[ilvl] = count.get(ilvl, start - 1) + 1
        for deeper in [k for k in count if k > ilvl]:
            del count[deeper]
        label = _label(levels, count, ilvl)
        text = _text(paragraph)
        if label and text:
            out.append((text, label))
    return out


def _label(levels: dict[int, Level], count: dict[int, int], ilvl: int) -> str:
    """``w:lvlText`` («%1.%2.») with each level's counter in its format."""
    text = levels[ilvl][2]
    if levels[ilvl][1] == "bullet":
        return "-"
    for level in range(ilvl, -1, -1):
        if level in levels:
            value = count.get(level, levels[level][0])
            text = text.replace(f"%{level + 1}", _format(value, levels[level][1]))
    return text.strip()


def _format(value: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return roman(value)
    if fmt == "lowerRoman":
        return roman(value).lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = LETTERS[(value - 1) % len(LETTERS)]
        return letter.upper() if fmt == "upperLetter" else letter
    return str(value)


def attach_numbers(blocks: list[Block], numbers: list[tuple[str, str]]) -> int:
    """Give each paragraph Word numbers the number pandoc dropped (a heading numbered by
    its style); paragraphs are matched by their text, in order. Returns how many."""
    given = 0
    position = 0
    for block in blocks:
        if not isinstance(block, Para) or not block.plain or position >= len(numbers):
            continue
        found = next(
            (i for i in range(position, min(position + 40, len(numbers)))
             if numbers[i][0] == block.plain),
            None,
        )
        if found is None:
            continue
        position = found + 1
        label = numbers[found][1]
        if block.label is None and not block.plain.startswith(label):
            block.label = label
            given += 1
    return given
