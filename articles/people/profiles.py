"""Author profiles of the newsroom's staff, and who may change which profile.

- Every staff account can have one ``Author`` profile (``Author.user``); :func:`profile_for` makes it
  on first need from the account's name.
- A new story gets its writer's own byline unless the form gave it one (:func:`default_byline`).
- Reporters create contributor bylines (freelancers, agencies: no account) and change their own
  profile; Editors, Publishers and superusers change anyone's.
"""

from articles.models import Author, CreditRole
from articles.slugs import slug_base, unique_slug


def edits_everyone(user):
    return user.is_active and (user.is_superuser or user.has_perm("articles.approve_article"))


def may_change_profile(user, author):
    """Editors and up change any profile; Reporters only their own."""
    if not (user.is_active and user.has_perm("articles.change_author")):
        return False
    if edits_everyone(user):
        return True
    return author.user_id == user.pk


def may_link_account(user, account):
    """Which account a profile may be linked to: Editors any, Reporters only their own or none."""
    return account is None or edits_everyone(user) or account.pk == user.pk


def unique_author_slug(name):
    return unique_slug(Author.objects.all(), slug_base(name, max_length=140, fallback="author"))


def profile_for(user):
    """``user``'s Author profile, made from their name the first time it is needed."""
    existing = Author.objects.filter(user=user).first()
    if existing is not None:
        return existing
    name = user.get_full_name() or user.get_username()
    return Author.objects.create(user=user, name=name, slug=unique_author_slug(name), job_title="Staff")


def default_byline(user):
    """A new story's credits when its form gave none: ``user`` as byline author (snapshot entries)."""
    if user is None:
        return []
    author = profile_for(user)
    return [{"author_id": author.pk, "author": author.name, "role": CreditRole.BYLINE, "order": 0}]
