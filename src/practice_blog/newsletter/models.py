"""Newsletter subscribers, their consent, the outbox, the emails sent to the list, the settings.

Shaped around three promises: no signup is ever lost (every outgoing email is a row written in
the same transaction as the subscriber change), consent can be proven (each subscriber points
at the exact, never-edited consent text they saw), and nothing about a reader is kept that is
not needed (no IP address, no user agent, only hashes of the secret tokens).
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from ..core.memo import RememberedSiteSetting

CONFIRMATION_TOKEN_LIFETIME = timedelta(hours=72)
UNSUBSCRIBE_TOKEN_SALT = "newsletter.unsubscribe"


def hash_token(token):
    """The SHA-256 hex digest under which a token is stored and looked up."""
    return hashlib.sha256(str(token).encode()).hexdigest()


class ConsentText(models.Model):
    """One version of the consent wording shown beside the signup form.

    Rows are never edited: when staff change the wording in the settings a new version is
    created, so every subscriber keeps pointing at exactly what they agreed to.
    """

    text = models.TextField(
        verbose_name="Consent wording",
        help_text="Exactly what readers saw beside the signup form.",
    )
    text_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(verbose_name="In use from", default=timezone.now)

    class Meta:
        verbose_name = "Consent text version"
        verbose_name_plural = "Consent text versions"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Version {self.pk} ({self.created_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.pk and ConsentText.objects.filter(pk=self.pk).exclude(text=self.text).exists():
            raise ValueError("Consent texts are never edited; save the new wording as a new one.")
        self.text_hash = hash_token(self.text)
        super().save(*args, **kwargs)

    @classmethod
    def version_for(cls, text):
        """The version holding exactly ``text``, created the first time it is used."""
        version, _ = cls.objects.get_or_create(text_hash=hash_token(text), defaults={"text": text})
        return version


class Subscriber(models.Model):
    """A reader who asked for new articles by email, with the evidence of their consent.

    ``__str__`` deliberately does not show the address, so audit-log entries (e.g. for an
    erasure) never keep a copy of it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        ACTIVE = "active", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        STOPPED = "stopped", "Stopped: mail bounced or was reported as spam"

    email = models.EmailField(
        verbose_name="Email address",
        max_length=254,
        unique=True,
        help_text="Stored in lower case, so each address appears once.",
    )
    first_name = models.CharField(verbose_name="First name", max_length=100, blank=True)
    status = models.CharField(
        verbose_name="Status",
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    signed_up_at = models.DateTimeField(
        verbose_name="Signed up",
        default=timezone.now,
        help_text="When the reader last sent the signup form.",
    )
    confirmed_at = models.DateTimeField(
        verbose_name="Confirmed",
        null=True,
        blank=True,
        help_text="When the reader pressed the button in the confirmation email.",
    )
    unsubscribed_at = models.DateTimeField(verbose_name="Unsubscribed", null=True, blank=True)
    email_problem = models.CharField(
        verbose_name="Why we stopped emailing",
        max_length=300,
        blank=True,
        help_text="What the mail provider reported (a bounce or a spam complaint).",
    )
    email_problem_at = models.DateTimeField(verbose_name="Reported", null=True, blank=True)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Signed up on page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_text = models.ForeignKey(
        ConsentText,
        verbose_name="Consent wording seen",
        on_delete=models.PROTECT,
        related_name="subscribers",
    )
    consent_ticked = models.BooleanField(
        verbose_name="Ticked the consent box",
        default=False,
        help_text="False when the form did not ask for a tick (the wording was still shown).",
    )
    # A random value that, with SECRET_KEY, yields this reader's unsubscribe token; only the
    # token's hash is stored, so the database alone cannot unsubscribe anyone.
    token_seed = models.CharField(max_length=64, default="", editable=False)
    unsubscribe_token_hash = models.CharField(max_length=64, db_index=True, editable=False)

    # Keep subscribers out of Wagtail's "usage" listings that editors can see.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "Subscriber"
        verbose_name_plural = "Subscribers"
        ordering = ["-signed_up_at"]
        permissions = [("export_subscribers", "Can export the list of active subscribers")]

    def __str__(self):
        return f"Subscriber #{self.pk}"

    def save(self, *args, **kwargs):
        if not self.token_seed:
            self.token_seed = secrets.token_urlsafe(32)
            self.unsubscribe_token_hash = hash_token(self.unsubscribe_token())
        super().save(*args, **kwargs)

    def consent_wording(self):
        """The consent text this reader agreed to, with its version (for the admin)."""
        version = self.consent_text
        return f"{version.text} (version {version.pk}, in use from {version.created_at:%Y-%m-%d})"

    consent_wording.short_description = "Consent wording seen"

    def consent_box(self):
        """Whether the reader ticked the consent box, in words (for the admin)."""
        return "Yes" if self.consent_ticked else "No (the form did not ask for a tick)"

    consent_box.short_description = "Ticked the consent box"

    def unsubscribe_token(self):
        """The secret for this reader's unsubscribe link (stable, so old emails keep working)."""
        return salted_hmac(UNSUBSCRIBE_TOKEN_SALT, self.token_seed, algorithm="sha256").hexdigest()


class OutgoingEmail(models.Model):
    """One email waiting to be sent, sent, or given up on (the outbox).

    Written in the same transaction as the subscriber change, then sent by a background task;
    failures are retried by ``send_newsletter_outbox`` and stay visible to staff. The message
    itself is built at send time, so no secret link is ever stored in readable form.
    """

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", "Confirmation request"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (gave up)"
        CANCELLED = "cancelled", "Not needed any more"

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name="Subscriber",
        on_delete=models.CASCADE,
        related_name="emails",
    )
    kind = models.CharField(
        verbose_name="Kind", max_length=20, choices=Kind.choices, default=Kind.CONFIRMATION
    )
    status = models.CharField(
        verbose_name="Status",
        max_length=20,
        choices=Status.choices,
        default=Status.QUEUED,
        db_index=True,
    )
    created_at = models.DateTimeField(verbose_name="Queued", default=timezone.now, db_index=True)
    attempts = models.PositiveSmallIntegerField(verbose_name="Attempts", default=0)
    last_attempt_at = models.DateTimeField(verbose_name="Last attempt", null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        verbose_name="Next attempt", null=True, blank=True, default=timezone.now
    )
    last_error = models.TextField(verbose_name="Last error", blank=True)
    sent_at = models.DateTimeField(verbose_name="Sent", null=True, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    token_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    token_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "Outgoing email"
        verbose_name_plural = "Outgoing emails"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"


class NewsletterPageMixin(models.Model):
    """Add to any Wagtail page type to email it to subscribers when it is first published.

    Only the first time a page goes live counts (published now or at its go-live date): later
    edits and re-publishing never send again. Staff can still send, schedule or cancel from
    the page's action menu. Page types may override the ``newsletter_*`` methods to say what
    the email shows; the defaults use the page's search description.
    """

    email_subscribers = models.BooleanField(
        verbose_name="Email this article to subscribers",
        default=True,
        help_text="When the article is first published, subscribers get an email about it "
        "(or it goes into the next digest, if the newsletter settings ask for digests). Later "
        "edits are never emailed again.",
    )

    newsletter_panels = [FieldPanel("email_subscribers")]

    class Meta:
        abstract = True

    def newsletter_summary(self):
        """A sentence or two under the title in the email."""
        return self.search_description

    def newsletter_image(self):
        """The picture shown in the email (a Wagtail image), or ``None``."""
        return None

    def newsletter_image_description(self):
        """The picture's description for readers who cannot see it."""
        image = self.newsletter_image()
        return getattr(image, "description", "") or ""

    @property
    def preview_modes(self):
        return [*super().preview_modes, ("newsletter", "Newsletter email")]

    def serve_preview(self, request, mode_name):
        """The "Newsletter email" preview: the email exactly as subscribers will get it."""
        if mode_name != "newsletter":
            return super().serve_preview(request, mode_name)
        from .messages import page_content, preview_response

        # Inside the editor's preview panel the reason is shown like any page (status 200).
        return preview_response(lambda: page_content(self), problem_status=200)


class Dispatch(models.Model):
    """One email to the whole list: a new article, or a digest of several.

    Deliveries (one per reader) are created by the worker, not here, so creating a dispatch
    costs the publishing request one row whatever the size of the list. An article has at
    most one dispatch ever (a unique constraint), which is what makes "publishing sends once"
    hold even when two publishes race.
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", "New article"
        DIGEST = "digest", "Digest"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft: waiting for your review"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"
        STOPPED = "stopped", "Stopped"

    UNFINISHED = (Status.DRAFT, Status.SCHEDULED, Status.SENDING)

    kind = models.CharField(verbose_name="Kind", max_length=20, choices=Kind.choices)
    status = models.CharField(
        verbose_name="Status",
        max_length=20,
        choices=Status.choices,
        default=Status.SCHEDULED,
        db_index=True,
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name="Site",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The website whose sender name and footer the email uses.",
    )
    # SET_NULL: deleting the article keeps the record of what was sent (and its subject).
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_dispatches",
    )
    articles = models.ManyToManyField(
        "wagtailcore.Page",
        verbose_name="Articles in the digest",
        blank=True,
        related_name="+",
    )
    subject = models.CharField(verbose_name="Subject", max_length=200)
    send_after = models.DateTimeField(
        verbose_name="Send at",
        null=True,
        blank=True,
        help_text="Sending starts at this time (right away if it has passed).",
    )
    created_at = models.DateTimeField(verbose_name="Created", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Created by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(verbose_name="Started", null=True, blank=True)
    finished_at = models.DateTimeField(verbose_name="Finished", null=True, blank=True)
    stop_reason = models.CharField(verbose_name="Why it stopped", max_length=300, blank=True)
    # Set once every active reader has a delivery row; a restarted worker skips that step.
    recipients_ready = models.BooleanField(
        verbose_name="Every reader has a delivery", default=False, editable=False
    )
    period_start = models.DateTimeField(
        verbose_name="Digest covers from", null=True, blank=True, editable=False
    )
    period_end = models.DateTimeField(
        verbose_name="Digest covers until", null=True, blank=True, editable=False
    )
    # When a task was last queued for it, so the minute tick does not pile up duplicates.
    worker_queued_at = models.DateTimeField(
        verbose_name="Last queued for the worker", null=True, blank=True, editable=False
    )
    # Consecutive batches the mail server refused outright: the back-off grows with them.
    server_failures = models.PositiveSmallIntegerField(
        verbose_name="Mail server failures in a row", default=0, editable=False
    )
    server_error = models.CharField(
        verbose_name="Last mail server error", max_length=500, blank=True, editable=False
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = "Email to subscribers"
        verbose_name_plural = "Emails to subscribers"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["page"],
                condition=models.Q(kind="article"),
                name="newsletter_one_dispatch_per_article",
            ),
            # Two ticks at once (cron overlap, two servers) cannot make the same digest twice.
            models.UniqueConstraint(
                fields=["site", "period_end"],
                condition=models.Q(kind="digest"),
                name="newsletter_one_digest_per_period",
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_unfinished(self):
        return self.status in self.UNFINISHED


class Delivery(models.Model):
    """One reader's copy of one dispatch: claimed by a worker, sent, retried or given up on.

    ``claimed_until`` is a lease: a worker that dies mid-batch leaves rows "being sent" with a
    lease that runs out, and the next worker puts them back, so nobody is skipped and at most
    the one message in flight at the crash can arrive twice.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (gave up)"
        SKIPPED = "skipped", "Not sent: no longer subscribed"

    dispatch = models.ForeignKey(
        Dispatch, verbose_name="Email", on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber, verbose_name="Subscriber", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        verbose_name="Status", max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(verbose_name="Attempts", default=0)
    next_attempt_at = models.DateTimeField(
        verbose_name="Next attempt", null=True, blank=True, default=timezone.now
    )
    claimed_until = models.DateTimeField(
        verbose_name="Claimed by a worker until", null=True, blank=True, editable=False
    )
    sent_at = models.DateTimeField(verbose_name="Sent", null=True, blank=True)
    last_error = models.TextField(verbose_name="Last error", blank=True)

    class Meta:
        verbose_name = "Delivery"
        verbose_name_plural = "Deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "subscriber"], name="newsletter_one_delivery_per_reader"
            )
        ]
        indexes = [models.Index(fields=["dispatch", "status"], name="newsletter_delivery_progress")]

    def __str__(self):
        return f"Delivery #{self.pk}"

    @property
    def error_kind(self):
        """The error's type alone (its message may quote the reader's address)."""
        return self.last_error.partition(":")[0]


@register_setting(icon="mail")
class NewsletterSettings(RememberedSiteSetting, BaseSiteSetting):
    """Every word of the signup form, its pages and the confirmation email.

    Saving a changed consent wording creates a new :class:`ConsentText` version; the form
    carries that version's number so each signup records exactly what the reader saw.
    """

    heading = models.CharField(
        verbose_name="Form heading",
        max_length=120,
        default="Get new posts by email",
    )
    introduction = models.TextField(
        verbose_name="Form text",
        max_length=500,
        blank=True,
        default="One short email when we publish a new article. Nothing else, and you can "
        "leave with one click.",
        help_text="A sentence or two under the heading.",
    )
    button_label = models.CharField(verbose_name="Button text", max_length=40, default="Sign up!")
    consent_text = models.TextField(
        verbose_name="Consent wording",
        max_length=1000,
        default="I would like to receive new articles by email. I can unsubscribe at any time.",
        help_text="Shown beside the form. Changing it starts a new version; earlier "
        "subscribers keep the version they agreed to.",
    )
    require_consent_tick = models.BooleanField(
        verbose_name="Ask readers to tick a consent box",
        default=True,
        help_text="Shows an unticked box with the consent wording that must be ticked to sign up.",
    )
    thank_you_text = models.TextField(
        verbose_name="Thank-you message",
        max_length=500,
        default="Thank you! Please check your inbox: we have sent you an email with a link to "
        "confirm your subscription.",
        help_text="Shown after the form is sent. It is the same whether or not the address "
        "was already on the list, so nobody can find out who subscribes.",
    )
    confirmed_text = models.TextField(
        verbose_name="Confirmed message",
        max_length=500,
        default="You are subscribed. We will email you when we publish a new article.",
        help_text="Shown after the reader confirms.",
    )
    unsubscribed_text = models.TextField(
        verbose_name="Unsubscribed message",
        max_length=500,
        default="You are unsubscribed and will get no more emails from us.",
        help_text="Shown after the reader unsubscribes.",
    )
    confirmation_subject = models.CharField(
        verbose_name="Confirmation email subject",
        max_length=150,
        default="Please confirm your subscription",
    )
    confirmation_body = models.TextField(
        verbose_name="Confirmation email text",
        max_length=3000,
        default="Hello{name},\n\nPlease confirm that you would like to receive new articles "
        "by email:\n\n{link}\n\nThe link works for 72 hours. If you did not ask for this, "
        "ignore this email and you will hear nothing more from us.",
        help_text="Plain text. {name} becomes a space and the reader's first name (or nothing); "
        "{link} becomes the confirmation link (added at the end if you leave it out). An "
        "unsubscribe link is always added at the bottom.",
    )
    send_mode = models.CharField(
        verbose_name="When to email subscribers",
        max_length=20,
        choices=[
            ("each", "One email for each new article"),
            ("weekly", "A weekly digest of new articles"),
            ("monthly", "A monthly digest of new articles"),
            ("off", "Never (I send nothing from here)"),
        ],
        default="each",
        help_text="A digest lists every article published since the previous one.",
    )
    review_digests = models.BooleanField(
        verbose_name="Let me review each digest before it is sent",
        default=True,
        help_text="Digests wait as drafts under Newsletter → Emails to subscribers until you "
        "send them. Untick to send them automatically.",
    )
    sender_name = models.CharField(
        verbose_name="Sender name",
        max_length=100,
        blank=True,
        help_text="The name readers see the email come from, e.g. your practice's name. "
        "Leave empty to use the site's name.",
    )
    reply_to = models.EmailField(
        verbose_name="Replies go to",
        blank=True,
        help_text="Your practice's own email address. Emails are sent from the site's sending "
        "address, so replies need to be pointed here.",
    )
    postal_address = models.TextField(
        verbose_name="Postal address",
        max_length=300,
        blank=True,
        help_text="Shown at the foot of every newsletter email. US law (CAN-SPAM) asks for "
        "the sender's postal address; a PO box is fine.",
    )
    current_consent = models.ForeignKey(
        ConsentText,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("heading"), FieldPanel("introduction"), FieldPanel("button_label")],
            "Signup form",
        ),
        MultiFieldPanel(
            [FieldPanel("consent_text"), FieldPanel("require_consent_tick")], "Consent"
        ),
        MultiFieldPanel(
            [
                FieldPanel("thank_you_text"),
                FieldPanel("confirmed_text"),
                FieldPanel("unsubscribed_text"),
            ],
            "Messages to readers",
        ),
        MultiFieldPanel(
            [FieldPanel("confirmation_subject"), FieldPanel("confirmation_body")],
            "Confirmation email",
        ),
        MultiFieldPanel(
            [FieldPanel("send_mode"), FieldPanel("review_digests")], "Emails about new articles"
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("sender_name"), FieldPanel("reply_to")]),
                FieldPanel("postal_address"),
            ],
            "Sender",
        ),
    ]

    class Meta:
        verbose_name = "Newsletter"
        verbose_name_plural = "Newsletter"

    def save(self, *args, **kwargs):
        current = self.current_consent
        if current is None or current.text != self.consent_text:
            self.current_consent = ConsentText.version_for(self.consent_text)
        super().save(*args, **kwargs)

    def consent_version(self):
        """The consent version the form shows, created on first use (settings never saved)."""
        if self.current_consent_id is None:
            self.save()
        return self.current_consent_id
