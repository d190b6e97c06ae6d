"""``person_id(profile)``: the key the history and batch mode file a person under.

``Profile.identity()`` (the normalised profile URL, else a hash of the profile), except
that a URL which normalises to nothing (``"?"``, ``"https://"``) would give every such
person the same empty key: they get the profile's hash instead.
"""

from __future__ import annotations

from dataclasses import replace

from composer.profile import Profile


def person_id(profile: Profile) -> str:
    identity = profile.identity()
    if identity:
        return identity
    return replace(profile, url="").identity()
