"""Responsive markup: srcset/sizes, WebP with a JPEG fallback, lazy loading, and body figures."""

import re

import pytest
from django.template import Context, Template

from articles.images import get_rendition
from articles.editorial.pictures import sync_body_images
from articles.templatetags.images import render_body
from articles.tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def render(template, **context):
    return Template("{% load images %}" + template).render(Context(context))


def attr(html, tag, name):
    match = re.search(rf"<{tag}\b[^>]*\s{name}=\"([^\"]*)\"", html)
    return match[1] if match else None


def test_picture_has_webp_source_and_jpeg_fallback_with_srcset():
    image = ImageFactory(alt_text="Fishermen on the Mekong")  # 1200 × 800
    html = render('{% responsive_image image crop="16x9" sizes="(min-width: 40rem) 40rem, 100vw" %}', image=image)
    assert html.strip().startswith("<picture>")
    webp = attr(html, "source", "srcset")
    jpeg = attr(html, "img", "srcset")
    assert attr(html, "source", "type") == "image/webp"
    # 320, 640 and 960 fit in a 1200-pixel-wide source; 1280 and 1920 would upscale and collapse into 1200.
    assert [entry.split()[1] for entry in webp.split(", ")] == ["320w", "640w", "960w", "1200w"]
    assert f"/images/{image.pk}/16x9-w320.webp 320w" in webp
    assert f"/images/{image.pk}/16x9-w960.jpeg 960w" in jpeg
    assert attr(html, "img", "src") == f"/images/{image.pk}/16x9-w960.jpeg"
    assert attr(html, "img", "sizes") == "(min-width: 40rem) 40rem, 100vw"
    assert (attr(html, "img", "width"), attr(html, "img", "height")) == ("960", "540")
    assert attr(html, "img", "alt") == "Fishermen on the Mekong"
    assert attr(html, "img", "loading") == "lazy"
    assert attr(html, "img", "decoding") == "async"


def test_lead_image_loads_eagerly_with_high_priority():
    html = render("{% responsive_image image crop='16x9' lead=True %}", image=ImageFactory())
    assert attr(html, "img", "loading") == "eager"
    assert attr(html, "img", "fetchpriority") == "high"


def test_existing_renditions_are_linked_directly_to_storage():
    image = ImageFactory()
    made = get_rendition(image, crop="1x1", width=320, fmt="webp")
    html = render("{% responsive_image image crop='1x1' %}", image=image)
    assert f"{made.file.url} 320w" in attr(html, "source", "srcset")
    assert made.file.url.startswith("/media/renditions/")


def test_alt_is_escaped_and_missing_image_renders_nothing():
    image = ImageFactory(alt_text='A "quote" <b>')
    html = render("{% responsive_image image %}", image=image)
    assert 'alt="A &quot;quote&quot; &lt;b&gt;"' in html
    assert render("{% responsive_image image %}", image=None).strip() == ""
    assert render("{% responsive_image image %}", image=ImageFactory(file=None)).strip() == ""


def test_image_url_tag_for_og_image():
    image = ImageFactory()
    assert render('{% image_url image "16x9" 1280 %}', image=image) == f"/images/{image.pk}/16x9-w1280.jpeg"


def test_render_body_turns_references_into_captioned_figures():
    image = ImageFactory(caption="Boats at dawn.", credit="Sok Chea/AFP", alt_text="Boats")
    body = f'<p>Before.</p><figure data-image-id="{image.pk}"></figure><p>After.</p>'
    html = render_body(ArticleFactory(body=body).body)
    assert '<figure class="story-figure"><picture>' in html
    assert "<figcaption>Boats at dawn. <span class=\"credit\">Sok Chea/AFP</span></figcaption>" in html
    assert html.startswith("<p>Before.</p>") and html.endswith("<p>After.</p>")
    assert 'alt="Boats"' in html


def test_story_caption_overrides_library_caption_and_is_sanitised():
    image = ImageFactory(caption="Library caption", credit="")
    caption = "<figcaption>In <em>this</em> story<script>x</script></figcaption>"
    body = f'<figure data-image-id="{image.pk}">{caption}</figure>'
    html = render_body(ArticleFactory(body=body).body)
    assert "<figcaption>In <em>this</em> story</figcaption>" in html
    assert "Library caption" not in html and "<script" not in html


def test_references_to_deleted_images_vanish():
    body = '<p>Text.</p><figure data-image-id="999999"><figcaption>Gone</figcaption></figure>'
    assert render_body(ArticleFactory(body=body).body) == "<p>Text.</p>"


def test_sync_body_images_follows_the_body():
    first, second, third = ImageFactory(), ImageFactory(), ImageFactory()
    article = ArticleFactory(
        body=f'<figure data-image-id="{first.pk}"></figure><p>x</p><img data-image-id="{second.pk}" alt="">'
        '<figure data-image-id="424242"></figure>'
    )
    sync_body_images(article)
    assert set(article.body_images.all()) == {first, second}
    article.body = f'<figure data-image-id="{third.pk}"></figure>'
    article.save()
    sync_body_images(article)
    assert list(article.body_images.all()) == [third]
