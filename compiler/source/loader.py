"""Load a plan file: bytes → checked text → plain data with positions → ``Plan``.

Every defect a person can type is reported as a :class:`PlanError` whose
diagnostics carry a line and column, in Vietnamese; nothing else escapes for
bad input. The stages, and why each one exists:

1. bytes: a size limit before anything is parsed (a plan is a few dozen KB;
   a huge file is a mistake or an attack), then strict UTF-8 (a BOM, as
   Windows Notepad writes, is dropped).
   A file saved as UTF-16 is named as such (:mod:`kehoach.source.utf16`);
   one that is not UTF-8 is checked against the legacy Vietnamese
   encodings (TCVN3, VNI, Windows-1258) so the message names the likely one
   (:mod:`kehoach.source.legacy_encoding`). Bytes that are no text in any
   of them are never shown in a message.
2. text: characters that XML cannot hold make text vanish from the .docx
   (TECH-NOTES); invisible characters (zero-width spaces and joiners, soft
   hyphens, a BOM in the middle, bidi controls, private-use symbols from
   Word's bullets) survive into the document where nobody can see or search
   them; decomposed diacritics (``e`` + U+0302 instead of ``ê``) break
   searching, sorting and diffing. All are refused with a position, not
   silently repaired: the file in git must be the text that is printed, and
   a silent fix would make the source and the document disagree. Legacy
   encoding text pasted into a UTF-8 file («KÕ ho¹ch», «Keá hoaïch») is
   recognised and refused too, so it never reaches a document as mojibake.
3. YAML: the C parser (libyaml through ``ruamel.yaml.clib``) streams events;
   the tree is built here from those events rather than by a loader, because
   only the events still say whether a node had an anchor, an alias or an
   explicit tag (plans need none of them, and aliases allow expansion bombs),
   and because building it here records each key path's line and column at no
   extra cost. The round-trip loader would give positions too, at ten times
   the time per file (TECH-NOTES), which matters for thousands of plans.
   A double-quoted scalar can spell any character with an escape
   (``"\\v"``, ``"\\u200b"``): its value is checked like the text, at the
   scalar's position.
4. schema: ``Plan.model_validate`` on the plain data; each Pydantic error is
   walked down the positions map and translated (:mod:`kehoach.source.messages`).

Reports are bounded (:data:`MAX_PROBLEMS`): a file crafted to produce a
million findings (a million aliases) costs no more than one with a hundred.
"""

from __future__ import annotations

import bisect
import errno
import functools
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.cyaml import CParser
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.nodes import ScalarNode

from kehoach.base.characters import (
    C0_CONTROLS,
    C1_CONTROLS,
    COMBINING_MARKS,
    INVISIBLE,
    NONCHARACTERS,
    ODD_BREAKS,
)
from kehoach.base.diagnostics import Diagnostic, Location, PlanError, position_of, source_lines
from kehoach.base.files import NotARegularFile, read_regular
from kehoach.base.text import one_line
from kehoach.base.workspace import OutsideRepository, inside
from kehoach.schema.models import Plan
from kehoach.source.legacy_encoding import guess_text, likely_encodings
from kehoach.source.messages import (
    document_end_problem,
    is_unclosed,
    translate_validation_errors,
    yaml_problem,
)
from kehoach.source.mojibake import find_misread
from kehoach.source.utf16 import utf16_form

MAX_PLAN_BYTES = 2 * 1024 * 1024
"""Largest plan file accepted, in bytes (2 MiB: real plans are under 100 KB)."""

MAX_NESTING = 64
"""Deepest nesting of mappings and sequences accepted.

Real plans nest a dozen levels at most; the limit keeps later recursive
stages (validation of nested sections, layout) far from Python's recursion
limit whatever the file says.
"""

MAX_PROBLEMS = 50
"""Most findings reported for one file before the loader stops looking.

Compilers cap their errors for the same reason: past a few dozen the reader
has stopped reading, and an adversarial file (every character an alias or a
control character) must not turn into megabytes of messages.
"""

Position = tuple[int, int]
KeyPath = tuple[str | int, ...]

_UTF8_BOM = b"\xef\xbb\xbf"

# The refused characters (kehoach.base.characters); as controls also lone
# surrogates (only reachable through a "\\ud800" escape; they cannot be
# written as UTF-8 at all, so no source line can show one).
_CONTROL_CHARS = rf"{C0_CONTROLS}{C1_CONTROLS}{NONCHARACTERS}\ud800-\udfff"
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")
_NONCHARACTER = re.compile(f"[{NONCHARACTERS}]")
# A combining mark left in NFC text has no Vietnamese letter to sit on.
_LOOSE_MARK = re.compile(f"[{COMBINING_MARKS}]")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_ODD_BREAK = re.compile(f"[{ODD_BREAKS}]")
_TEXT_BAD = re.compile(f"[{_CONTROL_CHARS}{INVISIBLE}{ODD_BREAKS}{COMBINING_MARKS}]")
# Inside a value (reached through escapes), a carriage return is as odd as
# the rest: YAML turns every line break of the file into "\\n".
_VALUE_BAD = re.compile(f"[{_CONTROL_CHARS}\\r{INVISIBLE}{ODD_BREAKS}]")

_TAG_STR = "tag:yaml.org,2002:str"
_TAG_INT = "tag:yaml.org,2002:int"
_TAG_FLOAT = "tag:yaml.org,2002:float"
_TAG_BOOL = "tag:yaml.org,2002:bool"
_TAG_NULL = "tag:yaml.org,2002:null"

_CHAR_NAMES = {
    "\x00": "NUL",
    "\x08": "BACKSPACE",
    "\x0b": "tab dọc, tức ngắt dòng thủ công của Word",
    "\x0c": "ngắt trang",
    "\x0d": "về đầu dòng",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\u00ad": "gạch nối mềm",
    "\u200b": "khoảng trắng độ rộng 0",
    "\u200c": "ký tự không nối độ rộng 0",
    "\u200d": "ký tự nối độ rộng 0",
    "\u200e": "dấu chiều trái sang phải",
    "\u200f": "dấu chiều phải sang trái",
    "\u2060": "ký tự nối từ",
    "\ufeff": "dấu BOM nằm giữa tệp",
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


def load_plan(path: Path, display: str | None = None, *, root: Path | None = None) -> LoadedPlan:
    """Read, parse and validate the plan at ``path``.

    ``display`` is the name printed in diagnostics (default: ``str(path)``).
    ``root``: the repository the file must resolve into, symlinks followed
    (every plan a command reads; None for a file named outside any
    repository, as tests do). Raises :class:`PlanError` for every defect of
    the file, with the schema errors found at once (up to
    :data:`MAX_PROBLEMS`), sorted by position.
    """
    shown = str(path) if display is None else display
    data, positions, source = read_tree(path, shown, root)
    return _validated(path, data, positions, source, shown)


def load_plan_bytes(raw: bytes, display: str, path: Path) -> LoadedPlan:
    """:func:`load_plan` for content that is not (or not only) a file: a git blob, say.

    ``path`` is where the plan lives in the repository (its ``extends`` and
    citations are resolved from there); every check of a file applies.
    """
    if len(raw) > MAX_PLAN_BYTES:
        _fail(display, None, 1, 1, _too_large(len(raw)), "too-large")
    text = _decode(raw, display)
    data, positions = _text_tree(text, display)
    return _validated(path, data, positions, text, display)


def _validated(
    path: Path, data: object, positions: dict[KeyPath, Position], source: str, display: str
) -> LoadedPlan:
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        findings = _schema_findings(exc, positions, data, display)
        raise PlanError(findings, {display: source}) from None
    return LoadedPlan(path=path, plan=plan, positions=positions, source=source)


def _schema_findings(
    exc: ValidationError, positions: dict[KeyPath, Position], data: object, display: str
) -> list[Diagnostic]:
    """The translated schema errors, at most MAX_PROBLEMS of them plus a «too many» note.

    Translating costs far more than validating (suggestions compare words),
    so a file with a hundred thousand bad items is cut before translation;
    Pydantic lists errors in field and item order, which is nearly file
    order, and four times the cap leaves room for the several errors a
    union value produces.
    """
    errors = exc.errors()
    diagnostics = translate_validation_errors(errors[: 4 * MAX_PROBLEMS], positions, data, display)
    if len(errors) <= 4 * MAX_PROBLEMS and len(diagnostics) <= MAX_PROBLEMS:
        return diagnostics
    kept = diagnostics[:MAX_PROBLEMS]
    last = kept[-1]
    return [*kept, _too_many(display, last.at.line, last.at.column)]


def read_tree(
    path: Path, display: str, root: Path | None = None
) -> tuple[object, dict[KeyPath, Position], str]:
    """Read ``path`` into plain Python data, the position of every key path, and the text.

    The data holds only dict (with str keys), list, str, int, float, bool and
    None; timestamps stay strings. Raises :class:`PlanError` if the file
    leads out of ``root`` (when given), is not a regular file, cannot be
    read, is too large, empty, not UTF-8, not NFC, holds control characters,
    is not valid YAML, or uses anchors, aliases, explicit tags or duplicate
    keys.
    """
    text = _decode(_read_bytes(path, display, root), display)
    data, positions = _text_tree(text, display)
    return data, positions, text


def _text_tree(text: str, display: str) -> tuple[object, dict[KeyPath, Position]]:
    """The stages after decoding: the text checks, then the YAML tree."""
    if not text.strip():
        _fail(display, text, 1, 1, "tệp rỗng: kế hoạch phải bắt đầu bằng «document:»", "empty")
    # The text checks look at distinct lines: a cascade's plans repeat their
    # parents' lines, so most lines were judged before (by an earlier plan of
    # the same run) and cost one lookup.
    lines = set(text.split("\n"))
    _check_misread(text, display, lines)
    _check_legacy_text(text, display, lines)
    _check_characters(text, display, lines)
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
    return data, positions


# --- bytes and text ---------------------------------------------------------


def _fail(
    path: str, source: str | None, line: int, column: int, message: str, code: str
) -> NoReturn:
    """Raise a PlanError holding a single diagnostic."""
    diagnostic = Diagnostic("error", code, message, Location(path, line, column))
    raise PlanError([diagnostic], {path: source} if source is not None else {})


def _read_bytes(path: Path, display: str, root: Path | None) -> bytes:
    """The file's bytes, read only if it is a regular file inside ``root`` (when given).

    The refusals show nothing of the file (no excerpt): a link to
    ``/proc/self/environ`` or ``/etc/passwd`` must not print the
    environment's secrets or the accounts of the machine in an error, and a
    FIFO must not hang the build (:func:`~kehoach.base.files.read_regular`).
    At most one byte more than the limit is read, so a huge file is never
    loaded whole.
    """
    try:
        real = path if root is None else inside(root, path)
        raw = read_regular(real, MAX_PLAN_BYTES + 1)
    except OutsideRepository:
        _fail(display, None, 1, 1, _outside_message(path), "outside")
    except RuntimeError:  # Path.resolve on a symlink loop (Python 3.11, 3.12)
        _fail(display, None, 1, 1, _SYMLINK_LOOP, "io")
    except OSError as exc:
        _fail(display, None, 1, 1, _os_error_message(exc), "io")
    if len(raw) > MAX_PLAN_BYTES:
        try:
            size: int | None = real.stat().st_size
        except OSError:
            size = None
        _fail(display, None, 1, 1, _too_large(size), "too-large")
    return raw


def _outside_message(path: Path) -> str:
    """Where a file that leads out of the repository leads, and what to do instead."""
    return (
        f"tệp dẫn ra ngoài kho qua liên kết tượng trưng (tới «{os.path.realpath(path)}»): "
        "kehoach chỉ đọc tệp nằm trong kho và không in gì của tệp đó; hãy chép kế hoạch "
        "vào kho thay cho liên kết"
    )


def _too_large(size: int | None) -> str:
    """The size and the limit in bytes, exactly.

    Rounded to MiB, a file one byte over the limit read «2.0 MiB; tối đa
    2 MiB», as if the limit refused itself.
    """
    limit = _bytes(MAX_PLAN_BYTES)
    found = f"hơn {limit}" if size is None else _bytes(size)
    return (
        f"tệp quá lớn ({found}); kế hoạch chỉ được tối đa {limit} "
        f"({MAX_PLAN_BYTES // (1024 * 1024)} MiB)"
    )


def _bytes(count: int) -> str:
    """``count`` bytes the Vietnamese way, thousands grouped by dots: «2.097.152 byte»."""
    return f"{count:,} byte".replace(",", ".")


_SYMLINK_LOOP = "liên kết tượng trưng vòng lại chính nó, không dẫn tới tệp nào"


def _os_error_message(exc: OSError) -> str:
    """Vietnamese wording of the usual reasons a file cannot be opened."""
    if exc.errno == errno.ENOENT:
        return "không tìm thấy tệp"
    if exc.errno == errno.EISDIR:
        return "đây là thư mục, không phải tệp kế hoạch"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "không có quyền đọc tệp"
    if exc.errno == errno.ELOOP:
        return _SYMLINK_LOOP
    if isinstance(exc, NotARegularFile):
        return (
            f"{exc.strerror}: kehoach không đọc loại tệp này "
            "(việc đọc có thể treo mãi hoặc không bao giờ hết); hãy thay bằng tệp kế hoạch"
        )
    return f"không đọc được tệp ({exc.strerror or exc.__class__.__name__})"


def _decode(raw: bytes, display: str) -> str:
    """Strict UTF-8 with an optional BOM; the first bad byte is reported where it stands.

    A file saved as UTF-16 (Notepad's «Unicode») is named as such. Otherwise
    the message names the legacy Vietnamese encoding the bytes fit, if one
    does, because converting needs to know the source encoding. The source
    line is shown only for such legacy text: bytes that no encoding reads as
    text (a program, an archive, a document picked by mistake) are never
    echoed, whatever they hold.
    """
    wide = utf16_form(raw)
    if wide is not None:
        _fail(display, None, 1, 1, _utf16_message(wide), "utf16")
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8")
        line, column = position_of(before, len(before))
        message = f"tệp không phải UTF-8 (byte 0x{raw[exc.start]:02X} không hợp lệ)"
        likely = likely_encodings(raw)
        if not likely:
            message += "; hãy lưu tệp với bảng mã UTF-8"
            _fail(display, None, line, column, message, "not-utf8")
        names = " hoặc ".join(encoding.name for encoding in likely)
        first, *others = (encoding.key.upper() for encoding in likely)
        retry = "".join(f"; nếu chữ vẫn sai, thử nguồn {key}" for key in others)
        message += (
            f"; có vẻ tệp được lưu bằng bảng mã cũ {names}: hãy chuyển mã sang "
            f"Unicode (ví dụ Unikey, Công cụ chuyển mã: nguồn {first}, "
            f"đích Unicode{retry}) rồi lưu lại với bảng mã UTF-8"
        )
        _fail(
            display,
            raw.decode("utf-8", errors="replace"),  # one U+FFFD a bad byte: columns hold
            line,
            column,
            message,
            "legacy-encoding",
        )


def _utf16_message(form: str) -> str:
    notepad = "Unicode big endian" if form.endswith("BE") else "Unicode"
    return (
        f"tệp được lưu bằng bảng mã {form} (Notepad gọi là «{notepad}» hoặc «{form}»), "
        "không phải UTF-8: hãy mở tệp, chọn Lưu thành (Save As), chọn bảng mã "
        "(Encoding) «UTF-8» rồi lưu lại"
    )


def _check_misread(text: str, display: str, lines: set[str]) -> None:
    """Refuse UTF-8 text that was read as Windows-1252 and saved again, at its first word.

    Checked before the legacy encodings: «Æ°», «Ã¢» are TCVN3 letters too,
    and telling the clerk to convert from TCVN3 would damage the text further.
    """
    misread = find_misread(text, lines)
    if misread is None:
        return
    line, column = position_of(text, misread.index)
    _fail(
        display,
        text,
        line,
        column,
        f"chữ «{misread.found}» là chữ «{misread.meant}» (UTF-8) đã bị một chương trình đọc "
        "nhầm theo bảng mã Windows-1252/Latin-1 rồi lưu lại; hãy gõ lại đoạn văn đó, hoặc "
        "chép lại từ bản gốc còn đúng",
        "misread-utf8",
    )


def _check_legacy_text(text: str, display: str, lines: set[str]) -> None:
    """Refuse TCVN3/VNI/Windows-1258 text pasted into a UTF-8 file, at its first word.

    The bytes are valid UTF-8, so only the words show it (see
    :mod:`kehoach.source.legacy_encoding`); the message shows the word as found and
    as meant, which is also the clerk's proof that the diagnosis is right.
    """
    verdict = guess_text(text, lines)
    if verdict is None:
        return
    meant = verdict.meant
    letters = [ch for ch in verdict.found if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        meant = meant.upper()  # TCVN3 has no toned capitals: «HO¹CH» is «HOẠCH»
    line, column = position_of(text, verdict.index)
    name = verdict.encoding.name
    _fail(
        display,
        text,
        line,
        column,
        f"văn bản có vẻ được gõ bằng bảng mã cũ {name} rồi dán vào tệp Unicode "
        f"(«{verdict.found}» là «{meant}»); hãy chuyển mã đoạn văn đó sang Unicode (ví dụ "
        f"Unikey, Công cụ chuyển mã: nguồn {verdict.encoding.key.upper()}, đích Unicode)",
        "legacy-encoding",
    )


def char_problem(ch: str) -> tuple[str, str] | None:
    """Vietnamese message and code for a character a plan may not hold, None if it may."""
    name = _CHAR_NAMES.get(ch)
    shown = f"U+{ord(ch):04X}{f' ({name})' if name else ''}"
    if _NONCHARACTER.fullmatch(ch):
        return (
            f"ký tự {shown} không phải chữ (Unicode dành nó cho chương trình, không bao giờ "
            "cho văn bản; không phông chữ nào vẽ được nên nó mất khỏi văn bản in ra); "
            "hãy xóa ký tự này",
            "noncharacter",
        )
    if _LOOSE_MARK.fullmatch(ch):
        return (
            f"dấu tổ hợp rời {shown} không gắn vào chữ tiếng Việt nào (dấu đứng một mình, "
            "hoặc đặt trên chữ không có dạng dựng sẵn); hãy xóa dấu này và gõ lại chữ có "
            "dấu bằng bộ gõ tiếng Việt (bảng mã Unicode dựng sẵn)",
            "loose-mark",
        )
    if _CONTROL.fullmatch(ch) or ch == "\r":
        if 0xD800 <= ord(ch) <= 0xDFFF:
            return f"nửa cặp thay thế {shown} không phải ký tự hợp lệ", "control-char"
        return (
            f"ký tự điều khiển {shown} không được phép (thường do dán từ Word); hãy xóa ký tự này",
            "control-char",
        )
    if _ODD_BREAK.fullmatch(ch):
        return (
            f"ký tự ngắt dòng đặc biệt {shown} không được phép; hãy thay bằng xuống dòng thường",
            "odd-line-break",
        )
    if _INVISIBLE.fullmatch(ch):
        if 0xE000 <= ord(ch) <= 0xF8FF:
            return (
                f"ký tự vùng dùng riêng {shown} không được phép (thường là dấu đầu dòng của "
                "phông Symbol/Wingdings dán từ Word, in ra thành ô vuông); hãy xóa ký tự này",
                "invisible-char",
            )
        return (
            f"ký tự vô hình {shown} không được phép (thường do dán từ web hoặc Word; "
            "văn bản in ra vẫn chứa nó dù không thấy); hãy xóa ký tự này",
            "invisible-char",
        )
    return None


def _check_characters(text: str, display: str, lines: set[str]) -> None:
    """Refuse control, invisible and odd line-break characters, loose accents and non-NFC text.

    Every offending character is reported (up to :data:`MAX_PROBLEMS`), so
    a paragraph pasted from Word with a dozen zero-width spaces is fixed in
    one pass; non-NFC text is reported at its first place only, since the fix
    is to re-save the whole file. The combining marks of a line that is not
    NFC are that one fault, not loose accents: saving as NFC puts most of
    them on their letters. ``lines`` are the distinct lines of
    ``text``: when each is clean (the usual case, mostly known from earlier
    plans) the text is, since NFC never joins across a line break.
    """
    if all(map(_clean_line, lines)):
        return
    diagnostics: list[Diagnostic] = []
    index = _LineIndex(text)
    decomposed = {
        number
        for number, line in enumerate(source_lines(text), start=1)
        if not unicodedata.is_normalized("NFC", line)
    }
    for match in _TEXT_BAD.finditer(text):
        if len(diagnostics) >= MAX_PROBLEMS:
            diagnostics.append(_too_many(display, *index.position(match.start())))
            break
        line, column = index.position(match.start())
        if line in decomposed and _LOOSE_MARK.fullmatch(match.group()):
            continue
        found = char_problem(match.group())
        assert found is not None
        diagnostics.append(Diagnostic("error", found[1], found[0], Location(display, line, column)))
    if not unicodedata.is_normalized("NFC", text):
        at = Location(display, *_first_non_nfc(text))
        diagnostics.append(Diagnostic("error", "not-nfc", _NOT_NFC, at))
    if diagnostics:
        raise PlanError(diagnostics, {display: text})


@functools.lru_cache(maxsize=65536)
def _clean_line(line: str) -> bool:
    """No character :func:`_check_characters` refuses, and NFC."""
    return _TEXT_BAD.search(line) is None and unicodedata.is_normalized("NFC", line)


_NOT_NFC = (
    "văn bản chưa chuẩn hóa Unicode NFC (dấu tổ hợp rời, ví dụ «e» + dấu mũ rời "
    "thay vì «ê»); hãy lưu tệp ở dạng NFC (dựng sẵn)"
)


def _too_many(display: str, line: int, column: int) -> Diagnostic:
    """The last finding of a file that has too many: where the loader stopped looking."""
    return Diagnostic(
        "error",
        "too-many",
        f"quá nhiều lỗi (hơn {MAX_PROBLEMS}); dừng kiểm tra tệp tại đây",
        Location(display, line, column),
    )


class _LineIndex:
    """Line and column of many offsets in one text, without rescanning it each time."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def position(self, index: int) -> Position:
        line = bisect.bisect_right(self._starts, index)
        return line, index - self._starts[line - 1] + 1


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

    __slots__ = ("container", "is_list", "key", "key_lines", "path", "skip_value")

    def __init__(self, container: dict[str, Any] | list[Any], path: KeyPath | None) -> None:
        self.container = container
        self.is_list = isinstance(container, list)
        self.path = path
        self.key: str | None = None  # mapping: the key waiting for its value
        self.skip_value = False  # mapping: the pending key was refused, drop its value
        self.key_lines: dict[str, int] = {}  # mapping: key -> line of its first occurrence


class _PlainScalars:
    """The type YAML 1.2 gives a plain (unquoted) scalar, from ruamel.yaml's own tables.

    Built once per process: the resolver's table (first character → [(tag,
    regexp)], compiled afresh) and the constructors of the four non-string types are looked
    up directly, because going through ``resolver.resolve`` and
    ``construct_object`` for each scalar cost a quarter of the load, and
    ``construct_object`` also remembers every node it built (a cache that
    would grow with every file if the constructor were shared).
    """

    def __init__(self) -> None:
        yaml = YAML(typ="safe", pure=False)
        self._resolver = yaml.resolver
        self._constructor = yaml.constructor
        self._table: dict[str, list[tuple[str, re.Pattern[str]]]] | None
        try:
            table = yaml.resolver.versioned_resolver
        except AttributeError:  # a future ruamel.yaml without the table
            self._table = None
        else:  # its regexps are lazy proxies (an attribute lookup per match): compile them
            self._table = {
                first: [(tag, re.compile(regexp.pattern, regexp.flags)) for tag, regexp in rules]
                for first, rules in table.items()
            }
        self.typed_starts: frozenset[str] | None = (
            None if self._table is None else frozenset(self._table)
        )
        """First characters a non-string plain scalar can have (None: ask for every one)."""
        self._typed = {
            tag: self._constructor.yaml_constructors[tag]
            for tag in (_TAG_INT, _TAG_FLOAT, _TAG_BOOL, _TAG_NULL)
        }

    def value(self, event: ScalarEvent) -> object:
        """The scalar as int, float, bool, None or (also for timestamps) the text written."""
        value: str = event.value
        if self._table is None:
            tag = str(self._resolver.resolve(ScalarNode, value, event.implicit))
        else:
            tag = _TAG_STR
            for candidate, regexp in self._table.get(value[:1], ()):
                if regexp.match(value):
                    tag = candidate
                    break
        construct = self._typed.get(tag)
        if construct is None:
            return value  # strings, and timestamps kept as written
        try:
            return construct(self._constructor, ScalarNode(tag, value, event.start_mark))
        except (ValueError, YAMLError):  # resolved but not constructible: keep the text
            return value


@functools.cache
def _plain_scalars() -> _PlainScalars:
    return _PlainScalars()


def _build_tree(text: str, display: str) -> tuple[object, dict[KeyPath, Position]]:
    """Build plain data and key-path positions from the C parser's event stream.

    Keys are kept as the text written (``2026:`` is the key ``"2026"``, as
    phases are strings); values get the type YAML 1.2 resolves for them,
    except timestamps, which stay strings. Every problem of structure
    (anchor, alias, tag, duplicate key) is collected before raising, so a
    file with several gets them all reported at once.

    This loop runs once per event of every plan (some 700 events for a
    commune plan, millions for a national check), so it is written flat:
    events are told apart by exact type, the common case (a scalar in an
    open mapping or sequence) goes first, and rare checks sit behind one
    attribute test each.
    """
    plain = _plain_scalars()
    typed = plain.typed_starts  # a plain scalar starting otherwise is a string
    escapes = "\\" in text
    positions: dict[KeyPath, Position] = {(): (1, 1)}
    problems: list[Diagnostic] = []
    stack: list[_Frame] = []
    root: object = None
    documents = 0

    def problem(mark: Any, message: str, code: str) -> None:
        at = Location(display, mark.line + 1, mark.column + 1)
        problems.append(Diagnostic("error", code, message, at))

    def node_problems(event: Any) -> None:
        """An anchor or an explicit tag on a scalar, mapping or sequence."""
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

    def check_escaped(event: ScalarEvent) -> None:
        """A double-quoted scalar's escapes can spell what the text may not hold."""
        value: str = event.value
        bad = _VALUE_BAD.search(value)
        if bad is None and not unicodedata.is_normalized("NFC", value):
            problem(
                event.start_mark,
                f"chuỗi trong ngoặc kép (viết bằng mã thoát «\\»): {_NOT_NFC}",
                "not-nfc",
            )
            return
        if bad is None:  # NFC: a combining mark left is a loose accent
            bad = _LOOSE_MARK.search(value)
        if bad is not None:
            found = char_problem(bad.group())
            assert found is not None
            problem(
                event.start_mark,
                f"chuỗi trong ngoặc kép (viết bằng mã thoát «\\»): {found[0]}",
                found[1],
            )

    def attach(frame: _Frame, value: object, mark: Any, scalar: bool) -> KeyPath | None:
        """Put ``value`` (a key or a value) into ``frame``'s container.

        Returns the key path of a value, None for a key or a dropped value.
        """
        here = (mark.line + 1, mark.column + 1)
        container = frame.container
        if frame.is_list:
            assert isinstance(container, list)
            index = len(container)
            container.append(value)
            if frame.path is None:
                return None
            path = (*frame.path, index)
            positions[path] = here
            return path
        assert isinstance(container, dict)
        if frame.key is None and not frame.skip_value:  # this is a key
            if not scalar:
                problem(mark, "khóa phải là một chuỗi, không được là bảng hay danh sách", "bad-key")
                frame.skip_value = True
                return None
            key = str(value)
            first = frame.key_lines.get(key)
            if first is not None:
                shown = one_line(key, 40)  # a quoted key may hold a line break
                problem(mark, f"khóa «{shown}» bị lặp (đã có ở dòng {first})", "duplicate-key")
                frame.skip_value = True
                return None
            frame.key_lines[key] = here[0]
            frame.key = key
            if frame.path is not None:
                positions[(*frame.path, key)] = here
            return None
        owner, frame.key = frame.key, None
        if frame.skip_value or owner is None:
            frame.skip_value = False
            return None
        container[owner] = value
        return None if frame.path is None else (*frame.path, owner)

    parser = CParser(text)
    try:
        while True:
            event = parser.get_event()
            if problems and len(problems) >= MAX_PROBLEMS:
                mark = event.start_mark
                problems.append(_too_many(display, mark.line + 1, mark.column + 1))
                break
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None or event.ctag is not None:
                    node_problems(event)
                if escapes and event.style == '"':
                    check_escaped(event)
                if not stack:
                    root = plain.value(event) if event.implicit[0] else event.value
                    continue
                frame = stack[-1]
                if not frame.is_list and frame.key is None and not frame.skip_value:
                    key: str = event.value  # a key: always the text written
                    mark = event.start_mark
                    if key in frame.key_lines:
                        attach(frame, key, mark, True)  # reports the duplicate
                    else:  # inlined from attach: the commonest event of all
                        frame.key_lines[key] = mark.line + 1
                        frame.key = key
                        if frame.path is not None:
                            positions[(*frame.path, key)] = (mark.line + 1, mark.column + 1)
                    continue
                # plain scalars are typed by YAML 1.2; quoted and block ones are strings
                value = event.value
                if event.implicit[0] and (typed is None or value[:1] in typed):
                    value = plain.value(event)
                if frame.key is not None:  # inlined from attach: the value of a pending key
                    frame.container[frame.key] = value  # type: ignore[call-overload]
                    frame.key = None
                else:
                    attach(frame, value, event.start_mark, True)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.ctag is not None:
                    node_problems(event)
                if len(stack) >= MAX_NESTING:
                    problem(
                        event.start_mark,
                        f"cấu trúc lồng quá sâu (quá {MAX_NESTING} cấp)",
                        "too-deep",
                    )
                    break
                container: dict[str, Any] | list[Any] = {} if kind is MappingStartEvent else []
                if stack:
                    path = attach(stack[-1], container, event.start_mark, False)
                    stack.append(_Frame(container, path))
                else:
                    root = container
                    stack.append(_Frame(container, ()))
            elif kind is AliasEvent:
                problem(
                    event.start_mark,
                    "không dùng neo (&)/bí danh (*) trong kế hoạch "
                    f"(gặp bí danh «*{event.anchor}»); hãy viết lại giá trị tại đây",
                    "alias",
                )
                if stack:
                    attach(stack[-1], None, event.start_mark, True)
            elif kind is DocumentStartEvent:
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
            elif kind is StreamEndEvent:
                break
    except MarkedYAMLError as exc:
        problems.append(_yaml_error(exc, text, display))
    except YAMLError as exc:  # e.g. a reader error, which carries no mark
        problems.append(
            Diagnostic(
                "error",
                "yaml-syntax",
                f"cú pháp YAML không hợp lệ: {exc}",
                Location(display, 1, 1),
            )
        )
    finally:
        parser.dispose()
    if problems:
        raise PlanError(problems, {display: text})
    return root, positions


def _short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:binary`` → ``!!binary``, as the user wrote it."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _yaml_error(exc: MarkedYAMLError, text: str, display: str) -> Diagnostic:
    """A YAML syntax error at its problem mark, in Vietnamese.

    libyaml reports a construct the file ends inside (a quote or bracket
    never closed) where the file ends, which after a final line break is a
    line the editor does not show. The caret goes to the opening quote or
    bracket instead, the one thing to fix; any other error found at the end
    goes to the end of the last line that holds something.
    """
    mark = exc.problem_mark or exc.context_mark
    context = exc.context_mark
    problem, construct = exc.problem or "", exc.context or ""
    at_end = mark is not None and not text[mark.index :].strip()
    opening = at_end and context is not None and is_unclosed(problem, construct)
    if opening:
        mark = context
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    lines = source_lines(text)
    if at_end and not opening:
        line = max((n for n, content in enumerate(lines, 1) if content.strip()), default=1)
        column = len(lines[line - 1].rstrip()) + 1
    context_pos = (context.line + 1, context.column + 1) if context is not None else None
    char = ""
    if 1 <= line <= len(lines) and column <= len(lines[line - 1]):
        char = lines[line - 1][column - 1]
    if problem == "did not find expected <document start>":
        marker = _document_end_marker(lines, line)
        message, code = document_end_problem(marker)
    else:
        message, code = yaml_problem(problem, construct, char, context_pos, opening=opening)
    return Diagnostic("error", code, message, Location(display, line, column))


_DOCUMENT_END = re.compile(r"\.\.\.(?:[ \t]+#.*|[ \t]*)")


def _document_end_marker(lines: list[str], line: int) -> int | None:
    """The line of the «...» that ended the YAML document before ``line``, if one did."""
    for number in range(line - 1, 0, -1):
        if _DOCUMENT_END.fullmatch(lines[number - 1]):
            return number
    return None
