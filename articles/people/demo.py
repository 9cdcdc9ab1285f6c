"""Byline profiles with portraits for the demo accounts, so ``make run`` shows staff bylines.

Each portrait is painted with Pillow (a head-and-shoulders silhouette on a coloured backdrop) and
goes through the upload path (``prepare_image``). Running it again changes nothing.
"""

import io

from django.contrib.auth import get_user_model
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter

from articles.images.validation import prepare_image

CREDIT = "Illustration"
PROFILES = {
    "reporter": ("Staff reporter", "Rita covers the city council, markets and the Mekong's fisheries.",
                 (70, 120, 160), (224, 172, 140), (40, 60, 90)),
    "editor": ("News editor", "Ed runs the news desk and reads every story before it goes out.",
               (150, 90, 70), (200, 150, 120), (60, 60, 60)),
    "publisher": ("Managing editor", "Pat decides what goes live and when.",
                  (80, 130, 90), (170, 120, 95), (110, 30, 40)),
    "admin": ("Systems editor", "Ada keeps the newsroom's tools running.",
              (120, 100, 150), (236, 190, 160), (30, 30, 30)),
}


def portrait(backdrop, skin, clothes):
    """JPEG bytes of a square head-and-shoulders silhouette."""
    picture = PILImage.new("RGB", (800, 800), backdrop)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((170, 560, 630, 1100), fill=clothes)  # shoulders
    draw.rectangle((350, 430, 450, 600), fill=skin)  # neck
    draw.ellipse((260, 170, 540, 500), fill=skin)  # head
    draw.chord((250, 140, 550, 380), 180, 360, fill=tuple(max(0, c - 90) for c in clothes))  # hair
    buffer = io.BytesIO()
    picture.filter(ImageFilter.GaussianBlur(1.5)).save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


def attach_demo_profiles():
    """Give each demo account a byline profile with a job title, bio and portrait; returns how many were made."""
    from articles.models import Author, Image
    from articles.people.profiles import profile_for

    made = 0
    for username, (job_title, bio, backdrop, skin, clothes) in PROFILES.items():
        user = get_user_model().objects.filter(username=username).first()
        if user is None or Author.objects.filter(user=user, photo__isnull=False).exists():
            continue
        author = profile_for(user)
        name = user.get_full_name() or username
        image = Image.objects.filter(title=f"Portrait of {name}", credit=CREDIT).first()
        if image is None:
            image = Image(title=f"Portrait of {name}", alt_text=f"Portrait of {name}", caption=name, credit=CREDIT,
                          source_note="Painted by the demo loader; free to use.", focal_x=0.5, focal_y=0.35)
            image.file = prepare_image(io.BytesIO(portrait(backdrop, skin, clothes)), name=f"portrait-{username}.jpg")
            image.save()
        author.job_title, author.bio, author.photo = job_title, bio, image
        author.save()
        made += 1
    return made
