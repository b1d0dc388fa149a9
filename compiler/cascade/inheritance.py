"""Resolution of ``extends``: the chain of ancestors of a plan, loaded once per process.

A plan says ``extends: plans/can-tho/kh-219-2025.yaml`` (a path from the
repository root). Following it walks the whole chain (a ward → the city → the
national programme) because a grandparent's rules bind the grandchild too
(:mod:`kehoach.cascade.narrowing` checks them). A link that cannot be followed is an
error with a position: a missing parent, a parent outside the repository
(``../../etc/x``, an absolute path, a symlink out: :func:`~kehoach.base.workspace.inside`
resolves them all), an unreadable parent, or a cycle.

Why it is built this way:

- Ancestors are loaded once per process (:func:`load_cached`, keyed on the
  resolved path and the file's mtime and size) and their records indexed
  once per parent (:class:`Catalogue`, cached per chain): a national cascade
  has ~3,400 children of a few dozen parents, and re-parsing KH 219 for each
  ward would be most of the run. Only ancestors are cached, not every plan,
  so memory grows with the number of parents, not of children.
- Targets and tasks are matched by id, or by ``implements`` when the child
  names the parent record differently; the match follows each ancestor's own
  ``implements`` upward (:meth:`Catalogue.target_rules`), so a child record is
  compared with every level that defines it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kehoach.base.diagnostics import Diagnostic, Location, PlanError
from kehoach.base.files import require_regular
from kehoach.base.workspace import (
    OutsideRepository,
    display_path,
    forget_real_paths,
    inside,
    real_path,
)
from kehoach.schema.models import Plan
from kehoach.source.loader import KeyPath, LoadedPlan, load_plan

MAX_DEPTH = 32
"""Longest chain of ``extends`` followed (a real cascade has three or four levels)."""

# --- loading, once per process --------------------------------------------------

_FileKey = tuple[int, int]
_plans: dict[Path, tuple[_FileKey, LoadedPlan | PlanError]] = {}


def _file_key(path: Path) -> _FileKey:
    """The version of the file at ``path``; NotARegularFile (an OSError) for a FIFO, a device:
    they are refused before any read, which could wait forever."""
    stat = path.stat()
    require_regular(path, stat.st_mode)
    return (stat.st_mtime_ns, stat.st_size)


def load_cached(root: Path, path: Path) -> LoadedPlan:
    """The plan at ``path`` (relative to ``root``), parsed at most once per file version.

    Raises OutsideRepository, FileNotFoundError, NotARegularFile (or another
    OSError) and PlanError like the loader; a failed load is cached too, so a broken
    parent is reported without being re-read for each child.
    """
    resolved = inside(root, path)
    key = _file_key(resolved)
    hit = _plans.get(resolved)
    if hit is None or hit[0] != key:
        try:
            result: LoadedPlan | PlanError = load_plan(
                resolved, display_path(root, resolved), root=root
            )
        except PlanError as error:
            result = error
        hit = (key, result)
        _plans[resolved] = hit
    if isinstance(hit[1], PlanError):
        raise hit[1]
    return hit[1]


def cached_source(root: Path, shown: str) -> str | None:
    """The text of the plan displayed as ``shown``, from :func:`load_cached` (None if unreadable).

    For the excerpts of a report: a parent's line is printed from the text
    already loaded to check its children, and a parent that failed to load
    still has the text its own diagnostics were measured against.
    """
    try:
        return load_cached(root, Path(shown)).source
    except PlanError as error:
        return error.sources.get(shown)
    except (OSError, OutsideRepository):
        return None


def clear_cache() -> None:
    """Forget every loaded plan and catalogue (tests; long-running tools)."""
    _plans.clear()
    _catalogues.clear()
    _shown.clear()
    forget_real_paths()


# --- positions --------------------------------------------------------------------


_shown: dict[tuple[Path, Path], str] = {}


def shown(root: Path, loaded: LoadedPlan) -> str:
    """How a plan's path is printed: relative to the repository root.

    Memoised: every finding asks it, and resolving paths is a dozen system
    calls each time.
    """
    key = (root, loaded.path)
    if key not in _shown:
        _shown[key] = display_path(root, real_path(loaded.path))
    return _shown[key]


def where(root: Path, loaded: LoadedPlan, path: KeyPath) -> Location:
    """The position of ``path`` in ``loaded``, or of its nearest written ancestor key."""
    for end in range(len(path), -1, -1):
        found = loaded.positions.get(path[:end])
        if found is not None:
            return Location(shown(root, loaded), found[0], found[1])
    return Location(shown(root, loaded), 1, 1)


# --- the chain of ancestors ---------------------------------------------------------


@dataclass(frozen=True)
class Chain:
    """The ancestors of a plan, nearest first, and what went wrong resolving them."""

    ancestors: tuple[LoadedPlan, ...]
    findings: tuple[Diagnostic, ...] = ()


class _BrokenLink(Exception):
    """An ``extends`` that cannot be followed: a finding code, its message, where it is."""

    def __init__(self, code: str, message: str, at: Location | None) -> None:
        super().__init__(message)
        self.code, self.message, self.at = code, message, at


def chain(root: Path, loaded: LoadedPlan) -> Chain:
    """Follow ``extends`` from ``loaded`` to the top, stopping at the first broken link.

    A broken link (missing file, outside the repository, unreadable plan,
    cycle, chain too long) is an error located at ``loaded``'s own
    ``extends``; its parent position names the ancestor line at fault when
    the break is higher up (or closes a cycle).
    """
    seen = {real_path(loaded.path)}
    ancestors: list[LoadedPlan] = []
    current = loaded
    try:
        while current.plan.extends is not None:
            if len(ancestors) >= MAX_DEPTH:
                raise _BrokenLink("chain-too-deep", f"chuỗi kế thừa dài quá {MAX_DEPTH} cấp", None)
            current = _parent(root, current, loaded, [loaded, *ancestors], seen)
            ancestors.append(current)
    except _BrokenLink as broken:
        start = where(root, loaded, ("extends",))
        return Chain(
            tuple(ancestors), (Diagnostic("error", broken.code, broken.message, start, broken.at),)
        )
    return Chain(tuple(ancestors))


def _parent(
    root: Path, current: LoadedPlan, child: LoadedPlan, walked: list[LoadedPlan], seen: set[Path]
) -> LoadedPlan:
    """The plan ``current`` extends; raises _BrokenLink saying why it cannot be had."""
    target = current.plan.extends or ""
    link = where(root, current, ("extends",))
    higher = None if current is child else link
    try:
        resolved = inside(root, Path(target))
    except (OSError, RuntimeError):  # a symlink loop, a name too long
        raise _BrokenLink(
            "parent-missing", f"không đọc được đường dẫn kế hoạch cấp trên «{target}»", higher
        ) from None
    except OutsideRepository:
        raise _BrokenLink(
            "parent-outside",
            f"kế hoạch cấp trên «{target}» nằm ngoài kho: extends phải là đường dẫn trong kho, "
            "tính từ thư mục gốc",
            higher,
        ) from None
    if resolved in seen:
        cycle = " → ".join([*(shown(root, p) for p in walked), display_path(root, resolved)])
        raise _BrokenLink("parent-cycle", f"chuỗi kế thừa bị vòng: {cycle}", link)
    try:
        parent = load_cached(root, Path(target))
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        raise _BrokenLink(
            "parent-missing", f"không tìm thấy kế hoạch cấp trên «{target}»", higher
        ) from None
    except OSError as error:
        raise _BrokenLink(
            "parent-missing",
            f"không đọc được kế hoạch cấp trên «{target}»: {error.strerror}",
            higher,
        ) from None
    except PlanError as error:
        first = error.diagnostics[0] if error.diagnostics else None
        raise _BrokenLink(
            "parent-invalid",
            f"kế hoạch cấp trên «{target}» có lỗi nên không kiểm tra được kế thừa"
            + (f": {first.message}" if first else ""),
            first.at if first else higher,
        ) from None
    seen.add(resolved)
    return parent


# --- the records of the ancestors ---------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One ancestor's record (target or task) and where it is written."""

    level: int
    owner: LoadedPlan
    index: int

    @property
    def plan(self) -> Plan:
        return self.owner.plan


@dataclass(eq=False)
class Catalogue:
    """The records of a parent and its ancestors, indexed once per parent.

    ``ancestors[0]`` is the parent; level ``n`` in a :class:`Rule` is an index
    into ``ancestors``. Compared and hashed by identity: one catalogue stands
    for one chain of loaded plans, so what is derived from it can be
    remembered per catalogue (:func:`~kehoach.cascade.requirements.requirements`).
    """

    ancestors: tuple[LoadedPlan, ...]
    target_index: list[dict[str, int]] = field(default_factory=list)
    task_index: list[dict[str, int]] = field(default_factory=list)
    _rules: dict[tuple[str, int, str], tuple[Rule, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, ancestors: tuple[LoadedPlan, ...]) -> Catalogue:
        catalogue = cls(ancestors)
        for owner in ancestors:
            catalogue.target_index.append({t.id: i for i, t in enumerate(owner.plan.targets)})
            catalogue.task_index.append({t.id: i for i, t in enumerate(owner.plan.tasks)})
        return catalogue

    @property
    def parent(self) -> LoadedPlan:
        return self.ancestors[0]

    def target_rules(self, key: str, start: int = 0) -> tuple[Rule, ...]:
        """The ancestor targets ``key`` stands for, nearest first, following ``implements``.

        ``start`` is the first level searched (the level a record comes from,
        when following an ancestor's own target upward).
        """
        return self._rules_of("targets", key, start)

    def task_rules(self, key: str, start: int = 0) -> tuple[Rule, ...]:
        """The ancestor tasks ``key`` implements, nearest first, following ``implements``."""
        return self._rules_of("tasks", key, start)

    def _rules_of(self, kind: str, key: str, start: int) -> tuple[Rule, ...]:
        cached = self._rules.get((kind, start, key))
        if cached is not None:
            return cached
        index = self.target_index if kind == "targets" else self.task_index
        rules: list[Rule] = []
        level, ident = start, key
        while level < len(self.ancestors):
            found = next((lv for lv in range(level, len(index)) if ident in index[lv]), None)
            if found is None:
                break
            i = index[found][ident]
            rules.append(Rule(found, self.ancestors[found], i))
            record = getattr(self.ancestors[found].plan, kind)[i]
            ident = record.implements or record.id
            level = found + 1
        self._rules[(kind, start, key)] = tuple(rules)
        return self._rules[(kind, start, key)]


_catalogues: dict[Path, Catalogue] = {}


def catalogue(parent_chain: tuple[LoadedPlan, ...]) -> Catalogue:
    """The catalogue of a chain (parent first), reused while the same loaded plans make it.

    :func:`load_cached` returns the same object while a file is unchanged, so
    identity says whether the cached catalogue still describes the chain
    (comparing by value would walk every position map).
    """
    parent = real_path(parent_chain[0].path)
    hit = _catalogues.get(parent)
    if (
        hit is None
        or len(hit.ancestors) != len(parent_chain)
        or any(a is not b for a, b in zip(hit.ancestors, parent_chain, strict=True))
    ):
        hit = Catalogue.of(parent_chain)
        _catalogues[parent] = hit
    return hit
