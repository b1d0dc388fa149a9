"""Diagnostics: what went wrong, where, in Vietnamese, formatted like a compiler.

One type for everything the tools report about a plan: a file the loader
cannot read, a value the schema refuses, a rule of a parent plan the child
breaks. This module knows nothing about plans or YAML. A :class:`Diagnostic`
is pure data (severity, a stable code, the message, the position it is
about and, for a finding measured against another file, the related
position) and has two views:

- text (:func:`format_diagnostic`), the way compilers print: ``path:line:column:
  lỗi: …`` followed by the source line and a caret, so that editors and
  terminals can jump to the spot and a secretary reading the output sees the
  offending line without opening the file; then the related position, the
  same way, and a help line;
- JSON (:func:`diagnostic_json`), for editors and CI.

Every stage of the pipeline reports through these types, and ``kehoach
check`` and ``kehoach build`` print them with the same formatter.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from kehoach.base.characters import (
    C0_CONTROLS,
    C1_CONTROLS,
    COMBINING_MARKS,
    INVISIBLE,
    NONCHARACTERS,
    ODD_BREAKS,
)

Severity = Literal["error", "warning"]
"""``error`` stops a build; ``warning`` (an accepted deviation, an omission that excuses
nothing) is reported and the document is built."""

SEVERITY_WORD: dict[Severity, str] = {"error": "lỗi", "warning": "cảnh báo"}
"""How each severity is written for the user (the JSON keeps the English word)."""

_RELATED_NOTE = "cấp trên: quy định của kế hoạch cấp trên"
"""What a related position is, in text: every related position today is the rule of an
ancestor plan that the diagnostic's own position breaks."""

# Line breaks as the YAML parser (libyaml) counts them once the loader has
# refused NEL, LS and PS: splitting the source the same way keeps a
# diagnostic's line number and the printed source line in agreement.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# C0 controls and DEL are invisible or move the terminal's cursor; they are
# shown as their Unicode "control pictures" (U+2400…) so the caret still
# lands under something visible and the column count does not change.
_CONTROL = re.compile(f"[{C0_CONTROLS}\\r]")
# Other characters a terminal shows as nothing, or as a line break, would
# hide the very thing a diagnostic points at: NEL, LS, PS as «␤», C1
# controls, non-characters, zero-width and bidi format characters, soft
# hyphens and private-use symbols as «◌», one column each like the rest;
# a combining mark too, which a terminal draws over the character before it
# (a loose accent over a space is as good as invisible).
_LINE_LIKE = re.compile(f"[{ODD_BREAKS}]")
_INVISIBLE = re.compile(f"[{C1_CONTROLS}{NONCHARACTERS}{INVISIBLE}{COMBINING_MARKS}]")

_GUTTER = 5
"""Width of the line-number column of an excerpt (plans are far under 100,000 lines)."""


@dataclass(frozen=True)
class Location:
    """A place in a file shown by its repository-relative path.

    ``line`` and ``column`` are 1-based and count Unicode characters (code
    points), not bytes: that is what editors show and what the YAML parser
    reports, so a Vietnamese line full of multi-byte letters still gets its
    caret under the right character.
    """

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem (or accepted deviation) found in a plan.

    ``at`` is where the plan being read says the offending thing (or where
    the missing thing belongs); ``related`` is where an ancestor plan sets
    the rule it breaks, for inheritance findings. ``reason`` is the plan's
    recorded deviation reason when the finding was downgraded to a warning
    (:func:`accepted`); ``help`` is a line saying how to fix it, printed
    under the excerpt when the fix does not belong in the message.
    ``width`` is how many characters of the line, from ``at``, the finding
    is about (a misspelt word): the excerpt underlines them all instead of
    pointing at the first.
    """

    severity: Severity
    code: str
    message: str
    at: Location
    related: Location | None = None
    reason: str | None = None
    help: str | None = None
    width: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def accepted(diagnostic: Diagnostic, reason: str | None) -> Diagnostic:
    """The diagnostic as a warning when the plan recorded a deviation ``reason`` for it."""
    if reason is None:
        return diagnostic
    return replace(diagnostic, severity="warning", reason=reason)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by file, line and column and drop exact repeats, keeping the first.

    Diagnostics at the same place keep the order they were found in (the
    schema's field order, for several fields missing from one mapping).
    """
    unique = list(dict.fromkeys(diagnostics))
    return sorted(unique, key=lambda d: (d.at.path, d.at.line, d.at.column))


# --- source lines -------------------------------------------------------------------


def source_lines(source: str) -> list[str]:
    """Split ``source`` into lines exactly where the loader counts line breaks.

    Without a carriage return (nearly every file) that is ``str.split("\\n")``,
    which runs several times faster than the regular expression.
    """
    return source.split("\n") if "\r" not in source else _LINE_BREAK.split(source)


@functools.lru_cache(maxsize=16)
def _split_once(source: str) -> tuple[str, ...]:
    """:func:`source_lines` remembered for the last few texts.

    A report prints thousands of excerpts from a few files at a time (a
    plan's and its parents', alternately); splitting a parent of 60 KB for
    each of them was most of the time ``kehoach check`` spent printing.
    """
    return tuple(source_lines(source))


def position_of(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character ``index`` of ``text``, lines split as above."""
    line = 1
    line_start = 0
    for match in _LINE_BREAK.finditer(text, 0, index):
        line += 1
        line_start = match.end()
    return line, index - line_start + 1


def _line_of(sources: Mapping[str, str], where: Location) -> str | None:
    """The text of the line ``where`` points at, None without the file or past its end."""
    source = sources.get(where.path)
    if source is None:
        return None
    lines = _split_once(source)
    return lines[where.line - 1] if 1 <= where.line <= len(lines) else None


# --- text ---------------------------------------------------------------------------


def _visible(text: str) -> str:
    """Replace control and invisible characters by visible ones, keeping one character each."""
    text = _CONTROL.sub(
        lambda m: "\u2421" if m.group() == "\x7f" else chr(0x2400 + ord(m.group())), text
    )
    return _INVISIBLE.sub("\u25cc", _LINE_LIKE.sub("\u2424", text))


def _pad_before(text: str) -> str:
    """Whitespace as wide on screen as ``text``, for placing the caret.

    Tabs are copied as tabs so the terminal expands both lines alike;
    combining marks take no cell and wide (East Asian) characters two.
    """
    out: list[str] = []
    for ch in text:
        if ch == "\t":
            out.append("\t")
        elif unicodedata.combining(ch):
            continue
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            out.append("  ")
        else:
            out.append(" ")
    return "".join(out)


def _excerpt(where: Location, head: str, sources: Mapping[str, str], width: int = 1) -> str:
    """``path:line:column: head``, then (when the line can be had) the line and a caret.

    The caret is placed by characters, not bytes, and stays on the line
    (at most one past its end) whatever column it is given; ``width``
    carets underline that many characters (never past the line's end). A
    line longer than :data:`EXCERPT_WIDTH` is shown as the part around the
    caret.
    """
    first = f"{where}: {head}"
    line = _line_of(sources, where)
    if line is None:
        return first
    column = max(1, min(where.column, len(line) + 1))
    text, before = _around(line, column - 1)
    text = _visible(text)
    gutter = f"{where.line:>{_GUTTER}}"
    blank = " " * len(gutter)
    carets = "^" * max(1, min(width, len(text) - before))
    return f"{first}\n{gutter} | {text}\n{blank} | {_pad_before(text[:before])}{carets}"


EXCERPT_WIDTH = 120
"""Most characters of a source line an excerpt shows. A plan line is rarely
longer, but one line can be a megabyte (a pasted document, a minified file),
and echoing it whole buries the message under screens of text."""


def _around(line: str, index: int) -> tuple[str, int]:
    """At most :data:`EXCERPT_WIDTH` characters of ``line`` around character ``index``,
    «…» where it was cut, and how many characters of that precede the caret."""
    if len(line) <= EXCERPT_WIDTH:
        return line, index
    half = EXCERPT_WIDTH // 2
    start = min(max(0, index - half), len(line) - EXCERPT_WIDTH)
    end = start + EXCERPT_WIDTH
    head = "…" if start > 0 else ""
    tail = "…" if end < len(line) else ""
    return f"{head}{line[start:end]}{tail}", len(head) + index - start


def format_diagnostic(d: Diagnostic, sources: Mapping[str, str], *, show_code: bool = False) -> str:
    """``d`` as text, with excerpts from ``sources`` (file texts by displayed path)::

        plans/x.yaml:12:5: lỗi: khóa «titel» không được phép …
           12 |     titel: abc
              |     ^

    ``show_code`` puts the code before the message (``lỗi: [below-floor] …``,
    as ``kehoach check`` reports). A deviation reason follows the message; a
    related position prints as a second excerpt (``path:line:column: cấp
    trên: …``) and ``help`` as a last line (``= gợi ý: …``). A file missing
    from ``sources`` (one that could not be read) prints without excerpt.
    """
    message = f"[{d.code}] {d.message}" if show_code else d.message
    if d.reason:
        message += f" — sai khác có chủ ý, lý do: {d.reason}"
    blocks = [_excerpt(d.at, f"{SEVERITY_WORD[d.severity]}: {message}", sources, d.width or 1)]
    if d.related is not None:
        blocks.append(_excerpt(d.related, _RELATED_NOTE, sources))
    if d.help:
        blocks.append(f"{' ' * _GUTTER} = gợi ý: {d.help}")
    return "\n".join(blocks)


# --- JSON ---------------------------------------------------------------------------


def diagnostic_json(d: Diagnostic) -> dict[str, object]:
    """``d`` as a JSON object: severity, code, message, child, parent, reason (help, width).

    The positions keep the names of the report's first use, inheritance
    (``child``: the position, ``parent``: the related one, or null); ``help``
    and ``width`` (characters underlined from the position) are present only
    when the diagnostic has them.
    """
    item: dict[str, object] = {
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
        "child": _location_json(d.at),
        "parent": None if d.related is None else _location_json(d.related),
        "reason": d.reason,
    }
    if d.help is not None:
        item["help"] = d.help
    if d.width is not None:
        item["width"] = d.width
    return item


def _location_json(where: Location) -> dict[str, object]:
    return {"path": where.path, "line": where.line, "column": where.column}


class PlanError(Exception):
    """One or more diagnostics that stop the compilation of a plan.

    ``sources`` maps the paths the diagnostics point at (their own and
    related positions) to the files' texts so that :meth:`render` can print
    the offending lines; a path missing from it (for instance a file that
    could not be read) is printed without excerpt.
    """

    def __init__(
        self, diagnostics: Iterable[Diagnostic], sources: Mapping[str, str] | None = None
    ) -> None:
        self.diagnostics: list[Diagnostic] = sort_diagnostics(diagnostics)
        self.sources: dict[str, str] = dict(sources or {})
        super().__init__(f"{len(self.diagnostics)} lỗi trong kế hoạch")

    def render(self) -> str:
        """Every diagnostic formatted with its excerpts, separated by newlines."""
        return "\n".join(format_diagnostic(d, self.sources) for d in self.diagnostics)

    def __str__(self) -> str:
        return self.render()
