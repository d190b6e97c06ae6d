"""Profiles from files: native profile JSON, JSON Resume, a LinkedIn data export.

``load_profile(path)`` (in ``loader``) and ``profile_from_dict(data)`` (in ``readers``) build a
``composer.core.profile.Profile``; ``export.load_export_profile`` reads the user's own
profile from their export. Errors are one ``InputError`` naming the file and the field.
"""

from composer.core.profile import Education, Experience, Post, Profile, normalize_url
from composer.profile.loader import load_profile
from composer.profile.readers import MAX_PROFILE_BYTES, profile_from_dict, read_json

__all__ = [
    "MAX_PROFILE_BYTES",
    "Education",
    "Experience",
    "Post",
    "Profile",
    "load_profile",
    "normalize_url",
    "profile_from_dict",
    "read_json",
]
