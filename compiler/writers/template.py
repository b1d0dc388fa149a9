"""The Word template as the docx writer uses it: read once, checked, faults told as template errors.

A fault of ``templates/`` (missing file, not a .docx, a style the writers
need renamed or deleted in Word, a Jinja error, a sandbox refusal) is not a
fault of any plan: every plan would fail the same way, so it is reported
once as ``templates/ke-hoach.docx: lỗi: …`` and the build stops with exit
code 2.

The template is read and checked once per process (a batch renders
thousands of plans from it) and again only when the file changes: the
cache is keyed on its path, modification time and size.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from lxml import etree

from kehoach.base.text import one_line
from kehoach.model.document import LaidOutDocument
from kehoach.writers.docx import context, render_docx
from kehoach.writers.styles import StyleSheet, W, missing_styles, read_style_sheet

NO_STYLES = StyleSheet(ids=frozenset(), keeping_with_next=frozenset())
REMAKE = "chạy `make template` để tạo lại mẫu"
CLOSING_TAGS = ("part.recipients", "part.signature")


class TemplateError(Exception):
    """The Word template cannot be rendered: a fault of ``templates/``, not of a plan.

    ``template`` is the template's path as shown to the user; ``render()``
    gives one line ``templates/ke-hoach.docx: lỗi: …``. Kept apart from
    PlanError because it has no line in any plan and stops the whole build.
    """

    def __init__(self, template: str, message: str) -> None:
        self.template = template
        self.message = message
        super().__init__(self.render())

    def render(self) -> str:
        return f"{self.template}: lỗi: {self.message}"


@dataclass(frozen=True)
class WordTemplate:
    """The template as read once: its bytes (each render opens a fresh copy) and its styles."""

    data: bytes
    styles: StyleSheet


def render_with_template(document: LaidOutDocument, template: Path, shown: str) -> bytes:
    """``render_docx`` with the template's own faults turned into a TemplateError.

    Only errors that can come from the template are translated: a template
    file that is missing, not a .docx or short of what the writers need
    (``open_template``), and Jinja's (unknown variable under StrictUndefined,
    syntax, sandbox refusal). Anything else is a bug of the program and is
    left to the CLI's internal-error handler.
    """
    word = open_template(template, shown)
    try:
        return render_docx(document, word.data, word.styles)
    except UndefinedError as exc:
        raise TemplateError(shown, _undefined_message(exc, document, word)) from None
    except TemplateSyntaxError as exc:
        raise TemplateError(
            shown, f"mẫu Word có lỗi cú pháp Jinja: {one_line(exc.message or str(exc))}"
        ) from None
    except SecurityError as exc:
        raise TemplateError(
            shown, f"mẫu Word dùng thao tác bị cấm trong sandbox Jinja: {one_line(str(exc))}"
        ) from None
    except JinjaTemplateError as exc:
        raise TemplateError(shown, f"mẫu Word không dùng được: {one_line(str(exc))}") from None


def open_template(template: Path, shown: str) -> WordTemplate:
    """The template, read and checked once per process while the file stays unchanged.

    A missing, corrupt or incomplete template is named as such here, before
    docxtpl or python-docx fail obscurely (a style looked up in vain is a
    crash, not a message).
    """
    try:
        status = template.stat()
    except OSError:
        status = None
    if status is None or not stat.S_ISREG(status.st_mode):
        raise TemplateError(shown, "không tìm thấy mẫu Word (chạy `make template` để tạo lại)")
    return _read_template(str(template), status.st_mtime_ns, status.st_size, shown)


@lru_cache(maxsize=8)
def _read_template(path: str, mtime_ns: int, size: int, shown: str) -> WordTemplate:
    """The template at ``path`` as it was at ``mtime_ns`` and ``size`` (the cache key)."""
    try:
        data = Path(path).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            document = etree.fromstring(archive.read("word/document.xml"))
            names = set(archive.namelist())
            styles = (  # without a styles part, every style is missing
                read_style_sheet(archive.read("word/styles.xml"))
                if "word/styles.xml" in names
                else NO_STYLES
            )
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError):
        raise TemplateError(
            shown, "mẫu Word hỏng hoặc không phải tệp .docx (chạy `make template` để tạo lại)"
        ) from None
    fault = _contract_fault(document, styles)
    if fault is not None:
        raise TemplateError(shown, fault)
    return WordTemplate(data, styles)


def _contract_fault(document: etree._Element, styles: StyleSheet) -> str | None:
    """What the template lacks of what the writers need, in Vietnamese; None when nothing.

    The writers need every style of the role table (by id: Word shows its
    name, «KH Recipient» for «KHRecipient»), the page setup at the end of
    the body (appendix tables are as wide as the text), and Nơi nhận and
    the signature in one table row (the row the model keeps whole).
    """
    missing = missing_styles(styles)
    if missing:
        listed = ", ".join(f"«{style}»" for style in missing)
        return (
            f"mẫu Word thiếu kiểu (style) {listed}, kiểu mà kehoach dùng để trình bày văn bản "
            f"(bị đổi tên hoặc bị xóa trong Word?): đặt lại đúng tên kiểu, hoặc {REMAKE}"
        )
    ns = {"w": W}
    section = document.find("w:body/w:sectPr", ns)
    size = None if section is None else section.find("w:pgSz", ns)
    margins = None if section is None else section.find("w:pgMar", ns)
    if (
        size is None
        or margins is None
        or None in (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h"))
        or None in (margins.get(f"{{{W}}}left"), margins.get(f"{{{W}}}right"))
    ):
        return f"mẫu Word thiếu khổ giấy hoặc lề trang ở cuối văn bản: {REMAKE}"
    rows = (
        etree.tostring(row, method="text", encoding="unicode")
        for row in document.iter(f"{{{W}}}tr")
    )
    if not any(all(tag in text for tag in CLOSING_TAGS) for text in rows):
        return (
            "mẫu Word phải đặt {{p part.recipients }} và {{p part.signature }} trong hai ô "
            f"của cùng một hàng bảng (Nơi nhận bên trái, chữ ký bên phải): {REMAKE}"
        )
    return None


# What Jinja says of a name the data lacks, and what the message calls that name.
_UNDEFINED = (
    (re.compile(r"^'([^']+)' is undefined$"), "biến"),
    (re.compile(r"^'[^']+' has no attribute '([^']+)'$"), "thuộc tính"),
)


def _undefined_message(
    exc: UndefinedError, document: LaidOutDocument, template: WordTemplate
) -> str:
    """«mẫu Word dùng biến «x» (trong word/document.xml) không có …», with the known names."""
    text = str(exc.message or exc)
    for pattern, kind in _UNDEFINED:
        found = pattern.match(text)
        if found is not None:
            name = found.group(1)
            known = ", ".join(_variable_names(context(document, template.styles)))
            return (
                f"mẫu Word dùng {kind} «{name}»{_parts_using(template, name)} không có trong "
                f"dữ liệu kế hoạch (các biến có: {known})"
            )
    return f"mẫu Word dùng một giá trị không có trong dữ liệu kế hoạch ({one_line(text)})"


def _variable_names(variables: dict[str, object]) -> list[str]:
    """Top-level names and, for the list of parts, ``part.<name>`` as the template writes it."""
    names = sorted(variables)
    parts = variables.get("parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], dict):
        names.extend(f"part.{key}" for key in sorted(parts[0]))
    return names


def _parts_using(template: WordTemplate, name: str) -> str:
    """`` (trong word/document.xml)``: the template parts whose text mentions ``name``.

    Jinja reports no location for docxtpl's templates (each part is rendered
    from a string), so the parts are searched; a name split across runs by
    Word may not be found, in which case nothing is said.
    """
    word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    try:
        with zipfile.ZipFile(io.BytesIO(template.data)) as archive:
            parts = [
                info.filename
                for info in archive.infolist()
                if info.filename.endswith(".xml")
                and word.search(archive.read(info).decode("utf-8", errors="replace"))
            ]
    except (zipfile.BadZipFile, OSError):
        return ""
    return f" (trong {', '.join(parts)})" if parts else ""
