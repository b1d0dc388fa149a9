"""One plan from YAML to .docx: load, resolve, lay out, render, write. The stages meet only here.

Two kinds of failure leave this module, both printable in Vietnamese and
neither a traceback: :class:`~kehoach.base.diagnostics.PlanError` (the plan is
wrong, at a line and column) and :class:`~kehoach.writers.template.TemplateError`
(the Word template is wrong: every plan would fail the same way, so the build
stops). Nothing is
written in either case: the document is rendered in memory and only then
written, atomically.
"""

from __future__ import annotations

from pathlib import Path

from kehoach.base.output import write_atomically
from kehoach.base.workspace import TEMPLATE, display_path, inside, output_path
from kehoach.cascade.resolve import resolve
from kehoach.layout.body import layout
from kehoach.source.loader import load_plan
from kehoach.writers.template import render_with_template


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


