"""The numbers and marks a Vietnamese plan types before its headings, points and items.

«I.» a first-level heading, «1.» a second, «1.1.» a third, «a)» a point,
«-» an item, «+» a sub-item (Decree 30 and FORMAT.md). A number Word prints
from its list numbering arrives separately (pandoc's list) and is read the
same way, so typed and Word-numbered documents give the same plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.importer.blocks import Run

ROMAN_RE = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
PATTERNS = (
    ("roman", re.compile(rf"^(?P<label>(?=[IVX])({ROMAN_RE})\s*[.:]\s*)(?=\S)")),
    ("dotted", re.compile(r"^(?P<label>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\.?)\s+(?=\S)")),
    ("arabic", re.compile(r"^(?P<label>\d{1,2}[.)])\s*(?=\S)")),
    ("letter", re.compile(r"^(?P<label>[a-zđ]\))\s*(?=\S)")),
    ("dash", re.compile(r"^(?P<label>[-–—•])\s*(?=\S)")),
    ("plus", re.compile(r"^(?P<label>\+)\s*(?=\S)")),
)


@dataclass(frozen=True)
class Label:
    """What opens a paragraph: its kind and how many characters of markup it takes."""

    kind: str
    """roman, dotted, arabic, letter, dash, plus."""
    length: int
    """Characters to remove from the start of the plain text (with the space after)."""


def typed_label(plain: str) -> Label | None:
    """The label typed at the start of ``plain`` (a paragraph's plain text), or None."""
    for kind, pattern in PATTERNS:
        match = pattern.match(plain)
        if match:
            if kind == "roman" and not match.group(2):
                continue
            return Label(kind, match.end())
    return None


def word_label(label: str) -> str | None:
    """The kind of a number printed by Word's list numbering («1.», «a)», «IV.», «-»)."""
    found = typed_label(label + " x")
    return found.kind if found else None


def drop_visible(runs: list[Run], count: int) -> list[Run]:
    """``runs`` without their first ``count`` visible characters (a typed label), white
    space folded the way :attr:`Para.plain` folds it, then the spaces that followed."""
    out: list[Run] = []
    left = count
    previous_space = True
    for run in runs:
        if run.note is not None or left <= 0:
            out.append(run)
            continue
        kept = []
        for char in run.text:
            if left > 0:
                if char.isspace():
                    if not previous_space:
                        left -= 1
                    previous_space = True
                else:
                    left -= 1
                    previous_space = False
                continue
            kept.append(char)
        if kept:
            out.append(Run("".join(kept), run.bold, run.italic))
    while out and out[0].note is None and not out[0].text.strip():
        out.pop(0)
    if out and out[0].note is None:
        out[0] = Run(out[0].text.lstrip(), out[0].bold, out[0].italic)
    return out


def unwrap_bold(markup: str) -> str:
    """A text bold throughout without its outer ``**`` (a heading is bold by its style)."""
    text = markup.strip()
    if text.startswith("**") and text.endswith("**") and len(text) > 4:
        inner = text[2:-2]
        if "**" not in inner:
            return inner.strip()
    return text.replace("**", "") if text.count("**") == 2 and text.startswith("**") else text
