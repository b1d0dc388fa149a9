"""The document model: the one format-neutral structure between layout and writers.

In: nothing (plain frozen dataclasses). Out: ``LaidOutDocument`` and its
parts, the only thing a writer reads.
"""
