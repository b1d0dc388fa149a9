"""Layout: a resolved plan becomes the document model.

In: a resolved ``Plan``. Out: a ``LaidOutDocument`` with every number, word,
punctuation mark and emphasis decided. Pure: no file is read, no YAML parsed.
"""
