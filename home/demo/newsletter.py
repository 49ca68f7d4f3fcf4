"""Demo content for the newsletter: its settings, a signup block on the home page (once the
home page offers the block) and three fictional subscribers, one in each state.

Addresses use the reserved ``example.com`` domain; nothing is ever sent to them.
"""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Site

from practice_blog.newsletter.models import ConsentText, NewsletterSettings, Subscriber

from . import home_page

BLOCK_NAME = "newsletter_signup"
SIGNUP_BLOCK = {
    "heading": "New articles in your inbox",
    "text": "When we publish something new, we send one short email. No news from the "
    "practice, no offers, and you can leave with one click.",
    "heading_level": "h2",
}
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


def load(stdout):
    """Settings with their default wording, the home page block and demo subscribers."""
    site = Site.objects.get(is_default_site=True)
    texts = NewsletterSettings.for_site(site)
    consent = ConsentText.objects.get(pk=texts.consent_version())
    block_note = add_signup_block_to_home_page()
    add_demo_subscribers(consent)
    return f"footer signup on every page; {block_note}; {Subscriber.objects.count()} subscribers"
