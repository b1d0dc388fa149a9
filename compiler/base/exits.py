"""Exit codes of every ``kehoach`` command and the one line that replaces a traceback.

One table for all commands, so a script or CI job reads the same number the
same way whatever it ran: 0 done / equal / clean, 1 findings or differences,
2 the input could not be read (or the Word template is broken), 3 a bug of
kehoach itself, 4 the file system or the operating system refused (disk full,
no permission, a read-only folder, a folder where a file should go), 130
interrupted by Ctrl+C.
"""

from __future__ import annotations

from enum import IntEnum

from kehoach.base.text import one_line


class Exit(IntEnum):
    """Process exit codes, documented in the README («Mã thoát»)."""

    OK = 0
    FINDINGS = 1
    """``check`` found errors; ``diff`` found differences."""
    BAD_INPUT = 2
    INTERNAL = 3
    """A bug of kehoach, not of the input: distinct so scripts and CI can tell them apart."""
    SYSTEM = 4
    """The environment refused (``kehoach.base.system``): neither a bug nor the plan's fault,
    and the one the clerk can mend (free space, permissions) without a maintainer."""
    INTERRUPTED = 130


DEBUG_VARIABLE = "KEHOACH_DEBUG"

INTERRUPTED_LINE = "đã dừng theo yêu cầu (Ctrl+C)."
"""The one line printed on Ctrl+C, before exit code 130, whatever the command was doing."""


def internal_error_line(exc: BaseException, where: str | None = None) -> str:
    """The one line printed instead of a traceback when kehoach itself fails.

    It says that the program is at fault (a clerk should not hunt for a typo
    that is not there), what to send to the maintainers, and how to get
    the details.
    """
    detail = one_line(f"{type(exc).__name__}: {exc}", 200)
    place = f"{where}: " if where else ""
    return (
        f"{place}lỗi nội bộ của kehoach ({detail}); đây là lỗi của chương trình, không phải "
        f"của kế hoạch: hãy gửi tệp kế hoạch và lệnh đã chạy cho người bảo trì "
        f"(đặt {DEBUG_VARIABLE}=1 để xem chi tiết)"
    )
