"""The blog's place in the admin: the Authors screens, the Articles listing, "Write a new
article" and the blog's Getting-started steps."""

from django.db import IntegrityError
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from practice_blog.core.getting_started import Step

from . import admin_views
from .models import ArticlePage, Author

SLUG_TAKEN = (
    "Another author already uses this web address name. If you just saved this author, "
    "open it from the Authors list; otherwise choose a different name."
)


class AuthorCreateView(CreateView):
    """Adding an author, where two saves of the same new author at once end in a form error.

    Wagtail autosaves a new author while the editor is still typing; a Publish click during that
    first autosave sends a second "add". Both pass validation, and the database refuses the
    second row for its duplicate web address name: the editor sees why instead of a 500.
    """

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except IntegrityError:
            if not Author.objects.filter(slug=form.cleaned_data.get("slug")).exists():
                raise
            form.add_error("slug", SLUG_TAKEN)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class AuthorViewSet(SnippetViewSet):
    """Authors under "Authors" in the menu, with drafts, previews, revisions and locking."""

    model = Author
    add_view_class = AuthorCreateView
    icon = "user"
    menu_label = "Authors"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name", "credentials", "role", LiveStatusTagColumn()]
    list_filter = ["live"]
    ordering = ["name"]
    copy_view_enabled = False


register_snippet(AuthorViewSet)


@hooks.register("register_practice_blog_feedback_filters")
def feedback_filters():
    """Filter the feedback "Articles" table by tag and by author."""
    from .feedback_filters import AUTHOR_FILTER, TAG_FILTER

    return [TAG_FILTER, AUTHOR_FILTER]


@hooks.register("register_admin_urls")
def register_write_article_url():
    return [path("blog/write/", admin_views.write_article, name="practice_blog_write_article")]


class ArticleListingViewSet(PageListingViewSet):
    """Every article on the site, newest first, under "Articles" in the menu, with "Write a new
    article" at the top (straight to the blog, see :mod:`.admin_views`)."""

    model = ArticlePage
    icon = "doc-full"
    menu_label = "Articles"
    menu_order = 150
    add_to_admin_menu = True

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            add_url_name="practice_blog_write_article",
            add_item_label="Write a new article",
            **kwargs,
        )


@hooks.register("register_admin_viewset")
def register_article_listing():
    return ArticleListingViewSet("practice_blog_articles", url_prefix="articles")


class WriteArticlePanel(Component):
    """The dashboard's first line for anyone who writes: one plain button, and the articles
    this person started and never published (an abandoned attempt's autosave among them), each
    to go on with or delete."""

    name = "write_article"
    template_name = "practice_blog/blog/admin/write_article_panel.html"
    order = 5

    def __init__(self, drafts):
        self.drafts = drafts

    def get_context_data(self, parent_context=None):
        return {"drafts": self.drafts}


UNFINISHED_SHOWN = 5


def unfinished_articles(user):
    """``[(article, may delete)]``: the user's newest articles that were never published."""
    drafts = ArticlePage.objects.filter(
        owner=user, first_published_at__isnull=True, live=False
    ).order_by("-latest_revision_created_at", "-pk")[:UNFINISHED_SHOWN]
    return [(draft, draft.permissions_for_user(user).can_delete()) for draft in drafts]


def can_write(user):
    """Whether ``user`` may add an article under at least one blog."""
    return user.has_perm("wagtailadmin.access_admin") and bool(admin_views.blogs_to_write_in(user))


@hooks.register("construct_homepage_panels")
def add_write_article_panel(request, panels):
    if can_write(request.user):
        panels.append(WriteArticlePanel(unfinished_articles(request.user)))


@hooks.register("register_getting_started_steps")
def author_profile_step(request):
    """Your own author profile, linked to your staff account (new articles start with it)."""
    author = Author.objects.filter(user=request.user).first()
    if author is not None:
        url = reverse("wagtailsnippets_practice_blog_blog_author:edit", args=[author.pk])
    else:
        url = reverse("wagtailsnippets_practice_blog_blog_author:add")
    return Step(
        key="author",
        label="Create your author profile",
        done=author is not None,
        url=url,
        hint="Your name, photo and a short bio, shown with your articles. Choose your own "
        "account under “Staff account” so new articles start with you as the author.",
        order=20,
    )


@hooks.register("register_getting_started_steps")
def first_article_step(request):
    """An article of the practice's own is live (the demo's have no owner: nobody wrote them
    in the admin)."""
    return Step(
        key="first_article",
        label="Publish your first article",
        done=ArticlePage.objects.live().filter(owner__isnull=False).exists(),
        url=reverse("practice_blog_write_article"),
        hint="Write it, check the preview, then press Publish.",
        order=50,
    )
