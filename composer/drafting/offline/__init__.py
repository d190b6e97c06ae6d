"""The offline engine: notes from the templates in ``prompts/offline``, no LLM.

- ``engine``: ``draft_offline(request)``, the candidates and the pick.
- ``phrasing``: goals, titles and schools turned into words that read right.
"""
