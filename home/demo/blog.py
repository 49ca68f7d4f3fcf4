"""Demo content for the blog: the blog index, two authors and five articles.

The words live in :mod:`home.demo.articles` (plain data); this module turns them into
snippets and pages. Running it again updates the same records, found by slug, so the
counts never grow. Pictures are generated, never downloaded.
"""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from practice_blog.blog.models import (
    ArticlePage,
    ArticlePageAuthor,
    Author,
    BlogIndexPage,
    RelatedArticle,
)

from . import demo_collection, demo_image, home_page
from .articles import ARTICLES, AUTHORS

BLOG_SLUG = "blog"
BLOG_INTRODUCTION = (
    "<p>Plain-language articles from our clinicians about how care works: boundaries, "
    "what happens between appointments, working with your other providers and how therapy "
    "ends. They are general information, not advice about your own situation.</p>"
)
BLOG_SEARCH_DESCRIPTION = (
    "Articles from Harbor Light Counselling about boundaries, care between crises, "
    "working with other providers and ending therapy well."
)

# Colour sets (top, bottom, outline) for the generated pictures, one per article.
PALETTES = [
    ("#d9ebe8", "#7fb3ad", "#ffffff"),
    ("#f3e6d3", "#c99a6b", "#fff8ee"),
    ("#dde5f3", "#7d93bf", "#f5f8ff"),
    ("#e8e2f0", "#9c86b8", "#fbf8ff"),
    ("#f0e4e0", "#b88478", "#fff6f3"),
]
HEADSHOT_COLOURS = {"maya": ("#1d5c63", "#e3efef"), "daniel": ("#7a4b2a", "#f3e6d3")}


def portrait_title(author_data):
    """The title of an author's generated portrait (how the demo finds it again)."""
    return f"Portrait of {author_data['name']}"


def picture_title(article_data, illustration=0):
    """The title of an article's main picture, or of its ``illustration``-th picture."""
    if illustration:
        return f"{article_data['title']} — illustration {illustration}"
    return f"{article_data['title']} — main picture"


def headshot_image(author_data):
    """A generated portrait placeholder: a head-and-shoulders outline with the initials."""
    Image = get_image_model()
    title = portrait_title(author_data)
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    dark, light = HEADSHOT_COLOURS.get(author_data["key"], ("#1d5c63", "#e3efef"))
    picture = PILImage.new("RGB", (480, 480), light)
    draw = ImageDraw.Draw(picture)
    draw.ellipse([165, 90, 315, 240], fill=dark)
    draw.ellipse([90, 260, 390, 560], fill=dark)
    initials = "".join(part[0] for part in author_data["name"].split()[:2])
    # Initials on the shoulders, inside the circle a round photo frame keeps.
    draw.text((240, 370), initials, fill=light, font_size=64, anchor="mm")
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return Image.objects.create(
        title=title,
        file=ImageFile(buffer, name=f"portrait-{author_data['key']}.jpg"),
        collection=demo_collection(),
        description=f"Illustrated placeholder portrait of {author_data['name']}.",
    )


def upsert_author(data):
    """Create or update one author from the demo data, and publish it."""
    slug = slugify(data["name"])
    author = Author.objects.filter(slug=slug).first() or Author(slug=slug)
    author.name = data["name"]
    author.credentials = data["credentials"]
    author.role = data["role"]
    author.bio = f"<p>{escape(data['bio'])}</p>"
    author.practice_name = "Harbor Light Counselling"
    author.location = data["location"]
    author.phone = data["phone"]
    author.email = data["email"]
    author.booking_url = data["booking_url"]
    author.social_links = [
        ("link", {"network": network, "url": url}) for network, url in data["social_links"]
    ]
    author.headshot = headshot_image(data)
    author.live = True
    author.save()
    author.save_revision().publish()
    return author


def blog_index():
    """The demo blog under the home page, created once and shown in the main menu."""
    home = home_page()
    index = BlogIndexPage.objects.child_of(home).filter(slug=BLOG_SLUG).first()
    if index is None:
        index = BlogIndexPage(title="Articles", slug=BLOG_SLUG)
        home.add_child(instance=index)
    index.title = "Articles"
    index.introduction = BLOG_INTRODUCTION
    index.show_in_menus = True
    index.search_description = BLOG_SEARCH_DESCRIPTION
    index.save_revision().publish()
    return index


def article_shell(index, data):
    """The article page for ``data['slug']``, created with a placeholder body if new."""
    page = ArticlePage.objects.child_of(index).filter(slug=data["slug"]).first()
    if page is None:
        page = ArticlePage(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            body=[{"type": "paragraph", "value": "<p>Being written.</p>"}],
        )
        index.add_child(instance=page)
    return page


def article_body(data, number, pages):
    """Turn the demo data's body tuples into StreamField data."""
    body = []
    images = 0
    palette = PALETTES[number % len(PALETTES)]
    for item in data["body"]:
        kind = item[0]
        if kind == "p":
            body.append({"type": "paragraph", "value": f"<p>{escape(item[1])}</p>"})
        elif kind in ("h2", "h3"):
            body.append({"type": "heading", "value": {"text": item[1], "level": kind}})
        elif kind == "quote":
            value = {"quote": item[1], "attribution": item[2]}
            body.append({"type": "pull_quote", "value": value})
        elif kind == "callout":
            value = {"heading": item[1], "text": f"<p>{escape(item[2])}</p>"}
            body.append({"type": "callout", "value": value})
        elif kind == "related" and item[1] in pages:
            value = {"lead_in": item[2], "page": pages[item[1]].pk, "url": "", "link_text": ""}
            body.append({"type": "related_link", "value": value})
        elif kind == "image":
            images += 1
            image = demo_image(picture_title(data, images), palette, seed=number * 10 + images)
            value = {
                "image": {"image": image.pk, "alt_text": item[1], "decorative": False},
                "caption": "",
            }
            body.append({"type": "image", "value": value})
        elif kind == "divider":
            body.append({"type": "divider", "value": None})
    if data["footnotes"]:
        notes = [f"<p>{escape(note)}</p>" for note in data["footnotes"]]
        body.append({"type": "footnotes", "value": {"notes": notes}})
    return body


def fill_article(page, data, number, authors, pages):
    """Set every field of one article from the demo data and publish it."""
    today = timezone.localdate()
    published_on = today - datetime.timedelta(days=data["days_ago"])
    palette = PALETTES[number % len(PALETTES)]
    page.title = data["title"]
    page.subtitle = data["subtitle"]
    page.summary = data["summary"]
    page.publication_date = published_on
    page.last_reviewed = published_on + datetime.timedelta(days=min(30, data["days_ago"]))
    page.hero_image = demo_image(picture_title(data), palette, seed=number)
    page.hero_alt_text = ""
    page.hero_caption = ""
    page.body = article_body(data, number, pages)
    page.is_sensitive = data["sensitive"]
    page.content_note = data["content_note"] or page.content_note
    existing = {link.author_id: link for link in page.article_authors.all()}
    page.article_authors = [
        existing.get(authors[key].pk) or ArticlePageAuthor(author=authors[key])
        for key in data["authors"]
    ]
    picks = {link.article_id: link for link in page.related_picks.all()}
    page.related_picks = [
        picks.get(pages[slug].pk) or RelatedArticle(article=pages[slug])
        for slug in data["related"]
        if slug in pages
    ]
    page.tags.set(data["tags"])
    if page.first_published_at is None:
        page.first_published_at = timezone.make_aware(
            datetime.datetime.combine(published_on, datetime.time(9))
        )
    page.save_revision().publish()


def load(stdout):
    """Create or refresh the blog, its authors and articles."""
    index = blog_index()
    authors = {data["key"]: upsert_author(data) for data in AUTHORS}
    pages = {data["slug"]: article_shell(index, data) for data in ARTICLES}
    for number, data in enumerate(ARTICLES):
        fill_article(pages[data["slug"]], data, number, authors, pages)
        stdout.write(f"    article {number + 1}/{len(ARTICLES)}: {data['title']}\n")
    return f"blog “{index.title}” with {len(authors)} authors and {len(pages)} articles"
