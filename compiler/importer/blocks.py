"""Pandoc's JSON AST as a flat run of paragraphs and tables, with kehoach's inline markup.

pandoc's docx reader keeps what the import needs (bold and italic runs,
footnotes, Word list numbers as ordered lists with their start number,
tables with merged cells) inside a tree shaped for many formats. The
recogniser wants one paragraph after another, each with its text written in
kehoach's markup (``**bold**``, ``*italic*``, ``^[note]``), its plain text,
whether it is bold throughout, the number Word prints before it (from a list)
and its paragraph style (``docx+styles``); tables become grids of such
paragraphs, one slot per column even under a merged cell.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Node = dict[str, Any]

BOLD_STYLES = frozenset(
    {"KH Heading 1", "KH Heading 2", "KH Heading 3", "KH Issuer", "KH Quoc Hieu", "KH Tieu Ngu",
     "KH Doc Type", "KH Title", "KH Signature", "KH Signer", "KH Centered", "KH Appendix Label",
     "KH Table Header", "KH Recipients Title", "Heading 1", "Heading 2", "Heading 3", "Title"}
)
"""Paragraph styles that print bold without a bold run (kehoach's own and Word's headings):
pandoc reports the style, not the emphasis it gives."""
ITALIC_STYLES = frozenset({"KH Place Date", "KH Attached", "KH Recipients Title"})

FOOTNOTES_SUPPORTED = False
"""Set by :mod:`.features`: whether the schema reads ``^[…]`` as a footnote."""


@dataclass(frozen=True)
class Run:
    """A piece of text with its emphasis, before it is written as markup."""

    text: str
    bold: bool = False
    italic: bool = False
    note: str | None = None
    """The footnote's own markup, when this run is a footnote reference."""


@dataclass
class Para:
    """One paragraph: its markup, plain text and what the recogniser asks of it."""

    runs: list[Run]
    style: str | None = None
    label: str | None = None
    """The number Word prints before the paragraph (a list item), e.g. «1.», «a)», «-»."""
    depth: int = 0
    """How deep in nested lists (0: not in a list)."""
    _plain: str | None = field(default=None, repr=False, compare=False)
    _markup: str | None = field(default=None, repr=False, compare=False)

    @property
    def plain(self) -> str:
        """The visible text, white space folded (footnotes left out)."""
        if self._plain is None:
            self._plain = fold("".join(r.text for r in self.runs if r.note is None))
        return self._plain

    @property
    def markup(self) -> str:
        """The text in kehoach's inline markup (read many times: computed once)."""
        if self._markup is None:
            self._markup = markup(self.runs)
        return self._markup

    @property
    def bold(self) -> bool:
        """Bold throughout: every visible letter or digit is bold (by its runs or its style)."""
        if self.style in BOLD_STYLES:
            return True
        letters = [r for r in self.runs if r.note is None and any(c.isalnum() for c in r.text)]
        return bool(letters) and all(r.bold for r in letters)

    @property
    def italic(self) -> bool:
        if self.style in ITALIC_STYLES:
            return True
        letters = [r for r in self.runs if r.note is None and any(c.isalnum() for c in r.text)]
        return bool(letters) and all(r.italic for r in letters)

    @property
    def notes(self) -> list[str]:
        return [r.note for r in self.runs if r.note is not None]


@dataclass
class Cell:
    """A table cell: its paragraphs and how many rows and columns it spans."""

    paras: list[Para]
    rowspan: int = 1
    colspan: int = 1
    covered: bool = False
    """A slot under or beside a merged cell (the merged cell is elsewhere in the grid)."""

    @property
    def plain(self) -> str:
        return fold(" ".join(p.plain for p in self.paras))


@dataclass
class Grid:
    """A table as a grid: ``rows[r][c]`` for every column, merged cells marked covered."""

    rows: list[list[Cell]]
    widths: list[float] = field(default_factory=list)
    """Relative column widths (pandoc's ColWidth), 0 when unknown."""
    header_rows: int = 0

    @property
    def columns(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def paras(self) -> Iterator[Para]:
        for row in self.rows:
            for cell in row:
                if not cell.covered:
                    yield from cell.paras


Block = Para | Grid


REMOVED: list[int] = [0]
"""Invisible characters removed while reading (soft hyphens, zero-width spaces, Symbol
bullets of the private use area): the plan loader refuses them, and they print nothing."""


def clean(text: str) -> str:
    """``text`` without the characters a plan may not hold and that print nothing."""
    if text.isprintable():  # the usual case: nothing to look at character by character
        return text
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char == "\t" or (category not in ("Cf", "Co", "Cc", "Cs", "Cn")):
            kept.append(char)
        else:
            REMOVED[0] += 1
    return "".join(kept).replace("\t", " ")


def fold(text: str) -> str:
    """White space folded to single spaces, NFC (Word keeps runs of spaces as blanks)."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def flatten(document: Node) -> list[Block]:
    """The top-level blocks of pandoc's JSON document, lists and divisions opened."""
    return list(_blocks(document.get("blocks", []), style=None, depth=0))


def _blocks(nodes: list[Node], style: str | None, depth: int) -> Iterator[Block]:
    for node in nodes:
        kind = node.get("t")
        content: Any = node.get("c")
        if kind in ("Para", "Plain"):
            yield Para(_runs(content), style=style, depth=depth)
        elif kind == "Header":
            level, _attr, inlines = content
            yield Para(_runs(inlines), style=style or f"Heading {level}", depth=depth)
        elif kind == "Div":
            attr, inner = content
            yield from _blocks(inner, _custom_style(attr) or style, depth)
        elif kind == "BlockQuote":
            yield from _blocks(content, style, depth)
        elif kind == "OrderedList":
            (start, number_style, delim), items = content
            for index, item in enumerate(items):
                label = _label(start + index, number_style.get("t"), delim.get("t"))
                yield from _labelled(item, label, style, depth + 1)
        elif kind == "BulletList":
            for item in content:
                yield from _labelled(item, "-" if depth == 0 else "+", style, depth + 1)
        elif kind == "Table":
            yield _grid(content)
        elif kind == "LineBlock":
            for line in content:
                yield Para(_runs(line), style=style, depth=depth)
        elif kind == "CodeBlock":
            yield Para([Run(line) for line in content[1].splitlines()], style=style, depth=depth)
        # HorizontalRule, RawBlock, Null: nothing printed to keep


def _labelled(item: list[Node], label: str, style: str | None, depth: int) -> Iterator[Block]:
    first = True
    for block in _blocks(item, style, depth):
        if first and isinstance(block, Para):
            block.label = label
            first = False
        yield block


def _custom_style(attr: list[Any]) -> str | None:
    for key, value in attr[2]:
        if key == "custom-style":
            return str(value)
    return None


ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def roman(number: int) -> str:
    out = []
    for value, digits in ROMAN:
        while number >= value:
            out.append(digits)
            number -= value
    return "".join(out)


def _label(number: int, style: str | None, delim: str | None) -> str:
    if style == "UpperRoman":
        text = roman(number)
    elif style == "LowerRoman":
        text = roman(number).lower()
    elif style in ("LowerAlpha", "UpperAlpha"):
        letter = LETTERS[(number - 1) % len(LETTERS)]
        text = letter.upper() if style == "UpperAlpha" else letter
    else:
        text = str(number)
    if delim == "OneParen":
        return f"{text})"
    if delim == "TwoParens":
        return f"({text})"
    return f"{text}."


def _runs(inlines: list[Node], bold: bool = False, italic: bool = False) -> list[Run]:
    out: list[Run] = []
    for node in inlines:
        kind = node.get("t")
        content: Any = node.get("c")
        if kind == "Str":
            out.append(Run(clean(content), bold, italic))
        elif kind in ("Space", "SoftBreak") or kind == "LineBreak":
            out.append(Run(" ", bold, italic))
        elif kind == "Strong":
            out.extend(_runs(content, True, italic))
        elif kind == "Emph":
            out.extend(_runs(content, bold, not italic))
        elif kind in ("Underline", "SmallCaps", "Strikeout", "Superscript", "Subscript"):
            out.extend(_runs(content, bold, italic))
        elif kind == "Span" or kind == "Link":
            out.extend(_runs(content[1], bold, italic))
        elif kind == "Quoted":
            quote = ("“", "”") if content[0].get("t") == "DoubleQuote" else ("‘", "’")
            out.append(Run(quote[0], bold, italic))
            out.extend(_runs(content[1], bold, italic))
            out.append(Run(quote[1], bold, italic))
        elif kind == "Code":
            out.append(Run(content[1], bold, italic))
        elif kind == "Note":
            paras = [p for p in _blocks(content, None, 0) if isinstance(p, Para)]
            out.append(Run("", note=" ".join(markup(p.runs) for p in paras)))
        elif kind == "Cite":
            out.extend(_runs(content[1], bold, italic))
        # Math, RawInline, Image: nothing kept (no text a plan prints)
    return out


def _grid(content: list[Any]) -> Grid:
    """pandoc's Table (attr, caption, colspecs, head, bodies, foot) as a grid."""
    _attr, _caption, colspecs, head, bodies, foot = content
    columns = len(colspecs)
    widths = [
        float(spec[1]["c"]) if isinstance(spec[1], dict) and spec[1].get("t") == "ColWidth" else 0.0
        for spec in colspecs
    ]
    raw_rows: list[list[Any]] = list(head[1])
    header_rows = len(raw_rows)
    for body in bodies:
        raw_rows.extend(body[2])
        raw_rows.extend(body[3])
    raw_rows.extend(foot[1])
    grid: list[list[Cell | None]] = [[None] * columns for _ in raw_rows]
    for r, row in enumerate(raw_rows):
        c = 0
        for cell in row[1]:
            _cattr, _align, rowspan, colspan, blocks = cell
            while c < columns and grid[r][c] is not None:
                c += 1
            if c >= columns:
                break
            paras: list[Para] = []
            for inner in _blocks(blocks, None, 0):
                if isinstance(inner, Grid):  # a table in a cell: its paragraphs, in order
                    paras.extend(inner.paras())
                else:
                    paras.append(inner)
            grid[r][c] = Cell(paras, rowspan, colspan)
            for dr in range(rowspan):
                for dc in range(colspan):
                    if (dr or dc) and r + dr < len(grid) and c + dc < columns:
                        grid[r + dr][c + dc] = Cell([], covered=True)
            c += colspan
    rows = [[cell or Cell([]) for cell in row] for row in grid]
    return Grid(rows, widths, header_rows)


def _escape(text: str) -> str:
    """A plain text as markup that prints it: asterisks (and a caret before «[» once
    footnotes are read) escaped, a backslash doubled where it would escape them."""
    specials = "*\\^" if FOOTNOTES_SUPPORTED else "*\\"
    if not any(char in text for char in specials):
        return text
    out = []
    for index, char in enumerate(text):
        if char == "\\":
            following = text[index + 1] if index + 1 < len(text) else ""
            out.append("\\\\" if following in specials else "\\")
        elif char == "*":
            out.append("\\*")
        elif char == "^" and FOOTNOTES_SUPPORTED and text[index + 1 : index + 2] == "[":
            out.append("\\^")
        else:
            out.append(char)
    return "".join(out)


def markup(runs: list[Run]) -> str:
    """The runs written in kehoach's inline markup; spaces kept outside the markers.

    Runs of the same emphasis are merged first; a bold stretch holding italic
    words nests them (``**a *b* c**``), the form the inline reader pairs
    without ambiguity.
    """
    merged: list[Run] = []
    for run in runs:
        if run.note is not None:
            merged.append(run)
            continue
        bold, italic = run.bold, run.italic
        if not run.text.strip():  # emphasis on spaces prints nothing: join the neighbour
            last = merged[-1] if merged and merged[-1].note is None else None
            bold, italic = (last.bold, last.italic) if last else (False, False)
        if merged and merged[-1].note is None and (merged[-1].bold, merged[-1].italic) == (
            bold,
            italic,
        ):
            merged[-1] = Run(merged[-1].text + run.text, bold, italic)
        else:
            merged.append(Run(run.text, bold, italic))
    pieces: list[str] = []
    index = 0
    while index < len(merged):
        run = merged[index]
        if run.note is not None:
            pieces.append(f"^[{run.note}]" if FOOTNOTES_SUPPORTED else f" ({run.note})")
            index += 1
            continue
        if run.bold:
            end = index
            while end < len(merged) and merged[end].note is None and (
                merged[end].bold or not merged[end].text.strip()
            ):
                end += 1
            while end > index and not merged[end - 1].text.strip():
                end -= 1
            inner = "".join(_wrap(r.text, "*" if r.italic else "") for r in merged[index:end])
            pieces.append(_wrap_raw(inner, "**"))
            index = end
            continue
        pieces.append(_wrap(run.text, "*" if run.italic else ""))
        index += 1
    return fold("".join(pieces)) if pieces else ""


def _wrap(text: str, marker: str) -> str:
    return _wrap_raw(_escape(text), marker)


def _wrap_raw(text: str, marker: str) -> str:
    if not marker or not text.strip():
        return text
    lead = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{text.strip()}{marker}{tail}"
