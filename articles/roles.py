"""The three newsroom roles and the model permissions each has.

Finer rules (own drafts, killed stories) are in ``articles.editorial``.

The roles data migration created the groups from a frozen copy of this table;
``test_workflow_roles`` keeps the two equal. ``ensure_roles`` rebuilds them (the
demo loader and tests use it when a database lost them).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

READING = ["view_section", "view_author", "view_image", "taggit.view_tag", "view_correction"]
PICTURES = ["add_image", "change_image"]  # every role uploads and describes photos; only superusers delete them
CREDITS = ["add_articleauthor", "change_articleauthor", "delete_articleauthor", "view_articleauthor"]
WRITING = ["add_article", "change_article", "view_article", "submit_article", "add_editorialcomment",
           "view_editorialcomment"]
EDITING = ["approve_article", "view_revision", "view_auditentry"]
PEOPLE = ["add_author", "change_author"]  # which profiles each may change: articles.people.profiles
TAG_DESK = ["taggit.add_tag", "taggit.change_tag", "taggit.delete_tag", "add_tagalias", "change_tagalias",
            "delete_tagalias", "view_tagalias", "add_tagprofile", "change_tagprofile", "view_tagprofile",
            "view_tagredirect"]  # the tag desk: merge, rename, describe, aliases
PUBLISHING = ["publish_article", "kill_article", "add_correction"]
INGEST = ["add_ingestsource", "change_ingestsource", "delete_ingestsource", "view_ingestsource", "view_ingestpoll",
          "view_incomingstory", "pick_up_incomingstory"]  # the wire sources and the Incoming desk

API = ["add_apikey", "change_apikey", "view_apikey", "add_webhooksubscription", "change_webhooksubscription",
       "delete_webhooksubscription", "view_webhooksubscription", "view_webhookdelivery"]

ROLE_PERMISSIONS = {
    "Reporters": READING + PICTURES + CREDITS + PEOPLE + WRITING,
    "Editors": READING + PICTURES + CREDITS + PEOPLE + WRITING + EDITING + TAG_DESK + INGEST,
    "Publishers": READING + PICTURES + CREDITS + PEOPLE + WRITING + EDITING + TAG_DESK + PUBLISHING + INGEST + API,
}


def permission(codename):
    app_label, _, name = codename.rpartition(".")
    return Permission.objects.get(content_type__app_label=app_label or "articles", codename=name)


def ensure_roles():
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([permission(codename) for codename in codenames])


def newsroom_staff():
    """Active staff who hold a newsroom role (or are superusers): the people a story can be assigned to."""
    User = get_user_model()
    in_a_role = User.objects.filter(groups__name__in=list(ROLE_PERMISSIONS)).values("pk")
    return User.objects.filter(Q(is_superuser=True) | Q(pk__in=in_a_role), is_active=True, is_staff=True)


def person_label(user):
    """How the admin names a colleague: "Rita Reporter (reporter)", or the username alone."""
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()
