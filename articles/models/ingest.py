"""Continuous ingest: the sources we poll, each poll's record, and the stories waiting on the Incoming desk.

The polling itself lives in :mod:`articles.ingest`; picking a story up in
:mod:`articles.editorial.incoming`.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

# The importer formats (``articles.importers.PARSERS``; a test keeps the two equal) plus "auto".
FORMAT_CHOICES = [
    ("auto", "Detect from the content"), ("rss", "RSS"), ("atom", "Atom"), ("ninjs", "IPTC ninjs"),
    ("newsml", "NewsML-G2"), ("nitf", "NITF"), ("jsonl", "JSON Lines"), ("json", "JSON"), ("csv", "CSV"),
    ("markdown", "Markdown"), ("wxr", "WordPress export"), ("text", "Plain text"),
]
MAX_BACKOFF = timedelta(hours=6)
FAILING_AFTER = 3  # consecutive failed polls before the dashboard warns


class IngestSourceQuerySet(models.QuerySet):
    def due(self, now=None):
        """Enabled sources whose next poll time has come (or that were never polled)."""
        now = now or timezone.now()
        return self.filter(enabled=True).filter(models.Q(next_poll_at__isnull=True) | models.Q(next_poll_at__lte=now))

    def failing(self):
        return self.filter(enabled=True, consecutive_failures__gte=FAILING_AFTER)


class IngestSource(models.Model):
    class Kind(models.TextChoices):
        FOLDER = "folder", "Watched folder"
        HTTP = "http", "HTTP(S) feed or endpoint"

    class Policy(models.TextChoices):
        DRAFT = "draft", "Stay draft (editors pick stories up)"
        PUBLISH_USABLE = "publish_usable", "Publish when the source says usable (trusted sources only)"

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.HTTP)
    location = models.CharField(
        max_length=1000,
        help_text="The folder's path on the server, or the feed's http(s) address. A folder gets done/ and "
                  "failed/ subfolders for the files it has dealt with.",
    )
    format = models.CharField(max_length=10, choices=FORMAT_CHOICES, default="auto")
    poll_interval = models.PositiveIntegerField("poll every (seconds)", default=300)
    section = models.ForeignKey(
        "articles.Section", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="For stories that name no section.",
    )
    tags = models.CharField(max_length=300, blank=True, help_text="Comma-separated tags added to every story.")
    credit_line = models.CharField(max_length=200, blank=True, help_text='For stories that carry none, e.g. "AFP".')
    policy = models.CharField(max_length=20, choices=Policy.choices, default=Policy.DRAFT)
    trusted = models.BooleanField(
        default=False, help_text="Only a trusted source may publish automatically. Publishers decide this.",
    )
    enabled = models.BooleanField(default=True)

    # Poll state, written by articles.ingest only.
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_poll_at = models.DateTimeField(null=True, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    # Set while a poll runs (articles.ingest.leases): two pollers never poll one source at once, and
    # a crashed poller's claim lapses at this time.
    leased_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects = IngestSourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "ingest source"

    def __str__(self):
        return self.name

    def clean(self):
        if self.policy == self.Policy.PUBLISH_USABLE and not self.trusted:
            raise ValidationError({"policy": "Only a trusted source may publish automatically."})
        if self.kind == self.Kind.HTTP and not self.location.lower().startswith(("http://", "https://")):
            raise ValidationError({"location": "An HTTP source needs an http:// or https:// address."})

    @property
    def publishes(self):
        return self.policy == self.Policy.PUBLISH_USABLE and self.trusted

    @property
    def is_failing(self):
        return self.consecutive_failures >= FAILING_AFTER

    @property
    def tag_list(self):
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]

    def backoff(self):
        """How long to wait before the next poll: the interval, doubled for each failure in a row, capped."""
        interval = timedelta(seconds=max(self.poll_interval, 1))
        return min(interval * (2 ** min(self.consecutive_failures, 16)), max(MAX_BACKOFF, interval))


class IngestPoll(models.Model):
    """One poll of one source: when, what it brought, and what went wrong."""

    source = models.ForeignKey(IngestSource, on_delete=models.CASCADE, related_name="polls")
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    not_modified = models.BooleanField(default=False, help_text="The server answered 304: nothing new.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.source} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def ok(self):
        return not self.error


class IncomingQuerySet(models.QuerySet):
    def waiting(self):
        """Ingested stories nobody has picked up yet."""
        return self.filter(picked_up_at__isnull=True)


class IncomingStory(models.Model):
    """A story that arrived through ingest, and whether someone on the desk has picked it up."""

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="incoming")
    source = models.ForeignKey(IngestSource, null=True, on_delete=models.SET_NULL, related_name="stories")
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    urgency = models.PositiveSmallIntegerField(null=True, blank=True, help_text="From the source: 1 is most urgent.")
    picked_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    picked_up_at = models.DateTimeField(null=True, blank=True)

    objects = IncomingQuerySet.as_manager()

    class Meta:
        ordering = [models.F("urgency").asc(nulls_last=True), "-received_at"]
        verbose_name = "incoming story"
        verbose_name_plural = "incoming"
        permissions = [("pick_up_incomingstory", "Can pick up an incoming story")]

    def __str__(self):
        return self.article.headline

    @property
    def is_waiting(self):
        return self.picked_up_at is None
