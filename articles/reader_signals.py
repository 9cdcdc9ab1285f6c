"""What the reader site does when editorial data changes.

* Any change readers might see drops exactly the cached pages showing it
  (``articles.caching.pages_changed`` with the change's surrogate keys), now and again after the
  transaction commits, so no page is cached with the old content.
* A story's search document is rebuilt when its text, tags or credits change (and again
  when the saving transaction commits, for tags and credits written in bulk).
* When a live story's address changes (slug or date), the old address is recorded so
  readers following old links get a 301 (``ArticleRedirect``).
* Inside ``silenced()`` (the admin's preview, whose writes are always rolled back) none of
  this happens: a preview never flushes the page cache nor rebuilds a search document.

Connected in ``ArticlesConfig.ready``.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag

from articles.caching import pages_changed, story_change_keys, story_keys
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleRedirect,
    Author,
    Correction,
    Image,
    Section,
    SiteNotice,
    Status,
    TaggedArticle,
)
from articles.search import update_search_document

_silenced = ContextVar("reader_signals_silenced", default=False)


@contextmanager
def silenced():
    """Saves made inside are invisible to readers (they are rolled back): the receivers skip them."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def unless_silenced(receiver_function):
    @wraps(receiver_function)
    def wrapper(*args, **kwargs):
        if not _silenced.get():
            return receiver_function(*args, **kwargs)

    return wrapper


def content_changed(keys):
    pages_changed(keys)


def reindex(article_id):
    """Rebuild the story's search document now and once more when the transaction commits:
    the import path adds tags and credits with ``bulk_create``, which sends no signal."""
    update_search_document(article_id)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: update_search_document(article_id))


def story_is_public(article_id):
    """Changes to a story that is not published (or scheduled) are invisible to readers."""
    return Article.objects.filter(pk=article_id, status=Status.PUBLISHED).exists()


@receiver(pre_save, sender=Article)
@unless_silenced
def remember_public_address(sender, instance, raw=False, **kwargs):
    """Before a save, note whether the story was public and at which address."""
    instance._reader_before = None
    if raw or instance.pk is None:
        return
    before = (
        Article.objects.filter(pk=instance.pk)
        .only("status", "slug", "first_published_at", "publish_at", "created_at", "section_id")
        .first()
    )
    instance._reader_before = before


@receiver(post_save, sender=Article)
@unless_silenced
def article_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_reader_before", None)
    was_public = before is not None and before.status == Status.PUBLISHED
    if was_public or instance.status in (Status.PUBLISHED, Status.KILLED):
        content_changed(story_change_keys(before, instance))
    if was_public and instance.status == Status.PUBLISHED:
        record_old_address(before, instance)
    reindex(instance.pk)


def record_old_address(before, article):
    old_path, new_path = before.get_absolute_url(), article.get_absolute_url()
    if old_path == new_path:
        return
    ArticleRedirect.objects.filter(old_path=new_path).delete()
    ArticleRedirect.objects.update_or_create(
        old_path=old_path, defaults={"article": article, "old_slug": before.slug}
    )


@receiver(post_delete, sender=Article)
@unless_silenced
def article_deleted(sender, instance, **kwargs):
    content_changed(story_keys(instance, tag_ids=(), author_ids=()))


@receiver(m2m_changed, sender=TaggedArticle)
@unless_silenced
def tags_changed(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    article_ids = [instance.pk] if isinstance(instance, Article) else list(pk_set or ())
    tag_ids = list(pk_set or ()) if isinstance(instance, Article) else [instance.pk]
    if any(story_is_public(article_id) for article_id in article_ids):
        content_changed({"feeds", *(f"story:{pk}" for pk in article_ids), *(f"list:tag:{pk}" for pk in tag_ids)})
    for article_id in article_ids:
        update_search_document(article_id)


@receiver([post_save, post_delete], sender=TaggedArticle)
@receiver([post_save, post_delete], sender=ArticleAuthor)
@unless_silenced
def story_link_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    article_id = instance.content_object_id if sender is TaggedArticle else instance.article_id
    if deleting_the_story(kwargs.get("origin")):
        return  # the story's own deletion: article_deleted() handles the pages; no document to rebuild
    if story_is_public(article_id):
        listing = f"list:tag:{instance.tag_id}" if sender is TaggedArticle else f"list:author:{instance.author_id}"
        content_changed({f"story:{article_id}", listing, "feeds"})
    update_search_document(article_id)


def deleting_the_story(origin):
    """Whether a delete signal comes from deleting stories (Django passes what started the delete)."""
    if isinstance(origin, Article):
        return True
    return isinstance(origin, QuerySet) and issubclass(origin.model, Article)


@receiver([post_save, post_delete], sender=Author)
@receiver([post_save, post_delete], sender=Tag)
@unless_silenced
def name_changed(sender, instance, raw=False, created=False, **kwargs):
    """A renamed author or tag changes pages and the search documents of their stories.
    A new one is invisible until a live story uses it."""
    if raw or created:
        return
    content_changed({f"{'author' if sender is Author else 'tag'}:{instance.pk}", "feeds"})
    if kwargs.get("signal") is post_delete:
        return
    if sender is Author:
        article_ids = ArticleAuthor.objects.filter(author=instance).values_list("article_id", flat=True)
    else:
        article_ids = TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True)
    for article_id in set(article_ids):
        update_search_document(article_id)


@receiver([post_save, post_delete], sender=Correction)
@unless_silenced
def correction_changed(sender, instance, raw=False, **kwargs):
    if not raw and story_is_public(instance.article_id):
        content_changed({f"story:{instance.article_id}", "latest", "feeds"})


@receiver([post_save, post_delete], sender=Section)
@receiver([post_save, post_delete], sender=Image)
@receiver([post_save, post_delete], sender=SiteNotice)
@unless_silenced
def page_content_changed(sender, instance, raw=False, created=False, **kwargs):
    """A new section or image shows nowhere yet; an edited or deleted one may. Section names are in
    every page's menu, notices on any page: those drop everything."""
    if not raw and (not created or sender is SiteNotice):
        content_changed({f"image:{instance.pk}"} if sender is Image else {"site"})
