"""Reader effects of things that have no editorial write of their own.

Stories change only through ``articles.editorial``, which calls
``articles.reader_effects.story_changed`` explicitly. Sections, authors, tags, images
and reader notices are edited directly in the admin; when one that readers can see
changes, the page cache is told, and a renamed author or tag rebuilds the search
documents of its stories. Connected in ``ArticlesConfig.ready``.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from articles.models import ArticleAuthor, Author, Image, Section, SiteNotice, TaggedArticle
from articles.caching import pages_changed
from articles.reader.parts import things_changed
from articles.search import update_search_documents


@receiver([post_save, post_delete], sender=Author)
@receiver([post_save, post_delete], sender=Tag)
def name_changed(sender, instance, raw=False, created=False, **kwargs):
    """A renamed author or tag changes pages and the search documents of their stories.
    A new one is invisible until a live story uses it."""
    if raw or created:
        return
    kind = "author" if sender is Author else "tag"
    things_changed({f"{kind}:{instance.pk}", f"{kind}s", "feeds"})  # ``tags``/``authors``: the API's lists of them
    if kwargs.get("signal") is post_delete:
        return
    if sender is Author:
        article_ids = ArticleAuthor.objects.filter(author=instance).values_list("article_id", flat=True)
    else:
        article_ids = TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True)
    update_search_documents(set(article_ids))


@receiver([post_save, post_delete], sender=Section)
@receiver([post_save, post_delete], sender=Image)
@receiver([post_save, post_delete], sender=SiteNotice)
def page_content_changed(sender, instance, raw=False, created=False, **kwargs):
    """A new section or image shows nowhere yet; an edited or deleted one may. Section names are in
    every page's menu, notices on any page: those drop every cached page (stored story parts show
    neither the menu nor notices: only a section's own stories' parts go)."""
    if raw or (created and sender is not SiteNotice):
        return
    if sender is SiteNotice:
        pages_changed({"site"})
    else:
        things_changed({f"image:{instance.pk}"} if sender is Image else {"site", f"section:{instance.pk}"})
