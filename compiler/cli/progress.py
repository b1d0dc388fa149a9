"""The progress of ``kehoach build``: a bar on a terminal, a count in logs.

Kept apart from the worker pool (:mod:`kehoach.cli.batch`), which knows
nothing of terminals: ``kehoach check`` runs its plans through the pool
too, and only the build draws a bar.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from kehoach.cli.batch import Outcome

PROGRESS_EVERY = 100
"""Without a terminal, one progress line per this many documents (logs stay short)."""


class Progress:
    """A bar on a terminal, a line every :data:`PROGRESS_EVERY` documents otherwise.

    Both go to stderr, so stdout keeps one «đã tạo …» line per document
    (scripts and ``make`` logs read them) except when stdout is the same
    terminal as the bar, where those lines would tear it apart: the bar and
    a closing count replace them.
    """

    def __init__(self, total: int, *, terminal: bool | None = None) -> None:
        self.total = total
        self.done = 0
        self.built = 0
        self.terminal = sys.stderr.isatty() if terminal is None else terminal
        self._bar = None
        if self.terminal and total > 1:
            self._bar = click.progressbar(
                length=total, label="Đang biên dịch", file=sys.stderr, show_pos=True, width=30
            )
            self._bar.__enter__()
        # Per-document lines would be drawn over the bar: leave them out.
        self.quiet_successes = self._bar is not None and sys.stdout.isatty()

    def step(self, outcome: Outcome, echo: Callable[[str], None]) -> None:
        self.done += 1
        if outcome.kind == "built":
            self.built += 1
        if self._bar is not None:
            self._bar.update(1)
        elif self.done % PROGRESS_EVERY == 0 and self.done < self.total:
            echo(f"đã tạo {self.done}/{self.total} văn bản…")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
