"""The media library's picture handling, one concern per module.

- :mod:`.formats` — file formats as names and Content-Types, the caps, :class:`ImageRejected` (no Pillow)
- :mod:`.validation` — what an upload must be, and its re-encoding (EXIF/GPS stripped, orientation applied)
- :mod:`.renditions` — resized and focal-point-cropped copies, made on demand and cached
- :mod:`.usage` — which images a story uses, and the alt-text rule for publishing

Callers import from here: ``from articles.images import prepare_image, get_rendition``. Each name is
loaded from its module on first use (PEP 562), so a process that only builds rendition addresses
(reader pages) never imports Pillow or the HEIC plugin: they load with :mod:`.validation`, when a
picture is decoded.
"""

from importlib import import_module

_MODULE_OF = {
    "formats": ("CONTENT_TYPES", "ImageRejected", "max_frames", "max_pixels", "max_upload_bytes", "safe_upload_name"),
    "renditions": ("CROPS", "RENDITION_FORMATS", "WIDTHS", "crop_box", "get_rendition", "parse_spec", "render",
                   "rendition_size", "rendition_spec"),
    "usage": ("body_image_ids", "images_missing_alt", "missing_alt_message"),
    "validation": ("ACCEPT", "FORMAT_NAMES", "FORMATS", "ValidatedImage", "check_file_name", "clean_image",
                   "prepare_image", "validate_image_file"),
}
_WHERE = {name: module for module, names in _MODULE_OF.items() for name in names}

__all__ = sorted(_WHERE)


def __getattr__(name):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted([*globals(), *_WHERE])
