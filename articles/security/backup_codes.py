"""Turning two-factor login on and off, and making backup codes: the writes that span the devices
and the audit log. Each leaves an entry in the admin's change log of the person's account
(``LogEntry``, visible to superusers under the user's History), naming who acted."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import BackupCodes
from articles.models.twofactor import hash_code, new_code

CODES_PER_SET = 10
DEVICE_NAME = "Backup codes"


def audit(*, user, actor, message):
    """One line in the admin's history of ``user``'s account."""
    LogEntry.objects.create(
        user_id=actor.pk, content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk),
        object_repr=str(user)[:200], action_flag=CHANGE, change_message=message,
    )


def generate_backup_codes(*, user, actor=None):
    """Replace ``user``'s backup codes with a new set; returns the codes, the only time they exist
    in clear (they are shown once and never again)."""
    codes = [new_code() for _ in range(CODES_PER_SET)]
    with transaction.atomic():
        BackupCodes.objects.filter(user=user).delete()
        BackupCodes.objects.create(user=user, name=DEVICE_NAME, confirmed=True,
                                   hashes=[hash_code(code) for code in codes], generated_at=timezone.now())
        audit(user=user, actor=actor or user, message=f"Two-factor login: {CODES_PER_SET} new backup codes "
                                                      "made (the earlier ones no longer work).")
    return codes


def record_two_factor_on(*, user):
    audit(user=user, actor=user, message="Two-factor login turned on (authenticator app confirmed).")


def record_backup_code_used(*, user, device):
    audit(user=user, actor=user, message=f"Two-factor login with a backup code ({device.remaining} left).")


def turn_off_two_factor(*, user, actor=None):
    """Remove every second factor of ``user`` (authenticator app and backup codes)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        BackupCodes.objects.filter(user=user).delete()
        audit(user=user, actor=actor or user, message="Two-factor login turned off.")
