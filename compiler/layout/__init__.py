"""Layout: a resolved plan becomes the document model.

In: a ``ResolvedPlan`` (:mod:`kehoach.cascade.resolved`, cited plans'
metadata included). Out: a ``LaidOutDocument`` with every number, word,
punctuation mark and emphasis decided. Pure: no file is read, no YAML
parsed, the working directory never consulted.
"""
