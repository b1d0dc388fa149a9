"""Centred titles that break like a typesetter's, and the short lines drawn under them.

A centred title (trích yếu, an appendix's name, a «(Kèm theo …)» line) is
broken by the word processor wherever the line is full. Left alone it
leaves one word on the last line («… Chính / phủ»), splits a name
(«Thủ / tướng Chính phủ») or a year range («2026- / 2030»). Layout joins
those words with no-break spaces (U+00A0) and a year range's hyphen with a
no-break hyphen (U+2011): the text reads the same, only the places a line
may break change, so a title that fits on one line prints as before.

What is joined, in one line of a title:
* its last two words (the last line never holds a single word);
* a word and the number after it («năm 2025», «số 3256/QĐ-UBND»);
* a year range «2026 - 2030», «2026-2030»;
* the blanks a draft leaves for its number and date («ngày      tháng»);
* the syllables of a capitalised name: a capitalised syllable and the one
  after it («Chính phủ», «Thủ tướng», «Công nghệ», «Đồng Tháp»).
A joined group never grows past ``MAX_GROUP`` of the line, so a long name
can still break rather than overflow.

Decree 30 (Phụ lục I) draws a short solid line under the issuing body and
under the trích yếu, «có độ dài bằng từ 1/3 đến 1/2 độ dài của dòng chữ»;
``rule_length`` measures the widest printed line of the text above it
(``layout.measure``) and takes ``RULE_SHARE`` of it.
"""

from __future__ import annotations

import math
import re

from kehoach.layout.inline import sliced, split_lines
from kehoach.layout.measure import NO_BREAK_SPACE, POINTS_PER_MM, Face, break_lines, width_pt
from kehoach.model.document import Span, Spans, text_of

NO_BREAK_HYPHEN = "\u2011"
RULE_SHARE = 0.4  # of the line above: inside Decree 30's 1/3 to 1/2
MAX_GROUP = 0.45  # the widest run of joined words, as a share of the line
FILL = 0.96  # a balanced line stays this far short of the measure: it never breaks again
LONELY = 10_000.0  # points added to a one-word line: chosen only when nothing else fits

# The faces and line widths of the template (templates/make_template.py):
# A4, margins 30/15 mm; the header's left cell 63 mm less 2 × 1.905 mm padding.
TITLE_FACE = Face(14, bold=True)
REFERENCE_FACE = Face(14, italic=True)
ISSUER_FACE = Face(13, bold=True)
PORTRAIT_LINE = 165 * POINTS_PER_MM
LANDSCAPE_LINE = 252 * POINTS_PER_MM
HEADER_CELL_LINE = (63 - 2 * 1.905) * POINTS_PER_MM

# Names of offices that a line must not part («Ủy ban nhân / dân tỉnh»).
NAMES = (
    "Ủy ban nhân dân", "Hội đồng nhân dân", "Thủ tướng Chính phủ", "Văn phòng",
    "Khoa học và Công nghệ", "Chính quyền số", "Chính phủ số", "chuyển đổi số",
)  # fmt: skip
_NAMES = re.compile("|".join(re.escape(name) for name in NAMES), re.IGNORECASE)
_BLANK = re.compile(r"(?<=\S) {2,}(?=\S)")
_YEAR_RANGE = re.compile(r"(?<!\d)(\d{4})( ?)[-–]( ?)(\d{4})(?!\d)")


def _is_name_start(word: str) -> bool:
    """A capitalised syllable («Chính», «Ủy», «Đồng»), not a word in capitals («UBND»)."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and letters[0].isupper() and all(c.islower() for c in letters[1:])


def _joins(text: str) -> list[int]:
    """Indexes of the spaces of ``text`` to make no-break, most important first."""
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return []
    words = text.split(" ")
    wanted: list[int] = []
    if len(words) >= 3:
        wanted.append(spaces[-1])
    for found in _NAMES.finditer(text):
        wanted.extend(i for i in range(found.start(), found.end()) if text[i] == " ")
    for found in _BLANK.finditer(text):  # a blank left for a date or number, filled by hand
        wanted.extend(range(found.start(), found.end()))
    for found in _YEAR_RANGE.finditer(text):
        wanted.extend(i for i in range(found.start(), found.end()) if text[i] == " ")
    for index, space in enumerate(spaces):
        before, after = words[index], words[index + 1]
        number = after[:1].isdigit() and before and not before[-1].isdigit()
        name = _is_name_start(before.lstrip("(«“")) and after[:1].isalpha()
        if number or name:
            wanted.append(space)
    return list(dict.fromkeys(wanted))


def _glued(text: str, face: Face, line_pt: float) -> str:
    """``text`` with the joins of ``_joins`` that keep every group under ``MAX_GROUP``."""
    chars = list(_YEAR_RANGE.sub(_unbreakable_range, text))
    for space in _joins("".join(chars)):
        chars[space] = NO_BREAK_SPACE
        group = _group_around("".join(chars), space)
        if width_pt(group, face) > MAX_GROUP * line_pt:
            chars[space] = " "
    return "".join(chars)


def _unbreakable_range(found: re.Match[str]) -> str:
    first, before, after, last = found.groups()
    if before or after:
        return found.group(0)
    return f"{first}{NO_BREAK_HYPHEN}{last}"


def _group_around(text: str, index: int) -> str:
    """The run of joined words holding position ``index``."""
    start = text.rfind(" ", 0, index) + 1
    end = text.find(" ", index)
    return text[start : len(text) if end < 0 else end]


def _replaced(spans: Spans, text: str) -> Spans:
    """``spans`` carrying ``text`` (the same length, some characters changed)."""
    out: list[Span] = []
    position = 0
    for span in spans:
        end = position + len(span.text)
        out.append(Span(text[position:end], span.bold, span.italic))
        position = end
    return tuple(out)


def centred(line: Spans, face: Face, line_pt: float) -> Spans:
    """One line of a centred title, joined where it must not break."""
    text = text_of(line)
    glued = _glued(text, face, line_pt)
    return line if glued == text else _replaced(line, glued)


def centred_lines(lines: tuple[Spans, ...], face: Face, line_pt: float) -> tuple[Spans, ...]:
    """Every line of a centred title, joined where it must not break, and a line too long for
    one printed line broken evenly (``balanced``): each printed line is a line of the model."""
    return tuple(
        piece for line in lines for piece in balanced(centred(line, face, line_pt), face, line_pt)
    )


def balanced(line: Spans, face: Face, line_pt: float) -> tuple[Spans, ...]:
    """``line`` in as many printed lines as the word processor needs, of even widths.

    A word processor fills each line and leaves the rest to the last («… của
    Thủ tướng / Chính phủ»); a typesetter spreads a centred title evenly. The
    breaks are chosen so the widest line is as narrow as it can be, every line
    a little (``FILL``) short of the measure so that it never breaks again.
    """
    text = text_of(line)
    pieces = even_breaks(text, face, line_pt)
    if len(pieces) < 2:
        return (line,)
    out: list[Spans] = []
    position = 0
    for piece in pieces:
        start = text.index(piece, position)
        out.append(sliced(line, start, start + len(piece)))
        position = start + len(piece)
    return tuple(out)


def even_breaks(text: str, face: Face, line_pt: float) -> list[str]:
    """``text`` in the word processor's number of lines, the widest as narrow as possible.

    Dynamic programming over the break points (ordinary spaces): ``best[k][j]``
    is the narrowest widest line, then the smallest sum of squared widths, of
    the first ``j`` words in ``k`` lines; a line of one word costs more than
    any other choice when there is one.
    """
    greedy = break_lines(text, face, line_pt)
    count = len(greedy)
    words = text.split(" ")
    total = len(words)
    if count < 2 or count > total:
        return greedy
    limit = FILL * line_pt
    unreachable = (math.inf, math.inf)
    best: list[list[tuple[tuple[float, float], int]]] = [
        [(unreachable, -1)] * (total + 1) for _ in range(count + 1)
    ]
    best[0][0] = ((0.0, 0.0), -1)
    for k in range(1, count + 1):
        for j in range(k, total + 1):
            for i in range(k - 1, j):
                before = best[k - 1][i][0]
                if before == unreachable:
                    continue
                width = width_pt(" ".join(words[i:j]), face)
                if width > limit and j - i > 1:
                    continue
                lonely = LONELY if j - i == 1 else 0.0
                cost = (max(before[0], width + lonely), before[1] + width * width)
                if cost < best[k][j][0]:
                    best[k][j] = (cost, i)
    if best[count][total][0] == unreachable:
        return greedy
    lines: list[str] = []
    end = total
    for k in range(count, 0, -1):
        start = best[k][end][1]
        lines.append(" ".join(words[start:end]))
        end = start
    return lines[::-1]


def widest_line(lines: tuple[Spans, ...], face: Face, line_pt: float) -> float:
    """The width of the widest line the word processor prints of ``lines`` (points)."""
    printed = [
        width_pt(part, face) for line in lines for part in break_lines(text_of(line), face, line_pt)
    ]
    return max(printed, default=0.0)


def rule_length(lines: tuple[Spans, ...], face: Face, line_pt: float) -> float:
    """The short line under ``lines``: ``RULE_SHARE`` of their widest printed line (points)."""
    return round(RULE_SHARE * widest_line(lines, face, line_pt), 1)


def title_block(
    title: Spans, attached: Spans | None, line_pt: float = PORTRAIT_LINE
) -> tuple[tuple[Spans, ...], Spans | None, float]:
    """A part's trích yếu lines and «(Kèm theo …)» line, joined, and the rule under them.

    The rule measures the text right above it: the «(Kèm theo …)» line when
    there is one, else the trích yếu.
    """
    lines = centred_lines(split_lines(title), TITLE_FACE, line_pt)
    if attached is None:
        return lines, None, rule_length(lines, TITLE_FACE, line_pt)
    reference = centred(attached, REFERENCE_FACE, line_pt)
    return lines, reference, rule_length((reference,), REFERENCE_FACE, line_pt)


def issuer_rule(lines: tuple[Spans, ...]) -> float:
    """The line under the issuing body, in the header's left cell."""
    return rule_length(lines, ISSUER_FACE, HEADER_CELL_LINE)
