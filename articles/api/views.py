"""The Content API, ``/api/v1/``: live stories as IPTC ninjs 2.0, and the sections, tags and authors readers see.

Everything comes from ``Article.objects.published()``, like the reader site. Each
endpoint answers through ``articles.caching.public_page`` (ETag, Last-Modified,
304 and the page cache) after :class:`articles.api.auth.ApiKeyAuth` has let the
request in. Responses are ``Cache-Control: private`` and vary on the key headers,
so no shared proxy hands a keyed answer to a request without a key.
"""

from datetime import datetime
from typing import Optional

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, ValidationError

from articles.api.auth import ApiKeyAuth, RateLimited
from articles.api.pagination import BadCursor, page_of
from articles.api.schemas import AuthorOut, Problem, SectionOut, StoryPage, TagOut
from articles.caching import public_page
from articles.exporters import ninjs
from articles.tagging import public_tags
from articles.models import Article, ArticleAuthor, Author, Section, Status, TaggedArticle

DEFAULT_LIMIT = 20
MAX_LIMIT = 100

api = NinjaAPI(
    title=f"{settings.SITE_NAME} Content API",
    version="1",
    description="Published stories as IPTC ninjs 2.0. Send your key as `X-Api-Key: <key>` "
                "or `Authorization: Bearer <key>`.",
    auth=ApiKeyAuth(),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs/",
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


def cached_json(request, build):
    """Answer ``build()`` (JSON-able data, or a response) through the reader page cache and its validators."""

    def view(request):
        data = build()
        return data if isinstance(data, JsonResponse) else JsonResponse(data, json_dumps_params={"ensure_ascii": False})

    return private(public_page(view)(request))


class StoryFilters(Schema):
    section: Optional[str] = None
    tag: Optional[str] = None
    author: Optional[str] = None
    updated_since: Optional[datetime] = None
    q: Optional[str] = None


def filtered_stories(filters):
    """Live stories narrowed by the list's filters (slugs, a change time, a search through the one search)."""
    stories = Article.objects.published()
    if filters.section:
        stories = stories.filter(section__slug=filters.section)
    if filters.tag:
        stories = stories.filter(pk__in=TaggedArticle.objects.filter(tag__slug=filters.tag).values("content_object"))
    if filters.author:
        stories = stories.filter(pk__in=ArticleAuthor.objects.filter(author__slug=filters.author).values("article"))
    if filters.updated_since:
        stories = stories.filter(modified_at__gte=filters.updated_since)
    if filters.q is not None:
        stories = stories.filter(pk__in=Article.objects.published().search(filters.q[:200]).values("pk"))
    return stories


@api.get("/stories/", response={200: StoryPage, 400: Problem, 401: Problem, 429: Problem}, tags=["stories"],
         summary="Live stories, newest first")
def stories(request, filters: Query[StoryFilters], cursor: str = "", limit: int = DEFAULT_LIMIT):
    """Pages follow `next` (a cursor); a story published meanwhile never shifts later pages.
    `q` searches like the reader site; results stay newest first."""
    limit = max(1, min(limit, MAX_LIMIT))

    def build():
        page, next_cursor = page_of(filtered_stories(filters).with_related(), cursor=cursor, limit=limit)
        next_url = None
        if next_cursor:
            params = request.GET.copy()
            params["cursor"] = next_cursor
            next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        return {"items": ninjs.many_to_dicts(page), "next": next_url}

    return cached_json(request, build)


@api.get("/stories/{int:story_id}/", response={200: dict, 401: Problem, 404: Problem, 410: Problem},
         tags=["stories"], summary="One live story")
def story(request, story_id: int):
    """A story that was killed answers 410 Gone; one that is not live, 404."""

    def build():
        article = Article.objects.published().with_related().filter(pk=story_id).first()
        if article is not None:
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
    def build():
        found = Section.objects.filter(pk__in=live_subject_ids("section")).order_by("ordering", "name")
        return JsonResponse([
            {"slug": s.slug, "name": s.name, "description": s.description, "url": absolute(s.get_absolute_url())}
            for s in found
        ], safe=False)

    return cached_json(request, build)


@api.get("/tags/", response={200: list[TagOut], 401: Problem}, tags=["subjects"], summary="Tags of live stories")
def tags(request):
    def build():
        used = TaggedArticle.objects.filter(content_object__in=Article.objects.published()).values("tag")
        found = public_tags().filter(pk__in=used).order_by("name")
        return JsonResponse([
            {"slug": t.slug, "name": t.name, "url": absolute(reverse("articles:tag", args=[t.slug]))} for t in found
        ], safe=False)

    return cached_json(request, build)


@api.get("/authors/", response={200: list[AuthorOut], 401: Problem}, tags=["subjects"],
         summary="Authors of live stories")
def authors(request):
    def build():
        used = ArticleAuthor.objects.filter(article__in=Article.objects.published()).values("author")
        found = Author.objects.filter(pk__in=used).order_by("name")
        return JsonResponse([
            {"slug": a.slug, "name": a.name, "job_title": a.job_title, "bio": a.bio,
             "url": absolute(a.get_absolute_url())}
            for a in found
        ], safe=False)

    return cached_json(request, build)


def absolute(path):
    return settings.SITE_URL + path
