"""Done when: an editor uploads a photo from a phone, sets its focus, makes it a story's lead and publishes;
a reader on a phone downloads a small WebP, on a desktop a large one. All in a real browser, end to end."""

import io

import pillow_heif
import pytest
from PIL import ExifTags
from PIL import Image as PILImage

from articles.models import Image, Status
from articles.tests.factories import article_in_state, user_in_role

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Floating villages brace for the dry season"
ALT = "Stilt houses above a brown river, boats moored below"


def phone_photo(path):
    """What an iPhone sends: a 2400 × 1800 HEIC with GPS coordinates in its EXIF."""
    picture = PILImage.linear_gradient("L").resize((2400, 1800)).convert("RGB")
    picture.paste((200, 120, 40), (1500, 300, 2100, 900))  # the subject, right of centre
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (12.0, 32.0, 10.0)
    buffer = io.BytesIO()
    pillow_heif.from_pillow(picture).save(buffer, quality=80, exif=exif.tobytes())
    path.write_bytes(buffer.getvalue())
    return path


def publish(page):
    page.locator("button.transition-publish").click()
    page.wait_for_load_state()
    return page.locator(".messagelist").inner_text()


def fetched_pictures(browser, url, viewport):
    """Open ``url`` as an anonymous reader; return every picture response the browser received."""
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response) if response.request.resource_type == "image"
            else None)
    try:
        page.goto(url)
        page.wait_for_function(
            "(() => { const img = document.querySelector('.story > .image img');"
            " return img && img.complete && img.naturalWidth > 0; })()"
        )
        current = page.evaluate("document.querySelector('.story > .image img').currentSrc")
        entries = page.evaluate(
            "performance.getEntriesByType('resource').filter(e => e.initiatorType === 'img').map(e => e.name)"
        )
        pictures = []
        for response in responses:
            if response.status == 200 and "/media/renditions/" in response.url:
                headers = response.all_headers()  # .headers leaves out security headers such as nosniff
                pictures.append((response.url, response.status, headers.get("content-type"),
                                 headers.get("x-content-type-options")))
    finally:
        context.close()
    return current, entries, pictures


@pytest.fixture
def media_through_the_site(monkeypatch):
    """Django's live server answers /media/ itself (django.views.static, no middleware); route it through our URLs,
    so the browser gets media exactly as production's ``articles.image_views.serve_media`` sends them."""
    from django.test.testcases import _MediaFilesHandler

    monkeypatch.setattr(_MediaFilesHandler, "_should_handle", lambda handler, path: False)


def test_phone_photo_to_reader_on_phone_and_desktop(
    browser, live_server, log_in, media_through_the_site, settings, tmp_path, screenshot_dir
):
    settings.MEDIA_ROOT = tmp_path / "media"
    user_in_role("Publishers", "pat", first_name="Pat")
    story = article_in_state("approved", headline=HEADLINE, body="<p>The river is falling early this year.</p>")
    editor = log_in("pat", timeout=20_000)

    # Upload the phone's HEIC through the media library, forgetting the alt text at first.
    editor.goto(live_server.url + "/admin/articles/image/add/")
    editor.set_input_files("#id_file", str(phone_photo(tmp_path / "IMG_4032.HEIC")))
    editor.fill("#id_title", "Kampong Luong stilt houses")
    editor.fill("#id_credit", "Pat Publisher/Newsroom")
    editor.click("input[name=_continue]")
    image = Image.objects.get()
    editor.wait_for_url(f"**/admin/articles/image/{image.pk}/change/**")
    assert image.file.name.endswith(".jpg") and (image.width, image.height) == (2400, 1800)

    # Choose it as the story's lead image with the searchable picker, and save the story.
    editor.goto(live_server.url + f"/admin/articles/article/{story.pk}/change/")
    editor.screenshot(path=str(screenshot_dir / "images-phone-story-form.png"), full_page=True)
    editor.click(".lead-picture-open")
    editor.fill(".lead-picture-search", "stilt")
    editor.locator(".lead-picture-choice", has_text="Kampong Luong stilt houses").click()
    editor.click("input[name=_continue]")
    editor.wait_for_load_state()
    story.refresh_from_db()
    assert story.lead_image_id == image.pk

    # Publishing is refused while the picture has no alt text, with a message that says why.
    message = publish(editor)
    assert "Add alt text to every image" in message and "Kampong Luong stilt houses" in message
    story.refresh_from_db()
    assert story.status == Status.APPROVED

    # Describe the picture and click its focus (the subject, right of centre).
    editor.goto(live_server.url + f"/admin/articles/image/{image.pk}/change/")
    editor.fill("#id_alt_text", ALT)
    picture = editor.locator("[data-focal-picker] img")
    editor.wait_for_function("document.querySelector('[data-focal-picker] img').naturalWidth > 0")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.75, "y": box["height"] * 0.33})
    editor.screenshot(path=str(screenshot_dir / "images-phone-focal-point.png"), full_page=True)
    editor.click("input[name=_continue]")
    editor.wait_for_selector(".messagelist .success")
    image.refresh_from_db()
    assert abs(image.focal_x - 0.75) < 0.01 and abs(image.focal_y - 0.33) < 0.01 and image.alt_text == ALT

    # Now the publisher publishes.
    editor.goto(live_server.url + f"/admin/articles/article/{story.pk}/change/")
    publish(editor)
    assert editor.locator(".messagelist .success").count() == 1
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED and story.is_live

    # Readers: the browser picks the rendition for its screen; what it fetched is a typed, unsniffed WebP.
    url = live_server.url + story.get_absolute_url()
    widths = {}
    for name, viewport in [("phone", {"width": 360, "height": 740}), ("desktop", {"width": 1920, "height": 1080})]:
        current, entries, pictures = fetched_pictures(browser, url, viewport)
        prefix = f"{live_server.url}/images/{image.pk}/free-w"
        assert current.startswith(prefix) and current.endswith(".webp"), current
        width = int(current[len(prefix):-len(".webp")])
        assert current in entries  # the performance timeline agrees: this is what the page loaded
        # One picture downloaded (the rendition view redirected to the stored file), no JPEG fallback as well.
        assert len(pictures) == 1, pictures
        fetched, status, content_type, nosniff = pictures[0]
        assert f"/media/renditions/{image.pk}/" in fetched and f"-free-w{width}-" in fetched
        assert fetched.endswith(".webp")
        assert (status, content_type, nosniff) == (200, "image/webp", "nosniff")
        stored = settings.MEDIA_ROOT / fetched.split("/media/", 1)[1]
        with open(stored, "rb") as handle, PILImage.open(handle) as made:
            assert made.format == "WEBP" and made.width == width and not made.getexif()
        widths[name] = width
    assert widths == {"phone": 640, "desktop": 1280}
