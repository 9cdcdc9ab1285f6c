"""Tags to offer an editor while writing: as they type (by name or alias, most used first), and
from a story's text (tags whose name or an alias occurs in it).

Both take ``stories``, the stories the user may see (``articles.editorial.visible_stories``): a tag
used only on stories outside it is never offered, so a suggestion cannot reveal a story the user
may not see. Unused tags are offered (they reveal nothing).
"""

from django.db.models import Count, Q
from taggit.models import Tag

from articles.models import TagAlias, TagProfile, normalise_tag_name
from articles.search import plain_text

USES = "articles_taggedarticle_items"
LONGEST_NAME_IN_WORDS = 5
KEYS_PER_QUERY = 500


def visible_tags(stories):
    """Tags annotated with ``uses`` (by ``stories``) that are used by one of them or by no story at all."""
    return Tag.objects.annotate(
        uses=Count(USES, filter=Q(**{f"{USES}__content_object__in": stories.values("pk")}), distinct=True),
        total=Count(USES, distinct=True),
    ).filter(Q(uses__gt=0) | Q(total=0))


def as_result(tag, matched=""):
    return {"name": tag.name, "slug": tag.slug, "alias": matched, "uses": tag.uses}


def suggest_tags(term, *, stories, limit=15):
    """Tags whose name contains ``term`` or one of whose aliases does (accents and case ignored), most used first."""
    key = normalise_tag_name(term)
    if not key:
        return []
    alias_hits = dict(TagAlias.objects.filter(key__contains=key).values_list("tag_id", "name")[:200])
    by_name = Q(name__icontains=term.strip()) | Q(profile__key__contains=key)
    tags = visible_tags(stories).filter(by_name | Q(pk__in=list(alias_hits))).order_by("-uses", "name")[:limit]
    return [as_result(tag, "" if key in normalise_tag_name(tag.name) else alias_hits.get(tag.pk, "")) for tag in tags]


def phrases(text, longest=LONGEST_NAME_IN_WORDS):
    """Every run of 1 to ``longest`` consecutive normalised words of ``text``."""
    words = normalise_tag_name(text).split()
    return {" ".join(words[i:i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)}


def suggest_from_text(text, *, stories, exclude=(), limit=20):
    """Tags whose name or an alias occurs as whole words in ``text`` (headline and body), most used first."""
    found = phrases(plain_text(text))
    candidates = sorted(found)
    matched, tag_ids = {}, set()
    for start in range(0, len(candidates), KEYS_PER_QUERY):
        chunk = candidates[start:start + KEYS_PER_QUERY]
        tag_ids.update(TagProfile.objects.filter(key__in=chunk).values_list("tag_id", flat=True))
        for tag_id, name in TagAlias.objects.filter(key__in=chunk).values_list("tag_id", "name"):
            tag_ids.add(tag_id)
            matched.setdefault(tag_id, name)
    excluded = {normalise_tag_name(name) for name in exclude}
    tags = visible_tags(stories).filter(pk__in=tag_ids).order_by("-uses", "name")
    return [
        as_result(tag, matched.get(tag.pk, "") if normalise_tag_name(tag.name) not in found else "")
        for tag in tags if normalise_tag_name(tag.name) not in excluded
    ][:limit]
