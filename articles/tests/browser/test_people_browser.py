"""The calendar's drag-to-reschedule and the lock released on tab close, in a real browser."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import AuditEntry, EditLock
from articles.tests.factories import article_in_state, user_in_role

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_publisher_drags_a_scheduled_story_to_another_day(live_server, log_in, settings):
    user_in_role("Publishers", "pat")
    user_in_role("Reporters", "rita")
    start = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())  # next Monday
    story = article_in_state("scheduled", headline="Drag me")
    story.publish_at = datetime(start.year, start.month, start.day, 9, 15, tzinfo=UTC)
    story.save()
    url = f"{live_server.url}/admin/newsroom/calendar/?view=month&date={start.isoformat()}"

    reporter = log_in("rita")
    reporter.goto(url)
    assert reporter.locator(".entry.kind-scheduled", has_text="Drag me").get_attribute("draggable") is None

    page = log_in("pat")
    page.goto(url)
    target = start + timedelta(days=2)
    page.drag_and_drop(".entry.kind-scheduled[data-story='%d']" % story.pk, f"td.slot[data-day='{target.isoformat()}']")
    page.wait_for_selector(".calendar-message.success")
    assert "not live yet" in page.locator(".calendar-message").inner_text()
    story.refresh_from_db()
    assert story.publish_at == datetime(target.year, target.month, target.day, 9, 15, tzinfo=UTC)
    assert AuditEntry.objects.filter(article=story, action="schedule", user__username="pat").exists()
    assert page.locator(f"td.slot[data-day='{target.isoformat()}'] .entry", has_text="Drag me").count() == 1


def test_lock_is_released_within_seconds_when_the_holder_closes_the_tab(live_server, log_in):
    user_in_role("Editors", "pat", first_name="Pat")
    user_in_role("Editors", "olga", first_name="Olga")
    story = article_in_state("draft", headline="Contested story")
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"

    pat = log_in("pat")
    pat.goto(change)
    assert wait_for(lambda: EditLock.objects.filter(article=story, user__username="pat").exists())
    olga = log_in("olga")
    olga.goto(change)
    olga.wait_for_selector("#story-presence:not([hidden])")
    assert "Pat is editing this story" in olga.locator("#story-presence").inner_text()
    pat.wait_for_function("document.getElementById('story-presence').textContent.includes('Olga')",
                          timeout=20_000)
    assert "Olga is also viewing" in pat.locator("#story-presence").inner_text()

    pat.close(run_before_unload=True)
    assert wait_for(lambda: not EditLock.objects.filter(article=story, user__username="pat").exists(), seconds=5)
