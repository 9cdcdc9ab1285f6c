"""A story as it would look with a snapshot's content, built in memory: previews write nothing and lock nothing."""

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
    copy._prefetched_objects_cache = {"tags": tags, "credits": credit_rows(copy, snapshot.get("credits", []))}
    internal = set(Tag.objects.filter(name__in=names, profile__internal=True).values_list("name", flat=True))
    copy.public_tag_links = [TaggedArticle(tag=tag) for tag in tags if tag.name not in internal]  # Article.public_tags
    return copy
