"""A live story's reader markup, rendered once per version of the story (``articles.reader.parts``)."""

from django.db import models


class StoryParts(models.Model):
    """What a story's page and cards show that does not change between requests: the ``<head>`` tags
    and structured data, the story itself (headline to body), its sharing and topics, its authors'
    cards, and its listing cards.

    Valid while ``version`` is the story's ``Article.version`` and ``fingerprint`` is the current one
    (templates and settings, ``articles.reader.parts.fingerprint``). A change to something the parts
    show besides the story (its section, tags, authors, pictures) deletes them by ``keys``: the same
    surrogate keys the page cache uses (``articles.caching``).
    """

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="parts"
    )
    version = models.PositiveIntegerField()
    fingerprint = models.CharField(max_length=32)
    keys = models.TextField(help_text="Space-separated surrogate keys of all it shows, with a space at each end.")
    card_keys = models.TextField(help_text="Space-separated surrogate keys of what the cards show.")
    public_tag_ids = models.JSONField(default=list)
    head = models.TextField()
    top = models.TextField()
    bottom = models.TextField()
    authors = models.TextField()
    cards = models.JSONField(default=dict)
    related_ids = models.JSONField(default=list, help_text="Related stories' ids, best first, as of related_at.")
    related_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "rendered story parts"
        verbose_name_plural = "rendered story parts"

    def __str__(self):
        return f"Parts of story {self.article_id} (version {self.version})"

    def key_list(self):
        return self.keys.split()

    def card_key_list(self):
        return self.card_keys.split()
