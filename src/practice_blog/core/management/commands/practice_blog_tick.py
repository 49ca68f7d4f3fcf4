"""Everything that is due each minute, in one command: run it from cron or a systemd timer.

``* * * * * cd /srv/site && .venv/bin/python manage.py practice_blog_tick`` (``make run`` runs
it for you). It applies go-live dates (Wagtail's ``publish_scheduled``), then asks every app
for its due work through the ``practice_blog_tick`` hook (digests, sending that a dead worker
left, retries, purges), prunes old task results, and queues the worker's heartbeat. Each step
is safe to run twice, so two ticks that overlap do no harm.
"""

import io

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from wagtail import hooks

from practice_blog.core.conf import uses_database_tasks
from practice_blog.core.tasks import worker_heartbeat

# Finished task results hold what tasks were given (e.g. a signup's address): keep them a day.
TASK_RESULT_DAYS = 1


class Command(BaseCommand):
    help = "Do what is due this minute: scheduled publishing, digests, retries, purges."

    def handle(self, *args, **options):
        now = timezone.now()
        lines = []
        published = io.StringIO()
        call_command("publish_scheduled", stdout=published)
        lines.append(f"scheduled publishing: {published.getvalue().strip() or 'nothing due'}")
        for tick in hooks.get_hooks("practice_blog_tick"):
            lines.append(tick(now))
        if options["verbosity"] > 1:
            for number, line in enumerate(lines, start=1):
                self.stdout.write(f"[{number}/{len(lines)}] {line}")
        if uses_database_tasks():
            call_command(
                "prune_db_task_results",
                queue_name="*",
                min_age_days=TASK_RESULT_DAYS,
                failed_min_age_days=TASK_RESULT_DAYS,
                verbosity=0,
                stdout=io.StringIO(),
            )
        worker_heartbeat.enqueue()
        self.stdout.write(self.style.SUCCESS(f"Tick done at {now:%H:%M}: " + "; ".join(lines)))
