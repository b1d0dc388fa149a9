"""Vietnamese syllables: tone marks, their placement, and distances between spellings.

Vietnamese writes one syllable per word-like token, with at most one tone
mark (huyền, sắc, hỏi, ngã, nặng) on one of its vowels. Two spellings of
the same syllable are in use for «oa», «oe», «uy» without a final
consonant: the mark on the first vowel («hòa», «khỏe», «thủy», the style of
most administrative texts) or on the second («hoà», «khoẻ», «thuỷ», the
style of the Vietnamese hunspell dictionary). Lookup therefore goes by the
syllable's letters and its tone (:func:`split_tone`), and the placement is
judged apart (:func:`tone_style`), so that a plan in either style is read
correctly and a plan mixing both can be told.

Everything here works on NFC text (the loader guarantees it) and decomposes
only what it needs (NFD): a tone mark is a combining character there, so an
edit distance on decomposed letters counts a wrong tone as one edit
(«Phân» → «Phấn»), not as a different letter.
"""

from __future__ import annotations

import functools
import unicodedata

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
"""Combining grave (huyền), acute (sắc), tilde (ngã), hook above (hỏi), dot below (nặng)."""

_STYLE_NUCLEI = ("oa", "oe", "uy")
"""Vowel pairs whose tone placement differs between the two styles when nothing follows them."""


@functools.lru_cache(maxsize=65536)
def split_tone(syllable: str) -> tuple[str, str]:
    """``(letters without the tone mark, the tone mark or "")``, both NFC.

    «Phấn» → («Phân», U+0301); «đổi» → («đôi», U+0309); «số» → («sô», U+0301).
    """
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = ""
    kept = []
    for ch in decomposed:
        if ch in TONE_MARKS:
            tone = ch
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _tone_index(syllable: str) -> int | None:
    """Index, among the base letters of ``syllable``, of the letter carrying the tone."""
    base = -1
    for ch in unicodedata.normalize("NFD", syllable):
        if not unicodedata.combining(ch):
            base += 1
        elif ch in TONE_MARKS:
            return base
    return None


@functools.lru_cache(maxsize=65536)
def tone_style(syllable: str) -> str | None:
    """``"hòa"`` or ``"hoà"`` for a syllable whose spelling shows the style, else None.

    Only «oa», «oe», «uy» closing the syllable show it («hoàn» has one
    placement in both styles; in «quý» the «u» belongs to «qu»).
    """
    letters, tone = split_tone(syllable.lower())
    if not tone:
        return None
    bare = strip_marks(letters)
    for nucleus in _STYLE_NUCLEI:
        if not bare.endswith(nucleus):
            continue
        before = bare[: -len(nucleus)]
        if before.endswith("q") or (before.endswith("g") and nucleus == "uy"):
            return None
        if any(ch in "aeiouy" for ch in before):
            return None
        index = _tone_index(syllable)
        if index == len(bare) - 2:
            return "hòa"
        if index == len(bare) - 1:
            return "hoà"
    return None


def in_style(syllable: str, style: str) -> str:
    """``syllable`` with its tone placed as ``style`` wants (unchanged where styles agree)."""
    current = tone_style(syllable)
    if current is None or current == style:
        return syllable
    letters, tone = split_tone(syllable)
    decomposed = unicodedata.normalize("NFD", letters)
    target = len(decomposed) - (2 if style == "hòa" else 1)
    # the last two base letters are plain vowels (o, a, e, u, y): one code point each
    marked = decomposed[: target + 1] + tone + decomposed[target + 1 :]
    return unicodedata.normalize("NFC", marked)


@functools.lru_cache(maxsize=65536)
def strip_marks(text: str) -> str:
    """``text`` without any diacritic (đ kept as d): the key under which spellings are confused."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


def same_case(model: str, word: str) -> str:
    """``word`` (written small) in the case of ``model``: all capitals, capitalised, or small.

    Suggestions are shown as the plan would write them: «UBND» → «VHXH»,
    «Phân đầu» → «Phấn đấu».
    """
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def decomposed(text: str) -> str:
    """NFD of ``text``: letters and marks as separate characters, for edit distances."""
    return unicodedata.normalize("NFD", text)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
