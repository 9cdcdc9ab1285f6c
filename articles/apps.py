from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import reader_signals  # noqa: F401  (connects the reader site's signal handlers)
        from articles.tagging import signals as _tag_signals  # noqa: F401  (tag profiles, old tag addresses)
