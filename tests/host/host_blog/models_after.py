"""The host's blog page type with Practice Blog's mixins, as the README shows."""

from wagtail.fields import RichTextField
from wagtail.models import Page

from practice_blog.comments.models import CommentsMixin
from practice_blog.feedback.models import HelpfulWidgetMixin
from practice_blog.feedback.panels import ArticleFeedbackPanel
from practice_blog.newsletter.models import NewsletterPageMixin
from practice_blog.safety.models import ContentNoteMixin
from practice_blog.safety.panels import SafeMessagingPanel


class BlogPage(NewsletterPageMixin, HelpfulWidgetMixin, CommentsMixin, ContentNoteMixin, Page):
    body = RichTextField(blank=True)

    content_panels = [*Page.content_panels, "body"]
    settings_panels = [
        *Page.settings_panels,
        *HelpfulWidgetMixin.feedback_panels,
        *ContentNoteMixin.content_note_panels,
        *NewsletterPageMixin.newsletter_panels,
        *CommentsMixin.comments_panels,
        ArticleFeedbackPanel(),
        SafeMessagingPanel(),
    ]
