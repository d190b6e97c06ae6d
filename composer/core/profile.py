"""The person model: ``Profile`` and its parts (experience, education, posts).

A LinkedIn member as Composer sees them, the target or the sender; readers that build
one from a file live in ``composer.profile``. Standard library only.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

# Titles people put before their name; a note greets the person, not the title.
_HONORIFICS = frozenset(
    "dr dra mr mrs ms miss mx prof sir dame sr sra srta don doña dña ing lic".split()  # noqa: SIM905
)


@dataclass(slots=True)
class Experience:
    title: str = ""
    company: str = ""
    start: str | None = None
    end: str | None = None
    current: bool = False


@dataclass(slots=True)
class Education:
    school: str = ""
    degree: str = ""


@dataclass(slots=True)
class Post:
    text: str = ""
    date: str | None = None


@dataclass(slots=True)
class Profile:
    """A LinkedIn member as Composer sees them: the target or the sender."""

    name: str
    headline: str = ""
    about: str = ""
    location: str = ""
    language: str | None = None
    photo: bool | None = None
    industry: str = ""
    experience: list[Experience] = field(default_factory=list)
    education: list[Education] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    recent_posts: list[Post] = field(default_factory=list)
    mutual_connections: list[str] = field(default_factory=list)
    url: str = ""
    language_detected: bool = False  # True when ``language`` was guessed from the text
    # Where the profile came from: "" for a profile file or data, "export" for a LinkedIn
    # data export (which says nothing about a photo). Not part of the person's identity.
    origin: str = ""

    @property
    def first_name(self) -> str:
        """The name to greet with: the first word that is not an honorific ("Dr.", "Sra.")."""
        words = self.name.split()
        for word in words:
            if word.casefold().rstrip(".") not in _HONORIFICS:
                return word
        return words[0] if words else ""

    @property
    def current_role(self) -> Experience | None:
        """The current position, else the first one listed."""
        for exp in self.experience:
            if exp.current:
                return exp
        return self.experience[0] if self.experience else None

    @property
    def companies(self) -> list[str]:
        return [e.company for e in self.experience if e.company]

    @property
    def schools(self) -> list[str]:
        return [e.school for e in self.education if e.school]

    def identity(self) -> str:
        """A stable key for this person: the normalised profile URL, else a hash of the
        profile (also when the URL normalises to nothing, e.g. "?", so that such people
        do not all share the key "")."""
        url = normalize_url(self.url) if self.url else ""
        if url:
            return url
        data = self.to_dict()
        data["url"] = ""  # a URL that normalised to nothing says nothing about the person
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
        import hashlib  # here: its import costs milliseconds that `compose check` needn't pay

        return "sha256:" + hashlib.sha256(blob).hexdigest()[:16]

    def text(self) -> str:
        """All free text of the profile, for language detection and relevance."""
        parts = [self.headline, self.about, self.industry]
        parts += [f"{e.title} {e.company}" for e in self.experience]
        parts += [f"{e.school} {e.degree}" for e in self.education]
        parts += [p.text for p in self.recent_posts]
        return " ".join(p for p in parts if p)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["language_detected"], data["origin"]  # how it was read, not who it is
        return data


_COUNTRY_HOST = re.compile(r"^[a-z]{2}\.linkedin\.com(?=/|$)")


def normalize_url(url: str) -> str:
    """``https://www.linkedin.com/in/Ana-Garcia/?x=1`` -> ``linkedin.com/in/ana-garcia``.

    A country host (``es.linkedin.com``) is the same profile as ``linkedin.com``, and a
    percent-encoded vanity name (``mar%C3%ADa``) the same as the decoded one (``maría``):
    LinkedIn writes both ways, in links and in the data export's files."""
    u = url.strip()
    if "%" in u:
        from urllib.parse import unquote  # here: only encoded URLs need it

        u = unquote(u)
    u = u.lower()
    for prefix in ("https://", "http://"):
        if u.startswith(prefix):
            u = u[len(prefix) :]
    if u.startswith("www."):
        u = u[4:]
    u = _COUNTRY_HOST.sub("linkedin.com", u)
    u = u.split("?", 1)[0].split("#", 1)[0]
    return u.rstrip("/")
