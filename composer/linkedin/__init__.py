"""The user's LinkedIn network, from their data export.

- ``network``: invitations, connections, and which invitations were accepted.
- ``store``: the import into the history database; ``analytics``: the stats groupings.
- ``triage``: invitations received: accept, consider or ignore.

Standard library only; nothing here imports jinja2, openai or textual.
"""
