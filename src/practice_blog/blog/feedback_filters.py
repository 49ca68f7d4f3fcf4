"""The blog's filters for the feedback "Articles" table: by tag and by author."""

from practice_blog.feedback.api import FeedbackFilter

from .models import ArticlePage, ArticlePageTag, Author


def tag_choices():
    rows = ArticlePageTag.objects.values_list("tag__slug", "tag__name").distinct()
    return sorted(set(rows), key=lambda row: row[1].casefold())


def author_choices():
    return list(Author.objects.order_by("name").values_list("slug", "name"))


TAG_FILTER = FeedbackFilter(
    name="tag",
    label="Tag",
    any_label="Any tag",
    choices=tag_choices,
    page_ids=lambda slug: ArticlePage.objects.filter(tags__slug=slug).values("pk"),
)

AUTHOR_FILTER = FeedbackFilter(
    name="author",
    label="Author",
    any_label="Any author",
    choices=author_choices,
    page_ids=lambda slug: ArticlePage.objects.filter(article_authors__author__slug=slug).values(
        "pk"
    ),
)
