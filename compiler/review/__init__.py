"""Review: what changed between two versions of a plan.

In: two version specs (a file or ``REV:path``). Out: a semantic report
(text, JSON, Markdown) and a redline .docx with tracked changes.
"""
