"""``kehoach diff`` and ``kehoach redline``: the two review views of a change (DESIGN §7).

Kept out of the CLI module so the commands stay thin shells and the
comparisons can be tested without a terminal. Both read their two sides
through :mod:`kehoach.source.versions` (a file or ``REV:path``, as bytes) and
take them through the same pipeline as ``kehoach build``
(:func:`kehoach.pipeline.compile_plan`). A ``REV:path`` side is compiled in
that revision's tree (:mod:`kehoach.review.snapshot`), so its parents and
the plans it cites are read as they were then: a parent's change reaches
the child's diff and redline. Every failure to read a side becomes
:class:`Unreadable`, which the CLI prints as Vietnamese lines and exit code
2, as ``diff`` does for a missing file.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kehoach.base.diagnostics import Diagnostic, PlanError
from kehoach.base.workspace import OutsideRepository
from kehoach.cascade.impact import child_impact, floor_table
from kehoach.model.document import LaidOutDocument, text_of
from kehoach.pipeline import Compiled, Source, Stage, compile_plan
from kehoach.review.plandiff import Change, diff_plans, word_diff
from kehoach.review.printed import PrintedIndex, block_texts
from kehoach.review.report import Report
from kehoach.review.snapshot import snapshot
from kehoach.source.loader import LoadedPlan, load_plan_bytes
from kehoach.source.versions import Version, VersionError, commit_stamp, parse_version, read_version


class Unreadable(Exception):
    """One side cannot be read, loaded or laid out; ``lines`` say why, in Vietnamese."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass(frozen=True)
class Side:
    """One version: where it came from, the tree it is compiled in, and how far it got."""

    version: Version
    root: Path
    compiled: Compiled
    data: bytes = b""

    def at(self, root: Path) -> LoadedPlan:
        """This version loaded as if it stood at its path in ``root`` (the working tree).

        What a parent's change does to the children is measured in the
        working tree, where the children are: the version is put in its
        parent's place there.
        """
        return load_plan_bytes(self.data, self.version.shown, root.resolve() / self.version.path)

    @property
    def document(self) -> LaidOutDocument | None:
        return self.compiled.laid_out


def side(root: Path, spec: str) -> Side:
    """One version read (the file, or the blob in its revision's tree), resolved and laid out.

    Laid out as a draft: a version under review may break a parent's rule
    (that is for the report's check findings to say); a citation that
    cannot be written leaves it without a layout, still comparable as data.
    """
    try:
        version = parse_version(root, spec)
        base = root if version.commit is None else snapshot(root, version.commit, version.path)
        data = read_version(root, version)
    except (VersionError, OutsideRepository) as error:
        raise Unreadable([f"lỗi: {error}"]) from None
    return side_of_bytes(base, version, data)


def side_of_bytes(base: Path, version: Version, data: bytes) -> Side:
    """A version whose bytes are at hand, compiled in the tree ``base`` (see :func:`side`)."""
    source = Source(base, base.resolve() / version.path, version.shown, data)
    try:
        compiled = compile_plan(source, until=Stage.RESOLVE)
    except PlanError as error:
        raise Unreadable([error.render()]) from None
    if compiled.resolved is not None:
        with contextlib.suppress(PlanError):  # a citation that cannot be written: data only
            compiled = compile_plan(compiled, until=Stage.LAYOUT, draft=True)
    return Side(version, base, compiled, data)


def _printed_basis(compiled: Compiled) -> list[str] | None:
    if compiled.resolved is None:
        return None
    from kehoach.layout.citations import basis_text

    return [text_of(basis_text(entry)) for entry in compiled.resolved.basis]


def _record_text(plan: Any, change: Change) -> str | None:
    """The words by which a change's item is found in the printed document."""
    kinds = {"target": plan.targets, "task": plan.tasks}
    kinds.update({"target_group": plan.target_groups, "task_group": plan.task_groups})
    if change.area in kinds:
        for record in kinds[change.area]:
            if record.id == change.key:
                text = getattr(record, "text", None) or getattr(record, "title", "")
                return re.sub(r"\{[a-z_]+\}|[*]", " ", str(text))
        return None
    if change.area == "section":
        return change.key.split(" › ")[-1]
    value = change.new if change.new is not None else change.old
    return value if isinstance(value, str) else None


def _printed_at(plan: Any, change: Change) -> tuple[bool, str | None]:
    """Whether a change's item may be printed in the body, and the words of its appendix
    row (None: no row). A task says where it is printed (``in_body``, ``in_appendix``,
    ``appendix_text``); a target has a row only in a table of targets."""
    if change.area == "task":
        for task in plan.tasks:
            if task.id == change.key:
                row = task.appendix_text or task.text
                shown = re.sub(r"[*]", " ", row) if task.in_appendix else None
                return task.in_body, shown
    if change.area == "target" and any(a.source == "targets" for a in plan.appendices):
        return True, _record_text(plan, change)
    return True, None


def _placed(changes: list[Change], old: Side, new: Side) -> list[Change]:
    """Each change with where it is printed (NEW; OLD for a removal) and the sentence there."""
    indexes = {"old": PrintedIndex(old.document), "new": PrintedIndex(new.document)}
    plans = {"old": old.compiled.loaded.plan, "new": new.compiled.loaded.plan}
    placed = []
    for change in changes:
        side_name = "old" if change.action == "removed" else "new"
        if change.area in (
            "basis",
            "intro",
            "recipients",
            "metadata",
            "signature",
            "plan",
            "decision",
        ):
            placed.append(change)
            continue
        if change.area == "appendix":
            found = indexes[side_name].locate_appendix(change.key)
            placed.append(replace(change, where=found.where if found else None))
            continue
        text = _record_text(plans[side_name], change)
        if not text:
            placed.append(change)
            continue
        index = indexes[side_name]
        body_at, row_at = _printed_at(plans[side_name], change)
        in_body = index.locate(text) if body_at else None
        in_row = index.locate_row(row_at) if row_at else None
        where = "; ".join(p.where for p in (in_body, in_row) if p is not None) or None
        sentence = in_body.text if in_body is not None else (in_row.text if in_row else None)
        if change.area == "section":
            sentence = None
        placed.append(replace(change, where=where, sentence=sentence))
    return placed


def _paragraphs(document: LaidOutDocument | None) -> list[str]:
    if document is None:
        return []
    texts = [text for part in document.parts for block in part.body for text in block_texts(block)]
    for appendix in document.appendices:
        if appendix.table is not None:
            texts.extend(block_texts(appendix.table))
        texts.extend(text for block in appendix.body for text in block_texts(block))
    return texts


def _printed_changes(old: Side, new: Side) -> list[Change]:
    """Paragraphs printed differently although the plans' data compare equal (the safety net)."""
    if old.document is None or new.document is None or old.document == new.document:
        return []
    from kehoach.base.align import align_by_content, word_similarity

    a, b = _paragraphs(old.document), _paragraphs(new.document)
    found: list[Change] = []
    for kind, i, j in align_by_content(a, b, lambda x, y: word_similarity(a[x], b[y])):
        if kind == "pair" and i is not None and j is not None:
            found.append(
                Change(
                    "printed",
                    "changed",
                    str(j + 1),
                    "text",
                    None,
                    a[i],
                    b[j],
                    word_diff(a[i], b[j]),
                )
            )
        elif kind == "del" and i is not None:
            found.append(Change("printed", "removed", str(i + 1), None, None, a[i]))
        elif kind == "ins" and j is not None:
            found.append(Change("printed", "added", str(j + 1), None, None, None, b[j]))
    if not found:
        found.append(Change("printed", "changed", "trình bày", "text", None, "", "khác"))
    return found


def _check_lines(old: Side, new: Side) -> tuple[str, ...]:
    """NEW's own check findings that OLD did not have («phát sinh»), one line each."""

    def key(d: Diagnostic) -> tuple[str, str]:
        return (d.code, d.message)

    known = {key(d) for d in old.compiled.findings}
    lines = []
    for finding in new.compiled.findings:
        if key(finding) in known or finding.severity not in ("error", "warning"):
            continue
        level = "lỗi" if finding.is_error else "cảnh báo"
        lines.append(
            f"{new.version.shown}:{finding.at.line}:{finding.at.column}: {level} "
            f"[{finding.code}]: {finding.message}"
        )
    return tuple(lines)


def compare(root: Path, old_spec: str, new_spec: str, with_children: bool = False) -> Report:
    """The semantic diff of two versions (and, on request, its effect on the children)."""
    old, new = side(root, old_spec), side(root, new_spec)
    return compare_sides(root, old, new, with_children)


def compare_sides(root: Path, old: Side, new: Side, with_children: bool = False) -> Report:
    basis_old, basis_new = _printed_basis(old.compiled), _printed_basis(new.compiled)
    basis = (basis_old, basis_new) if basis_old is not None and basis_new is not None else None
    changes = diff_plans(old.compiled.loaded.plan, new.compiled.loaded.plan, basis)
    if not changes:
        changes = _printed_changes(old, new)
    changes = _placed(changes, old, new)
    children: tuple[object, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    if with_children:
        path = new.version.path
        old_here, new_here = old.at(root), new.at(root)
        found: list[object] = list(child_impact(root, path, old_here, new_here))
        found.extend(citing_children(root, path, old, new))
        children = tuple(found)
        rows = floor_table(root, path, old_here, new_here)
        table = tuple(row.cells() for row in rows)
    return Report(
        old.version.shown,
        new.version.shown,
        tuple(changes),
        children,
        _check_lines(old, new),
        table,
    )


@dataclass(frozen=True)
class CitedChange:
    """A child's basis line that the cited plan's change rewrites."""

    child: str
    line: int
    old: str
    new: str

    def as_json(self) -> dict[str, Any]:
        return {
            "child": self.child,
            "action": "cited",
            "line": self.line,
            "old": self.old,
            "new": self.new,
        }

    def describe(self, markdown: bool = False) -> str:
        from kehoach.review.report import marked_words

        place = f"`{self.child}`" if markdown else self.child
        words = marked_words(word_diff(self.old, self.new), markdown)
        return f"{place}, căn cứ dòng {self.line}: {words}"


def citing_children(root: Path, cited_path: str, old: Side, new: Side) -> list[CitedChange]:
    """Basis lines of every plan citing ``cited_path`` that read differently after the change."""
    from kehoach.base.workspace import display_path, find_plans
    from kehoach.cascade.inheritance import load_cached
    from kehoach.cascade.resolved import Citation, cited_document
    from kehoach.layout.citations import citation_text

    target = (root / cited_path).resolve()
    doc_old, doc_new = (
        cited_document(old.compiled.loaded.plan),
        cited_document(new.compiled.loaded.plan),
    )
    if doc_old == doc_new:
        return []
    found: list[CitedChange] = []
    for plan_path in find_plans(root, [Path("plans")]):
        try:
            child = load_cached(root, plan_path)
        except (OSError, RuntimeError, OutsideRepository, PlanError):
            continue
        for number, entry in enumerate(child.plan.basis, start=1):
            if isinstance(entry, str):
                continue
            try:
                if (root / entry.cite).resolve() != target:
                    continue
            except OSError:
                continue
            before = text_of(citation_text(Citation(entry, doc_old)))
            after = text_of(citation_text(Citation(entry, doc_new)))
            if before != after:
                shown = display_path(root, plan_path.resolve())
                found.append(CitedChange(shown, number, before, after))
    return found


# --- redline --------------------------------------------------------------------------


@dataclass(frozen=True)
class Stamp:
    """Author and date written on every tracked change of a redline."""

    author: str
    date: str


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?$")


def valid_date(text: str) -> str:
    """A date as Word writes w:date («2026-01-05» → «2026-01-05T00:00:00Z»); ValueError if not."""
    value = text.strip()
    if not _DATE.match(value):
        raise ValueError(
            f"ngày «{text}» không hợp lệ: hãy viết theo dạng NNNN-TT-NN (ví dụ 2026-01-05) "
            "hoặc NNNN-TT-NNTgg:pp:ssZ"
        )
    if len(value) == 10:
        value += "T00:00:00Z"
    elif len(value) == 16:
        value += ":00Z"
    elif not value.endswith("Z"):
        value += "Z"
    try:
        datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise ValueError(f"ngày «{text}» không có thật (tháng, ngày hoặc giờ sai)") from None
    return value


def _git_user(root: Path) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "config", "user.name"],
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = done.stdout.decode("utf-8", "replace").strip()
    return name or None


def _file_time(root: Path, path: str) -> str | None:
    try:
        stamp = os.stat(root / path).st_mtime
    except OSError:
        return None
    return datetime.fromtimestamp(int(stamp), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stamp_for(root: Path, new: Side, author: str | None, date: str | None) -> Stamp:
    """Author and date: as given; else NEW's commit; else the git user and the file's time."""
    if date is not None:
        try:
            date = valid_date(date)
        except ValueError as error:
            raise Unreadable([f"lỗi: --date: {error}"]) from None
    version = new.version
    if version.commit is not None and (author is None or date is None):
        try:
            commit_author, commit_date = commit_stamp(root, version)
        except VersionError as error:
            raise Unreadable([f"lỗi: {error}"]) from None
        author, date = author or commit_author, date or commit_date
    if version.commit is None:
        author = author or _git_user(root)
        date = date or _file_time(root, version.path)
    if date is None:
        y, m, d = new.compiled.loaded.plan.document.date.year, 1, 1
        date = f"{y:04d}-{m:02d}-{d:02d}T00:00:00Z"
    return Stamp(author or "kehoach", date)


def _rendered(one: Side) -> bytes:
    """The .docx of one side, laid out as a draft (a version under review may break a rule)."""
    from kehoach.writers.template import TemplateError

    try:
        return compile_plan(one.compiled, draft=True).data
    except PlanError as error:
        raise Unreadable(
            [error.render(), f"lỗi: không dàn trang được «{one.version.shown}»"]
        ) from None
    except TemplateError as error:
        raise Unreadable([error.render()]) from None


def redline_bytes(
    root: Path,
    old_spec: str,
    new_spec: str,
    author: str | None = None,
    date: str | None = None,
) -> tuple[bytes, Stamp, bool]:
    """The redline .docx of OLD → NEW, the stamp used, and whether anything changed.

    Author and date: as given (the date checked); else the commit of NEW
    when it is ``REV:path``; else the git user and the file's modification
    time. Never the clock: the same two versions give the same bytes.
    """
    from kehoach.writers.redline import redline

    old, new = side(root, old_spec), side(root, new_spec)
    stamp = stamp_for(root, new, author, date)
    data, changed = redline(_rendered(old), _rendered(new), stamp.author, stamp.date)
    return data, stamp, changed
