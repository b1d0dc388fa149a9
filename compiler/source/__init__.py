"""Reading the source: a plan file's bytes become a validated ``Plan``.

In: bytes (a file on disk or a git blob). Out: a ``LoadedPlan`` (the
``Plan`` model, its text and the position of every key) or a ``PlanError``
whose diagnostics name file, line and column in Vietnamese.
"""
