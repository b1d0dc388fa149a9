"""The one reader of inline markup in plan text: ``**bold**``, ``*italic*``, footnotes
``^[…]``, and the escapes ``\\*``, ``\\^`` and ``\\\\``.

Plan text is data: this is the only markup it may carry, read here into
spans, never handed to a template engine. Every printed text of a plan goes
through :func:`parse_inline` (body, headings, table cells, Nơi nhận,
signature, titles, the header, «(Kèm theo …)» lines), so a text prints the
same wherever it stands. Layout then joins the spans of several texts with
the fixed wording around them (:func:`fill`, :func:`joined`): a marker is
read within the text that holds it and never pairs with one of another text.

Which asterisks are markers follows CommonMark's rules for ``*`` (delimiter
runs, left- and right-flanking, the «rule of 3»), because a clerk's
asterisks are often not emphasis: «3 * 4», «(*)», «Ghi chú (*):». A run
may open emphasis when it is left-flanking and close it when it is
right-flanking; a run that touches no letter or digit on either side
(«(*)», «“*”», «(*,») also never opens before a closing bracket, quote or
clause mark, and never closes after an opening bracket or quote, so a
footnote mark stays a mark and never pairs with the next one. A backslash
before ``*``, ``^`` or ``\\`` prints that character; any other backslash is
printed as it is.

A footnote ``^[text of the note]`` (pandoc's inline note) becomes a span
that carries the note (``Span.note``) where the reference mark prints. The
note is read on its own, so it may hold emphasis (and brackets, balanced);
the text around it is read as if a word stood there. A note inside a note
is printed as written: Word has no footnote of a footnote.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from kehoach.base.text import caps, punctuate_list, punctuate_sentences, title_lines
from kehoach.model.document import Span, Spans, text_of

MARKER = "*"
ESCAPE = "\\"
CARET = "^"
NOTE_OPEN = "^["
NOTE_CLOSE = "]"
ESCAPABLE = frozenset((MARKER, ESCAPE, CARET))
_NOTE_SLOT = "\ue000{}\ue001"  # private-use marks: where a note stood while the text is read
STRAIGHT_QUOTES = frozenset("\"'")  # opening or closing by what they touch
CLAUSE_ENDS = frozenset(",.;:!?…")


@dataclass
class _Run:
    """A run of unescaped asterisks: how many are left unmatched, how many it had."""

    count: int
    length: int
    can_open: bool
    can_close: bool


@dataclass(frozen=True)
class _Slot:
    """Where a substituted text goes: read apart, so no marker pairs across it."""

    spans: Spans


_Item = str | _Run | _Slot
_WORD = "a"  # what a slot counts as beside a marker: a word, like the text it stands for


def parse_inline(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    slots: Mapping[str, Spans] | None = None,
    notes: bool = True,
) -> Spans:
    """The spans of ``text``; an asterisk that is no marker is printed as it is.

    ``bold``/``italic`` are the emphasis of the whole text (an italic line);
    ``*…*`` inside an italic text prints upright, as emphasis inside italics
    does. ``slots`` maps a placeholder (``{value}``) to the spans put in its
    place AFTER the text is read: the substituted text keeps its own
    emphasis and its markers never pair with those of ``text``. ``notes``:
    read ``^[…]`` as a footnote (False inside a note).
    """
    slots = slots or {}
    if notes and NOTE_OPEN in text:
        text, found = _take_notes(text, slots)
        slots = {**slots, **found}
    if MARKER not in text and ESCAPE not in text:  # most plan text: nothing to read
        if not slots:
            return (Span(text, bold, italic),) if text else ()
        items: list[_Item] = [
            _Slot(slots[piece]) if piece in slots else piece
            for piece in _slot_pattern(tuple(slots)).split(text)
        ]
        return _spans(items, [0] * len(items), [0] * len(items), bold, italic)
    items = _scan(text, slots)
    strong, emphasis = _match(items)
    return _spans(items, strong, emphasis, bold, italic)


def _spans(
    items: list[_Item], strong: list[int], emphasis: list[int], bold: bool, italic: bool
) -> Spans:
    """The spans of read ``items``, each as deep in bold and italic pairs as ``_match`` says."""
    spans: list[Span] = []
    for index, item in enumerate(items):
        is_bold = bold or strong[index] > 0
        is_italic = italic != (emphasis[index] % 2 == 1)
        if isinstance(item, _Slot):
            spans.extend(
                dataclasses.replace(s, bold=is_bold or s.bold, italic=is_italic != s.italic)
                for s in item.spans
            )
        elif isinstance(item, _Run):
            spans.append(Span(MARKER * item.count, is_bold, is_italic))
        else:
            spans.append(Span(item, is_bold, is_italic))
    return joined(tuple(spans))


def literal(text: str, *, bold: bool = False, italic: bool = False) -> Spans:
    """Fixed wording of the document («Nơi nhận:», «Điều 1. »): printed as it is, never read."""
    return (Span(text, bold, italic),) if text else ()


def joined(*pieces: Spans) -> Spans:
    """The pieces one after the other, neighbours of the same emphasis made one span
    (a footnote reference stays a span of its own)."""
    out: list[Span] = []
    for piece in pieces:
        for span in piece:
            if span.note is not None:
                out.append(span)
                continue
            if not span.text:
                continue
            if (
                out
                and out[-1].note is None
                and out[-1].bold == span.bold
                and out[-1].italic == span.italic
            ):
                out[-1] = Span(out[-1].text + span.text, span.bold, span.italic)
            else:
                out.append(span)
    return tuple(out)


def fill(wording: str, **pieces: Spans) -> Spans:
    """Fixed ``wording`` with each ``{name}`` replaced by the spans of that piece.

    «{kind} số {number} … của {issuer}»: the words around are the program's,
    the pieces are plan texts read on their own (each by :func:`parse_inline`).
    """
    out: list[Spans] = []
    rest = wording
    while "{" in rest:
        before, _, after = rest.partition("{")
        name, _, rest = after.partition("}")
        out.extend((literal(before), pieces[name]))
    out.append(literal(rest))
    return joined(*out)


def upper(spans: Spans) -> Spans:
    """Vietnamese capitals of every span (headings, authority and signature lines)."""
    return tuple(dataclasses.replace(span, text=caps(span.text)) for span in spans)


def sliced(spans: Spans, start: int, end: int) -> Spans:
    """The characters ``start``…``end`` of the text of ``spans``, with their emphasis.

    A footnote reference (no characters) belongs to the text before it: it
    is kept when it stands after ``start`` and up to ``end``, or at the very
    start of a slice from 0.
    """
    out: list[Span] = []
    position = 0
    for span in spans:
        if span.note is not None:
            if start < position <= end or position == start == 0:
                out.append(span)
            continue
        low, high = max(start - position, 0), min(end - position, len(span.text))
        if low < high:
            out.append(Span(span.text[low:high], span.bold, span.italic))
        position += len(span.text)
    return tuple(out)


def split_lines(spans: Spans) -> tuple[Spans, ...]:
    """The lines of a title as printed (``base.text.title_lines``), each with its emphasis."""
    plain = text_of(spans)
    out: list[Spans] = []
    position = 0
    for line in title_lines(plain):
        start = plain.index(line, position)  # only white space lies between two lines
        out.append(sliced(spans, start, start + len(line)))
        position = start + len(line)
    return tuple(out)


def punctuated(clauses: Sequence[Spans], *, sentences: bool = False) -> list[Spans]:
    """The clauses of a list ended by «;» and the last by «.» (``base.text.punctuate_list``),
    or each by «.» when they are ``sentences``.

    The rule is applied to the printed text, so a clause ending in a marker
    (``**…**``) is ended like any other; the mark itself is never emphasised.
    """
    rule = punctuate_sentences if sentences else punctuate_list
    marked = rule([text_of(clause) for clause in clauses])
    return [
        joined(sliced(clause, 0, len(text) - 1), literal(text[-1]))
        for clause, text in zip(clauses, marked, strict=True)
    ]


def _take_notes(text: str, slots: Mapping[str, Spans]) -> tuple[str, dict[str, Spans]]:
    """``text`` with each footnote ``^[…]`` replaced by a slot, and the slots' spans.

    The closing bracket is the one that balances the opening (a note may
    hold «[1]»); escapes are skipped over, so ``\\^[`` is no note. A note
    never closed is printed as written.
    """
    out: list[str] = []
    found: dict[str, Spans] = {}
    index = 0
    while index < len(text):
        char = text[index]
        if char == ESCAPE and text[index + 1 : index + 2] in ESCAPABLE:
            out.append(text[index : index + 2])
            index += 2
            continue
        end = _note_end(text, index) if text.startswith(NOTE_OPEN, index) else None
        if end is None:
            out.append(char)
            index += 1
            continue
        name = _NOTE_SLOT.format(len(found))
        while name in text or name in slots:  # a text cannot hold it, but never collide
            name += "\ue001"
        note = parse_inline(text[index + len(NOTE_OPEN) : end], notes=False)
        found[name] = (Span("", note=note),)
        out.append(name)
        index = end + len(NOTE_CLOSE)
    return "".join(out), found


def _note_end(text: str, start: int) -> int | None:
    """Index of the bracket closing the note opened at ``start``; None if it is never closed."""
    depth = 0
    index = start + len(NOTE_OPEN)
    while index < len(text):
        char = text[index]
        if char == ESCAPE and text[index + 1 : index + 2] in ESCAPABLE:
            index += 2
            continue
        if char == "[":
            depth += 1
        elif char == NOTE_CLOSE:
            if depth == 0:
                return index
            depth -= 1
        index += 1
    return None


def _scan(text: str, slots: Mapping[str, Spans]) -> list[_Item]:
    """Text, asterisk runs and slots in order; escapes already replaced by what they escape."""
    items: list[_Item] = []
    buffer: list[str] = []
    for token in _tokens(tuple(slots)).finditer(text):
        piece = token.group()
        if piece in slots:
            items.extend(_flushed(buffer))
            items.append(_Slot(slots[piece]))
        elif piece[0] == MARKER:
            items.extend(_flushed(buffer))
            items.append(_run(text, token.start(), token.end(), slots))
        elif piece[0] == ESCAPE and piece[1:] in ESCAPABLE:
            buffer.append(piece[1])
        else:
            buffer.append(piece)
    items.extend(_flushed(buffer))
    return items


@cache
def _slot_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Splits a text at its slots, keeping them."""
    return re.compile("(" + "|".join(re.escape(name) for name in names) + ")")


@cache
def _tokens(names: tuple[str, ...]) -> re.Pattern[str]:
    """Slots, escapes, asterisk runs and the plain text between them, in that order of choice."""
    stops = re.escape("".join({MARKER, ESCAPE, *(name[0] for name in names)}))
    choices = [*(re.escape(name) for name in names), r"\\[\\*^]", r"\*+", f"[^{stops}]+", "."]
    return re.compile("|".join(choices), re.DOTALL)


def _flushed(buffer: list[str]) -> Iterable[str]:
    if buffer:
        yield "".join(buffer)
        buffer.clear()


def _run(text: str, start: int, end: int, slots: Mapping[str, Spans]) -> _Run:
    """The run ``text[start:end]`` with what it may do by the characters around it."""
    before = _before(text, start, slots)
    after = _after(text, end, slots)
    kind_before, kind_after = _kind(before), _kind(after)
    left = kind_after != "space" and (kind_after != "punct" or kind_before != "word")
    right = kind_before != "space" and (kind_before != "punct" or kind_after != "word")
    if kind_before != "word" and kind_after != "word":
        # No letter on either side: a mark such as «(*)», «“*”» or «(*,» is no marker. It
        # opens only where a phrase can start (``**“…”**``, ``**-nt-**``) and closes only
        # where one can end (``… kèm.**``).
        left = left and not _closes_phrase(after, _after(text, end + 1, slots))
        right = right and not _opens_phrase(before, _before(text, start - 1, slots))
    length = end - start
    return _Run(length, length, can_open=left, can_close=right)


def _before(text: str, index: int, slots: Mapping[str, Spans]) -> str | None:
    """The character printed just before ``text[index]``: None at the start, a word for a slot."""
    if index <= 0:
        return None
    if any(text.endswith(name, 0, index) for name in slots):
        return _WORD
    return text[index - 1]


def _after(text: str, index: int, slots: Mapping[str, Spans]) -> str | None:
    """The character printed from ``text[index]``: None at the end, a word for a slot."""
    if index >= len(text):
        return None
    if any(text.startswith(name, index) for name in slots):
        return _WORD
    if text[index] == ESCAPE and text[index + 1 : index + 2] in ESCAPABLE:
        return text[index + 1]
    return text[index]


def _kind(char: str | None) -> str:
    """«space» (white space, or the edge of the text), «punct» (punctuation, symbol) or «word»."""
    if char is None or char.isspace():
        return "space"
    if unicodedata.category(char)[0] in "PS":
        return "punct"
    return "word"


def _opens_phrase(char: str | None, preceding: str | None) -> bool:
    """``char`` opens a bracket or a quote (a straight quote does unless it follows a word)."""
    if char is None:
        return False
    if char in STRAIGHT_QUOTES:
        return _kind(preceding) != "word"
    return unicodedata.category(char) in ("Ps", "Pi")


def _closes_phrase(char: str | None, following: str | None) -> bool:
    """``char`` closes a bracket, a quote or a clause («)», «”», «,», «.»…)."""
    if char is None:
        return False
    if char in STRAIGHT_QUOTES:
        return _kind(following) != "word"
    return char in CLAUSE_ENDS or unicodedata.category(char) in ("Pe", "Pf")


def _match(items: list[_Item]) -> tuple[list[int], list[int]]:
    """Pair the runs as CommonMark's «process emphasis» does; how deep each item is in each.

    Returns, for every item, the number of bold and of italic pairs around
    it. A run's unmatched asterisks stay in ``count`` and print literally.
    """
    runs = [index for index, item in enumerate(items) if isinstance(item, _Run)]
    pairs: list[tuple[int, int, bool]] = []  # opener, closer, bold
    floor: dict[tuple[bool, int], int] = {}  # lowest opener index still worth a look
    current = 0
    while current < len(runs):
        closer = items[runs[current]]
        assert isinstance(closer, _Run)
        if not closer.can_close:
            current += 1
            continue
        key = (closer.can_open, closer.length % 3)
        position = current - 1
        while position >= 0 and runs[position] > floor.get(key, -1):
            opener = items[runs[position]]
            assert isinstance(opener, _Run)
            if opener.can_open and not _rule_of_three(opener, closer):
                break
            position -= 1
        else:
            floor[key] = runs[current - 1] if current > 0 else -1
            if closer.can_open:
                current += 1
            else:
                del runs[current]
            continue
        used = 2 if opener.count >= 2 and closer.count >= 2 else 1
        pairs.append((runs[position], runs[current], used == 2))
        opener.count -= used
        closer.count -= used
        del runs[position + 1 : current]  # runs between them can no longer pair
        current = position + 1
        if opener.count == 0:
            del runs[position]
            current -= 1
        if closer.count == 0:
            del runs[current]
    strong = [0] * (len(items) + 1)
    emphasis = [0] * (len(items) + 1)
    for opener_index, closer_index, is_bold in pairs:
        depth = strong if is_bold else emphasis
        depth[opener_index + 1] += 1
        depth[closer_index] -= 1
    for index in range(1, len(items) + 1):
        strong[index] += strong[index - 1]
        emphasis[index] += emphasis[index - 1]
    return strong, emphasis


def _rule_of_three(opener: _Run, closer: _Run) -> bool:
    """CommonMark's «rule of 3»: ``*a**b*`` is one italic, not a bold inside."""
    both = opener.can_close or closer.can_open
    return (
        both
        and (opener.length + closer.length) % 3 == 0
        and not (opener.length % 3 == 0 and closer.length % 3 == 0)
    )
