"""Crisis help and content notes.

* :class:`CrisisResource` — a helpline, text line, chat service or emergency number (snippet).
* :class:`CrisisBannerSettings` — the crisis banner shown on every public page (site setting).
* :class:`HelpPage` — the "Get help now" page listing every active resource.
* :class:`SafeMessagingRule` — one phrase of the safe-messaging checker's list (snippet).
* :class:`ContentNoteMixin` — lets any page type carry a content note.
"""

import datetime
import hashlib
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from practice_blog.core.links import phone_uri

from ..core.memo import RememberedSiteSetting
from ..core.page_editing import PROMOTE_PANELS, PlainPageForm
from ..core.routes import RememberedRestrictionsMixin

#: A resource whose details were last checked longer ago than this is flagged to staff.
STALE_AFTER = datetime.timedelta(days=183)

#: The most resources the banner shows, so it stays short on a phone.
BANNER_MAX_RESOURCES = 3


class ContentNoteMixin(models.Model):
    """Add to any Wagtail page type to let editors mark it sensitive and show a content note.

    A sensitive page shows the note above its body with crisis resources beside it, adds the
    help block at its end, and never lets the crisis banner be dismissed.
    """

    is_sensitive = models.BooleanField(
        verbose_name="Discusses a sensitive subject",
        default=False,
        help_text="Tick for pages about suicide, self-harm, abuse or similar. Shows the content "
        "note and crisis help on the page.",
    )
    content_note = models.CharField(
        verbose_name="Content note",
        max_length=200,
        blank=True,
        default="This article discusses suicide.",
        help_text="One short sentence shown above the article when it is marked sensitive.",
    )

    content_note_panels = [
        MultiFieldPanel(
            [FieldPanel("is_sensitive"), FieldPanel("content_note")],
            heading="Content note",
        )
    ]

    class Meta:
        abstract = True


class Country(models.TextChoices):
    """Where a resource can be reached; the help page groups resources in this order."""

    US = "US", "United States"
    UK_IE = "UK-IE", "UK and Ireland"
    CANADA = "CA", "Canada"
    AUSTRALIA = "AU", "Australia"
    INTERNATIONAL = "INT", "Anywhere else"


COUNTRY_ORDER = [choice.value for choice in Country]


class CrisisResourceQuerySet(models.QuerySet):
    """Queries staff and templates need: what is switched on, in reading order."""

    def active(self):
        """Resources staff have switched on."""
        return self.filter(is_active=True)

    def in_display_order(self):
        """Country groups in a fixed order, then staff's own order within a country."""
        country_rank = models.Case(
            *[models.When(country=code, then=rank) for rank, code in enumerate(COUNTRY_ORDER)],
            default=len(COUNTRY_ORDER),
            output_field=models.IntegerField(),
        )
        return self.alias(country_rank=country_rank).order_by(
            "country_rank", "-is_emergency", "sort_order", "name"
        )

    def stale(self, today=None):
        """Active resources whose details have not been checked for six months."""
        today = today or timezone.localdate()
        return self.active().filter(last_verified__lt=today - STALE_AFTER)


class CrisisResource(models.Model):
    """A way to reach help now: a helpline, text line, chat service or emergency number.

    A snippet rather than hard-coded text because numbers change (988's "press 3" option
    ended in 2025) and staff must be able to correct one in minutes without a deploy. Each
    carries the date someone last checked it, so out-of-date details are flagged.
    """

    name = models.CharField(
        verbose_name="Name",
        max_length=120,
        help_text='The service\'s own name, e.g. "988 Suicide & Crisis Lifeline".',
    )
    description = models.CharField(
        verbose_name="Short description",
        max_length=250,
        blank=True,
        help_text='One sentence on who it is for, e.g. "Free, confidential support for anyone '
        'in distress."',
    )
    phone_number = models.CharField(
        verbose_name="Phone number",
        max_length=40,
        blank=True,
        help_text='As people should dial it, e.g. "988" or "116 123". Shown as text and as a '
        '"Call" link. Leave empty if the service has no phone line.',
    )
    phone_instructions = models.CharField(
        verbose_name="Extra dialling instructions",
        max_length=120,
        blank=True,
        help_text='Optional, e.g. "then press 1". Shown after the number.',
    )
    text_number = models.CharField(
        verbose_name="Text message number",
        max_length=40,
        blank=True,
        help_text='The number to text, e.g. "741741". Leave empty if the service has no text line.',
    )
    text_keyword = models.CharField(
        verbose_name="Word to text",
        max_length=40,
        blank=True,
        help_text='Optional. If people must send a particular word, e.g. "HOME". The page says '
        '"Text HOME to 741741" and fills the word in where the phone allows.',
    )
    chat_url = models.URLField(
        verbose_name="Online chat address",
        blank=True,
        help_text="Optional. The web address of the service's online chat.",
    )
    website_url = models.URLField(
        verbose_name="Website",
        blank=True,
        help_text="Optional. The service's website, e.g. for a directory of helplines.",
    )
    hours = models.CharField(
        verbose_name="Opening hours",
        max_length=80,
        blank=True,
        help_text='e.g. "24/7" or "Weekdays 9am to 5pm".',
    )
    languages = models.CharField(
        verbose_name="Languages",
        max_length=120,
        blank=True,
        help_text='e.g. "English and Spanish; interpreters for 240+ languages".',
    )
    audience = models.CharField(
        verbose_name="Who it is for",
        max_length=120,
        blank=True,
        help_text='e.g. "Anyone", "Veterans and their families" or "Young people".',
    )
    country = models.CharField(
        verbose_name="Country or region",
        max_length=8,
        choices=Country.choices,
        default=Country.US,
        help_text="Where the service can be reached. The help page groups services by this.",
    )
    is_emergency = models.BooleanField(
        verbose_name="Emergency number",
        default=False,
        help_text='Tick for the emergency services number (911, 999, 000…). Used in the "in '
        'immediate danger, call…" line.',
    )
    is_active = models.BooleanField(
        verbose_name="Show on the site",
        default=True,
        help_text="Untick to hide this service everywhere without deleting it.",
    )
    last_verified = models.DateField(
        verbose_name="Details last checked on",
        default=timezone.localdate,
        help_text="The day someone last confirmed these details with the service. Details "
        "older than six months are flagged on the admin dashboard.",
    )
    sort_order = models.PositiveSmallIntegerField(
        verbose_name="Position",
        default=100,
        help_text="Lower numbers are listed first within a country.",
    )

    objects = CrisisResourceQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phone_number"), FieldPanel("phone_instructions")]),
                FieldRowPanel([FieldPanel("text_number"), FieldPanel("text_keyword")]),
                FieldPanel("chat_url"),
                FieldPanel("website_url"),
            ],
            heading="How to reach it",
        ),
        MultiFieldPanel(
            [
                FieldPanel("hours"),
                FieldPanel("languages"),
                FieldPanel("audience"),
                FieldPanel("country"),
                FieldPanel("is_emergency"),
            ],
            heading="Details",
        ),
        MultiFieldPanel(
            [FieldPanel("is_active"), FieldPanel("last_verified"), FieldPanel("sort_order")],
            heading="Publishing",
        ),
    ]

    class Meta:
        verbose_name = "Crisis resource"
        verbose_name_plural = "Crisis resources"
        ordering = ["country", "sort_order", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_country_display()})"

    def clean(self):
        super().clean()
        if not (self.phone_number or self.text_number or self.chat_url or self.website_url):
            raise ValidationError(
                "Give at least one way to reach the service: a phone number, a text number, "
                "a chat address or a website."
            )
        if self.text_keyword and not self.text_number:
            raise ValidationError({"text_keyword": "Add the number to text as well."})

    @property
    def call_href(self):
        """``tel:`` URI of the phone number, or "" when there is none."""
        return phone_uri(self.phone_number, scheme="tel")

    @property
    def text_href(self):
        """``sms:`` URI of the text number, with the keyword as message body (RFC 5724).

        Phones differ in how they read the body, so templates always show the word as text too.
        """
        uri = phone_uri(self.text_number, scheme="sms")
        if uri and self.text_keyword:
            uri += "?body=" + quote(self.text_keyword)
        return uri

    @property
    def chat_label(self):
        """The chat address without its scheme, for visible link text ("988lifeline.org")."""
        return _bare_address(self.chat_url)

    @property
    def website_label(self):
        """The website without its scheme, for visible link text ("findahelpline.com")."""
        return _bare_address(self.website_url)

    @property
    def is_stale(self):
        """True when the details were last checked more than six months ago."""
        return self.last_verified < timezone.localdate() - STALE_AFTER

    def verification_status(self):
        """The "last checked" date for staff listings, saying when a check is due."""
        checked = date_format(self.last_verified, "j M Y")
        return f"{checked} (due for a check)" if self.is_stale else checked

    def fingerprint(self):
        """Everything a reader sees of this resource, for the banner's version hash."""
        return "|".join(
            [
                self.name,
                self.phone_number,
                self.phone_instructions,
                self.text_number,
                self.text_keyword,
                self.chat_url,
                self.website_url,
            ]
        )


def _bare_address(url):
    address = (url or "").split("://", 1)[-1]
    address = address.removeprefix("www.")
    return address.rstrip("/")


class Placement(models.TextChoices):
    """Where the crisis banner appears."""

    TOP = "top", "At the top of every page"
    TOP_AND_END = "top_and_end", "At the top of every page and again at the end of articles"


DEFAULT_BANNER_MESSAGE = "If you or someone you know is struggling or in crisis, help is available."
DEFAULT_DANGER_TEXT = "If you are in immediate danger, call"


@register_setting(icon="warning")
class CrisisBannerSettings(RememberedSiteSetting, ClusterableModel, BaseSiteSetting):
    """The crisis banner shown at the top of every public page (Settings → Crisis banner).

    A site setting so staff find it under Settings and each site of a multi-site install can
    show its own country's numbers. Only Practice owners may change it: it is the one piece
    of text every reader in distress sees.
    """

    select_related = ["emergency_resource", "help_page"]

    is_enabled = models.BooleanField(
        verbose_name="Show the crisis banner",
        default=True,
        help_text="Strongly recommended. The banner tells a reader in crisis where to get help "
        "on every page.",
    )
    message = models.CharField(
        verbose_name="Message",
        max_length=200,
        default=DEFAULT_BANNER_MESSAGE,
        help_text="One short, calm sentence shown first.",
    )
    danger_text = models.CharField(
        verbose_name="Immediate danger line",
        max_length=120,
        default=DEFAULT_DANGER_TEXT,
        help_text="The emergency number is added after this text as a tappable link.",
    )
    emergency_resource = models.ForeignKey(
        CrisisResource,
        verbose_name="Emergency number",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"is_emergency": True},
        help_text="Leave empty to use the first active emergency number (911 by default).",
    )
    help_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Full help page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text='The page the banner links to. Leave empty to use the site\'s "Get help now" '
        "page.",
    )
    help_link_text = models.CharField(
        verbose_name="Help page link text",
        max_length=60,
        default="Get help now",
        help_text="The words of the link to the full help page.",
    )
    placement = models.CharField(
        verbose_name="Where to show it",
        max_length=20,
        choices=Placement.choices,
        default=Placement.TOP,
        help_text="Articles marked sensitive always end with a help section as well.",
    )
    allow_dismiss = models.BooleanField(
        verbose_name="Let readers hide the banner",
        default=False,
        help_text='Adds a "Hide" button. Hidden only until the reader closes the browser, '
        "shown again whenever the banner's text changes, and never hidden on pages marked "
        "sensitive.",
    )

    panels = [
        FieldPanel("is_enabled"),
        FieldPanel("message"),
        InlinePanel(
            "banner_resources",
            label="Service",
            heading="Services shown",
            max_num=BANNER_MAX_RESOURCES,
            help_text="Up to three. Leave empty to show the first three active services.",
        ),
        MultiFieldPanel(
            [FieldPanel("danger_text"), FieldPanel("emergency_resource")],
            heading="Immediate danger",
        ),
        MultiFieldPanel(
            [FieldPanel("help_page"), FieldPanel("help_link_text")], heading="Help page link"
        ),
        FieldPanel("placement"),
        FieldPanel("allow_dismiss"),
    ]

    class Meta:
        verbose_name = "Crisis banner"
        verbose_name_plural = "Crisis banner"


class CrisisBannerResource(Orderable):
    """One service the banner shows, in the order staff chose."""

    setting = ParentalKey(
        CrisisBannerSettings, on_delete=models.CASCADE, related_name="banner_resources"
    )
    resource = models.ForeignKey(
        CrisisResource,
        verbose_name="Service",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Services that are switched off are skipped.",
    )

    panels = [FieldPanel("resource")]

    class Meta(Orderable.Meta):
        verbose_name = "Service shown in the banner"
        verbose_name_plural = "Services shown in the banner"


DEFAULT_WHAT_TO_EXPECT = (
    "<p>When you call, text or chat, a trained person answers. They will listen, ask how you "
    "are and whether you are safe right now, and help you think through what could help "
    "next. You do not need to be suicidal to reach out, and you can stay anonymous.</p>"
    "<p>A text conversation starts with an automatic reply; a person then joins, usually "
    "within a few minutes. Calls and texts are free and do not show on most phone bills.</p>"
)


class HelpPage(RememberedRestrictionsMixin, Page):
    """The "Get help now" page: every active crisis service, grouped by country.

    The page body is written by staff; the list of services comes from the Crisis resources
    snippets, so a corrected number shows here, in the banner and in help blocks at once.
    """

    introduction = RichTextField(
        verbose_name="Introduction",
        blank=True,
        features=["bold", "italic", "link"],
        default="<p>If you are struggling or in crisis, you do not have to wait for an "
        "appointment. These services are free, confidential and answered by trained people.</p>",
        help_text="A few calm sentences shown before the list of services.",
    )
    what_to_expect = RichTextField(
        verbose_name="What to expect",
        blank=True,
        features=["bold", "italic", "link", "ul"],
        default=DEFAULT_WHAT_TO_EXPECT,
        help_text="What happens when someone calls, texts or chats. Shown after the services.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("what_to_expect"),
    ]
    promote_panels = PROMOTE_PANELS
    base_form_class = PlainPageForm

    template = "practice_blog/safety/help_page.html"
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "Get help now page"

    def get_context(self, request, *args, **kwargs):
        """Add every active resource, grouped by country, and the emergency numbers."""
        from .banner import resources_by_country

        context = super().get_context(request, *args, **kwargs)
        context["resource_groups"] = resources_by_country()
        return context


class SafeMessagingRule(models.Model):
    """One phrase the safe-messaging checker looks for, with what to write instead and why.

    Staff-editable so a practice can follow its own country's guidelines, switch off a rule
    it disagrees with, or add method and place names to watch for.
    """

    phrase = models.CharField(
        verbose_name="Words to look for",
        max_length=200,
        help_text="Whole words, any capitalisation; endings like -s, -ed and -ing are found too "
        '("commit suicide" also finds "committed suicide"). Separate alternatives with a '
        'slash: "chose/decided to end his/her/their life". End a word with * to match any '
        "ending.",
    )
    suggestion = models.CharField(
        verbose_name="Suggested wording",
        max_length=200,
        help_text='What to write instead, e.g. "died by suicide".',
    )
    reason = models.CharField(
        verbose_name="Why",
        max_length=300,
        help_text="One sentence the writer sees, explaining the guideline.",
    )
    needs_context = models.BooleanField(
        verbose_name="Only near words about suicide or self-harm",
        default=False,
        help_text='Tick for words that are fine on their own, such as "brave" or "without '
        'warning", so they are only flagged close to words about suicide or self-harm.',
    )
    is_active = models.BooleanField(
        verbose_name="Check for this",
        default=True,
        help_text="Untick to stop the checker flagging these words.",
    )
    source = models.CharField(
        verbose_name="Source",
        max_length=200,
        blank=True,
        help_text='Optional. Which guideline this comes from, e.g. "reportingonsuicide.org".',
    )

    panels = [
        FieldPanel("phrase"),
        FieldPanel("suggestion"),
        FieldPanel("reason"),
        FieldPanel("needs_context"),
        FieldPanel("is_active"),
        FieldPanel("source"),
    ]

    class Meta:
        verbose_name = "Safe-messaging rule"
        verbose_name_plural = "Safe-messaging rules"
        ordering = ["phrase"]

    def __str__(self):
        return self.phrase

    def clean(self):
        from .checker import PhraseError, compile_phrase

        super().clean()
        try:
            compile_phrase(self.phrase)
        except PhraseError as error:
            raise ValidationError({"phrase": str(error)}) from error


def banner_version(parts):
    """A short hash of the banner's visible text: a reader's "hide" lasts until it changes."""
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return digest[:12]
