"""kehoach: compile plans written in YAML into official-format .docx documents.

The package is a pipeline of stages, each a subpackage that imports only the
ones below it (the contract is in pyproject.toml, checked by ``make lint``)::

    cli        the ``kehoach`` commands, the worker pool, make rules
    review     diff and redline of two versions of a plan
    pipeline   the one path: source → plan → resolved plan → document → writer
    writers    document model → .docx bytes (and redline XML)
    layout     resolved plan → document model (pure: no files, no YAML)
    lint       plan text → diagnostics of spelling, capitals, citations, form
    cascade    plan → resolved plan: parents, cited plans, inheritance findings
    source     bytes → plan: YAML, encodings, positions, Vietnamese messages
    model      the document model (plain frozen data)   schema  the plan schema
    base       diagnostics, exit codes, paths, atomic writes
"""
