"""Write Vietnamese text the way pre-Unicode software did: TCVN3, VNI, Windows-1258.

Test data for the legacy-encoding detector. The tables here are written
independently of ``kehoach.source.legacy_encoding`` (by vowel and tone here, by
byte there) so that a mistake in one does not hide in the other; both are
anchored to mojibake everyone in a Vietnamese office has seen (see
``test_bad_input.py``).
"""

from __future__ import annotations

import unicodedata

# Tones in the order the TCVN3 table lists them: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")

# TCVN3 byte of each vowel with each tone (the plain ASCII vowels keep their code).
_TCVN3 = {
    "a": (0x61, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0x65, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0x69, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0x6F, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0x75, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0x79, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}


def _split(ch: str) -> tuple[str, str]:
    """A precomposed letter → (letter without tone, tone mark or "")."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = next((t for t in _TONES[1:] if t in decomposed), "")
    return unicodedata.normalize("NFC", decomposed.replace(tone, "") if tone else ch), tone


def encode_tcvn3(text: str) -> bytes:
    """TCVN3 bytes. Toned capitals do not exist in TCVN3 (offices switched to the
    .VnTimeH font, which draws the lower-case codes as capitals): they become
    the lower-case code, as they did in real files."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ord(ch))
        elif ch in _TCVN3_CAPITALS:
            out.append(_TCVN3_CAPITALS[ch])
        elif ch == "đ":
            out.append(0xAE)
        else:
            base, tone = _split(ch)
            codes = _TCVN3.get(base.lower())
            if codes is None:
                out.extend(ch.encode("cp1252", errors="replace"))
            else:
                out.append(codes[_TONES.index(tone)])
    return bytes(out)


# VNI: the letter, then one byte for its modifier and tone.
# Each table lists the codes in the tone order of _TONES: none, huyền, hỏi, ngã, sắc, nặng.
_VNI_TONE = dict(zip(_TONES, ("", "ø", "û", "õ", "ù", "ï"), strict=True))
_VNI_CIRCUMFLEX = dict(zip(_TONES, ("â", "à", "å", "ã", "á", "ä"), strict=True))
_VNI_BREVE = dict(zip(_TONES, ("ê", "è", "ú", "ü", "é", "ë"), strict=True))
_VNI_I = dict(zip(_TONES[1:], ("ì", "æ", "ó", "í", "ò"), strict=True))


def vni_characters(text: str) -> str:
    """VNI as the cp1252 characters a UTF-8 editor shows after a bad paste («Vieät»)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ch)
            continue
        lower = ch.lower()
        decomposed = unicodedata.normalize("NFD", lower)
        letter, marks = decomposed[0], decomposed[1:]
        tone = next((t for t in _TONES[1:] if t in marks), "")
        if lower == "đ":
            code = "ñ"
        elif "\u031b" in marks:  # horn: ơ and ư are single bytes
            code = ("ô" if letter == "o" else "ö") + _VNI_TONE[tone]
        elif "\u0302" in marks:
            code = letter + _VNI_CIRCUMFLEX[tone]
        elif "\u0306" in marks:
            code = letter + _VNI_BREVE[tone]
        elif letter == "i" and tone:
            code = _VNI_I[tone]
        elif letter == "y" and tone == "\u0323":
            code = "î"
        elif tone:
            code = letter + _VNI_TONE[tone]
        else:
            code = lower
        out.append(code.upper() if ch.isupper() else code)
    return "".join(out)


def encode_vni(text: str) -> bytes:
    """VNI bytes (VNI-Windows)."""
    return vni_characters(text).encode("cp1252", errors="replace")


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: a letter precomposed where the code page has it, else
    the letter (with its circumflex, breve or horn) followed by a combining tone."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.extend(ch.encode("cp1258"))
        except UnicodeEncodeError:
            base, tone = _split(ch)
            out.extend((base + tone).encode("cp1258", errors="replace"))
    return bytes(out)


def tcvn3_characters(text: str) -> str:
    """TCVN3 as the Latin-1 characters a UTF-8 editor shows after a bad paste («KÕ ho¹ch»)."""
    return encode_tcvn3(text).decode("latin-1")


def cp1258_characters(text: str) -> str:
    """Windows-1258 bytes shown as cp1252 (what a UTF-8 editor shows after a bad paste)."""
    return encode_cp1258(text).decode("cp1252", errors="replace")
