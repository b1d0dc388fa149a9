"""Run the ``kehoach`` command line and kill it at a named point of an atomic write (tests only).

``python tests/kill_at.py POINT N ARGS...`` runs ``kehoach ARGS...`` and,
at the N-th call of :func:`kehoach.base.output.write_atomically` in a
process, stops it at POINT:

``mid-write``
    half of the new bytes are in the temporary file: SIGKILL;
``before-replace``
    the temporary file is whole and synced, not yet renamed over the
    target: SIGKILL;
``after-replace``
    the new file has replaced the target (the folder not yet synced): SIGKILL;
``interrupt``
    before the rename, as ``before-replace``, but Ctrl+C (KeyboardInterrupt)
    instead of SIGKILL: kehoach's own clean-up runs.

A test thus kills a build at a chosen step of a chosen document instead of
after a random sleep, which may fall anywhere (or after the end). kehoach has
no hook for this: the writer's module gets a stand-in for ``os`` that stops
at the point, in this process only. The process makes itself a process
group first and SIGKILL goes to the group: with ``-j`` the workers it forks
(which count their own writes) die with it, as under a supervisor killing
the job, and nothing outside the group can be hit.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

POINTS = ("mid-write", "before-replace", "after-replace", "interrupt")


class StoppingOs:
    """``os`` as the atomic writer sees it: the same, except at the chosen point."""

    def __init__(self, point: str, nth: int) -> None:
        self.point, self.nth, self.writes = point, nth, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def _due(self) -> bool:
        return self.writes == self.nth

    def fdopen(self, fd: int, *args: Any, **kwargs: Any) -> Any:
        self.writes += 1  # write_atomically opens its temporary file once per write
        handle = os.fdopen(fd, *args, **kwargs)
        if self.point == "mid-write" and self._due():
            return HalfWriter(handle)
        return handle

    def replace(self, src: Any, dst: Any) -> None:
        if self._due() and self.point == "interrupt":
            raise KeyboardInterrupt
        if self._due() and self.point == "before-replace":
            kill()
        os.replace(src, dst)
        if self._due() and self.point == "after-replace":
            kill()


class HalfWriter:
    """A binary file that writes the first half of the data, flushes it, and is killed."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        os.fsync(self.handle.fileno())
        kill()
        raise AssertionError("unreachable: the process was killed")


def kill() -> None:
    os.killpg(os.getpgrp(), signal.SIGKILL)


def main(point: str, nth: int, args: list[str]) -> None:
    assert point in POINTS, f"POINT is one of {POINTS}"
    os.setsid()  # a group of its own: SIGKILL reaches its workers and nothing else
    import kehoach.base.output as output
    from kehoach.cli.commands import main as kehoach

    output.os = StoppingOs(point, nth)  # type: ignore[assignment]
    sys.argv = ["kehoach", *args]
    kehoach()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3:])
