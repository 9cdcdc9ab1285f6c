"""The story admin's own pages and endpoints. Every one checks the user's rights on the server.

A story the user may not see answers 404 (its existence is not revealed); a step they may
not take answers 403 and changes nothing.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles import editorial
from articles.admin.body import editor_figure
from articles.admin.diff import compare_snapshots
from articles.admin.lead_picture import picture_choice
from articles.admin.forms import CommentForm, CorrectionForm, TransitionForm
from articles.editorial.preview import story_from_snapshot
from articles.models import Article, Image, Revision, ShareLink, Status
from articles.notifications import notify_mentions
from articles.people import sharing, wording
from articles.people.timezones import local_moment
from articles.roles import newsroom_staff, person_label
from articles.tagging import suggest_from_text, suggest_tags
from articles.templatetags.images import image_url

MAX_ID = 2**63 - 1  # the largest id any database here stores; larger numbers name nothing


def model_admin(model=Article):
    return admin.site.get_model_admin(model)


def story_for(request, pk):
    """The story if this user may see it; 404 otherwise, so nothing is revealed."""
    article = model_admin().get_queryset(request).filter(pk=pk).first()
    if article is None or not editorial.can_view(request.user, article):
        raise Http404("No such story.")
    return article


def back(article):
    return redirect("admin:articles_article_change", article.pk)


@require_POST
def transition(request, pk, name):
    if name not in editorial.TRANSITIONS:
        raise Http404("No such step.")
    article = story_for(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return back(article)
    data = form.cleaned_data
    step = editorial.TRANSITIONS[name]
    if wording.needs_confirmation(name, request.POST) and step.may(request.user, article):
        return confirm_step(request, article, name, data["note"])
    try:
        # Only scheduling takes a time: "Publish now" means now, however the form was tampered with.
        at = data["at"] if name == "schedule" else None
        result = editorial.perform(name, article=article, user=request.user, note=data["note"], at=at,
                                  significant=data["significant"])
    except editorial.InvalidTransition as exc:
        messages.error(request, str(exc))
        return back(article)
    label = editorial.TRANSITIONS[name].label
    if result.happened:
        messages.success(request, wording.outcome_message(name, result.article))
    else:
        messages.info(request, f"{label} had already been done; nothing changed.")
    return back(article)


def confirm_step(request, article, name, note):
    """Kill and Unpublish are asked twice: this page names the story and what readers will see."""
    title, consequence = wording.CONFIRMED_STEPS[name]
    return TemplateResponse(request, "admin/articles/article/confirm_step.html", {
        **model_admin().admin_site.each_context(request), "opts": Article._meta, "original": article,
        "title": title, "consequence": consequence, "step": editorial.TRANSITIONS[name], "note": note,
    })


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
        "can_restore": editorial.can_edit(request.user, article),
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
        "can_restore": editorial.can_edit(request.user, article),
    })


@require_POST
def restore(request, pk, revision_id):
    article = require_revisions(request, pk)
    if not editorial.can_edit(request.user, article):
        raise PermissionDenied
    revision = get_object_or_404(Revision, pk=revision_id, article=article)
    editorial.restore_revision(revision=revision, user=request.user)
    messages.success(request, f"Version {revision.version} restored as a new version.")
    return back(article)


def no_store(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def render_preview(request, article, banner="Preview — not published"):
    """The story's working copy exactly as readers will see it, with the same view and templates.

    The copy is built in memory (:func:`articles.editorial.preview.story_from_snapshot`):
    nothing is written, no row is locked, and the public page cache and search index
    never notice a preview.
    """
    from articles.views import ArticleDetailView

    story = story_from_snapshot(article, editorial.working_snapshot(article))
    view = ArticleDetailView()
    day = story.url_date
    view.setup(request, year=day.year, month=day.month, day=day.day, slug=story.slug)
    view.object = story
    response = view.render_to_response(view.get_context_data(object=story, preview_banner=banner))
    response.render()
    return no_store(response)


def preview(request, pk):
    article = story_for(request, pk)
    if not editorial.can_edit(request.user, article):
        raise PermissionDenied
    return render_preview(request, article)


@require_POST
def share(request, pk):
    article = story_for(request, pk)
    if not sharing.may_share(request.user):
        raise PermissionDenied
    if not sharing.can_share(request.user, article):
        messages.error(request, "A killed story cannot be shared; no link was made.")
        return back(article)
    hours = sharing.link_hours(request.POST.get("hours"))
    link = sharing.create_share_link(article=article, user=request.user, hours=hours)
    url = settings.SITE_URL + reverse("admin:articles_article_shared", args=[link.token])
    messages.success(request, f"Preview link (valid {hours} hours, until "
                              f"{local_moment(link.expires_at)}; anyone with it can read the "
                              f"story; revoke it below): {url}")
    return back(article)


def shared_preview(request, token):
    """A preview for someone outside the newsroom: the stored, expiring, revocable link is the only permission."""
    link = ShareLink.objects.filter(token=token[:64]).select_related("article").first()
    if link is None:
        raise Http404("This preview link is not valid.")
    if not link.is_usable or link.article.status == Status.KILLED:
        response = TemplateResponse(request, "articles/link_gone.html", status=410, using="jinja2")
        return no_store(response)
    return render_preview(request, Article.objects.get(pk=link.article_id),
                          banner=f"Shared draft — expires {local_moment(link.expires_at)}")


def heartbeat(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = story_for(request, pk)
    if not editorial.can_edit(request.user, article):
        raise PermissionDenied
    lock = editorial.acquire_lock(article, request.user)
    holder = lock.user.get_full_name() or lock.user.get_username()
    return JsonResponse({"mine": lock.user_id == request.user.pk, "holder": holder,
                         "since": lock.acquired_at.isoformat()})


@require_POST
def takeover(request, pk):
    article = story_for(request, pk)
    if not editorial.can_edit(request.user, article):
        raise PermissionDenied
    editorial.take_over_lock(article=article, user=request.user)
    messages.success(request, "You are now editing this story; the takeover is in the audit log.")
    return back(article)


@require_POST
def comment(request, pk):
    article = story_for(request, pk)
    if not request.user.has_perm("articles.add_editorialcomment"):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = article.editorial_comments.create(user=request.user, text=form.cleaned_data["text"])
        told = notify_mentions(comment, may_see=editorial.can_view)
        messages.success(request, "Comment added." + (f" Told: {', '.join(n.recipient.get_username() for n in told)}."
                                                      if told else ""))
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
        editorial.add_correction(article=article, user=request.user, **form.cleaned_data)
    except editorial.InvalidTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Correction appended; readers see it at the foot of the story.")
    return back(article)


def image_picker(request):
    """Library pictures matching ``q`` (the newest first) for the pickers: the body editor's "Insert image"
    and the lead picture (``?id=N`` describes one picture). Each is a ``picture_choice`` (thumbnail,
    label, alt text, caption, credit) with the markup the editor inserts; saved, it becomes
    ``<figure data-image-id>``.
    """
    if not (model_admin().has_view_permission(request) and request.user.has_perm("articles.view_image")):
        raise PermissionDenied
    images = Image.objects.exclude(file="")
    wanted = request.GET.get("id", "")
    if wanted:
        known = wanted.isascii() and wanted.isdigit() and int(wanted) <= MAX_ID
        images = images.filter(pk=int(wanted)) if known else images.none()
    else:
        term = request.GET.get("q", "").strip()[:100]
        images, distinct = model_admin(Image).get_search_results(request, images, term)
        images = images.distinct() if distinct else images
    return JsonResponse({"images": [
        {**picture_choice(image, thumbnail=image_url(image, "1x1", 320, "webp")), "html": editor_figure(image)}
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
    """Existing tags for the story form's tag field. JSON: ``{"tags": [name, ...], "results": [{"name",
    "slug", "alias", "uses"}, ...]}``, most used first; ``alias`` is the alternative name that matched
    ("" when the tag's own name did), ``uses`` counts stories the user may see.

    * ``GET ?q=hun`` : tags whose name or an alias contains the words typed (case and accents ignored).
    * ``POST`` ``headline``, ``body`` (HTML) and optionally ``tags`` (comma list already on the story):
      tags whose name or an alias occurs in the text, leaving out those already on the story.

    A tag used only on stories the user may not see is never offered.
    """
    if not model_admin().has_view_permission(request):
        raise PermissionDenied
    stories = editorial.visible_stories(request.user, Article.objects.all())
    if request.method == "POST":
        text = f"{request.POST.get('headline', '')[:500]}\n{request.POST.get('body', '')[:200_000]}"
        present = [name for name in request.POST.get("tags", "").split(",") if name.strip()][:200]
        results = suggest_from_text(text, stories=stories, exclude=present)
    else:
        results = suggest_tags(request.GET.get("q", "")[:100], stories=stories)
    return JsonResponse({"tags": [result["name"] for result in results], "results": results})
