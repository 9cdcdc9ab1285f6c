"""Bad ids, bad revision numbers and tampered POSTs to the story admin get a clear answer, never a 500."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import article_in_state, user_in_role

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
BASE = "/admin/articles/article/"


@pytest.fixture
def story():
    return article_in_state("approved", headline="Approved story")


def cases(pk):
    return [
        ("get", f"{BASE}{HUGE}/change/", None),
        ("get", f"{BASE}abc/change/", None),
        ("get", f"{BASE}{HUGE}/preview/", None),
        ("get", f"{BASE}{pk}/revisions/compare/?a=x&b=1", None),
        ("get", f"{BASE}{pk}/revisions/compare/?a={HUGE}&b=-1", None),
        ("get", f"{BASE}{pk}/revisions/compare/?a=1", None),
        ("post", f"{BASE}{pk}/revisions/{HUGE}/restore/", {}),
        ("post", f"{BASE}{HUGE}/transition/approve/", {}),
        ("post", f"{BASE}{pk}/transition/nonsense/", {}),
        ("post", f"{BASE}{pk}/transition/schedule/", {"at": "not a time"}),
        ("post", f"{BASE}{pk}/transition/schedule/", {"at": "1999-01-01T10:00"}),
        ("post", f"{BASE}{pk}/transition/return/", {"note": "x" * 6000}),
        ("post", f"{BASE}{pk}/share/", {"hours": "1e99"}),
        ("post", f"{BASE}{pk}/share/", {"hours": HUGE}),
        ("post", f"{BASE}{pk}/correction/", {"kind": "rumour", "text": "x"}),
        ("post", f"{BASE}{pk}/comment/", {"text": ""}),
        ("get", f"{BASE}{pk}/lock/", None),
        ("get", f"{BASE}?state=bogus&due=bogus&queue=bogus&priority=bogus", None),
        ("get", f"{BASE}?publish_at__gte=yesterday", None),
        ("get", f"{BASE}?assignee__id__exact={HUGE}", None),
        ("get", f"{BASE}image-picker/?q=" + "x" * 500, None),
        ("get", reverse("admin:autocomplete") + "?app_label=articles&model_name=article&field_name=nonsense", None),
        ("post", f"{BASE}{pk}/change/", {"base": "tampered", "headline": "H", "slug": "h", "language": "en",
                                        "priority": "normal", "credits-TOTAL_FORMS": "x"}),
        ("post", f"{BASE}", {"action": "bulk_schedule", ACTION_CHECKBOX_NAME: [pk, HUGE, "abc"],
                             "apply": "1", "at": "garbage"}),
        ("post", f"{BASE}", {"action": "bulk_nonsense", ACTION_CHECKBOX_NAME: [pk]}),
        ("get", f"{BASE}shared/not-a-token/", None),
    ]


@pytest.mark.parametrize("role", ["Reporters", "Publishers"])
@pytest.mark.parametrize("index", range(26))
def test_bad_input_never_breaks_a_page_nor_changes_the_story(client, story, role, index):
    method, url, data = cases(story.pk)[index]
    client.force_login(user_in_role(role, "someone"))
    before = Article.objects.values().get(pk=story.pk)
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code in (200, 302, 400, 403, 404, 405), (url, response.status_code)
    assert Article.objects.values().get(pk=story.pk) == before


def test_publish_now_ignores_a_smuggled_past_time_and_schedule_refuses_one(client, story):
    from articles import editorial

    client.force_login(user_in_role("Publishers", "pat"))
    client.post(f"{BASE}{story.pk}/transition/publish/", {"at": "1999-01-01T10:00"})
    story.refresh_from_db()
    assert story.is_live and story.publish_at.year > 1999
    other = article_in_state("approved")
    with pytest.raises(editorial.InvalidTransition):
        editorial.perform("schedule", article=other, user=None, at=story.publish_at)
