"""The media library's picture handling, one concern per module.

- :mod:`.validation` — what an upload must be, and its re-encoding (EXIF/GPS stripped, orientation applied)
- :mod:`.renditions` — resized and focal-point-cropped copies, made on demand and cached
- :mod:`.usage` — which images a story uses, and the alt-text rule for publishing

Callers import from here: ``from articles.images import prepare_image, get_rendition``.
"""

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
from articles.images.usage import body_image_ids, images_missing_alt, missing_alt_message
from articles.images.validation import (
    ACCEPT,
    CONTENT_TYPES,
    FORMAT_NAMES,
    FORMATS,
    ImageRejected,
    ValidatedImage,
    check_file_name,
    clean_image,
    prepare_image,
    safe_upload_name,
    max_frames,
    max_pixels,
    max_upload_bytes,
    validate_image_file,
)

__all__ = [
    "ACCEPT", "CONTENT_TYPES", "CROPS", "FORMAT_NAMES", "FORMATS",
    "RENDITION_FORMATS", "WIDTHS", "ImageRejected", "ValidatedImage", "body_image_ids", "check_file_name",
    "clean_image", "crop_box", "get_rendition", "images_missing_alt",
    "missing_alt_message", "parse_spec", "prepare_image", "render", "rendition_size", "rendition_spec",
    "max_frames", "max_pixels", "max_upload_bytes", "safe_upload_name", "validate_image_file",
]
