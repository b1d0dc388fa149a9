"""Foundations every stage may use; they know nothing of plans.

In: nothing of the pipeline. Out: the diagnostic type and its formatting,
the exit codes, where files are (paths kept inside the repository), how
outputs are written (atomically, byte-for-byte reproducible), the characters
a plan may not hold and the plain rules of Vietnamese text (lists, titles,
capitals).
"""
