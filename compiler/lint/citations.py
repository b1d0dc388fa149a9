"""Citations: «Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị», checked piece by piece.

- ``citation-symbol``: the số/ký hiệu keeps its system's pattern: a state
  document «2629/QĐ-TTg», «30/2020/NĐ-CP» (number, slash, type-issuer), a
  Party document «57-NQ/TW» (number, dash, type/issuer). «57/NQ-TW» is a
  Party ký hiệu written the state's way.
- ``citation-kind``: the kind named agrees with the type in the ký hiệu
  («Quyết định số …/QĐ-…», not «Nghị quyết số …/QĐ-…»).
- ``citation-issuer``: the body after «của» agrees with the issuer in the
  ký hiệu (NQ-CP ↔ Chính phủ, QĐ-TTg ↔ Thủ tướng Chính phủ, NQ/TW ↔ Bộ
  Chính trị, Ban Chấp hành Trung ương or Ban Bí thư).
- ``date``: a date that cannot be («ngày 31 tháng 4»), or whose words are
  doubled or out of order («ngày 22 ngày 12 tháng 2024»); a date whose year
  differs from the year in the ký hiệu («30/2020/NĐ-CP ngày 05/3/2021»).
- ``citation-conflict``: one document (same number and ký hiệu) cited with
  two dates or two issuers, in the plan or between the plan and a plan
  above it in the cascade.

Only the codes in the tables below are judged: an unknown ký hiệu is never
a finding, since the tables cannot know every body of the state.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kehoach.base.text import one_line
from kehoach.cascade.inheritance import shown
from kehoach.lint.prose import Prose
from kehoach.lint.subject import Finding, Subject, Text, per_text, texts_of

KINDS = {
    "QĐ": ("Quyết định",),
    "NQ": ("Nghị quyết",),
    "NĐ": ("Nghị định",),
    "CT": ("Chỉ thị",),
    "KH": ("Kế hoạch",),
    "TT": ("Thông tư",),
    "KL": ("Kết luận",),
    "CTr": ("Chương trình",),
    "TTr": ("Tờ trình",),
    "TB": ("Thông báo",),
    "HD": ("Hướng dẫn",),
    "BC": ("Báo cáo",),
}
"""Type codes of ký hiệu (Decree 30, Phụ lục III) → the kinds they name."""

ISSUERS = {
    "CP": ("Chính phủ",),
    "TTg": ("Thủ tướng Chính phủ",),
    "TW": ("Bộ Chính trị", "Ban Chấp hành Trung ương", "Ban Bí thư", "Trung ương"),
    "QH": ("Quốc hội",),
    "UBTVQH": ("Ủy ban Thường vụ Quốc hội",),
    "UBND": ("Ủy ban nhân dân", "UBND", "Chủ tịch Ủy ban nhân dân", "Chủ tịch UBND"),
    "HĐND": ("Hội đồng nhân dân", "HĐND"),
    "BKHCN": ("Bộ Khoa học và Công nghệ",),
    "TU": (
        "Tỉnh ủy",
        "Thành ủy",
        "Ban Thường vụ Tỉnh ủy",
        "Ban Thường vụ Thành ủy",
        "Ban Chấp hành Đảng bộ",
    ),
}
"""Issuer codes → how the body is named after «của» (the start of the name)."""

PARTY = frozenset({"TW", "TU", "HU", "ĐU", "ĐUK", "BCSĐ", "ĐĐ", "QUTW", "ĐUCA"})
"""Issuer codes of Party bodies: their ký hiệu is «số-TYPE/ISSUER»."""

_KIND_WORDS = "|".join(sorted({k for kinds in KINDS.values() for k in kinds} | {"Luật"}, key=len))
_CITED = re.compile(
    rf"(?:(?P<kind>{_KIND_WORDS}|Chương trình hành động|Văn bản|Công văn)\b[^;:.()]{{0,120}}?\s)?"
    r"số\s+(?P<symbol>\d+(?:/\d{4})?(?:[-/][\w&Đđ]+)+)"
    r"(?:\s+ngày\s+(?P<date>\d{1,2}(?:/\d{1,2}/\d{4}| tháng \d{1,2} năm \d{4})))?"
    r"(?:\s+của\s+(?P<issuer>[^,;.()]+))?"
)
_KIND = re.compile(rf"\b(?:{_KIND_WORDS}|Chương trình hành động|Văn bản|Công văn)\b")
_STATE = re.compile(r"^(?P<number>\d+)(?:/(?P<year>\d{4}))?/(?P<codes>[\w&]+(?:-[\w&]+)*)$")
_PARTY_FORM = re.compile(r"^(?P<number>\d+)-(?P<type>[\w&]+)/(?P<issuer>[\w&]+)$")
_DATE = re.compile(
    r"\bngày\s+(\d{1,2})\s+(ngày|tháng|năm)\s+(\d{1,2})\s+(ngày|tháng|năm)\s+(\d{4})"
)
_SHORT_DATE = re.compile(r"\bngày\s+(\d{1,2})/(\d{1,2})/(\d{4})\b")
_LONG_DATE = re.compile(r"\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


@dataclass(frozen=True)
class Cited:
    """One citation: the document's key, what the text says of it, and where."""

    key: tuple[str, str]
    """(number, type and issuer codes sorted): the same for «57-NQ/TW» and «57/NQ-TW»."""
    symbol: str
    date: datetime.date | None
    issuer: str | None
    string: Prose
    start: int
    end: int


def _codes(symbol: str) -> tuple[str, str, list[str], str | None]:
    """(number, year or "", codes in order, the pattern's name) of a ký hiệu."""
    party = _PARTY_FORM.match(symbol)
    if party:
        return party["number"], "", [party["type"], party["issuer"]], "party"
    state = _STATE.match(symbol)
    if state:
        return state["number"], state["year"] or "", state["codes"].split("-"), "state"
    return symbol, "", [], None


def _date_of(text: str | None) -> datetime.date | None:
    if not text:
        return None
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    try:
        return datetime.date(numbers[2], numbers[1], numbers[0])
    except ValueError:
        return None


def _issuer_name(raw: str | None) -> str | None:
    if raw is None:
        return None
    cut = re.split(r"\s+(?:về|phê duyệt|ban hành|quy định|hướng dẫn|triển khai|thực hiện)\s", raw)
    return one_line(cut[0]) or None


def citations(text: Text) -> Iterator[tuple[Cited, re.Match[str]]]:
    """The citations of one printed string."""
    for m in _CITED.finditer(text.string.text):
        number, _, codes, _ = _codes(m["symbol"])
        key = (number, "-".join(sorted(codes)))
        cited = Cited(
            key,
            m["symbol"],
            _date_of(m["date"]),
            _issuer_name(m["issuer"]),
            text.string,
            m.start("symbol"),
            m.end("symbol"),
        )
        yield cited, m


@functools.lru_cache(maxsize=64)
def _ancestor_citations(source: str) -> tuple[Cited, ...]:
    """The citations of a parent plan's text, once per process (parents are shared)."""
    return tuple(cited for text in texts_of(source) for cited, _ in citations(text))


def check_citations(subject: Subject) -> Iterator[Finding]:
    """Every rule of the module docstring."""
    own: list[Cited] = []
    for text in subject.texts:
        yield from _in_string(text)
        if "số" in text.string.text:
            own.extend(cited for cited, _ in citations(text))
    yield from _conflicts(subject, own)


@per_text
def _in_string(text: Text) -> Iterator[Finding]:
    """The rules that read one string alone: its dates, each citation's ký hiệu."""
    yield from _dates(text)
    if "số" in text.string.text:
        for cited, match in citations(text):
            yield from _symbol(cited, match)


def _nearest_kind(m: re.Match[str]) -> tuple[str | None, int]:
    """The kind named last before «số» (in «Chương trình … thực hiện Nghị quyết số 57-NQ/TW»,
    «Nghị quyết»), and where it starts."""
    if m["kind"] is None:
        return None, 0
    before = m.string[m.start("kind") : m.start("symbol")]
    last = list(_KIND.finditer(before))[-1]
    return last.group(), m.start("kind") + last.start()


def _symbol(cited: Cited, m: re.Match[str]) -> Iterator[Finding]:
    number, year, codes, form = _codes(cited.symbol)
    if form == "state" and len(codes) == 2 and codes[1] in PARTY:
        right = f"{number}-{codes[0]}/{codes[1]}"
        yield Finding(
            "citation-symbol",
            f"ký hiệu văn bản của Đảng viết «số-loại/cơ quan»: «{cited.symbol}» → «{right}»",
            cited.string,
            cited.start,
            cited.end,
        )
    elif form == "party" and codes[1] in ISSUERS and codes[1] not in PARTY:
        right = f"{number}/{codes[0]}-{codes[1]}"
        yield Finding(
            "citation-symbol",
            f"ký hiệu văn bản của cơ quan nhà nước viết «số/loại-cơ quan»: «{cited.symbol}» "
            f"→ «{right}»",
            cited.string,
            cited.start,
            cited.end,
        )
    kind, kind_start = _nearest_kind(m)
    if kind and codes and codes[0] in KINDS and kind not in ("Văn bản", "Công văn"):
        named = KINDS[codes[0]]
        if not any(kind.startswith(k) for k in named):
            yield Finding(
                "citation-kind",
                f"«{kind}» nhưng ký hiệu «{cited.symbol}» là của {named[0].lower()} ({codes[0]})",
                cited.string,
                kind_start,
                kind_start + len(kind),
            )
    issuer_code = codes[-1] if codes else None
    if cited.issuer and issuer_code in ISSUERS:
        names = ISSUERS[issuer_code]
        if not any(cited.issuer.startswith(n) for n in names):
            yield Finding(
                "citation-issuer",
                f"ký hiệu «{cited.symbol}» là văn bản của {' hoặc '.join(names[:2])} "
                f"nhưng cơ quan ban hành ghi «{cited.issuer}»",
                cited.string,
                m.start("issuer"),
                m.start("issuer") + len(cited.issuer),
            )
    if year and cited.date and int(year) != cited.date.year:
        yield Finding(
            "date",
            f"năm trong số ký hiệu «{cited.symbol}» là {year} nhưng văn bản ghi ngày "
            f"{cited.date.day}/{cited.date.month}/{cited.date.year}",
            cited.string,
            m.start("date"),
            m.end("date"),
        )


def _dates(text: Text) -> Iterator[Finding]:
    source = text.string.text
    for m in _DATE.finditer(source):
        if (m[2], m[4]) == ("tháng", "năm"):
            continue
        right = f"ngày {m[1]} tháng {m[3]} năm {m[5]}"
        yield Finding(
            "date",
            f"ngày tháng viết sai: «{m.group()}»; viết «{right}»",
            text.string,
            m.start(),
            m.end(),
        )
    for pattern in (_SHORT_DATE, _LONG_DATE):
        for m in pattern.finditer(source):
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            try:
                datetime.date(year, month, day)
            except ValueError:
                yield Finding(
                    "date",
                    f"ngày không có thật: «{m.group()}»",
                    text.string,
                    m.start(),
                    m.end(),
                )


def _conflicts(subject: Subject, own: list[Cited]) -> Iterator[Finding]:
    earlier: dict[tuple[str, str], list[tuple[Cited, str]]] = {}
    for ancestor in subject.ancestors:
        for cited in _ancestor_citations(ancestor.source):
            earlier.setdefault(cited.key, []).append((cited, shown(subject.root, ancestor)))
    seen: dict[tuple[str, str], list[tuple[Cited, str]]] = {}
    for cited in own:
        if not cited.key[1]:
            continue
        others = [*seen.get(cited.key, []), *earlier.get(cited.key, [])]
        for other, where in others:
            what = _disagreement(cited, other)
            if what is None:
                continue
            line, column = other.string.position(other.start)
            place = "trong kế hoạch này" if where == "" else f"ở kế hoạch cấp trên {where}"
            yield Finding(
                "citation-conflict",
                f"văn bản «{cited.symbol}» được trích với {what} {place} "
                f"(dòng {line}, cột {column})",
                cited.string,
                cited.start,
                cited.end,
            )
            break
        seen.setdefault(cited.key, []).append((cited, ""))


_SPELT_OUT = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "TP": "thành phố"}


def _same_body(a: str, b: str) -> bool:
    """Whether two namings of an issuer are one body: abbreviations spelt out, case ignored,
    and one may be the start of the other («Ủy ban nhân dân thành phố [Cần Thơ]»)."""
    a, b = (" ".join(_SPELT_OUT.get(w, w) for w in name.split()).lower() for name in (a, b))
    return a.startswith(b) or b.startswith(a)


def _disagreement(a: Cited, b: Cited) -> str | None:
    if a.date and b.date and a.date != b.date:
        return f"ngày {a.date:%d/%m/%Y} nhưng ngày {b.date:%d/%m/%Y}"
    if a.issuer and b.issuer and a.issuer != b.issuer:
        if _same_body(a.issuer, b.issuer):
            return None
        return f"cơ quan «{a.issuer}» nhưng «{b.issuer}»"
    return None
