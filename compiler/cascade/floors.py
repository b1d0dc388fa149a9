"""Numbers in target values and spans of phases: the arithmetic of inheritance.

Target values are written as the documents print them ("100%", "Trên 90%",
"tối thiểu 10%", "Duy trì 100%", "Đạt cấp độ 3", "Đạt cấp độ 4, 5", "01",
"nhóm tốt", "-"). Comparing a child's value with its parent's needs the
level each one commits to: the first number written. "Đạt cấp độ 4, 5" and
"cấp độ 4 và cấp độ 5" commit to level 4 at least; "90%-100%" to 90. A value
without a number ("nhóm tốt", "-") commits to nothing measurable and is never
compared: guessing would turn wording into false errors.

Phases ("2026-2027", "2028 - 2030", "2026") are closed year spans; a child's
phase fits a parent's when it lies inside it, and it is measured against every
parent phase it overlaps.
"""

from __future__ import annotations

import functools
import re

from kehoach.schema.models import PHASE_PATTERN, phase_years

_NUMBER = re.compile(r"(?<![\w,.])(\d+(?:,\d+)?(?:\.\d+)?)")
# What the schema accepts as a phase is a phase here: one pattern, so that a
# phase the schema refuses can never be measured, nor one it accepts ignored.
_PHASE = re.compile(PHASE_PATTERN)

Span = tuple[int, int]

# The functions reading strings are memoised: a cascade repeats the same few
# hundred values and phases in thousands of plans, and checking a national
# cascade asks for each of them again for every plan.


@functools.lru_cache(maxsize=4096)
def level(value: str) -> float | None:
    """The first number of ``value`` ("Trên 90%" → 90.0, "99,5%" → 99.5), or None."""
    match = _NUMBER.search(value)
    if match is None:
        return None
    return float(match.group(1).replace(",", "."))


@functools.lru_cache(maxsize=4096)
def is_percentage(value: str) -> bool:
    """Whether the level of ``value`` is a percentage ("Trên 90%", not "cấp độ 4 và 90% …")."""
    match = _NUMBER.search(value)
    return match is not None and value[match.end() :].lstrip().startswith("%")


@functools.lru_cache(maxsize=4096)
def span(phase: str | None) -> Span | None:
    """(first year, last year) of a phase or period string, or None if it is not one
    (a plan without a period has none: nothing is checked against it)."""
    if phase is None or _PHASE.fullmatch(phase) is None:
        return None
    return phase_years(phase)  # never reversed: the schema refuses «2030-2026»


def within(inner: Span, outer: Span) -> bool:
    """``inner`` lies entirely inside ``outer``."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def overlaps(a: Span, b: Span) -> bool:
    """The two spans share at least one year."""
    return a[0] <= b[1] and b[0] <= a[1]


def show(number: float) -> str:
    """A level as a person writes it: 95.0 → "95", 99.5 → "99,5"."""
    text = f"{number:g}"
    return text.replace(".", ",")


def with_unit(number: float, unit: str | None) -> str:
    """A level and its unit as printed: "95%", "4 ngày", "3"."""
    if not unit:
        return show(number)
    return f"{show(number)}{unit}" if unit == "%" else f"{show(number)} {unit}"
