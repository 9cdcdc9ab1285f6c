"""Activate the signed-in person's own time zone for the request (the newsroom's ``TIME_ZONE`` otherwise)."""

import zoneinfo

from django.utils import timezone

from articles.people.timezones import named_zone


def personal_time_zone(user):
    """The zone ``user`` chose on their preferences, or ``None`` for the newsroom's own."""
    if not getattr(user, "is_authenticated", False):
        return None
    from articles.models import PersonPreferences

    name = PersonPreferences.objects.filter(user=user).values_list("time_zone", flat=True).first()
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class PersonalTimeZoneMiddleware:
    """Only admin pages ask the database; readers always see the newsroom's time. Admin pages get the
    zone as a ``NamedZone``, so Django's own date formatting names it ("ICT", not "+07")."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/admin/"):
            timezone.deactivate()
            return self.get_response(request)
        zone = named_zone(personal_time_zone(request.user) or timezone.get_default_timezone())
        with timezone.override(zone):
            return self.get_response(request)
