"""Parameter types of the command line that check what a clerk typed.

``kehoach new`` writes ``--issuer``, ``--abbr`` and ``--place`` into a plan
(and into its first comment line), ``kehoach redline`` writes ``--author``
into the document's tracked changes. A line break typed into one of them
(a paste from Word, ``$'…\\n…'`` in a shell) used to end up in the file:
the comment broke in two and its second half became a key of the plan.
"""

from __future__ import annotations

import re
import unicodedata

import click

from kehoach.base.characters import C0_CONTROLS, C1_CONTROLS, INVISIBLE, NONCHARACTERS, ODD_BREAKS

# Everything the loader refuses in a plan, plus what a plan's own lines may
# hold but one value may not (tab, line feed, carriage return), plus the lone
# surrogates Python makes of command-line bytes that are not UTF-8.
_REFUSED = re.compile(
    f"[\\t\\n\\r{C0_CONTROLS}{C1_CONTROLS}{NONCHARACTERS}{ODD_BREAKS}{INVISIBLE}\\ud800-\\udfff]"
)
_BREAKS = frozenset("\n\r\x85\u2028\u2029")


def _what(ch: str) -> str:
    """``ch`` named for the clerk, with its code."""
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte the terminal sent that is not UTF-8
        return f"byte 0x{code - 0xDC00:02X} không phải UTF-8"
    if ch in _BREAKS:
        kind = "ký tự xuống dòng"
    elif ch == "\t":
        kind = "ký tự Tab"
    else:
        kind = "ký tự điều khiển hoặc vô hình"
    return f"{kind} (U+{code:04X})"


class OneLineText(click.types.StringParamType):
    """One line of text, in NFC: what a plan holds in a name or a place.

    Decomposed accents (as some terminals send them) are composed, since the
    plan written from them must be NFC; control, invisible and line-break
    characters are refused with their position.
    """

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        text = unicodedata.normalize("NFC", super().convert(value, param, ctx))
        bad = _REFUSED.search(text)
        if bad is not None:
            self.fail(
                f"có {_what(bad.group())} ở ký tự thứ {bad.start() + 1}, mà giá trị này chỉ "
                "được là một dòng chữ; hãy gõ lại trên một dòng, không dán kèm định dạng",
                param,
                ctx,
            )
        return text


ONE_LINE = OneLineText()
