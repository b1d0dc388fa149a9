"""What the test suite must leave as it found it: the repository's plans and its build/.

The tests write only under pytest's temporary directories, so that ``make``
and ``make test`` can run side by side in one checkout. Two checks hold
them to it (conftest wires both):

* during the session, :func:`refuse_writes` makes ``os.replace`` (the last
  step of every kehoach write) fail for a target under a guarded folder, so
  a test writing there from this process fails at once, by name;
* at the end, :func:`snapshot` is compared with the one taken at the start,
  which also catches what subprocesses wrote (``kehoach``, ``make``).

Running the suite with the repository read-only would be simpler, but the
tests run as root in CI, and root writes anyway. A ``make`` running beside
the tests legitimately rewrites build/, so the snapshot leaves out what the
Makefile makes (:func:`made_by_make`); the folders of sources the suite
must never write (plans/, tests/fixtures/) are compared file by file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

GUARDED = ("plans", "tests/fixtures", "build")
"""Folders of the repository the suite must not change."""

MAKE_FILES = {".code", ".deps.mk", ".deps.cache"}
"""build/'s own files, written by every ``make``."""

STALE_LIST = ".stale."
"""The prefix of the list of stale plans each ``make`` writes (mktemp) and removes."""

PDF_STAGING = ".kehoach-pdf-"
"""The prefix of the folders ``kehoach pdf`` (``make pdf``) converts in, beside the PDFs."""

Snapshot = dict[str, tuple[int, int]]


def snapshot(repo: Path) -> Snapshot:
    """Each file under the guarded folders → (mtime in ns, size), but build/'s make products."""
    plans = {
        p.relative_to(repo / "plans").with_suffix("").as_posix()
        for p in (repo / "plans").rglob("*")
        if p.suffix in (".yaml", ".yml")
    }
    state: Snapshot = {}
    for folder in GUARDED:
        for path in (repo / folder).rglob("*"):
            relative = path.relative_to(repo).as_posix()
            if path.is_file() and not made_by_make(PurePosixPath(relative), plans):
                info = path.stat()
                state[relative] = (info.st_mtime_ns, info.st_size)
    return state


def made_by_make(path: PurePosixPath, plans: set[str]) -> bool:
    """Whether the Makefile writes ``path``: build/'s own files, build/diff/, the .docx and
    .pdf of a plan (``plans`` holds the plans' paths under plans/, without suffix), with the
    hidden temporary files of their atomic writes (``.<name>.<random>.tmp``) and the PDFs'
    staging folders."""
    if path.parts[0] != "build" or len(path.parts) < 2:
        return False
    inside = PurePosixPath(*path.parts[1:])
    if inside.parts[0] == "diff" or inside.as_posix() in MAKE_FILES:
        return True
    if inside.name.startswith(STALE_LIST):
        return True
    if any(part.startswith(PDF_STAGING) for part in inside.parts):
        return True
    name = inside.name
    if name.startswith(".") and name.endswith(".tmp"):
        name = name[1:].rsplit(".", 2)[0]  # .kh.docx.abc123.tmp → kh.docx
        inside = inside.with_name(name)
        if inside.as_posix() in MAKE_FILES:
            return True
    return inside.suffix in (".docx", ".pdf") and inside.with_suffix("").as_posix() in plans


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    """The files added, removed or modified, as «+ path», «- path», «~ path»."""
    return sorted(
        [f"+ {p}" for p in after.keys() - before.keys()]
        + [f"- {p}" for p in before.keys() - after.keys()]
        + [f"~ {p}" for p in before.keys() & after.keys() if before[p] != after[p]]
    )


def refuse_writes(repo: Path) -> Callable[..., Any]:
    """An ``os.replace`` that raises for a destination under a guarded folder of ``repo``."""
    real_replace = os.replace
    guarded = [(repo / folder).resolve() for folder in GUARDED]

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> Any:
        target = Path(os.fsdecode(dst)).resolve()
        if any(target.is_relative_to(folder) for folder in guarded):
            raise AssertionError(f"a test wrote {target} into the repository: use tmp_path")
        return real_replace(src, dst, *args, **kwargs)

    return replace
