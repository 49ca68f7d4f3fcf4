"""Wagtail's page fields in plain words, for the plugin's own page types.

Wagtail names its page fields for developers ("Slug", "Title tag", "Show in menus"). The
plugin's page types use :data:`PROMOTE_PANELS` instead, which shows the same fields with
words a practice owner knows, and :class:`PlainPageForm`, which turns "The slug … is already in
use" into a message on the title that offers the page already there. Host sites' page types
are left exactly as Wagtail makes them.
"""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

PROMOTE_TAB = "Search and menu"

PROMOTE_PANELS = [
    MultiFieldPanel(
        [
            FieldPanel(
                "slug",
                heading="Web address",
                help_text="The end of the page's address, e.g. “setting-boundaries” in "
                "/blog/setting-boundaries/. Made from the title while the page is new; use "
                "lower-case letters, numbers and hyphens. Changing it later breaks links "
                "people have saved.",
            ),
            FieldPanel(
                "seo_title",
                heading="Title in search results",
                help_text="Optional. The clickable headline Google and other search engines "
                "show. Leave empty to use the page title.",
            ),
            FieldPanel(
                "search_description",
                heading="Description in search results",
                help_text="Optional. One or two sentences search engines may show under the "
                "headline.",
            ),
        ],
        heading="Address and search engines",
    ),
    MultiFieldPanel(
        [
            FieldPanel(
                "show_in_menus",
                heading="Show in the site menu",
                help_text="Tick to list this page in the menu at the top of every page.",
            )
        ],
        heading="Site menu",
    ),
]


def duplicate_title_message(existing, user):
    """What the owner reads when another page under the same parent has this address: the page
    is named and, where the owner may edit it, linked (an abandoned draft is easy to reopen or
    delete)."""
    state = "a draft" if not existing.live else "a published page"
    title = existing.get_admin_display_title()
    permissions = existing.permissions_for_user(user) if user is not None else None
    if permissions is not None and permissions.can_edit():
        links = format_html(
            ' <a href="{}">Open “{}”</a> to go on with it',
            reverse("wagtailadmin_pages:edit", args=[existing.pk]),
            title,
        )
        if permissions.can_delete():
            links = format_html(
                '{}, or <a href="{}">delete it</a> if you no longer need it',
                links,
                reverse("wagtailadmin_pages:delete", args=[existing.pk]),
            )
        links = format_html("{}. Or give this one a different title.", links)
    else:
        links = "Give this one a different title, or ask a colleague about the other page."
    return format_html(
        "There is already {} called “{}” here, at the same web address.{}", state, title, links
    )


class PlainPageForm(WagtailAdminPageForm):
    """The plugin's page form: a taken web address is reported on the title, kindly.

    While a page is new its web address is made from the title, so the owner never saw the
    address field: the message goes where they are typing and names the page already there
    (usually a draft left from an earlier attempt, e.g. by autosave).
    """

    def clean(self):
        slug = self.cleaned_data.get("slug")  # Wagtail's error takes it out of cleaned_data
        cleaned_data = super().clean()
        if not slug or "slug" not in self._errors or self.parent_page is None:
            return cleaned_data
        existing = (
            self.parent_page.get_children()
            .filter(slug=slug)
            .exclude(pk=self.instance.pk)
            .specific()
            .first()
        )
        if existing is None:
            return cleaned_data
        message = duplicate_title_message(existing, getattr(self, "for_user", None))
        # Wagtail's own "The slug … is already in use" goes; the title carries ours, and the
        # address field (on the other tab) says briefly why it is marked.
        del self._errors["slug"]
        self.add_error("title", forms.ValidationError(message, code="duplicate_title"))
        self.add_error(
            "slug",
            forms.ValidationError(
                "Another page here already uses this web address (see the title).",
                code="duplicate_slug",
            ),
        )
        cleaned_data.pop("slug", None)
        return cleaned_data


def uses_plain_words(page_or_model):
    """True for page types edited with :class:`PlainPageForm` (the plugin's own, and any a
    site opts in): the ones whose editor shows Publish first."""
    model = page_or_model if isinstance(page_or_model, type) else type(page_or_model)
    return issubclass(model, Page) and issubclass(
        getattr(model, "base_form_class", None) or WagtailAdminPageForm, PlainPageForm
    )
