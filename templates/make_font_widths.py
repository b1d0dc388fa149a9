"""Write ``compiler/layout/font_widths.py``: the advance widths of Times New Roman's four faces.

Usage (fontTools is needed here only, never by the compiler)::

    .venv/bin/pip install fonttools
    .venv/bin/python templates/make_font_widths.py compiler/layout/font_widths.py

Liberation Serif (fonts-liberation2) is metric-compatible with Times New
Roman: every glyph has Times New Roman's advance width, which is what Word
and LibreOffice lay a line out with. The table covers the characters of
Vietnamese administrative text (Basic Latin, Latin-1, Latin Extended-A,
the horn letters, combining marks, the Vietnamese block, general
punctuation); ``layout.measure`` falls back to an average width for the rest.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path("/usr/share/fonts/truetype/liberation2")
FACES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}
RANGES = (
    (0x20, 0x7E),
    (0xA0, 0x17F),
    (0x1A0, 0x1B0),
    (0x300, 0x323),
    (0x1EA0, 0x1EF9),
    (0x2010, 0x2026),
    (0x2030, 0x203A),
)


def widths(path: Path) -> tuple[int, dict[int, int]]:
    """Units per em and the advance width of every covered character the face has."""
    font = TTFont(path)
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    out = {
        code: metrics[cmap[code]][0]
        for low, high in RANGES
        for code in range(low, high + 1)
        if code in cmap
    }
    return font["head"].unitsPerEm, out


def module(fonts: Path) -> str:
    lines = [
        '"""Advance widths of Times New Roman (= Liberation Serif), generated: do not edit.',
        "",
        "Written by templates/make_font_widths.py from fonts-liberation2; widths are in",
        "font units, ``UNITS_PER_EM`` to the em.",
        '"""',
        "",
        "# fmt: off",
    ]
    units = 0
    for face, name in FACES.items():
        units, table = widths(fonts / name)
        lines.append(f"{face.upper()}: dict[int, int] = {{")
        items = [f"{code}: {width}" for code, width in sorted(table.items())]
        for start in range(0, len(items), 8):
            lines.append("    " + ", ".join(items[start : start + 8]) + ",")
        lines.append("}")
    lines.insert(6, f"UNITS_PER_EM = {units}")
    lines.append("# fmt: on")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--fonts", type=Path, default=FONTS)
    args = parser.parse_args(argv)
    args.output.write_text(module(args.fonts), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
