"""The blog's place in the admin: the Authors snippet screens."""

from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author


class AuthorViewSet(SnippetViewSet):
    """Authors under Snippets → Authors, with drafts, previews, revisions and locking."""

    model = Author
    icon = "user"
    menu_label = "Authors"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name", "credentials", "role", LiveStatusTagColumn()]
    list_filter = ["live"]
    ordering = ["name"]
    copy_view_enabled = False


register_snippet(AuthorViewSet)
