"""Reading a .docx through pandoc's JSON AST, with the pandoc version pinned.

pandoc is the one reader that keeps Word's list numbers, merged cells and
footnotes (TECH-NOTES); its 3.10 lost table columns (pandoc issue #11833),
so the import checks the version it finds and says so when it is another
one. pandoc runs as a child process with a time limit and a heap limit
(``+RTS -M``): a hostile document costs seconds and a bounded amount of
memory, never the machine.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from kehoach.importer.errors import ImportRefused

TESTED_PANDOC = "3.9"
"""The pandoc version the import was written and tested against."""

TIME_LIMIT = 60.0
"""Seconds pandoc may take (a 30-page plan takes about one)."""

HEAP_LIMIT = "1024m"


def pandoc_path() -> tuple[str, str]:
    """The pandoc binary pypandoc finds and its version."""
    try:
        import pypandoc
    except ImportError:
        raise ImportRefused(
            "chưa cài pypandoc (pandoc): hãy chạy «make» để cài lại môi trường .venv"
        ) from None
    try:
        return str(pypandoc.get_pandoc_path()), str(pypandoc.get_pandoc_version())
    except OSError:
        raise ImportRefused(
            "không tìm thấy chương trình pandoc: hãy cài gói pypandoc_binary (make)"
        ) from None


def version_note(version: str) -> str | None:
    """A line for the report when pandoc is not the tested version, else None."""
    if version == TESTED_PANDOC or version.startswith(TESTED_PANDOC + "."):
        return None
    return (
        f"pandoc {version} khác phiên bản đã kiểm thử ({TESTED_PANDOC}): hãy soát lại bảng "
        "(pandoc 3.10 làm mất cột của bảng)"
    )


def read_ast(docx: Path) -> tuple[dict[str, Any], str]:
    """pandoc's JSON document of ``docx`` (reader ``docx+styles``) and pandoc's version."""
    binary, version = pandoc_path()
    command = [binary, "+RTS", f"-M{HEAP_LIMIT}", "-RTS", "-f", "docx+styles", "-t", "json",
               str(docx)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIME_LIMIT, check=False)
    except subprocess.TimeoutExpired:
        raise ImportRefused(
            f"pandoc đọc tệp quá {TIME_LIMIT:g} giây: tệp quá lớn hoặc hỏng"
        ) from None
    if done.returncode != 0:
        raise ImportRefused(
            "pandoc không đọc được tệp .docx (tệp hỏng hoặc không phải văn bản Word): "
            + done.stderr.decode("utf-8", "replace").strip()[:200]
        )
    return json.loads(done.stdout), version
