"""Template helpers for the newsroom's admin screens (never used by reader pages)."""

from django import template
from django.utils import timezone

from articles.admin import dashboard

register = template.Library()


@register.inclusion_tag("admin/articles/dashboard.html", takes_context=True)
def newsroom_dashboard(context):
    return {"dashboard": dashboard.panels(context["request"]), "request": context["request"], "now": timezone.now()}
