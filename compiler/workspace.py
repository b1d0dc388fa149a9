"""Where things are: plan files found under the given paths, and where their outputs go.

Every path is resolved and must stay inside the repository root, so a plan
list or an output directory can never reach outside it (symlinks included).
"""

from __future__ import annotations

from pathlib import Path

PLAN_SUFFIXES = (".yaml", ".yml")
TEMPLATE = Path("templates") / "ke-hoach.docx"


class OutsideRepository(ValueError):
    """A path that resolves outside the repository root."""


def inside(root: Path, path: Path) -> Path:
    """``path`` resolved, or OutsideRepository when it leaves ``root``."""
    resolved = (root / path).resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise OutsideRepository(f"đường dẫn «{path}» nằm ngoài kho ({root})")
    return resolved


def find_plans(root: Path, paths: list[Path]) -> list[Path]:
    """Plan files named or found (recursively, sorted) under the given paths."""
    found: list[Path] = []
    for path in paths:
        resolved = inside(root, path)
        if resolved.is_dir():
            found.extend(
                sorted(p for p in resolved.rglob("*") if p.suffix in PLAN_SUFFIXES and p.is_file())
            )
        elif resolved.is_file():
            found.append(resolved)
        else:
            raise FileNotFoundError(f"không tìm thấy «{path}»")
    return list(dict.fromkeys(found))


def display_path(root: Path, path: Path) -> str:
    """The path as a clerk reads it in messages: relative to the repository root."""
    return path.relative_to(root.resolve()).as_posix()


def output_path(root: Path, plan: Path, out_dir: Path, suffix: str = ".docx") -> Path:
    """build/<path under plans/>.docx: the build tree mirrors plans/."""
    relative = plan.relative_to(root.resolve())
    if relative.parts and relative.parts[0] == "plans":
        relative = Path(*relative.parts[1:])
    return inside(root, out_dir) / relative.with_suffix(suffix)
