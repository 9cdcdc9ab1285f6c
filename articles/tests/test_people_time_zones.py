"""Editors type and read times in the newsroom's zone (or their own); the database keeps UTC."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import PersonPreferences
from articles.tests.factories import article_in_state, user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def phnom_penh(settings):
    settings.TIME_ZONE = "Asia/Phnom_Penh"
    timezone.deactivate()
    yield
    timezone.deactivate()


def next_year():
    return timezone.now().year + 1


def test_schedule_typed_in_ict_is_stored_as_utc_and_read_back_in_ict(client, phnom_penh):
    publisher = user_in_role("Publishers", "pat")
    story = article_in_state("approved")
    client.force_login(publisher)
    year = next_year()
    response = client.post(reverse("admin:articles_article_transition", args=[story.pk, "schedule"]),
                           {"note": "", "at": f"{year}-12-01T19:47"}, follow=True)
    story.refresh_from_db()
    assert story.publish_at == datetime(year, 12, 1, 12, 47, tzinfo=UTC)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [f"Scheduled for 1 Dec {year}, 19:47 ICT; not live yet."]
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert f"1 Dec {year}, 19:47 ICT" in page
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f"Scheduled for 1 Dec {year}, 19:47 ICT" in changelist


def test_deadline_typed_in_the_form_is_newsroom_time(client, phnom_penh):
    from articles.admin.forms import ArticleForm

    field = ArticleForm.base_fields["deadline"]
    value = field.clean(f"{next_year()}-03-04 08:00")
    assert value.astimezone(UTC).hour == 1


def test_a_personal_zone_is_used_for_that_person_only(client, phnom_penh):
    editor = user_in_role("Editors", "ed")
    PersonPreferences.objects.create(user=editor, time_zone="Europe/London")
    story = article_in_state("scheduled")
    story.publish_at = datetime(next_year(), 1, 15, 12, 47, tzinfo=UTC)
    story.save()
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert f"15 Jan {next_year()}, 12:47 GMT" in page
    other = user_in_role("Editors", "olga")
    client.force_login(other)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert f"15 Jan {next_year()}, 19:47 ICT" in page


def test_readers_never_get_a_personal_zone(client, phnom_penh):
    from articles.people.middleware import PersonalTimeZoneMiddleware

    seen = []
    middleware = PersonalTimeZoneMiddleware(lambda request: seen.append(timezone.get_current_timezone_name()))
    request = type("Request", (), {"path": "/", "user": user_in_role("Editors", "ed")})()
    PersonPreferences.objects.create(user=request.user, time_zone="Europe/London")
    middleware(request)
    assert seen == ["Asia/Phnom_Penh"]
