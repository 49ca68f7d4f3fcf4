"""The shared part's place in the Wagtail admin: naming backups and restores in Site history."""

from wagtail import hooks
from wagtail.log_actions import LogFormatter

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
