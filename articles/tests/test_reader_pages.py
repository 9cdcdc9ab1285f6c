"""Every reader page renders what it should, through published() only."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleRedirect, CreditRole, ArticleAuthor, Image, NoticeKind, SiteNotice, Status
from articles.tests.factories import (
    ArticleFactory,
    move,
    AuthorFactory,
    LeadImageFactory,
    PublishedCorrectionFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def test_home_has_lead_most_recent_and_sections(client):
    politics = SectionFactory(name="Politics", slug="politics")
    sport = SectionFactory(name="Sport", slug="sport")
    now = timezone.now()
    older = ArticleFactory(published=True, headline="Older politics story", section=politics,
                           publish_at=now - timedelta(hours=5))
    lead = ArticleFactory(published=True, headline="Newest sport story", section=sport,
                          publish_at=now - timedelta(minutes=5), lead_image=LeadImageFactory())
    page = html(client.get("/"))
    assert page.index("Newest sport story") < page.index("Most recent") < page.index("Older politics story")
    assert 'id="section-politics"' in page
    assert 'id="section-sport"' not in page  # its only story is already the lead
    assert f'href="{lead.get_absolute_url()}"' in page and f'href="{older.get_absolute_url()}"' in page
    assert 'fetchpriority="high"' in page  # the lead image loads first


def test_home_paginates_more_stories(client):
    for n in range(25):
        ArticleFactory(published=True, headline=f"Paged story {n:02d}", publish_at=timezone.now() - timedelta(hours=n + 1))
    first = html(client.get("/"))
    assert "More stories" in first and "?page=2" in first
    second = client.get("/?page=2")
    assert second.status_code == 200
    assert "Paged story 24" in html(second) and "Paged story 00" not in html(second)


@pytest.mark.parametrize("value", ["0", "-1", "abc", "99", "1.5", "9" * 40])
def test_bad_page_numbers_are_404_never_500(client, value):
    section = SectionFactory()
    ArticleFactory(published=True, section=section, tags=["Rice"])
    for url in ["/", section.get_absolute_url(), "/tag/rice/", "/search/?q=story", "/corrections/"]:
        assert client.get(url, {"page": value}).status_code == 404, url


def test_article_page_shows_the_whole_story(client):
    author = AuthorFactory(name="Sok Chea")
    photographer = AuthorFactory(name="Photo Person")
    image = LeadImageFactory()
    article = ArticleFactory(
        published=True, kicker="Analysis", headline="Rice prices climb", dek="Farmers are pleased.",
        dateline="PHNOM PENH", authors=[author], tags=["Rice", "Trade"], lead_image=image,
        lead_image_caption="Harvest near Takeo.",
    )
    ArticleAuthor.objects.create(article=article, author=photographer, role=CreditRole.PHOTOGRAPHER, order=5)
    PublishedCorrectionFactory(article=article, text="We misstated the tonnage.")
    page = html(client.get(article.get_absolute_url()))
    assert "<h1>Rice prices climb</h1>" in page
    assert "Analysis" in page and "Farmers are pleased." in page and "PHNOM PENH" in page
    assert f'<a href="{author.get_absolute_url()}" rel="author">Sok Chea</a>' in page
    assert "Photo Person" not in page.split('class="byline"')[1].split("</p>")[0]
    assert f'width="{image.width}" height="{image.height}"' in page
    assert "Harvest near Takeo." in page and "Jane Doe/Agency" in page
    assert 'href="/tag/rice/" rel="tag"' in page
    assert "We misstated the tonnage." in page
    local = timezone.localtime(article.first_published_at)
    assert f'datetime="{local.isoformat()}"' in page


@override_settings(TIME_ZONE="Asia/Phnom_Penh")
def test_times_are_shown_in_the_site_time_zone(client):
    moment = datetime(2024, 5, 23, 3, 0, tzinfo=ZoneInfo("UTC"))
    article = ArticleFactory(published=True, publish_at=moment, first_published_at=moment)
    page = html(client.get(article.get_absolute_url()))
    assert 'datetime="2024-05-23T10:00:00+07:00"' in page
    assert "23 May 2024, 10:00" in page


def test_updated_time_is_shown_when_later(client):
    article = ArticleFactory(published=True)
    article.updated_at = timezone.now()
    article.save()
    assert "Updated" in html(client.get(article.get_absolute_url()))


def test_credit_line_when_no_author(client):
    article = ArticleFactory(published=True, credit_line="Reuters")
    assert "Reuters" in html(client.get(article.get_absolute_url()))


def test_related_stories_most_overlap_first_never_itself(client):
    now = timezone.now()
    story = ArticleFactory(published=True, headline="The main story", tags=["Rice", "Trade", "China"])
    one = ArticleFactory(published=True, headline="Shares one tag", tags=["Rice"], publish_at=now - timedelta(minutes=1))
    two = ArticleFactory(published=True, headline="Shares two tags", tags=["Rice", "Trade"],
                         publish_at=now - timedelta(days=3))
    ArticleFactory(headline="Draft sharing three", tags=["Rice", "Trade", "China"])
    ArticleFactory(published=True, headline="Unrelated story", tags=["Football"])
    response = client.get(story.get_absolute_url())
    related = [a.pk for a in response.context_data["related"]]
    assert related == [two.pk, one.pk]
    aside = html(response).split('class="related"')[1]
    assert "The main story" not in aside and "Draft sharing three" not in aside


def test_image_without_file_renders_nothing(client):
    image = Image.objects.create(source_url="https://example.com/remote.jpg", alt_text="remote")
    article = ArticleFactory(published=True, lead_image=image)
    page = html(client.get(article.get_absolute_url()))
    assert "remote.jpg" not in page and "<figure" not in page


def test_section_tag_and_author_pages(client):
    section = SectionFactory(name="Environment", slug="environment", description="Rivers, forests and climate.")
    photo = LeadImageFactory(alt_text="Portrait of Sophea Lim")
    author = AuthorFactory(name="Sophea Lim", bio="Covers the Mekong.", photo=photo)
    article = ArticleFactory(published=True, headline="Fish catch falls", section=section,
                             authors=[author], tags=["Tonle Sap"])
    section_page = html(client.get("/section/environment/"))
    assert "Environment" in section_page and "Rivers, forests and climate." in section_page
    assert article.headline in section_page
    tag_page = html(client.get("/tag/tonle-sap/"))
    assert "Tonle Sap" in tag_page and article.headline in tag_page
    author_page = html(client.get(author.get_absolute_url()))
    assert "Covers the Mekong." in author_page and "Portrait of Sophea Lim" in author_page
    assert article.headline in author_page


def test_subjects_with_only_drafts_have_no_page(client):
    section = SectionFactory(slug="hidden")
    author = AuthorFactory(name="Hidden Writer")
    ArticleFactory(section=section, authors=[author], tags=["Hidden tag"])
    for url in ["/section/hidden/", "/tag/hidden-tag/", author.get_absolute_url(), "/tag/no-such-tag/",
                "/section/no-such-section/", "/author/no-such-writer/"]:
        assert client.get(url).status_code == 404, url


def test_date_archives(client):
    moment = timezone.make_aware(datetime(2024, 5, 23, 12, 0))
    article = ArticleFactory(published=True, headline="Archived story", publish_at=moment, first_published_at=moment)
    ArticleFactory(headline="Draft same day", publish_at=moment)
    for url in ["/2024/", "/2024/05/", "/2024/05/23/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert article.headline in html(response) and "Draft same day" not in html(response)
    for url in ["/2023/", "/2024/06/", "/2024/05/24/", "/2024/13/", "/2024/02/31/"]:
        assert client.get(url).status_code == 404, url


def test_corrections_page_lists_live_stories_only(client):
    PublishedCorrectionFactory(text="Live correction text")
    PublishedCorrectionFactory(article=ArticleFactory(), text="Draft correction text")
    page = html(client.get("/corrections/"))
    assert "Live correction text" in page and "Draft correction text" not in page


def test_changed_slug_redirects_301(client):
    article = ArticleFactory(published=True, headline="First headline")
    old_url = article.get_absolute_url()
    article = move(article, slug="better-headline")
    assert ArticleRedirect.objects.filter(old_path=old_url, article=article).exists()
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_changed_date_redirects_301(client):
    article = ArticleFactory(published=True)
    old_url = article.get_absolute_url()
    article.first_published_at = article.first_published_at - timedelta(days=40)
    article.save()
    assert old_url != article.get_absolute_url()
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_draft_slug_changes_leave_no_redirect(client):
    draft = ArticleFactory(headline="Draft headline")
    draft.slug = "other-draft-slug"
    draft.save()
    assert not ArticleRedirect.objects.exists()


def test_killed_story_is_410_with_the_editable_notice(client):
    killed = ArticleFactory(status=Status.KILLED, headline="Withdrawn libel story", body="<p>Libellous words.</p>",
                            publish_at=timezone.now() - timedelta(days=1))
    response = client.get(killed.get_absolute_url())
    assert response.status_code == 410
    assert "withdrawn" in html(response).lower()
    assert "Libellous" not in html(response) and "libel story" not in html(response)
    SiteNotice.objects.create(kind=NoticeKind.KILLED, heading="Removed", text="Removed for legal reasons.")
    response = client.get(killed.get_absolute_url())
    assert response.status_code == 410 and "Removed for legal reasons." in html(response)


def test_friendly_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We could not find that page" in html(response)


def test_friendly_500_needs_no_database(rf, django_assert_num_queries):
    from articles.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500 and "Something went wrong" in html(response)


def test_robots_txt_lists_both_sitemaps(client, settings):
    settings.SITE_URL = "https://news.example"
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://news.example/sitemap.xml" in html(response)
    assert "Sitemap: https://news.example/news-sitemap.xml" in html(response)


def test_reverse_names_exist():
    assert reverse("articles:search") == "/search/"


def test_the_story_view_can_render_a_draft_for_an_editors_preview(rf):
    """The admin preview renders a story that is not live with this view's context and template."""
    from articles.views import ArticleDetailView

    draft = ArticleFactory(headline="Preview of a draft", tags=["Rice"], lead_image=LeadImageFactory())
    ArticleFactory(published=True, headline="Live relation", tags=["Rice"])
    view = ArticleDetailView()
    day = draft.url_date
    view.setup(rf.get("/preview/"), year=day.year, month=day.month, day=day.day, slug=draft.slug)
    view.object = draft
    response = view.render_to_response(view.get_context_data(object=draft))
    response.render()
    page = response.content.decode()
    assert "<h1>Preview of a draft</h1>" in page and "Live relation" in page
    assert '"datePublished"' in page


def test_library_pictures_in_the_body_render_as_responsive_figures(client):
    picture = LeadImageFactory(alt_text="Boats at dawn", caption="Morning on the Mekong.")
    article = ArticleFactory(published=True, body=f'<p>Intro.</p><figure data-image-id="{picture.pk}"></figure>')
    page = html(client.get(article.get_absolute_url()))
    assert "<picture>" in page and 'alt="Boats at dawn"' in page and "Morning on the Mekong." in page
    assert "data-image-id" not in page


def test_related_candidates_are_taken_per_tag_so_a_rare_tag_is_not_crowded_out():
    now = timezone.now()
    story = ArticleFactory(published=True, tags=["Busy", "Rare"])
    for minutes in range(3):
        ArticleFactory(published=True, tags=["Busy"], publish_at=now - timedelta(minutes=minutes + 1))
    rare = ArticleFactory(published=True, tags=["Rare"], publish_at=now - timedelta(days=30))
    related = Article.objects.published().related_to(story, limit=10, among=2)
    assert rare in related and story not in related and len(related) == 3


def test_jinja_pages_print_each_value_as_conditional_escape_would():
    from django.utils.functional import lazy
    from django.utils.html import conditional_escape
    from django.utils.safestring import SafeString, mark_safe
    from markupsafe import Markup

    from articles.reader.jinja import finalize

    values = ["O'Neil <b>wins</b> & \"more\"", mark_safe("<em>kept</em>"), Markup("<i>markup</i>"), 42, 3.5,
              lazy(lambda: "Lazy & <late>", str)(), lazy(lambda: mark_safe("<b>safe lazy</b>"), str)(), "", False]
    for value in values:
        printed = finalize(value)
        assert printed == conditional_escape(value) and isinstance(printed, SafeString | Markup), value
    assert finalize(None) == ""


def test_cards_escape_exactly_as_django_templates_do(client):
    """Cards are Jinja2 templates (articles.reader.jinja); their escaping must be Django's."""
    ArticleFactory(published=True, headline="O'Neil <b>wins</b> & more", kicker='"Quoted"',
                   credit_line="Staff & <i>agencies</i>")
    page = client.get("/").content.decode()
    assert "O&#x27;Neil &lt;b&gt;wins&lt;/b&gt; &amp; more" in page
    assert "&quot;Quoted&quot;" in page and "Staff &amp; &lt;i&gt;agencies&lt;/i&gt;" in page
    assert "<b>wins" not in page and "<i>agencies" not in page


def test_reader_pages_ask_the_jinja2_engine_alone_for_their_templates(client, monkeypatch):
    """A reader page's template is looked up in Jinja2 only: asking the Django engine first raised and
    caught two ``TemplateDoesNotExist`` per page, whose tracebacks the garbage collector then had to
    free (``bench/RESULTS.md``, tenth session)."""
    from pathlib import Path

    from django.conf import settings
    from django.template.backends.django import DjangoTemplates

    jinja_dir = Path(settings.BASE_DIR) / "templates" / "jinja2"
    reader_templates = {str(path.relative_to(jinja_dir)) for path in jinja_dir.rglob("*.html")}
    asked = []
    real = DjangoTemplates.get_template

    def get_template(self, template_name):
        asked.append(template_name)
        return real(self, template_name)

    monkeypatch.setattr(DjangoTemplates, "get_template", get_template)
    section = SectionFactory(name="Environment", slug="environment")
    author = AuthorFactory(name="Sophea Lim")
    story = ArticleFactory(published=True, headline="Fish catch falls", section=section, authors=[author],
                           tags=["Tonle Sap"], publish_at=datetime(2026, 3, 4, 5, tzinfo=ZoneInfo("UTC")))
    killed = ArticleFactory(status=Status.KILLED, publish_at=timezone.now() - timedelta(days=1))
    PublishedCorrectionFactory(article=story)
    pages = {"/": 200, story.get_absolute_url(): 200, "/section/environment/": 200, "/tag/tonle-sap/": 200,
             author.get_absolute_url(): 200, "/2026/": 200, "/search/?q=fish": 200, "/corrections/": 200,
             "/about/": 200, killed.get_absolute_url(): 410, "/no/such/page/": 404}
    for path, status in pages.items():
        assert client.get(path).status_code == status, path
    assert reader_templates & set(asked) == set()
    assert "articles/article_detail.html" in reader_templates  # the set above is the reader's templates


def test_readers_addresses_are_tried_first():
    """Django tries URL patterns in order, each one a regular expression or a prefix test: the story
    page (most requests) and the home page come before everything else (``newsroom/urls.py``)."""
    from django.urls import resolve

    story = resolve("/2026/03/04/fish-catch-falls/")
    assert story.url_name == "article" and len(story.tried) <= 4  # image_urls, home, then itself
    assert resolve("/").url_name == "home" and len(resolve("/").tried) <= 3
    assert resolve("/admin/").app_name == "admin"
