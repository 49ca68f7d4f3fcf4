"""The host's blog page type before Practice Blog is installed."""

from wagtail.fields import RichTextField
from wagtail.models import Page


class BlogPage(Page):
    body = RichTextField(blank=True)

    content_panels = [*Page.content_panels, "body"]
