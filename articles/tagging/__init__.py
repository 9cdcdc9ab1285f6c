"""The tag vocabulary: names and aliases to canonical tags, near-duplicates, renames, public tags
and suggestions. Nothing here changes a story; merging (which re-tags stories) is
``articles.editorial.tags.merge_tags``."""

from articles.tagging.vocabulary import (
    TagLookup,
    ensure_profile,
    find_tag,
    near_duplicate_of,
    public_tags,
    rename_tag,
    resolve_import_tags,
    resolve_names,
    screen_import_tags,
    tag_page_subject,
    tag_profile,
)
from articles.tagging.suggestions import suggest_from_text, suggest_tags

__all__ = [
    "TagLookup",
    "ensure_profile",
    "find_tag",
    "near_duplicate_of",
    "public_tags",
    "rename_tag",
    "resolve_import_tags",
    "resolve_names",
    "screen_import_tags",
    "suggest_from_text",
    "suggest_tags",
    "tag_page_subject",
    "tag_profile",
]
