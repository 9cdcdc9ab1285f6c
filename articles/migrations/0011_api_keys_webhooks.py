"""Content API keys, webhook subscriptions and their delivery log; Publishers manage keys and subscriptions."""

from django.contrib.auth.management import create_permissions

import articles.models.webhooks
import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


PUBLISHER_CODENAMES = [
    "add_apikey", "change_apikey", "view_apikey",
    "add_webhooksubscription", "change_webhooksubscription", "delete_webhooksubscription", "view_webhooksubscription",
    "view_webhookdelivery",
]


def grant(apps, schema_editor):
    config = apps.get_app_config("articles")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="articles", codename__in=PUBLISHER_CODENAMES)
    for group in Group.objects.filter(name="Publishers"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_ingest'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='Who or what uses the key, e.g. “Newsletter app”.', max_length=100)),
                ('prefix', models.CharField(editable=False, help_text="The key's first characters, to recognise it.", max_length=8)),
                ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'API key',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='WebhookSubscription',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
                ('url', models.URLField(help_text='Where deliveries are POSTed. Redirects are not followed.', max_length=500, verbose_name='URL')),
                ('events', models.JSONField(default=list, help_text='The events to deliver.')),
                ('secret', models.CharField(default=articles.models.webhooks.new_secret, help_text="Shared with the receiver, which checks each delivery's signature with it.", max_length=100)),
                ('active', models.BooleanField(default=True)),
                ('disabled_reason', models.TextField(blank=True, editable=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('owner', models.ForeignKey(blank=True, help_text='Told by e-mail when the subscription is turned off after failing.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('event_id', models.UUIDField(default=uuid.uuid4, editable=False, help_text='The idempotency id receivers dedupe on.')),
                ('event', models.CharField(choices=[('story.published', 'Story published'), ('story.updated', 'Story updated (republish, significant update)'), ('story.unpublished', 'Story unpublished'), ('story.killed', 'Story killed')], max_length=30)),
                ('body', models.TextField()),
                ('state', models.CharField(choices=[('pending', 'Pending'), ('delivered', 'Delivered'), ('failed', 'Failed')], default='pending', max_length=10)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('last_status_code', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('last_error', models.CharField(blank=True, max_length=300)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('last_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('subscription', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='articles.webhooksubscription')),
            ],
            options={
                'verbose_name_plural': 'webhook deliveries',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
