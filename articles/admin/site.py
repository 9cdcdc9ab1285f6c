"""Admin for the reader site's editable texts and old story addresses."""

from django.contrib import admin

from articles.models import ArticleRedirect, SiteNotice


@admin.register(SiteNotice)
class SiteNoticeAdmin(admin.ModelAdmin):
    list_display = ["kind", "heading"]
    fields = ["kind", "heading", "text"]


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "article", "created_at"]
    search_fields = ["old_path", "old_slug", "article__headline"]
    raw_id_fields = ["article"]
    readonly_fields = ["created_at"]
