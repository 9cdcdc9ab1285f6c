"""Old addresses of live stories, so links to a changed slug or date keep working."""

from django.db import models


class ArticleRedirect(models.Model):
    """A path a live story was once published at. Recorded on save; readers get a 301."""

    old_path = models.CharField(max_length=300, unique=True, help_text="The story's earlier address, e.g. /2024/05/23/old-slug/.")
    old_slug = models.SlugField(max_length=200, db_index=True)
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="old_addresses")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "old story address"
        verbose_name_plural = "old story addresses"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.old_path} → {self.article_id}"
