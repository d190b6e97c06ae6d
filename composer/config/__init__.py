"""Settings: flags, then the environment, then ``.env``.

- ``settings``: ``Settings`` and ``load_settings`` (every variable Composer reads).
- ``dotenv``: the small ``.env`` reader.
- ``paths``: where Composer keeps its data (``COMPOSER_HOME``) and caches.
- ``backoff``: the pause shared by concurrent LLM requests, carried by ``Settings``.
"""
