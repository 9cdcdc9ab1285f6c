"""Template helpers for the reader site: absolute addresses, times, JSON-LD, the section menu, snippets.

Pictures are rendered by ``articles/_image.html`` with the images module's tags.
"""

import json

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import search
from articles.paths import path_to
from articles.reader_text import absolute_url, xml_text

register = template.Library()

JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


register.filter(absolute_url)


def original_image_url(image):
    return absolute_url(image.file.url) if image is not None and image.file else ""


def structured_data_images(image):
    """Absolute addresses of the original picture, then cropped 16x9, 4x3 and 1x1 (1280 wide at most).

    Google asks for several aspect ratios of a story's picture; duplicates (a square source) appear once.
    """
    if image is None or not image.file or not image.width or not image.height:
        return []
    from articles.templatetags.images import image_url

    urls = [original_image_url(image)] + [absolute_url(image_url(image, crop, 1280)) for crop in ("16x9", "4x3", "1x1")]
    return list(dict.fromkeys(urls))


register.filter(xml_text)
register.simple_tag(path_to, name="path")  # {% path "articles:home" %}: {% url %}, remembered (articles.paths)


@register.filter
def news_language(code):
    """The language as Google News sitemaps want it: ISO 639 ("en", "km"), except "zh-cn" and "zh-tw"."""
    code = (code or settings.LANGUAGE_CODE).strip().lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh-tw" if code in {"zh-tw", "zh-hant", "zh-hk", "zh-hant-tw"} else "zh-cn"
    return code.split("-")[0] or "en"


@register.simple_tag
def site_logo_url():
    return absolute_url(static("img/logo.png"))


def published_time(article):
    return article.filed_at


def modified_time(article):
    """When readers were last told it changed: the 'Updated' time, else first publication."""
    first = published_time(article)
    if article.updated_at and (first is None or article.updated_at > first):
        return article.updated_at
    return first


register.filter("published_time", published_time)
register.filter("modified_time", modified_time)


def news_article_data(article, corrections=()):
    """schema.org ``NewsArticle`` with every property Google recommends for articles."""
    url = absolute_url(article.get_absolute_url())
    authors = [
        {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
        for author in article.byline_authors
    ]
    if not authors:
        authors = [{"@type": "Organization", "name": article.credit_line or settings.SITE_NAME,
                    "url": absolute_url("/")}]
    lead_images = structured_data_images(article.lead_image)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline[:110],
        "description": article.description,
        "image": lead_images or [site_logo_url()],
        # An editor's preview of a story never published has no times yet: show "now".
        "datePublished": (published_time(article) or timezone.now()).isoformat(),
        "dateModified": (modified_time(article) or timezone.now()).isoformat(),
        "author": authors,
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.SITE_NAME,
            "url": absolute_url("/"),
            "logo": {"@type": "ImageObject", "url": site_logo_url()},
        },
        "inLanguage": article.language,
        "wordCount": article.word_count,
        "isAccessibleForFree": True,
    }
    if article.section_id:
        data["articleSection"] = article.section.name
    keywords = [tag.name for tag in article.public_tags]
    if keywords:
        data["keywords"] = keywords
    if article.dateline:
        data["dateline"] = article.dateline
    if corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": correction.text,
             "datePublished": correction.published_at.isoformat()}
            for correction in corrections
        ]
    return data


@register.simple_tag
def news_article_json_ld(article, corrections=()):
    text = json.dumps(news_article_data(article, corrections), ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def search_snippet(article, query):
    return search.snippet_html(article, query)
