"""Load the demo stories and accounts once: ``manage.py load_demo``.

The stories go through ``import_articles`` like any operator's import, so the
demo exercises the real import path. Running it again changes nothing.
"""

from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from articles import editorial
from articles.images.demo import attach_demo_pictures
from articles.ingest.demo import set_up_demo_sources
from articles.models import Article, Priority, Section
from articles.people.demo import attach_demo_profiles
from articles.reader.demo import load_reader_demo
from articles.sanitize import paragraphs_to_html
from articles.tagging.demo import seed_demo_vocabulary
from articles.roles import ensure_roles

DEMO_DIR = Path(__file__).resolve().parent.parent.parent / "demo"

# username, password, group (None for a superuser), full name
ACCOUNTS = [
    ("admin", "newsroom-admin", None, "Ada Admin"),
    ("reporter", "newsroom-reporter", "Reporters", "Rita Reporter"),
    ("editor", "newsroom-editor", "Editors", "Ed Editor"),
    ("publisher", "newsroom-publisher", "Publishers", "Pat Publisher"),
]


IN_REVIEW_BODY = """The city council postponed a vote on moving the riverside market after stallholders asked for
more time.

Councillors will meet again next month. Traders say the proposed site is too far from their customers."""


def stories(now):
    """Each demo story with the options plain text cannot carry."""
    ago = lambda **kw: (now - timedelta(**kw)).isoformat()  # noqa: E731
    return [
        ("cambodia-china-trustworthy-friend.txt", dict(
            section="Politics", tags="Cambodia,China,Hun Sen,Taiwan", dateline="PHNOM PENH",
            author=["Niem Chheng"], published_at="2024-05-23T10:00:00+07:00", status="published")),
        ("mekong-fish-catch-falls.txt", dict(
            section="Environment", tags="Cambodia,Tonle Sap,Fisheries,Climate", dateline="KAMPONG CHHNANG",
            author=["Niem Chheng", "Sophea Lim"], published_at=ago(hours=5), status="published")),
        ("rice-exports-rise.txt", dict(
            section="Business", tags="Cambodia,Rice,Trade,China", dateline="PHNOM PENH",
            author=["Sophea Lim"], published_at=ago(days=1, hours=2), status="published")),
        ("night-market-reopens.txt", dict(
            section="Culture", tags="Phnom Penh,Markets,Food", dateline="PHNOM PENH",
            author=["Dara Kem"], published_at=ago(days=9), status="published")),
        ("football-league-final.txt", dict(
            section="Sport", tags="Football,Phnom Penh", dateline="PHNOM PENH",
            author=["Dara Kem"], published_at=ago(days=3), status="published")),
        ("election-results-embargo.txt", dict(
            section="Politics", tags="Cambodia,Elections", dateline="PHNOM PENH",
            author=["Sophea Lim"], published_at=(now + timedelta(days=2)).isoformat(), status="published")),
        ("live-flood-watch.txt", dict(
            section="Environment", tags="Cambodia,Tonle Sap,Floods", dateline="KAMPONG CHHNANG",
            author=["Sophea Lim", "Niem Chheng"], published_at=ago(hours=3), status="published")),
        ("budget-draft-leaks.txt", dict(
            section="Politics", tags="Cambodia,Budget", dateline="PHNOM PENH",
            author=["Niem Chheng"], status="draft")),
    ]


class Command(BaseCommand):
    help = "Load demo stories and one demo account per role (once)."

    def handle(self, *args, **options):
        created_accounts = self.create_accounts()
        for filename, extra in stories(timezone.now()):
            call_command(
                "import_articles", str(DEMO_DIR / filename), source="demo", verbosity=0,
                stdout=self.stdout, **extra,
            )
        attach_demo_pictures()
        attach_demo_profiles()
        self.put_demo_draft_in_review()
        set_up_demo_sources()
        seed_demo_vocabulary()
        load_reader_demo()
        if created_accounts:
            self.stdout.write("Demo accounts (development only) — log in at /admin/:")
            for username, password, group, _ in ACCOUNTS:
                self.stdout.write(f"  {username:<10} {password:<20} {group or 'superuser'}")

    def put_demo_draft_in_review(self):
        """Give the editors something to review: a story the demo reporter wrote and submitted through the workflow."""
        reporter = get_user_model().objects.get(username="reporter")
        if Article.objects.filter(source="demo", source_id="reporter-in-review").exists():
            return
        section = Section.objects.filter(name="Politics").first()
        draft = Article(source="demo", source_id="reporter-in-review")
        snapshot = {
            **editorial.take_snapshot(draft, tags=["Phnom Penh", "Markets"], credits=[], corrections=[]),
            "headline": "Council delays vote on riverside market", "dateline": "PHNOM PENH",
            "dek": "Stallholders asked for more time to respond to the relocation plan.",
            "body": paragraphs_to_html(IN_REVIEW_BODY), "assignee_id": reporter.pk, "priority": Priority.HIGH,
            "deadline": (timezone.now() + timedelta(hours=3)).isoformat(), "section_id": section.pk if section else None,
        }
        story = editorial.save_story(article=draft, user=reporter, snapshot=snapshot).article
        editorial.submit_article(article=story, user=reporter, note="Ready for a first read.")

    def create_accounts(self):
        ensure_roles()
        User = get_user_model()
        created_any = False
        for username, password, group_name, full_name in ACCOUNTS:
            first, last = full_name.split(" ", 1)
            user, created = User.objects.get_or_create(
                username=username,
                defaults=dict(first_name=first, last_name=last, email=f"{username}@newsroom.example",
                              is_staff=True, is_superuser=group_name is None),
            )
            if created:
                user.set_password(password)
                user.save()
                created_any = True
            if group_name:
                user.groups.add(Group.objects.get_or_create(name=group_name)[0])
        return created_any
