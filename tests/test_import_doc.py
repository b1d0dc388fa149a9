"""A .doc (Word 97-2003) imports as its .docx does: LibreOffice converts it first.

The .doc is made here from a corpus .docx with LibreOffice itself; the two
imports must give the same plan (same document keys, body, records and
appendices), and the report must say that the file was converted.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import make_repository
from import_helpers import CORPUS, run_import
from libreoffice import LibreOffice
from ruamel.yaml import YAML

SOURCE = "lamdong_kh-kiemtra-cchc-2026.docx"


def _without_widths(value: object) -> object:
    """The plan without column widths (LibreOffice rounds them when it saves a .doc)."""
    if isinstance(value, dict):
        return {k: _without_widths(v) for k, v in value.items() if k != "width"}
    if isinstance(value, list):
        return [_without_widths(v) for v in value]
    return value


def test_doc_imports_like_its_docx(libreoffice: LibreOffice, tmp_path: Path) -> None:
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [libreoffice.soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path), str(CORPUS / SOURCE)],
        check=True,
        capture_output=True,
        timeout=180,
        env=libreoffice.env(),
    )
    doc = tmp_path / SOURCE.replace(".docx", ".doc")
    assert doc.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: a real .doc
    root = make_repository(tmp_path / "kho")
    from_docx = run_import(root, CORPUS / SOURCE, "plans/tu-docx.yaml")
    from_doc = run_import(root, doc, "plans/tu-doc.yaml", env=libreoffice.env())
    assert from_docx.returncode == 0, from_docx.stderr
    assert from_doc.returncode == 0, from_doc.stderr
    yaml = YAML(typ="safe")
    plan_docx = yaml.load((root / "plans" / "tu-docx.yaml").read_text(encoding="utf-8"))
    plan_doc = yaml.load((root / "plans" / "tu-doc.yaml").read_text(encoding="utf-8"))
    assert _without_widths(plan_doc) == _without_widths(plan_docx)
    report = (root / "plans" / "tu-doc.import.txt").read_text(encoding="utf-8")
    assert "tệp .doc được LibreOffice chuyển sang .docx" in report
