"""The checker's word lists and patterns, read from ``composer/text/data/*.toml``.

One TOML file per language (``en.toml``, ``es.toml``, ...) with a table per rule, and
``common.toml`` for what no language owns (placeholders, contact details, acronyms).
Adding a language or a phrase is a data change: the tables are compiled at first use
and cached.

Phrase syntax (``phrases = [...]``): words matched whole, case- and accent-insensitively,
punctuation and hyphens in the note read as spaces; ``(a|b)`` alternatives, ``[x]`` an
optional part, ``word*`` any word starting with ``word`` (4+ letters), a lone ``*`` any
one word. An apostrophe is optional ("i'd" also matches "id"). ``patterns = [...]``
are raw regular expressions matched on the note as written, ignoring case: start them
with a literal or a character class, so the regex engine can skip ahead fast.

Speed: every phrase of every language goes into one trie of words. A note is split
into words once and walked once: a dictionary look-up per word, deeper only where a
phrase continues; character offsets are worked out only for what a rule reports.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from contextlib import suppress
from functools import cache
from itertools import compress
from pathlib import Path
from typing import Any

from composer.text.normalize import clean, fold


def key_words(text: str) -> list[str]:
    """The words of a phrase or note as the phrase index sees them."""
    return clean(text).split()


# Used only when the data is compiled (a stale cache): `re` caches them from there.
_PHRASE_WORD = r"[a-z0-9'*]+"
_GROUP = r"\(([^()]*)\)|\[([^\[\]]*)\]"


def expand(phrase: str) -> list[tuple[str, ...]]:
    """Every word sequence a phrase stands for: ``"i('d| would) like"`` ->
    ``[("i'd", "like"), ("i", "would", "like")]``. Words keep a trailing ``*``."""
    texts = [fold(phrase.strip())]
    done: list[str] = []
    while texts:
        text = texts.pop()
        match = re.search(_GROUP, text)
        if match is None:
            done.append(text)
            continue
        options = match.group(1).split("|") if match.group(1) is not None else [match.group(2), ""]
        texts += [text[: match.start()] + option + text[match.end() :] for option in options]
    out = {tuple(re.findall(_PHRASE_WORD, text.replace("-", " "))) for text in done}
    return sorted(w for w in out if w)


DATA_DIR = Path(__file__).resolve().parent / "data"
# Data files with a reader of their own, not languages: ``fields.toml`` is the taxonomy
# of professional fields (``composer.text.fields``).
OWN_READERS = frozenset({"fields"})
# Bump when the shape of the compiled data changes, so old caches are rebuilt.
_CACHE_FORMAT = 1


def _cache_file() -> Path:
    """Where the compiled data is kept: next to the data, as Python keeps ``.pyc`` files
    (under ``sys.pycache_prefix`` instead when one is set, as Python does)."""
    name = f"rules.{sys.implementation.cache_tag}.marshal"
    if sys.pycache_prefix:
        return Path(sys.pycache_prefix, *DATA_DIR.parts[1:], name)
    return DATA_DIR / "__pycache__" / name


def _user_cache_file() -> Path | None:
    """The fallback when the package is read-only (installed by another user): one
    file per install in the user's cache folder (``config.paths.cache_dir``, 0700; never
    a folder a project's ``.env`` can choose), or None when that folder is not ours."""
    from hashlib import blake2b  # only on this rare path

    from composer.config.paths import private_cache

    folder = private_cache("rules")
    if folder is None:
        return None
    install = blake2b(str(DATA_DIR).encode(), digest_size=6).hexdigest()
    return folder / f"rules.{sys.implementation.cache_tag}.{install}.marshal"


_Compiled = tuple[dict[str, dict[str, Any]], dict[str, Any], "Node"]


@cache
def _compiled() -> _Compiled:
    """The parsed data files and the phrase trie, from a cache when the files are unchanged.

    Parsing TOML and building the trie costs tens of milliseconds, which ``compose
    check`` would pay on every run; like Python's own ``.pyc`` files, the result is kept
    in ``data/__pycache__`` (keyed by each file's name, size and mtime), or in
    Composer's data folder when the package is read-only, and rebuilt when anything
    changed. Writing never fails a check: a cache that cannot be written is skipped.
    """
    files = sorted(
        p for p in DATA_DIR.iterdir() if p.suffix == ".toml" and p.stem not in OWN_READERS
    )
    key = (_CACHE_FORMAT, tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files))
    places = (_cache_file, _user_cache_file)
    for place in places:
        path = place()
        stored = _read_cache(path, key) if path is not None else None
        if stored is not None:
            return stored
    languages, common = _parse(files)
    root = _build_trie(languages, common)
    data = marshal.dumps((key, languages, common, root))
    for place in places:
        path = place()
        if path is not None and _write_atomically(path, data):
            break
    return languages, common, root


def _read_cache(path: Path, key: tuple[object, ...]) -> _Compiled | None:
    from composer.config.paths import trusted

    # Loaded only from a file this user (or root, who installed the package) owns and
    # nobody else can write: marshalled data is not for strangers to supply.
    if not (trusted(path) and trusted(path.parent)):
        return None
    try:
        stored = marshal.loads(path.read_bytes())
        if stored[0] == key:
            return stored[1], stored[2], stored[3]
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        pass  # no cache yet, or an unreadable one: rebuild it
    return None


def _write_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` whole or not at all: a temporary file of this process,
    then ``os.replace``, so a reader (or a process writing at the same time) never sees
    half a file. False when the folder is not writable."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{id(data):x}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False
    return True


def _parse(files: list[Path]) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    import tomllib  # only when the cache is stale: its import alone costs milliseconds

    languages: dict[str, dict[str, Any]] = {}
    common: dict[str, Any] = {}
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if path.stem == "common":
            common = data
        else:
            languages[path.stem] = data
    return languages, common


def _load() -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    languages, common, _ = _compiled()
    return languages, common


def languages() -> dict[str, dict[str, Any]]:
    """Every language's data, by ISO 639-1 code."""
    return _load()[0]


def common() -> dict[str, Any]:
    """The language-independent data (``common.toml``)."""
    return _load()[1]


def language_name(code: str) -> str:
    data = languages().get(code)
    return str(data.get("name", code)) if data else code.upper()


@cache
def full_languages() -> frozenset[str]:
    """Languages whose data covers the content rules (who you are, why you write)."""
    needed = ("no-self-intro", "no-reason", "greeting")
    return frozenset(code for code, data in languages().items() if all(k in data for k in needed))


def _tables(section: str) -> list[Any]:
    return [data[section] for data in (common(), *languages().values()) if section in data]


# A word-level trie: each node maps a word to the next node; ``PREFIX`` maps the first
# four letters of a word to ``[(stem, node)]`` for words written with a trailing ``*``;
# ``ANY`` is the node after a lone ``*`` (any one word); ``END`` the sections a phrase
# ending here belongs to.
_PREFIX_KEY = "\x00prefix"
_ANY_KEY = "\x00any"
_END_KEY = "\x00end"

Node = dict[str, Any]


class PhraseIndex:
    """Every ``phrases`` list of every language, as a trie of words.

    Matching walks the note's words once: a dictionary look-up per word, deeper only
    where a phrase continues. Much faster than running a regex per phrase.
    """

    def __init__(self, root: Node | None = None) -> None:
        self.root: Node = root if root is not None else {}
        # word -> the trie nodes a phrase starting with it goes on from (empty for most
        # words). Notes reuse a small vocabulary, so a note's words are mostly found here
        # with one dictionary look-up each, run in C by ``map``.
        self._starts: dict[str, tuple[Node, ...]] = {}

    def _start(self, word: str) -> tuple[Node, ...]:
        root = self.root
        if word[:4] in root.get(_PREFIX_KEY, {}):
            found = tuple(self._next(root, word))
        else:
            child = root.get(word)
            found = () if child is None else (child,)
        if len(self._starts) >= _MAX_REMEMBERED:
            self._starts.clear()  # a bound for long sessions with ever new words
        self._starts[word] = found
        return found

    def add(self, words: tuple[str, ...], section: str) -> None:
        node = self.root
        for word in words:
            node = self._child(node, word)
        node.setdefault(_END_KEY, set()).add(section)

    @staticmethod
    def _child(node: Node, word: str) -> Node:
        if word == "*":
            child: Node = node.setdefault(_ANY_KEY, {})
            return child
        if word.endswith("*"):
            stem = word[:-1].replace("'", "")
            bucket = node.setdefault(_PREFIX_KEY, {}).setdefault(stem[:4], [])
            for existing, child in bucket:
                if existing == stem:
                    return child
            child = {}
            bucket.append((stem, child))
            return child
        child = node.setdefault(word, {})
        if "'" in word:  # "i'd" also matches "id"
            node[word.replace("'", "")] = child
        return child

    @staticmethod
    def _next(node: Node, word: str) -> list[Node]:
        out: list[Node] = []
        child = node.get(word)
        if child is not None:
            out.append(child)
        prefixed = node.get(_PREFIX_KEY)
        if prefixed is not None:
            for stem, sub in prefixed.get(word[:4], ()):
                if word.startswith(stem):
                    out.append(sub)
        anything = node.get(_ANY_KEY)
        if anything is not None:
            out.append(anything)
        return out

    def scan(self, words: list[str]) -> dict[str, list[tuple[int, int]]]:
        """Matches by section as ``(first word index, index after the last word)``."""
        hits: dict[str, list[tuple[int, int]]] = {}
        count = len(words)
        starts = list(map(self._starts.get, words))
        if None in starts:  # words not seen before
            for k, found in enumerate(starts):
                if found is None:
                    starts[k] = self._start(words[k])
        # Spans come out by start, and by end at one start: only a start with several
        # phrases (or a wildcard walk) calls for a sort into longest first.
        unsorted = False
        for i in compress(range(count), starts):  # most words start no phrase at all
            frontier = starts[i]
            assert frontier is not None
            if len(frontier) > 1:
                self._walk(list(frontier), words, i, i + 1, hits)
                unsorted = True
                continue
            # One node at a time while no wildcard branches off: the common case.
            node: Node | None = frontier[0]
            j = i + 1
            ended = False
            while node is not None:
                sections = node.get(_END_KEY)
                if sections is not None:
                    for section in sections:
                        hits.setdefault(section, []).append((i, j))
                    unsorted |= ended
                    ended = True
                if j >= count:
                    break
                if _PREFIX_KEY in node or _ANY_KEY in node:
                    self._walk(self._next(node, words[j]), words, i, j + 1, hits)
                    unsorted = True
                    break
                node = node.get(words[j])
                j += 1
        if unsorted:
            for spans in hits.values():
                if len(spans) > 1:
                    spans.sort(key=_LONGEST_FIRST)
        return hits

    def _walk(
        self,
        frontier: list[Node],
        words: list[str],
        i: int,
        j: int,
        hits: dict[str, list[tuple[int, int]]],
    ) -> None:
        """The general walk from word ``j`` on, following every branch (wildcards)."""
        count = len(words)
        while frontier:
            following: list[Node] = []
            for node in frontier:
                sections = node.get(_END_KEY)
                if sections is not None:
                    for section in sections:
                        hits.setdefault(section, []).append((i, j))
                if j < count:
                    following += self._next(node, words[j])
            frontier = following
            j += 1


def _longest_first(span: tuple[int, int]) -> tuple[int, int]:
    return (span[0], -span[1])


_LONGEST_FIRST = _longest_first
_MAX_REMEMBERED = 100_000


def _build_trie(languages: dict[str, dict[str, Any]], common: dict[str, Any]) -> Node:
    index = PhraseIndex()
    tables = (common, *languages.values())
    for section in sorted({s for data in tables for s in data}):
        for data in tables:
            table = data.get(section)
            if isinstance(table, dict):
                for phrase in table.get("phrases", []):
                    for words in expand(str(phrase)):
                        index.add(words, section)
    return index.root


@cache
def phrase_index() -> PhraseIndex:
    """Every ``phrases`` list of every language as one ``PhraseIndex`` (compiled once)."""
    return PhraseIndex(_compiled()[2])


@cache
def patterns(section: str, key: str = "patterns") -> tuple[re.Pattern[str], ...]:
    """The raw regexes of ``section.key`` over every language, each compiled alone.

    They match the note as written, ignoring case.
    """
    out: list[re.Pattern[str]] = []
    for table in _tables(section):
        if isinstance(table, dict):
            out += [re.compile(str(p), re.IGNORECASE) for p in table.get(key, [])]
    return tuple(out)


@cache
def section_words(section: str, key: str = "words") -> frozenset[str]:
    """The folded word list ``section.key`` merged over every language."""
    out: set[str] = set()
    for table in _tables(section):
        if isinstance(table, dict):
            values = table.get(key, [])
            if isinstance(values, str):
                values = values.split()
            out.update(" ".join(key_words(fold(str(v)))) for v in values)
    out.discard("")
    return frozenset(out)


@cache
def raw_words(section: str, key: str) -> frozenset[str]:
    """A word list as written (case kept), e.g. the acronyms that are not shouting."""
    out: set[str] = set()
    for table in _tables(section):
        if isinstance(table, dict):
            values = table.get(key, [])
            out.update(values.split() if isinstance(values, str) else map(str, values))
    return frozenset(out)


@cache
def setting(section: str, key: str, default: int) -> int:
    for table in _tables(section):
        if isinstance(table, dict) and key in table:
            return int(table[key])
    return default


@cache
def stopwords() -> dict[str, frozenset[str]]:
    """Function words per language (folded, no apostrophes), for detection and relevance."""
    out: dict[str, frozenset[str]] = {}
    for code, data in languages().items():
        words = data.get("language", {}).get("stopwords", "")
        if isinstance(words, list):
            words = " ".join(words)
        out[code] = frozenset(key_words(fold(words)))
    return out


@cache
def letters() -> dict[str, str]:
    """Letters that only some languages use (``ñ¿¡`` for Spanish), by language."""
    return {
        code: str(data.get("language", {}).get("letters", ""))
        for code, data in languages().items()
        if data.get("language", {}).get("letters")
    }


@cache
def all_stopwords() -> frozenset[str]:
    merged: set[str] = set()
    for words in stopwords().values():
        merged |= words
    return frozenset(merged)


@cache
def drafting_words(language: str, key: str) -> frozenset[str]:
    """A word list of the offline drafter, as written (lower case): ``[drafting]`` of
    ``<language>.toml``, or of ``common.toml`` when ``language`` is ``""``. Read through
    the same compiled cache as the checker's data, so it costs nothing at start-up."""
    data = common() if not language else languages().get(language, {})
    table = data.get("drafting", {})
    values = table.get(key, "") if isinstance(table, dict) else ""
    if isinstance(values, str):
        values = values.split()
    return frozenset(str(v) for v in values)
