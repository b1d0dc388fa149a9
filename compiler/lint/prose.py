"""The prose of a plan file: every string a reader of the document will see, with positions.

Lint reads the YAML text itself rather than the validated ``Plan``: a
finding must point at the exact line and column of a word *inside* a
scalar, and only the parser's events still know where each scalar starts,
how it was quoted and where it ends. Values that are not prose (ids,
paths, enumerations, numbers) and values that are never printed (the
reasons of deviations, omissions and lint exceptions, ``document.note``)
are left out, so nothing in them can be reported.

A scalar's value is not its source text: a plain or quoted scalar folds its
line breaks into spaces, a quoted one doubles or escapes quotes, a block
scalar drops its indentation. :meth:`Prose.position` walks the value and the
source side by side to find where a character of the value was typed; it
is computed only for the few characters a finding points at, so reading
the prose of thousands of plans costs one pass of the parser each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ruamel.yaml.cyaml import CParser
from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from kehoach.base.diagnostics import source_lines

KeyPath = tuple[str | int, ...]

NOT_PROSE = frozenset(
    {
        "extends",
        "id",
        "group",
        "groups",
        "implements",
        "kind",
        "status",
        "category",
        "mandatory_for",
        "floor",
        "field",
        "source",
        "group_rows",
        "group_numbering",
        "group_prefix",
        "numbering",
        "bodies",
        "phase",
        "order",
        "by",
        "style",
        "cite",
        "date_style",
        "reference_date",
        "header",
        "repeat_marker",
        "width",
        "symbol",
        "abbr",
        "appendix_numbering",
        "period",
        "phases",
        "addressed",
        "unit",
        "align",
        "orientation",
        "punctuation",
    }
)
"""Keys whose values are identifiers, paths, enumerations or codes, never sentences.

``symbol`` and ``abbr`` are codes (``KH-UBND``, ``UBND``): the abbreviation
rule reads them from the model as definitions.
"""

NOT_PRINTED = frozenset({"reason", "note", "lint", "omitted", "children"})
"""Keys whose whole subtree never reaches the document (reviewers' notes, rules for children).

``note`` is the document's metadata note; a target's ``note`` column is
printed and kept (see :func:`_printed`).
"""

_NOT_TEXT = re.compile(r"[-+]?\d+(\.\d+)?|true|false|null|~|", re.IGNORECASE)
"""Plain scalars YAML reads as numbers, booleans or null (the empty one too): not prose."""

_SKIPPABLE = " \t\n\r'\"\\"
"""Source characters a scalar's value may drop: indentation, folded breaks, quotes, escapes."""


TABLE_PROSE = frozenset({"group", "header"})
"""Keys of NOT_PROSE that are printed text inside a written table (``table:``): a group
row's title and a column's heading, spell-checked like its cells."""


def _printed(path: KeyPath) -> bool:
    """Whether the value at ``path`` is printed prose."""
    for i, key in enumerate(path):
        if not isinstance(key, str):
            continue
        if key in TABLE_PROSE and "table" in path[:i]:
            continue
        if key in NOT_PROSE:
            return False
        if key in NOT_PRINTED and not (key == "note" and _printed_note(path, i)):
            return False
    return True


def _printed_note(path: KeyPath, index: int) -> bool:
    """A ``note`` printed in an appendix column: a target's, or a task output's."""
    return index > 0 and (path[0] == "targets" or "outputs" in path[:index])


@dataclass(frozen=True)
class Prose:
    """One printed string of a plan: where it sits in the file and what it says.

    ``line``/``column`` (1-based) are where the scalar starts; ``style`` is
    the YAML style (``""`` plain, ``'`` or ``"`` quoted, ``|`` or ``>``
    block).
    """

    path: KeyPath
    text: str
    line: int
    column: int
    style: str
    lines: tuple[str, ...]
    """The file's lines (shared by every scalar of the file)."""

    def position(self, index: int) -> tuple[int, int]:
        """The 1-based (line, column) in the file of character ``index`` of :attr:`text`."""
        if self.style == "" and "\n" not in self.text and index <= len(self.text):
            first = self.lines[self.line - 1]
            if first[self.column - 1 : self.column - 1 + len(self.text)] == self.text:
                return self.line, self.column + index
        return self._walk(index)

    def _walk(self, index: int) -> tuple[int, int]:
        """Align the value with the source up to ``index`` (see the module docstring)."""
        row = self.line - 1
        col = self.column - 1
        if self.style in ("|", ">"):
            row, col = row + 1, 0  # the value starts on the line after the indicator
        elif self.style:
            col += 1  # past the opening quote
        for ch in self.text[:index]:
            row, col = self._match(ch, row, col)
        row, col = self._match(self.text[index] if index < len(self.text) else "", row, col)
        return row + 1, col + 1 - (1 if index < len(self.text) else 0)

    def _match(self, ch: str, row: int, col: int) -> tuple[int, int]:
        """The source position just past the character that spells ``ch``, from (row, col)."""
        while row < len(self.lines):
            line = self.lines[row]
            if col >= len(line):  # the line break
                if ch in " \n":
                    return row + 1, 0
                row, col = row + 1, 0
                continue
            found = line[col]
            if found == ch:
                return row, col + 1
            if found not in _SKIPPABLE:
                return row, col  # an escape spelling ``ch``: stay here
            col += 1
        return row, col


class _Frame:
    """An open mapping or sequence: its key path and where the next value goes."""

    __slots__ = ("index", "is_list", "key", "path")

    def __init__(self, path: KeyPath, is_list: bool) -> None:
        self.path = path
        self.is_list = is_list
        self.key: str | None = None  # mapping: the key waiting for its value
        self.index = 0  # sequence: the index of the next item

    def take(self) -> KeyPath:
        """The key path of the value arriving now, and make room for the next one."""
        if self.is_list:
            self.index += 1
            return (*self.path, self.index - 1)
        key, self.key = self.key, None
        return (*self.path, key or "")


def prose(source: str) -> Iterator[Prose]:
    """Every printed string of the plan text ``source``, in file order.

    ``source`` is a plan the loader accepted (valid YAML, no anchors, no
    complex keys), so the events are walked without the loader's checks.
    """
    lines = tuple(source_lines(source))
    stack: list[_Frame] = []
    parser = CParser(source)
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is ScalarEvent:
                if not stack:
                    continue
                frame = stack[-1]
                if not frame.is_list and frame.key is None:
                    frame.key = event.value
                    continue
                path = frame.take()
                value: str = event.value
                style = event.style or ""
                if (style or not _NOT_TEXT.fullmatch(value)) and _printed(path):
                    mark = event.start_mark
                    yield Prose(path, value, mark.line + 1, mark.column + 1, style, lines)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                path = stack[-1].take() if stack else ()
                stack.append(_Frame(path, kind is SequenceStartEvent))
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
            elif kind is StreamEndEvent:
                break
    finally:
        parser.dispose()
