"""Text handling shared by the checker and drafting.

- ``normalize``: cleaning, folding and UTF-16 length of a note.
- ``lexicon``: the word lists and patterns, read from ``data/*.toml`` (cached).
- ``language``: which language a text is in.
"""
