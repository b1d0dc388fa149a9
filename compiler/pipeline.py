"""The one path a plan takes: source → plan → resolved plan → document model → .docx bytes.

Every command goes through :func:`compile_plan`, as far as it needs:
``kehoach check`` runs every stage in memory (a plan it passes builds; the
only failures left to ``build`` are the file system's), ``diff`` after
loading, ``redline`` after rendering both versions, ``build``
and ``pdf`` render and write (:func:`build_plan`), the bench lays documents
out. The stages hand each other plain data, as pandoc's reader and writers
do, gathered in a :class:`Compiled` that a later call can take further.

One error policy, whatever the command. Two kinds of failure leave this
module, both printable in Vietnamese and neither a traceback:
:class:`~kehoach.base.diagnostics.PlanError` (the plan is wrong, at a line
and column: a bad file, or an error the resolve stage found) and
:class:`~kehoach.writers.template.TemplateError` (the Word template is
wrong: every plan would fail the same way, so the build stops). Anything
else is a bug of kehoach and propagates. Nothing is written on failure: the
document is rendered in memory and only then written, atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

from kehoach.base.diagnostics import Diagnostic
from kehoach.base.output import write_atomically
from kehoach.base.workspace import TEMPLATE, display_path, inside, output_path
from kehoach.cascade.resolve import refusal, resolve
from kehoach.cascade.resolved import ResolvedPlan
from kehoach.source.loader import LoadedPlan, load_plan, load_plan_bytes

if TYPE_CHECKING:
    from kehoach.model.document import LaidOutDocument


class Stage(IntEnum):
    """How far :func:`compile_plan` goes; each stage needs the ones before it."""

    LOAD = 1
    """Bytes → validated plan (PlanError for a bad file)."""
    RESOLVE = 2
    """Parents checked, cited plans loaded: findings and the resolved plan."""
    LAYOUT = 3
    """The document model (PlanError if the resolve stage found an error)."""
    RENDER = 4
    """The .docx bytes, through the Word template (TemplateError)."""


@dataclass(frozen=True)
class Source:
    """Where a plan comes from: a file, or its bytes (a version from git) and a name to show.

    ``path`` is the plan's place in the repository even when ``data`` holds
    its content: its ``extends`` and citations are found from ``root``.
    ``shown`` names it in messages (``plans/x.yaml``, ``HEAD~1:plans/x.yaml``).
    """

    root: Path
    path: Path
    shown: str
    data: bytes | None = None

    @classmethod
    def file(cls, root: Path, path: Path) -> Source:
        """The plan file ``path`` (inside ``root``), shown relative to the root."""
        return cls(root, path, display_path(root, path))


@dataclass(frozen=True)
class Compiled:
    """What :func:`compile_plan` made of a source, up to ``stage``.

    ``findings``: the resolve stage's (inheritance, citations), in order.
    ``resolved``: the resolved plan, None before the resolve stage or when a
    citation cannot be written. :attr:`document` and :attr:`data` are the
    layout's and the writer's outputs; asking one of a result that stopped
    before it is a bug (RuntimeError).
    """

    source: Source
    stage: Stage
    loaded: LoadedPlan
    findings: tuple[Diagnostic, ...] = ()
    resolved: ResolvedPlan | None = None
    laid_out: LaidOutDocument | None = None
    rendered: bytes | None = None

    @property
    def document(self) -> LaidOutDocument:
        """The document model; compile with ``until=Stage.LAYOUT`` or later."""
        if self.laid_out is None:
            raise RuntimeError(f"«{self.source.shown}» chưa được dàn trang")
        return self.laid_out

    @property
    def data(self) -> bytes:
        """The .docx bytes; compile with ``until=Stage.RENDER``."""
        if self.rendered is None:
            raise RuntimeError(f"«{self.source.shown}» chưa được kết xuất")
        return self.rendered


def compile_plan(
    start: Source | Compiled, *, until: Stage = Stage.RENDER, draft: bool = False
) -> Compiled:
    """Run the stages from ``start`` (a source, or an earlier result) through ``until``.

    ``draft``: lay the plan out even when it breaks a parent's rule, as a
    draft under review must be shown (``kehoach check`` is where that is
    said); only citations that cannot be written stop it, since the document
    cannot be printed without them. Otherwise any error finding stops the
    layout stage, exactly like a schema error.

    Raises PlanError (the plan) or TemplateError (the template); see the
    module docstring.
    """
    compiled = start if isinstance(start, Compiled) else Compiled(start, Stage.LOAD, _load(start))
    source, loaded = compiled.source, compiled.loaded
    if compiled.stage < Stage.RESOLVE <= until:
        resolution = resolve(source.root, loaded)
        compiled = replace(
            compiled, stage=Stage.RESOLVE, findings=resolution.findings, resolved=resolution.plan
        )
    if compiled.stage < Stage.LAYOUT <= until:
        errors = [f for f in compiled.findings if f.is_error]
        if compiled.resolved is None or (errors and not draft):
            raise refusal(source.root, loaded, errors)
        compiled = replace(compiled, stage=Stage.LAYOUT, laid_out=_lay_out(compiled.resolved))
    if compiled.stage < Stage.RENDER <= until:
        compiled = replace(
            compiled, stage=Stage.RENDER, rendered=_render(source.root, compiled.document)
        )
    return compiled


def _load(source: Source) -> LoadedPlan:
    if source.data is None:
        return load_plan(source.path, source.shown, root=source.root)
    return load_plan_bytes(source.data, source.shown, source.path)


def _lay_out(resolved: ResolvedPlan) -> LaidOutDocument:
    """The document model of ``resolved``.

    Layout and the document model are imported here, on first use, like the
    writer below: ``kehoach diff`` stops before them, and each import is
    start-up time.
    """
    from kehoach.layout.body import layout

    return layout(resolved)


def _render(root: Path, document: LaidOutDocument) -> bytes:
    """The .docx bytes of ``document`` through the repository's Word template.

    The writer is imported here, on first use: commands that stop earlier
    (``diff``) never load docxtpl, python-docx or Jinja.
    """
    from kehoach.writers.template import render_with_template

    template = inside(root, TEMPLATE)
    return render_with_template(document, template, display_path(root, template))


def build_plan(root: Path, plan_path: Path, out_dir: Path) -> Path:
    """Build ``plan_path`` into ``out_dir``; returns the written path.

    Raises PlanError (bad plan) or TemplateError (bad template); the target
    is untouched in both cases.
    """
    data = compile_plan(Source.file(root, plan_path)).data
    target = output_path(root, plan_path, out_dir)
    write_atomically(target, data)
    return target
