"""The tag vocabulary (profiles, aliases, old tag addresses), a profile for every existing tag, and
the tag desk's permissions for Editors and Publishers (frozen copy of ``articles.roles.TAG_DESK``)."""

import unicodedata

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

TAG_DESK = ["taggit.add_tag", "taggit.change_tag", "taggit.delete_tag", "add_tagalias", "change_tagalias",
            "delete_tagalias", "view_tagalias", "add_tagprofile", "change_tagprofile", "view_tagprofile",
            "view_tagredirect"]
ROLES = ["Editors", "Publishers"]


def normalise(name):
    """A frozen copy of ``articles.models.tags.normalise_tag_name``."""
    kept = []
    for char in unicodedata.normalize("NFKD", str(name).casefold()):
        category = unicodedata.category(char)
        if category.startswith(("L", "N")):
            kept.append(char)
        elif category.startswith("M") and not char.isascii() and not unicodedata.combining(char):
            kept.append(char)
        elif category.startswith(("Z", "P", "S")) or char.isspace():
            kept.append(" ")
    return " ".join("".join(kept).split())


def tag_desk_permissions(apps):
    for label in ("articles", "taggit"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    for codename in TAG_DESK:
        app_label, _, name = codename.rpartition(".")
        yield Permission.objects.get(content_type__app_label=app_label or "articles", codename=name)


def forwards(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    TagProfile = apps.get_model("articles", "TagProfile")
    TagProfile.objects.bulk_create(
        TagProfile(tag_id=pk, key=normalise(name)[:100]) for pk, name in Tag.objects.values_list("pk", "name")
    )
    permissions = list(tag_desk_permissions(apps))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        for codename in TAG_DESK:
            app_label, _, name = codename.rpartition(".")
            group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label or "articles",
                                                                codename=name))


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_performance_indexes'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.CreateModel(
            name='TagAlias',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
                ('key', models.CharField(editable=False, help_text='The normalised name.', max_length=100, unique=True)),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='taggit.tag')),
            ],
            options={
                'verbose_name': 'tag alias',
                'verbose_name_plural': 'tag aliases',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='TagProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(db_index=True, editable=False, help_text="The tag's normalised name.", max_length=100)),
                ('description', models.TextField(blank=True, help_text='Shown on the tag page and in its feed. Formatting outside the house style is removed.')),
                ('internal', models.BooleanField(default=False, help_text='For the newsroom only (e.g. "needs-photo"): never shown to readers.')),
                ('image', models.ForeignKey(blank=True, help_text='Shown at the top of the tag page.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='tag_profiles', to='articles.image')),
                ('tag', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='profile', to='taggit.tag')),
            ],
            options={
                'verbose_name': 'tag profile',
            },
        ),
        migrations.CreateModel(
            name='TagRedirect',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('old_slug', models.CharField(max_length=100, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='old_addresses', to='taggit.tag')),
            ],
            options={
                'verbose_name': 'old tag address',
                'verbose_name_plural': 'old tag addresses',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
