"""Every character the loader refuses is one a diagnostic excerpt makes visible.

The loader and the diagnostics read one table (kehoach.base.characters); a
character refused but printed as itself would leave the clerk an excerpt in
which the fault cannot be seen, or a line broken in two by the terminal.
"""

from __future__ import annotations

from kehoach.base.diagnostics import Diagnostic, Location, format_diagnostic
from kehoach.source.loader import char_problem


def _refused() -> list[str]:
    """The refused characters a file can hold (lone surrogates cannot be UTF-8)."""
    return [
        chr(cp)
        for cp in range(0x10000)  # the table lies in the basic plane
        if not 0xD800 <= cp <= 0xDFFF and char_problem(chr(cp)) is not None
    ]


def test_the_table_refuses_what_it_should_and_not_vietnamese_text() -> None:
    refused = set(_refused())
    assert {"\x00", "\x0b", "\r", "\x7f", "\x80", "\x85", "\u200b", "\u2028", "\ufeff"} <= refused
    assert not refused & set("\t\nAa Đđ ẾếƯư«»–…\u00a0")


def test_every_refused_character_is_shown_visibly_in_one_column() -> None:
    for ch in _refused():
        if ch == "\r":
            continue  # a line break where the loader counts lines: never inside an excerpt
        line = f"title: a{ch}b"
        problem = Diagnostic("error", "test", "lỗi", Location("p.yaml", 1, 9))
        shown = format_diagnostic(problem, {"p.yaml": line})
        excerpt, caret = (row.split(" | ", 1)[1] for row in shown.split("\n")[1:])
        assert ch not in excerpt and len(excerpt) == len(line), f"U+{ord(ch):04X}"
        assert caret == " " * 8 + "^"
