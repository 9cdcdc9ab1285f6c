"""The media library's picture handling, one concern per module.

- :mod:`.validation` — what an upload must be, and its re-encoding (EXIF/GPS stripped, orientation applied)
- :mod:`.fetch` — downloading a picture for an importer, through the same checks
- :mod:`.renditions` — resized and focal-point-cropped copies, made on demand and cached
- :mod:`.usage` — which images a story uses, and the alt-text rule for publishing

Callers import from here: ``from articles.images import prepare_image, get_rendition``.
"""

from articles.images.fetch import fetch_image, fetch_missing_files
from articles.images.renditions import (
    CROPS,
    RENDITION_FORMATS,
    WIDTHS,
    crop_box,
    get_rendition,
    parse_spec,
    render,
    rendition_size,
    rendition_spec,
)
from articles.images.usage import body_image_ids, images_missing_alt, missing_alt_message, sync_body_images
from articles.images.validation import (
    ACCEPT,
    CONTENT_TYPES,
    FORMAT_NAMES,
    FORMATS,
    MAX_FRAMES,
    MAX_PIXELS,
    MAX_UPLOAD_BYTES,
    ImageRejected,
    ValidatedImage,
    check_file_name,
    clean_image,
    prepare_image,
    safe_upload_name,
    validate_image_file,
)

__all__ = [
    "ACCEPT", "CONTENT_TYPES", "CROPS", "FORMAT_NAMES", "FORMATS", "MAX_FRAMES", "MAX_PIXELS", "MAX_UPLOAD_BYTES",
    "RENDITION_FORMATS", "WIDTHS", "ImageRejected", "ValidatedImage", "body_image_ids", "check_file_name",
    "clean_image", "crop_box", "fetch_image", "fetch_missing_files", "get_rendition", "images_missing_alt",
    "missing_alt_message", "parse_spec", "prepare_image", "render", "rendition_size", "rendition_spec",
    "safe_upload_name", "sync_body_images", "validate_image_file",
]
