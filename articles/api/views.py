"""The Content API, ``/api/v1/``: live stories as IPTC ninjs 2.0, and the sections, tags and authors readers see.

Everything comes from ``Article.objects.published()``, like the reader site. Each
endpoint answers through ``articles.caching.public_page`` (ETag, Last-Modified,
304 and the page cache) after :class:`articles.api.auth.ApiKeyAuth` has let the
request in (and counted it against the key's rate limit). Every page, filtered or
not, first or later, is cached with the surrogate keys of what it shows, so the
reader pages' exact invalidation applies (see ``articles.caching``): a list declares
the listings it depends on (``latest``, ``list:section:<id>``, ``search``…) and each
story on it (its story, section, authors, tags and pictures). Responses are
``Cache-Control: private`` and vary on the key headers, so no shared proxy hands a
keyed answer to a request without a key.
"""

import json
from datetime import datetime
from typing import Optional

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, ValidationError
from ninja.openapi.docs import Swagger

from articles.api.auth import ApiKeyAuth, RateLimited
from articles.api.pagination import AUTHORS, TAGS, BadCursor, page_of
from articles.api.schemas import AuthorPage, Problem, SectionOut, StoryPage, TagPage
from articles.caching import not_cached, public_page, shows, shows_stories
from articles.exporters import ninjs
from articles.figures import image_ids
from articles.tagging import public_tags
from articles.models import Article, ArticleAuthor, Author, Section, Status, TaggedArticle

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
PAGED = frozenset({"cursor", "limit"})  # the query parameters that make a page of a list its own
FILTERS = frozenset({"section", "tag", "author", "updated_since", "q"})



class LocalSwagger(Swagger):
    """ninja's Swagger page with ninja's own template and static files, served by the site.

    ninja picks them only when the string "ninja" is in ``INSTALLED_APPS`` and falls back to a CDN
    otherwise (which the Content-Security-Policy refuses); it is left out of ``INSTALLED_APPS`` so that
    processes do not import it at start (see ``NINJA_DIR`` in settings, which finds its files).
    """

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api, "add_csrf": False}
        return render(request, self.template, context)


api = NinjaAPI(
    title=f"{settings.SITE_NAME} Content API",
    version="1",
    description="Published stories as IPTC ninjs 2.0. Send your key as `X-Api-Key: <key>` "
                "or `Authorization: Bearer <key>`.",
    auth=ApiKeyAuth(),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs/",
    docs=LocalSwagger(),
)


def problem(status, detail, **headers):
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name] = value
    return private(response)


def private(response):
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Authorization", "X-Api-Key"])
    return response


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return problem(401, "A valid API key is required (X-Api-Key header).", **{"WWW-Authenticate": "Bearer"})


@api.exception_handler(RateLimited)
def rate_limited(request, exc):
    return problem(429, "Too many requests for this key; try again later.", **{"Retry-After": str(exc.retry_after)})


@api.exception_handler(ValidationError)
def invalid(request, exc):
    fields = ", ".join(".".join(str(part) for part in error["loc"][1:]) or "request" for error in exc.errors)
    return problem(400, f"Invalid parameter: {fields}.")


@api.exception_handler(BadCursor)
def bad_cursor(request, exc):
    return problem(400, str(exc))


def cached_json(request, build, parameters=frozenset()):
    """Answer ``build()`` (JSON-able data, or a response) through the reader page cache and its validators;
    pages differ only by the query ``parameters`` named (others are answered, uncached)."""

    def view(request):
        data = build()
        return data if isinstance(data, JsonResponse) else JsonResponse(data, json_dumps_params={"ensure_ascii": False})

    return private(public_page(view, parameters=parameters)(request))


def clamped(limit):
    return max(1, min(limit, MAX_LIMIT))


def next_page(request, cursor):
    """The absolute address of the page after this one (same filters), or None on the last page."""
    if not cursor:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def shows_ninjs(request, stories):
    """Declare what the ninjs of ``stories`` shows: each story, its section, authors, public tags and pictures."""
    shows_stories(request, stories)
    for story in stories:
        shows(request, *(f"tag:{tag.pk}" for tag in story.public_tags),
              *(f"image:{pk}" for pk in image_ids(story.body)))


class StoryFilters(Schema):
    section: Optional[str] = None
    tag: Optional[str] = None
    author: Optional[str] = None
    updated_since: Optional[datetime] = None
    q: Optional[str] = None


def subject_filters(filters):
    """``(kind, candidates, slug)`` for each subject the list is narrowed to; internal tags are no subject."""
    wanted = [("section", Section.objects.all(), filters.section), ("tag", public_tags(), filters.tag),
              ("author", Author.objects.all(), filters.author)]
    return [(kind, candidates, slug) for kind, candidates, slug in wanted if slug]


def narrowed(stories, kind, subject):
    if kind == "section":
        return stories.filter(section=subject)
    if kind == "tag":
        return stories.filter(pk__in=TaggedArticle.objects.filter(tag=subject).values("content_object"))
    return stories.filter(pk__in=ArticleAuthor.objects.filter(author=subject).values("article"))


def filtered_stories(request, filters):
    """Live stories narrowed by the list's filters (slugs, a change time, a search through the one search),
    declaring the listings the page depends on: a subject's own listing, else every story (``latest``),
    and every search for ``q``. A tag's old address (a rename, a merge) filters by the tag it leads to,
    as its reader page redirects there. A slug naming nothing readers can see gives an empty list. Both
    are answered uncached (no key would tell when a section, tag or author takes that address)."""
    stories = Article.objects.published()
    subjects = subject_filters(filters)
    for kind, candidates, slug in subjects:
        subject = candidates.filter(slug=slug).first()
        if subject is None and kind == "tag":
            subject = candidates.filter(old_addresses__old_slug=slug).first()
            not_cached(request)  # an old address may be taken back by a new tag: no key would say so
        if subject is None:
            not_cached(request)
            return stories.none()
        shows(request, f"{kind}:{subject.pk}", f"list:{kind}:{subject.pk}")
        stories = narrowed(stories, kind, subject)
    if not subjects:
        shows(request, "latest")
    if filters.updated_since:
        stories = stories.filter(modified_at__gte=filters.updated_since)
    if filters.q is not None:
        shows(request, "search")
        stories = stories.filter(pk__in=Article.objects.published().search(filters.q[:200]).values("pk"))
    return stories


@api.get("/stories/", response={200: StoryPage, 400: Problem, 401: Problem, 429: Problem}, tags=["stories"],
         summary="Live stories, newest first")
def stories(request, filters: Query[StoryFilters], cursor: str = "", limit: int = DEFAULT_LIMIT):
    """Pages follow `next` (a cursor); a story published meanwhile never shifts later pages.
    `q` searches like the reader site; results stay newest first."""
    limit = clamped(limit)

    def build():
        page, next_cursor = page_of(filtered_stories(request, filters).with_related(), cursor=cursor, limit=limit)
        shows_ninjs(request, page)
        return {"items": ninjs.many_to_dicts(page), "next": next_page(request, next_cursor)}

    return cached_json(request, build, FILTERS | PAGED)


@api.get("/stories/{int:story_id}/", response={200: dict, 401: Problem, 404: Problem, 410: Problem},
         tags=["stories"], summary="One live story")
def story(request, story_id: int):
    """A story that was killed answers 410 Gone; one that is not live, 404."""

    def build():
        article = Article.objects.published().with_related().filter(pk=story_id).first()
        if article is not None:
            shows_ninjs(request, [article])
            return ninjs.many_to_dicts([article])[0]
        if Article.objects.filter(pk=story_id, status=Status.KILLED).exists():
            return JsonResponse({"detail": "This story has been withdrawn."}, status=410)
        return JsonResponse({"detail": "No such story."}, status=404)

    return cached_json(request, build)


def live_subject_ids(field):
    return Article.objects.published().values(field)


@api.get("/sections/", response={200: list[SectionOut], 401: Problem}, tags=["subjects"],
         summary="Sections with a live story")
def sections(request):
    """Every section with a live story, in the site's menu order (a short list: not paginated)."""

    def build():
        shows(request, "latest")  # which sections have a live story; a section's own edit drops every page
        found = Section.objects.filter(pk__in=live_subject_ids("section")).order_by("ordering", "name")
        return JsonResponse([
            {"slug": s.slug, "name": s.name, "description": s.description, "url": absolute(s.get_absolute_url())}
            for s in found
        ], safe=False)

    return cached_json(request, build)


@api.get("/tags/", response={200: TagPage, 400: Problem, 401: Problem}, tags=["subjects"],
         summary="Tags of live stories, by name")
def tags(request, cursor: str = "", limit: int = DEFAULT_LIMIT):
    """Pages follow `next` (a cursor), like stories. Internal tags are never listed."""
    limit = clamped(limit)

    def build():
        shows(request, "latest", "tags")  # which tags live stories carry; any tag's name or flag
        used = TaggedArticle.objects.filter(content_object__in=Article.objects.published()).values("tag")
        page, next_cursor = page_of(public_tags().filter(pk__in=used), keyset=TAGS, cursor=cursor, limit=limit)
        return {"items": [{"slug": t.slug, "name": t.name, "url": absolute(reverse("articles:tag", args=[t.slug]))}
                          for t in page], "next": next_page(request, next_cursor)}

    return cached_json(request, build, PAGED)


@api.get("/authors/", response={200: AuthorPage, 400: Problem, 401: Problem}, tags=["subjects"],
         summary="Authors of live stories, by name")
def authors(request, cursor: str = "", limit: int = DEFAULT_LIMIT):
    """Pages follow `next` (a cursor), like stories."""
    limit = clamped(limit)

    def build():
        shows(request, "latest", "authors")  # which authors live stories credit; any author's details
        used = ArticleAuthor.objects.filter(article__in=Article.objects.published()).values("author")
        page, next_cursor = page_of(Author.objects.filter(pk__in=used), keyset=AUTHORS, cursor=cursor, limit=limit)
        return {"items": [{"slug": a.slug, "name": a.name, "job_title": a.job_title, "bio": a.bio,
                           "url": absolute(a.get_absolute_url())} for a in page],
                "next": next_page(request, next_cursor)}

    return cached_json(request, build, PAGED)


def absolute(path):
    return settings.SITE_URL + path
