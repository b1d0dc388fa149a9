"""Which child categories a parent's "lead" or "partners" cell addresses.

A city plan assigns a task to "Sở, ban, ngành; UBND xã, phường": every ward
extending it must then carry a task implementing it. Bodies are written as
the documents print them, so matching is by the generic phrases that name a
whole category ("sở, ban, ngành", "xã", "phường"), as whole words, ignoring
case. A named body ("Sở Khoa học và Công nghệ", "Công an tỉnh") addresses
no category: it is one office, not a class of children.

Some phrases depend on the level of the parent ("địa phương" means provinces
in a national programme and communes in a provincial plan): the parent adds
them in ``children.addressed``; the defaults here hold only phrases whose
meaning does not change with the level.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

from kehoach.schema.models import Category

_DEPARTMENTS = ("sở, ban, ngành", "sở, ngành", "các sở")

DEFAULT_PHRASES: dict[str, tuple[str, ...]] = {
    "bo": ("bộ, ngành", "các bộ", "bộ, cơ quan ngang bộ"),
    "tinh": ("tỉnh, thành phố", "ubnd các tỉnh", "ủy ban nhân dân các tỉnh"),
    "so": _DEPARTMENTS,
    "van-phong": (*_DEPARTMENTS, "văn phòng ubnd", "vp ubnd", "văn phòng ủy ban nhân dân"),
    "xa": ("xã",),
    "phuong": ("phường",),
    "dac-khu": ("đặc khu",),
}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


@lru_cache(maxsize=256)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(_fold(p)) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def phrases_for(
    category: Category, extra: Mapping[Category, list[str]] | None = None
) -> tuple[str, ...]:
    """The default phrases of ``category`` plus those the parent adds."""
    added = tuple((extra or {}).get(category, ()))
    return DEFAULT_PHRASES.get(category, ()) + added


def addresses(bodies: Iterable[str], phrases: tuple[str, ...]) -> str | None:
    """The first body naming one of ``phrases`` (the text to quote), or None."""
    if not phrases:
        return None
    for body in bodies:
        if _names(body, phrases):
            return body
    return None


@lru_cache(maxsize=16384)
def _names(body: str, phrases: tuple[str, ...]) -> bool:
    """Whether ``body`` names one of ``phrases``; remembered, because every child of a parent
    asks it again of the same lead and partner bodies of the same parent tasks."""
    return _pattern(phrases).search(_fold(body)) is not None
