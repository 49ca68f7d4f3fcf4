"""Public newsletter views: signup, thank-you, confirm and unsubscribe.

None of them sets a cookie or reads the session. The POSTs are exempt from Django's cookie
CSRF check on purpose: the signup uses :mod:`practice_blog.core.anonymous_posts` (same-origin
check, bot traps, rate limit) instead, and the confirm/unsubscribe POSTs are authorised by the
secret token in their address (one-click unsubscribe must work from a mail provider: RFC 8058).
"""

import logging

from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from practice_blog.core import anonymous_posts
from practice_blog.core.anonymous_posts import wants_json

from . import subscriptions
from .forms import SignupForm
from .tasks import process_signup_task
from .templatetags.practice_blog_newsletter import newsletter_settings

logger = logging.getLogger(__name__)

MINIMUM_FILL_SECONDS = 2
SIGNUPS_PER_WINDOW = 5
RATE_WINDOW_SECONDS = 600


def see_other(name):
    """A 303 redirect: the browser fetches the result page with GET (post/redirect/get)."""
    response = HttpResponseRedirect(reverse(name))
    response.status_code = 303
    return response


def refuse(request, status, message, form=None):
    """A clear refusal: JSON for the enhanced form, otherwise a page with the form again."""
    if wants_json(request):
        errors = dict(form.errors) if form is not None else {}
        messages = form.error_list() if form is not None and form.errors else [message]
        return JsonResponse(
            {"ok": False, "message": " ".join(messages), "errors": errors}, status=status
        )
    context = {"message": message, "form": form}
    return render(request, "practice_blog/newsletter/signup_problem.html", context, status=status)


@csrf_exempt
def signup(request):
    """Accept the signup form from any page of this site, then redirect (post/redirect/get).

    The answer is the same whether or not the address is already subscribed.
    """
    if request.method != "POST":
        response = refuse(request, 405, "Please sign up with the form at the foot of any page.")
        response["Allow"] = "POST"
        return response
    if anonymous_posts.cross_site_reason(request):
        return refuse(request, 403, "This form can only be sent from our own website.")
    if anonymous_posts.is_known_bot(request):
        return refuse(request, 403, "Automated sign-ups are not accepted.")
    if anonymous_posts.rate_limited(
        request, "newsletter-signup", SIGNUPS_PER_WINDOW, RATE_WINDOW_SECONDS
    ):
        response = refuse(
            request,
            429,
            "Too many sign-ups have come from your connection. Please try again in a few minutes.",
        )
        response["Retry-After"] = str(RATE_WINDOW_SECONDS)
        return response
    texts = newsletter_settings(request)
    form = SignupForm(request.POST, require_consent=texts.require_consent_tick)
    if anonymous_posts.honeypot_filled(request.POST):
        return refuse(request, 400, "Your sign-up could not be accepted.")
    if anonymous_posts.form_too_old(request.POST):
        form.is_valid()
        return refuse(request, 400, anonymous_posts.TOO_OLD_MESSAGE, form)
    if anonymous_posts.submitted_too_fast(request.POST, MINIMUM_FILL_SECONDS):
        form.is_valid()  # so the form is shown again with what was typed
        return refuse(
            request,
            400,
            "That was quicker than we expected. Please check the form and send it again.",
            form,
        )
    if not form.is_valid():
        return refuse(request, 400, "Please check the form.", form)
    data = form.cleaned_data
    # Always exactly one queued task and nothing else, so the answer cannot tell a new
    # address from one already on the list; the worker decides whether an email is due.
    signup = {
        "email": data["email"],
        "first_name": data["first_name"],
        "consent_version": data["consent_version"].pk,
        "consent_ticked": bool(data["consent"]),
        "page_id": data["page"].pk if data["page"] else None,
    }
    try:
        process_signup_task.enqueue(**signup)
    except Exception:
        # The queue is down: record the signup now rather than lose it (its email waits in
        # the outbox for the minute tick).
        logger.exception("Could not queue a newsletter signup; recording it in the request")
        process_signup_task.call(**signup)
    if wants_json(request):
        return JsonResponse({"ok": True, "message": texts.thank_you_text})
    return see_other("practice_blog_newsletter:thanks")


@require_GET
def thanks(request):
    """The page after a signup: the staff-written thank-you text."""
    texts = newsletter_settings(request)
    return render(
        request,
        "practice_blog/newsletter/message.html",
        {"title": "Thank you", "message": texts.thank_you_text},
    )


CONFIRM_PROBLEMS = {
    "unknown": (
        404,
        "This confirmation link is not valid. Please copy the whole link from "
        "the email, or sign up again.",
    ),
    "expired": (
        410,
        "This confirmation link has expired (links work for 72 hours). Please "
        "sign up again to get a new one.",
    ),
    "used": (410, "This confirmation link has already been used."),
}


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (mail scanners follow links); only the POST confirms."""
    check = subscriptions.check_confirmation_token(token)
    if check.state == "used" and check.subscriber.status == check.subscriber.Status.ACTIVE:
        # Confirming twice is harmless: say so, change nothing.
        texts = newsletter_settings(request)
        context = {"title": "You are already subscribed", "message": texts.confirmed_text}
        return render(request, "practice_blog/newsletter/message.html", context)
    if check.state != "valid":
        status, message = CONFIRM_PROBLEMS[check.state]
        context = {"title": "This link does not work", "message": message, "problem": True}
        return render(request, "practice_blog/newsletter/message.html", context, status=status)
    if request.method == "GET":
        return render(request, "practice_blog/newsletter/confirm.html", {"token": token})
    if anonymous_posts.cross_site_reason(request):
        context = {
            "title": "Please use the button on our page",
            "message": "This confirmation can only be sent from our own website.",
            "problem": True,
        }
        return render(request, "practice_blog/newsletter/message.html", context, status=403)
    subscriptions.confirm(token)
    return see_other("practice_blog_newsletter:confirmed")


@require_GET
def confirmed(request):
    """The page after confirming: the staff-written confirmation text."""
    texts = newsletter_settings(request)
    context = {"title": "You are subscribed", "message": texts.confirmed_text}
    return render(request, "practice_blog/newsletter/message.html", context)


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows one button; a POST (the button, or a mail provider's one-click) unsubscribes.

    Needs no cookie, no CSRF token and no Origin: the secret token is the authority.
    """
    subscriber = subscriptions.subscriber_for_unsubscribe_token(token)
    if subscriber is None:
        context = {
            "title": "This link does not work",
            "message": "This unsubscribe link is not valid. Please copy the whole link from "
            "one of our emails.",
            "problem": True,
        }
        return render(request, "practice_blog/newsletter/message.html", context, status=404)
    if request.method == "GET":
        already = subscriber.status == subscriber.Status.UNSUBSCRIBED
        return render(
            request,
            "practice_blog/newsletter/unsubscribe.html",
            {"token": token, "already": already},
        )
    subscriptions.unsubscribe(subscriber)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        texts = newsletter_settings(request)
        context = {"title": "You are unsubscribed", "message": texts.unsubscribed_text}
        return render(request, "practice_blog/newsletter/message.html", context)
    return see_other("practice_blog_newsletter:unsubscribed")


@require_GET
def unsubscribed(request):
    """The page after unsubscribing: the staff-written goodbye text."""
    texts = newsletter_settings(request)
    context = {"title": "You are unsubscribed", "message": texts.unsubscribed_text}
    return render(request, "practice_blog/newsletter/message.html", context)
