"""Spelling: every syllable against the dictionary, and one spelling per plan.

Four rules:

- ``spelling``: a word that is no Vietnamese syllable, no reviewed word
  (foreign terms, the dictionary's gaps) and no part of a name the plan
  sets itself; suggestions are the nearest syllables on decomposed letters.
- ``tone-placement``: the letters and the tone make a syllable, but the
  mark sits on a vowel where neither style puts it («hòan» for «hoàn»).
- ``tone-style-mixed``: «hòa» and «hoà» styles in one plan (Decree 30 asks
  nothing of the style, but one document should not switch); the fewer
  spellings are reported.
- ``variant-mixed``: «tỉ lệ» beside «tỷ lệ», «kĩ» beside «kỹ»: both are
  words, the plan should pick one; the fewer are reported.

Acronyms and mixed-case product names (UBND, VNeID) are not syllables:
:mod:`kehoach.lint.abbreviations` judges them. Capitalised words inside a
sentence are names and only need to be in the dictionary, a reviewed list
or the plan's own names; they take no part in the two «mixed» rules,
since a name keeps its own spelling («Long Mỹ» beside «mĩ thuật»).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from kehoach.lint.dictionary import lexicon as lexicon_now
from kehoach.lint.reviewed import reviewed
from kehoach.lint.subject import Finding, Subject, Text
from kehoach.lint.syllables import in_style, same_case, tone_style
from kehoach.lint.tokens import Word, shouting, words

_I_OR_Y = re.compile(r"^(.*[^aăâeêioôơuưy])([iìíỉĩịyỳýỷỹỵ])$")
"""A syllable closed by a lone «i» or «y» after a consonant: «tỉ»/«tỷ», «lí»/«lý», «kĩ»/«kỹ»."""

_Y_TO_I = str.maketrans("yỳýỷỹỵ", "iìíỉĩị")


def is_name_like(word: Word) -> bool:
    """An acronym or a product name rather than a syllable: capitals after the first letter."""
    return word.has_digit or not word.text[1:].islower()


_GLOSS = re.compile(r"\(([^()]*)\)|“([^“”]*)”|\"([^\"]*)\"")
"""A bracketed or quoted span: where a plan gives a term in its own language («(Data Lake)»)."""
_ASCII_WORDS = re.compile(r"[A-Za-z\s*,.&/-]+")
_ADDRESS = re.compile(
    r"https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|\b[A-Za-z]+(?:-[A-Za-z]+)+\b"
)
_ROMAN = re.compile(r"[ivxlc]+")


def _set_apart(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` a reader does not read as Vietnamese words.

    A foreign term given in brackets or quotes after the Vietnamese one
    («Kho dữ liệu (Data Warehouse)», «“Cloud First”»: the span holds only
    unaccented Latin letters), a web address («rdx.gov.vn»), a small roman
    numeral of an enumeration («(ii)»), a web or mail address, a foreign
    word joined by hyphens («e-form», «pre-fill»).
    """
    spans = []
    for m in _GLOSS.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        if _ASCII_WORDS.fullmatch(inner) or _ROMAN.fullmatch(inner):
            spans.append(m.span())
    spans.extend(m.span() for m in _ADDRESS.finditer(text) if not m.group().isdigit())
    return spans


@dataclass(frozen=True)
class Reading:
    """What the spelling rules need of one string, which depends on its text alone.

    Remembered per text (:func:`reading`): a cascade's plans repeat their
    parents' strings, and the per-word work is most of a plan's lint.
    """

    syllables: tuple[Word, ...]
    """The words read as Vietnamese syllables (see :func:`reading`)."""
    unknown: tuple[Word, ...]
    """Syllables neither in the dictionary nor in the reviewed words."""
    misplaced: tuple[tuple[Word, str], ...]
    """Syllables whose tone sits where neither style puts it, with the dictionary's spelling."""
    styles: tuple[tuple[Word, str], ...]
    """Syllables that show a tone style, with the style."""
    variants: tuple[tuple[Word, str], ...]
    """Syllables closed by «i» or «y» (not inside a name), with the key both spellings share."""


@functools.lru_cache(maxsize=65536)
def reading(source: str) -> Reading:
    """The :class:`Reading` of the string ``source``.

    Read as syllables: every word but numbers, single letters (enumerators
    «a)», units «Gb/s»), acronyms and product names (see
    :func:`is_name_like`; in a string written all in capitals, only those
    without Vietnamese marks) and words set apart (:func:`_set_apart`).
    """
    lexicon, lists = lexicon_now(), reviewed()
    apart = _set_apart(source) if any(ch in source for ch in '(“".-') else []
    loud = shouting(source)
    kept: list[Word] = []
    for word in words(source):
        if word.has_digit or len(word.text) == 1:
            continue
        if is_name_like(word) and not (loud and word.is_all_caps and _marked(word.text)):
            continue
        if any(a <= word.start < b for a, b in apart):
            continue
        kept.append(word)
    unknown: list[Word] = []
    misplaced: list[tuple[Word, str]] = []
    for word in kept:
        lower = word.text.lower()
        spelled = lexicon.spelled(lower)
        if spelled is None:
            if lower not in lists.words and lower not in lexicon.proper:
                unknown.append(word)
        elif lower != spelled and lower != in_style(spelled, "hòa"):
            misplaced.append((word, spelled))
    styles = [(w, style) for w in kept if (style := tone_style(w.text)) is not None]
    variants = [
        (w, key)
        for w in kept
        if not (w.is_capitalised and not w.opens_sentence and not w.is_all_caps)
        and (key := _variant_key(w)) is not None
    ]
    return Reading(tuple(kept), tuple(unknown), tuple(misplaced), tuple(styles), tuple(variants))


def _marked(word: str) -> bool:
    """Whether ``word`` holds a letter with a Vietnamese mark (other than Đ, used in acronyms)."""
    return any(not ("A" <= ch <= "Z" or ch == "Đ") for ch in word.upper())


def check_spelling(subject: Subject) -> Iterator[Finding]:
    """Unknown words and misplaced tones (rules ``spelling`` and ``tone-placement``)."""
    style = plan_style(subject)
    for text in subject.texts:
        read = reading(text.string.text)
        for word, spelled in read.misplaced:
            right = same_case(word.text, in_style(spelled, style))
            yield Finding(
                "tone-placement",
                f"dấu thanh đặt sai chỗ: «{word.text}»; viết «{right}»",
                text.string,
                word.start,
                word.end,
            )
        for word in read.unknown:
            if word.is_capitalised and word.text.lower() in subject.names:
                continue
            near = [in_style(s, style) for s in subject.lexicon.suggestions(word.text)]
            hint = f"; bạn có định viết {', '.join(f'«{s}»' for s in near)} không?" if near else ""
            yield Finding(
                "spelling",
                f"«{word.text}» không có trong từ điển tiếng Việt{hint}",
                text.string,
                word.start,
                word.end,
                help=(
                    "tên riêng, thuật ngữ nước ngoài: thêm vào lint.ignore của kế hoạch kèm lý do"
                    if not near
                    else None
                ),
            )


@functools.lru_cache(maxsize=2)
def plan_style(subject: Subject) -> str:
    """The tone style most of the plan's syllables show («hòa» when none or tied)."""
    counts = _style_counts(subject)
    return "hoà" if counts["hoà"] > counts["hòa"] else "hòa"


@functools.lru_cache(maxsize=2)
def _style_counts(subject: Subject) -> Counter[str]:
    """How many of the plan's syllables show each tone style."""
    return Counter(style for text in subject.texts for _, style in reading(text.string.text).styles)


def check_tone_style(subject: Subject) -> Iterator[Finding]:
    """Rule ``tone-style-mixed``: the spellings of the plan's minority style."""
    counts = _style_counts(subject)
    if not counts["hòa"] or not counts["hoà"]:
        return
    major = plan_style(subject)
    for text in subject.texts:
        for word, found in reading(text.string.text).styles:
            if found == major:
                continue
            right = in_style(word.text, major)
            yield Finding(
                "tone-style-mixed",
                f"kế hoạch đặt dấu thanh kiểu «{major}» ({counts[major]} chữ) nhưng ở đây viết "
                f"kiểu «{found}» ({counts[found]} chữ): «{word.text}»; viết «{right}» "
                "cho thống nhất",
                text.string,
                word.start,
                word.end,
            )


def _variant_key(word: Word) -> str | None:
    match = _I_OR_Y.match(word.text.lower())
    if match is None:
        return None
    return match.group(1) + match.group(2).translate(_Y_TO_I)


def check_variants(subject: Subject) -> Iterator[Finding]:
    """Rule ``variant-mixed``: «tỉ» and «tỷ» (one syllable, two spellings) in one plan."""
    seen: dict[str, Counter[str]] = {}
    found: list[tuple[Text, Word, str]] = []
    for text in subject.texts:
        for word, key in reading(text.string.text).variants:
            seen.setdefault(key, Counter())[word.text.lower()] += 1
            found.append((text, word, key))
    for text, word, key in found:
        spellings = seen[key]
        if len(spellings) < 2:
            continue
        ranked = sorted(spellings.items(), key=lambda item: (-item[1], item[0]))
        major, count = ranked[0]
        if word.text.lower() == major:
            continue
        right = same_case(word.text, major)
        yield Finding(
            "variant-mixed",
            f"kế hoạch viết «{major}» {count} lần nhưng ở đây viết «{word.text}»; "
            f"chọn một cách viết (ví dụ «{right}») cho cả văn bản",
            text.string,
            word.start,
            word.end,
        )
