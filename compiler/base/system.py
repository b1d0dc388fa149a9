"""The environment's faults, told as such: what failed, on which path, what to do.

A full disk, a read-only or forbidden folder, a folder where the .docx
should go: none is a bug of kehoach, none is the plan's fault, and each is
something the clerk (or the office's IT) can mend. Reported as «lỗi nội bộ …
hãy gửi cho người bảo trì» they sent a clerk to the maintainers with nothing
to fix; reported here they name the path, the reason in Vietnamese (with
the system's own code, ENOSPC, for whoever helps) and the remedy, with their
own exit code (:attr:`kehoach.base.exits.Exit.SYSTEM`).

Only the operations that touch the environment raise :class:`SystemFault`
(the atomic writer, the repository lock, LibreOffice's staging folders);
an ``OSError`` elsewhere is told as one only when its errno can only come
from the environment (:func:`fault_of`), so a bug still reads as a bug.
"""

from __future__ import annotations

import errno
from pathlib import Path

from kehoach.base.targets import shown

WRITE = "không ghi được {}"
WRITE_INTO = "không ghi được vào thư mục {}"
ACCESS = "không truy cập được {}"
"""What failed, ``{}`` standing for the path (see :class:`SystemFault`)."""

_RIGHTS = "hãy cấp quyền cho tài khoản đang chạy kehoach, hoặc ghi vào chỗ khác, rồi chạy lại"

_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("ổ đĩa đầy", "hãy giải phóng chỗ trống rồi chạy lại"),
    errno.EDQUOT: (
        "đã hết hạn mức dung lượng (quota) của tài khoản",
        "hãy xóa bớt tệp hoặc xin thêm hạn mức rồi chạy lại",
    ),
    errno.EROFS: (
        "ổ đĩa chỉ cho phép đọc",
        "hãy ghi vào chỗ khác (tùy chọn -o) hoặc gắn lại ổ đĩa cho phép ghi",
    ),
    errno.EACCES: ("không có quyền", _RIGHTS),
    errno.EPERM: ("hệ thống không cho phép", _RIGHTS),
    errno.EISDIR: ("{} là một thư mục", "hãy đổi tên hoặc xóa thư mục đó rồi chạy lại"),
    errno.ENOTDIR: (
        "{} là một tệp, không phải thư mục",
        "hãy đổi tên hoặc xóa tệp đó rồi chạy lại",
    ),
    errno.EEXIST: (
        "{} là một tệp, không phải thư mục",
        "hãy đổi tên hoặc xóa tệp đó rồi chạy lại",
    ),
    errno.EIO: (
        "lỗi đọc ghi của thiết bị",
        "hãy kiểm tra ổ đĩa (hay kết nối tới thư mục dùng chung) rồi chạy lại",
    ),
    errno.EMFILE: (
        "hệ thống không mở thêm được tệp",
        "hãy chạy với ít tiến trình hơn (-j) hoặc đóng bớt chương trình",
    ),
    errno.ENFILE: (
        "hệ thống không mở thêm được tệp",
        "hãy chạy với ít tiến trình hơn (-j) hoặc đóng bớt chương trình",
    ),
    errno.EBUSY: ("tệp đang bị chương trình khác giữ", "hãy đóng chương trình đó rồi chạy lại"),
    errno.ETXTBSY: ("tệp đang bị chương trình khác giữ", "hãy đóng chương trình đó rồi chạy lại"),
    errno.ENAMETOOLONG: ("đường dẫn quá dài", "hãy dùng tên hoặc thư mục ngắn hơn"),
}
"""errno → (reason, remedy); ``{}`` in a reason stands for the path the system named."""

_WHOLE_VOLUME = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}
"""Faults of the whole disk: every later write fails alike, so a batch stops at the first."""


class SystemFault(Exception):
    """``action`` (a template of this module: :data:`WRITE`…) on ``path`` failed with ``error``.

    Not an ``OSError`` itself: the ``except OSError`` clauses that read
    plans (a missing parent, an unreadable file) must not swallow it.
    """

    def __init__(self, action: str, path: Path, error: OSError) -> None:
        super().__init__(f"{action.format(path)}: {error}")
        self.action = action
        self.path = path
        self.error = error

    @property
    def stops_all(self) -> bool:
        """True for a full or read-only disk: no later output can be written either."""
        return self.error.errno in _WHOLE_VOLUME

    def render(self, root: Path) -> str:
        """The Vietnamese line: ``lỗi: không ghi được build/x.docx: ổ đĩa đầy (ENOSPC); hãy …``.

        A reason about a path («… là một thư mục») names the one in the way:
        the system's own (the folder that is a file), or else ``path``.
        """
        code = errno.errorcode.get(self.error.errno or 0, "")
        reason, remedy = _REASONS.get(
            self.error.errno or 0,
            (
                f"hệ điều hành báo lỗi «{self.error.strerror or self.error}»",
                "hãy kiểm tra ổ đĩa và quyền truy cập rồi chạy lại",
            ),
        )
        reason = reason.format(shown(root, self._in_the_way()))
        tag = f" ({code})" if code else ""
        return f"lỗi: {self.action.format(shown(root, self.path))}: {reason}{tag}; {remedy}"

    def _in_the_way(self) -> Path:
        """The path a «là một thư mục / là một tệp» reason is about.

        For a file where a folder is needed (ENOTDIR, EEXIST from ``mkdir``),
        the first existing component of ``path`` that is not a folder; for a
        folder where the file should go (EISDIR), ``path`` itself.
        """
        if self.error.errno in (errno.ENOTDIR, errno.EEXIST):
            for part in reversed(self.path.parents):
                if part.exists() and not part.is_dir():
                    return part
        return self.path


_ENVIRONMENT_ONLY = set(_REASONS) - {errno.EISDIR, errno.ENOTDIR, errno.EEXIST}
"""The errnos no path kehoach computes wrongly can cause: a file where a folder was expected
may be a bug (or the user's), a full disk or a forbidden folder never is."""


def fault_of(error: OSError, action: str = ACCESS) -> SystemFault | None:
    """``error`` as a SystemFault on the path the system named, when only the environment can
    cause it (disk full, permissions…); None otherwise, and then it is told as a bug."""
    if error.errno not in _ENVIRONMENT_ONLY or not error.filename:
        return None
    return SystemFault(action, Path(str(error.filename)), error)
