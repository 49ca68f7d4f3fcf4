"""Everything that happens to a reader comment: sent, confirmed, held, approved, rejected, erased.

Views, admin screens and commands call these functions; each is one transaction. Whenever a
comment appears on a page or leaves it, the public content version moves on (so every page
cache renders afresh on its next request) and the page is purged from a configured CDN.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.html import urlize

from practice_blog.core.cdn import purge_page
from practice_blog.core.page_cache import content_changed

from .models import CommentSettings, ReaderComment
from .risk import active_phrases, matching_phrases

CONFIRMATION_LIFETIME = timedelta(days=1)
MAX_TOKEN_LENGTH = 128  # ours are 43 characters
ANCHOR = re.compile(r"<a\s", re.IGNORECASE)


class CommentRefused(Exception):
    """Input that cannot become a comment; the message can be shown to the writer as it is."""


@dataclass
class Outcome:
    """What the writer is told: after sending, "confirm" (check your email) or "urgent" (a
    person will read it; the crisis services); after confirming, "held", "published" or
    "urgent-confirmed"."""

    state: str
    comment: ReaderComment


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def count_links(text):
    """How many links the comment shows as: counted the way the page links them (bare domains
    such as "example.com" too)."""
    return len(ANCHOR.findall(urlize(text, autoescape=True)))


def closes_at(page, comment_settings):
    """When comments on ``page`` close by themselves, or ``None`` when they stay open."""
    days = comment_settings.close_after_days
    if not days or page.first_published_at is None:
        return None
    return page.first_published_at + timedelta(days=days)


def closed_reason(page, comment_settings, now=None):
    """Why readers cannot comment on ``page`` now, or ``None`` when they can."""
    if not getattr(page, "comments_open", False):
        return "Comments are not open on this page."
    if not comment_settings.enabled:
        return "Comments are switched off on this site."
    closing = closes_at(page, comment_settings)
    if closing is not None and (now or timezone.now()) >= closing:
        return "Comments on this page are now closed."
    return None


def check_parent(page, parent):
    """A reply may only answer an approved top-level comment on the same page."""
    if parent is None:
        return
    if parent.page_id != page.pk:
        raise CommentRefused("You can only reply to a comment on the same page.")
    if parent.status != ReaderComment.Status.APPROVED:
        raise CommentRefused("That comment cannot be replied to.")
    if parent.parent_id is not None:
        raise CommentRefused("Replies go under the first comment; a reply cannot be answered.")


@transaction.atomic
def submit(page, *, display_name, email, body, parent=None, comment_settings):
    """Record a reader's comment as unconfirmed and queue the emails it needs.

    A comment that matches a risk phrase is marked urgent, and staff are told at once (before
    the writer confirms). Returns the :class:`Outcome`; its token is the confirmation link's
    secret, which only the email carries.
    """
    from .tasks import alert_staff_task, send_confirmation_task

    reason = closed_reason(page, comment_settings)
    if reason:
        raise CommentRefused(reason)
    check_parent(page, parent)
    matched = matching_phrases(f"{display_name}\n{body}", active_phrases())
    comment = ReaderComment.objects.create(
        page=page,
        parent=parent,
        display_name=display_name,
        email=email,
        body=body,
        is_urgent=bool(matched),
        matched_phrases=matched,
        hold_reason="It may show the writer is at risk." if matched else "",
        created_at=timezone.now(),
    )
    if matched:
        transaction.on_commit(lambda: alert_staff_task.enqueue(comment.pk))
    transaction.on_commit(lambda: send_confirmation_task.enqueue(comment.pk))
    return Outcome("urgent" if matched else "confirm", comment)


def comment_for_token(token):
    """The unconfirmed comment a confirmation link belongs to, or ``None`` (unknown, used or
    expired); changes nothing."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return (
        ReaderComment.objects.select_related("page")
        .filter(
            confirmation_token_hash=hash_token(token),
            status=ReaderComment.Status.UNCONFIRMED,
            created_at__gte=timezone.now() - CONFIRMATION_LIFETIME,
        )
        .first()
    )


def is_trusted(email):
    """True when a comment from this address was confirmed and approved before."""
    return (
        ReaderComment.objects.approved()
        .by_email(email)
        .filter(confirmed_at__isnull=False, is_practice_reply=False)
        .exists()
    )


@transaction.atomic
def confirm(token):
    """Confirm the comment behind ``token``: it then waits for review, or is published when the
    site trusts its address. Returns the :class:`Outcome`, or ``None`` for a dead link."""
    comment = comment_for_token(token)
    if comment is None:
        return None
    comment = ReaderComment.objects.select_for_update().get(pk=comment.pk)
    if comment.status != ReaderComment.Status.UNCONFIRMED:
        return None  # confirmed by another request meanwhile
    comment_settings = CommentSettings.for_site(comment.page.get_site())
    comment.confirmed_at = timezone.now()
    comment.confirmation_token_hash = ""
    state = "held"
    if comment.is_urgent:
        state = "urgent-confirmed"
    elif count_links(comment.body) > comment_settings.max_links:
        comment.hold_reason = f"It has more than {comment_settings.max_links} links."
    elif (
        comment_settings.policy == CommentSettings.Policy.TRUST_APPROVED
        and is_trusted(comment.email)
        and closed_reason(comment.page.specific, comment_settings) is None
    ):
        state = "published"
    comment.status = (
        ReaderComment.Status.APPROVED if state == "published" else ReaderComment.Status.HELD
    )
    comment.save()
    if state == "published":
        pages_changed(comment.page)
    return Outcome(state, comment)


def pages_changed(*pages):
    """Comments appeared on these pages or left them: every cache renders them afresh."""
    content_changed()
    for page in pages:
        purge_page(page)


def locked(comment):
    """The comment as it is in the database now, locked until the transaction ends: what it
    was a moment ago (when a screen loaded it) may have changed meanwhile."""
    return ReaderComment.objects.select_for_update().select_related("page").get(pk=comment.pk)


def _moderate(comment, user, status):
    comment = locked(comment)
    was_public = comment.status == ReaderComment.Status.APPROVED
    comment.status = status
    comment.moderated_at = timezone.now()
    comment.moderated_by = user
    comment.save(update_fields=["status", "moderated_at", "moderated_by"])
    if was_public or status == ReaderComment.Status.APPROVED:
        pages_changed(comment.page)
    return comment


@transaction.atomic
def approve(comment, user):
    """Show the comment on its page (a practice reply's parent must already be shown)."""
    parent_status = (
        ReaderComment.objects.filter(pk=comment.parent_id).values_list("status", flat=True).first()
    )
    if comment.parent_id and parent_status != ReaderComment.Status.APPROVED:
        raise CommentRefused("Approve the comment it answers first.")
    return _moderate(comment, user, ReaderComment.Status.APPROVED)


@transaction.atomic
def reject(comment, user):
    """Keep the comment off the page; it is deleted after the site's retention period."""
    return _moderate(comment, user, ReaderComment.Status.REJECTED)


@transaction.atomic
def mark_spam(comment, user):
    """Like :func:`reject`, listed apart so real rejections are easy to find."""
    return _moderate(comment, user, ReaderComment.Status.SPAM)


@transaction.atomic
def delete(comment):
    """Delete the comment and any replies under it, now."""
    comment = locked(comment)
    was_public = comment.status == ReaderComment.Status.APPROVED
    page = comment.page
    comment.delete()
    if was_public:
        pages_changed(page)


@transaction.atomic
def reply_as_practice(parent, user, body, display_name):
    """Publish the practice's reply under an approved top-level comment."""
    parent = locked(parent)
    check_parent(parent.page, parent)
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise CommentRefused("Write a reply before sending.")
    now = timezone.now()
    reply = ReaderComment.objects.create(
        page=parent.page,
        parent=parent,
        display_name=display_name,
        body=body,
        status=ReaderComment.Status.APPROVED,
        is_practice_reply=True,
        written_by=user,
        created_at=now,
        moderated_at=now,
        moderated_by=user,
    )
    pages_changed(reply.page)
    return reply


@transaction.atomic
def erase_by_email(email):
    """Delete every comment written from ``email`` (and the replies under them); returns how
    many of the writer's comments went."""
    if not email.strip():
        return 0
    comments = list(ReaderComment.objects.by_email(email).select_related("page"))
    if not comments:
        return 0
    pages = {c.page_id: c.page for c in comments if c.status == ReaderComment.Status.APPROVED}
    ReaderComment.objects.filter(pk__in=[c.pk for c in comments]).delete()
    if pages:
        pages_changed(*pages.values())
    return len(comments)


def purge(now=None):
    """Delete unconfirmed comments after a day (never urgent ones: a person must see those
    first) and rejected or spam comments after their site's retention period. Returns
    ``(unconfirmed, rejected)`` counts."""
    now = now or timezone.now()
    unconfirmed = (
        ReaderComment.objects.filter(
            status=ReaderComment.Status.UNCONFIRMED,
            is_urgent=False,
            created_at__lt=now - CONFIRMATION_LIFETIME,
        )
        .delete()[1]
        .get(ReaderComment._meta.label, 0)
    )
    # Rejected comments are few: each is checked against its own site's setting.
    candidates = ReaderComment.objects.filter(
        status__in=[ReaderComment.Status.REJECTED, ReaderComment.Status.SPAM],
        moderated_at__lt=now - timedelta(days=1),
    ).select_related("page")
    days_by_site = {}
    expired = []
    for comment in candidates.iterator():
        site = comment.page.get_site()
        key = site.pk if site else None
        if key not in days_by_site:
            days_by_site[key] = retention_days(site)
        if comment.moderated_at < now - timedelta(days=days_by_site[key]):
            expired.append(comment.pk)
    rejected = ReaderComment.objects.filter(pk__in=expired).delete()[1]
    return unconfirmed, rejected.get(ReaderComment._meta.label, 0)


def retention_days(site):
    """How long a site keeps rejected and spam comments (the default site's for a page
    outside every site)."""
    from wagtail.models import Site

    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return CommentSettings._meta.get_field("rejected_retention_days").default
    return CommentSettings.for_site(site).rejected_retention_days
