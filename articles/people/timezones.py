"""Times as editors read them: in the active zone (the newsroom's ``TIME_ZONE`` or their own) with its name.

The tz database names some zones only by offset ("+07"); newsrooms say "ICT". ``ZONE_LABELS`` holds
the names we know; any other zone keeps the database's abbreviation.
"""

from django.utils import timezone

ZONE_LABELS = {
    "Asia/Phnom_Penh": "ICT", "Asia/Bangkok": "ICT", "Asia/Vientiane": "ICT", "Asia/Ho_Chi_Minh": "ICT",
    "Asia/Saigon": "ICT", "Asia/Singapore": "SGT", "Asia/Kuala_Lumpur": "MYT", "Asia/Manila": "PHT",
    "Asia/Yangon": "MMT", "Asia/Dubai": "GST", "Asia/Kolkata": "IST", "Asia/Shanghai": "CST", "UTC": "UTC",
}


def zone_label(value=None):
    """The short name of the active zone at ``value`` (now by default): "ICT", "BST", "CET"…"""
    local = timezone.localtime(value)
    name = str(local.tzinfo.key) if hasattr(local.tzinfo, "key") else timezone.get_current_timezone_name()
    return ZONE_LABELS.get(name) or local.tzname()


def local_moment(value, *, year=False):
    """``1 Dec 19:47 ICT`` (``1 Dec 2026, 19:47 ICT`` with ``year``): a stored UTC time as the editor reads it."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    day = f"{local.day} {local:%b %Y}," if year else f"{local.day} {local:%b}"
    return f"{day} {local:%H:%M} {zone_label(value)}"
