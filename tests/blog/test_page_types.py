"""Where blog pages may be created, and that each page type renders, previews and routes."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.demo import home_page
from home.models import HomePage
from practice_blog.blog.models import ArticlePage, ArticlePageAuthor, Author, BlogIndexPage


class BlogPageTypeRules(WagtailPageTestCase):
    """Articles only live in a blog; a blog only lives under the home page."""

    def test_blog_index_goes_wherever_the_site_wants_it_but_never_inside_a_blog(self):
        # A host site's home page is its own page type, so the blog cannot demand ours.
        self.assertCanCreateAt(HomePage, BlogIndexPage)
        self.assertCanCreateAt(Page, BlogIndexPage)
        self.assertCanNotCreateAt(BlogIndexPage, BlogIndexPage)
        self.assertCanNotCreateAt(ArticlePage, BlogIndexPage)

    def test_articles_go_in_a_blog_only_and_have_no_children(self):
        self.assertAllowedParentPageTypes(ArticlePage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(BlogIndexPage, {ArticlePage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(ArticlePage, ArticlePage)


class BlogPagesRender(WagtailPageTestCase):
    """Every blog page type renders for readers and in the admin preview."""

    @classmethod
    def setUpTestData(cls):
        cls.index = BlogIndexPage(title="Articles", slug="blog")
        home_page().add_child(instance=cls.index)
        cls.index.save_revision().publish()
        author = cls.author = Author.objects.create(
            name="Maya Okafor", slug="maya-okafor", live=True
        )
        cls.article = ArticlePage(
            title="On boundaries",
            slug="on-boundaries",
            summary="Why the lines in therapy exist.",
            body=[{"type": "paragraph", "value": "<p>Text.</p>"}],
        )
        cls.article.article_authors = [ArticlePageAuthor(author=author)]
        cls.index.add_child(instance=cls.article)
        cls.article.save_revision().publish()

    def test_blog_index_is_renderable_and_previewable(self):
        self.assertPageIsRenderable(self.index)
        self.assertPageIsPreviewable(self.index)

    def test_blog_index_routes_render(self):
        for path in ("/", "/feed/rss/", "/feed/atom/", "/search/", "/authors/maya-okafor/"):
            self.assertPageIsRoutable(self.index, path)
            self.assertPageIsRenderable(self.index, path)

    def test_article_is_renderable_and_previewable(self):
        self.assertPageIsRenderable(self.article)
        # The body is edited through JavaScript widgets, so the preview gets explicit form data.
        post_data = nested_form_data(
            {
                "title": "On boundaries (draft)",
                "slug": "on-boundaries",
                "summary": "Why the lines in therapy exist.",
                "body": streamfield([("paragraph", rich_text("<p>Previewed text.</p>"))]),
                "article_authors": inline_formset([{"author": self.author.pk}]),
                "related_picks": inline_formset([]),
                "content_note": "",
            }
        )
        self.assertPageIsPreviewable(self.article, post_data=post_data)
