"""The characters a plan may not hold, as one table for the loader and the diagnostics.

The loader refuses them (:mod:`kehoach.source.loader`); a diagnostic shows
each one as a visible mark in its source excerpt
(:mod:`kehoach.base.diagnostics`), since the excerpt is how a clerk finds
what to delete. Two lists would drift apart, and a character refused but
printed as nothing leaves an excerpt with no visible fault. Each constant is
the inside of a regular-expression character class, ready to be combined.
"""

from __future__ import annotations

C0_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
"""C0 controls and DEL, but tab, line feed and carriage return (a text file's own):
characters XML 1.0 cannot hold (TECH-NOTES: docxtpl silently drops the text around
them), or that move a terminal's cursor."""

C1_CONTROLS = r"\x80-\x84\x86-\x9f"
"""C1 controls but NEL (an odd line break, below): invisible, and the mark of text
decoded with the wrong code page."""

NONCHARACTERS = r"\ufffe\uffff"
"""U+FFFE (a byte-order mark read backwards) and U+FFFF: no text at all, and not
allowed in XML 1.0."""

ODD_BREAKS = r"\x85\u2028\u2029"
"""NEL, LS and PS: libyaml counts them as line breaks where editors do not, so
line numbers would no longer match what the user sees."""

INVISIBLE = (
    r"\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    r"\ufeff\ufff9-\ufffb\ue000-\uf8ff"
)
"""Characters Word stores but nobody sees: they split words for search and
spell-check (soft hyphen, zero-width spaces and joiners, a BOM in the middle),
reorder what is displayed (bidi controls, the "Trojan source" trick), or print
as an empty box (private-use symbols of Word's Symbol/Wingdings bullets)."""
