"""Golden messages: the exact output of ``kehoach check`` and ``kehoach build`` on bad plans.

A clerk reads these messages, not the code: a changed word, a caret one
column off, a related position that vanished is a regression even when every
other test passes. Each ``tests/golden/messages/<case>.yaml`` is a small bad
plan; ``<case>.expected`` beside it is the transcript of both commands on it,
every stream byte for byte with the exit code. Plans under ``cap-tren/``
are the parents the inheritance cases extend, not cases themselves.

The folder is copied to ``plans/`` of a fresh repository (``tmp_path``) for
each case, so paths print as a clerk sees them (``plans/<case>.yaml``) and
nothing is written into this repository.

A deliberate change of wording is blessed, not typed twice: ``make
bless-messages`` (``KEHOACH_BLESS=1`` for this file) rewrites every
``.expected`` from the current output, and the developer reads the change
in ``git diff tests/golden/messages`` before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from kehoach.cli.commands import main

GOLDEN = REPO / "tests" / "golden" / "messages"
CASES = sorted(p.stem for p in GOLDEN.glob("*.yaml"))
BLESS = os.environ.get("KEHOACH_BLESS") == "1"


def _run(root: Path, command: str, plan: str) -> str:
    """One command as a transcript: the command line, each non-empty stream, the exit code.

    Workers are not forked (``-j 1``): the output does not depend on their
    number (``tests/test_batch.py``), and the transcript shows only what a
    clerk types.
    """
    result = CliRunner().invoke(main, [command, "--root", str(root), "-j", "1", plan])
    parts = [f"$ kehoach {command} {plan}\n"]
    for name, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        if text:
            parts.append(f"[{name}]\n{text}")
    parts.append(f"[mã thoát {result.exit_code}]\n")
    return "".join(parts)


def transcript(root: Path, case: str) -> str:
    """``kehoach check`` then ``kehoach build`` on ``plans/<case>.yaml`` of ``root``."""
    plan = f"plans/{case}.yaml"
    return f"{_run(root, 'check', plan)}\n{_run(root, 'build', plan)}"


@pytest.mark.parametrize("case", CASES)
def test_messages_are_exactly_the_expected_ones(tmp_path: Path, case: str) -> None:
    not_plans = shutil.ignore_patterns("*.expected", ".gitattributes")
    shutil.copytree(GOLDEN, tmp_path / "plans", ignore=not_plans)
    (tmp_path / "templates").mkdir()
    shutil.copy(REPO / "templates" / "ke-hoach.docx", tmp_path / "templates")
    actual = transcript(tmp_path, case)
    expected = GOLDEN / f"{case}.expected"
    if BLESS:
        expected.write_bytes(actual.encode("utf-8"))
        return
    assert expected.exists(), f"{expected.name} chưa có: viết tay, hoặc make bless-messages"
    assert actual == expected.read_bytes().decode("utf-8")


def test_every_expected_file_has_its_case() -> None:
    """A case renamed or deleted leaves no stale transcript behind."""
    assert sorted(p.stem for p in GOLDEN.glob("*.expected")) == CASES
    assert len(CASES) >= 15
