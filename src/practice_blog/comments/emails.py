"""The two emails reader comments send: the writer's confirmation link, and staff's alert that an
urgent comment waits. Plain text, no images, no tracking; the alert never carries the comment's
words or the writer's details (email is not the place for them), only a link to the admin."""

import secrets

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.urls import reverse

from practice_blog.core.conf import public_base_url

from .apps import MODERATE
from .models import CommentSettings
from .moderation import hash_token


def crisis_lines():
    """The site's crisis services as lines of text (the safety app's, when installed)."""
    if apps.is_installed("practice_blog.safety"):
        from practice_blog.safety.api import crisis_lines as safety_lines

        return safety_lines()
    return [
        "988 Suicide & Crisis Lifeline: call or text 988",
        "Crisis Text Line: text HOME to 741741",
        "Emergency: call 911",
    ]


def confirmation_message(comment):
    """The writer's email with a new confirmation link (an earlier link stops working)."""
    token = secrets.token_urlsafe(32)
    comment.confirmation_token_hash = hash_token(token)
    comment.save(update_fields=["confirmation_token_hash"])
    link = public_base_url() + reverse("practice_blog_comments:confirm", args=[token])
    title = comment.page.title
    # Nothing the sender typed goes into the email (not even the name): it goes to whatever
    # address was entered, so it must not be a way to send someone else words or links.
    lines = [
        "Hello,",
        "",
        f"Thank you for your comment on “{title}”. Please confirm that you wrote it by opening "
        "this link and pressing the button on the page:",
        "",
        link,
        "",
        "If you did not write a comment, ignore this email: nothing will be published, and we "
        "will not write again.",
    ]
    if comment.is_urgent:
        lines += [
            "",
            "This form is not monitored for emergencies. If you need help now:",
            *(f"- {line}" for line in crisis_lines()),
        ]
    return EmailMessage(
        subject=f"Please confirm your comment on “{title}”",
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[comment.email],
    )


def staff_addresses(site):
    """Who hears of an urgent comment: the address in the settings, else everyone active who
    may moderate comments."""
    chosen = CommentSettings.for_site(site).urgent_alert_email if site else ""
    if chosen:
        return [chosen]
    app_label, codename = MODERATE.split(".")
    permitted = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    users = get_user_model().objects.filter(permitted | Q(is_superuser=True), is_active=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def urgent_alert_message(comment):
    """Staff's alert: a comment may show a reader at risk and waits, unpublished."""
    site = comment.page.get_site()
    recipients = staff_addresses(site)
    if not recipients:
        return None
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or public_base_url()).rstrip("/")
    link = base + reverse("reader_comments:detail", args=[comment.pk])
    body = (
        f"A reader's comment on “{comment.page.title}” may show that the writer is at risk.\n\n"
        "It is not published and will not be until someone approves it. The writer was shown "
        "the crisis services straight away. Please read it as soon as you can:\n\n"
        f"{link}\n\n"
        "This email does not include the comment or who wrote it.\n"
    )
    return EmailMessage(
        subject="Urgent: a reader comment is waiting for you",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        headers={"Importance": "high", "X-Priority": "1"},
    )
