"""Who may see and change a story: the per-story rules on top of the role permissions in ``articles.roles``."""

from articles.models import Status


def has_role_permission(user, codename):
    return user is not None and user.is_active and user.has_perm(f"articles.{codename}")


def may_see_killed(user):
    """Killed stories stay visible, read-only, to the whole newsroom: the kill and its reason are news to them.

    Only readers lose them; in the admin nobody but a superuser may change or revive one (:func:`can_edit`).
    """
    return user is not None and has_role_permission(user, "view_article")


def can_view(user, article):
    """Every newsroom role sees every story, killed ones included (read-only)."""
    if not has_role_permission(user, "view_article"):
        return False
    return article.status != Status.KILLED or may_see_killed(user)


def visible_stories(user, stories):
    """The stories of the queryset ``stories`` that ``user`` may see: :func:`can_view` for many at once."""
    if not has_role_permission(user, "view_article"):
        return stories.none()
    return stories if may_see_killed(user) else stories.exclude(status=Status.KILLED)


def can_edit(user, article):
    """Reporters edit their own drafts; Editors and Publishers any story that is not killed."""
    if user is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not has_role_permission(user, "change_article") or article.status == Status.KILLED:
        return False
    if has_role_permission(user, "approve_article"):
        return True
    return article.status == Status.DRAFT and user.pk in (article.created_by_id, article.assignee_id)
