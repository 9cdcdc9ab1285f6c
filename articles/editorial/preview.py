"""A story as it would look with a snapshot's content, built in memory: previews write nothing and lock nothing."""

from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles.editorial.snapshots import apply_snapshot, credit_rows
from articles.models import Article, TaggedArticle


def story_from_snapshot(article, snapshot):
    """A fresh, unsaved copy of ``article`` carrying ``snapshot``'s fields, tags and credits.

    The copy keeps the story's primary key, so corrections and related stories are
    looked up as readers would see them; its tags and credits are handed to Django's
    prefetch cache, so ``copy.tags.all()`` and ``copy.ordered_credits()`` answer from
    the snapshot without a query or a write.
    """
    copy = Article(**{field.attname: getattr(article, field.attname) for field in Article._meta.concrete_fields})
    apply_snapshot(copy, snapshot, keep_slug=article.first_published_at is not None)
    copy.prepare_for_save()
    names = snapshot.get("tags", [])
    known = {tag.name.lower(): tag for tag in Tag.objects.filter(name__in=names)}
    tags = [known.get(name.lower()) or Tag(name=name, slug=slugify(name)) for name in names]
    return with_relations(copy, tags, credit_rows(copy, snapshot.get("credits", [])))


def story_from_fields(article, fields):
    """An unsaved copy of ``article`` (a blank story when ``None``) with the row ``fields`` a form holds now."""
    if article is None:
        copy = Article(pk=0, created_at=timezone.now())
    else:
        copy = Article(**{field.attname: getattr(article, field.attname) for field in Article._meta.concrete_fields})
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.prepare_for_save()
    copy.slug = copy.slug or "preview"
    return copy


def with_relations(story, tags, credits):
    """Hand an unsaved ``story`` its ``tags`` and ``credits`` the way ``prefetch_related`` would, so the
    reader templates read these instead of querying the saved ones (``Article.public_tags`` included)."""
    story._prefetched_objects_cache = {"tags": tags, "credits": credits}
    internal = set(Tag.objects.filter(name__in=[t.name for t in tags], profile__internal=True)
                   .values_list("name", flat=True))
    story.public_tag_links = [TaggedArticle(tag=tag) for tag in tags if tag.name not in internal]
    return story
