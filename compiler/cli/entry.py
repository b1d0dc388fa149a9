"""The ``kehoach`` program: the command line, with Ctrl+C answered from the first instant.

Every command answers Ctrl+C with one line and exit code 130
(:class:`~kehoach.cli.commands.GuardedGroup`). The program closes the ways
around that (never a process that merely imports kehoach, such as the
tests):

- The console script starts here rather than at the click group: importing
  the commands (click, and what they import) is a good part of the
  start-up, and a Ctrl+C in that time printed a Python traceback. Only the
  interpreter's own start-up, before any code of kehoach runs, is left to
  Python.
- An interrupt Python swallows is remembered (:mod:`kehoach.cli.interrupts`).
- Once the command is over, Ctrl+C is ignored: a second one while the
  interpreter shuts down must not end in a traceback.
"""

from __future__ import annotations

import signal
import sys

from kehoach.base.exits import INTERRUPTED_LINE, Exit
from kehoach.cli.interrupts import install


def run() -> None:
    """Run the command the arguments name; every way out is an exit code (see ``Exit``)."""
    install()
    try:
        from kehoach.cli.commands import main

        main()
    except KeyboardInterrupt:  # before the commands' own handling (GuardedGroup) was in place
        print(INTERRUPTED_LINE, file=sys.stderr)
        sys.exit(Exit.INTERRUPTED)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
