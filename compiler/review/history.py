"""Reviewing a repository's history: every plan a revision (or each commit of a range) touched.

``make diff REV=…`` compares a revision with the working tree, ``kehoach
review A..B`` walks the commits of a range. Both need the list of plan files
that changed, *whatever* the change: modified, added (also a new file not
yet committed), deleted or renamed (``git diff -M``; a line diff filter on
«modified» alone skipped the rest). Each becomes a report; an added or
deleted plan is one change that says so, a renamed one a comparison of its
two paths headed by the rename.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kehoach.base.output import write_atomically
from kehoach.review.compare import Unreadable, compare, redline_bytes
from kehoach.review.plandiff import Change
from kehoach.review.report import Report, render
from kehoach.source.versions import VersionError, git_output, resolve_revision

PLAN_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class PlanChange:
    """A plan file a revision touched: A (added), D (deleted), M (modified), R (renamed)."""

    status: str
    old_path: str | None
    new_path: str | None

    @property
    def path(self) -> str:
        return self.new_path or self.old_path or ""


def _is_plan(path: str) -> bool:
    return path.endswith(PLAN_SUFFIXES)


def changed_plans(root: Path, old: str, new: str | None, under: str = "plans") -> list[PlanChange]:
    """Plans that differ between commit ``old`` and commit ``new`` (None: the working tree)."""
    args = ["diff", "--name-status", "-M", "-z", "--no-ext-diff", old]
    if new is not None:
        args.append(new)
    fields = git_output(root, *args, "--", under).split("\0")
    found: list[PlanChange] = []
    k = 0
    while k < len(fields) and fields[k]:
        status = fields[k][0]
        if status in "RC":
            old_path, new_path = fields[k + 1], fields[k + 2]
            k += 3
        else:
            old_path = new_path = fields[k + 1]
            k += 2
        if not (_is_plan(old_path) or _is_plan(new_path)):
            continue
        if status == "A":
            found.append(PlanChange("A", None, new_path))
        elif status == "D":
            found.append(PlanChange("D", old_path, None))
        elif status == "R":
            found.append(PlanChange("R", old_path, new_path))
        else:
            found.append(PlanChange("M", old_path, new_path))
    if new is None:
        others = git_output(root, "ls-files", "--others", "--exclude-standard", "-z", "--", under)
        found.extend(PlanChange("A", None, p) for p in others.split("\0") if p and _is_plan(p))
    return sorted(found, key=lambda c: c.path)


def _title(root: Path, spec: str) -> str:
    from kehoach.review.compare import side

    try:
        plan = side(root, spec).compiled.loaded.plan
    except Unreadable:
        return spec
    return " ".join(plan.document.title.split())


def plan_report(root: Path, change: PlanChange, old_rev: str, new_rev: str | None) -> Report:
    """The report of one plan file's change between two revisions (``new_rev`` None: the files)."""

    def spec(rev: str | None, path: str) -> str:
        return f"{rev}:{path}" if rev is not None else path

    if change.status == "A":
        assert change.new_path is not None
        new_spec = spec(new_rev, change.new_path)
        added = Change("file", "added", change.new_path, new=_title(root, new_spec))
        return Report("(chưa có)", new_spec, (added,))
    if change.status == "D":
        assert change.old_path is not None
        old_spec = spec(old_rev, change.old_path)
        removed = Change("file", "removed", change.old_path, old=_title(root, old_spec))
        return Report(old_spec, "(đã xóa)", (removed,))
    assert change.old_path is not None and change.new_path is not None
    report = compare(root, spec(old_rev, change.old_path), spec(new_rev, change.new_path))
    if change.status == "R":
        moved = Change("file", "renamed", change.new_path, old=change.old_path, new=change.new_path)
        return Report(
            report.old, report.new, (moved, *report.changes), report.children, report.findings
        )
    return report


def write_plan_outputs(
    root: Path, out: Path, change: PlanChange, report: Report, old_rev: str, new_rev: str | None
) -> list[Path]:
    """The .txt and .md reports and, for a plan on both sides, the redline .docx."""
    inside = Path(change.path).with_suffix("")
    if inside.parts[:1] == ("plans",):
        inside = inside.relative_to("plans")
    stem = out / inside  # plans/a/b.yaml → out/a/b
    written = []
    for suffix, fmt in ((".txt", "text"), (".md", "markdown")):
        target = stem.with_name(stem.name + suffix)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, (render(report, fmt) + "\n").encode("utf-8"))  # type: ignore[arg-type]
        written.append(target)
    if change.old_path and change.new_path:
        old_spec = f"{old_rev}:{change.old_path}"
        new_spec = f"{new_rev}:{change.new_path}" if new_rev else change.new_path
        data, _, _ = redline_bytes(root, old_spec, new_spec)
        target = stem.with_name(stem.name + ".docx")
        write_atomically(target, data)
        written.append(target)
    return written


@dataclass(frozen=True)
class Commit:
    """One commit of a reviewed range: its name, author, date and message."""

    sha: str
    parent: str | None
    author: str
    date: str
    subject: str
    body: str


def commits(root: Path, spec: str) -> list[Commit]:
    """The commits of ``A..B`` (or of one revision: that commit alone), oldest first."""
    if ".." in spec:
        first, _, last = spec.partition("..")
        resolve_revision(root, first or "HEAD")
        resolve_revision(root, last or "HEAD")
        names = git_output(root, "rev-list", "--reverse", "--end-of-options", spec, "--").split()
    else:
        names = [resolve_revision(root, spec)]
    found = []
    for sha in names:
        log = git_output(
            root,
            "log",
            "-1",
            "--format=%P%x00%an%x00%ad%x00%s%x00%b",
            "--date=format-local:%Y-%m-%d %H:%M",
            sha,
            "--",
        )
        parents, author, date, subject, body = (log.split("\0") + [""] * 5)[:5]
        parent = parents.split()[0] if parents.split() else None
        found.append(Commit(sha, parent, author, date, subject, body.strip()))
    return found


EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
"""git's empty tree: what a root commit is compared with."""


def review_range(
    root: Path, spec: str, out: Path
) -> tuple[list[tuple[Commit, list[Report]]], Path]:
    """One report per commit of ``spec`` under ``out`` (Markdown), and an index; returns both."""
    done: list[tuple[Commit, list[Report]]] = []
    index_lines = [f"# Soát xét {spec}", ""]
    for number, commit in enumerate(commits(root, spec), start=1):
        base = commit.parent or EMPTY_TREE
        reports = []
        for change in changed_plans(root, base, commit.sha):
            try:
                reports.append(plan_report(root, change, base, commit.sha))
            except (Unreadable, VersionError) as error:
                lines = error.lines if isinstance(error, Unreadable) else [str(error)]
                broken = Change(
                    "file", "changed", change.path, "text", old="", new="; ".join(lines)
                )
                reports.append(Report(change.path, change.path, (broken,)))
        name = f"{number:03d}-{commit.sha[:10]}.md"
        page = [
            f"## {commit.subject}",
            "",
            f"- commit: `{commit.sha}`",
            f"- tác giả: {commit.author}",
            f"- ngày: {commit.date}",
        ]
        if commit.body:
            page += ["", commit.body]
        page.append("")
        if not reports:
            page.append("Không có kế hoạch nào thay đổi.")
        for report in reports:
            page += [render(report, "markdown"), ""]
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, ("\n".join(page) + "\n").encode("utf-8"))
        count = sum(len(r.changes) for r in reports)
        index_lines.append(
            f"{number}. [{commit.subject}]({name}) — {commit.author}, {commit.date}: "
            f"{len(reports)} kế hoạch, {count} thay đổi"
        )
        done.append((commit, reports))
    index = out / "index.md"
    write_atomically(index, ("\n".join(index_lines) + "\n").encode("utf-8"))
    return done, index
