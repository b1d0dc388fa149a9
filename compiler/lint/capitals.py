"""Capitals by Decree 30, Phụ lục II: units, agencies, «Nhân dân», titles, cross-references.

The rules are written to be sure before they speak (a clerk who meets false
alarms stops reading the report), so each looks for a shape Phụ lục II
settles beyond doubt:

- ``capital-admin-unit`` (mục III.1.a): the common noun of an administrative
  unit is written small before its name and inside an agency's name:
  «tỉnh Đồng Tháp», «thành phố Cần Thơ», «Văn phòng UBND tỉnh». «Tỉnh» or
  «Thành phố» in capitals there is reported, except at the start of a
  sentence, before a number («Phường 1», mục III.1.b) and in «Thành phố Hồ
  Chí Minh» (mục III.1.c). Wards and communes may be named after a person or
  an event («Phường Điện Biên Phủ», mục III.1.b), so they are not judged
  before a name.
- ``capital-agency`` (mục IV.1.a): the words of an agency's type and field
  take capitals: «Ủy ban nhân dân», «Sở Tài chính», «Bộ Khoa học và Công
  nghệ»; «ủy ban nhân dân» or «Sở tài chính», «Khoa học và công nghệ» after
  «Sở»/«Bộ» are reported, and so is «Ủy ban Nhân dân».
- ``capital-special`` (mục V.1): «Nhân dân» standing alone is capitalised
  («phục vụ Nhân dân»); inside the names «Ủy ban nhân dân», «Hội đồng nhân
  dân», «Công an nhân dân»… it is not. «Nhà nước» is not judged: «cơ quan
  nhà nước», «quản lý nhà nước» are written small in practice and the
  Decree gives no rule to tell them from the special noun.
- ``capital-title`` (mục V.3): a title followed by the body it heads is
  capitalised: «Thủ tướng Chính phủ», «Chủ tịch Ủy ban nhân dân tỉnh».
- ``capital-reference`` (mục V.7): in a cross-reference «Điều» is
  capitalised, «khoản» and «điểm» are not: «điểm a khoản 2 Điều 103».
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kehoach.lint.subject import Finding, Subject, Text, per_text
from kehoach.lint.tokens import shouting

AGENCY_FIELDS = (
    "Tài chính",
    "Nội vụ",
    "Tư pháp",
    "Y tế",
    "Công Thương",
    "Xây dựng",
    "Ngoại vụ",
    "Ngoại giao",
    "Quốc phòng",
    "Công an",
    "Giáo dục và Đào tạo",
    "Khoa học và Công nghệ",
    "Nông nghiệp và Môi trường",
    "Nông nghiệp và Phát triển nông thôn",
    "Tài nguyên và Môi trường",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hóa và Thể thao",
    "Thông tin và Truyền thông",
    "Kế hoạch và Đầu tư",
    "Lao động - Thương binh và Xã hội",
    "Giao thông vận tải",
    "Dân tộc và Tôn giáo",
)
"""Fields of ministries and departments as their names are written (Decree 30, mục IV.1.a)."""

_FIELD = re.compile(
    r"\b(Sở|Bộ) (" + "|".join(re.escape(f) for f in AGENCY_FIELDS) + r")\b", re.IGNORECASE
)
_UNIT_IN_NAME = re.compile(
    r"\b(?:UBND|HĐND|Ủy ban nhân dân|Hội đồng nhân dân|Công an|Văn phòng) "
    r"(Tỉnh|Thành phố|Huyện)\b(?! ủy)"
)
_UNIT_BEFORE_NAME = re.compile(r"\b(Tỉnh|Thành phố) (?!ủy)(?=[^\W\d_])")
_LOWER_AGENCY = re.compile(r"(?<![\w/])(ủy ban nhân dân|uỷ ban nhân dân|hội đồng nhân dân)\b")
_CAPITAL_NHAN_DAN = re.compile(
    r"\b(Ủy ban|Uỷ ban|Hội đồng|Công an|Quân đội|Tòa án|Viện kiểm sát) Nhân dân\b"
)
_NHAN_DAN = re.compile(r"\bnhân dân\b")
_NAMED_BEFORE_NHAN_DAN = re.compile(
    r"(?:ủy ban|uỷ ban|hội đồng|công an|quân đội|tòa án|toà án|viện kiểm sát|mặt trận|"
    r"lực lượng vũ trang)\s*$",
    re.IGNORECASE,
)
_TITLE = re.compile(
    r"\b(thủ tướng|phó thủ tướng|chủ tịch|phó chủ tịch|bộ trưởng|thứ trưởng|giám đốc|"
    r"phó giám đốc|chánh văn phòng) (?=Chính phủ|Ủy ban|UBND|Hội đồng|HĐND|Quốc hội|Sở|Bộ|"
    r"Văn phòng)"
)
_CLAUSE = re.compile(r"(?<=\S )(Khoản \d+|Điểm [a-zđ]\b)")
_ARTICLE = re.compile(r"(?:^|(?<=\s))(điều \d+)")
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:\n]\s*|[\"“(]\s*)$")


def check_capitals(subject: Subject) -> Iterator[Finding]:
    """Every rule of the module docstring, on each string not written in capitals."""
    for text in subject.texts:
        yield from _capitals(text)


@per_text
def _capitals(text: Text) -> Iterator[Finding]:
    if shouting(text.string.text):
        return
    yield from _units(text)
    yield from _agencies(text)
    yield from _references(text)


def _opens_sentence(source: str, index: int) -> bool:
    return bool(_SENTENCE_BEFORE.search(source[:index]))


def _small(word: str) -> str:
    return word[:1].lower() + word[1:]


def _units(text: Text) -> Iterator[Finding]:
    source = text.string.text
    seen: set[int] = set()
    for pattern in (_UNIT_IN_NAME, _UNIT_BEFORE_NAME):
        for m in pattern.finditer(source):
            start = m.start(1)
            if start in seen or _opens_sentence(source, start):
                continue
            rest = source[m.end(1) :]
            if pattern is _UNIT_BEFORE_NAME and not rest[1:2].isupper():
                continue  # «Thành phố» standing for the city: not before a name
            if m.group(1) == "Thành phố" and rest.startswith(" Hồ Chí Minh"):
                continue
            seen.add(start)
            yield Finding(
                "capital-admin-unit",
                f"tên đơn vị hành chính: «{m.group(1)}» viết thường khi đứng trước tên riêng "
                f"hoặc trong tên cơ quan (Nghị định 30, Phụ lục II, mục III.1.a); viết "
                f"«{_small(m.group(1))}»",
                text.string,
                start,
                m.end(1),
            )


def _agencies(text: Text) -> Iterator[Finding]:
    source = text.string.text
    for m in _FIELD.finditer(source):
        head, field = m.group(1), m.group(2)
        right = next(f for f in AGENCY_FIELDS if f.lower() == field.lower())
        if head[0].islower() or field == right:
            continue
        yield Finding(
            "capital-agency",
            f"tên cơ quan viết hoa chữ đầu của lĩnh vực: «{m.group()}» → «{head} {right}» "
            "(Nghị định 30, Phụ lục II, mục IV.1.a)",
            text.string,
            m.start(2),
            m.end(2),
        )
    for m in _LOWER_AGENCY.finditer(source):
        right = m.group(1)[:1].upper() + m.group(1)[1:]
        yield Finding(
            "capital-agency",
            f"tên cơ quan viết hoa chữ đầu: «{m.group(1)}» → «{right}» "
            "(Nghị định 30, Phụ lục II, mục IV.1.a)",
            text.string,
            m.start(1),
            m.end(1),
        )
    for m in _CAPITAL_NHAN_DAN.finditer(source):
        yield Finding(
            "capital-agency",
            f"«{m.group()}»: «nhân dân» trong tên cơ quan viết thường («{m.group(1)} nhân dân»)",
            text.string,
            m.end(1) + 1,
            m.end(),
        )
    for m in _NHAN_DAN.finditer(source):
        if _NAMED_BEFORE_NHAN_DAN.search(source[: m.start()]):
            continue
        yield Finding(
            "capital-special",
            "«Nhân dân» đứng riêng được viết hoa (Nghị định 30, Phụ lục II, mục V.1)",
            text.string,
            m.start(),
            m.end(),
        )
    for m in _TITLE.finditer(source):
        if _opens_sentence(source, m.start()):
            continue
        title = m.group(1)
        yield Finding(
            "capital-title",
            f"chức vụ đi liền cơ quan cụ thể được viết hoa: «{title}» → "
            f"«{title[:1].upper() + title[1:]}» (Nghị định 30, Phụ lục II, mục V.3)",
            text.string,
            m.start(1),
            m.end(1),
        )


def _references(text: Text) -> Iterator[Finding]:
    source = text.string.text
    for m in _CLAUSE.finditer(source):
        if _opens_sentence(source, m.start()):
            continue
        word = m.group(1).split()[0]
        yield Finding(
            "capital-reference",
            f"viện dẫn: «{word}» viết thường, chỉ «Điều» viết hoa (Nghị định 30, Phụ lục II, "
            f"mục V.7); viết «{word.lower()}»",
            text.string,
            m.start(1),
            m.start(1) + len(word),
        )
    for m in _ARTICLE.finditer(source):
        if _opens_sentence(source, m.start()):
            continue
        yield Finding(
            "capital-reference",
            "viện dẫn: «Điều» viết hoa (Nghị định 30, Phụ lục II, mục V.7)",
            text.string,
            m.start(1),
            m.start(1) + 4,
        )
