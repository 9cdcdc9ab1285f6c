"""Admin template pieces around the story: the bell's count, and the change form's checklist, share-link
and presence blocks (each one ``{% tag original %}`` line in ``_editorial_panel.html``)."""

from django import template

from articles import editorial
from articles.editorial import checklist
from articles.models import Notification
from articles.people import sharing, wording
from articles.people.presence import HEARTBEAT_SECONDS
from articles.people.timezones import local_moment, zone_label

register = template.Library()


@register.filter
def admin_time(value):
    """``{{ when|admin_time }}`` → "1 Dec 2026, 19:47 ICT", the admin's one date-time format."""
    return local_moment(value)


@register.simple_tag
def step_consequence(name):
    """What readers will see after Kill or Unpublish (empty for other steps)."""
    return wording.CONFIRMED_STEPS.get(name, ("", ""))[1]


@register.simple_tag
def current_zone_label():
    return zone_label()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=request.user).unread().count()


@register.inclusion_tag("admin/newsroom/_checklist_panel.html", takes_context=True)
def story_checklist(context, article):
    user = context["request"].user
    results = checklist.checklist_results(article)
    failing = [name for name, _, message in results if message]
    overridden = checklist.overridden_rules(article)
    return {
        "article": article, "results": results, "overridden": overridden,
        "to_fix": len([name for name in failing if name not in overridden]),  # shown on the folded heading
        "csrf_token": context.get("csrf_token"),
        "can_override": checklist.may_override(user) and any(name not in overridden for name in failing),
        "override": article.checklist_overrides.filter(version=article.version).select_related("user").first(),
    }


@register.inclusion_tag("admin/newsroom/_share_links.html", takes_context=True)
def story_share_links(context, article):
    user = context["request"].user
    return {
        "article": article, "csrf_token": context.get("csrf_token"), "request": context["request"],
        "can_share": sharing.can_share(user, article), "may_share": sharing.may_share(user),
        "links": article.share_links.select_related("created_by", "revoked_by")[:20]
        if sharing.may_share(user) else [],
    }


@register.inclusion_tag("admin/newsroom/_presence.html", takes_context=True)
def story_presence(context, article):
    user = context["request"].user
    return {"article": article, "heartbeat_ms": HEARTBEAT_SECONDS * 1000,
            "can_edit": editorial.can_edit(user, article)}
