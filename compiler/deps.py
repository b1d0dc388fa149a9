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

import re
from collections.abc import Iterable
from pathlib import Path

from kehoach.workspace import OutsideRepository, display_path, inside, output_path

_EXTENDS = re.compile(r"""^extends:[ \t]*["']?([^"'#\s]+)""", re.MULTILINE)
_CITE = re.compile(r"""(?:^|[\s{,])cite:[ \t]*["']?([^"'#\s,}]+)""", re.MULTILINE)


def references(text: str) -> tuple[list[str], list[str]]:
    """(extends targets, cited paths) written in a plan's text."""
    return _EXTENDS.findall(text), _CITE.findall(text)


def _existing(root: Path, written: str) -> Path | None:
    try:
        path = inside(root, Path(written))
    except (OutsideRepository, ValueError):
        return None
    return path if path.is_file() else None


def dependencies(root: Path, plan: Path, texts: dict[Path, str]) -> list[Path]:
    """Every ancestor of ``plan`` (transitively) and every plan it cites, sorted."""
    found: set[Path] = set()
    start = plan.resolve()
    pending = [start]
    while pending:
        current = pending.pop()
        text = texts.get(current)
        if text is None:
            try:
                text = current.read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                text = ""
            texts[current] = text
        parents, cited = references(text)
        for written in parents:
            parent = _existing(root, written)
            if parent is not None and parent not in found and parent != start:
                found.add(parent)
                pending.append(parent)
        if current == start:
            found.update(p for p in (_existing(root, c) for c in cited) if p and p != start)
    return sorted(found)


def _make_path(text: str) -> str:
    """Escape what make treats specially in a prerequisite list."""
    return re.sub(r"([ #\\])", r"\\\1", text).replace("$", "$$")


def make_rules(root: Path, plans: Iterable[Path], out_dir: Path) -> str:
    """One ``target: prerequisites`` line per plan that depends on other plans."""
    texts: dict[Path, str] = {}
    lines = ["# Sinh bởi «kehoach deps»: kế hoạch cấp dưới được biên dịch lại khi cấp trên đổi."]
    for plan in plans:
        deps = dependencies(root, plan, texts)
        if not deps:
            continue
        target = display_path(root, output_path(root, plan.resolve(), out_dir))
        prerequisites = " ".join(_make_path(display_path(root, d)) for d in deps)
        lines.append(f"{_make_path(target)}: {prerequisites}")
    return "\n".join(lines) + "\n"
