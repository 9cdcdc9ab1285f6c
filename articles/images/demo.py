"""Pictures for the demo stories, painted with Pillow so ``make run`` shows lead images and renditions.

Each is a photograph-like illustration (gradients, shapes, grain) that goes
through the same path as an upload (:func:`prepare_image`: validation,
re-encoding) and is credited "Illustration". Running it again changes nothing:
a story that already has a lead image keeps it, and a picture is reused by title.
"""

import io
import random

from PIL import Image as PILImage
from PIL import ImageChops, ImageDraw, ImageFilter

from articles.images.validation import prepare_image

SIZE = (1600, 1000)
CREDIT = "Illustration"


def _sky(top, bottom, size=SIZE):
    """A vertical gradient from ``top`` to ``bottom`` colour."""
    mask = PILImage.linear_gradient("L").resize(size)
    return PILImage.composite(PILImage.new("RGB", size, bottom), PILImage.new("RGB", size, top), mask)


def _finish(picture, seed):
    """Soften the shapes and add film grain, so the encoders see something like a photograph."""
    picture = picture.filter(ImageFilter.GaussianBlur(2))
    grain = PILImage.effect_noise(picture.size, 24).convert("RGB")
    return ImageChops.blend(picture, ImageChops.multiply(picture, grain), 0.18 + (seed % 3) / 100)


def river_at_dawn(rng):
    picture = _sky((250, 190, 140), (120, 150, 190))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((1040, 250, 1220, 430), fill=(255, 236, 190))
    draw.polygon([(0, 560), (300, 470), (620, 540), (980, 450), (1600, 540), (1600, 640), (0, 640)], fill=(70, 80, 90))
    water = _sky((150, 140, 150), (40, 60, 80), (1600, 400))
    picture.paste(water, (0, 600))
    for _ in range(90):
        x, y = rng.randrange(900, 1400), rng.randrange(610, 1000)
        draw.line((x, y, x + rng.randrange(20, 90), y), fill=(250, 220, 170), width=2)
    draw.polygon([(380, 720), (720, 720), (680, 760), (420, 760)], fill=(30, 25, 25))  # a fishing boat
    draw.line((560, 720, 560, 600), fill=(30, 25, 25), width=5)
    return picture


def rice_fields(rng):
    picture = _sky((150, 200, 240), (230, 240, 250))
    draw = ImageDraw.Draw(picture)
    for band in range(14):
        top = 430 + band * band * 3
        green = (70 + band * 6 + rng.randrange(20), 150 + band * 5, 60 + rng.randrange(30))
        draw.rectangle((0, top, 1600, 1000), fill=green)
    for x in range(-800, 2400, 120):
        draw.line((800, 430, x, 1000), fill=(60, 120, 50), width=3)
    draw.ellipse((200, 360, 420, 470), fill=(40, 100, 50))  # palm crowns on the horizon
    draw.ellipse((1200, 350, 1380, 460), fill=(40, 100, 50))
    return picture


def night_market(rng):
    picture = _sky((15, 20, 55), (60, 40, 70))
    draw = ImageDraw.Draw(picture)
    for _ in range(60):
        x, y, r = rng.randrange(0, 1600), rng.randrange(120, 700), rng.randrange(18, 60)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, rng.randrange(140, 210), rng.randrange(40, 110)))
    for left in range(0, 1600, 230):
        draw.polygon([(left, 760), (left + 115, 640), (left + 230, 760)], fill=(170, 40, 40))
        draw.rectangle((left + 10, 760, left + 220, 1000), fill=(50, 35, 45))
    return picture.filter(ImageFilter.GaussianBlur(3))


def football_pitch(rng):
    picture = _sky((20, 30, 60), (40, 60, 90))
    draw = ImageDraw.Draw(picture)
    for x in (200, 1400):
        draw.ellipse((x - 60, 90, x + 60, 170), fill=(255, 255, 235))
    for stripe in range(10):
        shade = (40, 140, 60) if stripe % 2 else (50, 160, 70)
        draw.rectangle((0, 420 + stripe * 58, 1600, 478 + stripe * 58), fill=shade)
    draw.line((0, 600, 1600, 600), fill=(240, 240, 240), width=6)
    draw.ellipse((560, 520, 1040, 700), outline=(240, 240, 240), width=6)
    draw.ellipse((1110, 800, 1150, 840), fill=(250, 250, 250))
    for _ in range(12):
        x, y = rng.randrange(100, 1500), rng.randrange(560, 820)
        draw.rectangle((x, y, x + 18, y + 80), fill=rng.choice([(200, 30, 40), (30, 60, 200)]))
    return picture


def flooded_village(rng):
    picture = _sky((160, 170, 185), (215, 210, 200))
    draw = ImageDraw.Draw(picture)
    draw.polygon([(0, 470), (400, 430), (900, 465), (1600, 420), (1600, 530), (0, 530)], fill=(75, 95, 75))
    picture.paste(_sky((150, 118, 80), (100, 78, 55), (1600, 500)), (0, 500))
    for _ in range(12):  # roofs and fences standing out of the water
        x, y = rng.randrange(0, 1480), rng.randrange(560, 930)
        draw.polygon([(x, y), (x + 60, y - 45), (x + 120, y)], fill=(125, 55, 40))
        draw.rectangle((x + 8, y, x + 112, y + 10), fill=(95, 72, 55))
    draw.polygon([(640, 760), (900, 760), (870, 790), (670, 790)], fill=(35, 30, 30))  # a rescue boat
    for x in (720, 780, 840):
        draw.ellipse((x - 12, 722, x + 12, 746), fill=(230, 120, 30))
    return picture


PICTURES = [
    # story slug, painter, title, alt text, caption
    ("mekong-fish-catch-falls", river_at_dawn, "Fishing boat on the river at dawn",
     "A small fishing boat on a wide river at sunrise, hills behind it",
     "Fishers head out at dawn; catches on the lake have fallen for a third year."),
    ("rice-exports-rise", rice_fields, "Rice paddies to the horizon",
     "Green rice paddies stretching to palm trees on the horizon under a blue sky",
     "Paddies ahead of the harvest. Exports rose on demand from China."),
    ("night-market-reopens", night_market, "Lanterns over the night market",
     "Red stall roofs under glowing orange lanterns at night",
     "Stalls lit for the first evening after the market reopened."),
    ("football-league-final", football_pitch, "Floodlit pitch before the final",
     "A floodlit football pitch with players in red and blue",
     "Players warm up under the floodlights before the final."),
    ("live-flood-watch", flooded_village, "Floodwater at Kampong Chhnang",
     "Roofs standing out of brown floodwater, a boat with rescuers in orange jackets",
     "The Tonle Sap above its banks north of the capital."),
]


def demo_picture(painter, seed):
    """JPEG bytes of one painted picture; the same seed always paints the same picture."""
    rng = random.Random(seed)
    picture = _finish(painter(rng), seed)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


def attach_demo_pictures():
    """Give the demo stories that have none a lead image; returns how many pictures were attached."""
    from articles import editorial
    from articles.models import Article, Image

    attached = 0
    for seed, (slug, painter, title, alt, caption) in enumerate(PICTURES):
        story = Article.objects.filter(source="demo", slug=slug).first()
        if story is None or story.lead_image_id:
            continue
        image = Image.objects.filter(title=title, credit=CREDIT).first()
        if image is None:
            image = Image(title=title, alt_text=alt, caption=caption, credit=CREDIT,
                          source_note="Painted by the demo loader; free to use.", focal_x=0.5, focal_y=0.6)
            image.file = prepare_image(io.BytesIO(demo_picture(painter, seed)), name=f"{slug}.jpg")
            image.save()
        editorial.system_update(article=story, note="Demo picture attached", lead_image=image)
        attached += 1
    return attached
