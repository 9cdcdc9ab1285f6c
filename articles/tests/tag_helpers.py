"""Shared set-up for the tag vocabulary tests."""

from taggit.models import Tag

from articles.tagging import ensure_profile


def tag(name, *, internal=False, description="", aliases=()):
    """A tag with its profile (and aliases)."""
    from articles.models import TagAlias

    made = Tag.objects.create(name=name)
    profile = ensure_profile(made)
    if internal or description:
        profile.internal, profile.description = internal, description
        profile.save()
    for alias in aliases:
        TagAlias.objects.create(tag=made, name=alias)
    return made
