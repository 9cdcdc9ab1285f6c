"""Small middlewares for limits and headers Django does not set by itself."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import NoReverseMatch

from articles.paths import path_to


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is over ``REQUEST_BODY_MAX_BYTES`` with 413, before
    anything reads it. Put it first. The reverse proxy should carry the same limit (nginx
    ``client_max_body_size``) so a body without a Content-Length (chunked) is bounded too; Django's
    own ``DATA_UPLOAD_MAX_MEMORY_SIZE`` and the capped upload handler bound what is read here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = getattr(settings, "REQUEST_BODY_MAX_BYTES", 40 * 1024 * 1024)
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            return HttpResponse("Bad Content-Length.\n", status=400, content_type="text/plain")
        if length < 0:
            return HttpResponse("Bad Content-Length.\n", status=400, content_type="text/plain")
        if length > limit:
            response = HttpResponse(
                f"Request body too large: at most {limit // (1024 * 1024)} MB.\n",
                status=413, content_type="text/plain",
            )
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Send ``PERMISSIONS_POLICY`` (browser features the site never uses are switched off)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


def admin_root():
    """The admin's address prefix in the current URLconf, or ``None`` when it has no admin."""
    try:
        return path_to("admin:index")
    except NoReverseMatch:
        return None


def is_admin_path(request):
    root = admin_root()
    return root is not None and request.path_info.startswith(root)
