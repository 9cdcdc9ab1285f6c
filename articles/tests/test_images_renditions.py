"""Renditions: focal-point crops, sizes, caching, and one file under concurrent requests."""

import io
import threading
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from PIL import Image as PILImage

from articles.images import crop_box, get_rendition, render
from articles.models import Image, Rendition
from articles.tests.factories import ImageFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def picture_with_dot(size, focal):
    """A grey picture with a pure red dot at the fractional position ``focal``."""
    picture = PILImage.new("RGB", size, (128, 128, 128))
    x, y = round(focal[0] * size[0]), round(focal[1] * size[1])
    radius = max(size) // 40
    picture.paste((255, 0, 0), (x - radius, y - radius, x + radius, y + radius))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


def red_pixels(data):
    with PILImage.open(io.BytesIO(data)) as out:
        rgb = out.convert("RGB")
        return sum(1 for r, g, b in rgb.get_flattened_data() if r > 200 and g < 80 and b < 80)


@pytest.mark.parametrize("size", [(1600, 900), (900, 1600), (1000, 1000), (4000, 1000)])
@pytest.mark.parametrize("ratio", [16 / 9, 4 / 3, 1.0])
@pytest.mark.parametrize("focal", [(0, 0), (1, 1), (0.5, 0.5), (0.9, 0.1), (0.05, 0.8), (0.33, 0.66)])
def test_crop_box_has_the_ratio_stays_inside_and_keeps_the_focal_point(size, ratio, focal):
    left, top, right, bottom = crop_box(*size, ratio, *focal)
    assert 0 <= left < right <= size[0] and 0 <= top < bottom <= size[1]
    assert abs((right - left) / (bottom - top) - ratio) < 0.01
    fx, fy = focal[0] * size[0], focal[1] * size[1]
    assert left <= fx <= right and top <= fy <= bottom


@pytest.mark.parametrize("crop", ["16x9", "4x3", "1x1"])
@pytest.mark.parametrize("focal", [(0.9, 0.2), (0.1, 0.85), (0.5, 0.5)])
def test_rendered_crop_keeps_the_focal_point_in_frame(crop, focal):
    # A wide picture for the square crop, a tall one for the 16:9 crop: both must cut a lot away.
    size = (2400, 800) if crop == "1x1" else (1000, 1500)
    data = picture_with_dot(size, focal)
    with PILImage.open(io.BytesIO(data)) as source:
        out, width, height = render(source, crop=crop, width=320, fmt="jpeg", focal_x=focal[0], focal_y=focal[1])
    assert width == 320
    assert height == {"1x1": 320, "4x3": 240, "16x9": 180}[crop]
    assert red_pixels(out) > 10


def test_a_centre_crop_would_have_lost_the_dot():
    """The previous test is meaningful: without the focal point the dot is cut away."""
    data = picture_with_dot((2400, 800), (0.9, 0.2))
    with PILImage.open(io.BytesIO(data)) as source:
        out, _, _ = render(source, crop="1x1", width=320, fmt="jpeg", focal_x=0.5, focal_y=0.5)
    assert red_pixels(out) == 0


def test_renditions_never_upscale():
    with PILImage.open(io.BytesIO(picture_with_dot((500, 300), (0.5, 0.5)))) as source:
        _, width, height = render(source, crop="free", width=1920, fmt="webp")
    assert (width, height) == (500, 300)


@pytest.mark.django_db
def test_rendition_is_made_once_and_reused(media_root):
    image = ImageFactory()
    first = get_rendition(image, crop="16x9", width=640, fmt="webp")
    again = get_rendition(image, crop="16x9", width=640, fmt="webp")
    assert first.pk == again.pk
    assert (first.width, first.height) == (640, 360)
    assert first.file.name.startswith(f"renditions/{image.pk}/") and first.file.name.endswith(".webp")
    with PILImage.open(first.file.path) as stored:
        assert stored.format == "WEBP" and stored.size == (640, 360)
    jpeg = get_rendition(image, crop="16x9", width=640, fmt="jpeg")
    with PILImage.open(jpeg.file.path) as stored:
        assert stored.format == "JPEG"
    assert Rendition.objects.count() == 2
    assert len(list(Path(media_root, "renditions").rglob("*.*"))) == 2


@pytest.mark.django_db
def test_unknown_spec_is_refused():
    image = ImageFactory()
    with pytest.raises(ValueError):
        get_rendition(image, crop="16x9", width=641, fmt="webp")
    with pytest.raises(ValueError):
        get_rendition(image, crop="16x9", width=640, fmt="png")


@pytest.mark.django_db
def test_moving_the_focal_point_or_replacing_the_file_drops_old_renditions(media_root):
    image = ImageFactory()
    old = get_rendition(image, crop="1x1", width=320, fmt="jpeg")
    image.focal_x = 0.1
    image.save()
    assert not Rendition.objects.filter(pk=old.pk).exists()
    assert not Path(old.file.path).exists()
    new = get_rendition(image, crop="1x1", width=320, fmt="jpeg")
    assert new.file.name != old.file.name
    image.title = "Only the title changed"
    image.save()
    assert Rendition.objects.filter(pk=new.pk).exists()
    image.file = ContentFile(picture_with_dot((800, 600), (0.5, 0.5)), name="new.jpg")
    image.save()
    assert not Rendition.objects.filter(image=image).exists()


@pytest.mark.django_db
def test_deleting_an_image_deletes_its_files(media_root):
    image = ImageFactory()
    rendition = get_rendition(image, crop="free", width=320, fmt="webp")
    paths = [Path(image.file.path), Path(rendition.file.path)]
    assert all(path.exists() for path in paths)
    image.delete()
    assert not any(path.exists() for path in paths)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_one_missing_rendition_make_one_file_and_one_row(media_root):
    image = ImageFactory(file=ContentFile(picture_with_dot((2000, 1500), (0.5, 0.5)), name="big.jpg"))
    workers = 4
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def request():
        try:
            barrier.wait()
            results.append(get_rendition(Image.objects.get(pk=image.pk), crop="16x9", width=960, fmt="webp").pk)
        except Exception as exc:  # reported below; a thread must not die silently
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1 and len(results) == workers
    assert Rendition.objects.filter(image=image).count() == 1
    assert len(list(Path(media_root, "renditions").rglob("*.*"))) == 1


@pytest.mark.django_db
def test_each_image_lists_its_made_renditions_so_pages_name_the_files_without_a_query(media_root):
    from django.test.utils import CaptureQueriesContext

    from articles.templatetags.images import picture_context

    image = ImageFactory()
    webp = get_rendition(image, crop="16x9", width=640, fmt="webp")
    get_rendition(Image.objects.get(pk=image.pk), crop="1x1", width=320, fmt="jpeg")  # another copy of the row
    image = Image.objects.get(pk=image.pk)
    assert set(image.made_renditions) == {"16x9-w640.webp", "1x1-w320.jpeg"}  # neither write lost the other
    with CaptureQueriesContext(connection) as queries:
        context = picture_context(image, crop="16x9")
    assert len(queries) == 0
    assert webp.file.url in context["webp_srcset"]  # the stored file, not the view that would make it
    assert "/images/" in context["jpeg_srcset"]  # not made yet: the on-demand address
    Rendition.objects.get(pk=webp.pk).delete()
    assert set(Image.objects.get(pk=image.pk).made_renditions) == {"1x1-w320.jpeg"}
    image.focal_x = 0.2
    image.save()
    assert Image.objects.get(pk=image.pk).made_renditions == {}


@pytest.mark.django_db
def test_the_migration_lists_renditions_made_before_it(media_root):
    import importlib

    from django.apps import apps

    image = ImageFactory()
    rendition = get_rendition(image, crop="4x3", width=320, fmt="webp")
    Image.objects.filter(pk=image.pk).update(made_renditions={})
    migration = importlib.import_module("articles.migrations.0016_image_made_renditions")
    migration.list_made_renditions(apps, None)
    assert Image.objects.get(pk=image.pk).made_renditions == {"4x3-w320.webp": rendition.file.name}
