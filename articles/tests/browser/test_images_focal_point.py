"""An editor uploads a phone photo, clicks its focal point, and the crops follow it."""

import pytest

from articles.models import Image
from articles.tests.factories import UserFactory, image_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_upload_then_click_to_set_focal_point(live_server, page, screenshot_dir, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="picture-editor", is_superuser=True)
    photo = tmp_path / "IMG_2041.JPG"
    photo.write_bytes(image_bytes(size=(1600, 1200), color=(90, 140, 60)))

    page.goto(live_server.url + "/admin/login/?next=/admin/articles/image/add/")
    page.fill("#id_username", "picture-editor")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.set_input_files("#id_file", str(photo))
    page.fill("#id_title", "Rice harvest")
    page.fill("#id_alt_text", "Farmers carrying rice sheaves")
    page.click("input[name=_continue]")

    image = Image.objects.get()
    page.wait_for_url(f"**/admin/articles/image/{image.pk}/change/**")
    picture = page.locator("[data-focal-picker] img")
    picture.wait_for()
    page.wait_for_function("document.querySelector('[data-focal-picker] img').naturalWidth > 0")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    assert abs(float(page.input_value("#id_focal_x")) - 0.25) < 0.01
    assert abs(float(page.input_value("#id_focal_y")) - 0.75) < 0.01
    page.screenshot(path=str(screenshot_dir / "image-focal-point.png"), full_page=True)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")

    image.refresh_from_db()
    assert abs(image.focal_x - 0.25) < 0.01 and abs(image.focal_y - 0.75) < 0.01
    assert (image.width, image.height) == (1600, 1200)
    assert image.uploaded_by.username == "picture-editor"
