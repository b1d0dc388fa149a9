"""click in Vietnamese: its own errors, help headings and metavars, as the rest of kehoach.

click writes part of every help page and every usage error itself («Usage:»,
«Options:», «Show this message and exit.», «Error: No such option»,
«Missing option»), and ships no Vietnamese. It does wrap each of those
strings in ``gettext`` (``from gettext import gettext as _`` in each of its
modules, looked up when the message is built), which is the hook it offers
for translations. The classic gettext route (a compiled ``.mo`` catalogue,
``textdomain``) would pick the language from ``LANGUAGE``/``LANG``, which a
clerk's Windows machine does not set and which subprocesses (git,
LibreOffice) would inherit; so :func:`install` points click's ``_`` and
``ngettext`` at :data:`CLICK_MESSAGES` instead, a plain table of click's
English strings and their Vietnamese.

It must run before the commands are declared: click translates a few
strings when an option is created (the help of ``--version``, the kind of a
path), the rest when a message is shown. ``tests/test_hardening_messages.py``
checks that every string the installed click wraps is in the table (a new
click version with new strings fails there, not in front of a clerk) and
that no English word reaches the help pages or the usage errors.

The rest click prints without gettext: ``[OPTIONS]``, ``COMMAND [ARGS]...``
and the metavars made from type names (``TEXT``, ``INTEGER RANGE``,
``DIRECTORY``) or argument names (``PATHS``); :class:`VietnameseGroup` and
:class:`VietnameseCommand` give those Vietnamese defaults.
"""

from __future__ import annotations

import gettext
import importlib
import sys
from typing import Any

import click

CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.shell_completion",
    "click.termui",
    "click.types",
    "click.utils",
    "click._termui_impl",
)
"""click's modules that build user-visible strings with ``_``/``ngettext``
(``click._winconsole`` too, which imports on Windows only)."""

# Placeholders keep click's names (it calls ``.format`` with them); a
# translation may drop one, never add one. Quotes are «», as in every other
# kehoach message.
CLICK_MESSAGES: dict[str, str] = {
    # help pages
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Đối số",
    "Show this message and exit.": "In hướng dẫn này rồi thoát.",
    "Show the version and exit.": "In số phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    # no-break spaces: click wraps help text at spaces, and «[mặc» / «định: build]»
    # on two lines reads badly (its English «[default: build]» never breaks there)
    "default: {default}": "mặc\u00a0định: {default}",
    "required": "bắt\u00a0buộc",
    "env var: {var}": "biến môi trường: {var}",
    "(dynamic)": "(tính khi chạy)",
    "deprecated": "không còn dùng",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "Choice({choices})": "Lựa chọn({choices})",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    # usage errors
    "Error: {message}": "lỗi: {message}",
    "Try '{command} {option}' for help.": "Gõ «{command} {option}» để xem hướng dẫn.",
    "No such option {name!r}.": "không có tùy chọn «{name}».",
    "No such command {name!r}.": "không có lệnh «{name}».",
    "Missing command.": "thiếu tên lệnh.",
    "Missing argument": "thiếu đối số",
    "Missing option": "thiếu tùy chọn",
    "Missing parameter": "thiếu tham số",
    "Missing {param_type}": "thiếu {param_type}",
    "Missing parameter: {param_name}": "thiếu tham số: {param_name}",
    "Invalid value: {message}": "giá trị không hợp lệ: {message}",
    "Invalid value for {param_hint}: {message}": "giá trị của {param_hint} không hợp lệ: {message}",
    "Option {name!r} does not take a value.": "tùy chọn «{name}» không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "đối số «{name}» cần {nargs} giá trị.",
    "Invalid start character for option ({option})": (
        "ký tự đầu của tùy chọn không hợp lệ ({option})"
    ),
    "Value must be an iterable.": "giá trị phải là một danh sách.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng cho phép {range}.",
    "{value!r} is not a valid {number_type}.": "«{value}» không phải là một số hợp lệ.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "«{value}» không phải giá trị đúng/sai hợp lệ. Các giá trị được nhận: {states}"
    ),
    "{value!r} is not a valid UUID.": "«{value}» không phải mã UUID hợp lệ.",
    # click passes the kind of path Title Cased («Thư Mục»): the file name says enough
    "{name} {filename!r} does not exist.": "«{filename}» không tồn tại.",
    "{name} {filename!r} is a file.": "«{filename}» là tệp, không phải thư mục.",
    "{name} {filename!r} is a directory.": "«{filename}» là thư mục, không phải tệp.",
    "{name} {filename!r} is not readable.": "không có quyền đọc «{filename}».",
    "{name} {filename!r} is not writable.": "không có quyền ghi «{filename}».",
    "{name} {filename!r} is not executable.": "không có quyền chạy «{filename}».",
    "Could not open file {filename!r}: {message}": "không mở được tệp «{filename}»: {message}",
    "unknown error": "lỗi không rõ",
    "Aborted!": "đã hủy.",
    "Windows error: {error}": "lỗi Windows: {error}",
    # prompts and terminal helpers (kehoach asks nothing today; kept for completeness)
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Xác nhận mà không hỏi lại.",
    "Press any key to continue...": "Nhấn một phím bất kỳ để tiếp tục...",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "lỗi: hai giá trị vừa nhập không khớp.",
    "Error: invalid input": "lỗi: giá trị nhập không hợp lệ",
    "Unknown color {colour!r}": "không có màu «{colour}»",
    "Unknown standard stream '{name}'": "không có luồng chuẩn «{name}»",
    "d": " ngày",
    "{editor}: Editing failed": "{editor}: sửa không thành công",
    "{editor}: Editing failed: {e}": "{editor}: sửa không thành công: {e}",
    "Couldn't detect Bash version, shell completion is not supported.": (
        "không xác định được phiên bản Bash: không hỗ trợ gợi ý lệnh."
    ),
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "không hỗ trợ gợi ý lệnh cho Bash cũ hơn 4.4."
    ),
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "cảnh báo: lệnh «{name}» không còn dùng.{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "cảnh báo: «{name}» không còn dùng.{extra_message}"
    ),
    # mistakes in declaring commands: raised to the developer, never to a clerk
    "Could not determine name for option with declarations {decls!r}": (
        "không xác định được tên tùy chọn từ khai báo {decls!r}"
    ),
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?": (
        "chưa khai báo tùy chọn nào mà đã có tên ({name}): có định khai báo đối số, "
        "hay viết «--{name}»?"
    ),
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": (
        "đối số cần đúng một khai báo, đang có {length}: {decls}."
    ),
    "Name '{name}' defined twice": "tên «{name}» được khai báo hai lần",
    "Boolean option {decl!r} cannot use the same flag for true/false.": (
        "tùy chọn đúng/sai {decl!r} không thể dùng cùng một cờ cho cả hai giá trị."
    ),
}
"""click's English strings (``_(…)``) → Vietnamese."""

CLICK_PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Bạn có định viết {possibility} không?",
        "(Bạn có định viết một trong: {possibilities} không?)",
    ),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "thừa đối số: {args}",
        "thừa đối số: {args}",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "tùy chọn «{name}» cần một giá trị.",
        "tùy chọn «{name}» cần {nargs} giá trị.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "cần {nargs} giá trị nhưng chỉ có 1.",
        "cần {nargs} giá trị nhưng có {len}.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "«{value}» không phải là {choice}.",
        "«{value}» không phải một trong: {choices}.",
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): (
        "«{value}» không đúng dạng {format}.",
        "«{value}» không đúng dạng nào trong {formats}.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "cần {len_type} giá trị nhưng có {len_value}.",
        "cần {len_type} giá trị nhưng có {len_value}.",
    ),
}
"""click's singular and plural English strings (``ngettext``) → Vietnamese, one text per
number as click asks (Vietnamese nouns do not change, the placeholders may)."""


class _Catalogue(gettext.NullTranslations):
    """The two tables as a gettext translation; a string not in them stays as it is."""

    def gettext(self, message: str) -> str:
        return CLICK_MESSAGES.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        found = CLICK_PLURALS.get((msgid1, msgid2))
        if found is None:
            return msgid1 if n == 1 else msgid2
        return found[0] if n == 1 else found[1]


def install() -> None:
    """Make click build its messages from the Vietnamese tables (idempotent)."""
    catalogue = _Catalogue()
    names = CLICK_MODULES + (("click._winconsole",) if sys.platform == "win32" else ())
    for name in names:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = catalogue.gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = catalogue.ngettext  # type: ignore[attr-defined]


OPTIONS_METAVAR = "[TÙY_CHỌN]"
COMMAND_METAVAR = "LỆNH [ĐỐI_SỐ]..."


def type_metavar(kind: click.ParamType) -> str | None:
    """The Vietnamese metavar of a parameter of type ``kind``, None for click's own.

    click makes a metavar from the type's English name (``TEXT``, ``INTEGER
    RANGE``, ``DIRECTORY``); a choice shows its values (``[text|json]``),
    which stay.
    """
    if isinstance(kind, click.Path):
        if not kind.dir_okay:
            return "TỆP"
        return "THƯ_MỤC" if not kind.file_okay else "ĐƯỜNG_DẪN"
    if isinstance(kind, click.types.IntParamType | click.types.FloatParamType):
        return "SỐ"
    if isinstance(kind, click.types.StringParamType):
        return "CHỮ"
    return None


def _metavar(param: click.Parameter) -> str | None:
    """``param``'s metavar in Vietnamese, dressed as click dresses its own."""
    base = type_metavar(param.type)
    if base is None:
        return None
    if isinstance(param, click.Argument) and not param.required:
        base = f"[{base}]"
    return base if param.nargs == 1 else f"{base}..."


class VietnameseCommand(click.Command):
    """A command whose usage line and metavars are Vietnamese (``[TÙY_CHỌN]``, ``TỆP``).

    A metavar given in the declaration is kept.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.metavar is None and not getattr(param, "is_flag", False):
                param.metavar = _metavar(param)


class VietnameseGroup(click.Group):
    """A group of :class:`VietnameseCommand`, with a Vietnamese usage line itself."""

    command_class = VietnameseCommand

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", COMMAND_METAVAR)
        super().__init__(*args, **kwargs)
