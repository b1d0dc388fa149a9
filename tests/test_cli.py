"""The CLI on bad input: a Vietnamese file:line:column message, exit 2, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, copy_cascade

from kehoach.cli.commands import main

BAD = REPO / "tests" / "fixtures" / "bad"

# fixture → (line, column, words the message must contain)
CASES = {
    "unclosed_quote.yaml": (4, 10, "ngoặc"),
    "tab_indent.yaml": (6, 1, "Tab"),
    "wrong_type.yaml": (6, 5, "số nguyên"),
    "unknown_key.yaml": (7, 3, "bạn có định viết «title» không?"),
    "duplicate_key.yaml": (None, None, "bị lặp"),
    "missing_place.yaml": (None, None, "thiếu trường bắt buộc «place»"),
    "not_nfc.yaml": (10, 23, "NFC"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_plan_exits_2_with_position_and_writes_nothing(sandbox: Path, name: str) -> None:
    shutil.copy(BAD / name, sandbox / "plans" / name)
    line, column, words = CASES[name]
    result = CliRunner().invoke(main, ["build", "--root", str(sandbox), "plans"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    prefix = f"plans/{name}:" if line is None else f"plans/{name}:{line}:{column}: lỗi: "
    located = [text for text in result.stderr.splitlines() if text.startswith(prefix)]
    assert any(words in text for text in located), result.stderr
    assert not (sandbox / "build").exists()


def test_good_and_bad_together_build_the_good_one(sandbox: Path) -> None:
    copy_cascade(sandbox)  # the seed plan extends and cites them
    shutil.copy(
        REPO / "plans" / "can-tho" / "long-my" / "kh-cqs-2026-2030.yaml",
        sandbox / "plans" / "a.yaml",
    )
    shutil.copy(BAD / "unknown_key.yaml", sandbox / "plans" / "b.yaml")
    result = CliRunner().invoke(main, ["build", "--root", str(sandbox)])
    assert result.exit_code == 2
    assert (sandbox / "build" / "a.docx").exists()
    assert not (sandbox / "build" / "b.docx").exists()
    assert "đã tạo build/a.docx" in result.stdout


def test_check_ok_and_missing_path(sandbox: Path) -> None:
    copy_cascade(sandbox)
    shutil.copy(
        REPO / "plans" / "can-tho" / "long-my" / "kh-cqs-2026-2030.yaml",
        sandbox / "plans" / "a.yaml",
    )
    ok = CliRunner().invoke(main, ["check", "--root", str(sandbox), "plans/a.yaml"])
    assert ok.exit_code == 0 and "1 kế hoạch hợp lệ" in ok.stdout
    missing = CliRunner().invoke(main, ["check", "--root", str(sandbox), "plans/khong-co.yaml"])
    assert missing.exit_code == 2 and "không tìm thấy" in missing.stderr


def test_paths_outside_the_repository_are_refused(sandbox: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--root", str(sandbox), "../"])
    assert result.exit_code == 2 and "nằm ngoài kho" in result.stderr
    # An output (-o) may lie outside: tests/test_hardening_outputs.py.


def test_help_is_vietnamese() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert "biên dịch kế hoạch" in result.output
