"""Never a draft: nothing about a story that is not live is reachable from any public URL.

Stories in every non-live state carry distinctive made-up words in every field readers
could see (headline, standfirst, body, tags, author names, section names, corrections,
image texts). The test crawls the whole public site from its entry points, following
every link, and asserts none of those words (nor the private image's address) appears
in any response, and that subjects used only by such stories have no page at all.
"""

import html
import re
from collections import deque
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.models import IncomingStory, PagePurpose, Status, StoryViews, TagProfile
from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BreakingNewsFactory,
    IngestSourceFactory,
    LeadImageFactory,
    LiveCoverageFactory,
    LiveUpdateFactory,
    PublishedCorrectionFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

LINK = re.compile(r'(?:href|src)="([^"]+)"|<loc>([^<]+)</loc>|<link>([^<]+)</link>|<guid[^>]*>([^<]+)</guid>')
SKIP_PREFIXES = ("/static/", "/admin/")
MAX_PAGES = 1500

NON_LIVE = {
    "draft": dict(status=Status.DRAFT),
    "review": dict(status=Status.IN_REVIEW),
    "approved": dict(status=Status.APPROVED, publish_at=timezone.now() - timedelta(hours=3)),
    "scheduled": dict(published=True, publish_at=timezone.now() + timedelta(hours=6)),
    "unpublished": dict(status=Status.UNPUBLISHED, publish_at=timezone.now() - timedelta(days=1),
                        first_published_at=timezone.now() - timedelta(days=1)),
    "killed": dict(status=Status.KILLED, publish_at=timezone.now() - timedelta(days=2),
                   first_published_at=timezone.now() - timedelta(days=2)),
    "incoming": dict(status=Status.DRAFT, publish_at=timezone.now() - timedelta(hours=2)),  # waiting on the desk
}
FIELDS = ["headline", "dek", "body", "tag", "author", "section", "correction", "caption", "alt", "credit", "kicker",
          "update", "bio", "breaking"]


INTERNAL_TAG = "Zqxinternaltag"  # an internal tag (newsroom only) on live stories: it must not show either


def secret(state, field):
    """A word that exists nowhere else: e.g. 'Zqxdraftheadline'."""
    return f"Zqx{state}{field}"


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://news.example"
    shared_section = SectionFactory(name="Shared Section", slug="shared-section")
    shared_author = AuthorFactory(name="Shared Writer")
    live = [
        ArticleFactory(published=True, headline=f"Live story {n}", section=shared_section, authors=[shared_author],
                       tags=["Shared tag", f"Live tag {n}"], lead_image=LeadImageFactory(),
                       publish_at=timezone.now() - timedelta(hours=n + 1))
        for n in range(20)  # exactly one page: a leak into any count would make a second page
    ]
    PublishedCorrectionFactory(article=live[0], text="A live correction.")
    internal = Tag.objects.create(name=INTERNAL_TAG)
    TagProfile.objects.filter(tag=internal).update(internal=True)
    for story in live[:5]:
        story.tags.add(internal)
    LiveCoverageFactory(article=live[0])
    LiveUpdateFactory(article=live[0], headline="A live update")
    StoryViews.objects.create(article=live[1], day=timezone.localdate(), views=3)
    hidden = {}
    wire = IngestSourceFactory(name="Leak wire")
    for state, fields in NON_LIVE.items():
        word = lambda field: secret(state, field)  # noqa: E731
        image = LeadImageFactory(caption=word("caption"), alt_text=word("alt"), credit=word("credit"))
        own_section = SectionFactory(name=word("section"), slug=word("section").lower())
        own_author = AuthorFactory(name=f"{word('author')} Person", bio=f"{word('bio')} biography",
                                   job_title=word("bio"), links=[f"https://{word('bio').lower()}.example/"])
        for n, section in enumerate([own_section, shared_section]):
            story = ArticleFactory(
                **fields,
                kicker=word("kicker"),
                headline=f"{word('headline')} {n}",
                dek=f"{word('dek')} standfirst",
                body=f"<p>{word('body')} body text.</p>",
                section=section,
                authors=[own_author, shared_author],
                tags=[word("tag"), "Shared tag", "Live tag 1"],
                lead_image=image,
            )
            PublishedCorrectionFactory(article=story, text=f"{word('correction')} fixed.")
            if state == "incoming":
                IncomingStory.objects.create(article=story, source=wire, urgency=1)
            # Reader-site extras (issue 13): a live blog, views that would top "Most read", a breaking flag.
            LiveCoverageFactory(article=story)
            LiveUpdateFactory(article=story, headline=word("update"), body=f"<p>{word('update')} text</p>")
            StoryViews.objects.create(article=story, day=timezone.localdate(), views=1_000_000)
            BreakingNewsFactory(article=story, label=word("breaking"))
        hidden[state] = {"story": story, "image": image, "section": own_section, "author": own_author}
    return live, hidden


def secrets():
    return [secret(state, field).lower() for state in NON_LIVE for field in FIELDS] + [INTERNAL_TAG.lower()]


def local_path(url):
    url = html.unescape(url.strip())
    parts = urlsplit(url)
    if parts.scheme and parts.netloc not in ("news.example", "testserver"):
        return None
    if not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def entry_points(live, hidden):
    points = ["/", "/rss/", "/atom/", "/sitemap.xml", "/news-sitemap.xml", "/robots.txt", "/corrections/",
              "/section/shared-section/", "/tag/shared-tag/", "/search/?q=shared", "/search/?q=story",
              "/most-read/", "/breaking.json", f"/live/{live[0].pk}/updates/", f"/live/{live[0].pk}/rss/",
              *[f"/{purpose}/" for purpose in PagePurpose.values]]
    for state, items in hidden.items():
        day = items["story"].url_date
        points += [f"/live/{items['story'].pk}/updates/", f"/live/{items['story'].pk}/rss/"]
        points += [f"/{day.year}/", f"/{day.year}/{day.month:02d}/", f"/{day.year}/{day.month:02d}/{day.day:02d}/"]
        for field in FIELDS:
            points.append(f"/search/?q={secret(state, field)}")
    return points + [f"/search/?q={INTERNAL_TAG}"]


def test_nothing_about_non_live_stories_is_reachable(client, site):
    live, hidden = site
    words = secrets()
    private_images = [items["image"].file.url for items in hidden.values()]
    private_images += [f"/images/{items['image'].pk}/" for items in hidden.values()]
    queue, seen, statuses = deque(entry_points(live, hidden)), set(), {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        statuses[path] = response.status_code
        assert response.status_code in (200, 301, 302, 404), (path, response.status_code)
        if response.status_code in (301, 302):
            queue.append(local_path(response["Location"]))
        if getattr(response, "streaming", False):
            continue  # a picture file, reached through a live story's rendition
        text = response.content.decode("utf-8", "replace")
        headers = " ".join(f"{k}: {v}" for k, v in response.items())
        checked = (text + headers).lower()
        if path.startswith("/search/"):
            query = urlsplit(path).query.split("q=", 1)[1].split("&")[0].lower()
            checked = checked.replace(query, "")
            if query.startswith("zqx"):
                assert "No stories found" in text, path
        leaked = [word for word in words if word in checked]
        assert not leaked, f"{path} shows {leaked}"
        assert not any(url in text for url in private_images), f"{path} shows a private image"
        assert "Older →" not in text, f"{path} pages on to a story that is not live"
        for match in LINK.finditer(text):
            target = local_path(next(group for group in match.groups() if group))
            if target and target not in seen:
                queue.append(target)
    assert len(seen) < MAX_PAGES, "the crawl did not finish"
    live_urls = {article.get_absolute_url() for article in live}
    assert live_urls <= seen, "the crawl missed live stories"
    assert {"/tag/live-tag-3/", "/section/shared-section/rss/", "/sitemap-stories.xml", "/about/"} <= seen
    assert "/author/shared-writer/" in seen and statuses[f"/live/{live[0].pk}/updates/"] == 200
    assert "Live story 1" in client.get("/most-read/").content.decode()  # the list works, with live stories only


def test_non_live_urls_and_subjects_have_no_page(client, site):
    _live, hidden = site
    for state, items in hidden.items():
        story, author, section = items["story"], items["author"], items["section"]
        expected = 410 if state == "killed" else 404
        response = client.get(story.get_absolute_url())
        assert response.status_code == expected, state
        text = response.content.decode().lower()
        assert not [word for word in secrets() if word in text], state
        tag_slug = secret(state, "tag").lower()
        for url in [
            f"/tag/{tag_slug}/", f"/tag/{tag_slug}/rss/", f"/tag/{tag_slug}/atom/",
            author.get_absolute_url(), f"{author.get_absolute_url()}rss/",
            section.get_absolute_url(), f"{section.get_absolute_url()}atom/",
        ]:
            assert client.get(url).status_code == 404, (state, url)


def test_nothing_about_non_live_stories_reaches_the_api(client, site):
    """Every Content API URL and filter, followed through every ``next`` page and every story's detail."""
    from articles.models import ApiKey

    live, hidden = site
    _key, raw = ApiKey.objects.issue(name="Leak crawl")
    words = secrets()
    private_images = [items["image"].file.url for items in hidden.values()]
    lists = ["/api/v1/stories/", "/api/v1/sections/", "/api/v1/tags/", "/api/v1/authors/",
             "/api/v1/stories/?updated_since=2000-01-01T00:00:00Z", "/api/v1/stories/?section=shared-section",
             "/api/v1/stories/?tag=shared-tag", "/api/v1/stories/?q=shared", "/api/v1/stories/?limit=3",
             "/api/v1/tags/?limit=1", "/api/v1/authors/?limit=1", f"/api/v1/stories/?tag={INTERNAL_TAG.lower()}"]
    for state, items in hidden.items():
        lists += [f"/api/v1/stories/?section={items['section'].slug}", f"/api/v1/stories/?author={items['author'].slug}",
                  f"/api/v1/stories/?tag={secret(state, 'tag').lower()}"]
        lists += [f"/api/v1/stories/?q={secret(state, field)}" for field in FIELDS]
    queue, seen, story_ids = deque(lists), set(), set()
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, HTTP_X_API_KEY=raw)
        assert response.status_code == 200, (path, response.status_code)
        text = response.content.decode()
        checked = text.lower()
        if "q=" in path:
            checked = checked.replace(path.split("q=", 1)[1].lower(), "")
        assert not [word for word in words if word in checked], path
        assert not any(url in text for url in private_images), path
        data = response.json()
        if isinstance(data, dict):
            if "q=zqx" in path.lower() or any(f"={items['section'].slug}" in path for items in hidden.values()):
                assert data["items"] == [], path
            if f"tag={INTERNAL_TAG.lower()}" in path:
                assert data["items"] == [], path  # an internal tag is no filter: it would tell which stories carry it
            if path.startswith("/api/v1/stories/"):
                story_ids |= {int(item["altids"][0]["value"]) for item in data["items"]}
            if data["next"]:
                queue.append(data["next"].replace("http://testserver", ""))
    assert story_ids == {article.pk for article in live}
    for story_id in story_ids:
        response = client.get(f"/api/v1/stories/{story_id}/", HTTP_X_API_KEY=raw)
        assert response.status_code == 200
        assert not [word for word in words if word in response.content.decode().lower()], story_id
    for state, items in hidden.items():
        response = client.get(f"/api/v1/stories/{items['story'].pk}/", HTTP_X_API_KEY=raw)
        assert response.status_code == (410 if state == "killed" else 404), state
        assert not [word for word in words if word in response.content.decode().lower()], state


def test_an_internal_tag_has_no_page_even_on_live_stories(client, site):
    slug = INTERNAL_TAG.lower()
    for url in [f"/tag/{slug}/", f"/tag/{slug}/rss/", f"/tag/{slug}/atom/"]:
        assert client.get(url).status_code == 404, url
