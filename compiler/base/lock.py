"""One build at a time in a repository: a second ``kehoach build`` (or ``make``) waits.

Two builds in one tree at once raced: each read the plans as they were when
it started, and the one finishing last wrote its documents last, so an
edit made in between could leave a document older than its plan but newer
on disk (``make`` then never rebuilds it). Holding an exclusive lock from
before the first plan is read until the last document is written makes
the later build the later writer; it waits, saying so, instead of stopping
(a ``make`` started from an editor's save must not fail because another was
running).

The lock is ``flock`` on the repository folder itself, not on a lock file:
a build that writes nothing (a bad plan) must leave nothing behind, not
even an empty ``build/``, and the lock must not depend on ``-o`` (two
builds into different folders still read the same plans). The system
releases it when the process ends, however it ends (SIGKILL included), so
no stale lock is ever left. Where ``flock`` does not exist (Windows) or the
file system cannot lock (some network shares), builds run unlocked, as
before.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kehoach.base.system import ACCESS, SystemFault

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

_CANNOT_LOCK = {errno.ENOLCK, errno.EOPNOTSUPP, errno.EBADF, errno.EINVAL}
"""flock's answers on a file system that does not lock: run unlocked."""


@contextmanager
def repository_lock(root: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold the repository's build lock for the ``with`` block.

    When another process holds it, ``on_wait()`` is called once (to say so)
    and this one blocks until it is free; Ctrl+C while waiting raises
    KeyboardInterrupt as anywhere else.
    """
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(root, os.O_RDONLY)
    except OSError as error:
        raise SystemFault(ACCESS, root, error) from error
    try:
        if _acquire(fd, fcntl.LOCK_EX | fcntl.LOCK_NB) is False:
            on_wait()
            _acquire(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # the lock goes with the last descriptor (forked workers exit first)


def _acquire(fd: int, operation: int) -> bool | None:
    """True when locked, False when another process holds the lock, None when unsupported."""
    assert fcntl is not None
    try:
        fcntl.flock(fd, operation)
    except BlockingIOError:
        return False
    except OSError as error:
        if error.errno in _CANNOT_LOCK:
            return None
        raise
    return True
