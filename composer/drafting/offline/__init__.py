"""The offline engine: notes from the templates in ``prompts/offline``, no LLM.

- ``engine``: ``draft_offline(request)``, the candidates and the pick.
- ``goals``: the user's goal turned into words that read right in the note.
- ``second_person``: the goal's words said to the target ("how she moved" -> "how you moved").
- ``titles``: job titles, studies and school names in a sentence; who the target is.
"""
