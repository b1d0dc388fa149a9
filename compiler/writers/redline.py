"""A redline .docx: the NEW rendering with every difference from the OLD one as tracked changes.

Why compare two renderings rather than two document models: the renderer
(docxtpl template, appendix tables) adds paragraphs and tables that the
model does not list one for one (the header table, «Nơi nhận» and the
signature block side by side, the empty page-break paragraphs, appendix
labels). Comparing the two ``word/document.xml`` trees covers all of them,
in the body and in every table cell alike, and cannot drift from what the
reader sees, because it *is* what the reader sees. Both sides come from the
same renderer and template, so identical content gives identical XML and
the alignment is exact wherever nothing changed.

The comparison is a tree diff at the levels Word can track:

- block level (the body, a table cell): paragraphs and tables are aligned
  by their text (``difflib``); within a block that changed, old and new
  items are paired by similarity (a small dynamic programme), so a reworded
  paragraph is edited in place while a new one is inserted whole;
- a paired paragraph gets a word-level diff: unchanged words keep their
  runs, deleted words come back from the OLD paragraph as ``w:del`` runs
  with ``w:delText``, new words are wrapped in ``w:ins``;
- a wholly inserted (deleted) paragraph also marks its paragraph mark
  (``w:pPr/w:rPr/w:ins`` or ``w:del``), so accepting (rejecting) removes
  the paragraph itself, not just its words;
- tables are aligned row by row; a whole inserted or deleted row is marked
  in ``w:trPr`` (Word and LibreOffice then add or remove the row).

Accepting every change gives the NEW rendering's text; rejecting every
change gives the OLD one's (tested on the XML and through LibreOffice).
When nothing differs the NEW bytes are returned untouched.
"""

from __future__ import annotations

import copy
import difflib
import io
import itertools
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from lxml import etree

from kehoach.base.align import pair_block, word_similarity
from kehoach.base.output import normalise_zip
from kehoach.base.text import word_tokens

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DOCUMENT_PART = "word/document.xml"

MAX_PAIRING_CELLS = 250_000
"""Largest old × new block aligned by similarity; beyond it items are paired in order.

Only a changed block is aligned this way (equal runs are matched first), so
this is reached only when a whole document is rewritten.
"""

SIMILAR_ENOUGH = 0.4
"""Share of common words above which two paragraphs are one edited paragraph."""


def q(tag: str) -> str:
    """The Clark name of a WordprocessingML tag: ``q("p")`` → ``{…/main}p``."""
    return f"{{{W}}}{tag}"


_P, _TBL, _TR, _TC, _R, _T = q("p"), q("tbl"), q("tr"), q("tc"), q("r"), q("t")
_PPR, _RPR, _TRPR, _SECTPR = q("pPr"), q("rPr"), q("trPr"), q("sectPr")
_INS, _DEL, _DELTEXT = q("ins"), q("del"), q("delText")
_MOVE_FROM, _MOVE_TO = q("moveFrom"), q("moveTo")
_TRACKED = (_INS, _DEL, _MOVE_FROM, _MOVE_TO)
_BR, _TAB = q("br"), q("tab")
_NOTE = q("footnoteReference")
_IGNORED_IN_P = {q("bookmarkStart"), q("bookmarkEnd"), q("proofErr")}


@dataclass
class _Marks:
    """Makes w:ins / w:del elements with unique ids, one author and one date."""

    author: str
    date: str
    next_id: int
    count: int = field(default=0)
    keep_sections: bool = False
    """Whether a deleted paragraph keeps its section break (OLD's headers exist in NEW)."""

    def make(self, tag: str) -> etree._Element:
        element = etree.Element(tag)
        element.set(q("id"), str(self.next_id))
        element.set(q("author"), self.author)
        element.set(q("date"), self.date)
        self.next_id += 1
        self.count += 1
        return element


# --- text of elements ----------------------------------------------------------------


def paragraph_text(p: etree._Element) -> str:
    """The visible text of a paragraph (deleted text excluded), breaks as «\\n», tabs as «\\t»."""
    out: list[str] = []
    for element in p.iter(_T, _BR, _TAB):
        if element.tag == _T:
            out.append(element.text or "")
        elif element.tag == _BR:
            out.append("\n")
        else:
            out.append("\t")
    return "".join(out)


def _key(element: etree._Element) -> str:
    """What aligns blocks: a paragraph's text, a table's text (rows joined)."""
    if element.tag == _P:
        return "p\x00" + paragraph_text(element)
    if element.tag == _TBL:
        return "tbl\x00" + "\x01".join(_row_key(tr) for tr in element.iter(_TR))
    if element.tag == _TR:
        return "tr\x00" + _row_key(element)
    return "x\x00" + element.tag


def _row_key(tr: etree._Element) -> str:
    return "\x02".join("\x03".join(paragraph_text(p) for p in tc.iter(_P)) for tc in tr.iter(_TC))


def _similarity(a: etree._Element, b: etree._Element) -> float:
    if a.tag != b.tag:
        return 0.0
    if a.tag == _TBL:
        return 1.0  # a table edited in place: its rows are aligned next
    return word_similarity(_key(a), _key(b))


# --- alignment -------------------------------------------------------------------------

Op = tuple[str, etree._Element | None, etree._Element | None]
"""("same" | "pair", old, new), ("del", old, None) or ("ins", None, new)."""


def align(old: Sequence[etree._Element], new: Sequence[etree._Element]) -> Iterator[Op]:
    """Old and new items in document order: equal, edited in place, deleted or inserted."""
    a, b = [_key(e) for e in old], [_key(e) for e in new]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                yield ("same", old[i1 + k], new[j1 + k])
        else:
            yield from _join_replacements(list(_pair(old[i1:i2], new[j1:j2])))


def _join_replacements(ops: list[Op]) -> Iterator[Op]:
    """A lone deleted paragraph next to a lone inserted one is one paragraph rewritten.

    Editing it in place (all its words deleted and inserted) keeps a single
    paragraph mark, which matters at the end of a table cell: its last mark
    cannot be removed, so a «delete one paragraph, insert another» there
    would leave an empty paragraph behind when the changes are rejected.
    """
    k = 0
    while k < len(ops):
        op = ops[k]
        nxt = ops[k + 1] if k + 1 < len(ops) else None
        before = ops[k - 1][0] if k > 0 else None
        after = ops[k + 2][0] if k + 2 < len(ops) else None
        if (
            nxt is not None
            and {op[0], nxt[0]} == {"del", "ins"}
            and before not in ("del", "ins")
            and after not in ("del", "ins")
        ):
            old = op[1] if op[0] == "del" else nxt[1]
            new = op[2] if op[0] == "ins" else nxt[2]
            if old is not None and new is not None and old.tag == new.tag:
                yield ("pair", old, new)
                k += 2
                continue
        yield op
        k += 1


def _pair(old: Sequence[etree._Element], new: Sequence[etree._Element]) -> Iterator[Op]:
    """A changed block: pairs of similar items in order (most similarity), the rest del/ins."""
    n, m = len(old), len(new)
    if n * m > MAX_PAIRING_CELLS:
        for k in range(max(n, m)):
            if k < n and k < m and old[k].tag == new[k].tag:
                yield ("pair", old[k], new[k])
            else:
                if k < n:
                    yield ("del", old[k], None)
                if k < m:
                    yield ("ins", None, new[k])
        return
    for kind, i, j in pair_block(n, m, lambda i, j: _similarity(old[i], new[j]), SIMILAR_ENOUGH):
        yield (kind, None if i is None else old[i], None if j is None else new[j])


# --- marking whole elements ---------------------------------------------------------


def _mark_moved(p: etree._Element, marks: _Marks, tag: str, name: str) -> None:
    """A paragraph moved: its runs and mark as w:moveFrom (or w:moveTo), in a named move range.

    Word and LibreOffice show the two ends of the move together (green,
    double-struck and double-underlined) rather than an unrelated deletion
    and insertion; accepting or rejecting one end resolves both.
    """
    _mark_paragraph(p, marks, tag)
    start = marks.make(q(f"{tag.split('}')[1]}RangeStart"))
    start.set(q("name"), name)
    end = etree.Element(q(f"{tag.split('}')[1]}RangeEnd"))
    end.set(q("id"), start.get(q("id")) or "0")
    ppr = p.find(_PPR)
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def _mark_paragraph(p: etree._Element, marks: _Marks, tag: str) -> None:
    """Every run of ``p`` inside w:ins (w:del, text as w:delText), and its paragraph mark too."""
    for run in [r for r in p if r.tag == _R]:
        if tag == _DEL:
            for t in run.iter(_T):
                t.tag = _DELTEXT
            for note in list(run.iter(_NOTE)):
                _delete_note(note)
        wrapper = marks.make(tag)
        run.addprevious(wrapper)
        wrapper.append(run)
    ppr = _paragraph_properties(p)
    if tag == _DEL and not marks.keep_sections:
        section = ppr.find(_SECTPR)
        if section is not None:
            ppr.remove(section)  # a restored section break would need the OLD headers' ids
    _mark_properties(ppr).insert(0, marks.make(tag))


def _delete_note(reference: etree._Element) -> None:
    """An OLD footnote reference in deleted text, as deleted text of its number.

    The redline's footnotes are the NEW document's: a reference to an OLD
    note would point at another note, or at none. The notes are numbered in
    reading order by their ids, so the number is kept (as plain text).
    """
    reference.tag = _DELTEXT
    reference.text = reference.get(q("id"), "")
    reference.attrib.clear()


def _paragraph_properties(p: etree._Element) -> etree._Element:
    """The paragraph's w:pPr, created first in the paragraph if it has none."""
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = etree.Element(_PPR)
        p.insert(0, ppr)
    return ppr


def _mark_properties(ppr: etree._Element) -> etree._Element:
    """w:pPr/w:rPr, the paragraph mark's properties (where its w:ins/w:del goes), created
    before w:sectPr and w:pPrChange as the schema orders them."""
    rpr = ppr.find(_RPR)
    if rpr is None:
        rpr = etree.Element(_RPR)
        anchor = ppr.find(_SECTPR)
        if anchor is None:
            anchor = ppr.find(q("pPrChange"))
        if anchor is not None:
            anchor.addprevious(rpr)
        else:
            ppr.append(rpr)
    return rpr


def _mark_block(element: etree._Element, marks: _Marks, tag: str) -> None:
    """A whole paragraph or table (every row and nested paragraph) inserted or deleted."""
    if element.tag == _P:
        _mark_paragraph(element, marks, tag)
        return
    for tr in list(element.iter(_TR)):
        _mark_row(tr, marks, tag)


def _mark_row(tr: etree._Element, marks: _Marks, tag: str) -> None:
    trpr = tr.find(_TRPR)
    if trpr is None:
        trpr = etree.Element(_TRPR)
        prex = tr.find(q("tblPrEx"))
        if prex is not None:
            prex.addnext(trpr)
        else:
            tr.insert(0, trpr)
    trpr.append(marks.make(tag))
    for p in list(tr.iter(_P)):
        _mark_paragraph(p, marks, tag)


# --- word level within a paragraph -------------------------------------------------------

Token = tuple[str, str, bytes, dict[str, str]]
"""(kind «t»/«br»/«tab»/«note», text (a note's id), the run's rPr as bytes, the element's
attributes)."""


def _tokens(p: etree._Element) -> list[Token] | None:
    """The paragraph as word tokens with their formatting; None if it holds anything else."""
    out: list[Token] = []
    for child in p:
        if child.tag == _PPR or child.tag in _IGNORED_IN_P:
            continue
        if child.tag != _R:
            return None  # a field, hyperlink, drawing…: compared whole
        rpr = child.find(_RPR)
        style = etree.tostring(rpr) if rpr is not None else b""
        for part in child:
            if part.tag == _RPR:
                continue
            if part.tag == _T:
                out.extend(("t", w, style, {}) for w in word_tokens(part.text or ""))
            elif part.tag == _NOTE:
                out.append(("note", part.get(q("id"), ""), style, {}))
            elif part.tag in (_BR, _TAB):
                attributes = {str(k): str(v) for k, v in part.attrib.items()}
                out.append(("br" if part.tag == _BR else "tab", "", style, attributes))
            else:
                return None
    return out


def _runs(tokens: Sequence[Token], deleted: bool) -> list[etree._Element]:
    """Runs for consecutive tokens, one run per stretch of equal formatting."""
    runs: list[etree._Element] = []
    current: etree._Element | None = None
    style: bytes | None = None
    text_tag = _DELTEXT if deleted else _T
    for kind, text, rpr, attrib in tokens:
        if current is None or rpr != style:
            current = etree.Element(_R)
            if rpr:
                current.append(etree.fromstring(rpr))
            runs.append(current)
            style = rpr
        if kind == "t":
            last = current[-1] if len(current) else None
            if last is not None and last.tag == text_tag:
                last.text = (last.text or "") + text
            else:
                t = etree.SubElement(current, text_tag)
                t.text = text
            t_el = current[-1]
            t_el.set(XML_SPACE, "preserve")
        elif kind == "note":
            note = etree.SubElement(current, _NOTE)
            note.set(q("id"), text)
            if deleted:
                _delete_note(note)
        else:
            br = etree.SubElement(current, _BR if kind == "br" else _TAB)
            for name, value in attrib.items():
                br.set(name, value)
    return runs


PHRASE_GAP = 2
"""Unchanged words between two changes that still make them one replaced phrase."""


def _short_gap(tokens: Sequence[Token]) -> bool:
    """A stretch of unchanged tokens short enough to belong to the phrase around it."""
    if any(kind != "t" for kind, _, _, _ in tokens):
        return False
    words = [t for _, t, _, _ in tokens if any(c.isalnum() for c in t)]
    return len(words) <= PHRASE_GAP and sum(len(t) for _, t, _, _ in tokens) < 16


def _grouped(
    opcodes: list[tuple[str, int, int, int, int]], a: Sequence[Token]
) -> list[tuple[str, int, int, int, int]]:
    """Opcodes with changes separated by a short unchanged gap joined into one replacement.

    «Bộ phận Hành chính» → «Phòng Hành chính tổng hợp» then reads as one
    struck phrase and one inserted phrase, not as words struck and inserted
    in turn around the unchanged ones.
    """
    out: list[tuple[str, int, int, int, int]] = []
    for op in opcodes:
        if (
            op[0] != "equal"
            and len(out) >= 2
            and out[-1][0] == "equal"
            and out[-2][0] != "equal"
            and _short_gap(a[out[-1][1] : out[-1][2]])
        ):
            out.pop()
            first = out.pop()
            out.append(("replace", first[1], op[2], first[3], op[4]))
            continue
        if op[0] != "equal" and out and out[-1][0] != "equal":
            first = out.pop()
            out.append(("replace", first[1], op[2], first[3], op[4]))
            continue
        out.append(op)
    return out


def _restyled_runs(
    old: Sequence[Token], new: Sequence[Token], marks: _Marks
) -> list[etree._Element]:
    """Unchanged words whose formatting changed: NEW's runs carrying w:rPrChange with OLD's."""
    runs: list[etree._Element] = []
    k = 0
    while k < len(new):
        j = k
        while j < len(new) and (new[j][2], old[j][2]) == (new[k][2], old[k][2]):
            j += 1
        piece = _runs(new[k:j], deleted=False)
        if new[k][2] != old[k][2]:
            for run in piece:
                rpr = run.find(_RPR)
                if rpr is None:
                    rpr = etree.Element(_RPR)
                    run.insert(0, rpr)
                change = marks.make(q("rPrChange"))
                change.append(etree.fromstring(old[k][2]) if old[k][2] else etree.Element(_RPR))
                rpr.append(change)
        runs.extend(piece)
        k = j
    return runs


def _edit_paragraph(old: etree._Element, new: etree._Element, marks: _Marks) -> bool:
    """Rewrite ``new`` with the word diff from ``old``; False if the two could not be diffed.

    Words are compared by their text; an unchanged word whose formatting
    changed (bold added) keeps its place and gets a w:rPrChange, which Word
    and LibreOffice show as «Attributes changed» and undo on reject.
    """
    a, b = _tokens(old), _tokens(new)
    if a is None or b is None:
        return False
    key_a = [(k, t, s) for k, t, s, _ in a]
    key_b = [(k, t, s) for k, t, s, _ in b]
    if key_a == key_b:
        return True
    text_a = [(k, t) for k, t, _, _ in a]
    text_b = [(k, t) for k, t, _, _ in b]
    matcher = difflib.SequenceMatcher(None, text_a, text_b, autojunk=False)
    opcodes = _grouped(list(matcher.get_opcodes()), a)
    for child in [c for c in new if c.tag != _PPR]:
        new.remove(child)
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            new.extend(_restyled_runs(a[i1:i2], b[j1:j2], marks))
            continue
        if i2 > i1:
            wrapper = marks.make(_DEL)
            wrapper.extend(_runs(a[i1:i2], deleted=True))
            new.append(wrapper)
        if j2 > j1:
            wrapper = marks.make(_INS)
            wrapper.extend(_runs(b[j1:j2], deleted=False))
            new.append(wrapper)
    return True


def _formatting_differs(old: etree._Element, new: etree._Element) -> bool:
    """Two paragraphs with the same text whose runs are formatted differently."""
    a, b = _tokens(old), _tokens(new)
    if a is None or b is None:
        return False
    return [(k, t, s) for k, t, s, _ in a] != [(k, t, s) for k, t, s, _ in b]


# --- the tree walk ---------------------------------------------------------------------


def _content(parent: etree._Element) -> list[etree._Element]:
    """The children that carry content at this level (paragraphs, tables, rows)."""
    kinds = (_TR,) if parent.tag == _TBL else (_P, _TBL)
    return [c for c in parent if c.tag in kinds]


def _diff_children(old_parent: etree._Element, new_parent: etree._Element, marks: _Marks) -> None:
    old_items, new_items = _content(old_parent), _content(new_parent)
    if new_parent.tag == q("body"):
        _diff_sections(new_parent, old_items, new_items, marks)
    else:
        _diff_items(new_parent, old_items, new_items, marks)
    if new_parent.tag != _TBL:
        _shift_final_mark(new_parent)
        _separate_neighbours(new_parent)


def _sections(items: list[etree._Element]) -> list[list[etree._Element]]:
    """The body's items cut after each paragraph holding a section break (w:pPr/w:sectPr)."""
    chunks: list[list[etree._Element]] = [[]]
    for item in items:
        chunks[-1].append(item)
        if item.tag == _P and item.find(f"{_PPR}/{_SECTPR}") is not None:
            chunks.append([])
    return chunks


def _chunk_text(chunk: list[etree._Element]) -> str:
    return " ".join(_key(e)[:400] for e in chunk[:6])


def _diff_sections(
    parent: etree._Element,
    old_items: list[etree._Element],
    new_items: list[etree._Element],
    marks: _Marks,
) -> None:
    """The body, section by section: an appendix removed or added is one whole section.

    Aligning paragraphs across the whole body paired the label «Phụ lục»
    of the remaining appendix with the removed appendix's «Phụ lục I», and
    left the removed appendix's table and section break in between. Sections
    are first matched by their opening text; a section without a match is
    deleted (or inserted) whole, its section break with it, so rejecting the
    change brings it back on its own landscape pages.
    """
    old_chunks, new_chunks = _sections(old_items), _sections(new_items)
    if len(old_chunks) == len(new_chunks):
        _diff_items(parent, old_items, new_items, marks)
        return
    keys_old = [_chunk_text(c) for c in old_chunks]
    keys_new = [_chunk_text(c) for c in new_chunks]
    ops = pair_block(
        len(old_chunks),
        len(new_chunks),
        lambda i, j: word_similarity(keys_old[i], keys_new[j]),
        SIMILAR_ENOUGH,
    )
    last: etree._Element | None = None
    for op, i, j in ops:
        gone = old_chunks[i] if i is not None else []
        come = new_chunks[j] if j is not None else []
        if op == "del":
            for item in gone:
                copied = copy.deepcopy(item)
                _mark_block(copied, marks, _DEL)
                _place(parent, last, new_items, copied)
                last = copied
            continue
        if op == "ins":
            for item in come:
                _mark_block(item, marks, _INS)
                last = item
            continue
        _diff_items(parent, gone, come, marks, last)
        if come:
            last = come[-1]


def _merge_signature(tr: etree._Element) -> tuple[str, ...]:
    """How a row's cells are merged: vertical merges and spans, cell by cell."""
    found = []
    for tc in tr.findall(_TC):
        v = tc.find(f"{q('tcPr')}/{q('vMerge')}")
        span = tc.find(f"{q('tcPr')}/{q('gridSpan')}")
        vertical = "" if v is None else (v.get(q("val")) or "continue")
        found.append(f"{vertical}/{'' if span is None else span.get(q('val'))}")
    return tuple(found)


def _continues(tr: etree._Element | None) -> bool:
    return tr is not None and any(sig.startswith("continue") for sig in _merge_signature(tr))


def _merge_runs(ops: list[Op]) -> list[Op]:
    """Rows whose merged cells changed, replaced whole: OLD's rows deleted, then NEW's inserted.

    A vertical merge lives in every row it spans (restart, continue…); a row
    edited in place keeps NEW's merges, so rejecting brought OLD's text back
    in NEW's cells (a merged category split, or two categories joined). The
    run of rows concerned is widened to whole merged groups on both sides,
    and written as deletions followed by insertions, so that no merge spans
    a deleted and an inserted row.
    """
    changed = [
        k
        for k, (op, old, new) in enumerate(ops)
        if (
            op == "pair"
            and old is not None
            and new is not None
            and _merge_signature(old) != _merge_signature(new)
        )
        or (op in ("del", "ins") and (_continues(old) or _continues(new)))
    ]
    if not changed:
        return ops
    first, last = changed[0], changed[-1]
    while first > 0 and (_continues(ops[first][1]) or _continues(ops[first][2])):
        first -= 1
    while last + 1 < len(ops) and (_continues(ops[last + 1][1]) or _continues(ops[last + 1][2])):
        last += 1
    run = ops[first : last + 1]
    deleted: list[Op] = [("del", old, None) for _, old, _ in run if old is not None]
    inserted: list[Op] = [("ins", None, new) for _, _, new in run if new is not None]
    return [*ops[:first], *deleted, *inserted, *ops[last + 1 :]]


def _diff_items(
    parent: etree._Element,
    old_items: list[etree._Element],
    new_items: list[etree._Element],
    marks: _Marks,
    last: etree._Element | None = None,
) -> None:
    ops = list(align(old_items, new_items))
    if parent.tag == _TBL:
        ops = _merge_runs(ops)
    moves = _moves(ops)
    for op, old, new in ops:
        if op == "del" and old is not None and id(old) in moves:
            copied = copy.deepcopy(old)
            _mark_moved(copied, marks, _MOVE_FROM, moves[id(old)])
            _place(parent, last, new_items, copied)
            last = copied
            continue
        if op == "ins" and new is not None and id(new) in moves:
            _mark_moved(new, marks, _MOVE_TO, moves[id(new)])
            last = new
            continue
        if op == "del":
            assert old is not None
            copied = copy.deepcopy(old)
            if copied.tag == _TR:
                _mark_row(copied, marks, _DEL)
            else:
                _mark_block(copied, marks, _DEL)
            _place(parent, last, new_items, copied)
            last = copied
            continue
        assert new is not None
        if op == "ins":
            if new.tag == _TR:
                _mark_row(new, marks, _INS)
            else:
                _mark_block(new, marks, _INS)
            if last is not None and new.getprevious() is not last and parent.tag == _TBL:
                last.addnext(new)  # a row of a replaced run goes after the deleted ones
            last = new
            continue
        last = new
        if op == "same":
            if new.tag == _P and old is not None and _formatting_differs(old, new):
                _edit_paragraph(old, new, marks)
            elif new.tag in (_TBL, _TR) and old is not None:
                _diff_pair(old, new, marks)  # same text; a cell's formatting may differ
            continue
        assert old is not None
        _diff_pair(old, new, marks)


MOVED_LENGTH = 20
"""Characters a paragraph needs to be recognised as moved rather than deleted and re-added."""


_LABEL = re.compile(r"^p\x00(?:[IVXLCDM]+\.|\d+(?:\.\d+)*\.|[a-zđ]{1,2}\)|[-+])\s*")


def _move_key(element: etree._Element) -> str:
    """A paragraph's text without its printed number: «b) Phối hợp…» moved is «a) Phối hợp…»."""
    return _LABEL.sub("p\x00", _key(element))


def _moves(ops: list[Op]) -> dict[int, str]:
    """Paragraphs deleted in one place and inserted in another (their numbers aside).

    Returns the move's name by the id() of each end's element.
    """
    deleted: dict[str, list[etree._Element]] = {}
    inserted: dict[str, list[etree._Element]] = {}
    for op, old, new in ops:
        if op == "del" and old is not None and old.tag == _P:
            deleted.setdefault(_move_key(old), []).append(old)
        elif op == "ins" and new is not None and new.tag == _P:
            inserted.setdefault(_move_key(new), []).append(new)
    found: dict[int, str] = {}
    for key, ends in inserted.items():
        sources = deleted.get(key, [])
        if len(ends) == 1 and len(sources) == 1 and len(key) > MOVED_LENGTH:
            name = f"kehoach-move-{len(found) // 2 + 1}"
            found[id(sources[0])] = found[id(ends[0])] = name
    return found


def _first_change(p: etree._Element) -> str | None:
    """The kind (w:ins / w:del) of the tracked change a paragraph opens with, if any."""
    for child in p:
        if child.tag == _PPR or child.tag in _IGNORED_IN_P:
            continue
        return child.tag if child.tag in (_INS, _DEL) else None
    return None


def _separate_neighbours(parent: etree._Element) -> None:
    """End a paragraph with the other kind of change than the next paragraph starts with.

    LibreOffice joins a change at the end of a paragraph with a change of the
    same kind at the start of the next one, across the unchanged paragraph
    mark between them: «.» → «;» written as w:del then w:ins, followed by an
    inserted item, became one insertion from «;» to the end of the item, and
    rejecting it removed the mark too (the item merged into the next
    heading). A replacement at the end is written the other way round then.
    """
    items = _content(parent)
    for p, following in itertools.pairwise(items):
        if p.tag != _P or following.tag != _P or _paragraph_mark(p) is not None:
            continue
        tail = [c for c in p if c.tag not in (_PPR, *_IGNORED_IN_P)]
        if len(tail) < 2 or tail[-1].tag not in (_INS, _DEL):
            continue
        other = tail[-2].tag
        if (
            tail[-1].tag == _first_change(following)
            and other in (_INS, _DEL)
            and other != tail[-1].tag
        ):
            tail[-2].addprevious(tail[-1])


def _paragraph_mark(p: etree._Element) -> etree._Element | None:
    """The w:ins or w:del on a paragraph's mark, if any."""
    rpr = p.find(f"{_PPR}/{_RPR}")
    if rpr is None:
        return None
    for child in rpr:
        if child.tag in (_INS, _DEL):
            return child
    return None


def _shift_final_mark(parent: etree._Element) -> None:
    """Move the mark of trailing inserted (deleted) paragraphs onto the paragraph before them.

    The last paragraph mark of a cell (or of the body) can be neither
    inserted nor deleted: it ends the container. Word records paragraphs
    added at the end as the *previous* mark plus the new text inserted, the
    final mark being the old one; so does this, for a trailing run of
    paragraphs all inserted (or all deleted) after an unchanged paragraph.
    """
    items = _content(parent)
    if not items or items[-1].tag != _P or _paragraph_mark(items[-1]) is None:
        return
    last_mark = _paragraph_mark(items[-1])
    assert last_mark is not None
    start = len(items) - 1
    while (
        start > 0
        and items[start - 1].tag == _P
        and (mark := _paragraph_mark(items[start - 1])) is not None
        and mark.tag == last_mark.tag
    ):
        start -= 1
    if start == 0 or items[start - 1].tag != _P or _paragraph_mark(items[start - 1]) is not None:
        return
    _parent(last_mark).remove(last_mark)
    previous = items[start - 1]
    _mark_properties(_paragraph_properties(previous)).insert(0, last_mark)


def _diff_pair(old: etree._Element, new: etree._Element, marks: _Marks) -> None:
    if new.tag == _P:
        if not _edit_paragraph(old, new, marks):
            copied = copy.deepcopy(old)
            _mark_paragraph(copied, marks, _DEL)
            new.addprevious(copied)
            _mark_paragraph(new, marks, _INS)
        return
    if new.tag == _TBL:
        _diff_children(old, new, marks)
        return
    old_cells, new_cells = old.findall(_TC), new.findall(_TC)
    if len(old_cells) != len(new_cells):
        copied = copy.deepcopy(old)
        _mark_row(copied, marks, _DEL)
        new.addprevious(copied)
        _mark_row(new, marks, _INS)
        return
    for a, b in zip(old_cells, new_cells, strict=True):
        _diff_children(a, b, marks)


def _place(
    parent: etree._Element,
    last: etree._Element | None,
    items: list[etree._Element],
    element: etree._Element,
) -> None:
    """Put a deleted item back after the last item placed (or before the first one)."""
    if last is not None:
        last.addnext(element)
    elif items:
        items[0].addprevious(element)
    else:
        section = parent.find(_SECTPR)
        if section is not None:
            section.addprevious(element)
        else:
            parent.append(element)


def _parent(element: etree._Element) -> etree._Element:
    """The element's parent: every element the redline moves or drops lies inside the body."""
    parent = element.getparent()
    if parent is None:
        raise ValueError(f"{element.tag} không có phần tử cha")
    return parent


def _body(root: etree._Element) -> etree._Element:
    body = root.find(q("body"))
    if body is None:
        raise ValueError("word/document.xml không có w:body")
    return body


def _strings(found: object) -> list[str]:
    """The values of an XPath attribute query (lxml types them as any XPath result)."""
    return [str(v) for v in found] if isinstance(found, list) else []


def _max_id(root: etree._Element) -> int:
    ids = [
        int(str(v))
        for v in _strings(root.xpath("//@w:id", namespaces={"w": W}))
        if str(v).lstrip("-").isdigit()
    ]
    return max(ids, default=0)


def redline_xml(
    old_xml: bytes, new_xml: bytes, author: str, date: str, keep_sections: bool = False
) -> tuple[bytes, int]:
    """The NEW document.xml carrying the differences from OLD; and how many marks were made."""
    old_root = etree.fromstring(old_xml)
    new_root = etree.fromstring(new_xml)
    marks = _Marks(author, date, _max_id(new_root) + 1, keep_sections=keep_sections)
    _diff_children(_body(old_root), _body(new_root), marks)
    data = etree.tostring(new_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data, marks.count


RELS_PART = "word/_rels/document.xml.rels"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _relationships(archive: zipfile.ZipFile) -> dict[str, str]:
    try:
        root = etree.fromstring(archive.read(RELS_PART))
    except KeyError:
        return {}
    return {str(r.get("Id")): str(r.get("Target")) for r in root}


def _sections_portable(old_xml: bytes, old_rels: dict[str, str], new_rels: dict[str, str]) -> bool:
    """Whether OLD's section breaks name only headers and footers NEW has under the same ids.

    Both sides come from the same template, so they normally do; then a
    deleted section (a removed appendix) keeps its break, page size and
    orientation, and rejecting the change restores it as it was.
    """
    ids = _strings(
        etree.fromstring(old_xml).xpath("//w:sectPr/*/@r:id", namespaces={"w": W, "r": R})
    )
    return all(i in new_rels and new_rels[i] == old_rels.get(i) for i in ids)


def redline(old_docx: bytes, new_docx: bytes, author: str, date: str) -> tuple[bytes, bool]:
    """The redline .docx (NEW with tracked changes) and whether anything differed."""
    with zipfile.ZipFile(io.BytesIO(old_docx)) as archive:
        old_xml = archive.read(DOCUMENT_PART)
        old_rels = _relationships(archive)
    with zipfile.ZipFile(io.BytesIO(new_docx)) as archive:
        new_xml = archive.read(DOCUMENT_PART)
        new_rels = _relationships(archive)
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    keep = _sections_portable(old_xml, old_rels, new_rels)
    xml, count = redline_xml(old_xml, new_xml, author, date, keep)
    if count == 0:
        return new_docx, False
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            out.writestr(info, xml if info.filename == DOCUMENT_PART else data)
    return normalise_zip(buffer.getvalue()), True


# --- accepting and rejecting (what Word's «Accept all» / «Reject all» do to the text) ---


def resolve_changes(document_xml: bytes, accept: bool) -> bytes:
    """document.xml with every tracked change accepted (or rejected), as Word would.

    Used by the tests and by anyone checking a redline without Word: the
    removed kind (w:del when accepting, w:ins when rejecting) disappears with
    its content, and so do paragraphs and rows whose mark it holds; the kept
    kind is unwrapped (w:delText becomes w:t again).
    """
    root = etree.fromstring(document_xml)
    for element in list(
        root.iter(
            q("moveFromRangeStart"),
            q("moveFromRangeEnd"),
            q("moveToRangeStart"),
            q("moveToRangeEnd"),
        )
    ):
        _parent(element).remove(element)
    for element in list(root.iter(_MOVE_FROM)):  # a move is a deletion here and an insertion there
        element.tag = _DEL
        for t in element.iter(_T):
            t.tag = _DELTEXT
    for element in list(root.iter(_MOVE_TO)):
        element.tag = _INS
    drop, keep = (_DEL, _INS) if accept else (_INS, _DEL)
    for tr in list(root.iter(_TR)):
        trpr = tr.find(_TRPR)
        if trpr is not None and trpr.find(drop) is not None:
            _parent(tr).remove(tr)
        elif trpr is not None:
            for mark in trpr.findall(keep):
                trpr.remove(mark)
    for p in list(root.iter(_P)):
        rpr = p.find(f"{_PPR}/{_RPR}")
        if rpr is None:
            continue
        for mark in rpr.findall(keep):
            rpr.remove(mark)
        dropped = rpr.find(drop)
        if dropped is None:
            continue
        rpr.remove(dropped)
        following = p.getnext()
        while following is not None and following.tag != _P:
            following = following.getnext()
        if following is None:
            continue  # the container's last mark stays, as in Word
        # Removing a paragraph mark joins the paragraph to the next one.
        content = [c for c in p if c.tag != _PPR]
        anchor = following.find(_PPR)
        for child in content:
            if anchor is not None:
                anchor.addnext(child)
                anchor = child
            else:
                following.insert(0, child)
                anchor = child
        _parent(p).remove(p)
    for element in list(root.iter(drop)):
        _parent(element).remove(element)
    for element in list(root.iter(keep)):
        parent = _parent(element)
        index = parent.index(element)
        for offset, child in enumerate(list(element)):
            parent.insert(index + offset, child)
        parent.remove(element)
    for t in list(root.iter(_DELTEXT)):
        t.tag = _T
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def paragraph_texts(document_xml: bytes) -> list[str]:
    """Every paragraph's text in document order (body and table cells): what a reader reads."""
    root = etree.fromstring(document_xml)
    return [paragraph_text(p) for p in root.iter(_P)]
