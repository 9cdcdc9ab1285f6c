"""The safety net for tags however they are saved (tag desk, ``tag.save()`` in code, an import):
every tag has a profile holding its normalised name, and a changed slug leaves its old address
answering 301 (a rename is not a story write, so a signal is enough here). Editing a tag's
profile (description, picture, internal flag) changes reader pages, so the content stamp moves."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag

from articles.reader.parts import things_changed
from articles.models import TaggedArticle, TagProfile, TagRedirect, normalise_tag_name
from articles.search import update_search_documents


@receiver(pre_save, sender=Tag)
def remember_old_slug(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old_slug = Tag.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old_slug and old_slug != instance.slug:
        TagRedirect.objects.update_or_create(old_slug=old_slug, defaults={"tag_id": instance.pk})


@receiver(post_save, sender=Tag)
def keep_profile_and_addresses(sender, instance, raw=False, **kwargs):
    if raw:
        return
    TagRedirect.objects.filter(old_slug=instance.slug).delete()  # the address belongs to a real tag again
    key = normalise_tag_name(instance.name)[:100]
    if not TagProfile.objects.filter(tag=instance).update(key=key):
        TagProfile.objects.create(tag=instance, key=key)


@receiver([post_save, post_delete], sender=TagProfile)
def profile_changed(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return  # a new tag's profile: the tag shows nowhere yet (and previews create tags they roll back)
    things_changed({f"tag:{instance.tag_id}", f"list:tag:{instance.tag_id}", "tags", "feeds"})


@receiver(pre_save, sender=TagProfile)
def reindex_when_internal_changes(sender, instance, raw=False, **kwargs):
    """Search documents hold only public tags: when a tag turns internal (or public), rebuild its stories'."""
    if raw:
        return
    was_internal = TagProfile.objects.filter(tag_id=instance.tag_id).values_list("internal", flat=True).first()
    if bool(was_internal) != instance.internal:
        story_ids = set(TaggedArticle.objects.filter(tag_id=instance.tag_id).values_list("content_object_id", flat=True))
        transaction.on_commit(lambda: update_search_documents(story_ids), robust=True)
