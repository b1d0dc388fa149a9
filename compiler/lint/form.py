"""Form: spaces, punctuation, brackets and quotes, lists, the Tiêu ngữ.

Rules (each on one printed string unless said otherwise):

- ``double-space``: two or three spaces between words (line breaks of the
  YAML file are not spaces of the text: a folded scalar joins its lines
  with one); a longer run is a blank left on purpose («Kế hoạch số
  /KH-UBND» of a draft awaiting its number);
- ``space-before-punctuation``: «môi trường số ;» (an ellipsis «...» after
  a space is the usual way to elide and is left alone);
- ``space-inside-brackets``: «“ cá thể hóa”», «( UBND)»;
- ``unbalanced``: a bracket or quotation mark opened and not closed, or
  closed and not opened (the «a)», «(i)», «2)» of an enumeration are not
  brackets);
- ``unfinished-sentence``: a paragraph ending with a comma;
- ``sentence-capital``: a sentence that starts with a small letter after a
  full stop («số. yêu cầu»: Decree 30, Phụ lục II, mục I);
- ``enumeration-case``: «(i)», «(ii)», «(iii)» then «(IV)» in one paragraph;
- ``list-punctuation``: the items of one list end with «;» except one that
  ends otherwise (the last item, which may close with «.», is not judged);
- ``tieu-ngu``: «Độc lập - Tự do - Hạnh phúc» written with another dash or
  without the spaces Decree 30 asks for.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator

from kehoach.lint.subject import Finding, Subject, Text, per_text
from kehoach.lint.tokens import printed

_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,3}(?=\S)")
_SPACE_BEFORE = re.compile(r"(?<=\S)( +)([,;:!?]|\.(?!\.)(?=\s|$))")
_SPACE_AFTER_OPENING = re.compile(r"([(\[“‘]) +(?=\S)")
_SPACE_BEFORE_CLOSING = re.compile(r"(?<=\S)( +)([)\]”’])")
_ENUMERATOR = re.compile(r"(?:^|[\s;:,])(?:[a-zđ]|\d{1,2}|[ivxlIVXL]{1,5})$")
_ROMAN_ITEM = re.compile(r"\(([ivxl]{1,5}|[IVXL]{1,5})\)")
_SENTENCE_START = re.compile(r"(?<=[^.…\s][.!?]) +(?=[a-zđăâêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ])")
_ABBREVIATED = re.compile(r"(?:\b(?:v\.v|TP|Tp|TM|KT|TL|TUQ|ThS|TS|PGS|GS|Q|tr|St|đ)|\d)$")
_TIEU_NGU = re.compile(r"Độc lập\s*[-–—]\s*Tự do\s*[-–—]\s*Hạnh phúc")
_PAIRS = {"(": ")", "[": "]", "“": "”"}
_END_MARK = re.compile(r"([.;:,!?]|\./\.)?\s*$")


def check_form(subject: Subject) -> Iterator[Finding]:
    """Every rule of the module docstring."""
    for text in subject.texts:
        yield from _one_string(text)
    yield from _lists(subject)


@per_text
def _one_string(text: Text) -> Iterator[Finding]:
    yield from _spacing(text)
    yield from _balance(text)
    yield from _sentences(text)
    yield from _enumeration(text)


def _found(text: Text, where: list[int], code: str, message: str, start: int, end: int) -> Finding:
    """A finding on characters ``start``..``end`` of the printed text, placed in the source."""
    return Finding(code, message, text.string, where[start], where[max(start, end - 1)] + 1)


_SPACING: tuple[tuple[re.Pattern[str], str, Callable[[re.Match[str]], str]], ...] = (
    (_DOUBLE_SPACE, "double-space", lambda m: "hai dấu cách liền nhau; chỉ để một dấu cách"),
    (
        _SPACE_BEFORE,
        "space-before-punctuation",
        lambda m: f"dấu cách trước dấu «{m.group(2)}»; viết dấu câu liền sau chữ",
    ),
    (
        _SPACE_AFTER_OPENING,
        "space-inside-brackets",
        lambda m: f"dấu cách sau «{m.group(1)}»; viết chữ liền sau dấu mở",
    ),
    (
        _SPACE_BEFORE_CLOSING,
        "space-inside-brackets",
        lambda m: f"dấu cách trước «{m.group(2)}»; viết dấu đóng liền sau chữ",
    ),
    (
        _TIEU_NGU,
        "tieu-ngu",
        lambda m: (
            "Tiêu ngữ viết «Độc lập - Tự do - Hạnh phúc»: gạch nối (-), có cách chữ "
            "(Nghị định 30, Phụ lục I)"
        ),
    ),
)
"""The spacing rules: what each looks for, its code, its message."""


def _spacing(text: Text) -> Iterator[Finding]:
    plain, where = printed(text.string.text)
    for line_start, line in _lines(plain):
        for pattern, code, message in _SPACING:
            for m in pattern.finditer(line):
                if code == "tieu-ngu" and m.group() == "Độc lập - Tự do - Hạnh phúc":
                    continue
                start, end = line_start + m.start(), line_start + m.end()
                yield _found(text, where, code, message(m), start, end)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _balance(text: Text) -> Iterator[Finding]:
    """Brackets and curly quotes by a stack; «a)», «2)», «iv)» closing nothing are enumerators."""
    plain, where = printed(text.string.text)
    stack: list[tuple[str, int]] = []
    closers = {v: k for k, v in _PAIRS.items()}
    for i, ch in enumerate(plain):
        if ch in _PAIRS:
            stack.append((ch, i))
        elif ch in closers:
            if stack and stack[-1][0] == closers[ch]:
                stack.pop()
            elif not (ch == ")" and _ENUMERATOR.search(plain[:i])):
                message = f"dấu «{ch}» không có dấu «{closers[ch]}» mở trước"
                yield _found(text, where, "unbalanced", message, i, i + 1)
                return
    if stack:
        opened, i = stack[0]
        message = f"dấu «{opened}» mở mà không đóng (thiếu «{_PAIRS[opened]}»)"
        yield _found(text, where, "unbalanced", message, i, i + 1)
        return
    straight = [i for i, ch in enumerate(plain) if ch == '"']
    if len(straight) % 2:
        message = 'số dấu ngoặc kép «"» lẻ: thiếu một dấu'
        yield _found(text, where, "unbalanced", message, straight[-1], straight[-1] + 1)


def _sentences(text: Text) -> Iterator[Finding]:
    plain, where = printed(text.string.text)
    body = plain.rstrip()
    if body.endswith(","):
        message = "đoạn văn kết thúc bằng dấu phẩy: câu chưa trọn"
        yield _found(text, where, "unfinished-sentence", message, len(body) - 1, len(body))
    for m in _SENTENCE_START.finditer(body):
        if _ABBREVIATED.search(body[: m.start() - 1]):
            continue
        word_end = m.end()
        while word_end < len(body) and body[word_end].isalpha():
            word_end += 1
        word = body[m.end() : word_end]
        message = (
            f"đầu câu viết hoa: «{word}» đứng sau dấu «{body[m.start() - 1]}» "
            f"(Nghị định 30, Phụ lục II, mục I); viết «{word[:1].upper() + word[1:]}»"
        )
        yield _found(text, where, "sentence-capital", message, m.end(), word_end)


def _enumeration(text: Text) -> Iterator[Finding]:
    items = list(_ROMAN_ITEM.finditer(text.string.text))
    if len(items) < 3:
        return
    cases = Counter(m.group(1).islower() for m in items)
    if len(cases) < 2:
        return
    lower = cases[True] >= cases[False]
    for m in items:
        if m.group(1).islower() != lower:
            right = m.group(1).lower() if lower else m.group(1).upper()
            yield Finding(
                "enumeration-case",
                f"các ý được đánh số «({'i' if lower else 'I'})», «({'ii' if lower else 'II'})»… "
                f"nhưng ở đây viết «{m.group()}»; viết «({right})»",
                text.string,
                m.start(),
                m.end(),
            )


def _ending(text: Text) -> str:
    """The punctuation a printed string ends with ("" for none)."""
    found = _END_MARK.search(printed(text.string.text)[0])
    return (found.group(1) or "") if found else ""


def _lists(subject: Subject) -> Iterator[Finding]:
    """Items of one YAML list of strings, judged by the ending most of them share."""
    lists: dict[tuple[object, ...], list[Text]] = {}
    for text in subject.texts:
        path = text.string.path
        if path and isinstance(path[-1], int):
            lists.setdefault(path[:-1], []).append(text)
    for items in lists.values():
        if len(items) < 4:
            continue
        ends = [_ending(t) for t in items]
        judged = ends[:-1]
        counts = Counter(judged)
        mark, count = counts.most_common(1)[0]
        if mark != ";" or count < 3 or count == len(judged):
            continue
        for text, end in zip(items[:-1], judged, strict=True):
            if end != mark:
                plain, where = printed(text.string.text)
                body = plain.rstrip()
                at = max(len(body) - max(len(end), 1), 0)
                shown = f"«{end}»" if end else "không có dấu"
                message = (
                    f"các ý của danh sách này kết thúc bằng «;» ({count} ý) nhưng ý này {shown}"
                )
                yield _found(text, where, "list-punctuation", message, at, len(body))
