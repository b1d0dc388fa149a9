"""Writers: the document model rendered for a reader.

In: a ``LaidOutDocument`` (and the Word template). Out: .docx bytes,
reproducible for the same input; a redline .docx from two renderings;
template faults as ``TemplateError``.
"""
