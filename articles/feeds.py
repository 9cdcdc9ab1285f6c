"""RSS 2.0 and Atom feeds of live stories: the latest, and per section, tag and author.

Each item carries the full body (``content:encoded`` in RSS, ``<content>`` in Atom),
every byline author, the section and tags as categories and the lead image as enclosure.
"""

import mimetypes
import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from taggit.models import Tag

from articles.models import Article, Author, Section
from articles.search import plain_text
from articles.tagging import tag_page_subject, tag_profile
from articles.templatetags.images import render_body
from articles.reader_text import absolute_url, xml_text

FEED_SIZE = 30
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
SITE_ADDRESS = re.compile(r'\b(src|href)="(/[^"]*)"')
SRCSET = re.compile(r'\bsrcset="([^"]*)"')


def feed_body(article):
    """The story body as readers see it, with library pictures rendered and every address absolute."""
    html = SITE_ADDRESS.sub(lambda m: f'{m[1]}="{absolute_url(m[2])}"', render_body(article.body))
    return SRCSET.sub(
        lambda m: 'srcset="' + ", ".join(absolute_url(part.strip()) for part in m[1].split(",")) + '"', html
    )


class XmlSafeItems:
    """Drops the control characters XML 1.0 cannot carry (imported copy sometimes has them) from every item."""

    def add_item(self, **kwargs):
        super().add_item(**{name: xml_text(value) for name, value in kwargs.items()})


class FullTextRssFeed(XmlSafeItems, Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:dc": DC_NS}

    def add_item_elements(self, handler, item):
        # One dc:creator per author below, instead of Django's single joined element.
        super().add_item_elements(handler, {**item, "author_name": None})
        for name, _url in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("content:encoded", item["content"])


class FullTextAtomFeed(XmlSafeItems, Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "author_name": None})
        for name, url in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if url:
                handler.addQuickElement("uri", url)
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})


class LatestStoriesFeed(Feed):
    feed_type = FullTextRssFeed
    url_name = "articles:latest_rss"

    def author_name(self, obj=None):
        """The feed's own author, which Atom requires for entries without a byline."""
        return settings.SITE_NAME

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: latest stories"

    def description(self, obj=None):
        return f"The latest stories from {settings.SITE_NAME}."

    def link(self, obj=None):
        return absolute_url("/")

    def feed_url(self, obj=None):
        return absolute_url(reverse(self.url_name, args=[obj.slug] if obj is not None else []))

    def stories(self, obj):
        return Article.objects.published()

    def subject(self, model, slug):
        """The section, tag or author of a feed, which exists only while it has a live story."""
        obj = get_object_or_404(model, slug=slug)
        if not self.stories(obj).exists():
            raise Http404("Nothing published here yet")
        return obj

    def items(self, obj=None):
        return self.stories(obj).with_related()[:FEED_SIZE]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.filed_at

    def item_updateddate(self, item):
        return item.updated_at or item.filed_at

    def item_author_name(self, item):
        names = [author.name for author in item.byline_authors]
        return ", ".join(names) or item.credit_line or None

    def item_categories(self, item):
        section = [item.section.name] if item.section_id else []
        return section + [tag.name for tag in item.public_tags]

    def item_enclosures(self, item):
        image = item.lead_image
        if image is None or not image.file:
            return []
        mime_type = mimetypes.guess_type(image.file.name)[0] or "image/jpeg"
        return [Enclosure(absolute_url(image.file.url), str(image.file_size or 0), mime_type)]

    def item_extra_kwargs(self, item):
        authors = [(a.name, absolute_url(a.get_absolute_url())) for a in item.byline_authors]
        if not authors and item.credit_line:
            authors = [(item.credit_line, "")]
        return {"content": feed_body(item), "authors": authors}


class SectionFeed(LatestStoriesFeed):
    url_name = "articles:section_rss"

    def get_object(self, request, slug):
        return self.subject(Section, slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj):
        return obj.description or f"The latest {obj.name} stories from {settings.SITE_NAME}."

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def stories(self, obj):
        return Article.objects.published().in_section(obj)


class TagMoved(Exception):
    """A feed asked for at a tag's old address (renamed or merged)."""

    def __init__(self, tag):
        super().__init__(tag.slug)
        self.tag = tag


class TagFeed(LatestStoriesFeed):
    """A public tag's feed, described by the tag's description. Old addresses answer 301; internal tags 404."""

    url_name = "articles:tag_rss"

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except TagMoved as moved:
            return redirect(reverse(self.url_name, args=[moved.tag.slug]), permanent=True)

    def get_object(self, request, slug):
        tag, moved = tag_page_subject(slug, read=lambda slug: Tag.objects.select_related("profile").filter(slug=slug).first())
        if moved:
            raise TagMoved(tag)
        if not self.stories(tag).exists():
            raise Http404("Nothing published here yet")
        return tag

    def title(self, obj):
        return f"{settings.SITE_NAME}: stories tagged {obj.name}"

    def description(self, obj):
        profile = tag_profile(obj)
        described = plain_text(profile.description) if profile else ""
        return described or f"The latest stories tagged {obj.name} from {settings.SITE_NAME}."

    def link(self, obj):
        return absolute_url(reverse("articles:tag", args=[obj.slug]))

    def stories(self, obj):
        return Article.objects.published().tagged(obj)


class AuthorFeed(LatestStoriesFeed):
    url_name = "articles:author_rss"

    def get_object(self, request, slug):
        return self.subject(Author, slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: stories by {obj.name}"

    def description(self, obj):
        return f"The latest stories by {obj.name} from {settings.SITE_NAME}."

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def stories(self, obj):
        return Article.objects.published().by_author(obj)


def atom(feed_class):
    """The Atom twin of an RSS feed class, served at the same name with ``_atom`` for ``_rss``."""
    return type(f"{feed_class.__name__}Atom", (feed_class,), {
        "feed_type": FullTextAtomFeed,
        "subtitle": feed_class.description,
        "url_name": feed_class.url_name.replace("_rss", "_atom"),
    })
