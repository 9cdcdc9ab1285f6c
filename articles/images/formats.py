"""Picture file formats as names and Content-Types, the upload caps and the rejection error: what the models,
the media view and the admin need to load, without Pillow.

The models import only this module of the images package (a test checks it), so
loading them never pulls in Pillow, the HEIC opener or the renditions code.
"""

import mimetypes
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

# Extensions of the files we store (every stored original is a web format) and their Content-Type.
CONTENT_TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
    ".webp": "image/webp", ".avif": "image/avif",
}

# S3 storage and the media view derive Content-Type from the name; make sure these are known.
mimetypes.add_type("image/webp", ".webp")
mimetypes.add_type("image/avif", ".avif")


def safe_upload_name(filename):
    """A generated storage name: no part of the uploader's path survives, nothing is overwritten."""
    suffix = PurePosixPath(str(filename).replace("\\", "/")).suffix.lower()
    if suffix not in CONTENT_TYPES:
        suffix = ".bin"
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ImageRejected(ValidationError):
    """A file that is not a picture we accept. ``message`` is written for editors."""


def max_upload_bytes():
    """The byte cap on one picture (``IMAGE_MAX_UPLOAD_BYTES``), read when it is needed so tests can override it."""
    return getattr(settings, "IMAGE_MAX_UPLOAD_BYTES", 30 * 1024 * 1024)


def max_pixels():
    return getattr(settings, "IMAGE_MAX_PIXELS", 50_000_000)


def max_frames():
    return getattr(settings, "IMAGE_MAX_FRAMES", 200)
