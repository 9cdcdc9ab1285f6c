"""Every time the admin shows is written one way: "29 Nov 2026, 14:02 ICT" (day, month, year, 24-hour time,
the zone's name), in the zone the editor reads in.

The demo newsroom is loaded, a few more things happen to its stories (a pending edit, a comment, a share
link, a picked-up wire story), then every admin screen that shows times is rendered and its visible text
scanned: once the one format is taken out, no time of day, ISO date, "a.m."/"p.m." or American date remains.
"""

import re
import zoneinfo
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import editorial
from articles.editorial.incoming import pick_up_story
from articles.models import Article, AuditEntry, EditorialComment, IncomingStory, IngestSource, Status
from articles.people.sharing import create_share_link
from articles.people.timezones import local_moment
from articles.tests.factories import SuperuserFactory, article_in_state, user_in_role

pytestmark = pytest.mark.django_db

MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
ONE_FORMAT = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}, \d{{2}}:\d{{2}} (?:[A-Z]{{2,5}}|[+-]\d{{2,4}})(?![\w+-])")
NOT_THE_FORMAT = {
    "a time of day": re.compile(r"\b\d{1,2}[:.]\d{2}\b"),
    "an ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "a.m./p.m.": re.compile(r"\b[ap]\.m\.|\b\d{1,2}\s?[AaPp][Mm]\b|\bmidnight\b|\bnoon\b"),
    "a month before its day": re.compile(rf"\b(?:{MONTHS})[a-z]*\.? \d{{1,2}}\b"),
}
# The calendar's grid shows the time of day under its day's heading (and its rows are hours): kept as clocks.
CALENDAR_CLOCKS = re.compile(r'<span class="entry-time">\d{2}:\d{2}</span>|<th scope="row">\d{2}:00</th>')


class VisibleText(HTMLParser):
    """The text a person reads: no scripts, styles, templates or attribute values."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN and self.hidden > 0

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(CALENDAR_CLOCKS.sub("", html))
    return " ".join(" ".join(parser.parts).split())


def other_formats(text):
    """What is left that looks like a date or time once every "29 Nov 2026, 14:02 ICT" is taken out."""
    rest = ONE_FORMAT.sub(" ", text)
    return {name: pattern.findall(rest) for name, pattern in NOT_THE_FORMAT.items() if pattern.search(rest)}


def test_the_scanner_accepts_the_one_format_and_finds_the_others():
    assert other_formats("Saved 29 Nov 2026, 14:02 ICT by Ed; due 1 Dec 2026, 09:30 +0530.") == {}
    assert set(other_formats("29 Nov 2026, 14:02 · Nov. 29, 2026, 2:02 p.m. · 2026-11-29 · 1 Dec 19:47 ICT")) == {
        "a time of day", "an ISO date", "a.m./p.m.", "a month before its day"}
    assert visible_text('<p title="2026-11-29">Due <script>var t = "14:02";</script>today</p>') == "Due today"


@pytest.fixture
def newsroom(settings, tmp_path):
    """The demo newsroom in Phnom Penh, with a pending edit, a comment, a share link and a picked-up wire story."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TIME_ZONE = "Asia/Phnom_Penh"
    timezone.deactivate()
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    admin, editor = SuperuserFactory(), user_in_role("Editors", "ed")
    pending = article_in_state("pending", headline="A live story with a pending edit")
    EditorialComment.objects.create(article=pending, user=editor, text="Check the figures with the ministry.")
    editorial.record(pending, user=editor, action="comment", note="Asked for figures")
    create_share_link(article=pending, user=admin, hours=48)
    pick_up_story(incoming=IncomingStory.objects.select_related("article").first(), user=editor)
    yield {"admin": admin, "editor": editor, "pending": pending}
    timezone.deactivate()


def admin_pages(newsroom):
    story = newsroom["pending"]
    scheduled = Article.objects.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now()).first()
    source = IngestSource.objects.first()
    pages = [
        "/admin/", reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:articles_article_revisions", args=[story.pk]),
        reverse("admin:articles_article_history", args=[story.pk]),
        reverse("admin:articles_auditentry_changelist"),
        reverse("admin:articles_incomingstory_changelist"),
        reverse("admin:articles_ingestsource_changelist"),
        reverse("admin:articles_image_changelist"),
        reverse("newsroom:notifications"), reverse("newsroom:profile"),
        reverse("newsroom:calendar") + "?view=month",
        reverse("newsroom:calendar") + f"?view=week&date={(timezone.localdate() + timedelta(days=2)).isoformat()}",
    ]
    if scheduled is not None:
        pages.append(reverse("admin:articles_article_change", args=[scheduled.pk]))
    if source is not None:
        pages.append(reverse("admin:articles_ingestsource_change", args=[source.pk]))
    revisions = list(story.revisions.order_by("pk").values_list("pk", flat=True)[:2])
    if len(revisions) == 2:
        pages.append(reverse("admin:articles_article_compare", args=[story.pk]) + f"?a={revisions[0]}&b={revisions[1]}")
    return pages


def test_every_admin_time_is_written_the_one_way(client, newsroom):
    seen_times = 0
    for user in (newsroom["admin"], newsroom["editor"]):
        client.force_login(user)
        for url in admin_pages(newsroom):
            response = client.get(url)
            assert response.status_code == 200, url
            text = visible_text(response.content.decode())
            assert other_formats(text) == {}, url
            seen_times += len(ONE_FORMAT.findall(text))
    assert seen_times > 30  # the pages did show times: the scan was not vacuous


def test_the_one_format_names_the_zone_the_editor_reads_in(client, newsroom):
    from articles.models import PersonPreferences

    story = newsroom["pending"]
    entry = AuditEntry.objects.filter(article=story).latest("pk")
    client.force_login(newsroom["editor"])
    in_phnom_penh = local_moment(entry.created_at)
    assert in_phnom_penh.endswith(" ICT")
    assert in_phnom_penh in client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()

    PersonPreferences.objects.create(user=newsroom["editor"], time_zone="Europe/London")
    page = client.get(reverse("admin:articles_auditentry_changelist")).content.decode()
    london = timezone.localtime(entry.created_at, timezone=zoneinfo.ZoneInfo("Europe/London"))
    assert f"{london.day} {london:%b %Y, %H:%M} {london.tzname()}" in page
