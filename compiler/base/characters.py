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

NONCHARACTERS = r"\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(1, 17)
)
"""The 66 noncharacters Unicode keeps for a program's own use, never for text:
U+FDD0 to U+FDEF and the last two code points of every plane. U+FFFE (a
byte-order mark read backwards) and U+FFFF are not allowed in XML 1.0; the
others are, but no font draws them, so they vanish from the PDF of a document."""

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

COMBINING_MARKS = r"\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
"""Combining diacritical marks (accents written as a character of their own). NFC
text holds every Vietnamese letter precomposed, so a mark still standing alone in
NFC text sits on nothing (a loose accent, what is left of a deleted letter) or on a
letter that has no precomposed form: either way no Vietnamese letter, printed as
a floating accent. Text that is not NFC yet is the other fault (decomposed
letters), told apart by the loader."""
