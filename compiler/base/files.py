"""Reading an input file: a regular file only, and never waiting on one that is not.

A plan, a parent plan or a cited plan is a path someone wrote (or a file a
folder walk met), so it may name anything: a FIFO, whose ``open`` waits for
a writer that never comes (a build hung forever, Ctrl+C or not); a device
(``/dev/zero`` never ends, ``/dev/tty`` waits for the keyboard); a socket.
:func:`read_regular` refuses all of them before reading a byte:

- ``os.stat`` first, so that a special file is not even opened (opening
  some devices has effects of its own);
- then ``open`` with ``O_NONBLOCK``, so that a file swapped for a FIFO
  between the two calls cannot block the open either, and ``fstat`` of what
  was actually opened decides.

Where the path leads (inside the repository or not) is
:func:`kehoach.base.workspace.inside`'s question, asked before this one.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
"""Read-only, not blocking on a FIFO, never a controlling terminal (the flags a system lacks: 0)."""


class NotARegularFile(OSError):
    """The path exists but is a FIFO, a device or a socket: not read, and not waited on.

    ``strerror`` says what it is, in Vietnamese («đây là ống dẫn có tên (FIFO),
    không phải tệp thường»), to follow «không đọc được …: ».
    """

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, f"đây là {kind}, không phải tệp thường", str(path))


def file_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in the words of a message."""
    if stat.S_ISFIFO(mode):
        return "ống dẫn có tên (FIFO)"
    if stat.S_ISCHR(mode):
        return "thiết bị ký tự"
    if stat.S_ISBLK(mode):
        return "thiết bị khối"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "tệp đặc biệt"


def require_regular(path: Path, mode: int) -> None:
    """Raise IsADirectoryError or NotARegularFile unless ``mode`` is a regular file's."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    raise NotARegularFile(path, file_kind(mode))


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (at most ``limit`` of them when given).

    Raises NotARegularFile for a FIFO, a device or a socket, IsADirectoryError
    for a folder, and the OSError of ``open`` otherwise (missing, no
    permission, a symlink loop), without ever blocking.
    """
    require_regular(path, os.stat(path).st_mode)
    fd = os.open(path, _OPEN_FLAGS)
    with os.fdopen(fd, "rb") as handle:
        require_regular(path, os.fstat(fd).st_mode)
        os.set_blocking(fd, True)  # a regular file: the flag only guarded the open
        return handle.read() if limit is None else handle.read(limit)
