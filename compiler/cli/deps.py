"""``kehoach deps``: the Makefile rules that rebuild a child when an ancestor changes.

A child's document depends on more than its own file: its ``extends`` chain
decides whether it builds at all (a floor raised in the city's plan can make
a ward's plan fail), and each ``{cite: …}`` basis line prints the cited
plan's number, date and title. ``make`` learns this from one generated file
of rules ``build/x.docx: plans/parent.yaml plans/grandparent.yaml``.

The references are found with two line patterns rather than the YAML parser:
the file is regenerated whenever any plan changes, and scanning thousands of
plans must take a blink, not a minute. A reference the patterns miss (an
exotic YAML spelling) only costs a rebuild; a path they find that is not a
plan inside the repository is ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from kehoach.base.files import read_regular
from kehoach.base.workspace import (
    display_path,
    inside,
    output_relative,
    regular_inside,
)
from kehoach.cli.make_names import unmakeable

# Each pattern starts with its literal key, so the regex engine jumps from one
# «extends:» / «cite:» to the next instead of trying an alternation at every
# character (a 23 KB plan took 0.7 ms a pattern; 3,400 plans, several visits each,
# made `make` wait 15 s). What must precede the key is checked afterwards.
_EXTENDS = re.compile(r"""extends:[ \t]*["']?([^"'#\s]+)""")
_CITE = re.compile(r"""cite:[ \t]*["']?([^"'#\s,}]+)""")


def _found(pattern: re.Pattern[str], text: str, follows: Callable[[str], bool]) -> list[str]:
    """Matches of ``pattern`` at the start of the text or where ``follows(previous character)``."""
    return [
        m.group(1) for m in pattern.finditer(text) if m.start() == 0 or follows(text[m.start() - 1])
    ]


def _line_start(previous: str) -> bool:
    return previous == "\n"  # where «^» matches in re.MULTILINE


def _key_start(previous: str) -> bool:
    return previous.isspace() or previous in "{,"  # «[\s{,]»: str.isspace is re's «\s»


@lru_cache(maxsize=4096)
def references(text: str) -> tuple[list[str], list[str]]:
    """(extends targets, cited paths) written in a plan's text.

    ``extends:`` counts at the start of a line only (a top-level key);
    ``cite:`` also after a space, ``{`` or ``,`` (a key in a basis entry,
    block or flow style). Memoised on the text: a parent's text is looked at
    once per child, and a string's hash is computed once and kept.
    """
    return _found(_EXTENDS, text, _line_start), _found(_CITE, text, _key_start)


def _existing(root: Path, written: str, known: dict[str, Path | None] | None = None) -> Path | None:
    """The plan a reference names, if it is a regular file inside the repository (memoised in
    ``known``)."""
    if known is not None and written in known:
        return known[written]
    path = regular_inside(root, Path(written))
    if known is not None:
        known[written] = path
    return path


_Refs = tuple[list[str], list[str]]


class ReferenceCache:
    """The references of each plan file, kept between runs and keyed on (mtime, size).

    After an edit of one plan, ``make`` regenerates the rules of all of them;
    reading and scanning 3,400 files (80 MB) was most of the one-edit
    rebuild. With this cache only the files whose modification time or size
    changed are read again; the others cost one ``stat``. A missing,
    unreadable or foreign cache file is simply an empty cache.
    """

    VERSION = 1

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.entries: dict[str, list[Any]] = {}
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("version") == self.VERSION:
                    self.entries = dict(data["files"])
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                self.entries = {}

    def references(self, path: Path, texts: dict[Path, str]) -> _Refs:
        try:
            stat = path.stat()
            key: list[int] | None = [stat.st_mtime_ns, stat.st_size]
        except OSError:
            key = None
        entry = self.entries.get(str(path))
        if key is not None and entry is not None and entry[:2] == key:
            return entry[2], entry[3]
        text = texts.get(path)
        if text is None:
            try:
                text = read_regular(path).decode("utf-8-sig", errors="replace")
            except OSError:
                text = ""
            texts[path] = text
        found = references(text)
        if key is not None:
            self.entries[str(path)] = [*key, *found]
        return found

    def save(self) -> None:
        if self.path is None:
            return
        from kehoach.base.output import write_atomically

        data = {"version": self.VERSION, "files": self.entries}
        write_atomically(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def dependencies(
    root: Path,
    plan: Path,
    texts: dict[Path, str],
    known: dict[str, Path | None] | None = None,
    cache: ReferenceCache | None = None,
) -> list[Path]:
    """Every ancestor of ``plan`` (transitively) and every plan it cites, sorted.

    ``texts``, ``known`` (reference → resolved plan) and ``cache`` (references
    of each file) are shared by the calls of one run: thousands of children
    name the same few parents. A plan that is not a regular file inside the
    repository has none: it is never read, and the build refuses it.
    """
    start = regular_inside(root, plan)
    return [] if start is None else _dependencies(root, start, texts, known, cache)


def _dependencies(
    root: Path,
    start: Path,
    texts: dict[Path, str],
    known: dict[str, Path | None] | None,
    cache: ReferenceCache | None,
) -> list[Path]:
    """:func:`dependencies` of a plan path already resolved (resolving costs a stat a level)."""
    found: set[Path] = set()
    pending = [start]
    refs = cache if cache is not None else ReferenceCache()
    while pending:
        current = pending.pop()
        parents, cited = refs.references(current, texts)
        for written in parents:
            parent = _existing(root, written, known)
            if parent is not None and parent not in found and parent != start:
                found.add(parent)
                pending.append(parent)
        if current == start:
            found.update(p for p in (_existing(root, c, known) for c in cited) if p and p != start)
    return sorted(found)


def make_rules(
    root: Path, plans: Iterable[Path], out_dir: Path, cache_file: Path | None = None
) -> str:
    """One ``target: prerequisites`` line per plan that depends on other plans.

    ``cache_file`` keeps each plan's references between runs (see
    :class:`ReferenceCache`); the rules are the same with or without it.
    No rule names a path make cannot read (:mod:`kehoach.cli.make_names`):
    one such line would stop make for every plan, while the Makefile leaves
    those plans out and fails naming them, so nothing is silently stale for
    long.
    """
    cache = ReferenceCache(cache_file)
    texts: dict[Path, str] = {}
    known: dict[str, Path | None] = {}
    shown: dict[Path, str] = {}
    top = root.resolve()
    out_top = inside(root, out_dir)

    def _target(plan: Path) -> str:
        """``output_path`` with the root and output directory resolved once, not per plan."""
        return (out_top / output_relative(plan.relative_to(top))).relative_to(top).as_posix()

    lines = ["# Sinh bởi «kehoach deps»: kế hoạch cấp dưới được biên dịch lại khi cấp trên đổi."]
    for plan in plans:
        resolved = regular_inside(root, plan)
        if resolved is None:
            continue  # leads out of the repository, a FIFO…: never read, the build refuses it
        target = _target(resolved)
        if unmakeable(target):
            continue
        deps = _dependencies(root, resolved, texts, known, cache)
        for d in deps:
            if d not in shown:
                shown[d] = display_path(root, d)
        prerequisites = " ".join(shown[d] for d in deps if not unmakeable(shown[d]))
        if prerequisites:
            lines.append(f"{target}: {prerequisites}")
    # An empty rule for each plan depended on (gcc -MP does the same for
    # headers): when a parent is renamed or deleted, make rebuilds its former
    # children instead of stopping at «No rule to make target», and the
    # rules written after that build no longer name it.
    lines += [f"{name}:" for name in sorted(set(shown.values())) if not unmakeable(name)]
    cache.save()
    return "\n".join(lines) + "\n"
