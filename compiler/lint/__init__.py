"""Lint: the language and form of a plan, checked before anyone signs it.

In: a ``LoadedPlan`` (its text, where every string sits in the file, and
its model for the names and abbreviations it sets) and, through its
``extends`` chain, the plans above it. Out: ``Diagnostic`` values, one per
suspected mistake, at the line and column of the word in the file, with a
suggestion where there is one: spelling against Debian's hunspell-vi
dictionary, capitals by Decree 30 Phụ lục II, citations, abbreviations,
spaces and punctuation. Nothing here changes what ``build`` prints.

The rules read the plan's own text (:mod:`kehoach.lint.prose`), not the
document model: a finding must point at the file a clerk edits.
"""
