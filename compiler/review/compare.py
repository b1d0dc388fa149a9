"""``kehoach diff`` and ``kehoach redline``: the two review views of a change (DESIGN §7).

Kept out of the CLI module so the commands stay thin shells and the
comparisons can be tested without a terminal. Both read their two sides
through :mod:`kehoach.source.versions` (a file or ``REV:path``, as bytes) and
take them through the same pipeline as ``kehoach build``
(:func:`kehoach.pipeline.compile_plan`): ``diff`` as far as loading,
``redline`` through rendering. Every failure to read a side becomes
:class:`Unreadable`, which the CLI prints as Vietnamese lines and exit code
2, as ``diff`` does for a missing file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kehoach.base.diagnostics import PlanError
from kehoach.base.workspace import OutsideRepository
from kehoach.cascade.impact import child_impact
from kehoach.pipeline import Compiled, Source, Stage, compile_plan
from kehoach.review.plandiff import Report, diff_plans
from kehoach.source.versions import Version, VersionError, commit_stamp, parse_version, read_version


class Unreadable(Exception):
    """One side cannot be read, loaded or laid out; ``lines`` say why, in Vietnamese."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def _side(root: Path, spec: str) -> tuple[Version, Compiled]:
    """One version read (as bytes, from the file or from git) and loaded by the pipeline."""
    try:
        version = parse_version(root, spec)
        source = Source(
            root, root.resolve() / version.path, version.shown, read_version(root, version)
        )
        return version, compile_plan(source, until=Stage.LOAD)
    except (VersionError, OutsideRepository) as error:
        raise Unreadable([f"lỗi: {error}"]) from None
    except PlanError as error:
        raise Unreadable([error.render()]) from None


def compare(root: Path, old_spec: str, new_spec: str, with_children: bool = False) -> Report:
    """The semantic diff of two versions (and, on request, its effect on the children)."""
    old_version, old = _side(root, old_spec)
    new_version, new = _side(root, new_spec)
    changes = tuple(diff_plans(old.loaded.plan, new.loaded.plan))
    children: tuple[object, ...] = ()
    if with_children:
        children = tuple(child_impact(root, new_version.path, old.loaded, new.loaded))
    return Report(old_version.shown, new_version.shown, changes, children)


@dataclass(frozen=True)
class Stamp:
    """Author and date written on every tracked change of a redline."""

    author: str
    date: str


def _laid_out(side: Compiled) -> Compiled:
    """The version laid out as ``kehoach build`` would, even if it breaks a parent's rule.

    A draft under review may well fall below a parent's floor: that is for
    ``kehoach check`` to say, and the reviewer still needs to see the text
    (``draft``). Only basis citations that cannot be written stop a redline.
    """
    try:
        return compile_plan(side, until=Stage.LAYOUT, draft=True)
    except PlanError as error:
        raise Unreadable(
            [error.render(), f"lỗi: không dàn trang được «{side.source.shown}»"]
        ) from None


def redline_bytes(
    root: Path,
    old_spec: str,
    new_spec: str,
    author: str | None = None,
    date: str | None = None,
) -> tuple[bytes, Stamp, bool]:
    """The redline .docx of OLD → NEW, the stamp used, and whether anything changed.

    Author and date: as given; else the commit of NEW when it is ``REV:path``;
    else «kehoach» and the NEW plan's own date. Never the clock: the same
    two versions give the same bytes.
    """
    from kehoach.writers.redline import redline
    from kehoach.writers.template import TemplateError

    _, old = _side(root, old_spec)
    new_version, new = _side(root, new_spec)
    old, new = _laid_out(old), _laid_out(new)
    if new_version.commit is not None and (author is None or date is None):
        try:
            commit_author, commit_date = commit_stamp(root, new_version)
        except VersionError as error:
            raise Unreadable([f"lỗi: {error}"]) from None
        author = author or commit_author
        date = date or commit_date
    if date is None:
        y, m, d = new.document.properties.date
        date = f"{y:04d}-{m:02d}-{d:02d}T00:00:00Z"
    stamp = Stamp(author or "kehoach", _iso(date))
    try:
        old_bytes = compile_plan(old).data
        new_bytes = compile_plan(new).data
    except TemplateError as error:
        raise Unreadable([error.render()]) from None
    data, changed = redline(old_bytes, new_bytes, stamp.author, stamp.date)
    return data, stamp, changed


def _iso(date: str) -> str:
    """A date as Word writes w:date: «2026-01-05» → «2026-01-05T00:00:00Z»."""
    text = date.strip()
    if len(text) == 10:
        return f"{text}T00:00:00Z"
    return text
