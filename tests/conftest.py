"""Shared fixtures: throwaway repositories, the real plans built once, LibreOffice, the guards.

Every output goes under pytest's temporary directory, never into the
repository: a test that builds the real plans builds them in a copy of the
repository (:func:`copy_repository`), so that nothing it writes (documents,
make's files) can land in the repository. ``untouched.py`` checks it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from libreoffice import LibreOffice, install_stubs, without
from untouched import changes, refuse_writes, snapshot

from kehoach.pipeline import build_plan

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
KEHOACH = Path(sys.executable).with_name("kehoach")
"""The console script of the venv running the tests."""
LONG_MY = Path("plans/can-tho/long-my/kh-cqs-2026-2030.yaml")
CASCADE = (Path("plans/can-tho/kh-219-2025.yaml"), Path("plans/trung-uong/qd-2629-2025.yaml"))
"""The ancestors of LONG_MY (its ``extends`` chain and cited plan).

A throwaway repository holding a copy of LONG_MY needs them at the same paths,
or the copy fails to build (missing parent) like any orphaned plan would.
"""


def minimal_plan(*, title: str = "Kế hoạch thử", body: str = "Nội dung.", tail: str = "") -> str:
    """The YAML of a small valid plan: ``title``, one body line (written quoted, so any text
    stays a string) and ``tail`` (more top-level keys, e.g. a signature) appended."""
    quoted = body.replace("\\", "\\\\").replace('"', '\\"')
    return f"""\
document:
  issuer:
    name: Ủy ban nhân dân phường Thử
    abbr: UBND
  place: Cần Thơ
  date: {{year: 2026, month: 3, day: 5}}
  title: {title}
  period: 2026-2030
body:
  - title: Mục tiêu
    text:
      - "{quoted}"
{tail}"""


def sample_document(**changes: object) -> dict[str, object]:
    """The ``document`` block of a small plan written as data (a provincial KH, number 12,
    dated 5 March 2026, period 2026-2030); ``changes`` replace keys, None removes one."""
    document: dict[str, object] = {
        "issuer": {"name": "Ủy ban nhân dân tỉnh Lâm Đồng", "abbr": "UBND"},
        "number": 12,
        "place": "Lâm Đồng",
        "date": {"year": 2026, "month": 3, "day": 5},
        "title": "Kế hoạch thử",
        "period": "2026-2030",
    }
    document.update(changes)
    return {key: value for key, value in document.items() if value is not None}


def copy_cascade(root: Path) -> None:
    """Copy LONG_MY's ancestors into the repository at ``root`` (same relative paths)."""
    for relative in CASCADE:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / relative, root / relative)


def make_repository(root: Path) -> Path:
    """A throwaway repository at ``root``: the real template and an empty plans/."""
    (root / "templates").mkdir(parents=True)
    shutil.copy(REPO / "templates" / "ke-hoach.docx", root / "templates")
    (root / "plans").mkdir()
    return root


def copy_repository(root: Path) -> Path:
    """A throwaway repository at ``root`` holding the real template and every real plan.

    Copies, not symlinks: kehoach refuses a plan whose real path leaves the
    repository root.
    """
    make_repository(root)
    shutil.copytree(REPO / "plans", root / "plans", dirs_exist_ok=True)
    return root


def make_checkout(root: Path) -> Path:
    """A throwaway checkout for ``make`` at ``root``: the Makefile, the code, the template and
    the tests' venv (linked), no plans. Run make with ``-o .venv/.installed``."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    for name in ("compiler", "schema", "templates"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    (root / ".venv").symlink_to(REPO / ".venv")
    return root


def documents(directory: Path) -> dict[str, bytes]:
    """Every document under ``directory`` by relative path (hidden temporary files excluded)."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*.docx"))
        if not p.name.startswith(".")
    }


def run_kehoach(root: Path, *args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    """``kehoach ARGS`` in a fresh process, in the repository at ``root``, with a hash seed."""
    return subprocess.run(
        [str(KEHOACH), *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONHASHSEED": seed},
        timeout=600,
    )


# --- the real plans --------------------------------------------------------------------------


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    """A repository of the test's own, for plans made up by a test."""
    return make_repository(tmp_path)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


class RealPlans:
    """The real plans, copied into a throwaway repository and built on demand, once each.

    On demand so that a test file needing one document builds one (the
    format tests need seed 002 only); once per session so that the files
    needing all of them (seeds, validity) share the builds. The documents
    are shared: tests read them and never change them.
    """

    OUT = Path("build")

    def __init__(self, root: Path) -> None:
        self.root = root
        self._built: dict[Path, Path] = {}

    def docx(self, plan: Path) -> Path:
        """The document of ``plan`` (a path under the repository, e.g. ``plans/x.yaml``)."""
        if plan not in self._built:
            self._built[plan] = build_plan(self.root, self.root / plan, self.OUT)
        return self._built[plan]


@pytest.fixture(scope="session")
def real_plans(tmp_path_factory: pytest.TempPathFactory) -> RealPlans:
    return RealPlans(copy_repository(tmp_path_factory.mktemp("real-plans")))


@pytest.fixture(scope="session")
def long_my_docx(real_plans: RealPlans) -> Path:
    """Seed 002 built from its YAML by the real pipeline."""
    return real_plans.docx(LONG_MY)


@pytest.fixture(scope="session")
def long_my_document(long_my_docx: Path) -> docx.document.Document:
    return docx.Document(str(long_my_docx))


@dataclass(frozen=True)
class Build:
    """One real ``kehoach build`` process over every plan: what it said and what it wrote."""

    root: Path
    result: subprocess.CompletedProcess[str]
    documents: dict[str, bytes]
    finished: float
    """When it ended (``time.time()``)."""


@pytest.fixture(scope="session")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Every real plan built by ``kehoach build plans -o build/j1 -j 1``, hash seed 0, in a copy
    of the repository: the reference other processes (workers, other seeds) must match."""
    root = copy_repository(tmp_path_factory.mktemp("real-build"))
    result = run_kehoach(root, "build", "plans", "-o", "build/j1", "-j", "1")
    built = documents(root / "build" / "j1")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert len(built) == len(list((root / "plans").rglob("*.yaml"))), result.stderr
    return Build(root, result, built, time.time())


# --- LibreOffice: the slow part, marked «libreoffice» (see libreoffice.py) --------------------


@pytest.fixture(scope="session")
def libreoffice(_libreoffice_stubs: Path) -> LibreOffice:
    """The real LibreOffice and poppler tools; asking for them marks the test «libreoffice»."""
    return LibreOffice.find(without(_libreoffice_stubs, os.environ["PATH"]))


@pytest.fixture(scope="session")
def long_my_pdf(
    libreoffice: LibreOffice, long_my_docx: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    return libreoffice.convert_to_pdf(long_my_docx, tmp_path_factory.mktemp("pdf"))


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "libreoffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.libreoffice)


@dataclass
class StubLog:
    path: Path
    seen: int = 0
    """How much of the log earlier tests have accounted for."""


@pytest.fixture(scope="session", autouse=True)
def _libreoffice_stubs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Failing ``soffice``, ``pdftotext``… first on PATH for the session; returns their folder."""
    folder = tmp_path_factory.mktemp("libreoffice-stubs")
    log = folder / "calls.log"
    log.touch()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", install_stubs(folder, log))
        yield folder


@pytest.fixture(scope="session")
def _stub_log(_libreoffice_stubs: Path) -> StubLog:
    return StubLog(_libreoffice_stubs / "calls.log")


@pytest.fixture(autouse=True)
def _libreoffice_only_through_the_fixture(_stub_log: StubLog) -> Iterator[None]:
    """Fail the test (its setup, body or teardown) that ran a LibreOffice stub."""
    yield
    calls = _stub_log.path.read_text(encoding="utf-8")
    new, _stub_log.seen = calls[_stub_log.seen :], len(calls)
    if new:
        pytest.fail(
            "LibreOffice/poppler called without the `libreoffice` fixture (which marks the test "
            f"«libreoffice» for `make test-fast` to leave out): {new.strip()}",
            pytrace=False,
        )


# --- the repository stays as it was (see untouched.py) -----------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _repository_untouched() -> Iterator[None]:
    before = snapshot(REPO)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", refuse_writes(REPO))
        yield
    changed = changes(before, snapshot(REPO))
    assert not changed, "the tests changed the repository (write under tmp_path):\n" + "\n".join(
        changed
    )
