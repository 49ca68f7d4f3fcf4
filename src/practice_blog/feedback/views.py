"""The public vote endpoint of the helpful widget: one POST URL for answers and follow-ups.

Public pages carry no CSRF cookie (they are cached whole), so instead of Django's cookie CSRF
this view accepts only same-origin POSTs (``practice_blog.core.anonymous_posts``), ignores known
bots and filled honeypots, refuses answers sent faster than a person could read, rate-limits per
client (an HMAC of the IP under a daily secret, in the cache only) and validates every field. Bad
input gets a clear 4xx and writes nothing.

It answers in JSON when the widget's script asks for it (``Accept: application/json`` or a
JSON body); otherwise it redirects back to the article (post/redirect/get) with the answer
state in the query string, so the thank-you is rendered server-side without JavaScript.
"""

import re
import secrets
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import IntegrityError
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Page

from practice_blog.core import anonymous_posts as guard

from .models import COMMENT_MAX_LENGTH, FeedbackSettings
from .rollups import DuplicateVote, record_vote

MAX_BODY_BYTES = 8 * 1024  # a 500-character comment, percent-encoded, fits with room to spare
RATE_LIMIT_SCOPE = "feedback-votes"
RATE_LIMIT_WINDOW = 3600
REPEAT_WINDOW_SECONDS = 10
VOTER_KEY = re.compile(r"[0-9a-f]{32}")  # always used with fullmatch()
PAGE_ID = re.compile(r"[0-9]{1,10}")  # ASCII digits only: "²".isdigit() is True
ANSWERS = {"yes": True, "no": False}
STEP_ANSWER, STEP_DETAILS = "answer", "details"
STATE_PARAM, VOTER_PARAM = "feedback", "voter"
SINGLE_FIELDS = {"page", "answer", "voter", "step", "comment", "rendered", guard.HONEYPOT_FIELD}
LIST_FIELDS = {"reason"}
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class VoteRefused(Exception):
    """A request the endpoint answers with a 4xx status and a message the widget can show."""

    def __init__(self, status, message, page=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.page = page


def wants_json(request):
    """True when the widget's script sent the request (it asks for JSON)."""
    accept = request.headers.get("Accept", "")
    return "application/json" in accept or request.content_type == "application/json"


def read_fields(request):
    """The submitted fields as ``{name: str}`` plus ``reason`` as a list of strings."""
    if request.content_type == "application/json":
        try:
            data = guard.parse_json_body(request, MAX_BODY_BYTES)
        except guard.BadJSON as error:
            raise VoteRefused(400, "The answer could not be read (invalid JSON).") from error
        if not isinstance(data, dict):
            raise VoteRefused(400, "The answer must be a JSON object.")
        reasons = data.pop("reasons", data.pop("reason", []))
        fields = {}
        for name, value in data.items():
            if name not in SINGLE_FIELDS:
                raise VoteRefused(400, f"Unexpected field “{name[:40]}”.")
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise VoteRefused(400, f"The field “{name}” has the wrong type.")
            fields[name] = str(value)
        if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
            raise VoteRefused(400, "Reasons must be a list of texts.")
        return fields, reasons
    if request.content_type not in FORM_CONTENT_TYPES:
        raise VoteRefused(415, "Send the answer as a form or as JSON.")
    fields = {}
    for name, values in request.POST.lists():
        if name not in SINGLE_FIELDS | LIST_FIELDS:
            raise VoteRefused(400, f"Unexpected field “{name[:40]}”.")
        if name in SINGLE_FIELDS:
            if len(values) != 1:
                raise VoteRefused(400, f"The field “{name}” was sent more than once.")
            fields[name] = values[0]
    return fields, request.POST.getlist("reason")


def find_page(request, raw_page_id):
    """The live, public page on this site that carries the widget, or :class:`VoteRefused`."""
    if not PAGE_ID.fullmatch(raw_page_id):
        raise VoteRefused(400, "The page number is missing or not a number.")
    page = Page.objects.live().public().filter(pk=int(raw_page_id)).first()
    page = page.specific if page else None
    if page is None or not getattr(page, "show_helpful_widget", False):
        raise VoteRefused(404, "This page does not exist or does not take feedback.")
    url = page.get_url(request=request) or ""
    if not url.startswith("/") or url.startswith("//"):
        raise VoteRefused(404, "This page is not part of this site.")
    return page, url


def clean_vote(fields, reasons, feedback_settings):
    """Validate the answer fields; return ``(helpful, step, voter, reasons, comment)``."""
    answer = fields.get("answer", "")
    if answer not in ANSWERS:
        raise VoteRefused(400, "Choose “yes” or “no”.")
    step = fields.get("step", STEP_ANSWER) or STEP_ANSWER
    if step not in (STEP_ANSWER, STEP_DETAILS):
        raise VoteRefused(400, "Unknown form step.")
    voter = fields.get("voter", "")
    if voter and not VOTER_KEY.fullmatch(voter):
        raise VoteRefused(400, "The anonymous voter key is malformed.")
    comment = fields.get("comment", "").replace("\r\n", "\n").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise VoteRefused(
            400, f"Please shorten your comment to {COMMENT_MAX_LENGTH} characters or fewer."
        )
    problem = guard.unsafe_text_reason(comment)
    if problem:
        raise VoteRefused(400, f"The comment {problem}. Please remove them and send it again.")
    allowed = feedback_settings.reasons
    if any(reason not in allowed for reason in reasons) or len(set(reasons)) != len(reasons):
        raise VoteRefused(400, "One of the reasons is not on the list. Reload and try again.")
    helpful = ANSWERS[answer]
    if helpful and (reasons or comment):
        raise VoteRefused(400, "Reasons and comments go with “Not quite” answers only.")
    if step == STEP_DETAILS and (helpful or not (reasons or comment)):
        raise VoteRefused(400, "Tick a reason or write a comment before sending.")
    return helpful, step, voter, reasons, comment


def check_repeat(request, page, answer, step, voter):
    """Refuse the same answer from the same client within seconds (a double click without a
    voter key). The key is an HMAC under today's secret and lives only in the cache."""
    if voter:
        return  # the database already refuses an identical answer from a known voter
    key = f"feedback:repeat:{guard.client_key(request)}:{page.pk}:{answer}:{step}"
    if not cache.add(key, 1, timeout=REPEAT_WINDOW_SECONDS):
        raise VoteRefused(409, "We have already received this answer. Thank you.", page)


def state_after(helpful, step):
    """Which thank-you the widget shows next: "yes", "no" (follow-up offered) or "sent"."""
    if helpful:
        return "yes"
    return "sent" if step == STEP_DETAILS else "no"


def thank_you_text(feedback_settings, state):
    return {
        "yes": feedback_settings.thanks_yes,
        "no": feedback_settings.thanks_no,
        "sent": feedback_settings.thanks_details,
    }[state]


def redirect_to_page(url, state, voter):
    """303 back to the article's own URL (never one the client chose) in the given state."""
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        raise VoteRefused(400, "Cannot return to that page.")
    query = urlencode({STATE_PARAM: state, VOTER_PARAM: voter})
    return HttpResponseRedirect(f"{url}?{query}#helpful-feedback", status=303)


def refusal_response(request, refusal):
    """The 4xx answer: JSON for the script, a small page with a way back otherwise."""
    if wants_json(request):
        return JsonResponse({"ok": False, "error": refusal.message}, status=refusal.status)
    back = None
    if refusal.page is not None:
        back = refusal.page.get_url(request=request)
    context = {"message": refusal.message, "back_url": back, "status": refusal.status}
    return TemplateResponse(
        request, "practice_blog/feedback/vote_refused.html", context, status=refusal.status
    )


def ignored_response(request, url, helpful, step):
    """What a bot or a filled honeypot gets: the usual-looking answer, with nothing stored."""
    state = state_after(helpful, step)
    if wants_json(request):
        return JsonResponse({"ok": True, "state": state, "voter": ""}, status=200)
    return HttpResponseRedirect(f"{url}?{urlencode({STATE_PARAM: state})}", status=303)


@csrf_exempt  # the same-origin check below replaces the cookie token (pages carry no cookie)
def vote(request):
    """Record a "Was this article helpful?" answer, or the reasons/comment that follow it."""
    try:
        return _vote(request)
    except VoteRefused as refusal:
        return refusal_response(request, refusal)


def _vote(request):
    if request.method != "POST":
        response = refusal_response(request, VoteRefused(405, "Answers are sent with POST."))
        response["Allow"] = "POST"
        return response
    if guard.cross_site_reason(request):
        raise VoteRefused(403, "Answers are accepted only from this site's own pages.")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY_BYTES + 1
    if length > MAX_BODY_BYTES:
        raise VoteRefused(413, "That answer is too long to send.")

    feedback_settings = FeedbackSettings.for_request(request)
    if guard.rate_limited(
        request, RATE_LIMIT_SCOPE, feedback_settings.votes_per_hour, RATE_LIMIT_WINDOW
    ):
        raise VoteRefused(429, "Too many answers from your connection. Please try again later.")
    fields, reasons = read_fields(request)
    page, url = find_page(request, fields.get("page", ""))
    if not feedback_settings.widget_enabled:
        raise VoteRefused(404, "Feedback is switched off on this site.", page)
    helpful, step, voter, reasons, comment = clean_vote(fields, reasons, feedback_settings)

    if guard.is_known_bot(request) or guard.honeypot_filled(fields):
        return ignored_response(request, url, helpful, step)
    # The follow-up form is a new page: its reader has already passed the full check once.
    minimum_seconds = feedback_settings.minimum_seconds_on_page
    if step == STEP_DETAILS:
        minimum_seconds = min(minimum_seconds, 1)
    if guard.form_too_old(fields):
        raise VoteRefused(400, guard.TOO_OLD_MESSAGE, page)
    if guard.submitted_too_fast(fields, minimum_seconds):
        raise VoteRefused(
            400, "That was quicker than we expected. Please wait a moment and try again.", page
        )
    check_repeat(request, page, "yes" if helpful else "no", step, voter)

    voter = voter or secrets.token_hex(16)
    try:
        record_vote(
            page,
            helpful=helpful,
            voter_key=voter,
            reasons=reasons,
            comment=comment,
            url=url,
        )
    except (DuplicateVote, IntegrityError) as duplicate:
        # IntegrityError: the same voter's answer arrived twice at once (PostgreSQL); the
        # partial unique constraint kept one of them.
        raise VoteRefused(409, "You have already given this answer. Thank you.", page) from (
            duplicate
        )
    except ValueError as error:
        raise VoteRefused(400, str(error), page) from error

    state = state_after(helpful, step)
    if wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "state": state,
                "voter": voter,
                "message": thank_you_text(feedback_settings, state),
            },
            status=201,
        )
    return redirect_to_page(url, state, voter)
