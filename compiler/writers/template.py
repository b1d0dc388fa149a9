"""The Word template as the docx writer uses it, and its faults told as template errors.

A fault of ``templates/`` (missing file, not a .docx, a Jinja error, a
sandbox refusal) is not a fault of any plan: every plan would fail the same
way, so it is reported once as ``templates/ke-hoach.docx: lỗi: …`` and the
build stops with exit code 2.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import TemplateError as JinjaTemplateError

from kehoach.base.text import one_line
from kehoach.model.document import LaidOutDocument
from kehoach.writers.docx import context, render_docx


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


def render_with_template(document: LaidOutDocument, template: Path, shown: str) -> bytes:
    """``render_docx`` with the template's own faults turned into a TemplateError.

    Only errors that can come from the template are translated: Jinja's
    (unknown variable under StrictUndefined, syntax, sandbox refusal) and a
    template file that is missing or not a .docx. Anything else is a bug of
    the program and is left to the CLI's internal-error handler.
    """
    _check_template_file(template, shown)
    try:
        return render_docx(document, template)
    except UndefinedError as exc:
        raise TemplateError(shown, _undefined_message(exc, document, template)) from None
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


def _check_template_file(template: Path, shown: str) -> None:
    """A missing or corrupt template is named as such, before docxtpl fails obscurely."""
    if not template.is_file():
        raise TemplateError(shown, "không tìm thấy mẫu Word (chạy `make template` để tạo lại)")
    try:
        with zipfile.ZipFile(template) as archive:
            archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        raise TemplateError(
            shown, "mẫu Word hỏng hoặc không phải tệp .docx (chạy `make template` để tạo lại)"
        ) from None


# What Jinja says of a name the data lacks, and what the message calls that name.
_UNDEFINED = (
    (re.compile(r"^'([^']+)' is undefined$"), "biến"),
    (re.compile(r"^'[^']+' has no attribute '([^']+)'$"), "thuộc tính"),
)


def _undefined_message(exc: UndefinedError, document: LaidOutDocument, template: Path) -> str:
    """«mẫu Word dùng biến «x» (trong word/document.xml) không có …», with the known names."""
    text = str(exc.message or exc)
    for pattern, kind in _UNDEFINED:
        found = pattern.match(text)
        if found is not None:
            name = found.group(1)
            known = ", ".join(_variable_names(context(document)))
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


def _parts_using(template: Path, name: str) -> str:
    """`` (trong word/document.xml)``: the template parts whose text mentions ``name``.

    Jinja reports no location for docxtpl's templates (each part is rendered
    from a string), so the parts are searched; a name split across runs by
    Word may not be found, in which case nothing is said.
    """
    word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    try:
        with zipfile.ZipFile(template) as archive:
            parts = [
                info.filename
                for info in archive.infolist()
                if info.filename.endswith(".xml")
                and word.search(archive.read(info).decode("utf-8", errors="replace"))
            ]
    except (zipfile.BadZipFile, OSError):
        return ""
    return f" (trong {', '.join(parts)})" if parts else ""
