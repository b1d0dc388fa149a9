"""Abbreviations: defined once, in brackets, at first use; never used undefined.

Decree 30 (Phụ lục I) has an abbreviation written out at its first use,
followed by the abbreviation in brackets: «Ủy ban nhân dân (UBND)». The
rules:

- ``abbreviation-undefined``: an abbreviation the plan never defines (in
  the «Lưu:» line, only one a letter away from a known one), that
  is neither the issuer's own (``document.issuer.abbr``) nor one every
  reader knows (``abbreviations.txt``, the dictionary's acronyms); one
  finding per abbreviation, at its first use, with the nearest known or
  defined abbreviation as suggestion («BCD» → «BCĐ»);
- ``abbreviation-late``: an abbreviation used before the place that writes
  it out (in the order of the file, which is the order of printing but for
  the records of targets and tasks, printed where the body lists them);
- ``abbreviation-redefined``: a second definition of the same abbreviation
  in the body, or in the appendices (which may define again what the body
  did: a table is read on its own).

What is not an abbreviation: the parts of a ký hiệu («QĐ-TTg», «57-NQ/TW»),
roman numerals, words of a string written all in capitals (a heading).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kehoach.lint.subject import Finding, Subject, Text
from kehoach.lint.syllables import edit_distance
from kehoach.lint.tokens import shouting
from kehoach.schema.models import Point

_ABBREVIATION = re.compile(r"(?<![\w&.])([A-ZĐ][A-Za-zĐđ0-9&]*[A-ZĐ0-9])(?![\w&])")
_DEFINED = re.compile(
    r"\((?:sau đây (?:gọi|viết)(?: tắt)? là |gọi tắt là |viết tắt là |[^\W\d]+(?: [^\W\d]+)? )?"
    r"([A-ZĐ][A-Za-zĐđ0-9&]*[A-ZĐ0-9])\)"
)
_SYMBOL = re.compile(
    r"(?:\d+|[.…]+)(?:/\d{4})?/[\w&]+(?:-[\w&]+)*|/[\w&]+(?:-[\w&]+)+|\d+-[\w&]+/[\w&]+"
    r"|(?<![\w/])[A-ZĐ][\w&]*(?:-[A-ZĐ][\w&]*)+"
)
_ROMAN = re.compile(r"[IVXLC]+")
_KEPT_BY = re.compile(r"\s*(?:-\s*)?Lưu\s*:")
"""The «Lưu: VT, NC» line of Nơi nhận: Decree 30 has the drafting unit named there by its
own abbreviation, which no document defines; only one a letter away from a known one (a
typo: «VHXX» for «VHXH») is reported."""


APPENDIX_FIELDS = frozenset(
    {
        "indicator",
        "appendix_text",
        "appendix_title",
        "category",
        "lead",
        "partners",
        "result",
        "deadline",
        "note",
        "monitor",
        "outputs",
        "appendices",
    }
)
"""Fields printed only in the appendices: a document defines its abbreviations once in the
body and may define them again in an appendix, which is read as a table of its own."""


def in_appendix(subject: Subject, path: tuple[object, ...]) -> bool:
    """Whether the string at ``path`` is printed in an appendix rather than in the body.

    A task's ``text`` is the appendix's when the task is not printed in the
    body (``in_body: false``).
    """
    if any(key in APPENDIX_FIELDS for key in path):
        return True
    if path[:1] == ("tasks",) and len(path) > 1 and isinstance(path[1], int):
        return not (subject.loaded.plan.tasks[path[1]].in_body and _body_lists_tasks(subject))
    return False


def _body_lists_tasks(subject: Subject) -> bool:
    """Whether a section of the body prints the tasks (``tasks:``, or a point's
    ``tasks:``); if none does, the tasks are printed in the appendices only."""
    sections = list(subject.loaded.plan.body)
    while sections:
        section = sections.pop()
        if section.tasks is not None:
            return True
        if any(isinstance(p, Point) and p.tasks is not None for p in section.points):
            return True
        sections.extend(section.sections)
    return False


def _is_abbreviation(token: str) -> bool:
    capitals = sum(1 for ch in token if ch.isupper())
    return capitals >= 2 and not _ROMAN.fullmatch(token)


def _definitions(text: Text) -> Iterator[tuple[str, int, int]]:
    for m in _DEFINED.finditer(text.string.text):
        if _is_abbreviation(m[1]):
            yield m[1], m.start(1), m.end(1)


def _uses(text: Text) -> tuple[tuple[str, int, int], ...]:
    return _uses_in(text.string.text)


@functools.lru_cache(maxsize=65536)
def _uses_in(source: str) -> tuple[tuple[str, int, int], ...]:
    """(abbreviation, start, end) of each abbreviation ``source`` uses, once per distinct text."""
    if shouting(source):
        return ()
    symbols = [m.span() for m in _SYMBOL.finditer(source)]
    return tuple(
        (m[1], m.start(1), m.end(1))
        for m in _ABBREVIATION.finditer(source)
        if _is_abbreviation(m[1]) and not any(a <= m.start() < b for a, b in symbols)
    )


def check_abbreviations(subject: Subject) -> Iterator[Finding]:
    """Rules ``abbreviation-undefined``, ``abbreviation-late``, ``abbreviation-redefined``."""
    document = subject.loaded.plan.document
    own = {a.abbr for a in (document.issuer, document.parent_body) if a is not None and a.abbr}
    defined: dict[tuple[str, bool], tuple[Text, int]] = {}
    order: dict[tuple[str, bool], tuple[int, int]] = {}
    for index, text in enumerate(subject.texts):
        part = in_appendix(subject, text.string.path)
        for abbr, start, end in _definitions(text):
            if (abbr, part) in defined:
                first, _ = defined[(abbr, part)]
                line, _ = first.string.position(0)
                yield Finding(
                    "abbreviation-redefined",
                    f"«{abbr}» đã được định nghĩa (dòng {line}); chữ viết tắt chỉ giải thích "
                    "một lần, ở lần dùng đầu",
                    text.string,
                    start,
                    end,
                )
                continue
            defined[(abbr, part)] = (text, start)
            order[(abbr, part)] = (index, start)
    names = {abbr for abbr, _ in defined}
    known = set(subject.reviewed.abbreviations) | set(subject.lexicon.acronyms) | own
    reported: set[str] = set()
    for index, text in enumerate(subject.texts):
        part = in_appendix(subject, text.string.path)
        for abbr, start, end in _uses(text):
            if abbr in known or abbr in reported:
                continue
            if abbr in names:
                definition = order.get((abbr, part))
                if definition is not None and (index, start) < definition:
                    reported.add(abbr)
                    line, _ = defined[(abbr, part)][0].string.position(definition[1])
                    yield Finding(
                        "abbreviation-late",
                        f"«{abbr}» được dùng trước khi viết đầy đủ (dòng {line}); giải thích "
                        "chữ viết tắt ở lần dùng đầu",
                        text.string,
                        start,
                        end,
                    )
                continue
            near = _nearest(abbr, [*names, *subject.reviewed.abbreviations])
            if near is None and _KEPT_BY.match(text.string.text):
                continue  # a drafting unit's own code, as «Lưu» lines have them
            reported.add(abbr)
            hint = ""
            if near is not None:
                meaning = subject.reviewed.abbreviations.get(near)
                hint = f"; bạn có định viết «{near}»{f' ({meaning})' if meaning else ''} không?"
            yield Finding(
                "abbreviation-undefined",
                f"chữ viết tắt «{abbr}» chưa được định nghĩa{hint}",
                text.string,
                start,
                end,
                help=(
                    None
                    if near
                    else f"viết đầy đủ ở lần dùng đầu, kèm chữ viết tắt trong ngoặc: «… ({abbr})»"
                ),
            )


def _nearest(abbr: str, candidates: list[str]) -> str | None:
    ranked = sorted(
        (edit_distance(abbr, c, 1), c) for c in candidates if c != abbr and len(c) == len(abbr)
    )
    return ranked[0][1] if ranked and ranked[0][0] <= 1 else None
