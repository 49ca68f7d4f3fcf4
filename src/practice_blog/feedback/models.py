"""The "Was this article helpful?" widget: the per-page switch, its settings, votes and rollups.

How to read the data (for analytics, exports and retention):

- :class:`HelpfulVote` holds one row per accepted answer. Rows are never edited except for the
  two status flags ``is_current`` and ``review_status``. When a reader changes their answer on
  a page (or adds reasons/a comment after "Not quite"), a new row is written and the previous
  one gets ``is_current=False``. **A vote counts in the figures exactly when
  ``is_current=True`` and ``review_status != "spam"``** — use ``HelpfulVote.objects.counted()``.
- :class:`DailyPageFeedback` and :class:`DailyReasonFeedback` are the rollups: per page and day
  (the day of the counted row's ``created_at`` in ``settings.TIME_ZONE``), how many counted votes
  were helpful / not helpful, and how often each reason was ticked. They always equal what
  ``counted()`` gives; read figures from them, never by counting raw rows.
- :class:`MonthlyPageFeedback` and :class:`MonthlyReasonFeedback` hold the same figures per
  calendar month (the sum of the daily rows), for long periods.
- Write only through :mod:`practice_blog.feedback.rollups` (``record_vote``, ``exclude_vote``,
  ``restore_vote``, ``delete_vote``, ``rebuild_rollups``) so the rollups stay exact.
- Nothing here identifies a person: no IP address, user agent or user id is stored. The
  ``voter_key`` is a random value the reader's browser made up (or the server made up for it),
  used only so a changed answer replaces the earlier one.
"""

import json

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from ..core.memo import RememberedSiteSetting

COMMENT_MAX_LENGTH = 500
REASON_MAX_LENGTH = 80
MAX_REASONS = 5
DEFAULT_REASONS = [
    "Didn't answer my question",
    "Hard to understand",
    "Seems out of date",
    "Not relevant to me",
    "Something else",
]


class HelpfulWidgetMixin(models.Model):
    """Add to any Wagtail page type to give editors a per-page switch for the widget.

    The widget itself is rendered by the ``{% helpful_widget page %}`` template tag; the
    site-wide switch lives in :class:`FeedbackSettings`.
    """

    show_helpful_widget = models.BooleanField(
        verbose_name='Ask "Was this article helpful?"',
        default=True,
        help_text="Show the Yes / Not quite question at the end of this page.",
    )

    feedback_panels = [FieldPanel("show_helpful_widget")]

    class Meta:
        abstract = True


@register_setting(icon="help")
class FeedbackSettings(RememberedSiteSetting, BaseSiteSetting):
    """Every word of the helpful-vote widget, its anti-abuse limits and how long votes are kept.

    A site setting so that staff find it under Settings and can change any text without a
    developer; the defaults work before anyone opens it.
    """

    # Read with the setting, so the remembered copy needs no query for the link.
    select_related = ["follow_up_page"]

    widget_enabled = models.BooleanField(
        verbose_name="Show the question on the site",
        default=True,
        help_text='Untick to hide "Was this article helpful?" on every page at once. Each '
        "page also has its own switch.",
    )
    question = models.CharField(
        verbose_name="Question",
        max_length=120,
        default="Was this article helpful?",
        help_text="The heading readers see at the end of an article.",
    )
    yes_label = models.CharField(
        verbose_name='"Yes" button text',
        max_length=40,
        default="Yes",
    )
    yes_label_extra = models.CharField(
        verbose_name='"Yes" button: words for screen readers',
        max_length=120,
        blank=True,
        default=", this article was helpful",
        help_text="Read aloud straight after the button text, so the button says the whole "
        'thing ("Yes, this article was helpful"). Not shown on screen.',
    )
    no_label = models.CharField(
        verbose_name='"Not quite" button text',
        max_length=40,
        default="Not quite",
    )
    no_label_extra = models.CharField(
        verbose_name='"Not quite" button: words for screen readers',
        max_length=120,
        blank=True,
        default=", this article was not helpful enough",
        help_text="Read aloud straight after the button text. Not shown on screen.",
    )
    thanks_yes = models.CharField(
        verbose_name='Thank-you after "Yes"',
        max_length=200,
        default="Thank you for letting us know.",
    )
    thanks_no = models.CharField(
        verbose_name='Thank-you after "Not quite"',
        max_length=200,
        default="Thank you for letting us know. If you have a moment, tell us what was missing.",
        help_text="Shown above the optional reasons and comment.",
    )
    thanks_details = models.CharField(
        verbose_name="Thank-you after reasons or a comment are sent",
        max_length=200,
        default="Thank you. Your answer helps us improve this article.",
    )
    follow_up_text = models.CharField(
        verbose_name="Follow-up link text",
        max_length=80,
        blank=True,
        help_text='Optional. A link shown after "Yes", e.g. "Book a consultation". Leave '
        "empty for no link.",
    )
    follow_up_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Follow-up link: page on this site",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the follow-up link goes. Choose a page here, or give a web address below.",
    )
    follow_up_url = models.URLField(
        verbose_name="Follow-up link: web address",
        blank=True,
        help_text="Used only when no page is chosen above.",
    )
    reason_1 = models.CharField(
        verbose_name="Reason 1",
        max_length=REASON_MAX_LENGTH,
        blank=True,
        default=DEFAULT_REASONS[0],
        help_text='Tick-boxes offered after "Not quite". Leave a reason empty to hide it.',
    )
    reason_2 = models.CharField(
        verbose_name="Reason 2",
        max_length=REASON_MAX_LENGTH,
        blank=True,
        default=DEFAULT_REASONS[1],
    )
    reason_3 = models.CharField(
        verbose_name="Reason 3",
        max_length=REASON_MAX_LENGTH,
        blank=True,
        default=DEFAULT_REASONS[2],
    )
    reason_4 = models.CharField(
        verbose_name="Reason 4",
        max_length=REASON_MAX_LENGTH,
        blank=True,
        default=DEFAULT_REASONS[3],
    )
    reason_5 = models.CharField(
        verbose_name="Reason 5",
        max_length=REASON_MAX_LENGTH,
        blank=True,
        default=DEFAULT_REASONS[4],
    )
    comment_label = models.CharField(
        verbose_name="Comment box label",
        max_length=120,
        default="Anything else you would like to tell us? (optional)",
    )
    comment_note = models.TextField(
        verbose_name="Note under the comment box",
        max_length=400,
        default="Please don't include names, contact details or health information. This "
        "form is not monitored; if you need help now,",
        help_text="The site's crisis contact is added after this text automatically.",
    )
    minimum_seconds_on_page = models.PositiveSmallIntegerField(
        verbose_name="Minimum seconds on the page before answering",
        default=3,
        validators=[MaxValueValidator(120)],
        help_text="Answers sent sooner than this after the page was loaded are treated as "
        "robots and ignored.",
    )
    votes_per_hour = models.PositiveSmallIntegerField(
        verbose_name="Answers per hour from one connection",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(10_000)],
        help_text="More answers than this from one internet connection in an hour are "
        "refused. No address is stored: the count is kept in memory only.",
    )
    retention_months = models.PositiveSmallIntegerField(
        verbose_name="Keep individual answers and comments for (months)",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Older answers and comments are deleted by the clean-up task; the daily "
        "totals are kept, so the figures stay.",
    )

    panels = [
        FieldPanel("widget_enabled"),
        MultiFieldPanel(
            [
                FieldPanel("question"),
                FieldPanel("yes_label"),
                FieldPanel("yes_label_extra"),
                FieldPanel("no_label"),
                FieldPanel("no_label_extra"),
            ],
            "Question and buttons",
        ),
        MultiFieldPanel(
            [
                FieldPanel("thanks_yes"),
                FieldPanel("thanks_no"),
                FieldPanel("thanks_details"),
            ],
            "Thank-you messages",
        ),
        MultiFieldPanel(
            [
                FieldPanel("follow_up_text"),
                PageChooserPanel("follow_up_page"),
                FieldPanel("follow_up_url"),
            ],
            'Follow-up link after "Yes"',
        ),
        MultiFieldPanel(
            [
                FieldPanel("reason_1"),
                FieldPanel("reason_2"),
                FieldPanel("reason_3"),
                FieldPanel("reason_4"),
                FieldPanel("reason_5"),
                FieldPanel("comment_label"),
                FieldPanel("comment_note"),
            ],
            'After "Not quite": reasons and comment',
        ),
        MultiFieldPanel(
            [
                FieldPanel("minimum_seconds_on_page"),
                FieldPanel("votes_per_hour"),
                FieldPanel("retention_months"),
            ],
            "Protection and privacy",
        ),
    ]

    class Meta:
        verbose_name = "Article feedback"
        verbose_name_plural = "Article feedback"

    def __str__(self):
        return "Article feedback"

    @property
    def reasons(self):
        """The non-empty reason labels, in the order staff set them."""
        labels = [self.reason_1, self.reason_2, self.reason_3, self.reason_4, self.reason_5]
        return [label.strip() for label in labels if label and label.strip()]

    def follow_up_href(self, request=None):
        """Where the follow-up link goes ("" when there is no link to show)."""
        if not self.follow_up_text:
            return ""
        if self.follow_up_page_id and self.follow_up_page.live:
            return self.follow_up_page.get_url(request=request) or ""
        return self.follow_up_url

    def clean(self):
        """A follow-up link needs both its text and a destination."""
        super().clean()
        has_target = bool(self.follow_up_page_id or self.follow_up_url)
        if self.follow_up_text and not has_target:
            raise ValidationError(
                {"follow_up_page": "Choose a page or give a web address for the follow-up link."}
            )
        if has_target and not self.follow_up_text:
            raise ValidationError({"follow_up_text": "Give the follow-up link some text."})


class HelpfulVoteQuerySet(models.QuerySet):
    """Query helpers shared by the widget, the rollups and the analytics admin."""

    def counted(self):
        """Votes that are in the figures: the voter's current answer, not marked as spam."""
        return self.filter(is_current=True).exclude(review_status=HelpfulVote.Status.SPAM)

    def with_comment(self):
        """Votes with a free-text comment (the comments inbox)."""
        return self.exclude(comment="")

    def with_reason(self, label):
        """Votes whose reasons include ``label`` (works on SQLite and PostgreSQL)."""
        return self.filter(reasons__icontains=json.dumps(label))

    def demo(self):
        """Votes created by ``load_demo`` (voter keys start with ``demo-``)."""
        return self.filter(voter_key__startswith=HelpfulVote.DEMO_PREFIX)


class HelpfulVote(models.Model):
    """One accepted answer to "Was this article helpful?"; append-only.

    A row is written for every accepted answer and never edited afterwards, except for
    ``is_current`` (False once the same voter answers again on the same page) and
    ``review_status`` (staff reviewing a comment or marking it as spam). The page reference
    is set to null if the page is deleted; ``page_id_at_vote``, ``url_at_vote`` and
    ``title_at_vote`` keep the vote attributable. Counted votes:
    ``HelpfulVote.objects.counted()``. Write only through :mod:`practice_blog.feedback.rollups`.
    """

    DEMO_PREFIX = "demo-"
    # Votes are not content that "uses" a page: keep them out of Wagtail's reference index
    # (it would add queries to every vote and list thousands of votes under "Usage").
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        NEW = "new", "New"
        REVIEWED = "reviewed", "Reviewed"
        SPAM = "spam", "Spam (not counted)"

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="helpful_votes",
        help_text="Empty if the page has since been deleted.",
    )
    page_id_at_vote = models.PositiveIntegerField(
        verbose_name="Page number",
        help_text="The page's id when the vote was given; kept if the page is deleted.",
    )
    url_at_vote = models.CharField(
        verbose_name="Page address at the time", max_length=2048, blank=True
    )
    title_at_vote = models.CharField(verbose_name="Page title at the time", max_length=255)
    helpful = models.BooleanField(
        verbose_name="Helpful", help_text='True for "Yes", False for "Not quite".'
    )
    reasons = models.JSONField(
        verbose_name="Reasons",
        default=list,
        blank=True,
        help_text='The reason labels the reader ticked after "Not quite", as they read then.',
    )
    comment = models.TextField(
        verbose_name="Comment", max_length=COMMENT_MAX_LENGTH, blank=True, default=""
    )
    created_at = models.DateTimeField(verbose_name="Answered at", default=timezone.now)
    voter_key = models.CharField(
        verbose_name="Anonymous voter key",
        max_length=64,
        help_text="A random value made up by the reader's browser, used only so that a changed "
        "answer replaces the earlier one. It does not identify anyone.",
    )
    is_current = models.BooleanField(
        verbose_name="Current answer",
        default=True,
        help_text="False once the same reader answered again on the same page.",
    )
    review_status = models.CharField(
        verbose_name="Review status",
        max_length=10,
        choices=Status.choices,
        default=Status.NEW,
        help_text="Spam is left out of every figure.",
    )

    objects = HelpfulVoteQuerySet.as_manager()

    class Meta:
        verbose_name = "helpful vote"
        verbose_name_plural = "helpful votes"
        ordering = ["-created_at", "-id"]
        permissions = [
            ("view_feedback", "Can view feedback analytics"),
            ("export_feedback", "Can export feedback"),
        ]
        indexes = [
            models.Index(fields=["created_at"], name="feedback_vote_created"),
            models.Index(fields=["page_id_at_vote", "created_at"], name="feedback_vote_page"),
            # The comments inbox counts and lists only the few votes with a comment, newest
            # first, by status, article or answer. Indexing just those rows, with those columns,
            # answers it from them alone (1,000,000 votes: 255 ms to under 1 ms on SQLite). The
            # condition matches ``exclude(comment="")``, so SQLite and PostgreSQL both use it.
            models.Index(
                fields=["created_at", "id", "review_status", "page_id_at_vote", "helpful"],
                condition=~Q(comment=""),
                name="feedback_vote_comments",
            ),
        ]
        constraints = [
            # At most one current answer per voter and page, even under concurrent requests.
            models.UniqueConstraint(
                fields=["page_id_at_vote", "voter_key"],
                condition=Q(is_current=True),
                name="feedback_one_current_vote_per_voter",
            ),
        ]

    def __str__(self):
        answer = "helpful" if self.helpful else "not helpful"
        return f"{self.title_at_vote}: {answer} ({self.created_at:%Y-%m-%d})"

    @property
    def is_counted(self):
        """Whether this row is part of the figures (see :meth:`HelpfulVoteQuerySet.counted`)."""
        return self.is_current and self.review_status != self.Status.SPAM


class DailyPageFeedback(models.Model):
    """Rollup: counted helpful / not-helpful votes per page per day, kept exact by
    :mod:`practice_blog.feedback.rollups`.

    ``page_id`` is a plain number (not a foreign key) so the figures outlive a deleted page;
    join to ``wagtailcore.Page`` by id for titles. ``day`` is the local date (settings
    ``TIME_ZONE``) of the counted vote row.
    """

    page_id = models.PositiveIntegerField(verbose_name="Page number")
    day = models.DateField(verbose_name="Day")
    helpful = models.PositiveIntegerField(verbose_name="Helpful", default=0)
    not_helpful = models.PositiveIntegerField(verbose_name="Not helpful", default=0)

    class Meta:
        verbose_name = "daily page feedback"
        verbose_name_plural = "daily page feedback"
        constraints = [
            models.UniqueConstraint(fields=["page_id", "day"], name="feedback_daily_page_day")
        ]
        # Covering indexes: the analytics aggregate by page and by day, and read these indexes
        # alone instead of every row (bench/README.md: seconds become tens of milliseconds).
        indexes = [
            models.Index(
                fields=["page_id", "day", "helpful", "not_helpful"], name="feedback_cover_page_day"
            ),
            models.Index(
                fields=["day", "page_id", "helpful", "not_helpful"], name="feedback_cover_day_page"
            ),
        ]

    def __str__(self):
        return f"page {self.page_id} on {self.day}: {self.helpful} / {self.not_helpful}"


class DailyReasonFeedback(models.Model):
    """Rollup: how many counted votes ticked each reason, per page per day (exact, like
    :class:`DailyPageFeedback`). ``reason`` is the label as the reader saw it."""

    page_id = models.PositiveIntegerField(verbose_name="Page number")
    day = models.DateField(verbose_name="Day")
    reason = models.CharField(verbose_name="Reason", max_length=REASON_MAX_LENGTH)
    count = models.PositiveIntegerField(verbose_name="Times chosen", default=0)

    class Meta:
        verbose_name = "daily reason count"
        verbose_name_plural = "daily reason counts"
        constraints = [
            models.UniqueConstraint(
                fields=["page_id", "day", "reason"], name="feedback_daily_reason"
            )
        ]
        indexes = [
            models.Index(
                fields=["page_id", "reason", "day", "count"], name="feedback_cover_reason_page"
            ),
            models.Index(
                fields=["day", "page_id", "reason", "count"], name="feedback_cover_reason_day"
            ),
        ]

    def __str__(self):
        return f"page {self.page_id} on {self.day}: {self.reason} × {self.count}"


class MonthlyPageFeedback(models.Model):
    """Rollup: the sum of :class:`DailyPageFeedback` per page per calendar month, kept exact in
    the same transactions, so long periods ("all time", "last 12 months") read one row per
    page and month instead of one per page and day.

    ``month`` is the first day of the local month (settings ``TIME_ZONE``). ``last_day`` is the
    latest day of the month that has a daily row, so "last vote" needs no daily rows either.
    """

    page_id = models.PositiveIntegerField(verbose_name="Page number")
    month = models.DateField(verbose_name="Month (its first day)")
    helpful = models.PositiveIntegerField(verbose_name="Helpful", default=0)
    not_helpful = models.PositiveIntegerField(verbose_name="Not helpful", default=0)
    last_day = models.DateField(verbose_name="Last day with votes")

    class Meta:
        verbose_name = "monthly page feedback"
        verbose_name_plural = "monthly page feedback"
        constraints = [
            models.UniqueConstraint(fields=["page_id", "month"], name="feedback_monthly_page")
        ]
        # Covering indexes, as for the daily rollups: per-page and per-month sums read an index
        # alone.
        indexes = [
            models.Index(
                fields=["page_id", "month", "helpful", "not_helpful", "last_day"],
                name="feedback_cover_page_month",
            ),
            models.Index(
                fields=["month", "page_id", "helpful", "not_helpful"],
                name="feedback_cover_month_page",
            ),
        ]

    def __str__(self):
        return f"page {self.page_id} in {self.month:%Y-%m}: {self.helpful} / {self.not_helpful}"


class MonthlyReasonFeedback(models.Model):
    """Rollup: the sum of :class:`DailyReasonFeedback` per page, month and reason (exact)."""

    page_id = models.PositiveIntegerField(verbose_name="Page number")
    month = models.DateField(verbose_name="Month (its first day)")
    reason = models.CharField(verbose_name="Reason", max_length=REASON_MAX_LENGTH)
    count = models.PositiveIntegerField(verbose_name="Times chosen", default=0)

    class Meta:
        verbose_name = "monthly reason count"
        verbose_name_plural = "monthly reason counts"
        constraints = [
            models.UniqueConstraint(
                fields=["page_id", "month", "reason"], name="feedback_monthly_reason"
            )
        ]
        indexes = [
            models.Index(
                fields=["page_id", "reason", "month", "count"],
                name="feedback_cover_mreason_page",
            ),
            models.Index(
                fields=["month", "page_id", "reason", "count"],
                name="feedback_cover_mreason_month",
            ),
            # The overview's reason counts, summed per reason: read in reason order from this
            # index alone instead of sorting every row (bench/README.md, 3 Dec 2026).
            models.Index(fields=["reason", "month", "count"], name="feedback_cover_mreason_reason"),
        ]

    def __str__(self):
        return f"page {self.page_id} in {self.month:%Y-%m}: {self.reason} × {self.count}"


class MonthlyFeedbackTotal(models.Model):
    """Rollup: the sum of :class:`MonthlyPageFeedback` over every page, per month (exact, kept
    in the same transactions), so the site-wide chart and totals of long periods read one row
    per month instead of one per page and month. Every vote updates its month's row."""

    month = models.DateField(verbose_name="Month (its first day)", unique=True)
    helpful = models.PositiveIntegerField(verbose_name="Helpful", default=0)
    not_helpful = models.PositiveIntegerField(verbose_name="Not helpful", default=0)

    class Meta:
        verbose_name = "monthly feedback total"
        verbose_name_plural = "monthly feedback totals"

    def __str__(self):
        return f"every page in {self.month:%Y-%m}: {self.helpful} / {self.not_helpful}"


class MonthlyReasonTotal(models.Model):
    """Rollup: the sum of :class:`MonthlyReasonFeedback` over every page, per month and reason
    (exact), for the site-wide reason counts of long periods."""

    month = models.DateField(verbose_name="Month (its first day)")
    reason = models.CharField(verbose_name="Reason", max_length=REASON_MAX_LENGTH)
    count = models.PositiveIntegerField(verbose_name="Times chosen", default=0)

    class Meta:
        verbose_name = "monthly reason total"
        verbose_name_plural = "monthly reason totals"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "reason"], name="feedback_monthly_reason_total"
            )
        ]

    def __str__(self):
        return f"every page in {self.month:%Y-%m}: {self.reason} × {self.count}"


class PageFeedbackTotal(models.Model):
    """Rollup: the sum of :class:`MonthlyPageFeedback` per page over all time (exact), so "all
    time" reads one row per page however many months the site has collected votes.

    ``last_day`` is the latest day with a daily row, as in the monthly rows.
    """

    page_id = models.PositiveIntegerField(verbose_name="Page number", unique=True)
    helpful = models.PositiveIntegerField(verbose_name="Helpful", default=0)
    not_helpful = models.PositiveIntegerField(verbose_name="Not helpful", default=0)
    last_day = models.DateField(verbose_name="Last day with votes")

    class Meta:
        verbose_name = "page feedback total"
        verbose_name_plural = "page feedback totals"

    def __str__(self):
        return f"page {self.page_id}, all time: {self.helpful} / {self.not_helpful}"
