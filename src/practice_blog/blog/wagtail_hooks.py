"""The blog's place in the admin: the Authors snippet screens."""

from django.db import IntegrityError
from wagtail import hooks
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .models import Author

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
    """Authors under Snippets → Authors, with drafts, previews, revisions and locking."""

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
