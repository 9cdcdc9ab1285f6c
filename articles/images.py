"""Image uploads, validation and renditions."""

import uuid
from pathlib import PurePosixPath

from django.utils import timezone


def safe_upload_name(filename):
    """A generated storage name: no part of the uploader's path survives, nothing is overwritten."""
    suffix = PurePosixPath(str(filename).replace("\\", "/")).suffix.lower()
    if suffix not in {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}:
        suffix = ".bin"
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"
