"""The user's own LinkedIn data export ("Get a copy of your data"), read tolerantly.

- ``source.ExportSource``: an export folder or ``.zip``; files found by name.
- ``table.read_table``: CSV with header drift, a ``Notes:`` preamble, BOM, quoted newlines.
- ``dates.parse_date``: ``Mar 2021``, ``05 Mar 2024``, ``2024-03-05``, ``3/5/24, 10:12 AM``.
- ``sender.load_export_profile(path)``: the user's ``Profile`` from Profile/Positions/
  Education/Skills/Languages.csv (what ``--from EXPORT`` reads).
- ``network``: invitations, connections, and which invitations were accepted.
- ``store``: the import into the history database; ``analytics``: the stats groupings.

Standard library only; nothing here imports jinja2, openai or textual.
"""
