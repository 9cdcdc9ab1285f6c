"""The newsroom's own admin pages around the story: notifications, my profile, the checklist override,
share-link revocation, presence, the planning calendar and its iCal feed.

Every page is wrapped in the admin's login (``articles.people.urls``) except the iCal feed, whose
signed address is its only permission. Stories the user may not see answer 404.
"""

import zoneinfo

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from articles.admin.views import back
from articles import editorial
from articles.editorial import checklist
from articles.models import Article, Notification, PersonPreferences, Section, ShareLink
from articles.people import calendar, presence, profiles, sharing, wording
from articles.people.timezones import local_moment
from articles.roles import newsroom_staff, person_label

NOTIFICATION_PAGE = 50


def context(request, **extra):
    return {**admin.site.each_context(request), **extra}


def visible_story(request, pk):
    article = Article.objects.filter(pk=pk).first()
    if article is None or not editorial.can_view(request.user, article):
        raise Http404("No such story.")
    return article


# Notifications ----------------------------------------------------------------------------------


def notifications(request):
    mine = Notification.objects.filter(recipient=request.user).select_related("article", "actor")
    if request.method == "POST":
        mine.mark_read()
        messages.success(request, "All notifications marked as read.")
        return redirect("newsroom:notifications")
    shown = [n for n in mine[:NOTIFICATION_PAGE] if editorial.can_view(request.user, n.article)]
    return TemplateResponse(request, "admin/newsroom/notifications.html", context(
        request, title="Notifications", notifications=shown, unread=mine.unread().count(),
    ))


def open_notification(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    visible_story(request, notification.article_id)
    return back(notification.article)


# My profile and preferences ----------------------------------------------------------------------


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = PersonPreferences
        fields = ["time_zone", "notify_by"]
        labels = {"time_zone": "My time zone", "notify_by": "Tell me about my stories"}
        widgets = {"time_zone": forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off",
                                                        "placeholder": "e.g. Europe/London"})}


def my_profile(request):
    prefs = PersonPreferences.objects.filter(user=request.user).first() or PersonPreferences(user=request.user)
    form = PreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your preferences are saved.")
        return redirect("newsroom:profile")
    author = profiles.profile_for(request.user) if request.user.has_perm("articles.change_author") else None
    return TemplateResponse(request, "admin/newsroom/profile.html", context(
        request, title="My profile", form=form, author=author, newsroom_zone=settings.TIME_ZONE,
        now_label=local_moment(timezone.now()), zones=sorted(zoneinfo.available_timezones()),
        ical_url=request.build_absolute_uri(reverse("newsroom_ical", args=[calendar.ical_token(request.user)])),
    ))


# Checklist and share links -------------------------------------------------------------------------


@require_POST
def override_checklist(request, pk):
    article = visible_story(request, pk)
    try:
        override = checklist.override_checklist(article=article, user=request.user, reason=request.POST.get("reason"))
    except ValueError as exc:
        messages.error(request, str(exc))
        return back(article)
    if override is None:
        messages.info(request, "The story passes the checklist; there is nothing to override.")
    else:
        messages.warning(request, "Checklist overridden for this version; your reason is in the audit log.")
    return back(article)


@require_POST
def revoke_share_link(request, pk, link_id):
    article = visible_story(request, pk)
    link = get_object_or_404(ShareLink, pk=link_id, article=article)
    sharing.revoke_share_link(link=link, user=request.user)
    messages.success(request, "Preview link revoked: whoever opens it now sees “no longer available”.")
    return back(article)


# Presence ---------------------------------------------------------------------------------------------


@require_POST
def presence_beat(request, pk):
    article = visible_story(request, pk)
    return JsonResponse(presence.beat(article=article, user=request.user,
                                      may_edit=editorial.can_edit(request.user, article)))


@require_POST
def presence_leave(request, pk):
    article = visible_story(request, pk)
    return JsonResponse({"released": presence.leave(article=article, user=request.user)})


# The planning calendar ----------------------------------------------------------------------------------


def calendar_page(request):
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    view = "month" if request.GET.get("view") == "month" else "week"
    day = calendar.parse_day(request.GET.get("date"))
    section, assignee = request.GET.get("section", ""), request.GET.get("assignee", "")
    stories = calendar.filtered(editorial.visible_stories(request.user, Article.objects.all()),
                                section=section if section.isdigit() else None,
                                assignee=assignee if assignee.isdigit() else None)
    start, end = calendar.period(view, day)
    return TemplateResponse(request, "admin/newsroom/calendar.html", context(
        request, title="Planning calendar", view=view, day=day, start=start, end=end - timezone.timedelta(days=1),
        grid=calendar.grid(view, day, calendar.entries(stories, start, end)),
        previous=calendar.neighbour(view, day, -1), next=calendar.neighbour(view, day, +1),
        sections=Section.objects.all(), people=[(p.pk, person_label(p)) for p in newsroom_staff().order_by("username")],
        section=section, assignee=assignee, zone=timezone.get_current_timezone_name(),
        may_reschedule=request.user.has_perm("articles.publish_article"),
    ))


@require_POST
def reschedule(request):
    """Move a scheduled story to the slot it was dropped on (``at``, local time), through the workflow."""
    article = visible_story(request, request.POST.get("story") if str(request.POST.get("story")).isdigit() else 0)
    at = calendar.parse_slot(request.POST.get("at"))
    if at is None:
        return JsonResponse({"error": "That slot is not a time."}, status=400)
    try:
        result = editorial.schedule_article(article=article, user=request.user, at=at, note="Moved on the calendar")
    except editorial.TransitionNotAllowed:
        return JsonResponse({"error": "Only Publishers move scheduled stories."}, status=403)
    except editorial.InvalidTransition as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"message": wording.outcome_message("schedule", result),
                         "at": timezone.localtime(result.publish_at).isoformat()})


def ical(request, token):
    """One person's deadlines as an iCal feed; the signed address is the permission."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=calendar.ical_user_id(token), is_active=True).first()
    if user is None:
        raise Http404("No such calendar.")
    stories = calendar.own_deadlines(editorial.visible_stories(user, Article.objects.all()), user)
    response = HttpResponse(calendar.ical_feed(stories, site_url=settings.SITE_URL),
                            content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
