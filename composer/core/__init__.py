"""The contract every layer speaks, standard library only.

- ``errors``: ``ComposerError`` and its kinds (input, config, provider), with exit codes.
- ``findings``: ``Finding`` and ``Report``, the checker's one diagnostic shape.
- ``goals``: ``Goal`` and the goal presets.
- ``profile``: ``Profile``, the person model (readers live in ``composer.profile``).
- ``contract``: ``DraftRequest``, ``Candidate``, ``DraftResult``: what drafting takes and gives.
"""
