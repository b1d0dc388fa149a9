"""One plan from YAML to .docx: load, resolve, lay out, render, write. The stages meet only here.

Two kinds of failure leave this module, both printable in Vietnamese and
neither a traceback: :class:`~kehoach.diagnostics.PlanError` (the plan is
wrong, at a line and column) and :class:`TemplateError` (the Word template is
wrong: every plan would fail the same way, so the build stops). Nothing is
written in either case: the document is rendered in memory and only then
written, atomically.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import TemplateError as JinjaTemplateError

from kehoach.docmodel import LaidOutDocument
from kehoach.layout import layout
from kehoach.loader import load_plan
from kehoach.output import write_atomically
from kehoach.render_docx import context, render_docx
from kehoach.resolve import resolve
from kehoach.workspace import TEMPLATE, display_path, inside, output_path


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


def build_plan(root: Path, plan_path: Path, out_dir: Path) -> Path:
    """Build ``plan_path`` into ``out_dir``; returns the written path.

    Raises PlanError (bad plan) or TemplateError (bad template); the target
    is untouched in both cases.
    """
    loaded = load_plan(plan_path, display_path(root, plan_path))
    document = layout(resolve(root, loaded))
    template = inside(root, TEMPLATE)
    data = render_with_template(document, template, display_path(root, template))
    target = output_path(root, plan_path, out_dir)
    write_atomically(target, data)
    return target


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
            shown, f"mẫu Word có lỗi cú pháp Jinja: {_one_line(exc.message or str(exc))}"
        ) from None
    except SecurityError as exc:
        raise TemplateError(
            shown, f"mẫu Word dùng thao tác bị cấm trong sandbox Jinja: {_one_line(str(exc))}"
        ) from None
    except JinjaTemplateError as exc:
        raise TemplateError(shown, f"mẫu Word không dùng được: {_one_line(str(exc))}") from None


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


_UNDEFINED_NAME = re.compile(r"^'([^']+)' is undefined$")
_MISSING_ATTRIBUTE = re.compile(r"^'[^']+' has no attribute '([^']+)'$")


def _undefined_message(exc: UndefinedError, document: LaidOutDocument, template: Path) -> str:
    """«mẫu Word dùng biến «x» (trong word/document.xml) không có …», with the known names."""
    text = str(exc.message or exc)
    known = ", ".join(_variable_names(context(document)))
    name = _UNDEFINED_NAME.match(text)
    if name is not None:
        variable = name.group(1)
        return (
            f"mẫu Word dùng biến «{variable}»{_parts_using(template, variable)} không có trong "
            f"dữ liệu kế hoạch (các biến có: {known})"
        )
    attribute = _MISSING_ATTRIBUTE.match(text)
    if attribute is not None:
        field = attribute.group(1)
        return (
            f"mẫu Word dùng thuộc tính «{field}»{_parts_using(template, field)} không có trong "
            f"dữ liệu kế hoạch (các biến có: {known})"
        )
    return f"mẫu Word dùng một giá trị không có trong dữ liệu kế hoạch ({_one_line(text)})"


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


def _one_line(text: str) -> str:
    return " ".join(text.split())
