"""Where the Jinja2 prompt templates live, and how they are rendered (strictly).

Templates are files under the top-level ``prompts/`` folder. In a wheel they are
shipped inside the package as ``composer/prompts``; in a source checkout or an
editable install they are read from the repository. ``jinja2`` is imported here
only, and only when a template is first rendered.
"""

from __future__ import annotations

from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

_PACKAGE = Path(__file__).resolve().parents[1]  # composer/, where a wheel puts prompts/


def prompts_dir() -> Path:
    """The folder that holds the templates, installed or in a checkout."""
    for candidate in (_PACKAGE / "prompts", _PACKAGE.parent / "prompts"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"prompt templates not found (looked in {_PACKAGE / 'prompts'} and "
        f"{_PACKAGE.parent / 'prompts'}); reinstall Composer"
    )


@cache
def environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(prompts_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        bytecode_cache=_bytecode_cache(),
    )


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the user's cache folder (``config.paths.cache_dir``,
    never a folder a project's ``.env`` can choose): compiling a template costs tens of
    milliseconds on every offline draft, loading it back a fraction of one. The folder
    is 0700 and each entry is loaded only when this user owns it and nobody else can
    write it (Jinja runs what it loads). Jinja checks each entry against the template's
    source, so an edited template is compiled afresh. None (no cache, still correct)
    when the folder can't be made or trusted."""
    import jinja2

    from composer.config.paths import private_cache, trusted

    class PrivateCache(jinja2.FileSystemBytecodeCache):
        """Jinja's file cache (atomic writes), but an entry that is not trusted is not
        loaded, and a failed write is skipped: a read-only or full disk must not stop a
        draft."""

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            if trusted(Path(self._get_cache_filename(bucket))):
                super().load_bytecode(bucket)

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with suppress(OSError):
                super().dump_bytecode(bucket)

    folder = private_cache("jinja")
    return None if folder is None else PrivateCache(str(folder), "%s.cache")


def render(name: str, **context: Any) -> str:
    """Render ``prompts/<name>`` with ``context``; a missing variable raises."""
    return environment().get_template(name).render(**context)
