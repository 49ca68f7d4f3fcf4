"""Protection for forms that anonymous visitors post from cacheable, cookie-free pages.

Public pages carry no per-visitor CSRF token (that would need a cookie and would stop whole-page
caching), so endpoints such as the helpful-vote widget and the newsletter signup use these
checks instead, in this order:

1. :func:`cross_site_reason` — only same-origin POSTs (``Sec-Fetch-Site``, then ``Origin``,
   then ``Referer``); anything else is refused with 403.
2. :func:`is_known_bot` — crawlers and link previewers are ignored.
3. :func:`honeypot_filled` and :func:`submitted_too_fast` — a hidden field people never fill in
   and a minimum time between the form being rendered and sent (:func:`form_timestamp`).
4. :func:`rate_limited` — a fixed-window counter per client, keyed by an HMAC of the IP address
   under a random secret that changes every day and exists only in the cache. The IP address
   itself is never stored, logged or written to the database.

Any Practice Blog app with a public form uses this module; it has no models.
"""

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime

from django.core import signing
from django.core.cache import cache

from .conf import setting

HONEYPOT_FIELD = "website"
TIMESTAMP_FIELD = "rendered"
TIMESTAMP_SALT = "practice_blog.core.anonymous_posts.rendered"
SAFE_FETCH_SITES = {"same-origin"}

BOT_USER_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrape|facebookexternalhit|embedly|preview|"
    r"python-requests|curl/|wget/|httpclient|go-http-client|java/|libwww|"
    r"monitor|pingdom|uptime",
    re.IGNORECASE,
)


def request_origin(request):
    """This site's origin as the browser sees it, e.g. ``https://practice.example``."""
    return f"{request.scheme}://{request.get_host()}"


def cross_site_reason(request):
    """Return why a POST does not come from this site, or ``None`` when it does.

    ``Sec-Fetch-Site`` is set by every current browser and cannot be forged by a page; older
    browsers send ``Origin`` on POST; ``Referer`` is the last resort. A request with none of
    them is refused: a real browser on our own page always sends at least one.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        if fetch_site in SAFE_FETCH_SITES:
            return None
        return f"cross-site request (Sec-Fetch-Site: {fetch_site})"
    own_origin = request_origin(request)
    origin = request.headers.get("Origin")
    if origin:
        return None if origin == own_origin else "request from another site (Origin)"
    referer = request.headers.get("Referer")
    if referer:
        if referer == own_origin or referer.startswith(own_origin + "/"):
            return None
        return "request from another site (Referer)"
    return "request without Origin or Referer"


def is_known_bot(request):
    """True for crawlers, link previewers and scripted clients (by their own user agent)."""
    user_agent = request.headers.get("User-Agent", "")
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def honeypot_filled(data):
    """True when the hidden field that people never see has a value (a form-filling bot)."""
    return bool(str(data.get(HONEYPOT_FIELD, "")).strip())


def form_timestamp():
    """A signed "rendered at" value for a hidden form field.

    It is the same for every visitor who gets the same cached page, so it carries nothing
    personal; it only lets us tell a person from a bot that posts within a second of loading.
    """
    return signing.dumps(int(datetime.now(UTC).timestamp()), salt=TIMESTAMP_SALT)


def submitted_too_fast(data, minimum_seconds):
    """True when the form came back sooner than a person could fill it (or the value was
    missing or tampered with)."""
    try:
        rendered = signing.loads(str(data.get(TIMESTAMP_FIELD, "")), salt=TIMESTAMP_SALT)
    except signing.BadSignature:
        return True
    return datetime.now(UTC).timestamp() - rendered < minimum_seconds


def client_ip(request):
    """The client's address, used only to derive the rate-limit key (never stored).

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each appending to ``X-Forwarded-For``, the
    address the outermost trusted proxy saw; otherwise the socket's address. Entries further
    left are ignored: a visitor can write anything there.
    """
    proxies = setting("TRUSTED_PROXY_COUNT")
    if proxies:
        forwarded = request.headers.get("X-Forwarded-For", "").split(",")
        forwarded = [address.strip() for address in forwarded if address.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def daily_secret(now=None):
    """A random secret for today, kept only in the cache; yesterday's keys cannot be linked."""
    day = (now or datetime.now(UTC)).strftime("%Y-%m-%d")
    key = f"anonymous-posts:secret:{day}"
    secret = cache.get(key)
    if secret is None:
        cache.add(key, secrets.token_hex(32), timeout=2 * 24 * 3600)
        secret = cache.get(key)
    return secret


def client_key(request, now=None):
    """An HMAC of the client's IP under today's secret: stable for a day, then unlinkable."""
    secret = daily_secret(now).encode()
    return hmac.new(secret, client_ip(request).encode(), hashlib.sha256).hexdigest()[:32]


def rate_limited(request, scope, limit, window_seconds):
    """Count this request against ``limit`` per ``window_seconds`` for its client; True when
    over the limit. Counters live only in the cache (use Redis when running several servers)."""
    window = int(datetime.now(UTC).timestamp()) // window_seconds
    key = f"anonymous-posts:rate:{scope}:{client_key(request)}:{window}"
    if cache.add(key, 1, timeout=window_seconds + 5):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window_seconds + 5)
        count = 1
    return count > limit
