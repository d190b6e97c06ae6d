"""Drafting a note: the pipeline and its engines.

- ``pipeline``: what every front end calls (``compose_note``, ``stream_compose``).
- ``hooks``: what a note can be built on (a mutual connection, a post, an employer...).
- ``templates``: the Jinja2 prompt templates under ``prompts/``.
- ``offline``: the template engine (no LLM); ``llm``: an OpenAI-compatible model.
"""
