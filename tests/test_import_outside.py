"""`kehoach import -o` to a path outside the repository: the user's path is theirs.

A plan written outside the repository still gets its report, its messages
name it by the path the user typed (not a crash on a path that is not under
the root), and the closing hint says to bring it into plans/ (check and
build read plans only inside the repository).
"""

from __future__ import annotations

from pathlib import Path

from conftest import make_repository, run_kehoach
from import_helpers import CORPUS
from ruamel.yaml import YAML


def test_import_to_a_path_outside_the_repository(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "kho")
    outside = tmp_path / "ngoai" / "ke-hoach.yaml"
    outside.parent.mkdir()
    source = CORPUS / "lamdong_kh-kiemtra-cchc-2026.docx"
    result = run_kehoach(root, "import", str(source), "-o", str(outside))
    assert result.returncode == 0, result.stderr
    plan = YAML(typ="safe", pure=True).load(outside.read_text(encoding="utf-8"))
    assert plan["document"]["issuer"]["name"].upper() == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    assert outside.with_name("ke-hoach.import.txt").is_file()
    assert "lỗi nội bộ" not in result.stdout + result.stderr
    assert f"chép tệp vào thư mục plans/ của kho «{root.resolve()}»" in result.stdout
    assert not list((root / "plans").rglob("*.yaml"))  # nothing written in the repository
