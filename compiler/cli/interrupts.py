"""Ctrl+C, never lost: remembered when Python would swallow it.

Python raises KeyboardInterrupt wherever the main thread is when it handles
SIGINT. When that is inside a weakref callback or a ``__del__`` (importing
a module releases such callbacks), Python prints «Exception ignored …» and
carries on; a library's bare ``except:`` swallows it silently. A build
interrupted that way ran on to its end and exited 0. So the program's
handler (:func:`install`, called by :mod:`kehoach.cli.entry` only, never in a
process that merely imports kehoach) also remembers the interrupt, and the
commands ask :func:`raise_if_interrupted` between plans and at their end.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType
from typing import Any

_interrupted = False


def _on_interrupt(_signum: int, _frame: FrameType | None) -> None:
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def _unraisable(unraisable: Any) -> None:
    """A swallowed Ctrl+C is not a message: :func:`raise_if_interrupted` raises it again."""
    if not isinstance(unraisable.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)


def install() -> None:
    """Handle Ctrl+C for the rest of the process: KeyboardInterrupt, remembered."""
    signal.signal(signal.SIGINT, _on_interrupt)
    sys.unraisablehook = _unraisable


def raise_if_interrupted() -> None:
    """KeyboardInterrupt if Ctrl+C was pressed, even if Python swallowed the first one."""
    if _interrupted:
        raise KeyboardInterrupt
