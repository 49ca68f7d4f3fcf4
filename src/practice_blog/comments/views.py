"""Public comment views: send, what happens next, confirm, reply, and the comment policy.

None sets a cookie or reads the session, so the pages that carry the form stay cacheable whole.
The POSTs are exempt from Django's cookie CSRF check on purpose: sending uses
:mod:`practice_blog.core.anonymous_posts` (same-origin check, bot traps, rate limit) instead, and
the confirmation is authorised by the secret in its link. Bad input gets a clear message and
stores nothing.
"""

from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Page

from practice_blog.core import anonymous_posts as guard
from practice_blog.core.anonymous_posts import wants_json

from . import moderation
from .forms import CommentForm
from .models import CommentSettings, ReaderComment

MINIMUM_FILL_SECONDS = 3
COMMENTS_PER_WINDOW = 5
RATE_WINDOW_SECONDS = 600
MAX_BODY_BYTES = 32 * 1024  # a 3,000-character comment in any script, percent-encoded
STATES = {"confirm", "urgent", "urgent-confirmed", "held", "published"}


class Refusal(Exception):
    def __init__(self, status, message, form=None, page=None):
        super().__init__(message)
        self.status, self.message, self.form, self.page = status, message, form, page


def page_number(raw):
    """A page id as sent in a form or query string, or ``None`` when it is not one (ASCII
    digits only: "²".isdigit() is True)."""
    if raw.isascii() and raw.isdigit() and len(raw) <= 10:
        return int(raw)
    return None


def commentable_page(request, page_id):
    """The live, public page on this site that takes comments, or a :class:`Refusal`."""
    page = Page.objects.live().public().filter(pk=page_id).first() if page_id else None
    page = page.specific if page else None
    if page is None or not hasattr(page, "comments_open"):
        raise Refusal(404, "This page does not exist or does not take comments.")
    url = page.get_url(request=request) or ""
    if not url.startswith("/") or url.startswith("//"):
        raise Refusal(404, "This page is not part of this site.")
    return page


def answered_comment(page, parent_id):
    if not parent_id:
        return None
    parent = ReaderComment.objects.filter(pk=parent_id).first()
    if parent is None:
        raise Refusal(400, "The comment you are replying to no longer exists.", page=page)
    return parent


def refusal_response(request, refusal):
    """JSON for the script; otherwise a page that says what went wrong, with the form again."""
    form = refusal.form
    if wants_json(request):
        errors = form.errors.get_json_data() if form is not None else {}
        messages = form.error_list() if form is not None and form.errors else [refusal.message]
        return JsonResponse(
            {"ok": False, "message": " ".join(messages), "errors": errors},
            status=refusal.status,
        )
    context = {
        "message": refusal.message,
        "form": form,
        "page": refusal.page,
        "form_context": (
            form_context(request, refusal.page, form=form, heading="h2") if form else None
        ),
    }
    return render(request, "practice_blog/comments/problem.html", context, status=refusal.status)


def form_context(request, page, form=None, parent=None, heading="h3"):
    """What the comment form's template needs, for the page's own form (its heading an
    ``h3`` under the comments' ``h2``) or one on a page of its own (``h2``)."""
    comment_settings = CommentSettings.for_request(request)
    return {
        "heading": heading,
        "page": page,
        "parent": parent,
        "form": form or CommentForm(initial={"page": page.pk if page else None}),
        "endpoint": reverse("practice_blog_comments:post"),
        "rendered": guard.form_timestamp(),
        "honeypot_field": guard.HONEYPOT_FIELD,
        "settings": comment_settings,
        "policy_url": reverse("practice_blog_comments:policy"),
    }


@csrf_exempt
def post_comment(request):
    """Take a comment (or a reply) from any page of this site, then say what happens next."""
    try:
        return _post_comment(request)
    except Refusal as refusal:
        return refusal_response(request, refusal)


def _post_comment(request):
    if request.method != "POST":
        response = refusal_response(
            request, Refusal(405, "Please write your comment with the form under an article.")
        )
        response["Allow"] = "POST"
        return response
    if guard.cross_site_reason(request):
        raise Refusal(403, "Comments can only be sent from this site's own pages.")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY_BYTES + 1
    if length > MAX_BODY_BYTES:
        raise Refusal(413, "That is too long to send. Please shorten your comment.")
    if guard.is_known_bot(request):
        raise Refusal(403, "Automated comments are not accepted.")
    page_id = page_number(request.POST.get("page", ""))
    if page_id is None:
        raise Refusal(400, "The page this comment is for is missing. Please reload the page.")
    page = commentable_page(request, page_id)
    form = CommentForm(request.POST)
    valid = form.is_valid()
    if guard.honeypot_filled(request.POST):
        raise Refusal(400, "Your comment could not be accepted.", page=page)
    if guard.form_too_old(request.POST):
        raise Refusal(400, guard.TOO_OLD_MESSAGE, form, page)
    if guard.submitted_too_fast(request.POST, MINIMUM_FILL_SECONDS):
        raise Refusal(
            400,
            "That was quicker than we expected. Please check your comment and send it again.",
            form,
            page,
        )
    if not valid:
        raise Refusal(400, "Please check the form.", form, page)
    # Counted only for comments that could be stored: a reader correcting mistakes is not
    # turned away.
    if guard.rate_limited(request, "reader-comments", COMMENTS_PER_WINDOW, RATE_WINDOW_SECONDS):
        raise Refusal(
            429,
            "Many comments have come from your connection. Please try again in a few minutes.",
            form,
            page,
        )
    data = form.cleaned_data
    parent = answered_comment(page, data.get("parent"))
    try:
        outcome = moderation.submit(
            page,
            display_name=data["name"],
            email=data["email"],
            body=data["body"],
            parent=parent,
            comment_settings=CommentSettings.for_request(request),
        )
    except moderation.CommentRefused as refused:
        raise Refusal(400, str(refused), page=page) from refused
    if wants_json(request):
        html = render_to_string(
            "practice_blog/comments/includes/outcome.html",
            {"state": outcome.state, "page": page, "in_place": True},
            request=request,
        )
        return JsonResponse({"ok": True, "state": outcome.state, "html": html}, status=201)
    return see_outcome(outcome.state, page)


def see_outcome(state, page):
    """303 to the page that says what happens next (nothing personal in its address)."""
    url = reverse("practice_blog_comments:received", args=[state]) + f"?page={page.pk}"
    return HttpResponseRedirect(url, status=303)


@require_GET
def received(request, state):
    """What happens next: confirm by email, a person reads it, or it is published."""
    if state not in STATES:
        return render(
            request,
            "practice_blog/comments/problem.html",
            {"message": "There is nothing to show at this address."},
            status=404,
        )
    page = None
    page_id = page_number(request.GET.get("page", ""))
    if page_id is not None:
        page = Page.objects.live().public().filter(pk=page_id).first()
    return render(request, "practice_blog/comments/received.html", {"state": state, "page": page})


LINK_PROBLEM = (
    "This confirmation link does not work. It may have been used already, or be more than a "
    "day old (unconfirmed comments are deleted after a day). Please write your comment again."
)


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (mail scanners follow links); only the POST confirms."""
    comment = moderation.comment_for_token(token)
    if comment is None:
        context = {"message": LINK_PROBLEM, "title": "This link does not work"}
        return render(request, "practice_blog/comments/problem.html", context, status=404)
    if request.method == "GET":
        context = {"token": token, "page": comment.page}
        return render(request, "practice_blog/comments/confirm.html", context)
    if guard.cross_site_reason(request):
        context = {"message": "Please press the button on our own page to confirm."}
        return render(request, "practice_blog/comments/problem.html", context, status=403)
    outcome = moderation.confirm(token)
    if outcome is None:
        context = {"message": LINK_PROBLEM, "title": "This link does not work"}
        return render(request, "practice_blog/comments/problem.html", context, status=404)
    return see_outcome(outcome.state, comment.page)


@never_cache  # it shows another reader's comment, which may be rejected or erased at any time
@require_GET
def reply(request, comment_id):
    """A page with the form to answer one approved comment (one level of replies)."""
    parent = (
        ReaderComment.objects.select_related("page")
        .filter(pk=comment_id, status=ReaderComment.Status.APPROVED, parent__isnull=True)
        .first()
    )
    page = None
    if parent is not None:
        try:
            page = commentable_page(request, parent.page_id)
        except Refusal:
            page = None
    if page is None:
        context = {"message": "That comment cannot be replied to.", "title": "No reply here"}
        return render(request, "practice_blog/comments/problem.html", context, status=404)
    closed = moderation.closed_reason(page, CommentSettings.for_request(request))
    form = CommentForm(initial={"page": page.pk, "parent": parent.pk})
    context = {
        "parent": parent,
        "page": page,
        "closed": closed,
        "form_context": form_context(request, page, form=form, parent=parent, heading="h2"),
    }
    return render(request, "practice_blog/comments/reply.html", context)


@require_GET
def policy(request):
    """The comment policy staff wrote (Settings → Reader comments)."""
    comment_settings = CommentSettings.for_request(request)
    return render(
        request,
        "practice_blog/comments/policy.html",
        {"paragraphs": comment_settings.policy_paragraphs()},
    )
