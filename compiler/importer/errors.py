"""The one error of the import: an input it cannot read, said in Vietnamese."""

from __future__ import annotations


class ImportRefused(Exception):
    """The input is not a Word plan kehoach can read; the message says why and what to do.

    Raised before anything is written, so a refused import leaves no file.
    """


class UnbuildablePlan(Exception):
    """The plan the import wrote would not build: a bug of the import, nothing is written.

    The message is the build's own diagnostics, positions in the generated text.
    """
