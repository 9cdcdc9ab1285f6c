"""The story admin's own pages and endpoints. Every one checks the user's rights on the server.

A story the user may not see answers 404 (its existence is not revealed); a step they may
not take answers 403 and changes nothing.
"""

from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from taggit.models import Tag

from articles import workflow
from articles.admin.body import editor_figure
from articles.admin.diff import compare_snapshots
from articles.admin.forms import CommentForm, CorrectionForm, TransitionForm
from articles.models import Article, EditLock, Image, Revision, Status
from articles.models.editorial import overlay_snapshot, write_snapshot_relations
from articles.roles import newsroom_staff, person_label
from articles.templatetags.images import image_url

SHARE_SALT = "articles.admin.share"
SHARE_HOURS = 48
MAX_ID = 2**63 - 1  # the largest id any database here stores; larger numbers name nothing


def model_admin():
    return admin.site._registry[Article]


def story_for(request, pk):
    """The story if this user may see it; 404 otherwise, so nothing is revealed."""
    article = model_admin().get_queryset(request).filter(pk=pk).first()
    if article is None or not workflow.can_view(request.user, article):
        raise Http404("No such story.")
    return article


def back(article):
    return redirect("admin:articles_article_change", article.pk)


@require_POST
def transition(request, pk, name):
    if name not in workflow.TRANSITIONS:
        raise Http404("No such step.")
    article = story_for(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return back(article)
    data = form.cleaned_data
    try:
        # Only scheduling takes a time: "Publish now" means now, however the form was tampered with.
        at = data["at"] if name == "schedule" else None
        result = workflow.perform(name, article=article, user=request.user, note=data["note"], at=at,
                                  significant=data["significant"])
    except workflow.InvalidTransition as exc:
        messages.error(request, str(exc))
        return back(article)
    label = workflow.TRANSITIONS[name].label
    if result.transition_happened:
        messages.success(request, f"{label}: done. The story is now {result.get_status_display().lower()}.")
    else:
        messages.info(request, f"{label} had already been done; nothing changed.")
    return back(article)


def require_revisions(request, pk):
    if not request.user.has_perm("articles.view_revision"):
        raise PermissionDenied
    return story_for(request, pk)


def revisions(request, pk):
    article = require_revisions(request, pk)
    return TemplateResponse(request, "admin/articles/article/revisions.html", {
        **model_admin().admin_site.each_context(request), "opts": Article._meta, "original": article,
        "title": f"Revisions of “{article.headline}”",
        "revisions": article.revisions.select_related("user"),
        "can_restore": workflow.can_edit(request.user, article),
    })


def compare(request, pk):
    article = require_revisions(request, pk)
    try:
        ids = [int(request.GET["a"]), int(request.GET["b"])]
    except (KeyError, ValueError):
        ids = []
    if len(ids) != 2 or not all(0 < i <= MAX_ID for i in ids):
        messages.error(request, "Choose two revisions to compare.")
        return redirect("admin:articles_article_revisions", pk)
    found = {r.pk: r for r in article.revisions.filter(pk__in=ids).select_related("user")}
    if len(found) != len(set(ids)):
        raise Http404("No such revision.")
    older, newer = sorted((found[i] for i in ids), key=lambda r: (r.created_at, r.pk))
    return TemplateResponse(request, "admin/articles/article/compare.html", {
        **model_admin().admin_site.each_context(request), "opts": Article._meta, "original": article,
        "title": f"Compare versions {older.version} and {newer.version}",
        "older": older, "newer": newer, "rows": compare_snapshots(older.snapshot, newer.snapshot),
        "can_restore": workflow.can_edit(request.user, article),
    })


@require_POST
def restore(request, pk, revision_id):
    article = require_revisions(request, pk)
    if not workflow.can_edit(request.user, article):
        raise PermissionDenied
    revision = get_object_or_404(Revision, pk=revision_id, article=article)
    workflow.restore_revision(revision=revision, user=request.user)
    messages.success(request, f"Version {revision.version} restored as a new version.")
    return back(article)


def no_store(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def render_preview(request, article, banner="Preview — not published"):
    """The story exactly as readers will see it, with the same view and templates, written nowhere.

    The working copy (a pending edit laid over the live story) is written inside a
    transaction that is always rolled back, so related lookups see it as readers will;
    the reader signals are silenced meanwhile, so the public page cache and the search
    index never notice a preview.
    """
    from articles.reader_signals import silenced
    from articles.views import ArticleDetailView

    with silenced(), transaction.atomic():
        pending = workflow.pending_revision(article) if article.status == Status.PUBLISHED else None
        if pending is not None:
            overlay_snapshot(article, pending.snapshot, keep_slug=True)
            article.save()
            write_snapshot_relations(article, pending.snapshot)
        story = Article.objects.with_related().get(pk=article.pk)
        view = ArticleDetailView()
        day = story.url_date
        view.setup(request, year=day.year, month=day.month, day=day.day, slug=story.slug)
        view.object = story
        response = view.render_to_response(view.get_context_data(object=story, preview_banner=banner))
        response.render()
        transaction.set_rollback(True)
    return no_store(response)


def preview(request, pk):
    article = story_for(request, pk)
    if not workflow.can_edit(request.user, article):
        raise PermissionDenied
    return render_preview(request, article)


@require_POST
def share(request, pk):
    article = story_for(request, pk)
    if not request.user.has_perm("articles.publish_article"):
        raise PermissionDenied
    try:
        hours = max(1, min(int(request.POST.get("hours") or SHARE_HOURS), 24 * 14))
    except ValueError:
        hours = SHARE_HOURS
    expires = timezone.now() + timezone.timedelta(hours=hours)
    token = signing.dumps({"pk": article.pk, "exp": int(expires.timestamp())}, salt=SHARE_SALT)
    url = request.build_absolute_uri(reverse("admin:articles_article_shared", args=[token]))
    workflow.record(article, user=request.user, action="share", from_status=article.status,
                    note=f"Preview link valid until {timezone.localtime(expires):%d %b %Y %H:%M %Z}")
    messages.success(request, f"Preview link (valid {hours} hours, anyone with it can read the story): {url}")
    return back(article)


def shared_preview(request, token):
    """A preview for someone outside the newsroom; the signed, expiring token is the only permission."""
    try:
        data = signing.loads(token, salt=SHARE_SALT)
    except signing.BadSignature:
        raise Http404("This preview link is not valid.")
    if data.get("exp", 0) < timezone.now().timestamp():
        raise Http404("This preview link has expired.")
    article = Article.objects.exclude(status=Status.KILLED).filter(pk=data.get("pk")).first()
    if article is None:
        raise Http404("This preview link is not valid.")
    expires = timezone.localtime(timezone.datetime.fromtimestamp(data["exp"], tz=timezone.get_default_timezone()))
    return render_preview(request, article, banner=f"Shared draft — expires {expires:%-d %b %Y, %H:%M}")


def acquire_lock(article, user):
    """Take the soft lock when it is free, lapsed or ours; return whatever lock holds now."""
    now = timezone.now()
    with transaction.atomic():
        lock = EditLock.objects.select_for_update().filter(article_id=article.pk).select_related("user").first()
        if lock is None:
            lock, _ = EditLock.objects.get_or_create(article_id=article.pk, defaults={"user": user})
        elif lock.user_id == user.pk or not lock.is_active:
            if lock.user_id != user.pk:
                lock.acquired_at = now
            lock.user, lock.heartbeat_at = user, now
            lock.save()
    return lock


def heartbeat(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = story_for(request, pk)
    if not workflow.can_edit(request.user, article):
        raise PermissionDenied
    lock = acquire_lock(article, request.user)
    holder = lock.user.get_full_name() or lock.user.get_username()
    return JsonResponse({"mine": lock.user_id == request.user.pk, "holder": holder,
                         "since": lock.acquired_at.isoformat()})


@require_POST
def takeover(request, pk):
    article = story_for(request, pk)
    if not workflow.can_edit(request.user, article):
        raise PermissionDenied
    workflow.take_over_lock(article=article, user=request.user)
    messages.success(request, "You are now editing this story; the takeover is in the audit log.")
    return back(article)


@require_POST
def comment(request, pk):
    article = story_for(request, pk)
    if not request.user.has_perm("articles.add_editorialcomment"):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        article.editorial_comments.create(user=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Comment added.")
    else:
        messages.error(request, "A comment needs some text.")
    return back(article)


@require_POST
def correction(request, pk):
    article = story_for(request, pk)
    if not request.user.has_perm("articles.publish_article"):
        raise PermissionDenied
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A correction needs a kind and a text.")
        return back(article)
    try:
        workflow.add_correction(article=article, user=request.user, **form.cleaned_data)
    except workflow.InvalidTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Correction appended; readers see it at the foot of the story.")
    return back(article)


def image_picker(request):
    """Library pictures matching ``q`` (the newest first) for the body editor's "Insert image".

    Each comes with the markup the editor inserts; saved, it becomes ``<figure data-image-id>``.
    """
    if not (model_admin().has_view_permission(request) and request.user.has_perm("articles.view_image")):
        raise PermissionDenied
    term = request.GET.get("q", "").strip()[:100]
    images, distinct = admin.site._registry[Image].get_search_results(request, Image.objects.all(), term)
    images = (images.distinct() if distinct else images).exclude(file="").prefetch_related("renditions")
    return JsonResponse({"images": [
        {"id": image.pk, "label": str(image), "alt": image.alt_text, "html": editor_figure(image),
         "thumbnail": image_url(image, "1x1", 320, "webp")}
        for image in images.order_by("-pk")[:12]
    ]})


def assignee_lookup(request):
    """Newsroom people matching every word of ``term``, for the assignee field (select2's format)."""
    if not model_admin().has_view_permission(request):
        raise PermissionDenied
    people = newsroom_staff()
    for word in request.GET.get("term", "").split()[:5]:
        word = word[:50]
        people = people.filter(
            Q(username__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
        )
    people = people.order_by("first_name", "last_name", "username")[:20]
    return JsonResponse({"results": [{"id": str(p.pk), "text": person_label(p)} for p in people],
                         "pagination": {"more": False}})


def tag_suggestions(request):
    if not model_admin().has_view_permission(request):
        raise PermissionDenied
    term = request.GET.get("q", "").strip()[:100]
    tags = Tag.objects.filter(name__icontains=term).order_by("name")[:15] if term else []
    return JsonResponse({"tags": [tag.name for tag in tags]})
