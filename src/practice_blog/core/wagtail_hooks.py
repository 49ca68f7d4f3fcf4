"""The shared part's place in the Wagtail admin: backups in Site history, Getting started."""

from django.contrib.contenttypes.models import ContentType
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from . import getting_started, page_editing
from .management.commands.backup_site import BACKUP_ACTION
from .management.commands.restore_site import RESTORE_ACTION


@hooks.register("register_log_actions")
def register_backup_log_actions(actions):
    @actions.register_action(BACKUP_ACTION)
    class Backup(LogFormatter):
        label = "Back up the site"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return (
                f"Backed up {data.get('rows', '?')} rows and {data.get('media_files', '?')} "
                f"media files to {data.get('archive', '?')}"
            )

    @actions.register_action(RESTORE_ACTION)
    class Restore(LogFormatter):
        label = "Restore the site"

        def format_message(self, log_entry):
            return f"Restored from {(log_entry.data or {}).get('archive', '?')}"


@hooks.register("construct_homepage_panels")
def add_getting_started_panel(request, panels):
    """The checklist for Practice owners, until every step is done."""
    if not getting_started.is_practice_owner(request.user):
        return
    steps = getting_started.steps_for(request)
    if steps and not all(step.done for step in steps):
        panels.append(getting_started.GettingStartedPanel(steps))


def edited_page_type(request, context):
    """The page type in a page editor's action menu: the page being edited, or the type being
    created (named in the create view's address)."""
    page = context.get("page")
    if page is not None:
        return type(page)
    match = request.resolver_match
    app_label = match.kwargs.get("content_type_app_name") if match else None
    model_name = match.kwargs.get("content_type_model_name") if match else None
    if not (app_label and model_name):
        return None
    try:
        return ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    except ContentType.DoesNotExist:
        return None


@hooks.register("construct_page_action_menu")
def show_publish_first(menu_items, request, context):
    """On the plugin's page types, "Publish" is the visible button (not hidden behind the arrow
    next to "Save draft") for anyone allowed to publish; Wagtail leaves it out for the rest."""
    page_type = edited_page_type(request, context)
    if page_type is None or not page_editing.uses_plain_words(page_type):
        return
    for index, item in enumerate(menu_items):
        if item.name == "action-publish":
            menu_items.insert(0, menu_items.pop(index))
            return
