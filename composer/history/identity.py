"""``person_id(profile)``: the key the history and batch mode file a person under.

It is ``Profile.identity()`` (the normalised profile URL, else a hash of the profile),
kept under this name for the callers that file people (history, targets).
"""

from __future__ import annotations

from composer.core.profile import Profile


def person_id(profile: Profile) -> str:
    return profile.identity()
