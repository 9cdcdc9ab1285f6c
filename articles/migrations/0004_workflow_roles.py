"""Create the Reporters, Editors and Publishers groups with exactly the permissions in ``articles.roles``."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Reporters": [
        "view_section", "view_author", "view_image", "taggit.view_tag", "view_correction",
        "add_articleauthor", "change_articleauthor", "delete_articleauthor", "view_articleauthor",
        "add_article", "change_article", "view_article", "submit_article",
        "add_editorialcomment", "view_editorialcomment",
    ],
    "Editors": [
        "view_section", "view_author", "view_image", "taggit.view_tag", "view_correction",
        "add_articleauthor", "change_articleauthor", "delete_articleauthor", "view_articleauthor",
        "add_article", "change_article", "view_article", "submit_article", "approve_article",
        "add_editorialcomment", "view_editorialcomment", "view_revision", "view_auditentry",
    ],
    "Publishers": [
        "view_section", "view_author", "view_image", "taggit.view_tag", "view_correction",
        "add_articleauthor", "change_articleauthor", "delete_articleauthor", "view_articleauthor",
        "add_article", "change_article", "view_article", "submit_article", "approve_article",
        "publish_article", "kill_article", "add_correction",
        "add_editorialcomment", "view_editorialcomment", "view_revision", "view_auditentry",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for label in ("articles", "taggit"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for codename in codenames:
            app_label, _, perm = codename.rpartition(".")
            permissions.append(Permission.objects.get(content_type__app_label=app_label or "articles", codename=perm))
        group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_workflow_editorial_models"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
