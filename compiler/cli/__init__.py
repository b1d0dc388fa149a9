"""The command line, at the top of the pipeline.

In: what the user typed. Out: files written, Vietnamese messages, exit codes
(``kehoach.base.exits``). Also the worker pool for ``-j`` and the Makefile
rules of ``kehoach deps``.
"""
