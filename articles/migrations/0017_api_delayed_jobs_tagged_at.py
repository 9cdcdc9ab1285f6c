import django.utils.timezone
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def tagged_at_from_story_changes(apps, schema_editor):
    """Rows made before this field get the best known time: their story's last change (what the tag
    desk showed until now); rows made from now on carry the exact time the tag was put on."""
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    Article = apps.get_model("articles", "Article")
    TaggedArticle.objects.update(
        tagged_at=Subquery(Article.objects.filter(pk=OuterRef("content_object_id")).values("modified_at")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0016_image_made_renditions'),
    ]

    operations = [
        migrations.CreateModel(
            name='DelayedJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('function', models.CharField(max_length=200)),
                ('args', models.JSONField(default=list)),
                ('kwargs', models.JSONField(default=dict)),
                ('run_at', models.DateTimeField(db_index=True, help_text='Empty once the job has failed for good.', null=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('last_error', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('failed_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['run_at', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='taggedarticle',
            name='tagged_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, help_text='When the tag was put on the story (kept while it stays there): the tag desk\'s "last used".'),
        ),
        migrations.RunPython(tagged_at_from_story_changes, migrations.RunPython.noop),
    ]
