"""A phone downloads a small WebP, a desktop a large one: the browser's own srcset choice, checked."""

import pytest
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.template import Context, Template
from django.urls import include, path

from articles.models import Rendition
from articles.tests.factories import ArticleFactory, ImageFactory, image_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def picture_page(request, pk):
    from articles.models import Image

    template = Template(
        '{% load images %}<!doctype html><meta name="viewport" content="width=device-width">'
        '<body style="margin:0">{% responsive_image image sizes="100vw" lead=True %}</body>'
    )
    return HttpResponse(template.render(Context({"image": Image.objects.public().get(pk=pk)})))


urlpatterns = [
    path("picture/<int:pk>/", picture_page),
    path("", include("articles.image_urls")),
]


@pytest.mark.parametrize(
    ("viewport", "expected_width"),
    [({"width": 360, "height": 740}, 640), ({"width": 1920, "height": 1080}, 1920)],
    ids=["phone", "desktop"],
)
def test_browser_picks_a_webp_sized_for_the_screen(
    browser, live_server, settings, tmp_path, viewport, expected_width
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = __name__
    image = ImageFactory(file=ContentFile(image_bytes(size=(2400, 1600)), name="wide.jpg"))
    ArticleFactory(published=True, lead_image=image)

    Rendition.objects.filter(image=image).delete()  # publishing pre-made the lead crops; count only the browser's
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/picture/{image.pk}/")
        page.wait_for_function("document.querySelector('img').complete && document.querySelector('img').naturalWidth")
        chosen = page.evaluate("document.querySelector('img').currentSrc")
    finally:
        context.close()
    assert chosen.endswith(f"/images/{image.pk}/free-w{expected_width}.webp")
    # Only what the browser fetched was made: one WebP of the chosen width, no JPEG.
    made = list(Rendition.objects.filter(image=image).values_list("spec", "format", "width"))
    assert made == [(f"free-w{expected_width}", "webp", expected_width)]
