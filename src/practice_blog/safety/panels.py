"""An editor panel showing safe-messaging advice for the page being edited."""

from wagtail.admin.panels import Panel

from .review import check_page, page_has_help_block


class SafeMessagingPanel(Panel):
    """Lists the checker's findings (flagged words, suggested wording, why) on the edit view.

    Add it to a page type's panels, e.g. ``content_panels = [..., SafeMessagingPanel()]``.
    It reflects the last saved draft; saving runs the check again. Advice only: it never
    stops a page being saved or published.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Safe-messaging check")
        kwargs.setdefault(
            "help_text",
            "Advice from published guidelines on writing about suicide (reportingonsuicide.org, "
            "AFSP, Samaritans, #chatsafe). Staff can edit the list under Snippets.",
        )
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "safe_messaging"

    class BoundPanel(Panel.BoundPanel):
        template_name = "practice_blog/safety/panels/safe_messaging.html"

        class Media:
            # Re-checks as the editor types (progressive: the saved draft's findings show
            # without it).
            js = ["practice_blog/safety/js/safe-messaging-panel.js"]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            is_new = self.instance is None or self.instance.pk is None
            findings = [] if is_new else check_page(self.instance)
            context.update(
                is_new=is_new,
                has_help_block=not is_new and page_has_help_block(self.instance),
                phrases=[finding for finding in findings if finding.kind == "phrase"],
                warnings=[finding for finding in findings if finding.kind == "warning"],
                tips=[finding for finding in findings if finding.kind == "tip"],
            )
            return context
