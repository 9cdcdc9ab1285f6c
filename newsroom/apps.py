"""taggit under a name editors understand: the admin lists it as "Story tags", not "TAGGIT"."""

from taggit.apps import TaggitAppConfig


class StoryTagsConfig(TaggitAppConfig):
    verbose_name = "Story tags"
