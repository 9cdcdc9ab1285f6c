"""Upload validation: what a picture must be before anything reaches storage.

Every picture that is stored went through :func:`prepare_image`: it must be a
raster format Pillow decodes, within the byte, pixel and frame caps, and it is
re-encoded by Pillow, which drops EXIF/GPS/XMP, applies the camera's
orientation and leaves no room for polyglots (an HTML or ZIP payload hidden in
a JPEG does not survive re-encoding). The admin form and the importers'
``--fetch-images`` (:mod:`articles.importers.fetch`) share this path.

Phones send HEIC: the ``pillow-heif`` plugin decodes it, and it is stored as a
JPEG (browsers cannot show HEIC), so every stored original is a web format.
"""

import io
import re
import warnings
from dataclasses import dataclass

import pillow_heif
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageOps, ImageSequence, features

from articles.images.formats import (  # noqa: F401  (re-exported)
    CONTENT_TYPES,
    ImageRejected,
    max_frames,
    max_pixels,
    max_upload_bytes,
    safe_upload_name,
)

pillow_heif.register_heif_opener(thumbnails=False)


# Pillow format name -> (file extension, Content-Type) of the stored file
FORMATS = {
    "JPEG": (".jpg", "image/jpeg"),
    "PNG": (".png", "image/png"),
    "GIF": (".gif", "image/gif"),
    "WEBP": (".webp", "image/webp"),
}
if features.check("avif"):
    FORMATS["AVIF"] = (".avif", "image/avif")
# Formats we decode but store as another one: HEIC photos become JPEG.
STORED_AS = {"HEIF": "JPEG"}
DECODED = [*FORMATS, *STORED_AS]
ACCEPT = ",".join(sorted({content_type for _, content_type in FORMATS.values()} | {"image/heic", "image/heif"}))
FORMAT_NAMES = "JPEG, PNG, GIF, WebP, AVIF or HEIC" if "AVIF" in FORMATS else "JPEG, PNG, GIF, WebP or HEIC"

# A text document (SVG, HTML, XML) starts with "<"; a polyglot hides a tag after an image header.
TEXT_DOCUMENT_RE = re.compile(rb"^(\xef\xbb\xbf)?\s*<")
MARKUP_RE = re.compile(rb"<\s*(svg|html|script|iframe|!doctype)\b", re.IGNORECASE)


@dataclass
class ValidatedImage:
    image: PILImage.Image
    format: str
    width: int
    height: int
    frames: int


def check_file_name(name):
    """Refuse names carrying folder parts or control characters (a hostile client, not a camera)."""
    if not name:
        return
    if "/" in name or "\\" in name or name in (".", "..") or any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise ImageRejected(
            "The file name contains folder parts or control characters. "
            "Rename the file (e.g. photo.jpg) and try again.",
            code="bad_name",
        )


def _file_size(fileobj):
    size = getattr(fileobj, "size", None)
    if size is None:
        position = fileobj.tell()
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell()
        fileobj.seek(position)
    return size


def validate_image_file(fileobj, *, name=None):
    """Check that ``fileobj`` is a picture we accept and decode it fully.

    The order matters: the byte cap is checked before anything is read, the
    pixel cap from the header before any pixel is decoded, the frame count
    before the frames are decoded. Raises :class:`ImageRejected` (a
    ``ValidationError``) with a message for editors; returns a
    :class:`ValidatedImage` holding the decoded Pillow image.
    """
    check_file_name(name if name is not None else getattr(fileobj, "name", None))
    size = _file_size(fileobj)
    if not size:
        raise ImageRejected("The file is empty.", code="empty")
    if size > max_upload_bytes():
        raise ImageRejected(
            f"The file is {size / 1_048_576:.1f} MB; the limit is {max_upload_bytes() / 1_048_576:.0f} MB.",
            code="too_big",
        )
    fileobj.seek(0)
    head = fileobj.read(1024)
    fileobj.seek(0)
    if TEXT_DOCUMENT_RE.match(head) or MARKUP_RE.search(head):
        raise ImageRejected(
            f"This is an SVG or HTML document, not a photo. Upload a {FORMAT_NAMES} file.", code="markup"
        )
    allowed = FORMAT_NAMES
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image = PILImage.open(fileobj, formats=DECODED)
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ImageRejected(_too_many_pixels_message(), code="too_many_pixels") from None
    except (PILImage.UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ImageRejected(
            f"This file is not a picture we can read. Accepted formats: {allowed}.", code="not_an_image"
        ) from exc
    if image.format not in DECODED:
        raise ImageRejected(f"{image.format} files are not accepted. Accepted formats: {allowed}.", code="format")
    width, height = image.size
    if width < 1 or height < 1 or width * height > max_pixels():
        raise ImageRejected(_too_many_pixels_message(width, height), code="too_many_pixels")
    try:
        # A HEIC may hold several pictures (bursts, depth maps); only its primary picture is kept.
        frames = 1 if image.format in STORED_AS else getattr(image, "n_frames", 1)
        if frames > max_frames():
            raise ImageRejected(
                f"The animation has {frames} frames; the limit is {max_frames()}.", code="too_many_frames"
            )
        if frames > 1 and width * height * frames > max_pixels():
            raise ImageRejected(
                f"The animation has {frames} frames of {width} × {height} pixels; all frames together may have "
                f"at most {max_pixels() / 1_000_000:.0f} megapixels. Make it smaller or shorter.",
                code="too_many_pixels",
            )
        if frames == 1:
            image.load()
        else:
            for frame in ImageSequence.Iterator(image):
                frame.load()
            image.seek(0)
    except ImageRejected:
        raise
    except Exception as exc:  # Pillow raises many kinds of errors for damaged data
        raise ImageRejected(
            "The picture is damaged or incomplete (it could not be decoded). Export it again and retry.",
            code="damaged",
        ) from exc
    return ValidatedImage(image=image, format=image.format, width=width, height=height, frames=frames)


def _too_many_pixels_message(width=None, height=None):
    limit = f"{max_pixels() / 1_000_000:.0f} megapixels"
    if width and height:
        return f"The picture is {width} × {height} pixels; the limit is {limit}. Resize it and try again."
    return f"The picture declares more pixels than we accept (the limit is {limit}). Resize it and try again."


def clean_image(validated):
    """Re-encode a validated picture: orientation applied, EXIF/GPS/XMP and anything hidden dropped.

    Returns ``(bytes, extension)``. The ICC colour profile is kept; it holds no personal data.
    """
    source = validated.image
    fmt = STORED_AS.get(validated.format, validated.format)
    icc = source.info.get("icc_profile")
    out = io.BytesIO()
    options = {"icc_profile": icc} if icc else {}
    if validated.frames > 1:
        frames = [frame.copy() for frame in ImageSequence.Iterator(source)]
        for frame in frames:
            frame.info = {}
        options.update(save_all=True, append_images=frames[1:], loop=source.info.get("loop", 0))
        if "duration" in source.info:
            options["duration"] = source.info["duration"]
        frames[0].save(out, format=fmt, **options)
    else:
        image = ImageOps.exif_transpose(source) or source.copy()
        transparency = image.info.get("transparency")
        image.info = {}
        if fmt == "JPEG":
            if image.mode not in ("RGB", "L", "CMYK"):
                image = image.convert("RGB")
            options.update(quality=92, optimize=True, progressive=True)
        elif fmt == "PNG":
            options.update(optimize=False)
            if transparency is not None:
                options["transparency"] = transparency
        elif fmt == "GIF" and transparency is not None:
            options["transparency"] = transparency
        elif fmt in ("WEBP", "AVIF"):
            options.update(quality=90)
        image.save(out, format=fmt, **options)
    return out.getvalue(), FORMATS[fmt][0]


def prepare_image(fileobj, *, name=None):
    """Validate and clean an upload; return a ``ContentFile`` ready to assign to ``Image.file``.

    The returned file's name is only an extension hint: ``Image.file`` stores
    it under a generated name (see :func:`safe_upload_name`).
    """
    validated = validate_image_file(fileobj, name=name)
    data, extension = clean_image(validated)
    validated.image.close()
    return ContentFile(data, name=f"upload{extension}")
