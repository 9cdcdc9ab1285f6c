"""factory_boy factories. ``ArticleFactory`` makes a draft; use ``published=True`` for a live story."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, CreditRole, Section, Status


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    is_staff = True
    password = factory.django.Password("password")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(lambda s: s.name.lower().replace(" ", "-"))


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.LazyAttribute(lambda a: a.name.lower().replace(" ", "-"))
    job_title = "Staff reporter"


class ArticleFactory(factory.django.DjangoModelFactory):
    """A story in ``status`` (draft by default). ``published=True`` makes it live an hour ago."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n}")
    dek = "A standfirst."
    body = "<p>First paragraph.</p><p>Second paragraph.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
            first_published_at=factory.SelfAttribute("publish_at"),
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            for order, author in enumerate(extracted):
                ArticleAuthor.objects.create(article=self, author=author, role=CreditRole.BYLINE, order=order)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """A made story reaches the reader side as one written through ``articles.editorial`` would."""
        if create:
            from articles.reader_effects import StoryState, story_changed
            from articles.search import update_search_documents

            story_changed(instance, before=None, after=StoryState.of(instance))
            update_search_documents([instance.pk])  # now: most tests never commit, so after-commit work never runs


def rewrite(article, *, user=None, **changes):
    """Change a story through ``articles.editorial`` as an editor's save would, live at once if it was live.

    ``changes`` are snapshot keys (``headline``, ``body``, ``tags`` as names, ``credits`` as
    ``[{"author_id", "role", "order"}]``…). A live story's edit is republished by the system.
    """
    from articles import editorial

    article = Article.objects.get(pk=article.pk)
    snapshot = {**editorial.working_snapshot(article), **changes}
    result = editorial.save_story(article=article, user=user, snapshot=snapshot, expected_version=article.version)
    if result.pending:
        editorial.perform("republish", article=article, user=None)
    return Article.objects.get(pk=article.pk)


def move(article, **fields):
    """Change a live story's address fields (``slug``, ``first_published_at``…) and tell the reader side,
    as an editorial write that moves a story does; no editor form changes a published slug."""
    from articles.reader_effects import StoryState, story_changed

    before = StoryState.of(article)
    Article.objects.filter(pk=article.pk).update(**fields)
    article.refresh_from_db()
    story_changed(article, before=before, after=StoryState.of(article), content=False)
    return article


def user_in_role(role, username=None, **extra):
    """A staff user in one of the groups the roles migration creates ("Reporters", "Editors", "Publishers")."""
    from django.contrib.auth.models import Group

    from articles.roles import ensure_roles

    if not Group.objects.filter(name=role).exists():  # a transactional test flushed the migration's groups
        ensure_roles()
    user = UserFactory(username=username or f"{role.lower()}-{UserFactory._meta.model.objects.count()}", **extra)
    user.groups.add(Group.objects.get(name=role))
    return get_user_model().objects.get(pk=user.pk)  # a fresh object: no stale permission cache


class SuperuserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_superuser = True


def article_in_state(state, **kwargs):
    """A story in one of the workflow's situations, including "scheduled" and "pending" (published with an edit aside)."""
    from articles.models import Revision
    from articles.editorial import take_snapshot

    now = timezone.now()
    if state in ("published", "pending"):
        article = ArticleFactory(published=True, **kwargs)
    elif state == "scheduled":
        article = ArticleFactory(status=Status.PUBLISHED, publish_at=now + timedelta(days=1), **kwargs)
    elif state in ("unpublished", "killed"):
        article = ArticleFactory(status=state, publish_at=now - timedelta(days=1),
                                 first_published_at=now - timedelta(days=1), **kwargs)
    else:
        article = ArticleFactory(status=state, **kwargs)
    if state == "pending":
        snapshot = take_snapshot(article) | {"headline": article.headline + " (revised)"}
        Revision.objects.create(article=article, version=article.version, status=article.status, snapshot=snapshot,
                                pending=True)
    return article


def image_bytes(fmt="JPEG", size=(1200, 800), color=(200, 60, 40), **save_options):
    """A real picture generated with Pillow, as bytes."""
    import io

    from PIL import Image as PILImage

    picture = PILImage.new("RGB", size, color)
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    """A library image with a real (generated) JPEG file; pass ``file=None`` for a reference without one."""

    class Meta:
        model = "articles.Image"

    title = factory.Sequence(lambda n: f"Photo {n}")
    alt_text = "A market stall under a red awning"
    caption = "Traders at the night market."
    credit = "Jane Doe/Newsroom"
    file = factory.django.ImageField(width=1200, height=800, color="teal", format="JPEG", filename="photo.jpg")


# Reader site (issue 4): a wide picture with a real file, and corrections.
from articles.models import Correction  # noqa: E402


class LeadImageFactory(ImageFactory):
    """A 16:9 library image with a real file, so it has a URL, width and height."""

    file = factory.django.ImageField(width=800, height=450, color="steelblue", format="JPEG", filename="photo.jpg")
    alt_text = "A steel-blue rectangle"
    caption = "The picture's own caption."
    credit = "Jane Doe/Agency"


class PublishedCorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory, published=True)
    text = "An earlier version misspelt a name."
    published_at = factory.LazyFunction(timezone.now)


class IngestSourceFactory(factory.django.DjangoModelFactory):
    """An ingest source; give ``location`` a folder (``kind="folder"``) or an http(s) address."""

    class Meta:
        model = "articles.IngestSource"

    name = factory.Sequence(lambda n: f"Wire {n}")
    kind = "folder"
    location = "/nonexistent"
    format = "auto"
    poll_interval = 60
# Reader site (issue 13): live blogs and their updates, breaking-news flags.
from articles.models import BreakingNews, LiveCoverage, LiveUpdate  # noqa: E402


class LiveCoverageFactory(factory.django.DjangoModelFactory):
    """A running live blog on a live story."""

    class Meta:
        model = LiveCoverage

    article = factory.SubFactory(ArticleFactory, published=True)
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))


class LiveUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveUpdate

    article = factory.SubFactory(ArticleFactory, published=True)
    headline = factory.Sequence(lambda n: f"Update {n}")
    body = "<p>Something happened.</p>"
    published_at = factory.LazyFunction(timezone.now)


class BreakingNewsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreakingNews

    article = factory.SubFactory(ArticleFactory, published=True)
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=1))
