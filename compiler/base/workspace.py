"""Where things are: plan files found under the given paths, and where their outputs go.

Every path read is resolved and must stay inside the repository root, so a
plan list can never reach outside it (symlinks included). Outputs may go
anywhere but onto a source (:mod:`kehoach.base.targets`).
"""

from __future__ import annotations

import os
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
    """Plan files named or found (recursively, sorted) under the given paths."""
    found: list[Path] = []
    for path in paths:
        resolved = inside(root, path)
        if resolved.is_dir():
            found.extend(sorted(_plan_files(resolved)))
        elif resolved.is_file():
            found.append(resolved)
        else:
            raise FileNotFoundError(f"không tìm thấy «{path}»")
    return list(dict.fromkeys(found))


def _plan_files(top: Path) -> list[Path]:
    """Plan files under ``top``, as ``rglob`` finds them (symlinked folders not entered).

    ``os.walk`` rather than ``Path.rglob``: the same files at a quarter of
    the time, which a national repository (thousands of folders) notices on
    every ``kehoach check``.
    """
    found: list[Path] = []
    for folder, _folders, files in os.walk(top):
        for name in files:
            path = os.path.join(folder, name)
            if os.path.splitext(name)[1] in PLAN_SUFFIXES and os.path.isfile(path):
                found.append(Path(path))
    return found


def display_path(root: Path, path: Path) -> str:
    """The path as a clerk reads it in messages: relative to the repository root."""
    return path.relative_to(real_path(root)).as_posix()


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
