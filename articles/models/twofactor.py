"""One-time backup codes for two-factor login, a django-otp device beside the authenticator app.

Only a salted hash of each code is stored (PBKDF2; a code carries about 60 random bits, so a modest
iteration count keeps the ten checks of a login fast while a stolen table stays useless). A code is
struck off the moment it is used, under a row lock, so two tabs cannot both use it. Codes are made
and replaced by ``articles.security.backup_codes``, which also writes the audit entries.
"""

import secrets

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import models, transaction
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
CODE_LENGTH = 12
HASH_ITERATIONS = 20_000


def new_code():
    """A fresh code, shown as three groups of four ("k7m2-qx9p-4dzw")."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(text):
    """What the person typed, as compared: lower case, without spaces or dashes."""
    return "".join(character for character in str(text).lower() if character.isalnum())


def hash_code(code):
    hasher = PBKDF2PasswordHasher()
    return hasher.encode(normalise_code(code), hasher.salt(), iterations=HASH_ITERATIONS)


def code_matches(code, encoded):
    return PBKDF2PasswordHasher().verify(normalise_code(code), encoded)


class BackupCodes(ThrottlingMixin, Device):
    """A person's unused backup codes (hashes only). One device per person; wrong codes are
    throttled like wrong authenticator codes (growing delays)."""

    hashes = models.JSONField(default=list, editable=False)
    generated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "two-factor backup codes"
        verbose_name_plural = "two-factor backup codes"

    @property
    def remaining(self):
        return len(self.hashes)

    def get_throttle_factor(self):
        return getattr(settings, "OTP_BACKUP_CODES_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        """Use ``token`` if it is one of the unused codes: True once, False ever after."""
        allowed, _details = self.verify_is_allowed()
        if not allowed or not normalise_code(token):
            return False
        with transaction.atomic():
            device = type(self).objects.select_for_update().get(pk=self.pk)
            match = next((encoded for encoded in device.hashes if code_matches(token, encoded)), None)
            if match is None:
                device.throttle_increment(commit=False)
            else:
                device.hashes = [encoded for encoded in device.hashes if encoded != match]
                device.throttle_reset(commit=False)
            device.save(update_fields=["hashes", "throttling_failure_timestamp", "throttling_failure_count"])
        self.hashes = device.hashes
        self.throttling_failure_timestamp = device.throttling_failure_timestamp
        self.throttling_failure_count = device.throttling_failure_count
        return match is not None
