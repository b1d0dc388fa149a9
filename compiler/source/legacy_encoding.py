"""Recognise Vietnamese text written in a pre-Unicode encoding (TCVN3, VNI, Windows-1258).

Offices still hold documents typed before Unicode: TCVN3 (ABC, fonts
``.VnTime``), VNI (fonts ``VNI-Times``) and, less often, Windows-1258. Such
text reaches a plan in two ways, and neither may end up in a document as
mojibake («KÕ ho¹ch», «Keá hoaïch»):

* the file itself is saved in that encoding: its bytes are not UTF-8. The
  loader must refuse it anyway; naming the likely encoding tells the clerk
  which conversion to run (Unikey's «Công cụ chuyển mã» asks for it);
* legacy text was pasted into a UTF-8 file: the bytes are valid UTF-8 but the
  letters are the Latin-1 characters the legacy font drew over (TCVN3's
  ``0xD5`` «ế» shows as «Õ», VNI's «ệ» is «e» + «ä»). Nothing in the bytes is
  wrong, so only the words tell.

The test is the same in both cases: read the text as each legacy encoding
would have meant it and count the words that become valid Vietnamese
syllables. Real Vietnamese in Unicode has almost no word that fails the
syllable check (only abbreviations such as «NĐ-CP», which no legacy reading
repairs), whereas legacy text is full of words that fail it and that one
reading repairs wholesale. That contrast, not a list of suspicious
characters, is what makes the verdict reliable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

# --- the Vietnamese alphabet and its syllables -------------------------------

_VOWELS = "aăâeêioôơuưy"
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng


def _alphabet() -> frozenset[str]:
    letters = set("abcdefghijklmnopqrstuvwxyz") | set(_VOWELS) | {"đ"}
    for vowel in _VOWELS:
        for tone in _TONES:
            letters.add(unicodedata.normalize("NFC", vowel + tone))
    return frozenset(letters | {letter.upper() for letter in letters})


VIETNAMESE_LETTERS = _alphabet()
"""Every letter a Vietnamese word may hold, precomposed (NFC), both cases."""

_TONED = {
    unicodedata.normalize("NFC", vowel + tone): (vowel, tone)
    for vowel in _VOWELS
    for tone in _TONES
}
"""Each lower-case toned vowel → (the vowel without its tone, the tone mark)."""

_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"([aăâeêioôơuưy]+)"
    r"(ch|c|m|ng|nh|n|p|t)?"
)
# Vowel sequences of Vietnamese syllables (tones removed); after «qu» and
# «gi» the onset's own vowel is part of the onset, so those need no entry.
# fmt: off
_NUCLEI = frozenset({
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe",
    "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu",
    "ươ", "yê", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu",
    "uya", "uyê", "uyu", "ueo", "uơi",
})
# fmt: on


# Rhymes Vietnamese spelling does not have. Without them «tiũch», «phoèng»
# or «Tiềnh» (Windows-1258 bytes read as TCVN3, a combining tone byte taken
# for a vowel) would pass for syllables, and a wrong reading would tie with
# the right one.
_GLIDE_FREE = frozenset({
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "iê", "yê", "uô", "ươ", "oa", "oă", "oe", "uâ", "uê", "uy", "uyê", "oo",
})  # fmt: skip
"""Vowel sequences a final consonant may follow: one ending in a glide
(«ai», «ao», «iu», «ươi» …) closes the syllable itself."""
_NEED_CODA = frozenset({"ă", "â", "iê", "yê", "uô", "ươ", "uyê", "oă", "uâ"})
"""Vowel sequences never written at the end of a syllable («ia», «ua», «ưa», «âu» … are)."""
_PALATAL_NUCLEI = frozenset({"a", "ê", "i", "y", "oa", "uê", "uy"})
"""The only vowels «ch» and «nh» follow («anh», «ếch», «tình», «quýnh», «hoạch», «huỳnh»)."""
_TONE_NOT_LAST = frozenset(_NUCLEI - _GLIDE_FREE - {"uơ"})
"""Vowel sequences whose last vowel never bears the tone: a glide («hai», «mùa»,
«người», «khuỷu») is never stressed; «thuở» is the one exception."""
_STOPS = frozenset({"c", "ch", "p", "t"})
_STOP_TONES = frozenset({"\u0301", "\u0323"})
"""A syllable ending in a stop takes the sắc or the nặng tone, never another one or none."""


def _strip_tone(word: str) -> tuple[str, str | None, int]:
    """``word`` (NFC) without its tone mark (keeping ^, ˘ and the horn), that mark, and
    the index of the letter that bore it.

    The mark is "" for a word without tone (index -1) and None for one with
    several, which no syllable has.
    """
    toned = [i for i, ch in enumerate(word) if ch in _TONED]
    if len(toned) > 1:
        return word, None, -1
    if not toned:
        return word, "", -1
    at = toned[0]
    letter, mark = _TONED[word[at]]
    return word[:at] + letter + word[at + 1 :], mark, at


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """True when ``word`` is spelt like one Vietnamese syllable (any case, NFC).

    A spelling check, not a dictionary: onset, a known vowel sequence, a
    final consonant that may follow it, one tone, on a vowel and with a
    final that take it. It tells «Kế», «hoạch», «quyền» from «Keá», «ho¹ch»,
    «tiũch»; «KÕ» is still accepted (it is a possible spelling), which is
    why callers count many words rather than judge one.
    """
    if not word or any(ch not in VIETNAMESE_LETTERS for ch in word):
        return False
    bare, tone, toned_at = _strip_tone(word.lower())
    match = _SYLLABLE.fullmatch(bare)
    if tone is None or match is None:
        return False
    onset, nucleus, coda = match.group(1) or "", match.group(2), match.group(3) or ""
    start = match.start(2)
    if onset == "q":  # «q» is only ever written «qu»
        if not nucleus.startswith("u"):
            return False
        onset, nucleus, start = "qu", nucleus[1:], start + 1
    if not nucleus or (onset not in ("qu", "gi") and nucleus not in _NUCLEI):
        return False
    if toned_at == start + len(nucleus) - 1 and nucleus in _TONE_NOT_LAST:
        return False
    if not coda:
        return nucleus not in _NEED_CODA
    if nucleus not in _GLIDE_FREE or (coda in ("ch", "nh") and nucleus not in _PALATAL_NUCLEI):
        return False
    return coda not in _STOPS or tone in _STOP_TONES


# --- the three legacy encodings -----------------------------------------------

_TCVN3_LETTERS = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
"""TCVN 5712:1993 (VN3, «ABC»): one byte a letter; capitals with tones come
from a separate font (.VnTimeH) drawing the same bytes, so they do not exist
here. Checked against the well-known mojibake «CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM»."""

# VNI: a base letter followed by one byte (a cp1252 character) carrying the
# modifier and/or the tone. Lower- and upper-case forms of the mark byte.
_VNI_MARKS = {
    "ù": ("", "\u0301"), "ø": ("", "\u0300"), "û": ("", "\u0309"), "õ": ("", "\u0303"),
    "ï": ("", "\u0323"),
    "â": ("\u0302", ""), "á": ("\u0302", "\u0301"), "à": ("\u0302", "\u0300"),
    "å": ("\u0302", "\u0309"), "ã": ("\u0302", "\u0303"), "ä": ("\u0302", "\u0323"),
    "ê": ("\u0306", ""), "é": ("\u0306", "\u0301"), "è": ("\u0306", "\u0300"),
    "ú": ("\u0306", "\u0309"), "ü": ("\u0306", "\u0303"), "ë": ("\u0306", "\u0323"),
}  # fmt: skip
_VNI_MARKS.update({mark.upper(): value for mark, value in list(_VNI_MARKS.items())})
# Letters VNI stores in a single byte (ơ, ư, đ and the i/ỵ family).
_VNI_SINGLE = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip
_CIRCUMFLEX_BASES = frozenset("aeoAEO")
_BREVE_BASES = frozenset("aA")
_TONE_BASES = frozenset("aeiouyAEIOUYơưƠƯ")


def vni_to_unicode(text: str) -> str:
    """VNI text as its cp1252 characters (``"Vieät"``) → Unicode (``"Việt"``).

    A mark character combines with the letter before it only where VNI puts
    it (the circumflex on a, e, o; the breve on a; tones on vowels);
    anywhere else it is left as it is, so a reading that does not fit leaves
    invalid words behind instead of inventing valid ones.
    """
    out: list[str] = []
    for ch in text:
        mark = _VNI_MARKS.get(ch)
        if mark is not None and out:
            modifier, tone = mark
            base = out[-1]
            fits = (
                (modifier == "\u0302" and base in _CIRCUMFLEX_BASES)
                or (modifier == "\u0306" and base in _BREVE_BASES)
                or (not modifier and base in _TONE_BASES)
            )
            if fits:
                out[-1] = unicodedata.normalize("NFC", base + modifier + tone)
                continue
        out.append(_VNI_SINGLE.get(ch, ch))
    return "".join(out)


def tcvn3_to_unicode(text: str) -> str:
    """TCVN3 text as Latin-1 characters (``"KÕ ho¹ch"``) → Unicode (``"Kế hoạch"``)."""
    return "".join(
        _TCVN3_LETTERS.get(ord(ch), ch) if 0xA0 <= ord(ch) <= 0xFF else ch for ch in text
    )


def _cp1258_reading(text: str) -> str:
    """Windows-1258 bytes read as cp1252 (``"Viêòt"``) → Unicode (``"Việt"``)."""
    try:
        raw = text.encode("cp1252")
    except UnicodeEncodeError:
        return text
    return _decode_cp1258(raw)


@dataclass(frozen=True)
class Encoding:
    """A legacy encoding: its name for the clerk and its two readings."""

    key: str
    name: str
    decode_bytes: Callable[[bytes], str]
    read_text: Callable[[str], str]


def _decode_tcvn3(raw: bytes) -> str:
    return "".join(chr(b) if b < 0x80 else _TCVN3_LETTERS.get(b, "\ufffd") for b in raw)


def _decode_vni(raw: bytes) -> str:
    return vni_to_unicode(raw.decode("cp1252", errors="replace"))


def _decode_cp1258(raw: bytes) -> str:
    return unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace"))


ENCODINGS = (
    Encoding("tcvn3", "TCVN3 (ABC, phông .VnTime)", _decode_tcvn3, tcvn3_to_unicode),
    Encoding("vni", "VNI (phông VNI-Times)", _decode_vni, vni_to_unicode),
    Encoding("cp1258", "Windows-1258 (CP1258)", _decode_cp1258, _cp1258_reading),
)


# --- the verdict --------------------------------------------------------------

# A word: a run of letters, marks, digits and the characters legacy encodings
# turned letters into (¹ § µ · ¸ …). Latin-1 punctuation that Vietnamese text
# uses for itself («» and the no-break space) ends a word.
_WORD = re.compile(r"[^\s\x00-\x40\x5b-\x60\x7b-\x7f\u00a0\u00ab\u00bb\u2010-\u206f]+")


MAX_WORDS = 5000
"""Words looked at for a verdict: thousands agree as well as millions, at a fraction of
the time (a 2 MiB file holds some 300 000 words)."""


SAMPLE_BYTES = 256 * 1024
"""Bytes of a non-UTF-8 file decoded for a verdict: its first quarter MiB says enough."""


def _words(text: str) -> Iterator[re.Match[str]]:
    return _WORD.finditer(text)


def _foreign_words(text: str) -> list[str]:
    """The first MAX_WORDS words holding a non-ASCII character."""
    return list(islice((w for m in _words(text) if not (w := m.group()).isascii()), MAX_WORDS))


@dataclass(frozen=True)
class Verdict:
    """The likely encoding, where its first repaired word stands, and that word both ways."""

    encoding: Encoding
    index: int
    found: str
    meant: str


def guess_bytes(raw: bytes) -> Encoding | None:
    """The legacy encoding ``raw`` (not UTF-8) is most likely in, or None if none fits.

    The first of :func:`likely_encodings`.
    """
    likely = likely_encodings(raw)
    return likely[0] if likely else None


def likely_encodings(raw: bytes) -> tuple[Encoding, ...]:
    """The legacy encodings ``raw`` (not UTF-8) fits best, () if none fits.

    Each encoding decodes the first :data:`SAMPLE_BYTES` of the file; it fits
    when at least three of its non-ASCII words and 80 % of them are valid
    syllables. The one with the most valid words wins, and of two with as
    many, the one with fewer invalid ones. Readings that tie on both are all
    returned (in the order of :data:`ENCODINGS`, the most common first): a
    short text can be valid Vietnamese in two encodings («công tơ thông» in
    Windows-1258 reads «cụng từ thụng» in TCVN3), and naming only one would
    send the clerk to convert from the wrong code page half the time. Text
    that is no Vietnamese encoding (Latin-1 French, a binary file, UTF-8 with
    one stray byte) fits none and gets the plain "not UTF-8" message.
    """
    sample = raw[:SAMPLE_BYTES]
    scores: list[tuple[tuple[int, int], Encoding]] = []
    for encoding in ENCODINGS:
        foreign = _foreign_words(encoding.decode_bytes(sample))
        good = sum(1 for w in foreign if is_syllable(w))
        if good >= 3 and good >= 0.8 * len(foreign):
            scores.append(((good, good - len(foreign)), encoding))
    if not scores:
        return ()
    top = max(score for score, _ in scores)
    return tuple(encoding for score, encoding in scores if score == top)


def guess_text(text: str, lines: Iterable[str] | None = None) -> Verdict | None:
    """A legacy encoding whose letters were pasted into this (valid) Unicode text, if any.

    Only words that are not valid syllables as written are looked at; a
    reading "repairs" one when it turns it into a valid syllable. The
    reading that repairs the most (of two that repair as many, the one that
    changes fewer words without repairing them) wins if it repairs at least
    two words and half of the invalid words it changes at all. Real Unicode plans have few
    invalid words (abbreviations such as «NĐ-CP», which hold letters no
    legacy reading touches) and no reading repairs them, so one pasted
    legacy sentence among them is still found.

    Done on distinct words: a plan repeats the same few hundred syllables
    thousands of times, so each distinct word is judged once (and read in
    each encoding once), weighted by how often it occurs among the first
    :data:`MAX_WORDS` invalid words. The verdict is the same as judging every
    occurrence in order: the first repaired word in file order is the
    first-seen key of the (insertion-ordered) counts, and its position is
    found again only when there is a verdict to report. ``lines``, the
    distinct lines of ``text``, spare the split when the caller has them.
    """
    distinct = set(text.split("\n")) if lines is None else lines
    if not any(map(_read_differently, _invalid_words(distinct))):
        return None  # the usual case, decided from distinct tokens without a word list
    words = _WORD.findall(text)
    bad = {w for w in set(words) if not w.isascii() and not _is_word(w)}
    counts: dict[str, int] = {}
    for word in islice((w for w in words if w in bad), MAX_WORDS):
        counts[word] = counts.get(word, 0) + 1
    best: tuple[int, int, Encoding, str, str] | None = None
    for encoding in ENCODINGS:
        repaired = changed = 0
        first: tuple[str, str] | None = None
        for word, times in counts.items():
            meant = encoding.read_text(word)
            if meant == word:
                continue
            changed += times
            if _is_word(meant):
                repaired += times
                if first is None:
                    first = (word, meant)
        # more words repaired, then fewer words changed without repair
        if first is not None and (best is None or (repaired, -changed) > (best[0], -best[1])):
            best = (repaired, changed, encoding, *first)
    if best is None or best[0] < 2 or best[0] < 0.5 * best[1]:
        return None
    _, _, encoding, found, meant = best
    match = next(m for m in _words(text) if m.group() == found)
    return Verdict(encoding, match.start(), found, meant)


def _invalid_words(lines: Iterable[str]) -> frozenset[str]:
    """The non-ASCII words of the distinct ``lines`` of a text that are not valid syllables.

    A word never spans a line break, and the plans of a cascade repeat
    their parents' lines (that is what a child plan is), so each distinct
    line is judged once per process (:func:`_invalid_words_of_line`): on a
    national cascade nearly every line of a commune plan has been seen
    before, and the check costs a set of lines instead of a word list.
    """
    return _NONE.union(*map(_invalid_words_of_line, lines))


_NONE: frozenset[str] = frozenset()


@lru_cache(maxsize=65536)
def _invalid_words_of_line(line: str) -> frozenset[str]:
    if line.isascii():
        return _NONE
    invalid = frozenset(
        word for word in _WORD.findall(line) if not word.isascii() and not _is_word(word)
    )
    return invalid or _NONE


@lru_cache(maxsize=65536)
def _read_differently(word: str) -> bool:
    """Whether some legacy reading changes ``word`` at all (else it is no evidence either way)."""
    return any(encoding.read_text(word) != word for encoding in ENCODINGS)


def _is_word(word: str) -> bool:
    """A valid syllable, or digits and syllables joined (``"2026"`` is no evidence either way)."""
    return is_syllable(word) or (word.isascii())
