"""Reader-facing pages. Every story query starts from ``Article.objects.published()``.

Section, tag and author pages exist only while they have a live story, so nothing
used only by drafts is ever hinted at. ``?page=`` out of range or not a number is a 404.
"""

from itertools import groupby

from django.conf import settings
from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.db.models import Q, prefetch_related_objects
from django.http import Http404, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView
from taggit.models import Tag

from articles.caching import browser_max_age, shows, shows_stories
from articles.models import (
    Article,
    ArticleRedirect,
    Author,
    Correction,
    NoticeKind,
    Section,
    SiteNotice,
    Status,
)
from articles.paths import path_to
from articles.querysets import card_prefetches, public_tags_prefetch
from articles.reader import parts as story_parts
from articles.reader.parts import HEADLINE_ITEM, card_variant
from articles.reader.compiled import CompiledQuery, Slot
from articles.reader.story_reads import (
    RELATED_CARD,
    BoundListing,
    LiveListing,
    latest_per_section_ids,
    live_stories_among,
    live_story,
    related_stories,
    story_queryset,
)
from articles.search import MAX_QUERY_LENGTH, MAX_RESULTS, plain_text, query_terms
from articles.tagging import tag_page_subject, tag_profile
from articles.reader.liveblog import live_blog_context

PAGE_SIZE = 20
# The stored card variants each page's template shows (``articles.reader.parts.card_variant``): a
# listing reads only those (``live_stories_among``), and a template asking for another fails loudly.
LIST_CARDS = (card_variant(),)  # story_cards(articles): article_list.html, archive.html, home's later pages
HOME_CARDS = (card_variant(level=3, is_lead=True), HEADLINE_ITEM, card_variant(level=3, hide_section=True),
              card_variant(level=3, hide_section=True, compact=True))  # home.html, page 1


class IdsFirstPaginator(Paginator):
    """Every page costs what page 1 costs, however large the archive grows: a page holds the ids of its
    stories, read from narrow rows in the listing's order (``OFFSET`` walks the index, not whole
    stories; past the first 200, ``LiveListing`` starts from the page's anchor), and one id more, which tells whether an older page follows. So the listing is never
    counted: a ``COUNT`` of every live story on every page grows with the archive, for a "page 1 of
    N" a reader does not need. The view then reads the stories it shows in one compiled query
    (``cards_read``, ``articles.reader.story_reads``). A ``BoundListing`` is paged by compiled
    queries; a QuerySet (archives) as usual. Views use it through ``UncountedPages``."""

    MAX_PAGE = 1_000_000  # deeper is out of range without asking the database (whose OFFSET has a limit)

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        if number > self.MAX_PAGE:
            raise EmptyPage("That page contains no results")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page + 1
        if isinstance(self.object_list, BoundListing):
            ids = self.object_list.ids(bottom, top)
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        if not ids and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage("That page contains no results")
        return PeekedPage(ids[:self.per_page], number, self, older=len(ids) > self.per_page)


class PeekedPage(Page):
    """A page that knows whether an older one follows without knowing how many there are."""

    def __init__(self, object_list, number, paginator, older):
        super().__init__(object_list, number, paginator)
        self.older = older

    def has_next(self):
        return self.older


class UncountedPages:
    """Paging for a ``ListView`` by ``IdsFirstPaginator``: ``?page=`` not a page number (Django's
    ``last`` included: that needs a count) or past the last page is a 404."""

    paginate_by = PAGE_SIZE
    paginator_class = IdsFirstPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=self.get_allow_empty())
        try:
            page = paginator.page(self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1)
        except InvalidPage:
            raise Http404("No such page") from None
        return paginator, page, page.object_list, page.has_other_pages()


def live_stories():
    """Live stories with everything their cards show, including their pictures' renditions."""
    return Article.objects.published().for_cards()


def cards_read(context, variants, also=()):
    """The stories of a listing's page (``IdsFirstPaginator``: their ids) read as their cards show them
    (``live_stories_among``, with the card ``variants`` the page shows); and the stories with the ids
    ``also``, read in the same query."""
    page_ids = list(context["page_obj"].object_list)
    found = {story.pk: story for story in live_stories_among([*page_ids, *also], variants)}
    stories = [found[pk] for pk in page_ids if pk in found]
    context["page_obj"].object_list = stories
    context.update(object_list=stories, articles=stories)
    return context, [found[pk] for pk in also if pk in found]


def feed_links(title, rss_url, atom_url):
    return [
        {"title": f"{title} (RSS)", "url": rss_url, "type": "application/rss+xml"},
        {"title": f"{title} (Atom)", "url": atom_url, "type": "application/atom+xml"},
    ]


class HomeView(UncountedPages, ListView):
    """Page 1: a lead story, the most recent stories, the latest by section, then the rest of the
    page's stories as headlines. Later pages: more stories, following on from page 1."""

    template_name = "articles/home.html"
    template_engine = "jinja2"
    context_object_name = "articles"

    listing = LiveListing(lambda now: Article.objects.published(now=now), changes="latest")

    def get_queryset(self):
        return self.listing.of()

    def get_context_data(self, **kwargs):
        """The page's stories and, on page 1, the by-section blocks are read in one query, once their
        ids are known (``IdsFirstPaginator``, ``latest_per_section_ids``: both from narrow rows)."""
        context = super().get_context_data(**kwargs)
        page_ids = context["page_obj"].object_list
        chosen, variants = [], LIST_CARDS
        if context["page_obj"].number == 1:
            variants = HOME_CARDS
            chosen = latest_per_section_ids(lead=page_ids[0]) if page_ids else []
        context, by_section = cards_read(context, variants, also=chosen)
        stories = context["articles"]
        lead = stories[0] if stories else None
        by_section.sort(key=lambda story: (story.section.ordering, story.section.name))
        shows(self.request, "latest")
        shows_stories(self.request, [*stories, *by_section])
        if context["page_obj"].number == 1:
            context.update(
                lead=lead,
                most_recent=stories[1:10],
                earlier=stories[10:],  # the rest of page 1, so "More stories" (page 2) follows on from it
                sections=[(section, list(group)) for section, group in groupby(by_section, key=lambda a: a.section)],
            )
        return context


class ArticleDetailView(DetailView):
    """One live story. Its old addresses redirect (301); a killed story is gone (410).

    The editors' preview renders unpublished stories through this view's
    ``get_context_data`` and template, so the context must not assume a live story.
    """

    template_name = "articles/article_detail.html"
    template_engine = "jinja2"
    context_object_name = "article"

    def get_queryset(self):
        return story_queryset()

    def get(self, request, *args, **kwargs):
        self.object = live_story(kwargs["slug"])
        if self.object is None:
            return self.not_live(request, kwargs["slug"])
        if request.path != self.object.get_absolute_url():
            return redirect(self.object, permanent=True)
        usable = story_parts.usable_fingerprint()  # request-local: read once for the story and its related cards
        parts = story_parts.for_page(self.object, usable)
        response = self.render_to_response(self.get_context_data(object=self.object, parts=parts, usable=usable))
        response["Content-Language"] = self.object.language
        return response

    def get_context_data(self, **kwargs):
        """``parts``: the story's rendered parts (``articles.reader.parts``), when its page may use them;
        ``usable``: ``usable_fingerprint()``, when the caller has it (not passed to the template)."""
        article = self.object
        parts = kwargs.get("parts")
        usable = kwargs.pop("usable", story_parts.ASK)
        if parts is not None:
            tag_ids = parts.public_tag_ids
            shows(self.request, *parts.key_list())
        else:
            prefetch_related_objects([article], public_tags_prefetch(), *card_prefetches())
            tag_ids = [tag.pk for tag in article.public_tags]
            shows_stories(self.request, [article])
            shows(self.request, *(f"tag:{pk}" for pk in tag_ids))
        related = related_stories(article, parts, story_parts.related_ids(article, parts, tag_ids), usable)
        shows_stories(self.request, related)
        corrections = []
        if getattr(article, "has_corrections", True):  # unknown for an editor's preview
            corrections = list(article.corrections.filter(published_at__lte=timezone.now()))
        return super().get_context_data(
            corrections=corrections,
            related=related,
            related_card=RELATED_CARD,
            feeds=self.feeds_for(article),
            **live_blog_context(article),
            **kwargs,
        )

    def not_live(self, request, slug):
        """An old address of a live story redirects; a killed story is gone; anything else is not found."""
        moved = (
            ArticleRedirect.objects.filter(Q(old_path=request.path) | Q(old_slug=slug))
            .filter(article__in=Article.objects.published())
            .select_related("article")
            .first()
        )
        if moved is not None:
            return redirect(moved.article, permanent=True)
        if Article.objects.filter(slug=slug, status=Status.KILLED).exists():
            notice = SiteNotice.for_kind(NoticeKind.KILLED)
            return short_lived(render(request, "articles/gone.html", {"notice": notice}, status=410, using="jinja2"))
        raise Http404("No live story at this address")

    @staticmethod
    def feeds_for(article):
        if article.section_id:
            return feed_links(
                article.section.name,
                path_to("articles:section_rss", article.section.slug),
                path_to("articles:section_atom", article.section.slug),
            )
        return []


class StoryListView(UncountedPages, ListView):
    """A paginated list of live stories about one subject, which exists only while it has one."""

    template_name = "articles/article_list.html"
    template_engine = "jinja2"
    context_object_name = "articles"
    allow_empty = False

    subject_read = None  # a CompiledQuery of the subject by its ``slug``

    def get_subject(self):
        found = self.subject_read(slug=self.kwargs["slug"])
        if not found:
            raise Http404("No such page")
        return found[0]

    def stories(self):
        raise NotImplementedError

    def get_queryset(self):
        self.subject = self.get_subject()
        return self.stories()

    def get(self, request, *args, **kwargs):
        """Like ``ListView.get`` without its separate emptiness query: the paginator, told not to
        allow an empty first page, answers 404 for a subject with no live story."""
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context, _ = cards_read(super().get_context_data(subject=self.subject, **kwargs), LIST_CARDS)
        kind = type(self.subject).__name__.lower()
        shows(self.request, f"{kind}:{self.subject.pk}", f"list:{kind}:{self.subject.pk}")
        shows_stories(self.request, context["object_list"])
        return context


class SectionView(StoryListView):
    subject_read = CompiledQuery(lambda slug: Section.objects.filter(slug=slug),
                                 slug=Slot(Section._meta.get_field("slug"), "compiled-query-sample-slug"))

    listing = LiveListing(lambda now, subject: Article.objects.published(now=now).in_section(subject),
                          changes="list:section:{}", subject=Slot(Article._meta.get_field("section"), -7201))

    def stories(self):
        return self.listing.of(self.subject.pk)

    def get_context_data(self, **kwargs):
        slug = self.subject.slug
        return super().get_context_data(
            heading=self.subject.name, intro=self.subject.description, kind="Section",
            feeds=feed_links(self.subject.name, path_to("articles:section_rss", slug),
                             path_to("articles:section_atom", slug)),
            **kwargs,
        )


class TagView(StoryListView):
    """A public tag's stories, with its description and picture. An old address of the tag (renamed or
    merged) answers 301; an internal tag has no page."""

    template_name = "articles/tag.html"

    subject_read = CompiledQuery(lambda slug: Tag.objects.select_related("profile__image").filter(slug=slug),
                                 slug=Slot(Tag._meta.get_field("slug"), "compiled-query-sample-slug"))

    def get(self, request, *args, **kwargs):
        self.subject, moved = tag_page_subject(kwargs["slug"], read=self.read_tag)
        if moved:
            return moved_permanently(request, path_to("articles:tag", self.subject.slug))
        return super().get(request, *args, **kwargs)

    def read_tag(self, slug):
        """The tag at ``slug`` with its profile and picture (and the picture's renditions), or None."""
        tag = next(iter(self.subject_read(slug=slug)), None)
        profile = tag_profile(tag) if tag is not None else None
        if profile is not None and profile.image is not None:
            prefetch_related_objects([profile.image], "renditions")
        return tag

    def get_subject(self):
        return self.subject

    listing = LiveListing(lambda now, subject: Article.objects.published(now=now).tagged(subject),
                          changes="list:tag:{}", subject=Slot(Tag._meta.pk, -7202))

    def stories(self):
        return self.listing.of(self.subject.pk)

    def get_context_data(self, **kwargs):
        slug = self.subject.slug
        profile = tag_profile(self.subject)
        description = profile.description if profile else ""
        return super().get_context_data(
            heading=self.subject.name, kind="Tag", intro=plain_text(description),
            tag_description=description, tag_image=profile.image if profile else None,
            feeds=feed_links(f"Stories tagged {self.subject.name}", path_to("articles:tag_rss", slug),
                             path_to("articles:tag_atom", slug)),
            **kwargs,
        )


def moved_permanently(request, path):
    """301 to ``path``, keeping the query string (``?page=2``)."""
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{path}?{query}" if query else path, permanent=True)


class AuthorView(StoryListView):
    template_name = "articles/author.html"

    subject_read = CompiledQuery(lambda slug: Author.objects.select_related("photo").filter(slug=slug),
                                 slug=Slot(Author._meta.get_field("slug"), "compiled-query-sample-slug"))

    def get_subject(self):
        author = super().get_subject()
        prefetch_related_objects([author], "photo__renditions")
        return author

    listing = LiveListing(lambda now, subject: Article.objects.published(now=now).by_author(subject),
                          changes="list:author:{}", subject=Slot(Author._meta.pk, -7203))

    def stories(self):
        return self.listing.of(self.subject.pk)

    def get_context_data(self, **kwargs):
        slug = self.subject.slug
        return super().get_context_data(
            heading=self.subject.name, intro=self.subject.bio, author=self.subject,
            feeds=feed_links(f"Stories by {self.subject.name}", path_to("articles:author_rss", slug),
                             path_to("articles:author_atom", slug)),
            **kwargs,
        )


class ArchiveMixin(UncountedPages):
    """Date archives of live stories, filed by the date in their address (``Article.filed_at``), local time."""

    template_name = "articles/archive.html"
    template_engine = "jinja2"
    context_object_name = "articles"
    date_field = "filing_time"
    uses_datetime_field = True  # an annotation, which Django's check on the model's fields cannot see
    month_format = "%m"
    allow_empty = False
    allow_future = False

    def get_queryset(self):
        return live_stories().with_filed_at()

    def get_context_data(self, **kwargs):
        context, _ = cards_read(super().get_context_data(**kwargs), LIST_CARDS)
        shows(self.request, "latest")
        shows_stories(self.request, context["object_list"])
        return context

    def get_dated_items(self):
        try:
            return super().get_dated_items()
        except (ValueError, OverflowError):  # e.g. /9999/12/31/: the next day is past the calendar's end
            raise Http404("No such date") from None


class YearArchive(ArchiveMixin, YearArchiveView):
    make_object_list = True
    archive_kind = "year"


class MonthArchive(ArchiveMixin, MonthArchiveView):
    archive_kind = "month"


class DayArchive(ArchiveMixin, DayArchiveView):
    archive_kind = "day"


class SearchView(ListView):
    """``/search/?q=``: ranked full-text search. Empty or unusable queries get a friendly page."""

    template_name = "articles/search.html"
    template_engine = "jinja2"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()
        self.problem = ""
        if len(self.query) > MAX_QUERY_LENGTH:
            self.problem = f"That search is too long. Please use fewer than {MAX_QUERY_LENGTH} characters."
        elif self.query and not query_terms(self.query):
            self.problem = "Please type one or more words to search for (very common words like “the” are left out)."
        if self.problem or not self.query:
            return Article.objects.none()
        return Article.objects.published().search(self.query)

    def paginate_queryset(self, queryset, page_size):
        """Rank the ids once (at most ``MAX_RESULTS``: one query gives both the count and the page's ids),
        then load and annotate the page's stories."""
        ranked = list(queryset.values_list("pk", flat=True)[:MAX_RESULTS]) if queryset.query.order_by else queryset
        paginator, page, ids, is_paginated = super().paginate_queryset(ranked, page_size)
        ids = list(ids)
        stories = sorted(live_stories().filter(pk__in=ids).search(self.query, newest_only=False),
                         key=lambda story: ids.index(story.pk))
        prefetch_related_objects(stories, *card_prefetches())  # search cards show snippets: never stored
        page.object_list = stories
        return paginator, page, stories, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.query[:MAX_QUERY_LENGTH], problem=self.problem, searched=bool(self.query), **kwargs
        )
        shows(self.request, "latest", "search")
        shows_stories(self.request, context["object_list"])
        return context


class CorrectionsView(ListView):
    """Every correction and clarification on a live story, newest first."""

    template_name = "articles/corrections.html"
    template_engine = "jinja2"
    context_object_name = "corrections"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return (
            Correction.objects.filter(article__in=Article.objects.published(), published_at__lte=timezone.now())
            .select_related("article")
            .order_by("-published_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shows(self.request, "latest", *(f"story:{c.article_id}" for c in context["object_list"]))
        return context


class RobotsView(TemplateView):
    template_name = "articles/robots.txt"
    content_type = "text/plain; charset=utf-8"


def short_lived(response):
    """A killed story's 410 may be reused briefly, like any reader page."""
    patch_cache_control(response, public=True, max_age=browser_max_age())
    return response


def page_not_found(request, exception=None):
    """Not found, and said so explicitly for caches: ask again every time, since a story may go live here."""
    response = render(request, "404.html", status=404, using="jinja2")
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


def server_error(request):
    """The 500 page: no database and no context processors, since either may be what failed."""
    template = loader.get_template("500.html", using="jinja2")
    return HttpResponseServerError(template.render({"SITE_NAME": settings.SITE_NAME}))
