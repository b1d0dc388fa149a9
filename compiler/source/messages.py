"""Vietnamese wording of YAML syntax errors and Pydantic validation errors.

Neither ruamel.yaml nor Pydantic speaks Vietnamese, and their English texts
change between versions. Pydantic errors are therefore translated by their
stable ``type`` (``missing``, ``extra_forbidden`` …) filled from ``ctx`` and
``input``, never by parsing the English ``msg``; the plan's own rules
(``kh_*`` types, raised with ``PydanticCustomError``) already carry
Vietnamese text and are passed through. YAML problems are matched on libyaml's
fixed problem strings, with the English text as a last resort.

Each message is one line, names the key the user typed (``«title»``) and, when
a fix is obvious, says it (``bạn có định viết «title» không?``).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from kehoach.base.diagnostics import Diagnostic, Location, sort_diagnostics
from kehoach.base.text import one_line
from kehoach.schema.models import ID_PATTERN, LABEL_PATTERN, PHASE_PATTERN, TEXT_PATTERN, Plan

Position = tuple[int, int]
KeyPath = tuple[str | int, ...]

# --- YAML syntax --------------------------------------------------------------

_TAB_MESSAGE = "không được dùng phím Tab để thụt lề trong YAML; hãy thay Tab bằng dấu cách"


_UNCLOSED_FLOW = re.compile(r"did not find expected ',' or '([\]}])'")


def is_unclosed(problem: str, context: str) -> bool:
    """Whether libyaml's ``problem`` is a quote or a bracket left open (``context`` says
    where it opened), the errors that a file ending too early produces."""
    quoted = problem == "found unexpected end of stream" and "quoted scalar" in context
    return quoted or _UNCLOSED_FLOW.fullmatch(problem) is not None


def yaml_problem(
    problem: str,
    context: str,
    char: str,
    context_pos: Position | None,
    *,
    opening: bool = False,
) -> tuple[str, str]:
    """Vietnamese message and code for a libyaml ``problem``.

    ``char`` is the character at the problem mark (to tell a tab from another
    character that cannot start a token), ``context_pos`` the 1-based position
    of the construct being parsed (where a quote or a bracket was opened).
    ``opening``: the diagnostic stands at that opening quote or bracket,
    which the file ends without closing (:func:`is_unclosed`).
    """
    at = f"dòng {context_pos[0]}, cột {context_pos[1]}" if context_pos else ""
    code = "yaml-syntax"
    if "tab character" in problem or char == "\t":
        return _TAB_MESSAGE, code
    if problem == "found character that cannot start any token":
        return (
            f"ký tự «{char}» không được đứng đầu một giá trị YAML; "
            "hãy đặt cả giá trị trong ngoặc kép",
            code,
        )
    if problem == "found unexpected end of stream":
        if "quoted scalar" in context:
            if opening:
                return (
                    "thiếu dấu ngoặc đóng: chuỗi trong ngoặc mở ở đây chưa được đóng "
                    "cho đến hết tệp",
                    code,
                )
            where = f" mở ở {at}" if at else ""
            return f"thiếu dấu ngoặc đóng: chuỗi trong ngoặc{where} chưa được đóng", code
        return "tệp kết thúc đột ngột: cấu trúc YAML chưa hoàn chỉnh", code
    if problem.startswith("mapping values are not allowed"):
        return (
            "không được có dấu «:» ở đây (thụt lề sai, hoặc «: » nằm trong văn bản: "
            "khi đó hãy đặt cả giá trị trong ngoặc kép)",
            code,
        )
    if problem == "could not find expected ':'":
        where = f" bắt đầu ở {at}" if at else ""
        return f"thiếu dấu «:» sau khóa{where}", code
    if problem == "did not find expected key":
        where = f" (bảng khóa bắt đầu ở {at})" if at else ""
        return (
            f"thụt lề sai hoặc có nội dung thừa sau giá trị: cần một khóa «tên: giá trị»{where}",
            code,
        )
    if problem == "did not find expected '-' indicator":
        where = f" (danh sách bắt đầu ở {at})" if at else ""
        return f"thụt lề sai trong danh sách: cần một dòng bắt đầu bằng «- »{where}", code
    if problem.startswith("bad indentation"):
        return "thụt lề sai", code
    match = _UNCLOSED_FLOW.fullmatch(problem)
    if match:
        closer = match.group(1)
        opener = "[" if closer == "]" else "{"
        if opening:
            return f"thiếu dấu «{closer}»: «{opener}» ở đây chưa được đóng cho đến hết tệp", code
        where = f" mở ở {at}" if at else ""
        return f"thiếu dấu «,» hoặc «{closer}»: «{opener}»{where} chưa được đóng", code
    if problem == "did not find expected node content":
        return "thiếu giá trị ở đây (ví dụ hai dấu phẩy liền nhau trong [ … ])", code
    if problem == "found unknown escape character":
        return (
            "ký tự thoát sau «\\» không hợp lệ trong chuỗi ngoặc kép; "
            "viết «\\\\» cho một dấu gạch ngược, hoặc dùng ngoặc đơn",
            code,
        )
    if problem in _ESCAPE_PROBLEMS:
        return (
            "mã thoát «\\x…», «\\u…» hoặc «\\U…» không hợp lệ trong chuỗi ngoặc kép "
            "(cần đủ chữ số thập lục phân của một ký tự có thật); hãy gõ thẳng ký tự đó",
            code,
        )
    if problem == "found unexpected document indicator":
        return (
            "dòng «---» hoặc «...» ở đầu dòng kết thúc tài liệu YAML giữa chừng; "
            "nếu là nội dung, hãy thụt lề dòng này",
            code,
        )
    if problem == "did not find expected alphabetic or numeric character":
        return (
            "sau «&» hoặc «*» ở đầu giá trị phải là tên neo/bí danh (kế hoạch không dùng chúng); "
            "nếu là chữ, hãy đặt cả giá trị trong ngoặc kép",
            code,
        )
    if "block scalar" in context:
        return (
            "sau «|» hoặc «>» chỉ được có «-», «+» hoặc một chữ số từ 1 đến 9 rồi xuống dòng; "
            "nếu là chữ, hãy đặt cả giá trị trong ngoặc kép",
            code,
        )
    if "directive" in context:
        return "không dùng chỉ thị «%» trong kế hoạch (kế hoạch luôn là YAML 1.2)", code
    if problem in ("found undefined tag handle", "found unknown directive name"):
        return (
            "không dùng thẻ «!» hay chỉ thị «%» trong kế hoạch; "
            "nếu là chữ, hãy đặt cả giá trị trong ngoặc kép",
            code,
        )
    return f"cú pháp YAML không hợp lệ: {problem or context}", code


def document_end_problem(marker: int | None) -> tuple[str, str]:
    """Message and code for content after the end of the YAML document.

    libyaml says «did not find expected <document start>» both after a
    «...» line (``marker``, its line) and after a top-level value that was
    complete on its own: a quoted string, a ``[…]`` or ``{…}`` (a plan
    pasted as JSON), followed by more lines. Only the first has a «...» to
    delete.
    """
    if marker is not None:
        return (
            f"có nội dung sau dấu kết thúc tài liệu «...» ở dòng {marker}; hãy xóa dòng «...»",
            "yaml-syntax",
        )
    return (
        "có nội dung thừa ở đây: giá trị ở đầu tệp (trong ngoặc «[ ]», «{ }», ngoặc kép "
        "hoặc sau «|») đã là cả tài liệu YAML; kế hoạch phải là các dòng «khóa: giá trị» "
        "bắt đầu bằng «document:», không đặt trong ngoặc",
        "yaml-syntax",
    )


_ESCAPE_PROBLEMS = frozenset(
    ("found invalid Unicode character escape code", "did not find expected hexdecimal number")
)


# --- describing values ------------------------------------------------------


def _short(text: str, limit: int = 40) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    one_line = text.replace("\r", "").replace("\n", "⏎")
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def describe(value: object) -> str:
    """What kind of value the user wrote, as a Vietnamese noun phrase."""
    if value is None:
        return "giá trị rỗng"
    if isinstance(value, bool):
        return f"giá trị {'true' if value else 'false'}"
    if isinstance(value, int | float):
        return f"số {value}"
    if isinstance(value, str):
        return f"chuỗi «{_short(value)}»"
    if isinstance(value, list):
        return "danh sách"
    if isinstance(value, dict):
        return "bảng khóa–giá trị"
    return type(value).__name__


_EXPECTED = {
    "string_type": "chuỗi văn bản",
    "int_type": "số nguyên",
    "int_parsing": "số nguyên",
    "int_from_float": "số nguyên",
    "float_type": "số",
    "float_parsing": "số",
    "bool_type": "true hoặc false",
    "bool_parsing": "true hoặc false",
    "list_type": "danh sách (các dòng bắt đầu bằng «- »)",
    "dict_type": "bảng khóa–giá trị (các dòng «khóa: giá trị»)",
    "model_type": "bảng khóa–giá trị (các dòng «khóa: giá trị»)",
    "model_attributes_type": "bảng khóa–giá trị (các dòng «khóa: giá trị»)",
}
"""Error types that mean "wrong kind of value", with the kind that was expected."""

_PATTERN_HELP = {
    PHASE_PATTERN: "không đúng dạng giai đoạn (viết «2026», «2026-2027» hoặc «2028 - 2030»)",
    ID_PATTERN: "không phải mã hợp lệ (chỉ gồm chữ thường không dấu, chữ số "
    "và dấu gạch ngang, không bắt đầu bằng «-»; ví dụ «nhom-1»)",
    TEXT_PATTERN: "chỉ có khoảng trắng, không in ra chữ nào; hãy ghi nội dung hoặc bỏ dòng này",
    LABEL_PATTERN: "không có chữ hay chữ số nào (chỉ có dấu câu, khoảng trắng), không gọi tên "
    "được gì; hãy ghi tên đầy đủ (dấu «- » và «;» của Nơi nhận do chương trình tự thêm)",
}


# --- model fields along a loc -----------------------------------------------


def _leaves(tp: Any) -> list[Any]:
    """The concrete types behind ``Annotated``, ``Optional`` and unions."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _leaves(typing.get_args(tp)[0])
    if origin is typing.Union or origin is types.UnionType:
        out: list[Any] = []
        for arg in typing.get_args(tp):
            out.extend(_leaves(arg))
        return out
    if tp is type(None):
        return []
    return [tp]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def models_at(loc: Sequence[str | int]) -> list[type[BaseModel]]:
    """The model classes that may stand at ``loc`` inside a Plan.

    Walks the field annotations from :class:`Plan`: a field name steps into
    its type, an index into a list's item type, a union tag (``Point``)
    selects that member, anything else (``constrained-str``,
    ``function-after[…]``) is skipped as Pydantic decoration.
    """
    current: list[Any] = [Plan]
    for part in loc:
        leaves = [leaf for tp in current for leaf in _leaves(tp)]
        following: list[Any] = []
        if isinstance(part, int):
            following = [
                typing.get_args(t)[0]
                for t in leaves
                if typing.get_origin(t) is list and typing.get_args(t)
            ]
        else:
            following = [
                t.model_fields[part].annotation
                for t in leaves
                if _is_model(t) and part in t.model_fields
            ]
            if not following:
                following = [t for t in leaves if getattr(t, "__name__", None) == part]
            if not following:
                following = [
                    typing.get_args(t)[1]
                    for t in leaves
                    if typing.get_origin(t) is dict and len(typing.get_args(t)) == 2
                ]
        if following:
            current = following
    return [t for tp in current for t in _leaves(tp) if _is_model(t)]


def _field_names(loc: Sequence[str | int]) -> list[str]:
    names: list[str] = []
    for model in models_at(loc):
        names.extend(n for n in model.model_fields if n not in names)
    return names


def _suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a mistyped ``word``, compared case-insensitively."""
    by_lower = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[match[0]] if match else None


# --- translating Pydantic errors --------------------------------------------


def _walk(
    loc: Sequence[str | int], positions: Mapping[KeyPath, Position]
) -> tuple[KeyPath, list[int]]:
    """The longest data path along ``loc`` and the indexes of the loc parts skipped."""
    path: KeyPath = ()
    skipped: list[int] = []
    for i, part in enumerate(loc):
        candidate = (*path, part)
        if candidate in positions:
            path = candidate
        else:
            skipped.append(i)
    return path, skipped


def _data_at(data: object, path: KeyPath) -> object:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _subject(path: KeyPath, is_key: bool) -> str:
    """How to name the value at ``path``: «year», phần tử thứ 3 của «points», khóa «x»."""
    if not path:
        return "nội dung tệp"
    last = path[-1]
    if is_key:
        owner = next((p for p in reversed(path[:-1]) if isinstance(p, str)), None)
        return f"khóa «{one_line(str(last), 40)}»" + (f" của «{owner}»" if owner else "")
    if isinstance(last, int):
        owner = next((p for p in reversed(path) if isinstance(p, str)), None)
        return f"phần tử thứ {last + 1}" + (f" của «{owner}»" if owner else "")
    return f"«{last}»"


def _literal_values(ctx: Mapping[str, Any]) -> list[str]:
    return re.findall(r"'([^']*)'", str(ctx.get("expected", "")))


def _message(
    error: Mapping[str, Any], where: KeyPath, loc: Sequence[str | int], data: object
) -> tuple[str, str]:
    """Vietnamese message and code for one Pydantic error.

    ``where`` is the data path the error's ``loc`` reached (see :func:`_walk`).
    """
    kind: str = error["type"]
    subject = _subject(where, bool(loc) and loc[-1] == "[key]")
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    value = error.get("input")
    if kind.startswith("kh_"):
        text = str(error["msg"])
        if not ctx:  # Pydantic formats the template only when given a context
            text = text.replace("{{", "{").replace("}}", "}")
        return text, kind.replace("_", "-")
    if kind == "missing":
        owner = f" trong {_subject(where, False)}" if where else ""
        return f"thiếu trường bắt buộc «{loc[-1]}»{owner}", "missing"
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _field_names(loc[:-1])
        parent = _data_at(data, where[:-1])
        present = set(parent) if isinstance(parent, dict) else set()
        hint = _suggest(name, [n for n in allowed if n not in present])
        text = f"khóa «{one_line(name, 40)}» không được phép ở đây"
        if hint:
            text += f"; bạn có định viết «{hint}» không?"
        elif allowed:
            text += f" (các khóa được phép: {', '.join(allowed)})"
        return text, "unknown-key"
    if kind in _EXPECTED:
        if value is None and kind == "string_type":
            return f"{subject} không được để trống (cần một chuỗi văn bản)", "type"
        text = f"{subject} phải là {_EXPECTED[kind]}, không phải {describe(value)}"
        if kind == "string_type":
            text += _quoting_hint(value)
        return text, "type"
    if kind == "literal_error":
        allowed_values = _literal_values(ctx)
        listed = ", ".join(f"«{v}»" for v in allowed_values) or str(ctx.get("expected"))
        text = f"{subject} phải là một trong: {listed} (đang là {describe(value)})"
        hint = _suggest(str(value), allowed_values) if isinstance(value, str) else None
        if hint:
            text += f"; bạn có định viết «{hint}» không?"
        return text, "value"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        help_text = _PATTERN_HELP.get(pattern, f"không khớp mẫu {pattern}")
        if loc and loc[-1] == "[key]":
            return f"{subject} {help_text}", "value"
        return f"{subject}: «{_short(str(value))}» {help_text}", "value"
    if kind == "string_too_short":
        return f"{subject} không được để trống", "value"
    if kind == "string_too_long":
        return f"{subject} quá dài (tối đa {ctx.get('max_length')} ký tự)", "value"
    if kind in ("too_short", "too_long"):
        unit = "mục" if isinstance(value, dict) else "phần tử"
        if kind == "too_short":
            bound = f"ít nhất {ctx.get('min_length')}"
        else:
            bound = f"nhiều nhất {ctx.get('max_length')}"
        actual = ctx.get("actual_length")
        return f"{subject} phải có {bound} {unit} (đang có {actual})", "value"
    comparisons = {
        "greater_than_equal": ("lớn hơn hoặc bằng", "ge"),
        "less_than_equal": ("nhỏ hơn hoặc bằng", "le"),
        "greater_than": ("lớn hơn", "gt"),
        "less_than": ("nhỏ hơn", "lt"),
    }
    if kind in comparisons:
        words, key = comparisons[kind]
        shown = describe(value) if isinstance(value, bool) else value  # not Python's «True»
        return f"{subject} phải {words} {ctx.get(key)} (đang là {shown})", "value"
    return f"{subject} không hợp lệ ({kind}: {error.get('msg', '')})", kind.replace("_", "-")


def _quoting_hint(value: object) -> str:
    """How to write ``value`` as the text it was meant to be, when YAML read it otherwise.

    A number is the obvious case; the commonest is a line with «: » in it:
    «- Lưu: VT», the last line of every Nơi nhận, is a mapping to YAML. The
    hint quotes the whole line back, which is the fix.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'; nếu là chữ, hãy đặt trong ngoặc kép: "{value}"'
    if isinstance(value, dict) and len(value) == 1:
        ((key, item),) = value.items()
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            line = f"{key}: {item}"
        elif item is None:
            line = f"{key}:"
        else:
            return ""
        quoted = line.replace("\\", "\\\\").replace('"', '\\"')
        return (
            f"; dấu «: » sau «{_short(str(key))}» làm YAML đọc dòng này thành khóa và giá trị: "
            f'nếu là chữ, hãy đặt cả dòng trong ngoặc kép: "{_short(quoted, 60)}"'
        )
    return ""


def _union_choice(errors: list[dict[str, Any]], tag_index: int) -> list[dict[str, Any]] | None:
    """Of the errors of one union value (``Text | Point``), the branch worth reporting.

    A branch whose only complaint is the kind of value (``string_type`` for a
    mapping, ``model_type`` for a string) is not what the user meant; the
    first branch that got past the kind check is. None when every branch
    failed on kind: the caller then reports a single combined message.
    """
    branches: dict[object, list[dict[str, Any]]] = {}
    for error in errors:
        branches.setdefault(error["loc"][tag_index], []).append(error)
    for branch in branches.values():
        if not all(len(e["loc"]) == tag_index + 1 and e["type"] in _EXPECTED for e in branch):
            return branch
    return None


def translate_validation_errors(
    errors: Iterable[Mapping[str, Any]],
    positions: Mapping[KeyPath, Position],
    data: object,
    path: str,
) -> list[Diagnostic]:
    """Diagnostics for Pydantic's ``exc.errors()``, positioned by ``positions``.

    Each ``loc`` is walked down the positions map, skipping parts that are not
    in the data (union tags, ``[key]``, decorations); a missing field is
    reported at the key of the mapping that lacks it, at 1:1 for the root.
    The errors of the branches of one union value collapse into one.
    """
    grouped: dict[KeyPath, tuple[int, list[dict[str, Any]]]] = {}
    plain: list[dict[str, Any]] = []
    for error in errors:
        err = dict(error)
        loc = tuple(err["loc"])
        _, skipped = _walk(loc, positions)
        tags = [
            i
            for i in skipped
            if loc[i] != "[key]"
            and not (err["type"] in ("missing", "extra_forbidden") and i == len(loc) - 1)
        ]
        if tags:
            first = tags[0]
            entry = grouped.setdefault(loc[:first], (first, []))
            entry[1].append(err)
        else:
            plain.append(err)

    chosen: list[dict[str, Any]] = list(plain)
    diagnostics: list[Diagnostic] = []
    for prefix, (tag_index, group) in grouped.items():
        if len({e["loc"][tag_index] for e in group}) < 2:
            chosen.extend(group)
            continue
        branch = _union_choice(group, tag_index)
        if branch is not None:
            chosen.extend(branch)
            continue
        where, _ = _walk(prefix, positions)
        line, column = positions.get(where, (1, 1))
        kinds: list[str] = []
        for e in group:
            expected = _EXPECTED[e["type"]]
            if expected not in kinds:
                kinds.append(expected)
        message = (
            f"{_subject(where, False)} phải là {' hoặc '.join(kinds)}, "
            f"không phải {describe(group[0].get('input'))}"
        )
        diagnostics.append(Diagnostic("error", "type", message, Location(path, line, column)))

    for err in chosen:
        loc = tuple(err["loc"])
        where, _ = _walk(loc, positions)
        if err["type"] == "missing" and where == ():
            line, column = 1, 1
        else:
            line, column = positions.get(where, (1, 1))
        message, code = _message(err, where, loc, data)
        diagnostics.append(Diagnostic("error", code, message, Location(path, line, column)))
    return sort_diagnostics(diagnostics)
