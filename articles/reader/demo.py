"""The reader site's demo content (``load_demo`` calls :func:`load_reader_demo`): the seed story's
standfirst, author profiles with painted portraits, the editable pages, a live blog with several updates,
some anonymous view counts for "Most read" and a breaking-news flag. Running it again changes nothing.
"""

import io
import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter

from articles import editorial
from articles.editorial.breaking import flag_breaking
from articles.editorial.liveblog import add_live_update, start_live_coverage
from articles.editorial.site_pages import save_site_page
from articles.images.validation import prepare_image
from articles.models import (
    Article,
    Author,
    BreakingNews,
    Image,
    LiveCoverage,
    LiveUpdate,
    PagePurpose,
    SitePage,
    StoryViews,
)

SEED_STANDFIRST = (
    "The Senate President tells a visiting Chinese delegation that Cambodia’s new prime minister "
    "changes nothing in its friendship with Beijing."
)
LIVE_SLUG = "live-flood-watch"

AUTHORS = {
    # name: (job title, bio, links, portrait colours: background, skin, clothes)
    "Niem Chheng": ("Senior political reporter",
                    "Niem Chheng has covered Cambodian politics, the National Assembly and the Senate since 2012.",
                    ["https://niemchheng.example/", "https://x.com/niemchheng"],
                    ((70, 110, 150), (196, 150, 110), (40, 45, 60))),
    "Sophea Lim": ("Business and environment correspondent",
                   "Sophea Lim writes about trade, farming and the Mekong, from the rice fields to the ports.",
                   ["https://www.linkedin.com/in/sophealim", "https://t.me/sophealim"],
                   ((150, 120, 90), (210, 165, 125), (120, 30, 45))),
    "Dara Kem": ("Culture and sport reporter",
                 "Dara Kem reports on the capital’s markets, music and football.",
                 ["https://instagram.com/darakem"],
                 ((60, 120, 100), (180, 130, 95), (30, 70, 130))),
}

PAGES = {
    PagePurpose.ABOUT: ("About us", """<p>The Newsroom is an independent daily news site from Phnom Penh. We report on
politics, business, the environment, culture and sport for readers in Cambodia and abroad.</p>
<p>We are owned by our staff and funded by readers and advertising. No advertiser sees a story before it
is published.</p>"""),
    PagePurpose.CONTACT: ("Contact", """<p>News tips:
<a href="mailto:tips@newsroom.example">tips@newsroom.example</a></p>
<p>Corrections: <a href="mailto:corrections@newsroom.example">corrections@newsroom.example</a></p>
<p>Telephone: <a href="tel:+85523000000">+855 23 000 000</a> (weekdays, 8:00 to 18:00 Phnom Penh time)</p>"""),
    PagePurpose.MASTHEAD: ("Masthead", """<h2>Editors</h2><ul><li>Ed Editor, editor-in-chief</li>
<li>Pat Publisher, publisher</li></ul><h2>Reporters</h2><ul><li>Niem Chheng, senior political reporter</li>
<li>Sophea Lim, business and environment correspondent</li><li>Dara Kem, culture and sport reporter</li></ul>"""),
    PagePurpose.ETHICS: ("Ethics policy", """<p>We report accurately, fairly and independently. We name our
sources whenever we can and say why when we cannot. We do not pay for information, and we declare any
interest a reporter has in a story.</p><p>Opinion is labelled as opinion.</p>"""),
    PagePurpose.CORRECTIONS: ("Corrections policy", """<p>When we get something wrong we correct it quickly
and openly: the correction is added to the foot of the story with its date, and listed on our
<a href="/corrections/">corrections page</a>. We never change a published story silently.</p>"""),
}

LIVE_UPDATES = [
    # minutes ago, headline, body, pinned, key event
    (170, "Rain warning issued", "<p>The weather service warned of heavy rain across five provinces.</p>",
     False, False),
    (140, "River passes flood level", "<p>The Tonle Sap passed 10.5 m at Kampong Chhnang, above the flood mark.</p>",
     False, True),
    (95, "", "<p>Schools in three districts will stay closed on Monday, the education ministry said.</p>",
     False, False),
    (50, "2,000 families evacuated", "<p>Provincial officials said more than 2,000 families had moved to "
     "higher ground. Pagodas have opened as shelters.</p>", False, True),
    (15, "How to get help", "<p>The disaster committee’s hotline is <a href=\"tel:+855115\">115</a>. Boats "
     "are running from the main market pier.</p>", True, False),
]


def portrait(colours, seed):
    """A painted head-and-shoulders silhouette, as JPEG bytes."""
    background, skin, clothes = colours
    rng = random.Random(seed)
    picture = PILImage.new("RGB", (800, 800), background)
    draw = ImageDraw.Draw(picture)
    for _ in range(30):
        x, y, r = rng.randrange(800), rng.randrange(800), rng.randrange(20, 90)
        shade = tuple(min(255, c + rng.randrange(-20, 30)) for c in background)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    draw.ellipse((170, 560, 630, 1040), fill=clothes)
    draw.rectangle((350, 470, 450, 600), fill=skin)
    draw.ellipse((270, 190, 530, 500), fill=skin)
    draw.chord((255, 160, 545, 420), 180, 360, fill=(35, 28, 25))
    picture = picture.filter(ImageFilter.GaussianBlur(1.5))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()


def give_seed_standfirst():
    story = Article.objects.filter(source="demo", slug="cambodia-china-trustworthy-friend", dek="").first()
    if story is not None:
        editorial.system_update(article=story, note="Demo: the seed story's standfirst", dek=SEED_STANDFIRST)


def profile_authors():
    for seed, (name, (job_title, bio, links, colours)) in enumerate(AUTHORS.items()):
        author = Author.objects.filter(name=name).first()
        if author is None or author.bio:
            continue
        photo = Image(title=f"Portrait of {name}", alt_text=f"Portrait of {name}", credit="Illustration",
                      source_note="Painted by the demo loader; free to use.", focal_x=0.5, focal_y=0.4)
        photo.file = prepare_image(io.BytesIO(portrait(colours, seed)), name=f"{author.slug}.jpg")
        photo.save()
        author.job_title, author.bio, author.links, author.photo = job_title, bio, links, photo
        author.save()


def write_pages(user):
    for purpose, (title, body) in PAGES.items():
        if not SitePage.objects.filter(purpose=purpose).exists():
            save_site_page(page=SitePage(purpose=purpose, title=title, body=body), user=user)


def run_live_blog(editor, publisher):
    story = Article.objects.filter(source="demo", slug=LIVE_SLUG).first()
    if story is None or LiveCoverage.objects.filter(article=story).exists():
        return
    coverage = start_live_coverage(article=story, user=editor)
    now = timezone.now()
    LiveCoverage.objects.filter(pk=coverage.pk).update(started_at=now - timedelta(hours=3))
    for minutes, headline, body, pinned, key_event in LIVE_UPDATES:
        update = add_live_update(article=story, user=editor, headline=headline, body=body, pinned=pinned,
                                 key_event=key_event)
        LiveUpdate.objects.filter(pk=update.pk).update(published_at=now - timedelta(minutes=minutes))
    if not BreakingNews.objects.exists():
        flag_breaking(article=story, user=publisher, duration=timedelta(hours=24), label="Live")


def count_some_views():
    if StoryViews.objects.exists():
        return
    today = timezone.localdate()
    for views, story in zip((420, 260, 180, 90, 40), Article.objects.published().order_by("-publish_at")):
        StoryViews.objects.create(article=story, day=today, views=views)


def load_reader_demo():
    User = get_user_model()
    give_seed_standfirst()
    profile_authors()
    write_pages(User.objects.get(username="publisher"))
    run_live_blog(User.objects.get(username="editor"), User.objects.get(username="publisher"))
    count_some_views()
