"""How wide a text prints in Times New Roman, and where a line of it breaks.

Decree 30 sizes its short lines from the text above them (1/3 to 1/2 of
its length) and a centred title must not break inside a name or leave one
word alone: both need the printed width of a text, not its number of
characters. Word and LibreOffice lay a line out with the font's advance
widths (Liberation Serif has Times New Roman's, TECH-NOTES), without kerning
unless a document asks for it, so summing the widths from ``font_widths``
gives the line's width to a fraction of a point.

Line breaking follows the word processors: greedy, at ordinary spaces only
(a no-break space U+00A0 joins its neighbours), a word wider than the line
standing alone on its own line.
"""

from __future__ import annotations

from dataclasses import dataclass

from kehoach.layout.font_widths import BOLD, BOLD_ITALIC, ITALIC, REGULAR, UNITS_PER_EM

NO_BREAK_SPACE = "\u00a0"
POINTS_PER_MM = 72 / 25.4
_FACES = {
    (False, False): REGULAR,
    (True, False): BOLD,
    (False, True): ITALIC,
    (True, True): BOLD_ITALIC,
}
_FALLBACK = 1000  # font units: about a lower-case letter and a half, for a character not covered


@dataclass(frozen=True)
class Face:
    """A size and an emphasis of Times New Roman."""

    size_pt: float
    bold: bool = False
    italic: bool = False


def width_pt(text: str, face: Face, *, bold: bool = False, italic: bool = False) -> float:
    """The printed width of ``text`` in ``face`` (made bold or italic by ``bold``/``italic``)."""
    table = _FACES[(face.bold or bold, face.italic or italic)]
    units = sum(table.get(ord(char), _FALLBACK) for char in text)
    return units * face.size_pt / UNITS_PER_EM


def break_lines(text: str, face: Face, line_pt: float) -> list[str]:
    """``text`` broken into the lines a word processor prints in ``line_pt``.

    Breaks only at ordinary spaces; the space at a break is not printed.
    """
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        trial = word if not current else f"{current} {word}"
        if current and width_pt(trial, face) > line_pt:
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    return lines


def mm(points: float) -> float:
    """Points in millimetres."""
    return points / POINTS_PER_MM
