"""The admin dashboard's ingest lines: stories waiting on the Incoming desk, and sources that keep failing."""

from django import template
from django.urls import reverse

from articles.models import IncomingStory, IngestSource

register = template.Library()


@register.inclusion_tag("admin/articles/ingest_dashboard.html", takes_context=True)
def ingest_dashboard(context):
    user = context["request"].user
    waiting = failing = None
    if user.has_perm("articles.view_incomingstory"):
        waiting = IncomingStory.objects.waiting().count()
    if user.has_perm("articles.view_ingestsource"):
        failing = list(IngestSource.objects.failing())
    return {
        "waiting": waiting, "failing": failing,
        "incoming_url": reverse("admin:articles_incomingstory_changelist"),
        "sources_url": reverse("admin:articles_ingestsource_changelist"),
    }
