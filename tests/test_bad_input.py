"""The catalogue of bad input: every way a plan file goes wrong in real hands.

Plans are typed in a hurry, pasted from Word or a website, saved by old
Vietnamese software, merged in git, or crafted to hurt. Each entry of
:data:`CATALOGUE` is one such file with the first finding it must produce:
line, column, code and the Vietnamese words of the message. Every entry is
run twice: through the loader (the finding, and that every finding stays
inside the file) and through ``kehoach build`` (exit 2, ``file:line:col:
lỗi:`` with the source line and a caret, no traceback, nothing written).
Cases already pinned one by one in ``test_loader.py`` and ``test_cli.py``
(tab indentation, unclosed quote, duplicate key, anchors, tags, wrong type,
unknown key, empty file, oversize, stray byte, non-NFC, vertical tab) are
not repeated here; the CLI part of this file runs them too.

Decisions recorded by these tests:

* Non-NFC text (decomposed diacritics) is refused with its position, not
  normalised: the file in git must be the text that is printed, and a
  silent fix would make them disagree (the same holds for invisible
  characters, which are never stripped).
* Characters reached through escapes in double quotes (``"\\v"``,
  ``"\\u200b"``) are refused like typed ones, at the opening quote.
* Legacy encodings are recognised by which reading turns the most words
  into valid Vietnamese syllables, and the message names the encoding.
"""

from __future__ import annotations

import shutil
import time
import tracemalloc
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import REPO, SHARED, make_repository
from legacy_text import (
    cp1258_characters,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    tcvn3_characters,
    vni_characters,
)
from ooxml import assert_valid_docx
from test_cli import CASES as CLI_FIXTURES
from test_loader import MINIMAL

from kehoach.base.diagnostics import Diagnostic, PlanError, source_lines
from kehoach.cli.commands import main
from kehoach.source.legacy_encoding import guess_bytes, guess_text, is_syllable
from kehoach.source.loader import MAX_NESTING, MAX_PLAN_BYTES, MAX_PROBLEMS, load_plan

BAD = REPO / "tests" / "fixtures" / "bad"
# Fixtures test_cli.py does not already run through the CLI.
MORE_FIXTURES = sorted(p for p in BAD.glob("*.yaml") if p.name not in CLI_FIXTURES)


@dataclass(frozen=True)
class Bad:
    """A bad plan file and the first finding it must produce."""

    id: str
    content: bytes
    line: int
    column: int
    code: str
    words: tuple[str, ...]
    count: int | None = 1
    """How many findings in all (None: at least one)."""


def minimal(old: str, new: str, count: int = 1) -> bytes:
    """MINIMAL (test_loader) with one edit, as UTF-8."""
    assert MINIMAL.count(old) >= count, old
    return MINIMAL.replace(old, new, count).encode("utf-8")


TITLE = "title: Kế hoạch thực hiện chuyển đổi số"
PLACE = "place: Cần Thơ"

# Real Vietnamese text for the legacy-encoding cases: the minimal plan.
VIETNAMESE = MINIMAL

CATALOGUE: list[Bad] = [
    # --- YAML structure --------------------------------------------------
    Bad(
        "indentation-deeper-key",
        minimal("  place:", "   place:"),
        4,
        4,
        "yaml-syntax",
        ("thụt lề sai", "dòng 2, cột 3"),
    ),
    Bad(
        "indentation-key-under-scalar",
        minimal("    year: 2026", "    year: 2026\n      month: 3"),
        7,
        12,
        "yaml-syntax",
        ("thụt lề sai",),
    ),
    Bad(
        "indentation-list-item-broken",
        (MINIMAL + "  - title: Hai\n   text: x\n").encode(),
        13,
        4,
        "yaml-syntax",
        ("thụt lề sai trong danh sách", "dòng 10, cột 3"),
    ),
    Bad(
        "indentation-list-shallower",
        minimal("  - title: Mục đích", " - title: Mục đích"),
        11,
        9,
        "yaml-syntax",
        ("«:»",),
    ),
    Bad(
        "tab-inside-indentation",
        minimal("  place:", "  \tplace:"),
        4,
        3,
        "yaml-syntax",
        ("Tab",),
    ),
    Bad(
        "unclosed-single-quote",
        minimal(PLACE, "place: 'Cần Thơ"),
        4,
        10,
        "yaml-syntax",
        ("ngoặc", "đến hết tệp"),
    ),
    Bad(
        "unclosed-flow-list",
        minimal("period: 2026-2030", "period: [2026-2030"),
        9,
        5,
        "yaml-syntax",
        ("«[»", "dòng 8, cột 11"),
    ),
    Bad(
        "file-cut-inside-quotes",
        minimal(PLACE, 'place: "Cần Thơ').rstrip(b"\n").split(b"\n  date:")[0],
        4,
        10,
        "yaml-syntax",
        ("thiếu dấu ngoặc đóng", "đến hết tệp"),
    ),
    Bad(
        "file-cut-inside-a-key",
        MINIMAL.encode()[: MINIMAL.encode().index(b"ace:")],
        4,
        5,
        "yaml-syntax",
        ("thiếu dấu «:»",),
    ),
    Bad(
        "duplicate-nested-key",
        minimal("    year: 2026", "    year: 2026\n    year: 2027"),
        7,
        5,
        "duplicate-key",
        ("khóa «year» bị lặp (đã có ở dòng 6)",),
    ),
    Bad(
        "mapping-as-key",
        b"? [a, b]\n: c\n",
        1,
        3,
        "bad-key",
        ("khóa phải là một chuỗi",),
        None,
    ),
    Bad(
        "unknown-escape-in-quotes",
        minimal(PLACE, 'place: "C:\\quy"'),
        4,
        13,
        "yaml-syntax",
        ("ký tự thoát", "ngoặc đơn"),
    ),
    Bad(
        "short-unicode-escape",
        minimal(PLACE, 'place: "C:\\Users"'),
        4,
        15,
        "yaml-syntax",
        ("mã thoát",),
    ),
    Bad(
        "surrogate-escape",
        minimal(PLACE, 'place: "\\ud800"'),
        4,
        13,
        "yaml-syntax",
        ("mã thoát",),
    ),
    Bad(
        "document-marker-in-text",
        minimal(TITLE, 'title: "Kế hoạch\n---\n  thử"'),
        8,
        1,
        "yaml-syntax",
        ("«---»",),
        None,
    ),
    Bad(
        "deep-nesting-flow",
        minimal("period: 2026-2030", "period: " + "[" * 200 + "]" * 200),
        8,
        # The root and «document» mappings count: the 63rd «[» is one too many.
        len("  period: ") + 1 + MAX_NESTING - 2,
        "too-deep",
        (f"quá {MAX_NESTING} cấp",),
    ),
    Bad(
        "deep-nesting-block",
        (
            MINIMAL
            + "    points:\n"
            + "".join("      " + "  " * i + "- \n" for i in range(MAX_NESTING + 5))
        ).encode(),
        # root, body, section, points: four levels before the first «- » line (line 13).
        13 + MAX_NESTING - 4 + 1,
        7 + 2 * (MAX_NESTING - 4 + 1),
        "too-deep",
        ("lồng quá sâu",),
    ),
    Bad(
        "billion-laughs",
        b"a: &a [x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            b"%c: &%c [" % (98 + i, 98 + i) + b", ".join([b"*%c" % (97 + i)] * 9) + b"]\n"
            for i in range(8)
        ),
        1,
        4,
        "anchor",
        ("neo",),
        MAX_PROBLEMS + 1,
    ),
    # --- schema: wrong types, unknown keys, empty values -------------------
    Bad(
        "list-where-mapping",
        minimal("  issuer:\n    name: Ủy ban nhân dân phường Long Mỹ", "  issuer:\n    - UBND"),
        2,
        3,
        "type",
        ("«issuer»", "bảng khóa", "danh sách"),
    ),
    Bad(
        "mapping-where-text",
        minimal(TITLE, "title: {a: b}"),
        7,
        3,
        "type",
        ("«title» phải là chuỗi văn bản",),
    ),
    Bad(
        "boolean-where-year",
        minimal("year: 2026", "year: true"),
        6,
        5,
        "type",
        ("«year»", "giá trị true"),
    ),
    Bad(
        "empty-required-text",
        minimal(TITLE, "title:"),
        7,
        3,
        "type",
        ("«title» không được để trống",),
    ),
    Bad(
        "mapping-where-list",
        minimal("body:\n  - title: Mục đích, yêu cầu\n    text:", "body:\n  title: X\n  text:"),
        9,
        1,
        "type",
        ("«body» phải là danh sách",),
    ),
    Bad(
        "unknown-nested-key",
        (MINIMAL + "    txet: a\n").encode(),
        12,
        5,
        "unknown-key",
        ("khóa «txet» không được phép", "text"),
    ),
    Bad(
        "unknown-root-key",
        (MINIMAL + "recipient:\n  - a\n").encode(),
        12,
        1,
        "unknown-key",
        ("bạn có định viết «recipients» không?",),
    ),
    Bad(
        "many-schema-errors",
        (MINIMAL.split("body:")[0] + "body:\n" + "  - {txet: a}\n" * 2000).encode(),
        10,
        6,
        "unknown-key",
        ("khóa «txet» không được phép",),
        MAX_PROBLEMS + 1,
    ),
    Bad("only-comments", "# chỉ chú thích\n".encode(), 1, 1, "empty", ("chú thích",)),
    Bad("only-document-marker", b"---\n...\n", 1, 1, "empty", ("không có nội dung",)),
    Bad("only-whitespace", b"  \n\n\t\n", 1, 1, "empty", ("tệp rỗng",)),
    Bad("only-bom", b"\xef\xbb\xbf", 1, 1, "empty", ("tệp rỗng",)),
    Bad("scalar-root", b"document\n", 1, 1, "type", ("bảng khóa",)),
    # --- characters Word cannot store or nobody can see --------------------
    *(
        Bad(
            f"invisible-U+{ord(ch):04X}",
            minimal(PLACE, f"place: Cần{ch} Thơ"),
            4,
            13,
            "invisible-char",
            (f"U+{ord(ch):04X}", "vô hình"),
        )
        for ch in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e")
    ),
    Bad(
        "private-use-bullet",
        minimal(PLACE, "place: \uf0b7 Cần Thơ"),
        4,
        10,
        "invisible-char",
        ("U+F0B7", "Wingdings"),
    ),
    *(
        Bad(
            f"control-U+{ord(ch):04X}",
            minimal(PLACE, f"place: Cần{ch} Thơ"),
            4,
            13,
            "control-char",
            (f"ký tự điều khiển U+{ord(ch):04X}",),
        )
        for ch in ("\x00", "\x07", "\x0c", "\x1b", "\x7f", "\x80", "\x9f")
    ),
    *(
        Bad(
            f"line-break-U+{ord(ch):04X}",
            minimal(PLACE, f"place: Cần{ch} Thơ"),
            4,
            13,
            "odd-line-break",
            (f"U+{ord(ch):04X}",),
        )
        for ch in ("\x85", "\u2028", "\u2029")
    ),
    *(
        Bad(
            f"escaped-{name}",
            minimal(PLACE, f'place: "Cần{escape} Thơ"'),
            4,
            10,
            code,
            ("mã thoát", words),
        )
        for name, escape, code, words in (
            ("vertical-tab", "\\v", "control-char", "U+000B"),
            ("bell", "\\a", "control-char", "U+0007"),
            ("carriage-return", "\\r", "control-char", "U+000D"),
            ("nul", "\\0", "control-char", "U+0000"),
            ("zero-width-space", "\\u200b", "invisible-char", "U+200B"),
            ("bom", "\\uFEFF", "invisible-char", "U+FEFF"),
            ("soft-hyphen", "\\xad", "invisible-char", "U+00AD"),
            ("line-separator", "\\L", "odd-line-break", "U+2028"),
            ("combining-mark", "\\u0301", "not-nfc", "NFC"),
        )
    ),
    Bad(
        "combining-marks-typed",
        minimal(TITLE, "title: Ke\u0302\u0301 hoa\u0323ch"),
        7,
        11,
        "not-nfc",
        ("NFC", "dấu tổ hợp rời"),
    ),
    Bad(
        "many-zero-width-spaces",
        minimal(TITLE, "title: " + "\u200bx" * (MAX_PROBLEMS + 20)),
        7,
        10,
        "invisible-char",
        ("U+200B",),
        MAX_PROBLEMS + 1,
    ),
    # --- legacy Vietnamese encodings --------------------------------------
    Bad(
        "file-in-tcvn3",
        encode_tcvn3(VIETNAMESE),
        3,
        11,
        "legacy-encoding",
        ("không phải UTF-8", "TCVN3"),
    ),
    Bad(
        "file-in-vni",
        encode_vni(VIETNAMESE),
        3,
        12,  # «Ủ» is «U» then the hook byte
        "legacy-encoding",
        ("không phải UTF-8", "VNI"),
    ),
    Bad(
        "file-in-windows-1258",
        encode_cp1258(VIETNAMESE),
        3,
        12,  # «Ủ» is «U» then the combining hook
        "legacy-encoding",
        ("không phải UTF-8", "Windows-1258"),
    ),
    Bad(
        "file-in-latin-1-french",
        "document:\n  place: Besançon\n  title: Plan d'économie générale\n".encode("latin-1"),
        2,
        15,
        "not-utf8",
        ("không phải UTF-8 (byte 0xE7", "UTF-8"),
    ),
    Bad(
        "tcvn3-pasted-into-utf8",
        minimal(TITLE, "title: " + tcvn3_characters("Kế hoạch thực hiện chuyển đổi số")),
        7,
        13,  # «KÕ» could be a word; «ho¹ch» cannot
        "legacy-encoding",
        ("TCVN3", "«ho¹ch» là «hoạch»"),
    ),
    Bad(
        "vni-pasted-into-utf8",
        minimal(TITLE, "title: " + vni_characters("Kế hoạch thực hiện chuyển đổi số")),
        7,
        10,
        "legacy-encoding",
        ("VNI", "«Keá» là «Kế»"),
    ),
    Bad(
        "windows-1258-pasted-into-utf8",
        minimal(TITLE, "title: " + cp1258_characters("Kế hoạch thực hiện chuyển đổi số")),
        7,
        10,
        "legacy-encoding",
        ("Windows-1258", "là «Kế»"),
    ),
]

CASES = {case.id: case for case in CATALOGUE}
assert len(CASES) == len(CATALOGUE), "duplicate case ids"


def write_case(directory: Path, case: Bad) -> Path:
    path = directory / f"{case.id}.yaml"
    path.write_bytes(case.content)
    return path


def assert_inside(d: Diagnostic, source: str | None) -> None:
    """A finding points at a character of the file (or just past a line's end)."""
    assert d.at.line >= 1 and d.at.column >= 1
    if source is None:
        return
    lines = source_lines(source)
    assert d.at.line <= len(lines), (d, len(lines))
    assert d.at.column <= len(lines[d.at.line - 1]) + 1, (d, lines[d.at.line - 1])


@pytest.mark.parametrize("case", CATALOGUE, ids=lambda c: c.id)
def test_loader_reports_first_finding(tmp_path: Path, case: Bad) -> None:
    path = write_case(tmp_path, case)
    with pytest.raises(PlanError) as caught:
        load_plan(path, path.name)
    error = caught.value
    found = error.diagnostics
    first = found[0]
    assert (first.at.line, first.at.column, first.code) == (case.line, case.column, case.code), (
        error.render()
    )
    for words in case.words:
        assert words in first.message, first.message
    if case.count is not None:
        assert len(found) == case.count, error.render()
    for d in found:
        assert "\n" not in d.message
        assert unicodedata.is_normalized("NFC", d.message)
        assert d.at.path == path.name
        assert_inside(d, error.sources.get(d.at.path))


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, bool]]:
    """``kehoach build`` run once per case (and per fixture file), in one throwaway repository.

    Returns, by case id: exit code, stderr+stdout, and whether build/ exists.
    """
    root = make_repository(tmp_path_factory.mktemp("repo"))
    results: dict[str, tuple[int, str, bool]] = {}
    contents = {case.id: case.content for case in CATALOGUE}
    contents |= {f"fixture-{p.stem}": p.read_bytes() for p in MORE_FIXTURES}
    for name, content in contents.items():
        plans = root / "plans"
        shutil.rmtree(plans, ignore_errors=True)
        plans.mkdir()
        (plans / f"{name}.yaml").write_bytes(content)
        result = CliRunner().invoke(main, ["build", "--root", str(root), "plans"])
        results[name] = (result.exit_code, result.output, (root / "build").exists())
        shutil.rmtree(root / "build", ignore_errors=True)
    return results


def test_every_fixture_is_run_through_the_cli(
    cli_results: dict[str, tuple[int, str, bool]],
) -> None:
    """Between test_cli.py and this file, every bad fixture goes through `kehoach build`."""
    ran = {f"{name[len('fixture-') :]}.yaml" for name in cli_results if name.startswith("fixture-")}
    assert {p.name for p in BAD.glob("*.yaml")} <= ran | set(CLI_FIXTURES)


@pytest.mark.parametrize(
    "name", [c.id for c in CATALOGUE] + [f"fixture-{p.stem}" for p in MORE_FIXTURES]
)
def test_cli_exits_2_with_excerpt_and_writes_nothing(
    cli_results: dict[str, tuple[int, str, bool]], name: str
) -> None:
    code, output, wrote = cli_results[name]
    assert code == 2, output
    assert "Traceback" not in output and "lỗi nội bộ" not in output
    assert not wrote
    lines = output.split("\n")  # not splitlines(): U+2028 in an excerpt is not a line break
    head = next(i for i, line in enumerate(lines) if line.startswith(f"plans/{name}.yaml:"))
    assert ": lỗi: " in lines[head]
    case = CASES.get(name)
    if case is not None:
        assert lines[head].startswith(f"plans/{name}.yaml:{case.line}:{case.column}: lỗi: ")
    if case is None or case.code not in ("too-large", "not-utf8"):
        # The source line and a caret under it (read errors have no source line, and
        # bytes that no encoding reads as text are never echoed).
        assert lines[head + 1].lstrip().startswith(f"{lines[head].split(':')[1]} | ")
        assert lines[head + 2].rstrip().endswith("^")


def test_invisible_characters_are_visible_in_the_excerpt(
    cli_results: dict[str, tuple[int, str, bool]],
) -> None:
    """The excerpt shows «◌» (or «␤» for a line separator) where the invisible character is,
    so the caret points at something and the terminal is not fooled."""
    for name, mark in (
        ("invisible-U+200B", "◌"),
        ("invisible-U+202E", "◌"),
        ("line-break-U+2028", "␤"),
        ("control-U+001B", "␛"),
    ):
        output = cli_results[name][1]
        excerpt = output.split("\n")[1]
        assert f"Cần{mark} Thơ" in excerpt, excerpt
        for ch in ("\u200b", "\u202e", "\u2028", "\x1b"):
            assert ch not in output


# --- extends: outside the repository, cycles (through `kehoach check`, issue 4) ----------


EXTENDS_CASES = {
    "relative-outside": ("../../etc/passwd", "parent-outside"),
    "absolute": ("/etc/passwd", "parent-outside"),
    "symlink-out": ("plans/lien-ket/passwd", "parent-outside"),
    "missing": ("plans/khong-co.yaml", "parent-missing"),
    "self-cycle": ("plans/self-cycle.yaml", "parent-cycle"),
    "two-cycle": ("plans/two-cycle-b.yaml", "parent-cycle"),
}


@pytest.fixture(scope="module")
def extends_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("extends")
    plans = root / "plans"
    plans.mkdir()
    for name, (target, _) in EXTENDS_CASES.items():
        (plans / f"{name}.yaml").write_text(f"extends: {target}\n" + MINIMAL, encoding="utf-8")
    (plans / "two-cycle-b.yaml").write_text(
        "extends: plans/two-cycle.yaml\n" + MINIMAL, encoding="utf-8"
    )
    (plans / "lien-ket").symlink_to("/etc")
    return root


@pytest.mark.parametrize("name", sorted(EXTENDS_CASES))
def test_extends_outside_or_in_a_cycle_is_a_finding(extends_repo: Path, name: str) -> None:
    """The parent is never read from outside the repository and a cycle ends at once."""
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["check", "--root", str(extends_repo), f"plans/{name}.yaml"])
    assert time.perf_counter() - started < 5
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output and "lỗi nội bộ" not in result.output
    assert "root:" not in result.output  # nothing of /etc/passwd
    code = EXTENDS_CASES[name][1]
    assert f"plans/{name}.yaml:1:1: lỗi: [{code}]" in result.output, result.output


# --- bounded work on hostile files --------------------------------------------


def _measure(path: Path) -> tuple[PlanError, float, int]:
    """Load ``path`` (which must fail): the error, seconds taken, peak bytes allocated."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(PlanError) as caught:
            load_plan(path, path.name)
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return caught.value, elapsed, peak


def test_alias_bomb_is_refused_without_expansion(tmp_path: Path) -> None:
    """Nine levels of nine aliases would expand to 9⁹ ≈ 387 million scalars.

    The loader sees aliases as events and never resolves them, so the cost
    is that of reading 1 KB: well under a second and a few MB, and the
    findings stop at MAX_PROBLEMS. A bomb twice as deep costs the same.
    """
    path = write_case(tmp_path, CASES["billion-laughs"])
    error, elapsed, peak = _measure(path)
    assert elapsed < 1.0 and peak < 8 * 1024 * 1024, (elapsed, peak)
    assert error.diagnostics[-1].code == "too-many"
    deeper = tmp_path / "deeper.yaml"
    deeper.write_bytes(
        b"a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            b"a%d: &a%d [" % (i, i) + b", ".join([b"*a%d" % (i - 1)] * 9) + b"]\n"
            for i in range(1, 30)
        )
    )
    error, elapsed, peak = _measure(deeper)
    assert elapsed < 1.0 and peak < 8 * 1024 * 1024, (elapsed, peak)


def test_a_million_findings_cost_no_more_than_fifty(tmp_path: Path) -> None:
    """2 MiB of aliases (half a million of them): findings capped, time and memory bounded."""
    path = tmp_path / "aliases.yaml"
    body = b"a: &x 1\nb: [" + b", ".join([b"*x"] * 400_000) + b"]\n"
    assert len(body) < MAX_PLAN_BYTES
    path.write_bytes(body)
    error, elapsed, peak = _measure(path)
    assert len(error.diagnostics) == MAX_PROBLEMS + 1
    assert elapsed < 5.0 and peak < 64 * 1024 * 1024, (elapsed, peak)


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    """A 4 GiB (sparse) file: refused from its size, reading at most the limit + 1 byte."""
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(4 * 1024**3)
    error, elapsed, peak = _measure(path)
    (d,) = error.diagnostics
    assert (d.at.line, d.at.column, d.code) == (1, 1, "too-large")
    assert "tệp quá lớn (4.294.967.296 byte)" in d.message
    assert elapsed < 2.0 and peak < 3 * MAX_PLAN_BYTES, (elapsed, peak)


def test_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    """The limit is inclusive: a valid plan padded with a comment to exactly 2 MiB loads."""
    text = MINIMAL + "#"
    padding = MAX_PLAN_BYTES - len(text.encode("utf-8")) - 1
    path = tmp_path / "limit.yaml"
    path.write_bytes((text + "x" * padding + "\n").encode("utf-8"))
    assert path.stat().st_size == MAX_PLAN_BYTES
    assert load_plan(path).plan.document.place == "Cần Thơ"


def test_deep_but_allowed_sections_build_or_fail_cleanly(tmp_path: Path) -> None:
    """Sections nested as deep as the nesting limit allows: laid out with long numbers."""
    depth = (MAX_NESTING - 2) // 2 - 1  # body list + per level a mapping and a «sections» list
    lines = ["body:"]
    for level in range(depth):
        indent = "  " * (2 * level + 1)
        lines.append(f"{indent}- title: Mục cấp {level + 1}")
        lines.append(f"{indent}  sections:")
    lines.append("  " * (2 * depth + 1) + "- title: Mục cuối")
    text = MINIMAL.split("body:")[0] + "\n".join(lines) + "\n"
    root = make_repository(tmp_path)
    (root / "plans" / "sau.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "plans"])
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output and "lỗi nội bộ" not in result.output
    if result.exit_code == 0:
        built = root / "build" / "sau.docx"
        assert_valid_docx(built)
        texts = [p.text for p in docx.Document(str(built)).paragraphs]
        assert any(t.startswith("1" + ".1" * (depth - 1) + ". Mục cuối") for t in texts), texts


# --- legacy encodings on real documents ----------------------------------------

REAL_TEXTS = sorted((SHARED / "seeds" / "reference").glob("*.txt")) + sorted(
    (REPO / "plans").rglob("*.yaml")
)


def test_known_mojibake_anchors_the_tables() -> None:
    """The generator and the detector agree with what offices actually saw on screen."""
    motto = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert tcvn3_characters(motto) == "CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM"
    assert tcvn3_characters("Độc lập - Tự do - Hạnh phúc") == "§éc lËp - Tù do - H¹nh phóc"
    assert vni_characters("Cộng hòa xã hội chủ nghĩa Việt Nam") == (
        "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"
    )
    assert vni_characters("Độc lập - Tự do - Hạnh phúc") == "Ñoäc laäp - Töï do - Haïnh phuùc"
    assert encode_cp1258("Việt") == b"Vi\xea\xf2t"


@pytest.mark.parametrize("path", REAL_TEXTS, ids=lambda p: p.name)
def test_real_unicode_text_is_never_taken_for_legacy(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert guess_text(text) is None


@pytest.mark.parametrize(
    ("key", "encode"), [("tcvn3", encode_tcvn3), ("vni", encode_vni), ("cp1258", encode_cp1258)]
)
@pytest.mark.parametrize("path", REAL_TEXTS, ids=lambda p: p.name)
def test_real_text_in_legacy_encodings_is_recognised(path: Path, key: str, encode) -> None:
    """Every seed document and plan, saved in each legacy encoding or pasted as such."""
    text = path.read_text(encoding="utf-8")
    raw = encode(text)
    guessed = guess_bytes(raw)
    assert guessed is not None and guessed.key == key
    shown = raw.decode("latin-1" if key == "tcvn3" else "cp1252", errors="replace")
    verdict = guess_text(shown)
    assert verdict is not None and verdict.encoding.key == key
    assert is_syllable(verdict.meant) and not is_syllable(verdict.found)


@pytest.mark.parametrize(
    "text",
    [
        "Hội thảo tại München, Köln và São Paulo; café, naïve, Curaçao, Ærø",
        "Chỉ tiêu ≥ 90 %, nhiệt độ 25 °C, giá 10 €, ± 5 %, NĐ-CP, ĐBSCL, TP.HCM, đ)",
        "Ông Müller và bà Đặng Thị Ánh đã ký: «Ñandú» là tên một loài chim.",
    ],
)
def test_foreign_words_in_unicode_are_not_legacy(text: str) -> None:
    assert guess_text(text) is None


def test_one_pasted_sentence_among_abbreviations_is_found() -> None:
    """Abbreviations are invalid syllables too, but no legacy reading changes them."""
    text = "NĐ-CP, ĐBSCL, TTĐT, HĐND, CĐS, QĐ-TTg, CĐSQG; " + vni_characters("Kế hoạch")
    verdict = guess_text(text)
    assert verdict is not None and verdict.encoding.key == "vni"
    assert (verdict.found, verdict.meant) == ("Keá", "Kế")


def test_syllable_check() -> None:
    for word in ("Kế", "hoạch", "quyền", "nghiêng", "khuỷu", "GIỮA", "Đường", "gìn", "ươu"):
        assert is_syllable(word), word
    for word in ("Keá", "ho¹ch", "ViÖt", "hßa", "thoaïi", "NĐ", "ĐBSCL", "hoàá"):
        assert not is_syllable(word), word
