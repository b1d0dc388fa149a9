"""Issue 18, item 11: messages that said the wrong thing, or said it in English.

Each test runs the command a clerk runs (``kehoach check``/``build``/``new``
through click's runner) on a plan written into the test's own repository,
and reads what is printed. The exact wording of most of these is pinned by
``tests/golden/messages/``; this file holds the cases that need a generated
input (a megabyte line, a 2 MiB file, every line of the real plans) or that
are about the command line rather than a plan.
"""

from __future__ import annotations

import ast
import codecs
import re
import string
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from conftest import REPO, SHARED, copy_cascade, make_repository, minimal_plan
from legacy_text import encode_cp1258, encode_tcvn3, encode_vni

from kehoach.cli.commands import main
from kehoach.cli.vietnamese import CLICK_MESSAGES, CLICK_MODULES, CLICK_PLURALS
from kehoach.source.legacy_encoding import is_syllable, likely_encodings
from kehoach.source.loader import MAX_PLAN_BYTES


def check(root: Path, *paths: str) -> Result:
    return CliRunner().invoke(main, ["check", "--root", str(root), "-j", "1", *paths])


def write(root: Path, name: str, content: str | bytes) -> str:
    """``plans/<name>`` of ``root`` holding ``content`` (text as UTF-8); its displayed path."""
    path = root / "plans" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return f"plans/{name}"


# --- (a) legacy encodings: a tie went to the first of the table --------------------


def test_windows_1258_file_is_not_reported_as_tcvn3(sandbox: Path) -> None:
    """Read as TCVN3 these bytes give «nhõn dõn tiềnh … tỏc nóm»: as many «words» as the
    right reading, because «tiềnh» and «tỏc» passed the syllable check."""
    text = "document:\n  issuer:\n    name: Ban nhân dân tỉnh\n  title: Công tác năm 2026\n"
    plan = write(sandbox, "cp1258.yaml", encode_cp1258(text))
    result = check(sandbox, plan)
    assert result.exit_code == 2
    assert "bảng mã cũ Windows-1258" in result.stderr, result.stderr
    assert "TCVN3" not in result.stderr and "nguồn CP1258" in result.stderr


def test_a_true_tie_names_every_encoding_it_could_be(sandbox: Path) -> None:
    """«công tơ thông» in Windows-1258 is «cụng từ thụng» in TCVN3 and «cơng tõ thơng» in
    VNI: every word valid. Naming one would send the clerk the wrong way two times in three."""
    plan = write(sandbox, "tie.yaml", encode_cp1258("document:\n  title: công tơ thông minh\n"))
    result = check(sandbox, plan)
    assert result.exit_code == 2
    for name in ("TCVN3", "VNI", "Windows-1258"):
        assert name in result.stderr, result.stderr
    assert "thử nguồn CP1258" in result.stderr


@pytest.mark.parametrize(
    "word",
    ["tiũch", "Tiềnh", "Chớnh", "Qé", "phuị", "sơì", "tỏc", "Viờũt", "Qua"],
)
def test_rhymes_vietnamese_does_not_have_are_no_syllables(word: str) -> None:
    """What Windows-1258 bytes become in TCVN3 or VNI: a final consonant after a glide, a
    tone on the glide, «ch»/«nh» after the wrong vowel, a stop with the wrong tone, «q»
    without «u» (and «Qua», a «qu» taken for «q» + «ua», which is valid: the control)."""
    assert is_syllable(word) is (word == "Qua")


def _real_lines() -> list[str]:
    texts = sorted((SHARED / "seeds" / "reference").glob("*.txt"))
    texts += sorted((REPO / "plans").rglob("*.yaml"))
    lines = {line for path in texts for line in path.read_text(encoding="utf-8").split("\n")}
    return sorted(line for line in lines if not line.isascii())


@pytest.mark.parametrize(
    ("key", "encode"), [("tcvn3", encode_tcvn3), ("vni", encode_vni), ("cp1258", encode_cp1258)]
)
def test_no_line_of_a_real_plan_is_named_in_the_wrong_encoding(key: str, encode) -> None:
    """Every distinct line of the seeds and plans, saved alone in each legacy encoding (the
    hardest case: a few words). Recognised or not, it is never named only as another
    encoding; a tie names the right one among the others. The old check named 53 lines
    wrongly (45 Windows-1258 lines as TCVN3 or VNI)."""
    wrong = []
    for line in _real_lines():
        likely = [encoding.key for encoding in likely_encodings(encode(line))]
        if likely and key not in likely:
            wrong.append((line, likely))
    assert not wrong, wrong[:10]


# --- (b) unclosed quote or bracket: the caret stood after the end of the file ------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("document:\n  title: {a: b\n", "«{» ở đây chưa được đóng"),
        ("document:\n  title: [a, b\n\n\n", "«[» ở đây chưa được đóng"),
        ("document:\n  title: 'abc\n\n\n", "chuỗi trong ngoặc mở ở đây"),
        ('document:\n  title: "abc', "chuỗi trong ngoặc mở ở đây"),
    ],
    ids=["brace", "bracket-blank-lines", "quote-blank-lines", "quote-no-final-newline"],
)
def test_unclosed_bracket_points_at_where_it_opens(sandbox: Path, content: str, words: str) -> None:
    plan = write(sandbox, "mo.yaml", content)
    result = check(sandbox, plan)
    assert f"{plan}:2:10: lỗi: [yaml-syntax] " in result.stderr, result.stderr
    assert words in result.stderr and "đến hết tệp" in result.stderr
    assert f"    2 |   title: {content.split('title: ')[1][0]}" in result.stderr


# --- (c) a megabyte line echoed whole ------------------------------------------------


def test_a_megabyte_line_is_shown_around_the_caret(sandbox: Path) -> None:
    line = "  title: " + "x" * 1_000_000 + "\u200b" + "y" * 1_000_000
    plan = write(sandbox, "dai.yaml", f"document:\n{line}\n")
    result = check(sandbox, plan)
    assert result.exit_code == 2
    assert len(result.stderr) < 2000, len(result.stderr)
    excerpt, caret = result.stderr.split("\n")[2:4]
    assert excerpt.startswith("    2 | …x") and excerpt.endswith("y…")
    assert excerpt[caret.index("^")] == "◌"  # the caret still under the invisible character


# --- (d) «tệp quá lớn (2.0 MiB) … tối đa 2 MiB» ----------------------------------------


def test_too_large_says_exact_bytes(sandbox: Path) -> None:
    plan = write(sandbox, "lon.yaml", b"#" * (MAX_PLAN_BYTES + 1))
    result = check(sandbox, plan)
    assert result.exit_code == 2
    assert (
        "tệp quá lớn (2.097.153 byte); kế hoạch chỉ được tối đa 2.097.152 byte (2 MiB)"
        in result.stderr
    ), result.stderr


# --- (e) UTF-16 -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "form"),
    [("utf-16", "UTF-16 LE"), ("utf-16-le", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE")],
)
def test_utf16_file_is_named_utf16(sandbox: Path, encoding: str, form: str) -> None:
    plan = write(sandbox, "u16.yaml", minimal_plan().encode(encoding))
    result = check(sandbox, plan)
    assert result.exit_code == 2
    head = f"{plan}:1:1: lỗi: [utf16] tệp được lưu bằng bảng mã {form}"
    assert result.stderr.split("\n")[1].startswith(head), result.stderr
    assert "«UTF-8» rồi lưu lại" in result.stderr
    assert " | " not in result.stderr  # no excerpt of the NUL-riddled bytes


def test_utf32_and_a_stray_nul_are_not_utf16(sandbox: Path) -> None:
    """The UTF-32 byte-order mark begins like UTF-16's; one NUL in UTF-8 text is a
    control character where it stands, as before."""
    plans = [
        write(sandbox, "u32.yaml", minimal_plan().encode("utf-32")),
        write(sandbox, "nul.yaml", minimal_plan(title="Kế\x00 hoạch")),
    ]
    result = check(sandbox, *plans)
    assert "[utf16]" not in result.stderr
    assert "plans/u32.yaml:1:1: lỗi: [not-utf8]" in result.stderr
    assert "plans/nul.yaml:7:12: lỗi: [control-char]" in result.stderr


# --- (f) «...» that is not there --------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    ['{"document": {"title": "x"}}\nbody: []\n', '"Kế hoạch"\ndocument:\n  title: x\n'],
    ids=["json-then-more", "quoted-first-line"],
)
def test_content_after_a_complete_value_does_not_speak_of_dots(sandbox: Path, content: str) -> None:
    plan = write(sandbox, "thua.yaml", content)
    result = check(sandbox, plan)
    assert f"{plan}:2:1: lỗi: [yaml-syntax] có nội dung thừa ở đây" in result.stderr
    assert "«...»" not in result.stderr, result.stderr


def test_content_after_dots_names_their_line(sandbox: Path) -> None:
    plan = write(sandbox, "cham.yaml", "document:\n  title: x\n...  # hết\nbody: []\n")
    result = check(sandbox, plan)
    assert "dấu kết thúc tài liệu «...» ở dòng 3; hãy xóa dòng «...»" in result.stderr


# --- (g) «- Lưu: VT» ------------------------------------------------------------------------


def test_recipient_with_a_colon_gets_the_quoting_hint(sandbox: Path) -> None:
    tail = 'recipients:\n  - UBND thành phố\n  - Lưu: VT, "TH"\n'
    plan = write(sandbox, "luu.yaml", minimal_plan(tail=tail))
    result = check(sandbox, plan)
    assert result.exit_code == 2
    assert "phần tử thứ 2 của «recipients» phải là chuỗi văn bản" in result.stderr
    assert 'hãy đặt cả dòng trong ngoặc kép: "Lưu: VT, \\"TH\\""' in result.stderr


def test_the_quoted_line_of_the_hint_is_read_back_as_text(sandbox: Path) -> None:
    """The hint's fix, pasted as it is printed, makes a valid plan."""
    tail = "recipients:\n  - Lưu: VT\n"
    hint = check(sandbox, write(sandbox, "luu.yaml", minimal_plan(tail=tail))).stderr
    fixed = re.search(r'ngoặc kép: ("[^"]*")', hint)
    assert fixed is not None, hint
    plan = write(sandbox, "luu.yaml", minimal_plan(tail=f"recipients:\n  - {fixed.group(1)}\n"))
    assert check(sandbox, plan).exit_code == 0


# --- (i) «nằm ngoài kho (.)» -----------------------------------------------------------


def test_outside_the_repository_names_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from the repository without --root, as a clerk does: the root is «.»."""
    root = make_repository(tmp_path / "kho")
    outside = tmp_path / "ngoai.yaml"
    outside.write_text(minimal_plan(), encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check", str(outside)])
    assert result.exit_code == 2
    assert f"nằm ngoài kho «{root.resolve()}»" in result.stderr, result.stderr
    assert "(.)" not in result.stderr


# --- (j) a broken parent's bytes in an excerpt ----------------------------------------------


@pytest.mark.parametrize("parent", ["docx", "binary"])
def test_a_binary_parent_is_never_echoed(sandbox: Path, parent: str) -> None:
    content = (
        (REPO / "templates" / "ke-hoach.docx").read_bytes()
        if parent == "docx"
        else b"\x7fELF\x02\x01\x01\x00SECRET=hunter2\x00\xd0\xff\xfe" * 20
    )
    write(sandbox, "cha.yaml", content)
    plan = write(sandbox, "con.yaml", "extends: plans/cha.yaml\n" + minimal_plan())
    result = check(sandbox, plan)
    assert "[parent-invalid]" in result.stderr and "plans/cha.yaml:1:" in result.stderr
    for shown in ("Content_Types", "SECRET", "ELF", "\ufffd", "␀"):
        assert shown not in result.stderr, result.stderr
    # the plan itself, built alone, is refused the same way
    build = CliRunner().invoke(main, ["build", "--root", str(sandbox), "plans/cha.yaml"])
    assert "[not-utf8]" not in build.stderr and "không phải UTF-8" in build.stderr
    assert "\ufffd" not in build.stderr and "␀" not in build.stderr


# --- (k) kehoach new --issuer with a line break -------------------------------------------


NEW = ["new", "plans/moi.yaml", "--extends", "plans/can-tho/kh-219-2025.yaml", "--category", "xa"]


@pytest.mark.parametrize(
    ("option", "value", "what"),
    [
        ("--issuer", "UBND xã A\nX: y", "ký tự xuống dòng (U+000A) ở ký tự thứ 10"),
        ("--place", "Cần\tThơ", "ký tự Tab (U+0009) ở ký tự thứ 4"),
        ("--abbr", "UB\u200bND", "ký tự điều khiển hoặc vô hình (U+200B)"),
        ("--issuer", "UBND \udcc3", "byte 0xC3 không phải UTF-8"),
    ],
)
def test_new_refuses_control_characters_and_writes_nothing(
    sandbox: Path, option: str, value: str, what: str
) -> None:
    copy_cascade(sandbox)
    args = [*NEW, "--root", str(sandbox), "--issuer", "UBND xã A", option, value]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert f"lỗi: giá trị của '{option}' không hợp lệ: có {what}" in result.stderr, result.stderr
    assert not (sandbox / "plans" / "moi.yaml").exists()


def test_new_composes_decomposed_accents(sandbox: Path) -> None:
    """Some terminals send «ã» as «a» + U+0303: the plan written must be NFC to be checked."""
    copy_cascade(sandbox)
    args = [*NEW, "--root", str(sandbox), "--issuer", "UBND xa\u0303 Mới"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert "UBND xã Mới" in (sandbox / "plans" / "moi.yaml").read_text(encoding="utf-8")
    assert check(sandbox, "plans/moi.yaml").exit_code in (0, 1)  # readable: no exit 2


# --- (h) click in Vietnamese ------------------------------------------------------------


def _click_strings() -> dict[str, list[str]]:
    """Every string the installed click wraps in ``_()``/``ngettext()``, by module file.

    Read from click's source, so a new click version's new strings show up here
    (and must be added to the table) before a clerk sees them.
    """
    found: dict[str, list[str]] = {}
    root = Path(click.__file__).parent
    for path in sorted(root.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "ngettext")
            ):
                texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
                found.setdefault(path.stem, []).extend(t for t in texts if isinstance(t, str))
    return found


def test_every_click_string_has_its_vietnamese() -> None:
    plural_ids = {msgid for pair in CLICK_PLURALS for msgid in pair}
    known = set(CLICK_MESSAGES) | plural_ids
    missing = {text for texts in _click_strings().values() for text in texts} - known
    assert not missing, missing
    assert "required" in CLICK_MESSAGES  # wrapped as _(variable): not seen by the scan


def test_every_click_module_with_strings_is_translated() -> None:
    modules = {f"click.{stem}" for stem in _click_strings()} - {"click._winconsole"}
    assert modules <= set(CLICK_MODULES)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_translations_use_only_the_placeholders_click_fills() -> None:
    for english, vietnamese in CLICK_MESSAGES.items():
        assert _fields(vietnamese) <= _fields(english), english
        assert ("%(" in vietnamese) == ("%(" in english), english
    for (one, many), (viet_one, viet_many) in CLICK_PLURALS.items():
        assert _fields(viet_one) | _fields(viet_many) <= _fields(one) | _fields(many), one


METAVARS = {"OPTIONS", "COMMAND", "ARGS", "TEXT", "INTEGER", "RANGE", "PATH", "PATHS", "FILE"}
METAVARS |= {"DIRECTORY", "OUT", "OLD", "NEW", "CHOICE", "BOOLEAN", "FLOAT"}
"""click's metavars, made from type and argument names, in capitals."""


def _english_words() -> set[str]:
    """The English words of click's strings (placeholders aside), lower case, but those
    kehoach's own help uses as names (a command, a format) or that are Vietnamese too."""
    words: set[str] = set()
    texts = [t for texts in _click_strings().values() for t in texts] + ["required"]
    for text in texts:
        text = re.sub(r"\{[^}]*\}|%\([a-z]+\)s", " ", text)
        words |= {w.lower() for w in re.findall(r"[A-Za-z]{2,}", text)}
    return words - {"json", "text", "new", "windows", "bash", "in", "do"}  # in, do: Vietnamese


INVOCATIONS = [
    [],
    ["--version"],
    ["nosuch"],
    ["buidl"],
    ["build", "--nosuch"],
    ["build", "--rot", "x"],
    ["build", "-j", "abc"],
    ["build", "-j", "0"],
    ["build", "-o"],
    ["check", "--format", "xml"],
    ["new"],
    ["new", "x.yaml"],
    ["new", "x.yaml", "--extends", "a.yaml", "--category", "huyen", "--issuer", "A"],
    ["new", "x.yaml", "--extends", "plans", "--category", "xa", "--issuer", "A"],
    ["diff", "a"],
    ["redline", "a", "b"],
    ["schema", "du"],
    ["pdf", "--force", "--force=1"],
]


def _outputs(root: Path) -> dict[str, str]:
    """Every command's help page and each bad invocation, as printed (both streams)."""
    runs: dict[str, list[str]] = {"--help": ["--help"]}
    for name in main.commands:
        runs[f"{name} --help"] = [name, "--help"]
        runs[f"{name} -h"] = [name, "-h"]
    runs |= {" ".join(args) or "(không có gì)": args for args in INVOCATIONS}
    outputs = {}
    for label, args in runs.items():
        result = CliRunner().invoke(main, args, prog_name="kehoach")
        assert "Traceback" not in result.output, (label, result.output)
        outputs[label] = result.stdout + result.stderr
    return outputs


def test_help_and_usage_errors_have_no_english_word(
    sandbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(sandbox)  # the clerk's repository: «new x.yaml» refers to its plans
    english = _english_words()
    leaks = {}
    for label, output in _outputs(sandbox).items():
        found = {
            word
            for word in re.findall(r"(?<![-\w])[A-Za-z]{2,}(?![\w-])", output)
            if word in METAVARS or (not word.isupper() and word.lower() in english)
        }
        if found:
            leaks[label] = sorted(found)
    assert not leaks, leaks


def test_usage_error_reads_as_a_kehoach_message() -> None:
    """The same «lỗi: …» as every other message, and the way to the help page."""
    result = CliRunner().invoke(main, ["new", "x.yaml"], prog_name="kehoach")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Cách dùng: kehoach new [TÙY_CHỌN] TỆP",
        "Gõ «kehoach new --help» để xem hướng dẫn.",
        "",
        "lỗi: thiếu tùy chọn '--extends'.",
    ]


def test_help_headings_and_defaults_are_vietnamese() -> None:
    page = CliRunner().invoke(main, ["build", "--help"], prog_name="kehoach").stdout
    assert page.startswith("Cách dùng: kehoach build [TÙY_CHỌN] [ĐƯỜNG_DẪN]...\n")
    assert "\nTùy chọn:\n" in page and "In hướng dẫn này rồi thoát." in page
    assert "[mặc\u00a0định: build]" in page and "-j, --jobs SỐ" in page


def test_utf16_detection_leaves_utf8_plans_alone() -> None:
    """The real plans (Vietnamese UTF-8, with their few NUL-free bytes) are never UTF-16."""
    from kehoach.source.utf16 import utf16_form

    for path in sorted((REPO / "plans").rglob("*.yaml")):
        assert utf16_form(path.read_bytes()) is None, path
    assert utf16_form(codecs.BOM_UTF16_LE + "a".encode("utf-16-le")) == "UTF-16 LE"
