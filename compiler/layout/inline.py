"""Inline emphasis inside plan text: ``**bold**`` and ``*italic*``, nothing else.

Plan text is data: this is the only markup it may carry, parsed here into
spans, never handed to a template engine. ``\\*`` writes a literal asterisk.
"""

from __future__ import annotations

from kehoach.model.document import Span


def parse_inline(text: str, *, bold: bool = False, italic: bool = False) -> tuple[Span, ...]:
    """Split ``text`` into spans; an unclosed marker is kept as literal text.

    Most plan text has no ``*`` at all: it is one span, returned without the
    character-by-character scan (which layout would otherwise pay for every
    paragraph of thousands of documents).
    """
    if "*" not in text:
        return (Span(text, bold, italic),) if text else ()
    spans: list[Span] = []
    buffer: list[str] = []
    state = {"bold": bold, "italic": italic}
    i = 0

    def flush() -> None:
        if buffer:
            spans.append(Span("".join(buffer), state["bold"], state["italic"]))
            buffer.clear()

    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] == "*":
            buffer.append("*")
            i += 2
            continue
        if text.startswith("**", i) and (state["bold"] != bold or _closes(text, i + 2, "**")):
            flush()
            state["bold"] = not state["bold"]
            i += 2
            continue
        if char == "*" and (state["italic"] != italic or _closes(text, i + 1, "*")):
            flush()
            state["italic"] = not state["italic"]
            i += 1
            continue
        buffer.append(char)
        i += 1
    flush()
    return tuple(_merge(spans))


def _closes(text: str, start: int, marker: str) -> bool:
    """True when ``marker`` occurs again after ``start`` (so this one opens a pair)."""
    j = start
    while True:
        j = text.find(marker, j)
        if j < 0:
            return False
        if j > 0 and text[j - 1] == "\\":
            j += 1
            continue
        if marker == "*" and text.startswith("**", j):
            j += 2
            continue
        return j > start


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic)
        elif span.text:
            merged.append(span)
    return merged
