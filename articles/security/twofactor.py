"""Optional TOTP two-factor login for staff (django-otp).

Anyone on the staff may add an authenticator app at ``/admin/two-factor/``; from then on the admin
asks for a code after the password. With ``REQUIRE_2FA`` set, Publishers and superusers must set
one up before the admin opens. Wrong codes are throttled by django-otp (growing delays per device).
"""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

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
                if user_has_device(user, confirmed=True):
                    return redirect(f"{reverse('two_factor_verify')}?next={admin_root}")
                if two_factor_required(user):
                    return redirect("two_factor_setup")
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(label="Code from your authenticator app", max_length=8,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "autofocus": True}))


def qr_code_data_uri(text):
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


def page(request, template, **context):
    return render(request, template, {**admin.site.each_context(request), **context})


@staff_member_required
def setup(request):
    """Add an authenticator app: show its secret (and QR code), confirm it with a first code."""
    if user_has_device(request.user, confirmed=True):
        return redirect("admin:index")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and check_token(request, device, form):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return redirect("admin:index")
    secret = base64.b32encode(device.bin_key).decode()
    return page(request, "admin/two_factor/setup.html", title="Set up two-factor login", form=form,
                secret=secret, qr_code=qr_code_data_uri(device.config_url),
                required=two_factor_required(request.user))


@staff_member_required
def verify(request):
    """Ask for the current code of the user's confirmed device."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("admin:index")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and check_token(request, device, form):
        return redirect("admin:index")
    return page(request, "admin/two_factor/verify.html", title="Two-factor login", form=form)
