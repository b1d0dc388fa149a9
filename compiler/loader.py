"""Load a plan file: bytes → checked text → plain data with positions → ``Plan``.

Every defect a person can type is reported as a :class:`PlanError` whose
diagnostics carry a line and column, in Vietnamese; nothing else escapes for
bad input. The stages, and why each one exists:

1. bytes: a size limit before anything is parsed (a plan is a few dozen KB;
   a huge file is a mistake or an attack), then strict UTF-8 (a BOM, as
   Windows Notepad writes, is dropped).
2. text: characters that XML cannot hold make text vanish from the .docx
   (TECH-NOTES), and decomposed diacritics (``e`` + U+0302 instead of ``ê``)
   break searching, sorting and diffing; both are refused with a position.
3. YAML: the C parser (libyaml through ``ruamel.yaml.clib``) streams events;
   the tree is built here from those events rather than by a loader, because
   only the events still say whether a node had an anchor, an alias or an
   explicit tag (plans need none of them, and aliases allow expansion bombs),
   and because building it here records each key path's line and column at no
   extra cost. The round-trip loader would give positions too, at ten times
   the time per file (TECH-NOTES), which matters for thousands of plans.
4. schema: ``Plan.model_validate`` on the plain data; each Pydantic error is
   walked down the positions map and translated (:mod:`kehoach.messages`).
"""

from __future__ import annotations

import errno
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import ScalarNode

from kehoach.diagnostics import Diagnostic, PlanError, position_of, source_lines
from kehoach.messages import translate_validation_errors, yaml_problem
from kehoach.schema.models import Plan

MAX_PLAN_BYTES = 2 * 1024 * 1024
"""Largest plan file accepted, in bytes (2 MiB: real plans are under 100 KB)."""

MAX_NESTING = 64
"""Deepest nesting of mappings and sequences accepted.

Real plans nest a dozen levels at most; the limit keeps later recursive
stages (validation of nested sections, layout) far from Python's recursion
limit whatever the file says.
"""

Position = tuple[int, int]
KeyPath = tuple[str | int, ...]

_UTF8_BOM = b"\xef\xbb\xbf"

# Characters XML 1.0 cannot hold (TECH-NOTES: docxtpl silently drops the text
# around them), plus the two non-characters U+FFFE and U+FFFF.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# libyaml counts NEL, LS and PS as line breaks where editors do not: lines
# would no longer match what the user sees, so they are refused too.
_ODD_BREAK = re.compile(r"[\x85\u2028\u2029]")

_TAG_STR = "tag:yaml.org,2002:str"
_TAG_INT = "tag:yaml.org,2002:int"
_TAG_FLOAT = "tag:yaml.org,2002:float"
_TAG_BOOL = "tag:yaml.org,2002:bool"
_TAG_NULL = "tag:yaml.org,2002:null"

_CONTROL_NAMES = {
    "\x00": "NUL",
    "\x08": "BACKSPACE",
    "\x0b": "tab dọc, tức ngắt dòng thủ công của Word",
    "\x0c": "ngắt trang",
    "\x1b": "ESC",
    "\x7f": "DEL",
}


@dataclass(frozen=True)
class LoadedPlan:
    """A validated plan with where each of its values was written.

    ``positions`` maps a key path (``("document", "date", "year")``,
    ``("body", 0, "points", 2)``) to the 1-based (line, column) of the KEY for
    a mapping entry and of the item's first character for a sequence item;
    ``()`` maps to (1, 1). Later stages (reference checks, the diff) use it
    to point at a value without reparsing.
    """

    path: Path
    plan: Plan
    positions: dict[KeyPath, Position]
    source: str


def load_plan(path: Path, display: str | None = None) -> LoadedPlan:
    """Read, parse and validate the plan at ``path``.

    ``display`` is the name printed in diagnostics (default: ``str(path)``).
    Raises :class:`PlanError` for every defect of the file, with all the
    schema errors found at once, sorted by position.
    """
    shown = str(path) if display is None else display
    data, positions, source = read_tree(path, shown)
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        diagnostics = translate_validation_errors(exc.errors(), positions, data, shown)
        raise PlanError(diagnostics, {shown: source}) from None
    return LoadedPlan(path=path, plan=plan, positions=positions, source=source)


def read_tree(path: Path, display: str) -> tuple[object, dict[KeyPath, Position], str]:
    """Read ``path`` into plain Python data, the position of every key path, and the text.

    The data holds only dict (with str keys), list, str, int, float, bool and
    None; timestamps stay strings. Raises :class:`PlanError` if the file
    cannot be read, is too large, empty, not UTF-8, not NFC, holds control
    characters, is not valid YAML, or uses anchors, aliases, explicit tags or
    duplicate keys.
    """
    raw = _read_bytes(path, display)
    text = _decode(raw, display)
    if not text.strip():
        _fail(display, text, 1, 1, "tệp rỗng: kế hoạch phải bắt đầu bằng «document:»", "empty")
    _check_characters(text, display)
    data, positions = _build_tree(text, display)
    if data is None:
        _fail(
            display,
            text,
            1,
            1,
            "tệp không có nội dung (chỉ có chú thích): kế hoạch phải bắt đầu bằng «document:»",
            "empty",
        )
    return data, positions, text


# --- bytes and text ---------------------------------------------------------


def _fail(
    path: str, source: str | None, line: int, column: int, message: str, code: str
) -> NoReturn:
    """Raise a PlanError holding a single diagnostic."""
    diagnostic = Diagnostic(path, line, column, message, code=code)
    raise PlanError([diagnostic], {path: source} if source is not None else {})


def _read_bytes(path: Path, display: str) -> bytes:
    """Read at most one byte more than the limit, so a huge file is never loaded whole."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_PLAN_BYTES + 1)
    except OSError as exc:
        _fail(display, None, 1, 1, _os_error_message(exc), "io")
    if len(raw) > MAX_PLAN_BYTES:
        try:
            size = f"{path.stat().st_size / (1024 * 1024):.1f} MiB"
        except OSError:
            size = "hơn 2 MiB"
        _fail(
            display,
            None,
            1,
            1,
            f"tệp quá lớn ({size}); kế hoạch chỉ được tối đa {MAX_PLAN_BYTES // (1024 * 1024)} MiB",
            "too-large",
        )
    return raw


def _os_error_message(exc: OSError) -> str:
    """Vietnamese wording of the usual reasons a file cannot be opened."""
    if exc.errno == errno.ENOENT:
        return "không tìm thấy tệp"
    if exc.errno == errno.EISDIR:
        return "đây là thư mục, không phải tệp kế hoạch"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "không có quyền đọc tệp"
    return f"không đọc được tệp ({exc.strerror or exc.__class__.__name__})"


def _decode(raw: bytes, display: str) -> str:
    """Strict UTF-8 with an optional BOM; the first bad byte is reported where it stands."""
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8")
        line, column = position_of(before, len(before))
        _fail(
            display,
            raw.decode("utf-8", errors="replace"),  # one U+FFFD a bad byte: columns hold
            line,
            column,
            f"tệp không phải UTF-8 (byte 0x{raw[exc.start]:02X} không hợp lệ); "
            "hãy lưu tệp với bảng mã UTF-8",
            "not-utf8",
        )


def _check_characters(text: str, display: str) -> None:
    """Refuse control characters, odd line breaks and non-NFC text, each at its first place."""
    diagnostics: list[Diagnostic] = []
    bad = _XML_INVALID.search(text)
    if bad:
        ch = bad.group()
        name = _CONTROL_NAMES.get(ch)
        line, column = position_of(text, bad.start())
        diagnostics.append(
            Diagnostic(
                display,
                line,
                column,
                f"ký tự điều khiển U+{ord(ch):04X}{f' ({name})' if name else ''} không được phép "
                "(thường do dán từ Word); hãy xóa ký tự này",
                code="control-char",
            )
        )
    odd = _ODD_BREAK.search(text)
    if odd:
        line, column = position_of(text, odd.start())
        diagnostics.append(
            Diagnostic(
                display,
                line,
                column,
                f"ký tự ngắt dòng đặc biệt U+{ord(odd.group()):04X} không được phép; "
                "hãy thay bằng xuống dòng thường",
                code="odd-line-break",
            )
        )
    if not unicodedata.is_normalized("NFC", text):
        line, column = _first_non_nfc(text)
        diagnostics.append(
            Diagnostic(
                display,
                line,
                column,
                "văn bản chưa chuẩn hóa Unicode NFC (dấu tổ hợp rời, ví dụ «e» + dấu mũ rời "
                "thay vì «ê»); hãy lưu tệp ở dạng NFC (dựng sẵn)",
                code="not-nfc",
            )
        )
    if diagnostics:
        raise PlanError(diagnostics, {display: text})


def _first_non_nfc(text: str) -> Position:
    """Position of the first character that NFC would change.

    That is the base letter of a decomposed sequence (the ``e`` of ``e`` +
    U+0302): the caret then sits under the glyph the user sees, since the
    combining mark takes no column of its own on screen.
    """
    for line_no, line in enumerate(source_lines(text), start=1):
        if not unicodedata.is_normalized("NFC", line):
            normal = unicodedata.normalize("NFC", line)
            index = 0
            while index < len(line) and index < len(normal) and line[index] == normal[index]:
                index += 1
            # Step back over combining marks so the caret sits on their base letter.
            while 0 < index < len(line) and unicodedata.combining(line[index]):
                index -= 1
            return line_no, index + 1
    return 1, 1


# --- YAML -------------------------------------------------------------------


class _Frame:
    """A mapping or sequence being built from events.

    ``path`` is None for a container that will not be kept (the value of a
    duplicate key, a mapping used as a key): its contents are still checked
    for anchors and tags but record no positions.
    """

    __slots__ = ("container", "key", "key_lines", "path", "skip_value")

    def __init__(self, container: dict[str, Any] | list[Any], path: KeyPath | None) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None  # mapping: the key waiting for its value
        self.skip_value = False  # mapping: the pending key was refused, drop its value
        self.key_lines: dict[str, int] = {}  # mapping: key -> line of its first occurrence


def _build_tree(text: str, display: str) -> tuple[object, dict[KeyPath, Position]]:
    """Build plain data and key-path positions from the C parser's event stream.

    Keys are kept as the text written (``2026:`` is the key ``"2026"``, as
    phases are strings); values get the type YAML 1.2 resolves for them,
    except timestamps, which stay strings. Every problem of structure
    (anchor, alias, tag, duplicate key) is collected before raising, so a
    file with several gets them all reported at once.
    """
    yaml = YAML(typ="safe", pure=False)
    resolver = yaml.resolver
    constructor = yaml.constructor
    positions: dict[KeyPath, Position] = {(): (1, 1)}
    problems: list[Diagnostic] = []
    stack: list[_Frame] = []
    root: object = None
    documents = 0

    def problem(mark: Any, message: str, code: str) -> None:
        problems.append(Diagnostic(display, mark.line + 1, mark.column + 1, message, code=code))

    # The resolver's table, first character -> [(tag, regexp)], read once:
    # calling resolver.resolve for each scalar costs a quarter of the load.
    try:
        table: dict[str, list[tuple[str, Any]]] | None = resolver.versioned_resolver
    except AttributeError:  # a future ruamel.yaml without the table
        table = None

    def scalar_value(event: ScalarEvent) -> object:
        if not event.implicit[0]:  # quoted or block scalar: always a string
            return event.value
        value: str = event.value
        if table is not None:
            tag = next(
                (t for t, regexp in table.get(value[:1], ()) if regexp.match(value)), _TAG_STR
            )
        else:
            tag = str(resolver.resolve(ScalarNode, value, event.implicit))
        if tag in (_TAG_INT, _TAG_FLOAT, _TAG_BOOL, _TAG_NULL):
            node = ScalarNode(tag, value, event.start_mark, event.end_mark)
            try:
                return constructor.construct_object(node, deep=True)
            except (ValueError, YAMLError):  # resolved but not constructible: keep the text
                return value
        return value  # strings, and timestamps kept as written

    def attach(value: object, mark: Any, scalar: bool) -> KeyPath | None:
        """Put ``value`` (a key or a value) into the open container.

        Returns the key path of a value, None for a key or a dropped value.
        """
        nonlocal root
        if not stack:
            root = value
            return ()
        frame = stack[-1]
        here = (mark.line + 1, mark.column + 1)
        if isinstance(frame.container, list):
            index = len(frame.container)
            frame.container.append(value)
            if frame.path is None:
                return None
            positions[(*frame.path, index)] = here
            return (*frame.path, index)
        if frame.key is None and not frame.skip_value:  # this is a key
            if not scalar:
                problem(mark, "khóa phải là một chuỗi, không được là bảng hay danh sách", "bad-key")
                frame.skip_value = True
                return None
            key = str(value)
            first = frame.key_lines.get(key)
            if first is not None:
                problem(mark, f"khóa «{key}» bị lặp (đã có ở dòng {first})", "duplicate-key")
                frame.skip_value = True
                return None
            frame.key_lines[key] = here[0]
            frame.key = key
            if frame.path is not None:
                positions[(*frame.path, key)] = here
            return None
        key, frame.key = frame.key, None
        if frame.skip_value or key is None:
            frame.skip_value = False
            return None
        assert isinstance(frame.container, dict)
        frame.container[key] = value
        return None if frame.path is None else (*frame.path, key)

    try:
        for event in yaml.parse(text):
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problem(
                        event.start_mark,
                        "tệp chỉ được chứa một tài liệu YAML (có thêm «---» ở đây)",
                        "multi-document",
                    )
                    break
                if event.version is not None or event.tags:
                    problem(
                        event.start_mark,
                        "không dùng chỉ thị %YAML/%TAG trong kế hoạch (kế hoạch luôn là YAML 1.2)",
                        "directive",
                    )
                continue
            if isinstance(event, MappingEndEvent | SequenceEndEvent):
                stack.pop()
                continue
            if isinstance(event, AliasEvent):
                problem(
                    event.start_mark,
                    "không dùng neo (&)/bí danh (*) trong kế hoạch "
                    f"(gặp bí danh «*{event.anchor}»); hãy viết lại giá trị tại đây",
                    "alias",
                )
                attach(None, event.start_mark, True)
                continue
            if not isinstance(event, ScalarEvent | MappingStartEvent | SequenceStartEvent):
                continue  # stream and document boundaries
            if event.anchor is not None:
                problem(
                    event.start_mark,
                    f"không dùng neo (&)/bí danh (*) trong kế hoạch (gặp neo «&{event.anchor}»)",
                    "anchor",
                )
            if event.ctag is not None:
                problem(
                    event.start_mark,
                    f"không dùng thẻ kiểu tường minh «{_short_tag(str(event.ctag))}» trong kế "
                    "hoạch; hãy bỏ thẻ (dùng ngoặc kép nếu muốn giá trị là chuỗi)",
                    "tag",
                )
            if isinstance(event, ScalarEvent):
                top = stack[-1] if stack else None
                is_key = (
                    top is not None
                    and isinstance(top.container, dict)
                    and top.key is None
                    and not top.skip_value
                )
                attach(event.value if is_key else scalar_value(event), event.start_mark, True)
                continue
            if len(stack) >= MAX_NESTING:
                problem(
                    event.start_mark, f"cấu trúc lồng quá sâu (quá {MAX_NESTING} cấp)", "too-deep"
                )
                break
            container: dict[str, Any] | list[Any] = (
                {} if isinstance(event, MappingStartEvent) else []
            )
            path = attach(container, event.start_mark, False)
            detached = path is None and bool(stack)
            stack.append(_Frame(container, None if detached else path))
    except MarkedYAMLError as exc:
        problems.append(_yaml_error(exc, text, display))
    except YAMLError as exc:  # e.g. a reader error, which carries no mark
        problems.append(
            Diagnostic(display, 1, 1, f"cú pháp YAML không hợp lệ: {exc}", code="yaml-syntax")
        )
    if problems:
        raise PlanError(problems, {display: text})
    return root, positions


def _short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:binary`` → ``!!binary``, as the user wrote it."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _yaml_error(exc: MarkedYAMLError, text: str, display: str) -> Diagnostic:
    """A YAML syntax error at its problem mark, in Vietnamese."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    context = exc.context_mark
    context_pos = (context.line + 1, context.column + 1) if context is not None else None
    lines = source_lines(text)
    char = ""
    if 1 <= line <= len(lines) and column <= len(lines[line - 1]):
        char = lines[line - 1][column - 1]
    message, code = yaml_problem(exc.problem or "", exc.context or "", char, context_pos)
    return Diagnostic(display, line, column, message, code=code)
