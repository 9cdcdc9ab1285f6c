"""Content-Security-Policy, built with django-csp.

Reader pages get ``settings.CONTENT_SECURITY_POLICY``: scripts only from our origin plus the
sha256 hashes in ``CSP_READER_SCRIPT_HASHES`` (constant inline bootstrap scripts), never
``'unsafe-inline'`` and never a nonce, because reader pages are cached and shared. JSON-LD
(``<script type="application/ld+json">``) is data, not executed, so script-src does not apply.

The admin gets :func:`admin_policy`: the same, except that django-prose-editor loads its modules
through an inline ``<script type="importmap">`` whose text names the deployment's static file
addresses (hashed names in production), so its sha256 is taken from the page itself; only import
maps are hashed, never an executable script. Django's admin and the editor set a few inline
``style`` attributes, so style-src allows inline styles on the admin only.

Violations are posted to :func:`csp_report`, which logs them, at most ``CSP_REPORTS_PER_MINUTE``
per client address.
"""

import base64
import hashlib
import json
import logging
import re

from functools import lru_cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.security.middleware import is_admin_path
from articles.security.ratelimit import over_limit
from articles.security.throttling import client_ip

logger = logging.getLogger("newsroom.csp")

IMPORT_MAP = re.compile(rb'<script type="importmap"[^>]*>(.*?)</script>', re.DOTALL)
REPORT_MAX_BYTES = 16 * 1024


def sha256_source(text):
    """The CSP source expression allowing an inline script whose exact text is ``text``."""
    data = text if isinstance(text, bytes) else text.encode()
    return "'sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode() + "'"


def admin_policy(import_map_hashes=()):
    """The admin's policy: the reader policy with inline styles and the page's import maps."""
    directives = {key: list(value) for key, value in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()}
    directives["script-src"] = ["'self'", *import_map_hashes]
    directives["style-src"] = ["'self'", "'unsafe-inline'"]
    directives["img-src"] = ["'self'", "data:", "blob:", "https:"]
    return {"DIRECTIVES": directives}


PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
                "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro")
POLICY_SETTINGS = {"CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY", "DEBUG"}


@lru_cache(maxsize=1)
def reader_headers():
    """The reader pages' policy headers, as django-csp builds them from the settings alone."""
    return {HEADER: build_policy(), HEADER_REPORT_ONLY: build_policy(report_only=True)}


@receiver(setting_changed)
def _forget_reader_headers(setting, **kwargs):
    if setting in POLICY_SETTINGS:
        reader_headers.cache_clear()


def settings_only(request, response):
    """Whether django-csp would build this response's policy from the settings alone: a reader page
    with no nonce, no per-view policy and no exemption, and no excluded prefix configured."""
    if is_admin_path(request) or getattr(request, "_csp_nonce", None) is not None:
        return False
    if any(getattr(response, attribute, None) not in (None, False) for attribute in PER_RESPONSE):
        return False
    if settings.DEBUG and response.status_code in (404, 500):
        return False  # django-csp leaves Django's debug pages alone
    policies = (getattr(settings, name, None) or {} for name in POLICY_SETTINGS - {"DEBUG"})
    return not any(policy.get("EXCLUDE_URL_PREFIXES") for policy in policies)


class NewsroomCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's own policy (see the module docstring).

    A reader page's policy depends on the settings alone, so its header strings are built once per
    settings change (:func:`reader_headers`) instead of for every response: django-csp rebuilt them
    each time, a fifth of what a page-cache hit cost in Python.
    """

    def process_response(self, request, response):
        if not settings_only(request, response):
            return super().process_response(request, response)
        for header, value in reader_headers().items():
            if value and header not in response:
                response[header] = value
        # as django-csp: asking for a nonce once the header is written is an error, not a silent gap
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None or not is_admin_path(request):
            return parts
        hashes = []
        if "html" in response.get("Content-Type", "") and not getattr(response, "streaming", False):
            hashes = [sha256_source(match) for match in IMPORT_MAP.findall(response.content)]
        parts.config = admin_policy(hashes)["DIRECTIVES"]
        return parts


@csrf_exempt
@require_POST
@never_cache
def csp_report(request):
    """Log a browser's CSP violation report (both the old ``csp-report`` and the Reporting API shape)."""
    if over_limit(f"csp:{client_ip(request)}", getattr(settings, "CSP_REPORTS_PER_MINUTE", 30)):
        return HttpResponse(status=429)
    body = request.read(REPORT_MAX_BYTES + 1)
    if len(body) > REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    try:
        payload = json.loads(body or b"null")
    except ValueError:
        return HttpResponse(status=400)
    reports = payload if isinstance(payload, list) else [payload]
    for report in reports[:10]:
        if not isinstance(report, dict):
            continue
        details = report.get("csp-report") or report.get("body") or {}
        if not isinstance(details, dict):
            continue
        logger.warning(
            "CSP violation: %s blocked %s on %s",
            str(details.get("violated-directive") or details.get("effectiveDirective") or "?")[:100],
            str(details.get("blocked-uri") or details.get("blockedURL") or "?")[:200],
            str(details.get("document-uri") or details.get("documentURL") or "?")[:200],
        )
    return HttpResponse(status=204)
