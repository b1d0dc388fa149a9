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


class Reading:
    """pandoc started on a document, running while Python does other work (two cores: the
    import loads the compiler meanwhile); :meth:`result` waits for it."""

    def __init__(self, docx: Path) -> None:
        binary, self.version = pandoc_path()
        command = [binary, "+RTS", f"-M{HEAP_LIMIT}", "-RTS", "-f", "docx+styles", "-t",
                   "json", str(docx)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )

    def result(self) -> dict[str, Any]:
        """pandoc's JSON document; ImportRefused when pandoc fails or takes too long."""
        try:
            out, err = self.process.communicate(timeout=TIME_LIMIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise ImportRefused(
                f"pandoc đọc tệp quá {TIME_LIMIT:g} giây: tệp quá lớn hoặc hỏng"
            ) from None
        if self.process.returncode != 0:
            raise ImportRefused(
                "pandoc không đọc được tệp .docx (tệp hỏng hoặc không phải văn bản Word): "
                + err.decode("utf-8", "replace").strip()[:200]
            )
        return dict(json.loads(out))

    def stop(self) -> None:
        """Stop pandoc if it still runs (the import failed meanwhile)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def read_ast(docx: Path) -> tuple[dict[str, Any], str]:
    """pandoc's JSON document of ``docx`` (reader ``docx+styles``) and pandoc's version."""
    reading = Reading(docx)
    return reading.result(), reading.version
