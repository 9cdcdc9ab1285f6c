"""Reader queries compiled once (``articles.reader.compiled``) answer exactly as the QuerySets they come from."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction, Status
from articles.reader.compiled import CompiledQuery, Slot
from articles.reader.story_reads import LiveListing, live_stories_among, live_story, story_queryset
from articles.tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from articles.views import AuthorView, HomeView, SectionView, TagView

pytestmark = pytest.mark.django_db


def test_the_live_story_is_the_one_the_queryset_reads_with_its_relations_and_annotation():
    story = ArticleFactory(published=True, headline="Harbour bridge reopens")
    Correction.objects.create(article=story, text="An earlier version misnamed the bridge.",
                              published_at=timezone.now() - timedelta(minutes=1))
    found = live_story(story.slug)
    expected = story_queryset().get(slug=story.slug)
    assert found.pk == story.pk and found.headline == "Harbour bridge reopens"
    assert found.publish_at == expected.publish_at and found.has_corrections is True
    with CaptureQueriesContext(connection) as queries:
        assert found.section.name == story.section.name
    assert len(queries) == 0


def test_a_correction_still_to_come_does_not_count():
    story = ArticleFactory(published=True)
    Correction.objects.create(article=story, text="Later.", published_at=timezone.now() + timedelta(hours=1))
    assert live_story(story.slug).has_corrections is False


def test_each_run_uses_its_own_clock_so_a_scheduled_story_appears_at_its_time(time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    story = ArticleFactory(status=Status.PUBLISHED, publish_at=start + timedelta(minutes=5))
    assert live_story(story.slug) is None
    assert live_stories_among([story.pk]) == []
    time_machine.move_to(start + timedelta(minutes=6), tick=False)
    assert live_story(story.slug).pk == story.pk
    assert [s.pk for s in live_stories_among([story.pk])] == [story.pk]


@pytest.mark.parametrize("state", [Status.DRAFT, Status.KILLED])
def test_stories_that_are_not_live_are_never_read(state):
    story = ArticleFactory(published=True)
    Article.objects.filter(pk=story.pk).update(status=state)
    assert live_story(story.slug) is None
    assert live_stories_among([story.pk]) == []


def test_stories_among_ids_keep_the_order_given_and_skip_the_ones_not_live():
    first, second, third = (ArticleFactory(published=True) for _ in range(3))
    draft = ArticleFactory()
    found = live_stories_among([third.pk, draft.pk, first.pk, second.pk])
    assert [s.pk for s in found] == [third.pk, first.pk, second.pk]
    assert [s.pk for s in live_stories_among([second.pk])] == [second.pk]
    assert live_stories_among([]) == []


def test_a_sample_missing_from_the_parameters_is_a_clear_error():
    wrong = CompiledQuery(lambda slug: Article.objects.filter(headline="x"),
                          slug=Slot(Article._meta.get_field("slug"), "not-in-query"))
    with pytest.raises(ValueError, match="not among the query's parameters"):
        wrong(slug="anything")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_postgresql_prepares_a_compiled_query_and_plans_django_s_own_queries_afresh():
    story = ArticleFactory(published=True)
    for _ in range(7):
        assert live_story(story.slug).pk == story.pk
        Article.objects.filter(slug=story.slug).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE from_sql = false")
        prepared = [row[0] for row in cursor.fetchall()]
    assert len(prepared) == 1 and '"articles_storyparts"' in prepared[0]



def test_listings_page_exactly_as_their_querysets_for_every_kind_of_subject(monkeypatch):
    monkeypatch.setattr(LiveListing, "COMPILED_ROWS", 6)  # slices from rows 0 and 3 compiled, from 6 built
    section, author = SectionFactory(name="Farming"), AuthorFactory(name="Ana Field")
    stories = [ArticleFactory(published=True, section=section, tags=["Harvest"], authors=[author]) for _ in range(7)]
    ArticleFactory(section=section, tags=["Harvest"], authors=[author])  # a draft: never listed
    ArticleFactory(published=True, tags=["Fishing"], authors=[AuthorFactory()])  # elsewhere: only on the home page
    tag = stories[0].tags.get()
    cases = [
        (HomeView.listing.of(), Article.objects.published()),
        (SectionView.listing.of(section.pk), Article.objects.published().in_section(section)),
        (TagView.listing.of(tag.pk), Article.objects.published().tagged(tag)),
        (AuthorView.listing.of(author.pk), Article.objects.published().by_author(author)),
    ]
    for listing, queryset in cases:
        expected = list(queryset.values_list("pk", flat=True))
        assert len(expected) == (8 if listing.listing is HomeView.listing else 7)
        assert [pk for bottom in (0, 3, 6) for pk in listing.ids(bottom, bottom + 3)] == expected
        assert listing.ids(len(expected), len(expected) + 3) == []


def test_a_listing_shows_a_scheduled_story_from_its_time(time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    section = SectionFactory(name="Weather")
    earlier = ArticleFactory(published=True, section=section)
    later = ArticleFactory(status=Status.PUBLISHED, section=section, publish_at=start + timedelta(minutes=5))
    assert SectionView.listing.of(section.pk).ids(0, 21) == [earlier.pk]
    time_machine.move_to(start + timedelta(minutes=6), tick=False)
    assert SectionView.listing.of(section.pk).ids(0, 21) == [later.pk, earlier.pk]


def test_any_number_of_ids_is_read_by_a_few_compiled_queries_in_the_order_given():
    from articles.reader.story_reads import _cards_among

    stories = [ArticleFactory(published=True) for _ in range(9)]
    _cards_among.cache_clear()
    for count in range(1, 10):
        ids = [story.pk for story in reversed(stories[:count])]
        assert [s.pk for s in live_stories_among(ids)] == ids
    assert [s.pk for s in live_stories_among([stories[2].pk, stories[2].pk, stories[1].pk])] == [stories[2].pk,
                                                                                                 stories[1].pk]
    assert _cards_among.cache_info().currsize == 3  # 4, 8 and 16 ids


def test_stories_among_come_as_their_stored_cards_when_those_serve_and_whole_when_they_cannot():
    from django.utils import timezone as django_timezone

    from articles.reader.parts import CARD_NAMES, StoredCards, render_missing

    section = SectionFactory(name="Harbour", slug="harbour")
    older, newer = ArticleFactory(published=True, section=section), ArticleFactory(published=True)
    render_missing()
    slim = live_stories_among([newer.pk, older.pk])
    assert [story.pk for story in slim] == [newer.pk, older.pk]
    assert all(isinstance(story, StoredCards) and set(story.cards) == set(CARD_NAMES) for story in slim)
    assert older.headline in slim[1].cards["level2"] and newer.headline in slim[0].cards["item"]
    assert (slim[1].section.pk, slim[1].section.name, slim[1].section.slug) == (section.pk, "Harbour", "harbour")
    assert f"story:{older.pk}" in slim[1].card_keys and f"section:{section.pk}" in slim[1].card_keys
    newer.version += 1  # an edit not yet rendered: its stored cards no longer serve
    Article.objects.filter(pk=newer.pk).update(version=newer.version)
    mixed = live_stories_among([newer.pk, older.pk])
    assert [story.pk for story in mixed] == [newer.pk, older.pk]
    assert isinstance(mixed[0], Article) and isinstance(mixed[1], StoredCards)
    with django_timezone.override("America/New_York"):  # a reader elsewhere: no stored card serves
        assert all(isinstance(story, Article) for story in live_stories_among([newer.pk, older.pk]))


def anchored_section(monkeypatch, count=7, **extra):
    monkeypatch.setattr(LiveListing, "COMPILED_ROWS", 2)  # pages from the third story on are anchored
    section = SectionFactory(name="Harbour")
    for _ in range(count):
        ArticleFactory(published=True, section=section, **extra)
    return section


def offset_free(section, bottom, top):
    """The ids of ``[bottom:top]`` and whether they were read without ``OFFSET``."""
    with CaptureQueriesContext(connection) as queries:
        ids = SectionView.listing.of(section.pk).ids(bottom, top)
    return ids, not any("OFFSET" in query["sql"].upper() for query in queries)


def expected(section, bottom, top):
    return list(Article.objects.published().in_section(section).values_list("pk", flat=True)[bottom:top])


def test_a_deep_page_starts_from_its_anchor_while_its_listing_is_unchanged(monkeypatch):
    section = anchored_section(monkeypatch)
    assert offset_free(section, 4, 6) == (expected(section, 4, 6), False)  # found by OFFSET, anchored
    assert offset_free(section, 4, 6) == (expected(section, 4, 6), True)
    assert offset_free(section, 6, 8) == (expected(section, 6, 8), False)  # each page its own anchor


def test_a_story_joining_or_leaving_the_listing_drops_the_anchors(monkeypatch):
    section = anchored_section(monkeypatch)
    before = offset_free(section, 4, 6)[0]
    newest = ArticleFactory(published=True, section=section)
    assert offset_free(section, 4, 6) == (expected(section, 4, 6), False)
    assert expected(section, 4, 6) != before and newest.pk not in expected(section, 4, 6)


def test_a_scheduled_story_coming_due_drops_the_anchors(monkeypatch, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    section = anchored_section(monkeypatch)
    ArticleFactory(status=Status.PUBLISHED, section=section, publish_at=start + timedelta(minutes=5))
    first = offset_free(section, 4, 6)
    assert first == (expected(section, 4, 6), False) and offset_free(section, 4, 6) == (first[0], True)
    time_machine.move_to(start + timedelta(minutes=6), tick=False)
    assert offset_free(section, 4, 6) == (expected(section, 4, 6), False)
    assert expected(section, 4, 6) != first[0]


def test_an_authors_listing_reads_their_credited_ids_first_and_each_story_once():
    from articles.models import ArticleAuthor, CreditRole

    author, other = AuthorFactory(name="Ana Field"), AuthorFactory(name="Bo Lens")
    twice = ArticleFactory(published=True, authors=[author])
    ArticleAuthor.objects.create(article=twice, author=author, role=CreditRole.PHOTOGRAPHER, order=1)
    once = ArticleFactory(published=True, authors=[other, author])
    ArticleFactory(published=True, authors=[other])
    ArticleFactory(status=Status.DRAFT, authors=[author])
    listing = Article.objects.published().by_author(author).order_by("-publish_at", "-pk")
    assert list(listing) == [once, twice]
    sql = str(listing.query)
    assert ("= ANY(ARRAY(SELECT" if connection.vendor == "postgresql" else "IN (SELECT") in sql
