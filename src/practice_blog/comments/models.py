"""Reader comments: pre-moderated, crisis-aware, and holding as little about the writer as works.

How to read the data:

- :class:`ReaderComment` is one comment, or one reply under it (``parent``; one level only).
  A guest's comment starts ``unconfirmed`` until they press the button in the email we send,
  then waits ``held`` for a person, unless the site's policy lets an address that has had a
  comment approved publish at once. Only ``approved`` comments are ever shown on a page.
- ``is_urgent`` marks a comment that matched a :class:`RiskPhrase` (a sign the writer may be at
  risk). Urgent comments are never published automatically, staff are emailed at once, they
  come first in every list, and they are never purged before a person has acted on them.
- The writer's email address is kept only to confirm the comment, to let an approved address
  be trusted, and to erase everything someone wrote when they ask; it is never shown on a
  public page. No IP address, user agent or cookie is stored or set.
- Write through :mod:`practice_blog.comments.moderation`: it keeps page caches fresh when a
  comment appears or disappears.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from ..core.memo import RememberedSiteSetting

BODY_MAX_LENGTH = 3000
NAME_MAX_LENGTH = 60

DEFAULT_POLICY = """\
We welcome comments that add to an article: your own experience, a question, another point of \
view. A person at the practice reads every comment before it appears, usually within two \
working days.

Please use a first name or a nickname, and do not share health details, or anything that could \
identify you, a client or anyone else. We may remove a comment that does, or that is unkind, \
off-topic or advertising.

Your email address is never shown. We use it only to confirm your comment, and you can ask us \
to erase every comment you have written.

Our replies give general information, not clinical advice, and are no substitute for care.

Comments are not monitored for emergencies. If you write that you may be in danger, we do not \
publish your comment; we show you crisis services straight away and a member of staff reads it \
as soon as they can. If you are in crisis now, call or text 988 (the Suicide and Crisis \
Lifeline), text HOME to 741741, or call 911 if you are in immediate danger."""


def shortened(text, length):
    """``text`` on one line, cut to ``length`` characters with an ellipsis when longer."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class CommentsMixin(models.Model):
    """Add to any Wagtail page type to take reader comments on it.

    The page shows them with ``{% load practice_blog_comments %}{% reader_comments page %}``
    (and ``{% comment_count page %}`` in its header); the site-wide rules are in
    :class:`CommentSettings`.
    """

    comments_open = models.BooleanField(
        verbose_name="Take reader comments",
        default=True,
        help_text="Show approved comments under this page and let readers add one. They also "
        "close by themselves some days after first publication (see Settings → Reader "
        "comments).",
    )

    comments_panels = [FieldPanel("comments_open")]

    class Meta:
        abstract = True


@register_setting(icon="comment")
class CommentSettings(RememberedSiteSetting, BaseSiteSetting):
    """The rules for reader comments, the words around the form and the comment policy.

    A site setting so staff change them under Settings without a developer; the defaults
    (review every comment, close after 90 days) are safe before anyone opens it.
    """

    class Policy(models.TextChoices):
        REVIEW_ALL = "review_all", "A person reviews every comment before it appears"
        TRUST_APPROVED = (
            "trust_approved",
            "Publish at once from an email address that has had a comment approved",
        )

    enabled = models.BooleanField(
        verbose_name="Take comments on this site",
        default=True,
        help_text="Untick to close comments everywhere at once. Approved comments stay visible.",
    )
    policy = models.CharField(
        verbose_name="Who reviews comments",
        max_length=20,
        choices=Policy.choices,
        default=Policy.REVIEW_ALL,
        help_text="Comments that may show a reader at risk, or carry many links, always wait "
        "for a person, whichever you choose.",
    )
    close_after_days = models.PositiveIntegerField(
        verbose_name="Close comments after (days)",
        default=90,
        validators=[MaxValueValidator(3650)],
        help_text="Days after a page is first published. 0 keeps comments open.",
    )
    max_links = models.PositiveSmallIntegerField(
        verbose_name="Most links before a comment waits for review",
        default=2,
        validators=[MaxValueValidator(50)],
        help_text="A comment with more links than this always waits for a person (spam "
        "usually carries several).",
    )
    urgent_alert_email = models.EmailField(
        verbose_name="Send urgent-comment alerts to",
        blank=True,
        help_text="Who is emailed at once when a comment may show a reader at risk. Empty: "
        "everyone who may moderate comments. The email says only that one is waiting, "
        "never what it says.",
    )
    rejected_retention_days = models.PositiveIntegerField(
        verbose_name="Delete rejected and spam comments after (days)",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    form_hint = models.CharField(
        verbose_name="Hint above the comment box",
        max_length=300,
        default="Please do not share health details, or anything that could identify you, a "
        "client or anyone else.",
    )
    policy_text = models.TextField(
        verbose_name="Comment policy",
        default=DEFAULT_POLICY,
        help_text="Shown on the comment policy page, which the form links to. Leave an empty "
        "line between paragraphs. Say how you respond to comments about crisis.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("enabled"), FieldPanel("policy"), FieldPanel("close_after_days")],
            heading="Taking comments",
        ),
        MultiFieldPanel(
            [
                FieldPanel("max_links"),
                FieldPanel("urgent_alert_email"),
                FieldPanel("rejected_retention_days"),
            ],
            heading="Safety and privacy",
        ),
        MultiFieldPanel([FieldPanel("form_hint"), FieldPanel("policy_text")], heading="Words"),
    ]

    class Meta:
        verbose_name = "Reader comments"

    def policy_paragraphs(self):
        """The policy as paragraphs of plain text (split on empty lines)."""
        text = self.policy_text.replace("\r\n", "\n")
        return [" ".join(part.split()) for part in text.split("\n\n") if part.strip()]


class ReaderCommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ReaderComment.Status.APPROVED)

    def awaiting_review(self):
        """What a person has to look at: held comments, and urgent ones confirmed or not."""
        waiting = Q(status=ReaderComment.Status.HELD)
        urgent = Q(status=ReaderComment.Status.UNCONFIRMED, is_urgent=True)
        return self.filter(waiting | urgent)

    def urgent(self):
        return self.awaiting_review().filter(is_urgent=True)

    def by_email(self, email):
        return self.filter(email__iexact=email.strip())


class ReaderComment(models.Model):
    """A reader's comment on a page, or the practice's reply to one (see the module docstring)."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", "Waiting for the writer to confirm"
        HELD = "held", "Waiting for review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Page",
        on_delete=models.CASCADE,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="In reply to",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    display_name = models.CharField(verbose_name="Name shown", max_length=NAME_MAX_LENGTH)
    email = models.EmailField(
        verbose_name="Email (never shown)",
        blank=True,
        help_text="Empty for the practice's own replies.",
    )
    body = models.TextField(verbose_name="Comment", max_length=BODY_MAX_LENGTH)
    status = models.CharField(
        verbose_name="Status", max_length=12, choices=Status.choices, default=Status.UNCONFIRMED
    )
    is_urgent = models.BooleanField(
        verbose_name="Urgent",
        default=False,
        help_text="It matched a phrase that may show the writer is at risk.",
    )
    matched_phrases = models.JSONField(verbose_name="Phrases that matched", default=list)
    is_practice_reply = models.BooleanField(verbose_name="Written by the practice", default=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Staff member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hold_reason = models.CharField(verbose_name="Why it waits", max_length=200, blank=True)
    created_at = models.DateTimeField(verbose_name="Written", db_index=True)
    confirmed_at = models.DateTimeField(verbose_name="Email confirmed", null=True, blank=True)
    moderated_at = models.DateTimeField(verbose_name="Moderated", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Moderated by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmation_token_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = ReaderCommentQuerySet.as_manager()

    class Meta:
        verbose_name = "reader comment"
        verbose_name_plural = "reader comments"
        ordering = ["created_at", "id"]
        permissions = [
            ("moderate_readercomment", "Can moderate reader comments"),
            ("export_readercomment", "Can export reader comments"),
            ("erase_readercomment", "Can erase a reader's comments"),
        ]
        indexes = [
            models.Index(fields=["page", "status", "created_at"], name="comments_page_status"),
            models.Index(fields=["status", "is_urgent", "created_at"], name="comments_queue"),
            models.Index(fields=["confirmation_token_hash"], name="comments_token"),
            models.Index(fields=["email"], name="comments_email"),
        ]

    def __str__(self):
        return f"{self.display_name}: {self.excerpt()}"

    def excerpt(self, length=80):
        return shortened(self.body, length)

    @property
    def anchor(self):
        """The comment's own fragment on its page, e.g. ``comment-12``."""
        return f"comment-{self.pk}"


class RiskPhrase(models.Model):
    """A phrase that may show a reader is at risk: a comment containing it is held as urgent.

    Seeded from the warning signs the 988 Lifeline and AFSP publish; staff add, reword and
    switch entries off. Matched on whole words, ignoring case, line breaks, apostrophes and
    common spellings ("wanna", "im", "cant"), and ordinary word endings.
    """

    phrase = models.CharField(
        verbose_name="Phrase",
        max_length=120,
        unique=True,
        help_text='Words as a reader might write them, e.g. "I want to die". Capitals, '
        "apostrophes and word endings do not matter.",
    )
    group = models.CharField(
        verbose_name="Group",
        max_length=60,
        blank=True,
        help_text='What it is a sign of, e.g. "wanting to die" (for your own overview).',
    )
    is_active = models.BooleanField(verbose_name="Hold comments with this phrase", default=True)

    class Meta:
        verbose_name = "risk phrase"
        verbose_name_plural = "risk phrases"
        ordering = ["group", "phrase"]

    def __str__(self):
        return self.phrase


class CannedReply(models.Model):
    """A reply staff use often, offered when replying to a comment as the practice."""

    title = models.CharField(
        verbose_name="Name",
        max_length=80,
        unique=True,
        help_text="How staff find it in the list, e.g. “Not clinical advice”.",
    )
    text = models.TextField(
        verbose_name="Reply",
        max_length=BODY_MAX_LENGTH,
        help_text="Plain text. Staff can change it before sending.",
    )

    class Meta:
        verbose_name = "canned reply"
        verbose_name_plural = "canned replies"
        ordering = ["title"]

    def __str__(self):
        return self.title
