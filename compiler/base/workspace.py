"""Where things are: plan files found under the given paths, and where their outputs go.

Every path read is resolved and must stay inside the repository root, so a
plan list can never reach outside it (symlinks included). Outputs may go
anywhere but onto a source (:mod:`kehoach.base.targets`). A plan file found
under a folder (or named) is listed whatever it is and wherever its links
lead; the loader refuses it when it comes to read it (:func:`find_plans`), so
that it costs its own plan only.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PLAN_SUFFIXES = (".yaml", ".yml")
TEMPLATE = Path("templates") / "ke-hoach.docx"


class OutsideRepository(ValueError):
    """A path that resolves outside the repository root."""


_real_paths: dict[Path, Path] = {}


def real_path(path: Path) -> Path:
    """``path.resolve()``, remembered for the rest of the process.

    Resolving walks every component with a system call (a dozen for a plan
    deep in plans/); checking a national cascade asks again for the same
    ancestors and the same root for each of thousands of plans, which was a
    third of the inheritance check. A process is one command run, during
    which the repository's symlinks are not expected to move;
    :func:`forget_real_paths` empties the memo for long-lived callers.
    """
    found = _real_paths.get(path)
    if found is None:
        found = _real_paths[path] = path.resolve()
    return found


def forget_real_paths() -> None:
    _real_paths.clear()


def inside(root: Path, path: Path) -> Path:
    """``path`` resolved, or OutsideRepository when it leaves ``root``."""
    resolved = real_path(root / path)
    top = real_path(root)
    if not resolved.is_relative_to(top):
        # The root as the system knows it: «--root .» printed as «(.)» named no folder.
        raise OutsideRepository(
            f"đường dẫn «{path}» nằm ngoài kho «{top}» (thư mục --root, mặc định là thư mục "
            "đang đứng); hãy dùng một đường dẫn trong kho, hoặc chỉ đúng kho bằng --root"
        )
    return resolved


def find_plans(root: Path, paths: list[Path]) -> list[Path]:
    """Plan files named or found (recursively, sorted) under the given paths.

    A path whose letters leave ``root`` (``../x``, another absolute path) and
    that does not resolve into it, or a named folder that resolves outside
    it, stops the command (OutsideRepository): the user typed it. A regular
    file named inside is returned resolved (the walk keeps the names it
    finds). Every other file named or found is returned,
    whatever it is and wherever its symlinks lead: a file named inside the
    repository that leads out of it (``plans/x.yaml -> /etc/passwd``), a FIFO,
    a broken link. Each is then refused when read
    (:func:`kehoach.source.loader.load_plan`), as one finding of its own,
    so that one such file among thousands costs its plan only, not the
    others (``make`` names every ``*.yaml`` it finds).
    """
    found: list[Path] = []
    for path in paths:
        named = lexically_inside(root, path)
        if named is None or named.is_dir():
            resolved = inside(root, path)  # typed outside, or a folder: it must resolve inside
            if resolved.is_dir():
                found.extend(sorted(_plan_files(resolved)))
                continue
            named = resolved
        if not os.path.lexists(named):
            raise FileNotFoundError(f"không tìm thấy «{path}»")
        found.append(regular_inside(root, named) or named)
    return list(dict.fromkeys(found))


def lexically_inside(root: Path, path: Path) -> Path | None:
    """``path`` under the resolved root by its letters alone (no link followed), or None
    when its letters leave the root (``..`` above it, another absolute path)."""
    relative = os.path.relpath(os.path.normpath(root.absolute() / path), root.absolute())
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return real_path(root) / relative


def _plan_files(top: Path) -> list[Path]:
    """Every non-folder entry named like a plan under ``top`` (symlinked folders not entered).

    Not only regular files: a symlink (even one leading out of the
    repository or nowhere), a FIFO or a device named ``*.yaml`` is listed
    too, so that it is refused with a message rather than silently skipped
    here and then named by ``make``, which lists every ``*.yaml``.
    ``os.walk`` rather than ``Path.rglob``: the same files at a quarter of
    the time, which a national repository (thousands of folders) notices on
    every ``kehoach check``.
    """
    found: list[Path] = []
    for folder, _folders, files in os.walk(top):
        for name in files:
            if os.path.splitext(name)[1] in PLAN_SUFFIXES:
                found.append(Path(folder, name))
    return found


def regular_inside(root: Path, path: Path) -> Path | None:
    """``path`` resolved when it is a regular file inside ``root``; None for anything else
    (outside, missing, a folder, a FIFO, a device, a symlink loop)."""
    try:
        resolved = inside(root, path)
        return resolved if stat.S_ISREG(resolved.stat().st_mode) else None
    except (OutsideRepository, OSError, RuntimeError, ValueError):
        return None


def display_path(root: Path, path: Path) -> str:
    """The path as a clerk reads it in messages: relative to the repository root, or whole
    when it lies outside (a file the user named with ``-o``, which is theirs)."""
    try:
        return path.relative_to(real_path(root)).as_posix()
    except ValueError:
        return path.as_posix()


def output_path(root: Path, plan: Path, out_dir: Path, suffix: str = ".docx") -> Path:
    """build/<path under plans/>.docx: the build tree mirrors plans/.

    ``out_dir`` may lie outside the repository (``-o /tmp/x``); where it may
    not lie is :mod:`kehoach.base.targets`' business.
    """
    relative = output_relative(plan.relative_to(real_path(root)), suffix)
    return real_path(root / out_dir) / relative


def output_relative(plan: Path, suffix: str = ".docx") -> Path:
    """The output of the plan at ``plan`` (relative to the root) relative to the output folder:
    ``plans/a/b.yaml`` → ``a/b.docx``; a plan outside plans/ keeps its whole path."""
    if plan.parts and plan.parts[0] == "plans":
        plan = Path(*plan.parts[1:])
    return plan.with_suffix(suffix)
