"""The planning calendar: scheduled stories, deadlines and embargoes in week or month view.

Every time is shown in the zone the editor reads in (the newsroom's ``TIME_ZONE`` or their own).
Dragging a scheduled story to another slot calls ``editorial.schedule_article`` (permission check
and audit entry included). Each person's deadlines are also an iCal feed at a signed address.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.core import signing
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Status

ICAL_SALT = "articles.people.calendar.ical"
UNFINISHED = [Status.DRAFT, Status.IN_REVIEW, Status.APPROVED]


@dataclass(frozen=True)
class Entry:
    kind: str  # "scheduled", "deadline" or "embargo"
    article: object
    at: datetime  # aware, in the reader's current zone

    @property
    def movable(self):
        return self.kind == "scheduled"


def period(view, day):
    """The first day and the day after the last of the ``view`` ("week" or "month") containing ``day``."""
    if view == "month":
        first = day.replace(day=1)
        start = first - timedelta(days=first.weekday())
        following = (first + timedelta(days=32)).replace(day=1)
        end = following + timedelta(days=(7 - following.weekday()) % 7)
        return start, end
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=7)


def neighbour(view, day, direction):
    """The day to show for "earlier" (``-1``) or "later" (``+1``): a week away, or the first of a month away."""
    if view == "week":
        return day + timedelta(days=7 * direction)
    first = day.replace(day=1)
    if direction < 0:
        return (first - timedelta(days=1)).replace(day=1)
    return (first + timedelta(days=32)).replace(day=1)


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def entries(stories, start, end, *, now=None):
    """Calendar entries of ``stories`` (a queryset) between the local days ``start`` and ``end``."""
    now = now or timezone.now()
    low, high = local_midnight(start), local_midnight(end)
    stories = stories.select_related("section", "assignee")
    found = []
    for story in stories.filter(status=Status.PUBLISHED, publish_at__gt=now, publish_at__gte=low,
                                publish_at__lt=high):
        found.append(Entry("scheduled", story, timezone.localtime(story.publish_at)))
    for story in stories.filter(status__in=UNFINISHED, publish_at__gte=low, publish_at__lt=high):
        found.append(Entry("embargo", story, timezone.localtime(story.publish_at)))
    for story in stories.filter(status__in=UNFINISHED, deadline__gte=low, deadline__lt=high):
        found.append(Entry("deadline", story, timezone.localtime(story.deadline)))
    return sorted(found, key=lambda entry: (entry.at, entry.kind, entry.article.pk))


def filtered(stories, *, section=None, assignee=None):
    if section:
        stories = stories.filter(section_id=section)
    if assignee:
        stories = stories.filter(assignee_id=assignee)
    return stories


def grid(view, day, found):
    """Weeks of days (month) or one week of days with hour slots (week), each holding its entries."""
    start, end = period(view, day)
    days = [start + timedelta(days=n) for n in range((end - start).days)]
    by_day = {d: [] for d in days}
    for entry in found:
        by_day.setdefault(entry.at.date(), []).append(entry)
    cells = [{"day": d, "entries": by_day[d], "in_month": d.month == day.month} for d in days]
    if view == "month":
        return [cells[i:i + 7] for i in range(0, len(cells), 7)]
    hours = []
    for hour in range(24):
        hours.append({"hour": hour, "slots": [
            {"day": cell["day"], "entries": [e for e in cell["entries"] if e.at.hour == hour]} for cell in cells
        ]})
    return hours


def parse_day(value):
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return timezone.localdate()


def parse_slot(value):
    """A local ``YYYY-MM-DDTHH:MM`` (as the calendar sends) as an aware time, or ``None``."""
    try:
        naive = datetime.strptime(value or "", "%Y-%m-%dT%H:%M")
    except ValueError:
        return None
    return timezone.make_aware(naive, timezone.get_current_timezone())


# iCal -------------------------------------------------------------------------------------------


def ical_token(user):
    return signing.dumps(user.pk, salt=ICAL_SALT, compress=True)


def ical_user_id(token):
    try:
        return signing.loads(token, salt=ICAL_SALT)
    except signing.BadSignature:
        return None


def own_deadlines(stories, user):
    mine = Q(assignee=user) | Q(created_by=user)
    return stories.filter(mine, status__in=UNFINISHED, deadline__isnull=False).order_by("deadline")


def ical_text(value):
    return str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ical_feed(stories, *, site_url, now=None):
    """An iCalendar (RFC 5545) text with one event per story deadline, times in UTC."""
    stamp = (now or timezone.now()).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//newsroom//deadlines//EN", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:My newsroom deadlines"]
    for story in stories:
        due = story.deadline.astimezone(UTC)
        lines += [
            "BEGIN:VEVENT",
            f"UID:deadline-{story.pk}@newsroom",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{due:%Y%m%dT%H%M%SZ}",
            f"DTEND:{due + timedelta(minutes=15):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{ical_text('Deadline: ' + story.headline)}",
            f"URL:{site_url}{reverse('admin:articles_article_change', args=[story.pk])}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
