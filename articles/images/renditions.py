"""Renditions: resized (and possibly cropped around the focal point) copies, made on demand and kept.

:func:`get_rendition` makes one the first time it is asked for and stores it as a
file in ``default_storage`` (local disk or S3, like the originals) plus a
``Rendition`` row; later requests get the row.
"""

import io
import re
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from articles.images.formats import ImageRejected

WIDTHS = (320, 640, 960, 1280, 1920)
CROPS = {"free": None, "16x9": 16 / 9, "4x3": 4 / 3, "1x1": 1.0, "og": 1200 / 630}
SOCIAL_WIDTH = 1200  # the "og" crop is made only at this width: the 1200×630 picture of share cards (Open Graph)
RENDITION_FORMATS = {"webp": ("WEBP", "image/webp"), "jpeg": ("JPEG", "image/jpeg")}
SPEC_RE = re.compile(r"^(?P<crop>free|16x9|4x3|1x1|og)-w(?P<width>\d{3,4})$", re.ASCII)


def rendition_spec(crop, width):
    return f"{crop}-w{width}"


def parse_spec(spec):
    """``"16x9-w640"`` -> ``("16x9", 640)``; ``None`` for anything not in the catalogue."""
    match = SPEC_RE.match(spec or "")
    if not match or int(match["width"]) not in ((SOCIAL_WIDTH,) if match["crop"] == "og" else WIDTHS):
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
    from PIL import Image as PILImage  # here, not at the top: reader pages use this module without Pillow

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
        from PIL import Image as PILImage

        from articles.images.validation import FORMATS  # Pillow and the HEIC opener: only to make a rendition

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
            image.made_renditions = remember_rendition(image.pk, f"{spec}.{fmt}", stored)
        except Exception:
            default_storage.delete(stored)
            raise
    return rendition


def remember_rendition(image_id, key, name):
    """Add a made rendition to its image's list (the row locked, so two renditions made at once
    both stay listed); returns the new list."""
    from articles.models import Image

    made = Image.objects.select_for_update().filter(pk=image_id).values_list("made_renditions", flat=True).first()
    made = {**(made or {}), key: name}
    Image.objects.filter(pk=image_id).update(made_renditions=made)
    return made
