"""``kehoach build -j N`` and the Makefile's single batch call (issue 7).

A pool of workers must change nothing but the wall time: the same bytes,
the same messages in the same order, the same exit code as a serial build;
and ``make`` must hand every stale plan to one ``kehoach build`` process
while still rebuilding a child when its parent changes. No test here times
anything: speed is measured by ``make bench``, not asserted.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import (
    KEHOACH,
    LONG_MY,
    REPO,
    Build,
    copy_cascade,
    copy_repository,
    documents,
    make_checkout,
    make_repository,
    run_kehoach,
)

from kehoach.cli.batch import Outcome
from kehoach.cli.commands import main
from kehoach.cli.progress import PROGRESS_EVERY, Progress


def test_four_workers_give_the_bytes_and_messages_of_one(real_build: Build, tmp_path: Path) -> None:
    """The real plans/: -j 4 writes the bytes of -j 1, says the same, exits the same."""
    root = copy_repository(tmp_path)
    serial = real_build.result
    parallel = run_kehoach(root, "build", "plans", "-o", "build/j4", "-j", "4")
    assert len(real_build.documents) >= 7, serial.stderr
    assert documents(root / "build" / "j4") == real_build.documents
    assert parallel.returncode == serial.returncode
    assert parallel.stderr == serial.stderr
    assert parallel.stdout.replace("build/j4/", "build/j1/") == serial.stdout
    assert "Traceback" not in parallel.stderr


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Four plans, the second broken: outcomes must come back in this order."""
    make_repository(tmp_path)
    copy_cascade(tmp_path)
    text = (REPO / LONG_MY).read_text(encoding="utf-8")
    (tmp_path / "plans" / "x").mkdir(parents=True)
    for name in ("a", "c", "d"):
        (tmp_path / "plans" / "x" / f"{name}.yaml").write_text(text, encoding="utf-8")
    broken = text.replace("document:", "document:\n  titel: sai", 1)
    (tmp_path / "plans" / "x" / "b.yaml").write_text(broken, encoding="utf-8")
    return tmp_path


def test_pool_reports_in_input_order_like_serial(mixed: Path) -> None:
    results = {}
    for jobs in ("1", "3"):
        result = CliRunner().invoke(
            main, ["build", "--root", str(mixed), "plans/x", "-j", jobs, "-o", f"build/j{jobs}"]
        )
        results[jobs] = result
    serial, parallel = results["1"], results["3"]
    assert serial.exit_code == parallel.exit_code == 2
    assert parallel.output.replace("build/j3", "build/j1") == serial.output
    lines = [line for line in serial.output.splitlines() if line.startswith("đã tạo")]
    assert lines == [f"đã tạo build/j1/x/{n}.docx" for n in ("a", "c", "d")]
    assert "plans/x/b.yaml:" in serial.output and "titel" in serial.output
    assert documents(mixed / "build" / "j3") == documents(mixed / "build" / "j1")


def test_check_with_workers_reports_like_serial(mixed: Path) -> None:
    """Text and JSON reports, findings order and exit code do not depend on -j."""
    copy = mixed / "plans" / "x" / "e.yaml"
    copy.write_text(
        (REPO / LONG_MY).read_text(encoding="utf-8").replace("2026-2027: 100%", "2026-2027: 90%"),
        encoding="utf-8",
    )
    for fmt in ("text", "json"):
        outputs = [
            CliRunner().invoke(
                main, ["check", "--root", str(mixed), "plans", "--format", fmt, "-j", jobs]
            )
            for jobs in ("1", "3")
        ]
        assert outputs[0].exit_code == outputs[1].exit_code == 2
        assert outputs[0].output == outputs[1].output
        assert "below-floor" in outputs[0].output and "titel" in outputs[0].output


def test_progress_without_terminal_is_a_line_per_hundred() -> None:
    lines: list[str] = []
    progress = Progress(2 * PROGRESS_EVERY + 50, terminal=False)
    for _ in range(progress.total):
        progress.step(Outcome("built", "x"), lines.append)
    progress.close()
    assert lines == ["đã tạo 100/250 văn bản…", "đã tạo 200/250 văn bản…"]
    assert not progress.quiet_successes


def test_jobs_must_be_positive(mixed: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--root", str(mixed), "-j", "0"])
    assert result.exit_code == 2 and "Traceback" not in result.output


# --- the Makefile ----------------------------------------------------------------------


@pytest.fixture
def make_repo(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the repository with five plans under make, and a log of kehoach calls."""
    make_checkout(tmp_path)
    copy_cascade(tmp_path)
    for i in range(3):
        target = tmp_path / "plans" / "can-tho" / "xa" / f"kh-{i}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / LONG_MY, target)
    log = tmp_path / "calls.log"
    wrapper = tmp_path / "kehoach-logged"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {KEHOACH} "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return tmp_path, wrapper


def _make(root: Path, wrapper: Path, *goals: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-o", ".venv/.installed", f"KEHOACH={wrapper}", *goals],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env=os.environ | {"MAKEFLAGS": ""},
    )


def _calls(root: Path) -> list[str]:
    """The kehoach calls make made, but the update of the rules (`deps`) after a build."""
    log = root / "calls.log"
    calls = log.read_text().splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return [call for call in calls if not call.startswith("deps ")]


def test_make_builds_every_stale_plan_in_one_call(make_repo: tuple[Path, Path]) -> None:
    root, wrapper = make_repo
    first = _make(root, wrapper)
    assert first.returncode == 0, first.stdout + first.stderr
    (call,) = _calls(root)
    assert call.startswith("build ") and call.count(".yaml") == 5
    assert len(documents(root / "build")) == 5

    again = _make(root, wrapper)
    assert again.returncode == 0 and _calls(root) == []  # no-op: kehoach never started

    os.utime(root / "plans" / "can-tho" / "xa" / "kh-1.yaml")
    _make(root, wrapper)
    assert _calls(root) == ["build plans/can-tho/xa/kh-1.yaml"]

    os.utime(root / "plans" / "can-tho" / "kh-219-2025.yaml")  # the parent: children follow
    _make(root, wrapper)
    (call,) = _calls(root)
    assert sorted(call.split()[1:]) == [
        "plans/can-tho/kh-219-2025.yaml",
        *(f"plans/can-tho/xa/kh-{i}.yaml" for i in range(3)),
    ]
    assert not list((root / "build").glob(".stale*"))  # each make removes its own list


def test_make_follows_a_new_parent_after_rebuilding_the_child(
    make_repo: tuple[Path, Path],
) -> None:
    """build/.deps.mk is brought up to date after each build, not before (no make restart):
    a plan re-pointed to another parent is rebuilt by its own edit, and from then on
    whenever the new parent changes."""
    root, wrapper = make_repo
    assert _make(root, wrapper).returncode == 0
    _calls(root)
    child = root / "plans" / "can-tho" / "xa" / "kh-0.yaml"
    text = child.read_text(encoding="utf-8")
    parent = "extends: plans/can-tho/kh-219-2025.yaml"
    child.write_text(text.replace(parent, "extends: plans/can-tho/xa/kh-1.yaml"))
    edited = _make(root, wrapper)
    assert edited.returncode == 0, edited.stdout + edited.stderr
    assert _calls(root) == ["build plans/can-tho/xa/kh-0.yaml"]

    os.utime(root / "plans" / "can-tho" / "xa" / "kh-1.yaml")  # the new parent
    _make(root, wrapper)
    (call,) = _calls(root)
    assert sorted(call.split()[1:]) == ["plans/can-tho/xa/kh-0.yaml", "plans/can-tho/xa/kh-1.yaml"]


def test_make_survives_a_renamed_parent(make_repo: tuple[Path, Path]) -> None:
    """A parent renamed (children re-pointed): make rebuilds the children instead of stopping
    at «No rule to make target» for the old name, and the next make has nothing to do."""
    root, wrapper = make_repo
    assert _make(root, wrapper).returncode == 0
    _calls(root)
    old, new = "plans/can-tho/kh-219-2025.yaml", "plans/can-tho/kh-219-moi.yaml"
    (root / old).rename(root / new)
    for plan in (root / "plans").rglob("*.yaml"):
        text = plan.read_text(encoding="utf-8")
        if old in text:
            plan.write_text(text.replace(old, new), encoding="utf-8")
    renamed = _make(root, wrapper)
    assert renamed.returncode == 0, renamed.stdout + renamed.stderr
    (call,) = _calls(root)
    assert {f"plans/can-tho/xa/kh-{i}.yaml" for i in range(3)} <= set(call.split()[1:])
    assert old not in (root / "build" / ".deps.mk").read_text(encoding="utf-8")
    again = _make(root, wrapper)
    assert again.returncode == 0 and _calls(root) == []


def test_make_one_document_by_name(make_repo: tuple[Path, Path]) -> None:
    root, wrapper = make_repo
    result = _make(root, wrapper, "build/can-tho/xa/kh-0.docx")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _calls(root) == ["build plans/can-tho/xa/kh-0.yaml"]
    assert (root / "build" / "can-tho" / "xa" / "kh-0.docx").exists()


def test_deps_cache_gives_the_same_rules_and_sees_edits(mixed: Path) -> None:
    """`kehoach deps --cache`: same rules as without; an edited plan is re-read."""
    from kehoach.base.workspace import find_plans
    from kehoach.cli.deps import make_rules

    plans = find_plans(mixed, [Path("plans")])
    cache = mixed / "build" / ".deps.cache"
    plain = make_rules(mixed, plans, Path("build"))
    assert make_rules(mixed, plans, Path("build"), cache) == plain
    assert cache.exists()
    assert make_rules(mixed, plans, Path("build"), cache) == plain  # from the cache
    orphan = mixed / "plans" / "x" / "c.yaml"
    text = orphan.read_text(encoding="utf-8")
    orphan.write_text(text.replace("extends:", "# extends:", 1) + "\n", encoding="utf-8")
    edited = make_rules(mixed, plans, Path("build"), cache)
    assert edited == make_rules(mixed, plans, Path("build"))
    # Without its extends, c keeps only the plan its basis cites, not the chain above.
    assert "build/x/c.docx: plans/can-tho/kh-219-2025.yaml\n" in edited
    assert "build/x/c.docx: plans/can-tho/kh-219-2025.yaml\n" not in plain
    cache.write_text("{không phải json", encoding="utf-8")
    assert make_rules(mixed, plans, Path("build"), cache) == edited
