"""What the demo consists of, found by the names ``load_demo`` gives it.

Used twice: ``load_demo`` records these objects once it has made them
(:mod:`home.demo.records`), and removal (:mod:`home.demo.removal`) falls back to them on a
database made by an older ``load_demo``, which kept no records.

Two kinds of thing: the demo's own *content* (articles, authors, pictures, subscribers,
newsletter emails), which removal deletes, and the *structure* the owner's own work lives under
(the home page, the blog, "Get help now", the practice's settings), which removal keeps and only
gives neutral wording in place of the demo's.
"""

from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Collection, Site

from home.models import HomePage, PracticeSettings
from practice_blog.blog.models import ArticlePage, Author, BlogIndexPage
from practice_blog.feedback.models import FeedbackSettings
from practice_blog.newsletter.models import Dispatch, NewsletterSettings, Subscriber
from practice_blog.safety.models import HelpPage

from . import DEMO_COLLECTION
from .articles import ARTICLES, AUTHORS
from .blog import (
    BLOG_INTRODUCTION,
    BLOG_SEARCH_DESCRIPTION,
    BLOG_SLUG,
    picture_title,
    portrait_title,
)
from .feedback import FOLLOW_UP_TEXT
from .newsletter import BLOCK_NAME as SIGNUP_BLOCK_NAME
from .newsletter import DEMO_SUBSCRIBERS, DIGEST_SUBJECT, SIGNUP_BLOCK
from .practice import BODY as HOME_BODY
from .practice import (
    HOME_SEARCH_DESCRIPTION,
    HOME_TITLE,
    INTRODUCTION,
    PRACTICE,
    SOCIAL_LINKS,
)
from .safety import HELP_PAGE_SLUG

ARTICLE_SLUGS = [data["slug"] for data in ARTICLES]
AUTHOR_SLUGS = [slugify(data["name"]) for data in AUTHORS]
SUBSCRIBER_EMAILS = [email for email, *_ in DEMO_SUBSCRIBERS]

# The fields of each kept model that carry demo wording, and the neutral value removal puts in
# their place. Wording is only reset while it is still the demo's; anything the owner wrote
# stays. Models in TOGETHER are reset all at once or not at all (the feedback follow-up link
# needs both its text and its page).
NEUTRAL_WORDING = {
    HomePage: {"title": "Welcome", "introduction": "", "body": [], "search_description": ""},
    BlogIndexPage: {"introduction": "", "search_description": ""},
    HelpPage: {},
    PracticeSettings: {
        "name": "Our practice",
        "tagline": "",
        "street_address": "",
        "phone": "",
        "email": "",
        "website": "",
        "social_links": [],
        "copyright_line": "",
    },
    NewsletterSettings: {"sender_name": "", "reply_to": "", "postal_address": ""},
    FeedbackSettings: {"follow_up_text": "", "follow_up_page": None},
    Site: {"site_name": ""},
}
TOGETHER = {FeedbackSettings}


def image_titles():
    """The titles ``load_demo`` gives its generated pictures."""
    titles = [portrait_title(data) for data in AUTHORS]
    for data in ARTICLES:
        titles.append(picture_title(data))
        count = sum(1 for item in data["body"] if item[0] == "image")
        titles.extend(picture_title(data, number) for number in range(1, count + 1))
    return titles


def default_site():
    return Site.objects.filter(is_default_site=True).first()


def home_page():
    return HomePage.objects.filter(depth=2).first()


def blog_page(home):
    if home is None:
        return None
    return BlogIndexPage.objects.child_of(home).filter(slug=BLOG_SLUG).first()


def demo_collection():
    return Collection.objects.filter(depth=2, name=DEMO_COLLECTION).first()


def demo_content():
    """The demo's own content that removal deletes, pages first (as their specific types)."""
    blog = blog_page(home_page())
    articles = (
        list(ArticlePage.objects.child_of(blog).filter(slug__in=ARTICLE_SLUGS)) if blog else []
    )
    collection = demo_collection()
    images = (
        list(get_image_model().objects.filter(collection=collection, title__in=image_titles()))
        if collection
        else []
    )
    dispatches = list(
        Dispatch.objects.filter(kind=Dispatch.Kind.ARTICLE, page__in=[a.pk for a in articles])
    ) + list(Dispatch.objects.filter(kind=Dispatch.Kind.DIGEST, subject=DIGEST_SUBJECT))
    return [
        *articles,
        *Author.objects.filter(slug__in=AUTHOR_SLUGS),
        *dispatches,
        *Subscriber.objects.filter(email__in=SUBSCRIBER_EMAILS),
        *images,
        *([collection] if collection else []),
    ]


def demo_structure():
    """The kept pages and settings the demo filled in, for the default site."""
    site = default_site()
    home = home_page()
    pages = []
    if home is not None:
        pages.append(home)
        pages.extend(filter(None, [blog_page(home)]))
        pages.extend(HelpPage.objects.child_of(home).filter(slug=HELP_PAGE_SLUG))
    if site is None:
        return pages
    return [
        *pages,
        PracticeSettings.for_site(site),
        NewsletterSettings.for_site(site),
        FeedbackSettings.for_site(site),
        site,
    ]


def demo_blocks(model, name, build):
    """A StreamField as ``load_demo`` fills it, in the form removal compares (see records)."""
    from .records import field_value  # here: records imports this module

    instance = model()
    build(instance)
    return field_value(instance, name)


def home_page_blocks(page):
    page.body = HOME_BODY
    page.body.append((SIGNUP_BLOCK_NAME, SIGNUP_BLOCK))  # as the newsletter part adds it


def practice_social_links(practice):
    practice.social_links = [("link", {"network": n, "url": u}) for n, u in SOCIAL_LINKS]


def known_demo_wording(obj):
    """``{field: value}`` as ``load_demo`` writes it, where it can be told without a record.

    A field missing here cannot be recognised on a database made by an older ``load_demo``;
    removal lists it for the owner to check.
    """
    if isinstance(obj, HomePage):
        return {
            "title": HOME_TITLE,
            "introduction": INTRODUCTION,
            "body": demo_blocks(HomePage, "body", home_page_blocks),
            "search_description": HOME_SEARCH_DESCRIPTION,
        }
    if isinstance(obj, BlogIndexPage):
        return {"introduction": BLOG_INTRODUCTION, "search_description": BLOG_SEARCH_DESCRIPTION}
    if isinstance(obj, PracticeSettings):
        wording = dict(PRACTICE)
        wording["social_links"] = demo_blocks(
            PracticeSettings, "social_links", practice_social_links
        )
        return wording
    if isinstance(obj, NewsletterSettings):
        return {
            "sender_name": PRACTICE["name"],
            "reply_to": PRACTICE["email"],
            "postal_address": PRACTICE["street_address"].replace("\n", ", "),
        }
    if isinstance(obj, FeedbackSettings):
        home = home_page()
        return {"follow_up_text": FOLLOW_UP_TEXT, "follow_up_page": str(home.pk) if home else ""}
    if isinstance(obj, Site):
        return {"site_name": PRACTICE["name"]}
    return {}
