"""Two-factor login from the admin: the links to it, set-up with one-time backup codes (shown once,
stored hashed, each good once, replaceable, audited), signing in with one, and turning it off."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import BackupCodes
from articles.models.twofactor import code_matches, normalise_code
from articles.security.backup_codes import generate_backup_codes
from articles.tests.factories import user_in_role
from articles.tests.security.test_login_security import current_code

pytestmark = pytest.mark.django_db
SETUP, VERIFY = "/admin/two-factor/", "/admin/two-factor/verify/"


def audit_lines(user):
    return list(LogEntry.objects.filter(object_id=str(user.pk)).order_by("pk").values_list("change_message", flat=True))


def codes_on(response):
    return list(response.context["codes"])


def set_up(client, user):
    """Go through set-up as the person would; returns the backup codes shown."""
    client.force_login(user)
    assert client.get(SETUP).status_code == 200
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SETUP, {"token": current_code(device)})
    assert response.status_code == 200
    return codes_on(response)


def sign_in_again(client, user):
    """A new session: password done, second factor not yet."""
    client.logout()
    client.force_login(user)


@pytest.fixture
def eddie():
    return user_in_role("Editors", "eddie")


def test_the_header_and_my_profile_link_to_setting_it_up(client, eddie):
    client.force_login(eddie)
    home = client.get("/admin/").content.decode()
    assert f'href="{SETUP}"' in home and "Set up two-factor login" in home
    profile = client.get(reverse("newsroom:profile")).content.decode()
    assert "Two-factor login" in profile and f'href="{SETUP}"' in profile and "Off." in profile


def test_set_up_shows_ten_backup_codes_once_and_stores_only_their_hashes(client, eddie):
    codes = set_up(client, eddie)
    assert len(codes) == len(set(codes)) == 10
    device = BackupCodes.objects.get(user=eddie)
    stored = " ".join(device.hashes)
    assert not any(normalise_code(code) in stored or code in stored for code in codes)
    assert all(code_matches(code, encoded) for code, encoded in zip(codes, device.hashes))
    manage = client.get(SETUP)
    assert manage.status_code == 200 and "10 unused backup codes" in manage.content.decode()
    assert not any(code in manage.content.decode() for code in codes)
    assert "no-store" in manage["Cache-Control"]
    assert "Two-factor: on" in client.get("/admin/").content.decode()
    assert audit_lines(eddie) == ["Two-factor login turned on (authenticator app confirmed).",
                                  "Two-factor login: 10 new backup codes made (the earlier ones no longer work)."]


def test_a_backup_code_signs_in_once_in_place_of_the_apps_code(client, eddie):
    codes = set_up(client, eddie)
    sign_in_again(client, eddie)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    verify_page = client.get(VERIFY).content.decode()
    assert "backup code" in verify_page
    response = client.post(VERIFY, {"token": codes[3].upper().replace("-", " ")})  # typed loosely
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert BackupCodes.objects.get(user=eddie).remaining == 9
    assert audit_lines(eddie)[-1] == "Two-factor login with a backup code (9 left)."

    sign_in_again(client, eddie)
    assert client.post(VERIFY, {"token": codes[3]}).status_code == 200  # used: refused
    assert client.get("/admin/").status_code == 302
    BackupCodes.objects.get(user=eddie).throttle_reset()
    assert client.post(VERIFY, {"token": codes[4]}).status_code == 302


def test_wrong_backup_codes_are_throttled(client, eddie):
    codes = set_up(client, eddie)
    sign_in_again(client, eddie)
    client.post(VERIFY, {"token": "aaaa-bbbb-cccc"})
    device = BackupCodes.objects.get(user=eddie)
    assert device.throttling_failure_count == 1
    assert client.post(VERIFY, {"token": codes[0]}).status_code == 200  # too soon after a wrong one
    assert BackupCodes.objects.get(user=eddie).remaining == 10


def test_new_backup_codes_replace_the_old_ones(client, eddie):
    old = set_up(client, eddie)
    response = client.post(reverse("two_factor_backup_codes"))
    new = codes_on(response)
    assert response.status_code == 200 and set(new).isdisjoint(old)
    assert "no-store" in response["Cache-Control"]
    device = BackupCodes.objects.get(user=eddie)
    assert not device.verify_token(old[0])
    device.throttle_reset()
    assert device.verify_token(new[0])
    assert len([line for line in audit_lines(eddie) if "new backup codes" in line]) == 2


def test_turning_it_off_needs_the_password_and_removes_every_factor(client, eddie):
    set_up(client, eddie)
    refused = client.post(reverse("two_factor_off"), {"password": "wrong"})
    assert refused.status_code == 400 and "That is not your password" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=eddie).exists()
    response = client.post(reverse("two_factor_off"), {"password": "password"})
    assert response.status_code == 302 and response["Location"] == reverse("newsroom:profile")
    assert not TOTPDevice.objects.filter(user=eddie).exists()
    assert not BackupCodes.objects.filter(user=eddie).exists()
    assert audit_lines(eddie)[-1] == "Two-factor login turned off."
    sign_in_again(client, eddie)
    assert client.get("/admin/").status_code == 200  # no code asked any more


def test_it_cannot_be_turned_off_where_the_role_requires_it(client, settings):
    settings.REQUIRE_2FA = True
    publisher = user_in_role("Publishers", "pat")
    set_up(client, publisher)
    assert "cannot be turned off" in client.get(SETUP).content.decode()
    response = client.post(reverse("two_factor_off"), {"password": "password"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=publisher, confirmed=True).exists()


def test_a_session_without_the_second_factor_cannot_manage_or_turn_it_off(client, eddie):
    set_up(client, eddie)
    sign_in_again(client, eddie)
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    off = client.post(reverse("two_factor_off"), {"password": "password"})
    assert off.status_code == 302 and off["Location"].startswith(VERIFY)
    codes = client.post(reverse("two_factor_backup_codes"))
    assert codes.status_code == 302 and codes["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=eddie, confirmed=True).exists()
    assert BackupCodes.objects.get(user=eddie).remaining == 10


def test_a_code_is_good_once_even_when_two_requests_race(eddie):
    codes = generate_backup_codes(user=eddie)
    first, second = BackupCodes.objects.get(user=eddie), BackupCodes.objects.get(user=eddie)  # two stale copies
    assert first.verify_token(codes[0])
    assert not second.verify_token(codes[0])


def test_superusers_alone_see_who_has_backup_codes_and_never_the_codes(client, eddie):
    from articles.tests.factories import SuperuserFactory

    codes = generate_backup_codes(user=eddie)
    listing = reverse("admin:articles_backupcodes_changelist")
    client.force_login(user_in_role("Publishers", "pat"))
    assert client.get(listing).status_code == 403
    client.force_login(SuperuserFactory())
    response = client.get(listing)
    assert response.status_code == 200 and "eddie" in response.content.decode()
    change = client.get(reverse("admin:articles_backupcodes_change", args=[BackupCodes.objects.get(user=eddie).pk]))
    assert change.status_code == 200
    assert not any(code in change.content.decode() or normalise_code(code) in change.content.decode() for code in codes)


def test_deleting_the_app_device_turns_it_off_even_with_backup_codes_left(client, eddie):
    """A superuser's reset for a lost phone: delete the TOTP device; the backup codes are then inert."""
    codes = set_up(client, eddie)
    TOTPDevice.objects.filter(user=eddie).delete()
    sign_in_again(client, eddie)
    assert client.get("/admin/").status_code == 200
    assert client.post(VERIFY, {"token": codes[0]}).status_code == 302  # nothing to verify: sent home
    assert BackupCodes.objects.get(user=eddie).remaining == 10
