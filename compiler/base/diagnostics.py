"""Diagnostics: what went wrong, where, in Vietnamese, formatted like a compiler.

This module knows nothing about plans or YAML. It holds pure data (a
:class:`Diagnostic` names a file, a 1-based line and column, a message) and
formats it the way compilers do (``path:line:column: lỗi: …`` followed by the
source line and a caret), so that editors and terminals can jump to the spot
and a secretary reading the output sees the offending line without opening
the file. Every stage of the pipeline reports through these types.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from kehoach.base.characters import (
    C0_CONTROLS,
    C1_CONTROLS,
    INVISIBLE,
    NONCHARACTERS,
    ODD_BREAKS,
)

Severity = Literal["lỗi", "cảnh báo"]

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
# hyphens and private-use symbols as «◌», one column each like the rest.
_LINE_LIKE = re.compile(f"[{ODD_BREAKS}]")
_INVISIBLE = re.compile(f"[{C1_CONTROLS}{NONCHARACTERS}{INVISIBLE}]")


@dataclass(frozen=True)
class Diagnostic:
    """One finding about one place in one file.

    ``line`` and ``column`` are 1-based and count Unicode characters (code
    points), not bytes: that is what editors show and what the YAML parser
    reports, so a Vietnamese line full of multi-byte letters still gets its
    caret under the right character.
    """

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "lỗi"
    code: str = ""


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


def format_diagnostic(d: Diagnostic, source: str | None) -> str:
    """Format ``d`` as ``path:line:column: severity: message`` plus source excerpt.

    With ``source`` (the whole text of ``d.path``) and a line that exists in
    it, two more lines follow: the source line with its number, and a caret
    under column ``d.column`` (placed by characters, not bytes)::

        plans/x.yaml:12:5: lỗi: khóa «titel» không được phép …
           12 |     titel: abc
              |     ^
    """
    return format_at_line(d, None if source is None else line_of(source, d.line))


def line_of(source: str, number: int) -> str | None:
    """Line ``number`` (1-based) of ``source`` as the loader counts lines, None past the end."""
    lines = _split_once(source)
    return lines[number - 1] if 1 <= number <= len(lines) else None


def format_at_line(d: Diagnostic, line: str | None) -> str:
    """:func:`format_diagnostic` given only the text of line ``d.line`` (None: no excerpt).

    For reports of thousands of findings, whose lines are fetched one by one
    without splitting (or even decoding) whole files.
    """
    head = f"{d.path}:{d.line}:{d.column}: {d.severity}: {d.message}"
    if line is None:
        return head
    text = _visible(line)
    column = max(1, min(d.column, len(text) + 1))
    gutter = f"{d.line:>5}"
    blank = " " * len(gutter)
    return f"{head}\n{gutter} | {text}\n{blank} | {_pad_before(text[: column - 1])}^"


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by file, line and column and drop exact repeats, keeping the first."""
    seen: set[Diagnostic] = set()
    unique: list[Diagnostic] = []
    for d in diagnostics:
        if d not in seen:
            seen.add(d)
            unique.append(d)
    return sorted(unique, key=lambda d: (d.path, d.line, d.column))


class PlanError(Exception):
    """One or more diagnostics that stop the compilation of a plan.

    ``sources`` maps each diagnostic's path to the file's text so that
    :meth:`render` can print the offending lines; a path missing from it
    (for instance a file that could not be read) is printed without excerpt.
    """

    def __init__(
        self, diagnostics: Iterable[Diagnostic], sources: Mapping[str, str] | None = None
    ) -> None:
        self.diagnostics: list[Diagnostic] = sort_diagnostics(diagnostics)
        self.sources: dict[str, str] = dict(sources or {})
        super().__init__(f"{len(self.diagnostics)} lỗi trong kế hoạch")

    def render(self) -> str:
        """Every diagnostic formatted with its excerpt, separated by newlines."""
        return "\n".join(format_diagnostic(d, self.sources.get(d.path)) for d in self.diagnostics)

    def __str__(self) -> str:
        return self.render()
