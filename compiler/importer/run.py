"""The import from end to end: read, recognise, write YAML, prove it builds, then write.

The plan is compiled in memory through every stage of ``kehoach build``
(load, resolve, layout, render) before a byte is written: an import whose
plan would not build writes nothing. The plan and its report are then
written atomically (:func:`kehoach.base.output.write_atomically`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kehoach.importer.errors import UnbuildablePlan
from kehoach.importer.pandoc import Reading, version_note
from kehoach.importer.source import prepared

if TYPE_CHECKING:
    from kehoach.importer.recognise import Recognised


@dataclass(frozen=True)
class Imported:
    """The plan text, its report, and what the import found (for the command and tests)."""

    text: str
    report: str
    recognised: Recognised


def _shown(root: Path, target: Path) -> str:
    """The plan's name in messages: relative to the repository when it is inside, else the
    path the user typed (``-o`` may name a file anywhere: it is theirs)."""
    from kehoach.base.workspace import display_path

    return display_path(root, target) if target.is_absolute() else str(target)


def import_document(source: Path, root: Path, target: Path, parent: Path | None = None) -> Imported:
    """The plan file for the Word document ``source``, to be written at ``target``.

    ``parent``: the plan it extends (inside ``root``): records are matched to
    the parent's by wording. Raises ImportRefused for an unreadable input and
    PlanError when the plan made from it would not build (a bug of the import).
    """
    root = root.resolve()
    with prepared(source) as ready:
        reading = Reading(ready.docx)
        try:
            # pandoc runs on the other core while the schema and the compiler load
            from kehoach.base.diagnostics import PlanError
            from kehoach.importer import blocks as blocks_module
            from kehoach.importer.blocks import flatten
            from kehoach.importer.emit import dump
            from kehoach.importer.features import features
            from kehoach.importer.matching import match_parent
            from kehoach.importer.recognise import recognise
            from kehoach.importer.sections import attach_numbers, read_layout
            from kehoach.pipeline import Source, Stage, compile_plan
            from kehoach.writers import template  # noqa: F401  (the build check renders)

            blocks_module.FOOTNOTES_SUPPORTED = features().footnotes
            blocks_module.REMOVED[0] = 0
            layout = read_layout(ready.docx)
            ast, version = reading.result(), reading.version
        finally:
            reading.stop()
    blocks = flatten(ast)
    numbered = attach_numbers(blocks, layout.numbers)
    found = recognise(blocks, layout.sections)
    report = found.report
    if numbered:
        report.recognised.append(
            f"{numbered} đề mục đánh số tự động của Word (numbering.xml): số đọc từ danh sách"
        )
    note = version_note(version)
    if note:
        report.notes.append(note)
    if blocks_module.REMOVED[0]:
        report.notes.append(
            f"đã bỏ {blocks_module.REMOVED[0]} ký tự vô hình (gạch nối mềm, khoảng trắng độ rộng "
            "0, ký tự điều khiển): chúng không in ra và tệp kế hoạch không được chứa chúng"
        )
    if ready.converted_from:
        report.notes.append(f"tệp {ready.converted_from} được LibreOffice chuyển sang .docx trước")
    if parent is not None:
        match_parent(found, root, parent)
    text = dump(found.plan, report, source.name)
    shown = _shown(root, target)
    try:
        compile_plan(
            Source(root, target, shown, text.encode("utf-8")), until=Stage.RENDER, draft=True
        )
    except PlanError as error:
        raise UnbuildablePlan(error.render()) from None
    return Imported(text, report.render(source.name, shown), found)
