"""The writing desk's endpoints: autosave of the working copy and the live preview beside the editor.

Both take the story form exactly as the browser would post it. Neither writes the story:
the autosave goes to the writer's own scratch copy (``articles.editorial.autosave``) and
the live preview renders an unsaved ``Article`` built in memory with the readers' template.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST
from taggit.models import Tag
from taggit.utils import parse_tags

from articles.editorial.preview import story_from_fields, with_relations
from articles import editorial
from articles.admin.body import editor_figure, from_editor
from articles.admin.images import ImageAdminForm
from articles.admin.views import MAX_ID, no_store, story_for
from articles.editorial.autosave import (
    AutosaveRefused,
    autosave_for,
    discard_autosave,
    may_autosave,
    save_autosave,
)
from articles.models import Article, ArticleAuthor, Author, CreditRole, Image, Section
from articles.people.timezones import local_moment
from articles.templatetags.images import image_url

PREVIEW_BANNER = "Preview — not published"


def is_number(value):
    """Plain ASCII digits only (``"²".isdigit()`` is true, and ``int("²")`` fails)."""
    return value.isascii() and value.isdigit()
# Form fields that are never part of a working copy.
NOT_KEPT = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother", "desk_article", "desk_draft_key",
            "desk_base_version"}
TEXT_FIELDS = ["kicker", "headline", "dek", "dateline", "credit_line", "lead_image_caption", "seo_title",
               "seo_description"]


def story_in_request(request, source):
    """The story named by ``source["desk_article"]`` (404 if not visible), or ``None`` for a new story."""
    value = source.get("desk_article", "")
    if not value:
        return None
    if not is_number(value) or not 0 < int(value) <= MAX_ID:
        raise Http404("No such story.")
    return editorial.working_copy(story_for(request, int(value)))[0]


def form_fields(post):
    """The posted form as ``{name: value}``; fields posted several times keep all their values."""
    return {
        name: values if len(values) > 1 else values[0]
        for name, values in post.lists() if name not in NOT_KEPT
    }


def autosave_json(autosave):
    if autosave is None:
        return {"autosave": None}
    return {"autosave": {"saved_at": autosave.saved_at.isoformat(), "saved_at_label": local_moment(autosave.saved_at),
                         "time_label": timezone.localtime(autosave.saved_at).strftime("%H:%M"),
                         "base_version": autosave.base_version, "fields": autosave.fields}}


def autosave(request):
    """GET: this user's autosave of a story (``?desk_article=N``) or draft (``?desk_draft_key=…``).
    POST: store the posted form as the working copy. Answers 403 for a story the user may not edit."""
    source = request.POST if request.method == "POST" else request.GET
    article = story_in_request(request, source)
    draft_key = source.get("desk_draft_key", "")
    if not may_autosave(request.user, article):
        raise PermissionDenied
    if request.method != "POST":
        return JsonResponse(autosave_json(autosave_for(user=request.user, article=article, draft_key=draft_key)))
    try:
        base_version = int(source.get("desk_base_version") or 0)
        saved, stored = save_autosave(user=request.user, article=article, draft_key=draft_key,
                                      base_version=base_version, fields=form_fields(request.POST))
    except (AutosaveRefused, ValueError) as exc:
        return JsonResponse({"error": str(exc) or "The autosave was not understood."}, status=400)
    return JsonResponse({"stored": stored, **autosave_json(saved)})


@require_POST
def discard(request):
    article = story_in_request(request, request.POST)
    if not may_autosave(request.user, article):
        raise PermissionDenied
    discard_autosave(user=request.user, article=article, draft_key=request.POST.get("desk_draft_key", ""))
    return JsonResponse({"autosave": None})


def story_form_saved(request, article):
    """Hook for the story save path: the writer's autosaves are now saved text, and a comment they were
    still typing in the side panel (sent along as ``desk_comment``) is kept as an editorial comment."""
    discard_autosave(user=request.user, article=article, draft_key=request.POST.get("desk_draft_key", ""))
    comment = request.POST.get("desk_comment", "").strip()[:5000]
    if comment and request.user.has_perm("articles.add_editorialcomment"):
        article.editorial_comments.create(user=request.user, text=comment)


# The live preview -----------------------------------------------------------------------------


def posted_id(post, name, model):
    value = post.get(name, "")
    return model.objects.filter(pk=int(value)).first() if is_number(value) and int(value) <= MAX_ID else None


def posted_credits(post, story):
    """The byline table as typed, as unsaved credits."""
    try:
        total = min(int(post.get("credits-TOTAL_FORMS", 0)), 200)
    except ValueError:
        total = 0
    rows = []
    for i in range(total):
        author = post.get(f"credits-{i}-author", "")
        if not is_number(author) or int(author) > MAX_ID or post.get(f"credits-{i}-DELETE"):
            continue
        order = post.get(f"credits-{i}-order", "")
        rows.append((int(author), post.get(f"credits-{i}-role") or CreditRole.BYLINE,
                     int(order) if is_number(order) and len(order) < 6 else i))
    authors = Author.objects.in_bulk([author for author, _, _ in rows])
    return [ArticleAuthor(article=story, author=authors[a], role=role, order=order)
            for a, role, order in rows if a in authors]


def story_from_form(post, article):
    """An unsaved story holding what is on the writer's screen now; nothing is written anywhere.

    Tags and authors are handed to the template the way ``prefetch_related`` would, so the
    reader template reads the typed ones instead of querying the saved ones.
    """
    fields = {name: post[name][: Article._meta.get_field(name).max_length or None]
              for name in TEXT_FIELDS if name in post}
    fields.update(body=from_editor(post.get("body", "")), section=posted_id(post, "section", Section),
                  lead_image=posted_id(post, "lead_image", Image))
    story = story_from_fields(article, fields)
    tags = [Tag(name=name, slug=slugify(name) or "tag") for name in parse_tags(post.get("tags", ""))[:50]]
    return with_relations(story, tags, posted_credits(post, story))


@require_POST
def live_preview(request):
    """The story as readers would see it with the text on screen now, rendered from memory."""
    article = story_in_request(request, request.POST)
    if not may_autosave(request.user, article):
        raise PermissionDenied
    story = story_from_form(request.POST, article)
    corrections = [] if article is None else list(article.corrections.filter(published_at__lte=timezone.now()))
    response = TemplateResponse(request, "articles/article_detail.html", {
        "article": story, "object": story, "corrections": corrections, "related": [], "feeds": [],
        "preview_banner": PREVIEW_BANNER,
    }, using="jinja2")
    return no_store(response)


def urls(wrap):
    """The desk's URLs, for ``ArticleAdmin.get_urls``."""
    return [
        path("desk/autosave/", wrap(autosave), name="articles_article_autosave"),
        path("desk/autosave/discard/", wrap(discard), name="articles_article_autosave_discard"),
        path("desk/preview/", wrap(live_preview), name="articles_article_live_preview"),
        path("desk/pictures/", wrap(upload_picture), name="articles_article_desk_upload"),
        path("desk/pictures/<int:image_id>/", wrap(describe_picture), name="articles_article_desk_picture"),
    ]



# Pictures dropped or pasted into the story ------------------------------------------------------


def picture_json(image):
    return {"id": image.pk, "html": editor_figure(image), "alt": image.alt_text, "focal_x": image.focal_x,
            "focal_y": image.focal_y, "thumbnail": image_url(image, "1x1", 320, "webp"),
            "preview": image_url(image, "free", 640, "jpeg")}


@require_POST
def upload_picture(request):
    """One picture dropped into the story, through the media library's own form (same validation)."""
    if not request.user.has_perm("articles.add_image"):
        raise PermissionDenied
    form = ImageAdminForm(
        {"title": request.POST.get("title", "")[:200], "alt_text": request.POST.get("alt_text", "")[:300],
         "focal_x": 0.5, "focal_y": 0.5},
        request.FILES,
    )
    if not form.is_valid():
        errors = "; ".join(" ".join(messages) for messages in form.errors.values())
        return JsonResponse({"error": errors or "The picture was not accepted."}, status=400)
    image = form.save(commit=False)
    image.uploaded_by = request.user
    image.save()
    return JsonResponse(picture_json(image), status=201)


@require_POST
def describe_picture(request, image_id):
    """The alt text and focal point asked for right after a picture is dropped in."""
    if not request.user.has_perm("articles.change_image"):
        raise PermissionDenied
    image = get_object_or_404(Image, pk=image_id)
    fields = {"alt_text": request.POST.get("alt_text", image.alt_text).strip()[:300]}
    try:
        for name in ("focal_x", "focal_y"):
            if request.POST.get(name, "") != "":
                fields[name] = min(1.0, max(0.0, float(request.POST[name])))
    except ValueError:
        return JsonResponse({"error": "The focal point must be two numbers between 0 and 1."}, status=400)
    for name, value in fields.items():
        setattr(image, name, value)
    image.save()
    return JsonResponse(picture_json(image))
