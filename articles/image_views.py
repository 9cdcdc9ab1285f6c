"""On-demand renditions and media files, served with the right Content-Type and ``nosniff``."""

from pathlib import PurePosixPath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_safe

from articles.images import CONTENT_TYPES, RENDITION_FORMATS, ImageRejected, get_rendition, parse_spec
from articles.models import Image

MEDIA_PREFIXES = ("images/", "renditions/")


@require_safe
def rendition(request, pk, spec, fmt):
    """Redirect to the stored rendition, making it first if needed.

    Readers only get images that :meth:`ImageQuerySet.public` lists; staff get any image (the admin's previews).
    """
    parsed = parse_spec(spec)
    if parsed is None or fmt not in RENDITION_FORMATS:
        raise Http404("No such rendition")
    staff = request.user.is_authenticated and request.user.is_staff
    images = Image.objects.all() if staff else Image.objects.public()
    image = get_object_or_404(images, pk=pk)
    if not image.file:
        raise Http404("This image has no file")
    crop, width = parsed
    try:
        made = get_rendition(image, crop=crop, width=width, fmt=fmt)
    except (ImageRejected, OSError):  # Pillow's UnidentifiedImageError is an OSError
        raise Http404("The image file cannot be read") from None
    response = redirect(made.file.url)
    response["Cache-Control"] = "private, no-store" if staff else "public, max-age=300"
    return response


@require_safe
def serve_media(request, path):
    """Serve a stored image or rendition (local storage, or any storage without its own web server).

    Only known image extensions under the library's folders; the Content-Type comes from
    our own table, never from the file, and the browser is told not to sniff or run it.
    """
    content_type = CONTENT_TYPES.get(PurePosixPath(path).suffix.lower())
    parts = path.split("/")
    if (
        not content_type or not path.startswith(MEDIA_PREFIXES)
        or any(part in ("", ".", "..") for part in parts) or "\\" in path
        or any(ord(ch) < 32 or ord(ch) == 127 for ch in path)
    ):
        raise Http404("Not a media file")
    try:
        handle = default_storage.open(path, "rb")
    except (OSError, ValueError, SuspiciousFileOperation):
        raise Http404("Not a media file") from None
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
