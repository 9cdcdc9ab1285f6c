"""Content API keys: stored as a sha256 digest, shown once when created, revoked rather than deleted."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_PREFIX = "nrk_"
LAST_USED_PRECISION = timedelta(minutes=1)  # "last used" is written at most once a minute per key


def digest(raw_key):
    return hashlib.sha256(raw_key.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def matching(self, raw_key):
        """The active key whose digest is ``raw_key``'s, or ``None``."""
        if not raw_key or len(raw_key) > 200:
            return None
        return self.active().filter(key_hash=digest(raw_key)).first()

    def issue(self, *, name, created_by=None, raw_key=None):
        """Create a key; returns ``(key, raw_key)``. The raw key is never stored: show it to its owner once."""
        raw_key = raw_key or KEY_PREFIX + secrets.token_urlsafe(32)
        key = self.create(name=name, created_by=created_by, key_hash=digest(raw_key), prefix=raw_key[:8])
        return key, raw_key


class ApiKey(models.Model):
    name = models.CharField(max_length=100, help_text="Who or what uses the key, e.g. “Newsletter app”.")
    prefix = models.CharField(max_length=8, editable=False, help_text="The key's first characters, to recognise it.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            ApiKey.objects.filter(pk=self.pk, revoked_at__isnull=True).update(revoked_at=self.revoked_at)

    def touch(self):
        """Record a use, writing at most once a minute."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_PRECISION:
            self.last_used_at = now
            ApiKey.objects.filter(pk=self.pk).update(last_used_at=now)
