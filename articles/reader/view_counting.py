"""Counting story views for "Most read": hard to inflate, with no cookie and nothing personal kept.

A story page's script posts one beacon (``POST /views/<id>/``, ``token=…``) a second after the page
loads. The beacon counts one view only when every rule holds, in this order (cheapest first):

1. it is a POST, not from a bot (user agent) nor a prefetch (both ignored silently, 204);
2. it comes from our own page: a browser's ``Origin`` / ``Sec-Fetch-Site``, when sent, say same
   origin, and ``token`` is the page's signed token for *this* story, younger than
   ``VIEW_TOKEN_SECONDS`` (else 403);
3. the client address has sent fewer than ``VIEW_COUNT_ADDRESS_LIMIT`` beacons in the current
   ``VIEW_COUNT_ADDRESS_WINDOW`` seconds (else 429);
4. the story is live (``Article.objects.published()``);
5. this visitor was not counted for this story today. The visitor is a keyed hash (HMAC with the
   site's secret) of the day, the address and the user agent; it exists only as the name of a cache
   (Redis) key that expires at the day's end. The address and the agent are never stored;
6. the address has not already given this story ``VIEW_COUNT_ADDRESS_STORY_LIMIT`` views today (many
   readers behind one address still count; a script changing its user agent does not).

The token is the same for every reader of a cached page (it names the story and the time the page was
rendered), so pages stay shared. With the cache unreachable nothing is counted: the counts may fall
short, never run high.
"""

import functools
import re
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.csrf import csrf_exempt

from articles.models import Article, StoryViews
from articles.page_store import cache_call
from articles.reader import most_read
from articles.security.throttling import client_ip

BOTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|headless|lighthouse|curl|wget|"
    r"python-|httpclient|java/|go-http|libwww|scrapy|feedfetcher|monitor",
    re.IGNORECASE,
)
TOKEN_SALT = "newsroom.reader.view-token"


def setting(name, default):
    return int(getattr(settings, name, default))


def token_seconds():
    """How long a page's token is accepted (``VIEW_TOKEN_SECONDS``, default an hour: longer than a page is
    cached, so a reader of a cached page still counts)."""
    return setting("VIEW_TOKEN_SECONDS", 3600)


def view_token(story_id):
    """The signed token a story page carries for its beacon: the story's id and the time of rendering,
    to the second (as ``TimestampSigner`` writes it), so a busy story's token is signed once a second."""
    return _signed(str(story_id), int(time.time()), settings.SECRET_KEY)


@functools.lru_cache(maxsize=256)
def _signed(value, second, secret):
    """``value`` signed with ``secret`` at ``second``: the key names the second, so a token never outlives it."""
    return signing.TimestampSigner(key=secret, salt=TOKEN_SALT).sign(value)


def token_is_valid(token, story_id):
    try:
        value = signing.TimestampSigner(salt=TOKEN_SALT).unsign(token or "", max_age=token_seconds())
    except signing.BadSignature:  # includes SignatureExpired
        return False
    return value == str(story_id)


def is_bot(request):
    agent = request.headers.get("User-Agent", "")
    prefetch = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    return not agent or bool(BOTS.search(agent)) or "prefetch" in prefetch


def from_our_page(request):
    """False when the browser says the beacon came from another site (older browsers say nothing)."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site != "same-origin":
        return False
    origin = request.headers.get("Origin")
    if origin is not None:  # "null" (a sandboxed frame, a file) is not our page either
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and parts.netloc == request.get_host()
    return True


def keyed_hash(*parts):
    """A hash of ``parts`` keyed with the site's secret: it cannot be reversed or recomputed elsewhere."""
    return salted_hmac("newsroom.reader.visitor", "|".join(parts), algorithm="sha256").hexdigest()[:32]


def seconds_left_today(now):
    local = timezone.localtime(now)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), tzinfo=local.tzinfo)
    return max(60, int((midnight - local).total_seconds()) + 60)


def bump(key, seconds):
    """Add one to a counter kept ``seconds`` and return it; None with the cache down."""
    cache_call("add", key, 0, seconds)
    return cache_call("incr", key)


def over_rate_limit(address, now):
    """Whether the address sent too many beacons lately; None when the cache cannot tell."""
    window = setting("VIEW_COUNT_ADDRESS_WINDOW", 600)
    slot = int(now.timestamp()) // window
    # The key names its window and lives two, so it cannot expire between ``add`` and ``incr``.
    sent = bump(f"reader:views:rate:{slot}:{keyed_hash('rate', str(slot), address)}", 2 * window)
    return None if sent is None else sent > setting("VIEW_COUNT_ADDRESS_LIMIT", 60)


def first_view_today(request, story_id, address, now):
    day = timezone.localdate(now).isoformat()
    visitor = keyed_hash(day, address, request.headers.get("User-Agent", ""))
    return bool(cache_call("add", f"reader:views:seen:{day}:{story_id}:{visitor}", 1, seconds_left_today(now)))


def within_address_share(story_id, address, now):
    day = timezone.localdate(now).isoformat()
    given = bump(f"reader:views:address:{day}:{story_id}:{keyed_hash(day, 'story', address)}",
                 seconds_left_today(now))
    return given is not None and given <= setting("VIEW_COUNT_ADDRESS_STORY_LIMIT", 10)


def add_view(story_id, day):
    """One more view of the story on ``day``: one UPDATE (an INSERT the first time that day)."""
    if StoryViews.objects.filter(article_id=story_id, day=day).update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            StoryViews.objects.create(article_id=story_id, day=day, views=1)
    except IntegrityError:  # another request created the day's row first
        StoryViews.objects.filter(article_id=story_id, day=day).update(views=F("views") + 1)


def answer(status, text=""):
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # a cookie-less beacon from a cached page: no session to forge; the signed token stands in
def record_view(request, pk):
    """The beacon: counts at most one view (see the module's rules); says why it refused, never who."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if is_bot(request):
        return answer(204)
    if not from_our_page(request) or not token_is_valid(request.POST.get("token"), pk):
        return answer(403, "Not counted: this beacon did not come from the story's page.")
    now, address = timezone.now(), client_ip(request)
    limited = over_rate_limit(address, now)
    if limited is None:  # the cache is down: no rule can be checked, so nothing is counted
        return answer(204)
    if limited:
        return answer(429, "Not counted: too many views from this address.")
    if (Article.objects.published().filter(pk=pk).exists() and first_view_today(request, pk, address, now)
            and within_address_share(pk, address, now)):
        add_view(pk, day=timezone.localdate(now))
        most_read.refresh_when_due()
    return answer(204)
