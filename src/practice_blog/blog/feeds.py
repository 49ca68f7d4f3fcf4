"""RSS 2.0 and Atom feeds of a blog's latest articles (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from .models import FEED_LENGTH


class RssArticleFeed(Feed):
    """The newest articles of one blog, as RSS 2.0."""

    feed_type = Rss201rev2Feed

    def __init__(self, blog_index):
        super().__init__()
        self.blog_index = blog_index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.blog_index

    def title(self, blog_index):
        return blog_index.title

    def link(self, blog_index):
        # Absolute addresses from the site's configured host name, like the canonical URLs.
        return blog_index.get_full_url(self.request)

    def description(self, blog_index):
        return blog_index.search_description or f"New articles from {blog_index.title}."

    def feed_url(self, blog_index):
        return self.request.path

    def items(self, blog_index):
        return blog_index.articles()[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_link(self, article):
        return article.get_full_url(self.request)

    def item_guid(self, article):
        return article.get_full_url(self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, article):
        return article.published_datetime

    def item_updateddate(self, article):
        return article.last_published_at or article.published_datetime

    def item_author_name(self, article):
        return ", ".join(author.full_name for author in article.author_list) or None

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]


class AtomArticleFeed(RssArticleFeed):
    """The newest articles of one blog, as Atom."""

    feed_type = Atom1Feed

    def subtitle(self, blog_index):
        return self.description(blog_index)
