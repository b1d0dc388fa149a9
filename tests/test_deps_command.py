"""`kehoach deps`, the one command that writes make's rules (the Makefile runs it after
every build): the same rules with or without --cache, paths checked before any work, and
a start-up that loads neither the schema nor the renderer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import CASCADE, LONG_MY, REPO, copy_cascade

from kehoach.cli.commands import main


def _repository(root: Path) -> Path:
    copy_cascade(root)
    (root / LONG_MY).parent.mkdir(parents=True, exist_ok=True)
    (root / LONG_MY).write_bytes((REPO / LONG_MY).read_bytes())
    return root


def test_the_rules_are_the_same_with_the_cache_and_name_every_ancestor(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    printed = CliRunner().invoke(main, ["deps", "--root", str(root)])
    assert printed.exit_code == 0, printed.output
    args = ["deps", "--root", str(root), "plans", "-o", "build/.deps.mk"]
    for _ in range(2):  # the second run reads the references from the cache
        cached = CliRunner().invoke(main, [*args, "--cache", "build/.deps.cache"])
        assert cached.exit_code == 0, cached.output
        assert (root / "build" / ".deps.mk").read_text(encoding="utf-8") == printed.stdout
    assert (root / "build" / ".deps.cache").is_file()
    rule = f"build/{LONG_MY.relative_to('plans').with_suffix('.docx').as_posix()}:"
    (line,) = [text for text in printed.stdout.splitlines() if text.startswith(rule)]
    assert all(f" {ancestor.as_posix()}" in line for ancestor in CASCADE)


def test_an_output_onto_a_source_stops_it_before_any_file_is_written(
    tmp_path: Path,
) -> None:
    root = _repository(tmp_path / "kho")
    for extra in (
        ["-o", "plans/rules.mk"],
        ["-o", "build/.deps.mk", "--cache", "templates/cache"],
        ["-o", "build/.deps.mk", "--build-dir", "../ngoai"],
    ):
        result = CliRunner().invoke(main, ["deps", "--root", str(root), *extra])
        assert result.exit_code == 2 and result.stderr.startswith("lỗi: "), result.output
    assert not (root / "build").exists() and not list(tmp_path.glob("*.*"))


def test_deps_loads_neither_the_schema_nor_the_renderer(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    probe = (
        "import sys\n"
        "from kehoach.cli.commands import main\n"
        f"main(['deps', '--root', {str(root)!r}, '-o', 'build/x.mk'], standalone_mode=False)\n"
        "heavy = ('pydantic', 'docx', 'docxtpl', 'jinja2', 'ruamel', 'lxml')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=root
    )
    assert done.stdout.strip() == "[]"
    assert (root / "build" / "x.mk").is_file()
