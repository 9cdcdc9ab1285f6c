"""schema.org data for the newer reader pages: ``Person`` (author pages), ``LiveBlogPosting`` (live blogs)
and the publisher's ``Organization`` (home page), with the properties Google and schema.org ask for.

``REQUIRED`` lists, per type, what the tests check is always present.
"""

import json
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from articles.models import PagePurpose
from articles.paths import path_to
from articles.templatetags.reader import (
    JSON_SCRIPT_ESCAPES,
    absolute_url,
    modified_time,
    news_article_data,
    site_logo_url,
)

REQUIRED = {
    "Person": ["@context", "@type", "name", "url"],
    "LiveBlogPosting": ["@context", "@type", "headline", "url", "datePublished", "coverageStartTime",
                        "coverageEndTime", "liveBlogUpdate", "author", "publisher"],
    "BlogPosting": ["@type", "headline", "datePublished", "url", "articleBody"],
    "Organization": ["@context", "@type", "name", "url", "logo", "publishingPrinciples", "correctionsPolicy",
                     "masthead"],
}
EXPECTED_COVERAGE = timedelta(days=1)


def json_ld(data):
    """``data`` as a ``<script type="application/ld+json">`` block that cannot close itself early."""
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def page_url(purpose):
    return absolute_url(path_to("articles:site_page", str(purpose)))


def person(author, photo_url=""):
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": author.name,
        "url": absolute_url(author.get_absolute_url()),
    }
    if author.job_title:
        data["jobTitle"] = author.job_title
    if author.bio:
        data["description"] = author.bio
    if photo_url:
        data["image"] = absolute_url(photo_url)
    if author.links:
        data["sameAs"] = list(author.links)
    data["worksFor"] = {"@type": "NewsMediaOrganization", "name": settings.SITE_NAME, "url": absolute_url("/")}
    return data


def organization():
    return {
        "@context": "https://schema.org",
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "logo": {"@type": "ImageObject", "url": site_logo_url()},
        "publishingPrinciples": page_url(PagePurpose.ETHICS),
        "correctionsPolicy": page_url(PagePurpose.CORRECTIONS),
        "masthead": page_url(PagePurpose.MASTHEAD),
        "ethicsPolicy": page_url(PagePurpose.ETHICS),
        "actionableFeedbackPolicy": page_url(PagePurpose.CONTACT),
        "ownershipFundingInfo": page_url(PagePurpose.ABOUT),
    }


def coverage_end(coverage):
    """The end Google asks for: when it ended, else an expected end (a day after it began, and never past)."""
    if coverage.ended_at is not None:
        return coverage.ended_at
    return max(coverage.started_at + EXPECTED_COVERAGE, timezone.now() + timedelta(hours=1))


def live_blog_posting(article, live, corrections=()):
    """The story's ``NewsArticle`` data recast as a ``LiveBlogPosting`` with its updates."""
    data = news_article_data(article, corrections)
    url = data["url"]
    coverage = live["coverage"]
    data.update({
        "@type": "LiveBlogPosting",
        "coverageStartTime": coverage.started_at.isoformat(),
        "coverageEndTime": coverage_end(coverage).isoformat(),
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": (update.headline or strip_tags(update.body))[:110] or article.headline[:110],
                "datePublished": update.published_at.isoformat(),
                "url": f"{url}#{update.anchor}",
                "articleBody": strip_tags(update.body),
            }
            for update in live["updates"]
        ],
    })
    if live["updates"]:
        newest = max(update.published_at for update in live["updates"])
        data["dateModified"] = max(modified_time(article) or newest, newest).isoformat()
    return data
