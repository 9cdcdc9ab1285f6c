"""Times as editors read them: in the active zone (the newsroom's ``TIME_ZONE`` or their own) with its name.

The tz database names some zones only by offset ("+07"); newsrooms say "ICT". ``ZONE_LABELS`` holds
the names we know; any other zone keeps the database's abbreviation. ``NamedZone`` carries those
names into Django's own date formatting (its "T" character), so the admin's ``DATETIME_FORMAT``
("29 Nov 2026, 14:02 ICT", ``newsroom/formats/``) is the one format for every admin time.
"""

import zoneinfo

from django.utils import timezone
from django.utils.formats import date_format

ZONE_LABELS = {
    "Asia/Phnom_Penh": "ICT", "Asia/Bangkok": "ICT", "Asia/Vientiane": "ICT", "Asia/Ho_Chi_Minh": "ICT",
    "Asia/Saigon": "ICT", "Asia/Singapore": "SGT", "Asia/Kuala_Lumpur": "MYT", "Asia/Manila": "PHT",
    "Asia/Yangon": "MMT", "Asia/Dubai": "GST", "Asia/Kolkata": "IST", "Asia/Shanghai": "CST", "UTC": "UTC",
}


class NamedZone(zoneinfo.ZoneInfo):
    """A tz database zone whose abbreviation is the newsroom's name for it ("ICT" for Asia/Phnom_Penh).

    Asked without a moment (``tzname(None)``, as Django does for the zone's name in SQL) it answers
    like any ``ZoneInfo``, so queries still get "Asia/Phnom_Penh".
    """

    def tzname(self, dt):
        if dt is None:
            return super().tzname(dt)
        return ZONE_LABELS.get(self.key) or super().tzname(dt)


def named_zone(zone=None):
    """``zone`` (the active zone by default) as a :class:`NamedZone`; zones without a key are kept as they are."""
    zone = zone or timezone.get_current_timezone()
    key = getattr(zone, "key", None)
    return NamedZone(key) if key and not isinstance(zone, NamedZone) else zone


def zone_label(value=None):
    """The short name of the active zone at ``value`` (now by default): "ICT", "BST", "CET"…"""
    return timezone.localtime(value, named_zone()).tzname()


def local_moment(value):
    """``1 Dec 2026, 19:47 ICT``: a stored UTC time as the editor reads it (the admin's one format)."""
    if value is None:
        return "—"
    return date_format(timezone.localtime(value, named_zone()), "DATETIME_FORMAT")
