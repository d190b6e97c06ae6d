"""Readers for the user's own LinkedIn data export ("Get a copy of your data").

- ``source.ExportSource``: an export folder or ``.zip``; files found by name.
- ``table.read_table``: CSV with header drift, a ``Notes:`` preamble, BOM, quoted newlines.
- ``columns``: the column names LinkedIn has used for each file.
- ``dates.parse_date``: ``Mar 2021``, ``05 Mar 2024``, ``2024-03-05``, ``3/5/24, 10:12 AM``.

Standard library only. What is done with the rows (profiles, invitations, the import)
lives in ``composer.profile.export`` and ``composer.linkedin``.
"""
