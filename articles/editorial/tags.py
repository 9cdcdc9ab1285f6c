"""Story writes about tags: merging several tags into one re-tags their stories.

One transaction for the whole merge. Each story is an editorial write: its row is locked, its tags
change, its version moves on, and it gets an audit entry (action ``tags``) and a revision. A live
story with a pending edit is re-tagged in both places: the live row and the pending snapshot.
The merged tags then disappear; their addresses, their old addresses and their names (as aliases)
all point at the survivor, so links and feeds answer 301 and later imports find it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from taggit.models import Tag

from articles.editorial.records import record, record_revision
from articles.editorial.transitions import pending_revision
from articles.reader_effects import stories_changed
from articles.models import Article, Revision, Status, TagAlias, TagRedirect, TaggedArticle, normalise_tag_name

AUDIT_ACTION = "tags"


def merge_tags(*, sources, target, user):
    """Merge the tags ``sources`` into ``target``; return the number of stories re-tagged.

    Raises ``ValidationError`` (and changes nothing) when there is nothing to merge.
    """
    sources = [tag for tag in sources if tag.pk != target.pk]
    if not sources:
        raise ValidationError("Choose at least one tag to merge other than the one you keep.")
    source_ids = {tag.pk for tag in sources}
    source_names = {tag.name for tag in sources}
    note = f"Merged {', '.join(sorted(source_names, key=str.lower))} into {target.name}"
    with transaction.atomic():
        story_ids = TaggedArticle.objects.filter(tag_id__in=source_ids).values_list("content_object_id", flat=True)
        stories = list(Article.objects.select_for_update().filter(pk__in=set(story_ids)).order_by("pk"))
        for article in stories:
            retag_story(article=article, source_ids=source_ids, source_names=source_names, target=target,
                        user=user, note=note)
        retag_pending_only(source_names=source_names, target=target, user=user, note=note,
                           done={article.pk for article in stories})
        for tag in sources:
            keep_addresses(tag=tag, target=target)
        Tag.objects.filter(pk__in=source_ids).delete()
        stories_changed(stories)  # their pages and search documents, once for the whole merge
    return len(stories)


def retag_story(*, article, source_ids, source_names, target, user, note):
    TaggedArticle.objects.filter(content_object=article, tag_id__in=source_ids).delete()
    article.tags.add(target)
    Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
    article.refresh_from_db(fields=["version"])
    record(article, user=user, action=AUDIT_ACTION, from_status=article.status, note=note)
    record_revision(article=article, user=user, transition=AUDIT_ACTION, note=note)
    retag_pending(article=article, source_names=source_names, target=target, user=user, note=note)


def retag_pending(*, article, source_names, target, user, note):
    """Swap the tags in a published story's pending edit, as a new pending revision."""
    pending = pending_revision(article) if article.status == Status.PUBLISHED else None
    if pending is None or not source_names & set(pending.snapshot.get("tags", [])):
        return
    snapshot = dict(pending.snapshot, tags=merged_names(pending.snapshot.get("tags", []), source_names, target))
    Revision.objects.filter(pk=pending.pk).update(pending=False)
    record_revision(article=article, user=user, transition=AUDIT_ACTION, note=note, snapshot=snapshot,
                             pending=True)


def retag_pending_only(*, source_names, target, user, note, done):
    """Live stories whose pending edit (but not the live row) carries a merged tag."""
    for pending in Revision.objects.filter(pending=True, article__status=Status.PUBLISHED).exclude(article_id__in=done):
        if source_names & set(pending.snapshot.get("tags", [])):
            article = Article.objects.select_for_update().get(pk=pending.article_id)
            record(article, user=user, action=AUDIT_ACTION, from_status=article.status, note=note)
            retag_pending(article=article, source_names=source_names, target=target, user=user, note=note)


def merged_names(names, source_names, target):
    kept = [name for name in names if name not in source_names and name != target.name]
    return sorted([*kept, target.name], key=str.lower)


def keep_addresses(*, tag, target):
    """Point the merged tag's address, old addresses and aliases at ``target``; keep its name as an alias."""
    TagRedirect.objects.filter(tag=tag).update(tag=target)
    TagRedirect.objects.update_or_create(old_slug=tag.slug, defaults={"tag": target})
    TagAlias.objects.filter(tag=tag).update(tag=target)
    key = normalise_tag_name(tag.name)[:100]
    if key and key != normalise_tag_name(target.name) and not TagAlias.objects.filter(key=key).exists():
        TagAlias.objects.create(tag=target, name=tag.name)
