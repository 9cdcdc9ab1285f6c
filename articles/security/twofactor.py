"""Optional TOTP two-factor login for staff (django-otp).

Anyone on the staff may add an authenticator app at ``/admin/two-factor/`` (linked from the header
and from My profile); from then on the admin asks for a code after the password. Confirming the app
gives ten one-time backup codes (shown once, stored hashed: ``articles/models/twofactor.py``), each
good for one sign-in instead of the app's code; the same page makes a new set and turns two-factor
login off (after the password). With ``REQUIRE_2FA`` set, Publishers and superusers must set one up
before the admin opens, and cannot turn it off. Wrong codes are throttled by django-otp (growing
delays per device).
"""

import base64
from io import BytesIO

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import BackupCodes
from articles.security import backup_codes
from articles.security.middleware import is_admin_path

PUBLISHERS = "Publishers"
DEVICE_NAME = "Authenticator app"


def two_factor_required(user):
    """Whether ``user`` must use a second factor now (``REQUIRE_2FA`` read at call time)."""
    if not getattr(settings, "REQUIRE_2FA", False) or not user.is_active or not user.is_staff:
        return False
    return user.is_superuser or user.groups.filter(name=PUBLISHERS).exists()


class RequireTwoFactorMiddleware:
    """Send a staff user to the code page (device set up, not yet verified in this session) or to
    the set-up page (a second factor required but none set up) before any other admin page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_admin_path(request):  # reader pages never touch the session
            return self.get_response(request)
        admin_root = reverse("admin:index")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            exempt = {reverse("two_factor_verify"), reverse("two_factor_setup"), reverse("admin:logout"),
                      reverse("admin:jsi18n")}
            if request.path_info not in exempt and not user.is_verified():
                if has_authenticator(user):
                    return redirect(f"{reverse('two_factor_verify')}?next={admin_root}")
                if two_factor_required(user):
                    return redirect("two_factor_setup")
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(label="Code from your authenticator app", max_length=8,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "autofocus": True}))


class SignInCodeForm(forms.Form):
    token = forms.CharField(label="Code from your authenticator app, or a backup code", max_length=24,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                                          "autocapitalize": "off", "spellcheck": "false"}))


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(label="Your password", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError("That is not your password.")
        return self.cleaned_data["password"]


def qr_code_data_uri(text):
    # qrcode (and the lxml it brings) is imported here, at set-up time, not in every web process at start.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def check_token(request, device, form):
    """Verify the form's code against ``device``; on success mark the session as verified."""
    if form.is_valid() and device.verify_token(form.cleaned_data["token"].strip()):
        otp_login(request, device)
        return True
    form.add_error(None, "That code is not right (or you tried too often: wait a moment and try again).")
    return False


def page(request, template, status=200, **context):
    response = render(request, template, {**admin.site.each_context(request), **context}, status=status)
    add_never_cache_headers(response)  # secrets and codes never go into a cache or the back button
    return response


def show_backup_codes(request, codes, first_time=False):
    return page(request, "admin/two_factor/backup_codes.html", title="Your backup codes", codes=codes,
                first_time=first_time)


def authenticator_of(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_authenticator(user):
    """Whether two-factor login is on for ``user``: a confirmed authenticator app. Backup codes
    only stand in for it (deleting the app's device, as a superuser does for a lost phone, turns
    two-factor login off); one query, where django-otp's ``user_has_device`` asks every device table."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@staff_member_required
def setup(request):
    """Two-factor login: the set-up of an authenticator app (its secret, QR code and a first code),
    or, once it is on, what there is to manage (backup codes, turning it off)."""
    if authenticator_of(request.user) is not None:
        if not request.user.is_verified():
            return redirect("two_factor_verify")  # this page is open before the code; managing it is not
        return manage(request)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and check_token(request, device, form):
        with transaction.atomic():  # on with its backup codes, or not at all
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            backup_codes.record_two_factor_on(user=request.user)
            codes = backup_codes.generate_backup_codes(user=request.user)
        return show_backup_codes(request, codes, first_time=True)
    secret = base64.b32encode(device.bin_key).decode()
    return page(request, "admin/two_factor/setup.html", title="Set up two-factor login", form=form,
                secret=secret, qr_code=qr_code_data_uri(device.config_url),
                required=two_factor_required(request.user))


def manage(request, password_form=None, status=200):
    codes = BackupCodes.objects.filter(user=request.user).first()
    return page(request, "admin/two_factor/manage.html", status=status, title="Two-factor login",
                backup=codes, required=two_factor_required(request.user),
                password_form=password_form or ConfirmPasswordForm(request.user))


@staff_member_required
@require_POST
def new_backup_codes(request):
    """Replace the backup codes (the old ones stop working) and show the new ones once."""
    if authenticator_of(request.user) is None:
        return redirect("two_factor_setup")
    return show_backup_codes(request, backup_codes.generate_backup_codes(user=request.user))


@staff_member_required
@require_POST
def turn_off(request):
    """Turn two-factor login off, after the password; refused where the role requires it."""
    if two_factor_required(request.user):
        messages.error(request, "Your role requires two-factor login, so it cannot be turned off.")
        return redirect("two_factor_setup")
    form = ConfirmPasswordForm(request.user, request.POST)
    if not form.is_valid():
        return manage(request, password_form=form, status=400)
    backup_codes.turn_off_two_factor(user=request.user)
    messages.success(request, "Two-factor login is off: the newsroom asks only for your password now.")
    return redirect("newsroom:profile")


@staff_member_required
def verify(request):
    """Ask for the current code of the user's authenticator app, or one of their backup codes."""
    authenticator = authenticator_of(request.user)
    if authenticator is None:
        return redirect("admin:index")
    backup = BackupCodes.objects.filter(user=request.user, confirmed=True).first()
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        looks_like_app_code = token.isdigit() and len(token) <= 8
        device = authenticator if looks_like_app_code else backup
        if device is not None and device.verify_token(token):
            otp_login(request, device)
            if device is backup:
                backup_codes.record_backup_code_used(user=request.user, device=backup)
                messages.warning(request, f"You signed in with a backup code; {backup.remaining} left. "
                                          "Make new ones under My profile → Two-factor login.")
            return redirect("admin:index")
        form.add_error(None, "That code is not right (or you tried too often: wait a moment and try again).")
    return page(request, "admin/two_factor/verify.html", title="Two-factor login", form=form,
                has_backup_codes=backup is not None)
