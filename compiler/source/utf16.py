"""Recognise a plan saved as UTF-16, the encoding Windows Notepad and Word call «Unicode».

Such a file is Unicode, only not UTF-8: read as UTF-8 it is either a bad
first byte (the byte-order mark ``FF FE``) or, without a mark, valid UTF-8
with a NUL byte after every ASCII character. Both used to be reported as
what they look like byte by byte («byte 0xFF không hợp lệ», «ký tự điều
khiển U+0000»), which sends a clerk hunting for a character that is not
there; the fix is to save the file again as UTF-8, and the message has to
say so.
"""

from __future__ import annotations

import codecs

SAMPLE_BYTES = 4096
"""Bytes looked at for the pattern of NULs: a few lines of YAML tell."""


def utf16_form(raw: bytes) -> str | None:
    """``"UTF-16 LE"`` or ``"UTF-16 BE"`` when ``raw`` is UTF-16 text, None otherwise.

    With a byte-order mark the mark says it (a UTF-32 mark, which begins
    like the UTF-16 one, is not taken for it). Without one, the NULs do:
    the ASCII characters that make up most of any YAML file (keys, spaces,
    line breaks) have a NUL as their high byte, so in UTF-16 LE at least a
    quarter of the odd bytes are NUL and almost none of the even ones (and
    the other way round in BE). UTF-8 text holds a NUL only by accident.
    """
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None
    if raw.startswith(codecs.BOM_UTF16_LE):
        return "UTF-16 LE"
    if raw.startswith(codecs.BOM_UTF16_BE):
        return "UTF-16 BE"
    sample = raw[:SAMPLE_BYTES]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0 : 2 * pairs : 2].count(0), sample[1 : 2 * pairs : 2].count(0)
    if 4 * odd >= pairs and 8 * even <= odd:
        return "UTF-16 LE"
    if 4 * even >= pairs and 8 * odd <= even:
        return "UTF-16 BE"
    return None
