"""The planning calendar: what it shows where, rescheduling through the workflow, the signed iCal feed."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import AuditEntry
from articles.people.calendar import ical_token
from articles.tests.factories import SectionFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def phnom_penh(settings):
    settings.TIME_ZONE = "Asia/Phnom_Penh"
    timezone.deactivate()
    yield
    timezone.deactivate()


def later(days, hour_utc=3):
    day = timezone.now() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour_utc, 30, tzinfo=UTC)


def test_week_view_shows_scheduled_deadlines_and_embargoes_in_newsroom_time(client):
    client.force_login(user_in_role("Editors", "ed"))
    scheduled = article_in_state("scheduled", headline="Goes live soon")
    scheduled.publish_at = later(1)
    scheduled.save()
    due = article_in_state("draft", headline="Due draft", deadline=later(1, 5))
    article_in_state("approved", headline="Embargoed copy", publish_at=later(1, 6))
    article_in_state("published", headline="Already live")
    day = timezone.localtime(later(1)).date()
    page = client.get(reverse("newsroom:calendar"), {"date": day.isoformat()}).content.decode()
    assert "Goes live soon" in page and "Due draft" in page and "Embargoed copy" in page
    assert "Already live" not in page
    assert 'data-time="10:30"' in page  # 03:30 UTC is 10:30 ICT
    assert "Times in ICT (Asia/Phnom_Penh)" in page
    assert 'draggable="true"' not in page  # Editors may not move stories
    assert due.headline in client.get(reverse("newsroom:calendar"), {"view": "month",
                                                                     "date": day.isoformat()}).content.decode()


def test_filters_by_section_and_assignee(client):
    ed = user_in_role("Editors", "ed")
    client.force_login(ed)
    sport = SectionFactory(name="Sport")
    article_in_state("draft", headline="Sport due", section=sport, deadline=later(1), assignee=ed)
    article_in_state("draft", headline="Other due", deadline=later(1))
    day = timezone.localtime(later(1)).date().isoformat()
    by_section = client.get(reverse("newsroom:calendar"), {"date": day, "section": sport.pk}).content.decode()
    assert "Sport due" in by_section and "Other due" not in by_section
    by_person = client.get(reverse("newsroom:calendar"), {"date": day, "assignee": ed.pk}).content.decode()
    assert "Sport due" in by_person and "Other due" not in by_person


@pytest.mark.parametrize("role,status", [("Reporters", 403), ("Editors", 403), ("Publishers", 200)])
def test_reschedule_goes_through_the_workflow(client, role, status):
    user = user_in_role(role, "someone")
    story = article_in_state("scheduled")
    before = story.publish_at
    client.force_login(user)
    target = timezone.localtime(later(3)).replace(hour=19, minute=47)
    response = client.post(reverse("newsroom:reschedule"), {"story": story.pk, "at": target.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == status
    story.refresh_from_db()
    if status == 200:
        assert story.publish_at == target.astimezone(UTC)
        assert response.json()["message"] == f"Scheduled for {target.day} {target:%b %Y}, 19:47 ICT; not live yet."
        entry = AuditEntry.objects.get(article=story, action="schedule")
        assert entry.user == user and entry.note == "Moved on the calendar"
    else:
        assert story.publish_at == before
        assert not AuditEntry.objects.filter(article=story).exists()


def test_reschedule_refuses_the_past_and_nonsense(client):
    client.force_login(user_in_role("Publishers", "pat"))
    story = article_in_state("scheduled")
    url = reverse("newsroom:reschedule")
    assert client.post(url, {"story": story.pk, "at": "2001-01-01T10:00"}).status_code == 400
    assert client.post(url, {"story": story.pk, "at": "soon"}).status_code == 400
    assert client.post(url, {"story": "x", "at": "2099-01-01T10:00"}).status_code == 404


def test_ical_feed_lists_my_deadlines_behind_a_signed_address(client):
    rita = user_in_role("Reporters", "rita")
    article_in_state("draft", headline="Mine, due", assignee=rita, deadline=later(2))
    article_in_state("draft", headline="Someone else's", deadline=later(2))
    feed = client.get(reverse("newsroom_ical", args=[ical_token(rita)]))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    text = feed.content.decode()
    assert "SUMMARY:Deadline: Mine\\, due" in text and "Someone else" not in text
    assert f"DTSTART:{later(2):%Y%m%dT%H%M%SZ}" in text
    assert client.get(reverse("newsroom_ical", args=[ical_token(rita) + "x"])).status_code == 404
    rita.is_active = False
    rita.save()
    assert client.get(reverse("newsroom_ical", args=[ical_token(rita)])).status_code == 404


def test_earlier_and_later_step_a_whole_week_or_month():
    from datetime import date

    from articles.people.calendar import neighbour, period

    assert neighbour("month", date(2027, 3, 1), -1) == date(2027, 2, 1)
    assert neighbour("month", date(2027, 1, 31), +1) == date(2027, 2, 1)
    assert neighbour("week", date(2027, 3, 1), -1) == date(2027, 2, 22)
    start, end = period("month", date(2027, 2, 10))
    assert start == date(2027, 2, 1) and end == date(2027, 3, 1)  # February 2027 starts on a Monday
    assert period("week", date(2027, 2, 10)) == (date(2027, 2, 8), date(2027, 2, 15))
