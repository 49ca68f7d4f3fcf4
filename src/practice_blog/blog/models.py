"""Articles, the blog index and authors.

The blog index is a routable page so tags, authors, feeds and search live under the blog's
own address (``/blog/tags/boundaries/``) and move with it. Authors are snippets, not users:
a bio is public writing with its own drafts and previews, and a public URL never shows a
login name.
"""

import copy
from datetime import datetime, time
from urllib.parse import urljoin

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.functional import cached_property
from django.utils.text import Truncator
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    PreviewableMixin,
    RevisionMixin,
    Site,
)
from wagtail.search import index
from wagtail.search.utils import parse_query_string

from practice_blog.comments.models import CommentsMixin
from practice_blog.core.blocks import SocialLinkBlock
from practice_blog.core.links import phone_uri
from practice_blog.feedback.models import HelpfulWidgetMixin
from practice_blog.feedback.panels import ArticleFeedbackPanel
from practice_blog.newsletter.models import NewsletterPageMixin
from practice_blog.safety.models import ContentNoteMixin
from practice_blog.safety.panels import SafeMessagingPanel

from ..core.memo import remembered
from ..core.page_editing import PROMOTE_PANELS, PlainPageForm
from ..core.routes import RememberedRestrictionsMixin, public_pages
from .blocks import ArticleBodyBlock, block_words

WORDS_PER_MINUTE = 200
SEARCH_QUERY_MAX_LENGTH = 200
MAX_RELATED_ARTICLES = 6
FEED_LENGTH = 20


class Author(
    PreviewableMixin,
    LockableMixin,
    DraftStateMixin,
    RevisionMixin,
    index.Indexed,
    models.Model,
):
    """A person who writes for the blog, shown in the "About the author" box and on a page
    of their own.

    A snippet rather than a page: one author appears on many articles, and staff edit a bio
    with drafts, revisions and previews without it becoming a place in the page tree. It may
    be linked to a staff account so that new articles start with that author filled in.
    """

    name = models.CharField(
        verbose_name="Name", max_length=120, help_text="As readers should see it."
    )
    slug = models.SlugField(
        verbose_name="Web address name",
        max_length=120,
        unique=True,
        help_text='Used in the address of the author\'s page, e.g. "maya-chen". Letters, '
        "numbers and hyphens only.",
    )
    credentials = models.CharField(
        verbose_name="Credentials",
        max_length=80,
        blank=True,
        help_text='Letters after the name, e.g. "PMHNP-BC" or "LCSW".',
    )
    role = models.CharField(
        verbose_name="Role",
        max_length=120,
        blank=True,
        help_text='What they do at the practice, e.g. "Psychiatric nurse practitioner".',
    )
    headshot = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Photo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A friendly photo of the author's face. Square pictures work best.",
    )
    headshot_alt_text = models.CharField(
        verbose_name="Photo description",
        max_length=200,
        blank=True,
        help_text='For readers who cannot see the photo, e.g. "Maya smiling in her office". '
        "Leave empty to use the image's own description.",
    )
    bio = RichTextField(
        verbose_name="Short bio",
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Two to four sentences: who they help and how they work.",
    )
    practice_name = models.CharField(
        verbose_name="Practice name",
        max_length=120,
        blank=True,
        help_text="Where they practise, if it is not obvious from the site.",
    )
    location = models.CharField(
        verbose_name="Town or area",
        max_length=120,
        blank=True,
        help_text='e.g. "Maple Falls, Oregon" or "Online across Oregon".',
    )
    phone = models.CharField(
        verbose_name="Phone number",
        max_length=40,
        blank=True,
        help_text="A number clients may call. Shown as a tappable link.",
    )
    email = models.EmailField(
        verbose_name="Email address",
        blank=True,
        help_text="Shown publicly as a link: use a work address.",
    )
    website = models.URLField(
        verbose_name="Website", blank=True, help_text="Their own website, if they have one."
    )
    booking_url = models.URLField(
        verbose_name="Booking link",
        blank=True,
        help_text="Where clients book an appointment online, if anywhere.",
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        verbose_name="Social links",
        blank=True,
        help_text="Profiles on any network, in the order you want them shown.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="Staff account",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blog_author",
        help_text="Optional. New articles written by this staff member start with this "
        "author filled in. Never shown publicly.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldRowPanel([FieldPanel("credentials"), FieldPanel("role")]),
            ],
            heading="Who they are",
        ),
        MultiFieldPanel([FieldPanel("headshot"), FieldPanel("headshot_alt_text")], heading="Photo"),
        FieldPanel("bio"),
        MultiFieldPanel(
            [
                FieldPanel("practice_name"),
                FieldPanel("location"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
                FieldPanel("booking_url"),
            ],
            heading="Contact details",
        ),
        FieldPanel("social_links"),
        FieldPanel("user", permission="auth.change_user"),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("role"),
    ]

    class Meta:
        verbose_name = "Author"
        verbose_name_plural = "Authors"
        ordering = ["name"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        """Name with credentials, e.g. "Maya Chen, PMHNP-BC"."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    @property
    def phone_href(self):
        """The phone number as a ``tel:`` URI."""
        return phone_uri(self.phone)

    @property
    def headshot_alt(self):
        """Alternative text for the photo: the editor's words, else the image's description."""
        if self.headshot_alt_text:
            return self.headshot_alt_text
        return getattr(self.headshot, "description", "") or f"Photo of {self.name}"

    def person_data(self, url=None):
        """schema.org ``Person`` for this author (an article's byline and the profile page)."""
        person = {"@type": "Person", "name": self.name}
        if self.credentials:
            person["honorificSuffix"] = self.credentials
        if self.role:
            person["jobTitle"] = self.role
        if url:
            person["url"] = url
        return person

    def profile_data(self, url):
        """schema.org ``ProfilePage`` data for the author's public page at ``url``."""
        person = self.person_data(url)
        if self.practice_name:
            person["worksFor"] = {"@type": "Organization", "name": self.practice_name}
        profiles = [self.website] + [link.value["url"] for link in self.social_links]
        if any(profiles):
            person["sameAs"] = [profile for profile in profiles if profile]
        return {"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": person}

    def get_preview_template(self, request, mode_name):
        """Preview an author as their public author page."""
        return "practice_blog/blog/author_page.html"

    def get_preview_context(self, request, mode_name):
        """Preview the public author page, listing the author's live articles."""
        index = BlogIndexPage.objects.live().first()
        articles = ArticlePage.objects.none()
        if index is not None and self.pk:
            articles = index.articles().filter(article_authors__author=self)
        return {
            "author": self,
            "page": index,
            "articles": Paginator(articles, 10).page(1),
            "request": request,
        }


class ArticlePageTag(TaggedItemBase):
    """Links an article to one of its tags."""

    content_object = ParentalKey(
        "practice_blog_blog.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePageAuthor(Orderable):
    """One author of an article, in the order the editor chose."""

    page = ParentalKey(
        "practice_blog_blog.ArticlePage", related_name="article_authors", on_delete=models.CASCADE
    )
    author = models.ForeignKey(
        Author,
        verbose_name="Author",
        on_delete=models.CASCADE,
        related_name="article_links",
        help_text="Choose from the people listed under Authors in the menu (add someone new "
        "there first).",
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = "Author"
        verbose_name_plural = "Authors"
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="blog_unique_article_author")
        ]


class RelatedArticle(Orderable):
    """An article the editor recommends reading next; shown before automatic suggestions."""

    page = ParentalKey(
        "practice_blog_blog.ArticlePage", related_name="related_picks", on_delete=models.CASCADE
    )
    article = models.ForeignKey(
        "practice_blog_blog.ArticlePage",
        verbose_name="Article",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Another article readers of this one may find useful.",
    )

    panels = [PageChooserPanel("article", "practice_blog_blog.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = "Recommended article"
        verbose_name_plural = "Recommended articles"


class BlogIndexPage(RememberedRestrictionsMixin, RoutablePageMixin, Page):
    """The blog's front page: the newest articles, with tag, author, feed and search pages
    under its own address."""

    introduction = RichTextField(
        verbose_name="Introduction",
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A sentence or two above the list of articles: what readers will find here.",
    )
    articles_per_page = models.PositiveSmallIntegerField(
        verbose_name="Articles per page",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="How many articles each page of the list shows (1–50).",
    )

    related_articles_count = models.PositiveSmallIntegerField(
        verbose_name="Related articles under each article",
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_RELATED_ARTICLES)],
        help_text=f"How many related articles to suggest at the end of each article "
        f"(0–{MAX_RELATED_ARTICLES}). Recommended articles come first, then ones with the "
        "same tags.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    promote_panels = PROMOTE_PANELS
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("articles_per_page"), FieldPanel("related_articles_count")],
            heading="Lists",
        )
    ]

    base_form_class = PlainPageForm

    # Any parent: a host site puts its blog wherever it likes (usually under the home page).
    template = "practice_blog/blog/blog_index_page.html"
    subpage_types = ["practice_blog_blog.ArticlePage"]

    class Meta:
        verbose_name = "Blog"

    def articles(self, request=None):
        """Live, public articles of this blog, newest first, ready for a listing."""
        return (
            public_pages(ArticlePage.objects.live(), request)
            .descendant_of(self)
            .defer_streamfields()
            .select_related("hero_image")
            .prefetch_related(
                Prefetch(
                    "article_authors",
                    queryset=ArticlePageAuthor.objects.filter(author__live=True).select_related(
                        "author"
                    ),
                ),
                "tags",
                # All their pictures' renditions in one query, cached or not.
                "hero_image__renditions",
            )
            .order_by("-publication_date", "-first_published_at", "-pk")
        )

    def paginate(self, request, items):
        """One page of ``items`` for ``?page=N``; a page number that does not exist is a 404."""
        paginator = Paginator(items, self.articles_per_page)
        number = request.GET.get("page", "1")
        try:
            return paginator.page(number)
        except InvalidPage as error:
            raise Http404("There is no such page of articles.") from error

    def listing_context(self, request, items, **extra):
        """Template context for a paginated list of ``items`` (index, tag and author pages)."""
        context = self.get_context(request)
        articles = context["articles"] = self.paginate(request, items)
        context.update(extra)
        context["canonical_url"] = self.canonical_list_url(request, articles.number)
        return context

    def canonical_list_url(self, request, page_number):
        """This list's address on the site's configured host name, e.g. for tag pages
        ``https://practice.example/blog/tags/endings/?page=2``."""
        own_path = self.get_url(request) or "/"
        sub_path = request.path[len(own_path) :] if request.path.startswith(own_path) else ""
        url = (self.get_full_url(request) or own_path) + iri_to_uri(sub_path)
        return f"{url}?page={page_number}" if page_number > 1 else url

    def get_cached_paths(self):
        """What a CDN keeps of this blog: its pages of articles, feeds, tag and author pages
        (purged when one of its articles is published or unpublished)."""
        articles = self.articles()
        pages = max(1, -(-articles.count() // max(1, self.articles_per_page)))
        paths = ["/", *(f"/?page={n}" for n in range(2, pages + 1))]
        paths += ["/feed/rss/", "/feed/atom/", "/search/"]
        tags = Tag.objects.filter(
            practice_blog_blog_articlepagetag_items__content_object__in=articles
        ).distinct()
        paths += [f"/tags/{slug}/" for slug in tags.values_list("slug", flat=True)]
        authors = Author.objects.filter(live=True, article_links__page__in=articles).distinct()
        paths += [f"/authors/{slug}/" for slug in authors.values_list("slug", flat=True)]
        return paths

    @path("")
    def index_view(self, request):
        """The newest articles."""
        context = self.listing_context(request, self.articles(request))
        return self.render(request, context_overrides=context)

    # str, not slug: taggit keeps letters such as "ü" in tag slugs.
    @path("tags/<str:tag_slug>/")
    def tag_view(self, request, tag_slug):
        """Articles with one tag. A tag no article of this blog uses is a 404."""
        articles = self.articles(request)
        in_this_blog = articles.order_by().values("pk")
        tag = Tag.objects.filter(
            slug=tag_slug, practice_blog_blog_articlepagetag_items__content_object__in=in_this_blog
        ).first()
        if tag is None:
            raise Http404("No articles have this tag.")
        context = self.listing_context(
            request, articles.filter(tags=tag), tag=tag, heading=f"Articles tagged “{tag.name}”"
        )
        return self.render(request, context_overrides=context)

    @path("authors/<slug:author_slug>/")
    def author_view(self, request, author_slug):
        """An author's page: their bio and contact details, then their articles."""
        author = (
            Author.objects.filter(live=True, slug=author_slug)
            .select_related("headshot")
            .prefetch_related("headshot__renditions")
            .first()
        )
        if author is None:
            raise Http404("No such author.")
        articles = self.articles(request).filter(article_authors__author=author)
        context = self.listing_context(request, articles, author=author)
        context["structured_data"] = author.profile_data(context["canonical_url"])
        return self.render(
            request, template="practice_blog/blog/author_page.html", context_overrides=context
        )

    @path("search/")
    def search_view(self, request):
        """Search the blog's articles. The query is cut to a safe length and never trusted."""
        # NUL characters are dropped: PostgreSQL refuses them in any string.
        query = request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
        results = []
        if query:
            # Parsed rather than passed raw: an unbalanced quote would be a database error.
            _filters, parsed_query = parse_query_string(query)
            articles = public_pages(ArticlePage.objects.live(), request).descendant_of(self)
            results = articles.search(parsed_query)
        context = self.listing_context(request, results, search_query=query)
        response = self.render(
            request, template="practice_blog/blog/search_page.html", context_overrides=context
        )
        # Search results stay out of search engines, whatever blocks the site's base.html has.
        response["X-Robots-Tag"] = "noindex"
        return response

    @path("feed/rss/", name="rss_feed")
    def rss_feed_view(self, request):
        """The latest articles as an RSS 2.0 feed."""
        from .feeds import RssArticleFeed

        return RssArticleFeed(self)(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed_view(self, request):
        """The latest articles as an Atom feed."""
        from .feeds import AtomArticleFeed

        return AtomArticleFeed(self)(request)


class ArticlePageForm(PlainPageForm):
    """The article editing form: a new article starts with its writer's author profile."""

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        data = args[0] if args else kwargs.get("data")
        if instance is not None and instance.pk is None and data is None:
            prefill_author(instance)
        super().__init__(*args, **kwargs)


def prefill_author(article):
    """Give a new, unsaved article the author profile linked to its owner, if there is one."""
    owner = article.owner
    if owner is None or article.article_authors.exists():
        return
    author = Author.objects.filter(user=owner).first()
    if author is not None:
        article.article_authors = [ArticlePageAuthor(author=author)]


def prefetch_renditions(images, body=()):
    """Load the renditions of ``images`` and of the body's image blocks in one query.

    Without it each picture costs a query whenever the rendition cache is cold (after a
    restart, or with one local-memory cache per worker); with it the count never depends on
    how many pictures an article has.
    """
    body_images = [block.value["image"] for block in body if block.block_type == "image"]
    wanted = [image for image in (*images, *body_images) if image is not None]
    if wanted:
        prefetch_related_objects(wanted, "renditions")


# What the related-articles list reads of each article (its link, title and summary).
RELATED_LINK_FIELDS = ("title", "url_path", "depth", "path", "locale", "summary")


class ArticlePage(
    RememberedRestrictionsMixin,
    NewsletterPageMixin,
    HelpfulWidgetMixin,
    CommentsMixin,
    ContentNoteMixin,
    Page,
):
    """One article: a hero picture, a body built from blocks, its authors and tags.

    The reading time is stored when the article is saved so listings can show it without
    loading every article's body.
    """

    subtitle = models.CharField(
        verbose_name="Subtitle",
        max_length=200,
        blank=True,
        help_text="Optional. A line under the title that adds to it.",
    )
    summary = models.TextField(
        verbose_name="Summary",
        max_length=300,
        help_text="One or two sentences about the article. Shown in lists, search engines, "
        "link previews and feeds.",
    )
    publication_date = models.DateField(
        verbose_name="Publication date",
        null=True,
        blank=True,
        help_text="The date shown on the article. Leave empty to use the day it is first "
        "published.",
    )
    last_reviewed = models.DateField(
        verbose_name="Last reviewed",
        null=True,
        blank=True,
        help_text="Optional. The day someone last checked the article is still accurate.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Main picture",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top of the article and in lists and link previews. Wide "
        "pictures (3:2) work best.",
    )
    hero_alt_text = models.CharField(
        verbose_name="Picture description",
        max_length=200,
        blank=True,
        help_text="For readers who cannot see the picture. Leave empty to use the image's own "
        "description.",
    )
    hero_caption = models.CharField(
        verbose_name="Picture caption",
        max_length=250,
        blank=True,
        help_text="Optional. Shown under the picture.",
    )
    body = StreamField(
        ArticleBodyBlock(),
        verbose_name="Article text",
        help_text="Add paragraphs, headings, pictures, quotes and footnotes in any order.",
    )
    tags = ClusterTaggableManager(
        verbose_name="Tags",
        through=ArticlePageTag,
        blank=True,
        help_text="Topics readers can browse by, e.g. boundaries, therapy. Separate with commas.",
    )
    reading_minutes = models.PositiveSmallIntegerField(
        verbose_name="Reading time in minutes", default=1, editable=False
    )

    content_panels = Page.content_panels + [
        FieldPanel("subtitle"),
        FieldPanel("summary"),
        MultipleChooserPanel(
            "article_authors",
            chooser_field_name="author",
            heading="Authors",
            label="Author",
            min_num=1,
            help_text="Everyone who wrote the article, in the order they should be named.",
        ),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_alt_text"), FieldPanel("hero_caption")],
            heading="Main picture",
        ),
        FieldPanel("body"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("publication_date"), FieldPanel("last_reviewed")])],
            heading="Dates",
        ),
        SafeMessagingPanel(),
    ]
    promote_panels = PROMOTE_PANELS + [
        MultipleChooserPanel(
            "related_picks",
            chooser_field_name="article",
            heading="Recommended articles",
            label="Article",
            max_num=MAX_RELATED_ARTICLES,
            help_text="Shown first under “Related articles”. Articles with the same tags fill "
            "the remaining places (how many is set on the blog's Settings tab).",
        ),
    ]
    reader_care_panels = (
        HelpfulWidgetMixin.feedback_panels
        + [ArticleFeedbackPanel()]  # read-only figures, only for users who may see feedback
        + CommentsMixin.comments_panels
        + ContentNoteMixin.content_note_panels
        + NewsletterPageMixin.newsletter_panels
    )
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(promote_panels, heading="Promote"),
            ObjectList(reader_care_panels, heading="Reader care"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    base_form_class = ArticlePageForm

    search_fields = Page.search_fields + [
        index.SearchField("subtitle"),
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.FilterField("publication_date"),
    ]

    template = "practice_blog/blog/article_page.html"
    parent_page_types = ["practice_blog_blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Article"

    def save(self, *args, **kwargs):
        """Fill the publication date on first publication and store the reading time."""
        if self.publication_date is None and self.first_published_at is not None:
            self.publication_date = timezone.localdate(self.first_published_at)
        self.reading_minutes = self.compute_reading_minutes()
        return super().save(*args, **kwargs)

    def newsletter_summary(self):
        return self.summary

    def newsletter_image(self):
        return self.hero_image

    def newsletter_image_description(self):
        return self.hero_alt

    def compute_reading_minutes(self):
        """Minutes to read the text blocks at about 200 words a minute (at least one)."""
        words = sum(len(block_words(block)) for block in self.body)
        return max(1, round(words / WORDS_PER_MINUTE))

    @property
    def display_date(self):
        """The date shown to readers: the editor's date, else the first publication, else
        today (for previews of unpublished drafts)."""
        if self.publication_date:
            return self.publication_date
        if self.first_published_at:
            return timezone.localdate(self.first_published_at)
        return timezone.localdate()

    @property
    def published_datetime(self):
        """A datetime for feeds and structured data, consistent with :attr:`display_date`."""
        first = self.first_published_at
        if first is not None and timezone.localdate(first) == self.display_date:
            return first
        return timezone.make_aware(datetime.combine(self.display_date, time(9)))

    @property
    def hero_alt(self):
        """Alternative text for the main picture."""
        return self.hero_alt_text or getattr(self.hero_image, "description", "") or ""

    @property
    def meta_description(self):
        """The search description if the editor wrote one, else the summary."""
        return self.search_description or Truncator(self.summary).chars(300)

    @property
    def author_list(self):
        """The article's live authors in order (uses prefetched links when present)."""
        return [link.author for link in self.article_authors.all() if link.author.live]

    def cdn_related_pages(self):
        """The pages a CDN must drop when this article is published or unpublished, besides
        the article itself: its blog (lists, tags, authors, feeds) and the home page."""
        site = self.get_site()
        return [page for page in (self.blog_index, site and site.root_page) if page is not None]

    @classmethod
    def routed_queryset(cls):
        """A remembered route (``core.routes``) loads the article with its main picture."""
        return cls.objects.select_related("hero_image")

    @cached_property
    def blog_index(self):
        """The blog this article belongs to."""
        return BlogIndexPage.objects.ancestor_of(self).live().first()

    def blog_index_for(self, request):
        """:attr:`blog_index`, remembered until public content changes (a copy for this
        request: remembered pages are shared by threads)."""
        if "blog_index" not in self.__dict__:
            key = ("blog-index", self.path)
            found = remembered(request, key, lambda: type(self).blog_index.func(self))
            self.__dict__["blog_index"] = copy.copy(found) if found is not None else None
        return self.blog_index

    def get_authors(self):
        """The article's live authors in order, with their photos (one query)."""
        links = self.article_authors.filter(author__live=True).select_related("author__headshot")
        return [link.author for link in links]

    def related_articles(self, tags, count, request=None):
        """Editor-picked articles first, then the newest articles sharing the most tags.

        At most three queries whatever the number of tags or picks.
        """
        if count <= 0:
            return []
        # Only what the list shows: a narrow query is much cheaper to build and read.
        links = (
            self.related_picks.filter(article__live=True)
            .select_related("article")
            .only("page", "article", *(f"article__{name}" for name in RELATED_LINK_FIELDS))
        )
        picks = [link.article for link in links[:count]]
        missing = count - len(picks)
        if missing <= 0 or not tags:
            return picks
        exclude = [self.pk, *(page.pk for page in picks)]
        by_tags = (
            public_pages(ArticlePage.objects.live(), request)
            .filter(tags__in=[tag.pk for tag in tags])
            .exclude(pk__in=exclude)
            .only(*RELATED_LINK_FIELDS)
            .annotate(shared_tags=Count("pk"))
            .order_by("-shared_tags", "-publication_date", "-pk")[:missing]
        )
        return picks + list(by_tags)

    def get_context(self, request, *args, **kwargs):
        """Everything the article template shows, in a fixed number of queries."""
        from .rendering import ArticleRenderState

        context = super().get_context(request, *args, **kwargs)
        tags = list(self.tags.all())
        context["tags"] = tags
        context["authors"] = self.get_authors()
        blog_index = context["blog_index"] = self.blog_index_for(request)
        count = blog_index.related_articles_count if blog_index else 3
        context["related_articles"] = self.related_articles(tags, count, request)
        context["article_state"] = ArticleRenderState.for_body(self.body)
        prefetch_renditions([self.hero_image, *(a.headshot for a in context["authors"])], self.body)
        context["seo"] = self.seo_data(request, context["authors"], tags, context["blog_index"])
        return context

    def seo_data(self, request, authors, tags, blog_index):
        """Canonical address, sharing picture and schema.org ``BlogPosting`` for the <head>."""
        # Absolute addresses use the site's configured host name (Settings → Sites), so the
        # canonical URL is the same whichever host name a visitor or crawler used.
        canonical_url = self.get_full_url(request)
        site = Site.find_for_request(request)
        root_url = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
        image_url = ""
        if self.hero_image is not None:
            rendition = self.hero_image.get_rendition("fill-1200x630|format-jpeg")
            image_url = urljoin(root_url + "/", rendition.url)
        # The publisher is the site's name (Settings → Sites), which every Wagtail site has.
        site_name = site.site_name if site and site.site_name else ""
        blog_url = blog_index.get_full_url(request) if blog_index else None
        people = []
        for author in authors:
            url = None
            if blog_url:
                url = blog_url + blog_index.reverse_subpage(
                    "author_view", args=[author.slug]
                ).lstrip("/")
            people.append(author.person_data(url))
        structured_data = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": self.title,
            "description": self.meta_description,
            "url": canonical_url,
            "mainEntityOfPage": canonical_url,
            "datePublished": self.published_datetime.isoformat(),
            "dateModified": (self.last_published_at or self.published_datetime).isoformat(),
            "author": people,
            "keywords": [tag.name for tag in tags],
        }
        if image_url:
            structured_data["image"] = [image_url]
        if site_name:
            structured_data["publisher"] = {"@type": "Organization", "name": site_name}
        rss_url = ""
        if blog_url:
            rss_url = blog_url + blog_index.reverse_subpage("rss_feed").lstrip("/")
        return {
            "canonical_url": canonical_url,
            "image_url": image_url,
            "site_name": site_name,
            "published": self.published_datetime,
            "structured_data": structured_data,
            "rss_url": rss_url,
        }
