"""Times as readers see them: in the newsroom's time zone (``settings.TIME_ZONE``), with its name,
and with the year only when it is not the current one ("29 November, 17:05 Phnom Penh time",
"23 May 2024, 17:00 Phnom Penh time")."""

from zoneinfo import ZoneInfo

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()


def newsroom_zone():
    return ZoneInfo(settings.TIME_ZONE)


def zone_label(moment):
    """A letters-only abbreviation when the zone has one ("UTC", "CET"), else its city: "Phnom Penh time"."""
    abbreviation = moment.tzname() or ""
    if abbreviation.isalpha():
        return abbreviation
    return settings.TIME_ZONE.rsplit("/", 1)[-1].replace("_", " ") + " time"


def local(value):
    return timezone.localtime(value, newsroom_zone()) if value else None


@register.filter
def reader_date(value):
    """The day in the newsroom's zone; the year only when it is not this year."""
    moment = local(value)
    if moment is None:
        return ""
    this_year = timezone.localtime(timezone.now(), newsroom_zone()).year
    return date_format(moment, "j F" if moment.year == this_year else "j F Y")


@register.filter
def reader_time(value):
    """Day, time and zone name in the newsroom's zone."""
    moment = local(value)
    if moment is None:
        return ""
    return f"{reader_date(value)}, {date_format(moment, 'H:i')} {zone_label(moment)}"


@register.filter
def reader_clock(value):
    """Only the time and zone, for updates on a live page: "17:05 Phnom Penh time" (the day too if not today)."""
    moment = local(value)
    if moment is None:
        return ""
    today = timezone.localtime(timezone.now(), newsroom_zone()).date()
    if moment.date() != today:
        return reader_time(value)
    return f"{date_format(moment, 'H:i')} {zone_label(moment)}"


@register.filter
def iso_time(value):
    """The machine-readable ``datetime`` attribute, in the newsroom's zone with its offset."""
    moment = local(value)
    return moment.isoformat() if moment else ""
