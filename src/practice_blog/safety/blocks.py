"""StreamField blocks: a crisis help section editors can place in any page body."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from practice_blog.core.blocks import HeadingLevelBlock

from .models import BANNER_MAX_RESOURCES


class CrisisHelpBlock(blocks.StructBlock):
    """A "where to get help" section with crisis resources (a care card for crisis lines).

    Editors either pick services or leave the choice to the site's defaults (the services the
    crisis banner shows), so a number corrected once is corrected everywhere.
    """

    heading = blocks.CharBlock(
        label="Heading",
        max_length=120,
        default="If you need support now",
        help_text="A short heading readers see above the services.",
    )
    heading_level = HeadingLevelBlock(
        help_text="Level 2 for a section of its own; level 3 inside another section.",
    )
    text = blocks.TextBlock(
        label="Text",
        required=False,
        max_length=400,
        help_text="Optional. A sentence or two before the list, in your own words.",
    )
    use_site_defaults = blocks.BooleanBlock(
        label="Use the site's crisis services",
        required=False,
        default=True,
        help_text="Shows the services chosen for the crisis banner. Untick to choose here.",
    )
    resources = blocks.ListBlock(
        SnippetChooserBlock("practice_blog_safety.CrisisResource"),
        label="Services to show",
        required=False,
        max_num=BANNER_MAX_RESOURCES,
        help_text="Up to three. Only used when the box above is unticked; services that are "
        "switched off are skipped.",
    )

    class Meta:
        icon = "help"
        label = "Crisis help"
        template = "practice_blog/safety/blocks/crisis_help.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("use_site_defaults") and not list(value.get("resources") or []):
            raise StructBlockValidationError(
                block_errors={
                    "resources": ValidationError(
                        "Choose at least one service, or use the site's crisis services."
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        """Resolve the services to show; the site's defaults if none of the chosen are active."""
        from django.db import DatabaseError

        from .banner import load_banner

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        try:
            banner = load_banner(request)
        except DatabaseError:
            context["banner"] = None
            return context
        chosen = [resource for resource in value.get("resources") or [] if resource]
        chosen = [resource for resource in chosen if resource.is_active]
        if not value.get("use_site_defaults") and chosen:
            banner = _with_resources(banner, chosen)
        context["banner"] = banner
        return context


def _with_resources(banner, resources):
    from dataclasses import replace

    return replace(banner, resources=resources)
