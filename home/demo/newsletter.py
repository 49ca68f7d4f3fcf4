"""Demo content for the newsletter: its settings, a signup block on the home page (once the
home page offers the block), three fictional subscribers, one in each state, one email already
sent to the list and one digest waiting as a draft.

Addresses use the reserved ``example.com`` domain; nothing is ever sent to them.
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Site

from practice_blog.blog.models import ArticlePage
from practice_blog.newsletter.models import (
    ConsentText,
    Delivery,
    Dispatch,
    NewsletterSettings,
    Subscriber,
)

from . import home_page
from .practice import PRACTICE

BLOCK_NAME = "newsletter_signup"
SIGNUP_BLOCK = {
    "heading": "New articles in your inbox",
    "text": "When we publish something new, we send one short email. No news from the "
    "practice, no offers, and you can leave with one click.",
    "heading_level": "h2",
}
DIGEST_SUBJECT = f"New articles from {PRACTICE['name']} this month"
DEMO_SUBSCRIBERS = [
    ("maya.demo@example.com", "Maya", Subscriber.Status.ACTIVE, 12),
    ("jonah.demo@example.com", "Jonah", Subscriber.Status.PENDING, 1),
    ("ruth.demo@example.com", "", Subscriber.Status.UNSUBSCRIBED, 40),
]


def add_signup_block_to_home_page():
    """Append the signup block to the home page body, once."""
    home = home_page()
    if any(block.block_type == BLOCK_NAME for block in home.body):
        return "signup block already on the home page"
    home.body.append((BLOCK_NAME, SIGNUP_BLOCK))
    home.save_revision().publish()
    return "signup block added to the home page"


def add_demo_subscribers(consent):
    """Create the three demo subscribers once (same counts on every run)."""
    now = timezone.now()
    for email, first_name, status, days_ago in DEMO_SUBSCRIBERS:
        signed_up = now - timedelta(days=days_ago)
        Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "status": status,
                "signed_up_at": signed_up,
                "confirmed_at": None
                if status == Subscriber.Status.PENDING
                else signed_up + timedelta(hours=1),
                "unsubscribed_at": now - timedelta(days=3)
                if status == Subscriber.Status.UNSUBSCRIBED
                else None,
                "consent_text": consent,
                "consent_ticked": True,
                "source_page": home_page(),
            },
        )


def add_sent_email(site, article):
    """The newest article, as if it had been emailed to the list when it was published."""
    sent_at = article.first_published_at or timezone.now()
    dispatch, created = Dispatch.objects.get_or_create(
        kind=Dispatch.Kind.ARTICLE,
        page=article,
        defaults={
            "site": site,
            "subject": article.title,
            "status": Dispatch.Status.SENT,
            "send_after": sent_at,
            "started_at": sent_at,
            "finished_at": sent_at + timedelta(seconds=2),
            "recipients_ready": True,
        },
    )
    if created:
        for reader in Subscriber.objects.filter(status=Subscriber.Status.ACTIVE):
            Delivery.objects.create(
                dispatch=dispatch,
                subscriber=reader,
                status=Delivery.Status.SENT,
                attempts=1,
                next_attempt_at=None,
                sent_at=sent_at + timedelta(seconds=1),
            )
    return dispatch


def add_draft_digest(site, articles):
    """A digest of the other articles, waiting for the owner to review and send it."""
    if Dispatch.objects.filter(kind=Dispatch.Kind.DIGEST, site=site).exists():
        return
    now = timezone.now()
    digest = Dispatch.objects.create(
        kind=Dispatch.Kind.DIGEST,
        site=site,
        subject=DIGEST_SUBJECT,
        status=Dispatch.Status.DRAFT,
        period_start=now - timedelta(days=30),
        period_end=now,
    )
    digest.articles.set(articles)


def load(stdout):
    """Settings, the home page block, demo subscribers, a sent email and a draft digest."""
    site = Site.objects.get(is_default_site=True)
    texts = NewsletterSettings.for_site(site)
    if not texts.postal_address:
        texts.sender_name = PRACTICE["name"]
        texts.reply_to = PRACTICE["email"]
        texts.postal_address = PRACTICE["street_address"].replace("\n", ", ")
        texts.save()
    consent = ConsentText.objects.get(pk=texts.consent_version())
    block_note = add_signup_block_to_home_page()
    add_demo_subscribers(consent)
    articles = list(ArticlePage.objects.live().order_by("-first_published_at"))
    if articles:
        add_sent_email(site, articles[0])
        add_draft_digest(site, articles[1:3])
    return (
        f"footer signup on every page; {block_note}; {Subscriber.objects.count()} subscribers; "
        f"{Dispatch.objects.count()} emails to subscribers (one sent, one draft digest)"
    )
