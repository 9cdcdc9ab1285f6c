"""Login throttling (django-axes), password hashing and validators, optional TOTP two-factor login."""

import logging

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.tests.factories import SuperuserFactory, UserFactory, user_in_role

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_right_password_is_refused_after_repeated_failures(client, settings, caplog):
    UserFactory(username="rita")
    with caplog.at_level(logging.WARNING):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, "rita", "wrong")
    response = attempt(client, "rita", "password")
    assert response.status_code == 429
    assert not logged_in(client)
    assert b"Too many failed logins" in response.content and b"Django administration" not in response.content
    assert any("lock" in record.getMessage().lower() for record in caplog.records)


def test_lockout_is_per_user_across_addresses_and_per_address_across_users(client, settings):
    UserFactory(username="rita")
    UserFactory(username="sam")
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "rita", "wrong", ip=f"10.0.1.{number}")
    assert attempt(client, "rita", "password", ip="10.0.2.1").status_code == 429
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"nobody{number}", "wrong", ip="10.0.3.3")
    assert attempt(client, "sam", "password", ip="10.0.3.3").status_code == 429
    assert attempt(client, "sam", "password", ip="10.0.4.4").status_code == 302


def test_unknown_user_gets_the_same_answers(client, settings):
    UserFactory(username="rita")
    known = attempt(client, "rita", "wrong", ip="10.1.0.1")
    unknown = attempt(client, "ghost", "wrong", ip="10.1.0.2")
    assert known.status_code == unknown.status_code == 200
    assert known.content.replace(b"rita", b"ghost").count(b"errornote") == unknown.content.count(b"errornote")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "ghost", "wrong", ip="10.1.0.3")
        attempt(client, "rita", "wrong", ip="10.1.0.4")
    locked_known = attempt(client, "rita", "x", ip="10.1.0.5")
    locked_unknown = attempt(client, "ghost", "x", ip="10.1.0.6")
    assert locked_known.status_code == locked_unknown.status_code == 429
    assert locked_known.content == locked_unknown.content


def test_cool_off_lets_the_user_back_in(client, settings):
    import time_machine
    from django.utils import timezone

    UserFactory(username="rita")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "rita", "wrong")
    assert attempt(client, "rita", "password").status_code == 429
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)):
        assert attempt(client, "rita", "password").status_code == 302


def test_lockouts_are_stored_in_the_database_and_visible_to_superusers_only(client, settings):
    from axes.models import AccessAttempt

    UserFactory(username="rita")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "rita", "wrong")
    assert AccessAttempt.objects.filter(username="rita").exists()
    client.force_login(SuperuserFactory())
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and b"rita" in page.content
    client.force_login(user_in_role("Publishers", "pub"))
    assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_passwords_are_hashed_with_argon2_in_production_and_validators_are_strong(settings):
    from newsroom import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    validators = password_validation.get_password_validators(production.AUTH_PASSWORD_VALIDATORS)
    for weak in ["password123", "short", "12345678901234", "newsroomnewsroom"[:11]]:
        with pytest.raises(ValidationError):
            password_validation.validate_password(weak, password_validators=validators)
    password_validation.validate_password("correct horse battery staple", password_validators=validators)


def totp_device(user, confirmed=True):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=confirmed)


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_staff_with_a_device_must_give_a_code(client):
    user = user_in_role("Editors", "eddie")
    device = totp_device(user)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/two-factor/verify/")
    assert client.post("/admin/two-factor/verify/", {"token": "000000"}).status_code == 200
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp delays the next try
    device.throttle_reset()
    assert client.post("/admin/two-factor/verify/", {"token": current_code(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_without_a_device_is_not_asked_unless_required(client, settings):
    settings.REQUIRE_2FA = False
    client.force_login(user_in_role("Publishers", "pub"))
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("who", ["Publishers", "superuser"])
def test_required_for_publishers_and_superusers(client, settings, who):
    settings.REQUIRE_2FA = True
    user = SuperuserFactory() if who == "superuser" else user_in_role("Publishers", "pub")
    client.force_login(user)
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302 and response["Location"] == "/admin/two-factor/"
    setup = client.get("/admin/two-factor/")
    assert setup.status_code == 200 and b"data:image/svg+xml;base64," in setup.content
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    client.post("/admin/two-factor/", {"token": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/articles/article/").status_code == 200


def test_not_required_for_reporters_even_when_set(client, settings):
    settings.REQUIRE_2FA = True
    client.force_login(user_in_role("Reporters", "rep"))
    assert client.get("/admin/").status_code == 200
