"""The importers' writes: whole batches of new stories, and updates of earlier imports.

Importers (``articles.importers``) parse and look things up; they hand over unsaved
stories here. A batch of new stories costs a fixed handful of INSERTs however large
it is: the stories, their tags, credits and body pictures, one audit entry
("Imported from …"), one revision and one search document each (built from the
stories in memory), then one reader-effects call for the batch. A story the operator asked to publish (and whose source neither holds nor
embargoes it) is written published by the system, like ``perform("publish", user=None)``;
other states a source recorded are restored as ``restore_imported_state`` does.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from articles.editorial.copy_rows import insert_rows
from articles.editorial.records import record, record_many, record_revision
from articles.editorial.snapshots import credit_entry, take_snapshot
from articles.editorial.transitions import IMPORTABLE_STATES, perform, restore_imported_state
from articles.editorial.pictures import sync_body_images
from articles.figures import image_ids as body_image_ids
from articles.models import Article, ArticleAuthor, Status, TaggedArticle, TagProfile
from articles.reader_effects import StoryState, story_changed, stories_changed
from articles.search import search_document, search_documents_written_last
from articles.slugs import slug_base, unique_slugs


@dataclass
class ImportedStory:
    """An imported story ready to write: the unsaved (or changed) row and its relations."""

    article: Article  # a new, empty story (source and source id set) or the earlier import
    fields: dict = field(default_factory=dict)  # story fields the source sets: {"headline": …, "section": Section…}
    tags: list = field(default_factory=list)  # Tag rows
    credits: list = field(default_factory=list)  # unsaved ArticleAuthor rows (author set, article not)
    wanted_slug: str = ""
    publish_at: datetime | None = None  # set when the story should go live (now or at that time)
    publish: bool = False
    state: str = ""  # a state the source recorded (see IMPORTABLE_STATES)
    state_note: str = ""
    first_published_at: datetime | None = None
    note: str = "Imported"  # the audit entry's note, e.g. "Imported from wordpress:example.org"

    def snapshot(self):
        return take_snapshot(self.article, tags=[t.name for t in self.tags],
                             credits=[credit_entry(c) for c in self.credits], corrections=[])


def apply_fields(story):
    for name, value in story.fields.items():
        setattr(story.article, name, value)


def give_state(story, now):
    """The workflow state a new story is written with."""
    article = story.article
    if story.publish:
        article.status = Status.PUBLISHED
        article.publish_at = story.publish_at or now
        if article.first_published_at is None or article.first_published_at > article.publish_at:
            article.first_published_at = article.publish_at
    elif story.state in IMPORTABLE_STATES:
        article.status = story.state
        if story.state in (Status.UNPUBLISHED, Status.KILLED):
            article.first_published_at = story.first_published_at or article.first_published_at or article.publish_at
        article.kill_reason = story.state_note if story.state == Status.KILLED else ""


def assign_unique_slugs(stories):
    """Give each story a slug unused in the database and in this batch."""
    bases = [slug_base(story.wanted_slug or "") if slug_base(story.wanted_slug or "", fallback="") else
             slug_base(story.article.headline) for story in stories]
    others = Article.objects.exclude(pk__in=[story.article.pk for story in stories if story.article.pk])
    for story, slug in zip(stories, unique_slugs(others, bases)):
        story.article.slug = slug


def create_imported(stories, *, user):
    """Write a batch of new stories inside the caller's transaction; returns their rows."""
    if not stories:
        return []
    now = timezone.now()
    for story in stories:
        apply_fields(story)
    assign_unique_slugs(stories)
    for story in stories:
        article = story.article
        article.prepare_for_save()
        article.version = article.imported_version = 1
        article.created_at = article.created_at or now
        article.modified_at = now
        article.created_by = article.modified_by = user
        give_state(story, now)
    articles = insert_rows(Article, [story.article for story in stories])
    # PostgreSQL analyses the search texts on another connection while this one writes the rest.
    with search_documents_written_last(search_documents(stories)):
        insert_rows(TaggedArticle, (
            TaggedArticle(content_object_id=story.article.pk, tag_id=tag.pk, tagged_at=now)
            for story in stories for tag in story.tags
        ), ids=False)
        for story in stories:
            for credit in story.credits:
                credit.article_id = story.article.pk
        insert_rows(ArticleAuthor, (credit for story in stories for credit in story.credits), ids=False)
        Article.body_images.through.objects.bulk_create(
            Article.body_images.through(article_id=article.pk, image_id=image_id)
            for article in articles for image_id in body_image_ids(article.body)
        )
        record_many([(story.article, story.snapshot, story.note) for story in stories], user=user, action="import")
        stories_changed(articles, indexed=True, links={
            story.article.pk: ([tag.pk for tag in story.tags], [credit.author_id for credit in story.credits])
            for story in stories
        })
    return articles


def search_documents(stories):
    """The batch's search documents, built from the stories in memory (no re-read), public tags only:
    one query now, the texts as the returned generator is read."""
    internal = set(TagProfile.objects.filter(
        internal=True, tag_id__in={tag.pk for story in stories for tag in story.tags}
    ).values_list("tag_id", flat=True))
    return (search_document(story.article, tags=[tag.name for tag in story.tags if tag.pk not in internal],
                            authors=[credit.author.name for credit in story.credits]) for story in stories)


def rekey_imported(*, article, source, source_id, user):
    """Move an earlier import to the dedupe key its source has now (see ``articles.importers.scopes``).

    Import bookkeeping only: nothing readers read changes, the story's version stays.
    """
    state = StoryState.of(article)
    old = f"{article.source} {article.source_id}"
    Article.objects.filter(pk=article.pk).update(source=source, source_id=source_id)
    article.refresh_from_db(fields=["source", "source_id"])
    record(article, user=user, action="import", from_status=article.status,
           note=f"Import key scoped to its site: {old} is now {source} {source_id}")
    story_changed(article, before=state, after=state, content=False)
    return article


def update_imported(story, *, user):
    """Rewrite an earlier import from a newer version of its source; returns the fresh row."""
    article = story.article
    before = StoryState.of(article)
    apply_fields(story)
    if story.wanted_slug and not article.first_published_at:
        article.slug = ""
        assign_unique_slugs([story])
    article.modified_by = user
    article.save()
    sync_body_images(article)
    article.tags.set(story.tags, clear=False)
    article.credits.all().delete()
    for credit in story.credits:
        credit.article_id = article.pk
    ArticleAuthor.objects.bulk_create(story.credits)
    record(article, user=user, action="import", from_status=before.status, note=story.note)
    record_revision(article=article, user=user, transition="import", note=story.note, snapshot=story.snapshot())
    story_changed(article, before=before, after=StoryState.of(article))
    if story.publish and not article.is_live:
        article = perform("publish" if not (story.publish_at and story.publish_at > timezone.now()) else "schedule",
                          article=article, user=user, at=story.publish_at).article
    elif story.state in IMPORTABLE_STATES and story.state != article.status:
        article = restore_imported_state(article=article, status=story.state, publish_at=story.publish_at,
                                         first_published_at=story.first_published_at, note=story.state_note).article
    if article.imported_version != article.version:
        Article.objects.filter(pk=article.pk).update(imported_version=article.version)
        article.imported_version = article.version
    return article
