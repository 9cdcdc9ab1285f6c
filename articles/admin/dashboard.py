"""The newsroom dashboard on the admin index: the work queues and the story budget.

Each queue is also a filter of the story list (``?queue=<key>``), so a panel's
count and the list behind its link always agree.
"""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AuditEntry, Status

PANEL_SIZE = 8
RECENT = timedelta(days=2)

QUEUES = [
    ("mine", "My drafts"),
    ("returned", "Returned to me"),
    ("review", "Waiting for review"),
    ("approved", "Approved, not scheduled"),
    ("scheduled", "Scheduled"),
    ("recent", "Recently published"),
    ("overdue", "Overdue"),
    ("due_today", "Due today"),
]


def queue(key, queryset, user):
    """Stories of queue ``key`` for ``user``, in the order the panel lists them."""
    now = timezone.now()
    mine = Q(created_by=user) | Q(assignee=user)
    if key in ("mine", "returned"):
        drafts = queryset.filter(mine, status=Status.DRAFT)
        if key == "mine":
            return drafts.order_by("deadline", "-modified_at")
        last_step = AuditEntry.objects.filter(article=OuterRef("pk"), action__in=["submit", "return", "revert"])
        return_note = AuditEntry.objects.filter(article=OuterRef("pk"), action="return").order_by("-created_at", "-pk")
        return drafts.annotate(
            last_step=Subquery(last_step.order_by("-created_at", "-pk").values("action")[:1]),
            return_note=Subquery(return_note.values("note")[:1]),
        ).filter(last_step="return").order_by("-modified_at")
    if key == "review":
        return queryset.filter(status=Status.IN_REVIEW).order_by("priority", "deadline", "modified_at")
    if key == "approved":
        return queryset.filter(status=Status.APPROVED).order_by("deadline", "modified_at")
    if key == "scheduled":
        return queryset.scheduled().order_by("publish_at")
    if key == "recent":
        return queryset.published().filter(publish_at__gte=now - RECENT).order_by("-publish_at")
    if key == "overdue":
        return queryset.overdue(now).order_by("deadline")
    if key == "due_today":
        return queryset.due_today(now).order_by("deadline")
    raise KeyError(key)


def panels(request):
    model_admin = admin.site.get_model_admin(Article)
    if not model_admin.has_view_permission(request):
        return None
    base = model_admin.get_queryset(request).select_related("assignee", "created_by")
    changelist = reverse("admin:articles_article_changelist")
    result = []
    for key, title in QUEUES:
        stories = queue(key, base, request.user)
        result.append({
            "key": key, "title": title, "count": stories.count(), "stories": list(stories[:PANEL_SIZE]),
            "url": f"{changelist}?queue={key}",
        })
    by_assignee = (
        base.exclude(status__in=[Status.PUBLISHED, Status.KILLED])
        .filter(assignee__isnull=False, deadline__isnull=False)
        .values("assignee__username", "assignee__first_name", "assignee__last_name", "assignee")
        .annotate(due=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=timezone.now())))
        .order_by("-overdue", "-due")
    )
    return {"panels": result, "by_assignee": list(by_assignee), "changelist": changelist}


class QueueFilter(admin.SimpleListFilter):
    title = "dashboard queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return QUEUES

    def queryset(self, request, queryset):
        if self.value() in dict(QUEUES):
            return queue(self.value(), queryset, request.user)
        return queryset
