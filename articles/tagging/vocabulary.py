"""Names to tags: the canonical tag for a typed or imported name (by name or alias, ignoring case,
accents and punctuation), the near-duplicate rule, renames that keep old addresses, public tags.

Every tag gets a ``TagProfile`` holding its normalised name (``articles.tagging.signals`` makes it
when a tag is saved), so finding a tag by any spelling is one indexed query.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.http import Http404
from taggit.models import Tag

from articles import slugs
from articles.models import TagAlias, TagProfile, TagRedirect, normalise_tag_name

MAX_NAME = 100


def clean_name(name):
    return " ".join(str(name).split())[:MAX_NAME]


def public_tags():
    """Tags readers may see: every tag not marked internal."""
    return Tag.objects.exclude(profile__internal=True)


def ensure_profile(tag):
    """The tag's profile, created (with its normalised key) if the tag has none yet."""
    profile, _ = TagProfile.objects.get_or_create(tag=tag, defaults={"key": normalise_tag_name(tag.name)[:MAX_NAME]})
    return profile


def tags_by_key(names):
    """``{key: tag}`` for the tags whose name, or one of whose aliases, normalises like one of ``names``.

    A tag's own name wins over another tag's alias (the near-duplicate rule keeps that from happening).
    """
    keys = {normalise_tag_name(name)[:MAX_NAME] for name in names} - {""}
    if not keys:
        return {}
    found = {alias.key: alias.tag for alias in TagAlias.objects.filter(key__in=keys).select_related("tag")}
    for profile in TagProfile.objects.filter(key__in=keys).select_related("tag").order_by("-tag_id"):
        found[profile.key] = profile.tag  # the oldest tag last, so it wins among legacy duplicates
    missing = {clean_name(name).lower() for name in names if normalise_tag_name(name)[:MAX_NAME] not in found}
    if missing:  # tags written without a profile (raw SQL, fixtures): found by their exact name
        for tag in Tag.objects.annotate(lower_name=Lower("name")).filter(lower_name__in=missing):
            found.setdefault(normalise_tag_name(tag.name)[:MAX_NAME], tag)
    return found


def find_tag(name):
    """The canonical tag for ``name`` (its own name or an alias, in any case, accents or punctuation), or None."""
    return tags_by_key([name]).get(normalise_tag_name(name)[:MAX_NAME])


def near_duplicate_of(name, *, exclude_tag=None, exclude_alias=None):
    """The existing tag ``name`` would duplicate (same normalised name as a tag or an alias), or None."""
    key = normalise_tag_name(name)[:MAX_NAME]
    if not key:
        return None
    profiles = TagProfile.objects.filter(key=key).select_related("tag")
    aliases = TagAlias.objects.filter(key=key).select_related("tag")
    if exclude_tag is not None:
        profiles = profiles.exclude(tag=exclude_tag)
    if exclude_alias is not None:
        aliases = aliases.exclude(pk=exclude_alias)
    match = profiles.first() or aliases.first()
    return match.tag if match is not None else None


def check_new_name(name, *, tag=None):
    """Raise ``ValidationError`` unless ``name`` may be the name of ``tag`` (or of a new tag)."""
    name = clean_name(name)
    if not normalise_tag_name(name):
        raise ValidationError("A tag needs at least one letter or digit.")
    existing = near_duplicate_of(name, exclude_tag=tag)
    if existing is not None and existing != tag:
        raise ValidationError(
            f"“{name}” is too close to the existing tag “{existing.name}” (/tag/{existing.slug}/): use that tag, "
            "or merge the two on the tag desk."
        )
    return name


def unique_slug(tag, name):
    return slugs.unique_slug(Tag.objects.exclude(pk=tag.pk), tag.slugify(name)[:90] or "tag")


def rename_tag(tag, *, name):
    """Give ``tag`` a new name and the matching address; the old address keeps answering (301).

    Refuses (``ValidationError``) a name that duplicates another tag or alias.
    """
    name = check_new_name(name, tag=tag)
    with transaction.atomic():
        tag.name = name
        tag.slug = unique_slug(tag, name)
        tag.save()  # articles.tagging.signals records the old slug
    return tag


def resolve_names(names, *, create=True):
    """``{name: tag}`` for each of ``names`` (canonical tags through aliases); unknown names get a new
    tag when ``create`` (the first spelling of it names it), else map to None. Names without a letter
    or digit map to None."""
    names = [clean_name(name) for name in names]
    found = tags_by_key(names)
    keys = {name: normalise_tag_name(name)[:MAX_NAME] for name in names}
    if create:
        new = {}
        for name, key in keys.items():
            if key and key not in found:
                new.setdefault(key, name)
        found.update(zip(new, create_tags(list(new.values()))))
    return {name: found.get(key) if key else None for name, key in keys.items()}


def create_tags(names):
    """New tags named ``names`` (none of which normalises like an existing tag or alias) in three
    statements: the tags with unused slugs, their profiles, and the old addresses they take back.
    What ``articles.tagging.signals`` does for one ``tag.save()``, done for a batch."""
    if not names:
        return []
    bases = [Tag().slugify(name)[:90] or "tag" for name in names]
    tags = Tag.objects.bulk_create(
        Tag(name=name, slug=slug) for name, slug in zip(names, slugs.unique_slugs(Tag.objects.all(), bases))
    )
    TagProfile.objects.bulk_create(TagProfile(tag=tag, key=normalise_tag_name(tag.name)[:MAX_NAME]) for tag in tags)
    TagRedirect.objects.filter(old_slug__in=[tag.slug for tag in tags]).delete()
    return tags


class TagLookup(dict):
    """Tags keyed by their name folded to lower case and single spaces (what the import save path asks)."""

    @staticmethod
    def fold(name):
        return " ".join(str(name).split()).lower()

    def get(self, name, default=None):
        return super().get(self.fold(name), default)

    def __contains__(self, name):
        return super().__contains__(self.fold(name))


def resolve_import_tags(records):
    """Point every record's keywords at canonical tags (aliases resolved, unknown ones created) and
    return the lookup by canonical name. Rewrites ``record.tags`` to canonical names, without repeats."""
    first_seen = dict.fromkeys(clean_name(name) for record in records for name in record.tags)
    resolved = resolve_names(list(first_seen))  # in order: the first spelling of a new tag names it
    lookup = TagLookup()
    for record in records:
        canonical = []
        for name in record.tags:
            tag = resolved.get(clean_name(name))
            if tag is not None and tag.name not in canonical:
                canonical.append(tag.name)
                lookup[TagLookup.fold(tag.name)] = tag
        record.tags = canonical
    return lookup


def screen_import_tags(records, *, allow_new):
    """The keywords of ``records`` that match no tag or alias (each spelling once, in order). Unless
    ``allow_new``, they are taken off the records so that no tag is created for them."""
    known = tags_by_key({clean_name(name) for record in records for name in record.tags})
    unknown = {}
    for record in records:
        kept = []
        for name in record.tags:
            key = normalise_tag_name(name)[:MAX_NAME]
            if key and key not in known:
                unknown.setdefault(key, clean_name(name))
                if not allow_new:
                    continue
            kept.append(name)
        record.tags = kept
    return list(unknown.values())


def tag_page_subject(slug, *, read=None):
    """``(tag, moved)`` for a reader address ``/tag/<slug>/``: the public tag there, or (``moved``) the
    tag an old slug now belongs to after a rename or merge. Internal or unknown tags: ``Http404``.
    ``read(slug)`` finds the tag at a slug, or None (by default, a plain query)."""
    tag = read(slug) if read is not None else Tag.objects.filter(slug=slug).first()
    moved = False
    if tag is None:
        redirect = TagRedirect.objects.filter(old_slug=slug).select_related("tag__profile").first()
        if redirect is None:
            raise Http404("No such tag")
        tag, moved = redirect.tag, True
    if is_internal(tag):
        raise Http404("No such tag")
    return tag, moved


def is_internal(tag):
    """Whether ``tag`` is internal, using its profile when already loaded (``select_related("profile")``)."""
    profile = tag_profile(tag)
    return profile is not None and profile.internal


def tag_profile(tag):
    """The tag's profile, or None (using the one already loaded by ``select_related("profile")``)."""
    try:
        return tag.profile
    except TagProfile.DoesNotExist:
        return None


def parse_tag_string(text):
    """django-taggit's parser for the story form's tag field (``TAGGIT_TAGS_FROM_STRING``): the names
    typed, each replaced by its canonical tag's name when it is an alias or a near-duplicate spelling,
    so the editor never creates "Samdech Hun Sen" beside "Hun Sen". Unknown names stay as typed."""
    from taggit.utils import _parse_tags

    names = _parse_tags(text)
    resolved = resolve_names(names, create=False)
    canonical = dict.fromkeys(tag.name if (tag := resolved.get(clean_name(name))) else name for name in names)
    return sorted(canonical, key=str.lower)
