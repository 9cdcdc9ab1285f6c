"""Image uploads, validation and renditions.

Every picture that reaches storage went through :func:`prepare_image`: it
must be a raster format Pillow decodes, within the byte, pixel and frame caps,
and it is re-encoded by Pillow, which drops EXIF/GPS/XMP, applies the camera's
orientation and leaves no room for polyglots (an HTML or ZIP payload hidden in
a JPEG does not survive re-encoding). The admin form, :func:`fetch_image` (for
importers) and anything else that stores images share this one path.

Renditions (resized, optionally cropped around the focal point) are made on
demand by :func:`get_rendition` and cached as a file plus a ``Rendition`` row.
"""

import io
import ipaddress
import mimetypes
import re
import socket
import ssl
import time
import uuid
import warnings
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageOps, ImageSequence, features

# S3 storage and the media view derive Content-Type from the name; make sure these are known.
mimetypes.add_type("image/webp", ".webp")
mimetypes.add_type("image/avif", ".avif")

MAX_UPLOAD_BYTES = getattr(settings, "IMAGE_MAX_UPLOAD_BYTES", 30 * 1024 * 1024)
MAX_PIXELS = getattr(settings, "IMAGE_MAX_PIXELS", 50_000_000)
MAX_FRAMES = getattr(settings, "IMAGE_MAX_FRAMES", 200)
FETCH_TIMEOUT = 15
FETCH_MAX_REDIRECTS = 3

# Pillow format name -> (file extension, Content-Type)
FORMATS = {
    "JPEG": (".jpg", "image/jpeg"),
    "PNG": (".png", "image/png"),
    "GIF": (".gif", "image/gif"),
    "WEBP": (".webp", "image/webp"),
}
if features.check("avif"):
    FORMATS["AVIF"] = (".avif", "image/avif")
CONTENT_TYPES = {ext: content_type for ext, content_type in FORMATS.values()} | {".jpeg": "image/jpeg"}
ACCEPT = ",".join(sorted({content_type for _, content_type in FORMATS.values()}))

# Renditions
WIDTHS = (320, 640, 960, 1280, 1920)
CROPS = {"free": None, "16x9": 16 / 9, "1x1": 1.0}
RENDITION_FORMATS = {"webp": ("WEBP", "image/webp"), "jpeg": ("JPEG", "image/jpeg")}
SPEC_RE = re.compile(r"^(?P<crop>free|16x9|1x1)-w(?P<width>\d{3,4})$")

# A text document (SVG, HTML, XML) starts with "<"; a polyglot hides a tag after an image header.
TEXT_DOCUMENT_RE = re.compile(rb"^(\xef\xbb\xbf)?\s*<")
MARKUP_RE = re.compile(rb"<\s*(svg|html|script|iframe|!doctype)\b", re.IGNORECASE)


class ImageRejected(ValidationError):
    """A file that is not a picture we accept. ``message`` is written for editors."""


@dataclass
class ValidatedImage:
    image: PILImage.Image
    format: str
    width: int
    height: int
    frames: int


def safe_upload_name(filename):
    """A generated storage name: no part of the uploader's path survives, nothing is overwritten."""
    suffix = PurePosixPath(str(filename).replace("\\", "/")).suffix.lower()
    if suffix not in CONTENT_TYPES:
        suffix = ".bin"
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


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
    if size > MAX_UPLOAD_BYTES:
        raise ImageRejected(
            f"The file is {size / 1_048_576:.1f} MB; the limit is {MAX_UPLOAD_BYTES / 1_048_576:.0f} MB.",
            code="too_big",
        )
    fileobj.seek(0)
    head = fileobj.read(1024)
    fileobj.seek(0)
    if TEXT_DOCUMENT_RE.match(head) or MARKUP_RE.search(head):
        raise ImageRejected(
            "This is an SVG or HTML document, not a photo. Upload a JPEG, PNG, GIF, WebP or AVIF file.", code="markup"
        )
    allowed = ", ".join(sorted(FORMATS))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image = PILImage.open(fileobj, formats=list(FORMATS))
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ImageRejected(_too_many_pixels_message(), code="too_many_pixels") from None
    except (PILImage.UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ImageRejected(
            f"This file is not a picture we can read. Accepted formats: {allowed}.", code="not_an_image"
        ) from exc
    if image.format not in FORMATS:
        raise ImageRejected(f"{image.format} files are not accepted. Accepted formats: {allowed}.", code="format")
    width, height = image.size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        raise ImageRejected(_too_many_pixels_message(width, height), code="too_many_pixels")
    try:
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_FRAMES:
            raise ImageRejected(
                f"The animation has {frames} frames; the limit is {MAX_FRAMES}.", code="too_many_frames"
            )
        if frames > 1 and width * height * frames > MAX_PIXELS:
            raise ImageRejected(
                f"The animation has {frames} frames of {width} × {height} pixels; all frames together may have "
                f"at most {MAX_PIXELS / 1_000_000:.0f} megapixels. Make it smaller or shorter.",
                code="too_many_pixels",
            )
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
    limit = f"{MAX_PIXELS / 1_000_000:.0f} megapixels"
    if width and height:
        return f"The picture is {width} × {height} pixels; the limit is {limit}. Resize it and try again."
    return f"The picture declares more pixels than we accept (the limit is {limit}). Resize it and try again."


def clean_image(validated):
    """Re-encode a validated picture: orientation applied, EXIF/GPS/XMP and anything hidden dropped.

    Returns ``(bytes, extension)``. The ICC colour profile is kept; it holds no personal data.
    """
    source = validated.image
    fmt = validated.format
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


# Fetching images for importers ------------------------------------------------------------


def _is_public_address(address):
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve_public(host, port):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ImageRejected(f"The image host {host!r} could not be found.", code="fetch") from None
    addresses = [info[4][0] for info in infos]
    if not addresses or not all(_is_public_address(address) for address in addresses):
        raise ImageRejected(f"Images are not fetched from private or local addresses ({host}).", code="fetch")
    return addresses[0]


def _fetch_once(url, *, max_bytes, deadline):
    """One GET, connecting to the address we checked (no second DNS lookup to rebind)."""
    import http.client

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImageRejected("Only http and https image addresses can be fetched.", code="fetch")
    if parts.username or parts.password:
        raise ImageRejected("Image addresses with user names or passwords are not fetched.", code="fetch")
    host = parts.hostname
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _resolve_public(host, port)
    timeout = max(0.1, deadline - time.monotonic())
    sock = socket.create_connection((address, port), timeout=timeout)
    try:
        if parts.scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
        connection.sock = sock
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"User-Agent": "newsroom-image-fetch/1", "Accept": ACCEPT})
        response = connection.getresponse()
        if response.status in (301, 302, 303, 307, 308):
            return None, urljoin(url, response.getheader("Location") or "")
        if response.status != 200:
            raise ImageRejected(f"The image address answered HTTP {response.status}.", code="fetch")
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise ImageRejected(f"The image is larger than {max_bytes // 1_048_576} MB.", code="too_big")
        chunks, total = [], 0
        while True:
            if time.monotonic() > deadline:
                raise ImageRejected("Fetching the image took too long.", code="fetch")
            chunk = response.read(65536)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise ImageRejected(f"The image is larger than {max_bytes // 1_048_576} MB.", code="too_big")
            chunks.append(chunk)
        return b"".join(chunks), url
    except (OSError, http.client.HTTPException) as exc:
        raise ImageRejected(f"The image could not be fetched ({exc.__class__.__name__}).", code="fetch") from exc
    finally:
        sock.close()


def fetch_image(url, *, max_bytes=None, timeout=FETCH_TIMEOUT):
    """Download an image for an importer and pass it through the upload checks.

    Only http(s); never private, loopback or link-local addresses (checked on
    every redirect); at most ``max_bytes``; the whole fetch within ``timeout``
    seconds. Returns a cleaned ``ContentFile`` for ``Image.file``; raises
    :class:`ImageRejected` with a readable reason.
    """
    max_bytes = min(max_bytes or MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES)
    deadline = time.monotonic() + timeout
    for _ in range(FETCH_MAX_REDIRECTS + 1):
        data, url = _fetch_once(url, max_bytes=max_bytes, deadline=deadline)
        if data is not None:
            return prepare_image(io.BytesIO(data))
    raise ImageRejected("The image address redirected too many times.", code="fetch")


def fetch_missing_files(images=None):
    """Download the files of imported references (``source_url`` set, no file yet).

    Each image is fetched through :func:`fetch_image`; a refused one keeps its
    reference and is reported. Returns ``(fetched, refused)`` where ``refused``
    is a list of ``(image, reason)``.
    """
    from articles.models import Image

    images = Image.objects.all() if images is None else images
    fetched, refused = [], []
    for image in images.filter(file="").exclude(source_url=""):
        try:
            image.file = fetch_image(image.source_url)
        except ImageRejected as exc:
            refused.append((image, exc.message))
            continue
        image.save()
        fetched.append(image)
    return fetched, refused


# Renditions -------------------------------------------------------------------------------


def rendition_spec(crop, width):
    return f"{crop}-w{width}"


def parse_spec(spec):
    """``"16x9-w640"`` -> ``("16x9", 640)``; ``None`` for anything not in the catalogue."""
    match = SPEC_RE.match(spec or "")
    if not match or int(match["width"]) not in WIDTHS:
        return None
    return match["crop"], int(match["width"])


def crop_box(width, height, ratio, focal_x, focal_y):
    """The largest box of aspect ``ratio`` inside ``width`` × ``height``, centred on the focal point where it can be."""
    if ratio is None:
        return (0, 0, width, height)
    crop_w, crop_h = width, round(width / ratio)
    if crop_h > height:
        crop_w, crop_h = round(height * ratio), height
    crop_w, crop_h = max(1, min(crop_w, width)), max(1, min(crop_h, height))
    left = min(max(round(focal_x * width - crop_w / 2), 0), width - crop_w)
    top = min(max(round(focal_y * height - crop_h / 2), 0), height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


def render(source, *, crop, width, fmt, focal_x=0.5, focal_y=0.5):
    """Make one rendition from an open Pillow image; returns ``(bytes, width, height)``. Never upscales."""
    ratio = CROPS[crop]
    full_w, full_h = source.size
    box = crop_box(full_w, full_h, ratio, focal_x, focal_y)
    target_w = min(width, box[2] - box[0])
    target_h = max(1, round(target_w * (box[3] - box[1]) / (box[2] - box[0])))
    shrink = (box[2] - box[0]) / target_w
    if source.format == "JPEG" and shrink >= 2:
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when that still covers the target: much faster.
        source.draft(source.mode, (full_w / shrink, full_h / shrink))
    source.load()
    sx, sy = source.size[0] / full_w, source.size[1] / full_h
    box = (box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy)
    if source.mode not in ("RGB", "RGBA", "L", "LA"):
        source = source.convert("RGBA" if "transparency" in source.info or "A" in source.getbands() else "RGB")
    out = source.resize((target_w, target_h), PILImage.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    pil_format, _ = RENDITION_FORMATS[fmt]
    buffer = io.BytesIO()
    if pil_format == "JPEG":
        if out.mode in ("RGBA", "LA"):
            background = PILImage.new("RGB", out.size, (255, 255, 255))
            background.paste(out, mask=out.getchannel("A"))
            out = background
        elif out.mode != "RGB":
            out = out.convert("RGB")
        out.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    else:
        out.save(buffer, format="WEBP", quality=80, method=4)
    return buffer.getvalue(), target_w, target_h


def rendition_size(image, crop, width):
    """The pixel size a rendition will have, computed without touching the file."""
    if not image.width or not image.height:
        return None
    box = crop_box(image.width, image.height, CROPS[crop], image.focal_x, image.focal_y)
    box_w, box_h = box[2] - box[0], box[3] - box[1]
    target_w = min(width, box_w)
    return target_w, max(1, round(target_w * box_h / box_w))


def get_rendition(image, *, crop="free", width=640, fmt="webp"):
    """The cached rendition of ``image``, made now if it does not exist yet.

    Idempotent and safe under concurrency: the row is created inside a
    transaction under a unique constraint on (image, spec, format), and only
    the request that created the row renders and writes the file. A second
    request blocks on the unique index (PostgreSQL) or the write lock (SQLite)
    until the first commits, then returns the finished row.
    """
    from articles.models import Rendition

    spec = rendition_spec(crop, width)
    if parse_spec(spec) is None or fmt not in RENDITION_FORMATS:
        raise ValueError(f"Unknown rendition {spec}.{fmt}")
    existing = Rendition.objects.filter(image=image, spec=spec, format=fmt).exclude(file="").first()
    if existing:
        return existing
    if not image.file:
        raise ImageRejected("This library entry has no file.", code="no_file")
    with transaction.atomic():
        rendition, created = Rendition.objects.get_or_create(image=image, spec=spec, format=fmt)
        if not created and rendition.file:
            return rendition
        with image.file.open("rb") as handle, PILImage.open(handle, formats=list(FORMATS)) as source:
            data, out_w, out_h = render(
                source, crop=crop, width=width, fmt=fmt, focal_x=image.focal_x, focal_y=image.focal_y
            )
        # The focal point is part of the name, so a new crop gets a new address and no cache serves the old one.
        stem = PurePosixPath(image.file.name).stem
        focus = f"f{round(image.focal_x * 1000):04d}{round(image.focal_y * 1000):04d}"
        name = f"renditions/{image.pk}/{stem}-{spec}-{focus}.{'jpg' if fmt == 'jpeg' else fmt}"
        stored = default_storage.save(name, ContentFile(data))
        try:
            rendition.file.name = stored
            rendition.width, rendition.height, rendition.file_size = out_w, out_h, len(data)
            rendition.save()
        except Exception:
            default_storage.delete(stored)
            raise
    return rendition


# Story bodies --------------------------------------------------------------------------------


class _ImageIdCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = []

    def handle_starttag(self, tag, attrs):
        if tag in ("figure", "img"):
            value = dict(attrs).get("data-image-id") or ""
            if value.strip().isdigit() and int(value) not in self.ids:
                self.ids.append(int(value))


def body_image_ids(html):
    """Ids of library images referenced in body HTML, in order of appearance."""
    collector = _ImageIdCollector()
    collector.feed(html or "")
    collector.close()
    return collector.ids


def sync_body_images(article):
    """Make ``article.body_images`` match the ``data-image-id`` references in its body."""
    from articles.models import Image

    ids = body_image_ids(article.body)
    article.body_images.set(Image.objects.filter(pk__in=ids).values_list("pk", flat=True))


def images_missing_alt(article):
    """Images ``article`` uses (lead and body) that have no alt text yet; empty when it may be published."""
    from articles.models import Image

    ids = set(body_image_ids(article.body))
    if article.pk:
        ids |= set(article.body_images.values_list("pk", flat=True))
    if article.lead_image_id:
        ids.add(article.lead_image_id)
    return list(Image.objects.filter(pk__in=ids, alt_text__regex=r"^\s*$").order_by("pk"))


def missing_alt_message(images):
    """An editor-facing sentence naming the images that block publication."""
    names = ", ".join(f"“{image}” (#{image.pk})" for image in images)
    return f"Add alt text to every image in the story before publishing. Missing on: {names}."
