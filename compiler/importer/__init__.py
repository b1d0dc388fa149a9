"""``kehoach import``: an existing Word plan becomes a plan file (issue 15).

The stages, one module each: :mod:`.source` checks and converts the input
(.docx read as it is; .doc/.odt through LibreOffice; zip bombs, encrypted and
corrupt files refused before anything is read), :mod:`.pandoc` reads the
document through pandoc's JSON AST into paragraphs and tables
(:mod:`.blocks`), :mod:`.sections` reads what pandoc drops (page sections
and their orientation) with lxml, :mod:`.recognise` maps the blocks onto the
parts of a plan (header, basis, body tree, Nơi nhận, signature, appendices),
:mod:`.records` turns appendix tables that say what they hold into task and
target records, :mod:`.emit` writes the YAML with comments where it guessed
and :mod:`.run` checks that the plan builds before writing it and its
report. The package sits above the pipeline, like :mod:`kehoach.review`.
"""
