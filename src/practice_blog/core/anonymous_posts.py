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
   (an IPv6 client by its /64, which one household or server controls whole) under a secret
   derived from ``SECRET_KEY`` and the day. The secret is never stored, so whoever can read the
   cache cannot work back from the keys to addresses; the IP address itself is never stored,
   logged or written to the database.

Any Practice Blog app with a public form uses this module; it has no models.
"""

import hashlib
import hmac
import ipaddress
import json
import re
import unicodedata
from datetime import UTC, datetime

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from .conf import setting

HONEYPOT_FIELD = "website"
TIMESTAMP_FIELD = "rendered"
TIMESTAMP_SALT = "practice_blog.core.anonymous_posts.rendered"
SAFE_FETCH_SITES = {"same-origin"}
# A form's signed timestamp is accepted for this long: longer than any cached copy of a page
# lives, so a reader never meets it, but a bot cannot keep one value for ever.
TIMESTAMP_MAX_AGE_SECONDS = 48 * 3600
TOO_OLD_MESSAGE = "This form is too old to send. Please reload the page and try again."
# Characters that can make text display differently from how it is stored (bidirectional
# overrides and isolates, direction marks): refused in every public text field.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Invisible characters that hide text or split words without showing (zero-width space, word
# joiner, byte-order mark) and Unicode's own line and paragraph separators. The zero-width
# joiner stays allowed: emoji sequences need it.
INVISIBLE = frozenset("\u200b\u2060\ufeff\u2028\u2029")

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


def wants_json(request):
    """True when a form's progressive-enhancement script sent it (it asks for JSON); plain
    form posts get HTML pages."""
    return "application/json" in request.headers.get("Accept", "")


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


def form_age(data):
    """Seconds since the form was rendered, from its signed hidden field; ``None`` when the
    value is missing or was not signed by this site."""
    try:
        rendered = signing.loads(str(data.get(TIMESTAMP_FIELD, "")), salt=TIMESTAMP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(rendered, int):
        return None
    return datetime.now(UTC).timestamp() - rendered


def form_too_old(data):
    """True when the form was rendered more than :data:`TIMESTAMP_MAX_AGE_SECONDS` ago, so a
    value fetched once cannot be replayed for ever (answer with :data:`TOO_OLD_MESSAGE`)."""
    age = form_age(data)
    return age is not None and age > TIMESTAMP_MAX_AGE_SECONDS


def submitted_too_fast(data, minimum_seconds):
    """True when the form came back sooner than a person could fill it, or the value was
    missing, tampered with or too old (check :func:`form_too_old` first for a kinder message)."""
    age = form_age(data)
    return age is None or age < minimum_seconds or age > TIMESTAMP_MAX_AGE_SECONDS


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


def client_network(address):
    """What one client controls: an IPv4 address, or an IPv6 address's /64 network (one
    client is routinely handed a whole /64, so counting single addresses lets it multiply
    every limit). Text that is not an address is returned as it is."""
    address = address.strip()
    if address.startswith("[") and "]" in address:  # "[2001:db8::1]:443"
        address = address[1 : address.index("]")]
    elif address.count(":") == 1:  # "203.0.113.7:5678": a proxy that appends the port
        address = address.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def daily_secret(now=None):
    """Today's rate-limit secret, derived from ``SECRET_KEY`` and the date: the same in every
    worker, never stored (so not in the cache beside the counters), and a new one each day so
    yesterday's keys cannot be linked to today's."""
    day = (now or datetime.now(UTC)).strftime("%Y-%m-%d")
    message = f"practice-blog rate limits {day}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()


def client_key(request, now=None):
    """An HMAC of the client's address (IPv6: its /64) under today's secret: stable for a
    day, then unlinkable."""
    network = client_network(client_ip(request)).encode()
    return hmac.new(daily_secret(now), network, hashlib.sha256).hexdigest()[:32]


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


def unsafe_text_reason(text):
    """Why ``text`` cannot be stored, or ``None``: invisible control characters (line breaks
    and tabs aside) and bidirectional overrides are refused in every public text field."""
    for char in text:
        if char in BIDI_CONTROLS:
            return "contains invisible characters that change the direction of the text"
        if char in INVISIBLE:
            return "contains invisible characters"
        if unicodedata.category(char) in {"Cc", "Cs"} and char not in "\n\t":
            return "contains invisible control characters"
    return None


class BadJSON(ValueError):
    """A request body that is not the JSON we accept; its message can be shown as it is."""


def parse_json_body(request, max_bytes):
    """The request's JSON body, or :class:`BadJSON` with a message for a 400 answer.

    The size is checked before parsing, and anything the parser cannot handle (broken UTF-8,
    bad syntax, nesting deep enough to exhaust the parser's recursion) is a ``BadJSON``.
    """
    body = request.body
    if len(body) > max_bytes:
        raise BadJSON("That is too much to send at once.")
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise BadJSON("The request could not be read (invalid JSON).") from error
