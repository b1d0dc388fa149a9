"""One plan from YAML to .docx: load, lay out, render, write. The stages meet only here."""

from __future__ import annotations

from pathlib import Path

from kehoach.layout import layout
from kehoach.loader import load_plan
from kehoach.output import write_atomically
from kehoach.render_docx import render_docx
from kehoach.workspace import TEMPLATE, display_path, inside, output_path


def build_plan(root: Path, plan_path: Path, out_dir: Path) -> Path:
    """Build ``plan_path`` into ``out_dir``; returns the written path. Raises PlanError."""
    loaded = load_plan(plan_path, display_path(root, plan_path))
    data = render_docx(layout(loaded.plan), inside(root, TEMPLATE))
    target = output_path(root, plan_path, out_dir)
    write_atomically(target, data)
    return target
