"""Let every newsroom role upload and describe library pictures (add_image, change_image); deleting stays with superusers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["Reporters", "Editors", "Publishers"]
CODENAMES = ["add_image", "change_image"]


def grant(apps, schema_editor):
    config = apps.get_app_config("articles")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES))
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES))
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_reader_search_gin_index")]

    operations = [migrations.RunPython(grant, revoke)]
