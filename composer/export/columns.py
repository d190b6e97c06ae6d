"""The columns Composer reads from each export file, with the header names seen for them.

Keys are ours; values are the header spellings LinkedIn has used (matching ignores
case, spaces, underscores and camelCase, so ``"Connected On"`` also covers
``connected_on`` and ``connectedOn``). The first name is the one errors quote.
"""

from __future__ import annotations

Columns = dict[str, tuple[str, ...]]

PROFILE: Columns = {
    "first_name": ("First Name", "Given Name"),
    "last_name": ("Last Name", "Family Name", "Surname"),
    "headline": ("Headline",),
    "summary": ("Summary", "About"),
    "industry": ("Industry",),
    "location": ("Geo Location", "Location", "Locality"),
    "url": ("Profile URL", "Public Profile URL", "URL"),
}

POSITIONS: Columns = {
    "company": ("Company Name", "Company", "Organization"),
    "title": ("Title", "Position"),
    "description": ("Description",),
    "location": ("Location",),
    "start": ("Started On", "Start Date", "Started"),
    "end": ("Finished On", "End Date", "Finished"),
}

EDUCATION: Columns = {
    "school": ("School Name", "School", "Institution"),
    "degree": ("Degree Name", "Degree"),
    "field": ("Field Of Study", "Field"),
    "start": ("Start Date", "Started On"),
    "end": ("End Date", "Finished On"),
}

SKILLS: Columns = {"name": ("Name", "Skill", "Skill Name")}

LANGUAGES: Columns = {"name": ("Name", "Language"), "proficiency": ("Proficiency",)}

CONNECTIONS: Columns = {
    "first_name": ("First Name",),
    "last_name": ("Last Name",),
    "url": ("URL", "Profile URL", "Profile Url"),
    "email": ("Email Address", "Email"),
    "company": ("Company",),
    "position": ("Position", "Title"),
    "connected_on": ("Connected On", "Connected", "Date"),
}

INVITATIONS: Columns = {
    "from": ("From", "Inviter", "Sender"),
    "to": ("To", "Invitee", "Recipient"),
    "sent_at": ("Sent At", "Sent", "Date", "Sent On"),
    "message": ("Message", "Note"),
    "direction": ("Direction",),
    "from_url": ("inviterProfileUrl", "Inviter Profile URL", "From URL", "From Profile URL"),
    "to_url": ("inviteeProfileUrl", "Invitee Profile URL", "To URL", "To Profile URL"),
}
