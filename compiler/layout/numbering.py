"""Numbers of headings and points, computed, never typed (FORMAT.md)."""

from __future__ import annotations

# Vietnamese point letters: no f, j, w, z; đ after d (Decree 30, Phụ lục I).
POINT_LETTERS = (
    "a",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "x",
    "y",
)

_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(number: int) -> str:
    """1 → «I», 14 → «XIV»."""
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def point_letter(index: int) -> str:
    """0 → «a», 4 → «đ», 23 → «aa» (past «y» the letters double, as offices do)."""
    count = len(POINT_LETTERS)
    return POINT_LETTERS[index % count] * (index // count + 1)


def heading_number(path: tuple[int, ...]) -> str:
    """Number of a section from its 1-based position path: (1,) → «I.», (2,) → «2.»…

    Depth 1 is Roman; depth 2 Arabic; deeper levels join the Arabic numbers of
    every level below the Roman one: (2, 2, 1) → «2.1.».
    """
    if len(path) == 1:
        return f"{roman(path[0])}."
    return ".".join(str(n) for n in path[1:]) + "."
