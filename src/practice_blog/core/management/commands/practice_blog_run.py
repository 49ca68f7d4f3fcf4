"""Run the whole site for development in one command: web server, task worker, minute tick.

``manage.py practice_blog_run [ADDRESS:PORT]`` starts ``runserver``, the django-tasks-db worker
(``db_worker``, when that is the task backend) and ``practice_blog_tick`` once a minute, and
stops all of them on Ctrl-C. Links the site builds (in emails, in the admin) follow ADDRESS
unless ``WAGTAILADMIN_BASE_URL`` says otherwise. Production runs the three as services instead
(README, "Deployment").
"""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from practice_blog.core.conf import uses_database_tasks

TICK_SECONDS = 60
STOP_WAIT_SECONDS = 10


class Command(BaseCommand):
    help = "Run the web server, the task worker and the minute tick together (Ctrl-C stops all)."

    def add_arguments(self, parser):
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="Where to serve the site."
        )

    def handle(self, *args, addrport, **options):
        # Ctrl-C (SIGINT) and SIGTERM both stop everything, even when started from a script
        # that ignores SIGINT for background jobs.
        signal.signal(signal.SIGINT, interrupted)
        signal.signal(signal.SIGTERM, interrupted)
        manage = [sys.executable, os.path.abspath(sys.argv[0])]
        # The server, the worker (which sends the emails) and the tick all read it.
        os.environ.setdefault("WAGTAILADMIN_BASE_URL", base_url(addrport))
        services = {"web server": start([*manage, "runserver", addrport])}
        if uses_database_tasks():
            # Verbosity 0: the worker logs only problems (the console email backend still
            # prints each email it sends, which is the point in development).
            services["task worker"] = start([*manage, "db_worker", "--interval", "1", "-v", "0"])
        else:
            self.stdout.write("Tasks run inside each request (no queue backend): no worker.")
        self.stdout.write(
            f"Running {', '.join(services)} and the minute tick on "
            f"{os.environ['WAGTAILADMIN_BASE_URL']}/. Press Ctrl-C to stop them all."
        )
        ended = None
        try:
            ended = self.supervise(manage, services)
        except KeyboardInterrupt:
            self.stdout.write("\nStopping…")
        finally:
            for process in services.values():
                stop(process)
        if ended:
            raise CommandError(f"The {ended} stopped on its own, so everything was stopped.")
        self.stdout.write(self.style.SUCCESS(f"Stopped: {', '.join(services)} and the tick."))

    def supervise(self, manage, services):
        """Tick every minute; if a service ends on its own, say so and stop the rest."""
        next_tick = time.monotonic()
        while True:
            for name, process in services.items():
                if process.poll() is not None:
                    self.stderr.write(f"The {name} stopped (exit code {process.returncode}).")
                    return name
            if time.monotonic() >= next_tick:
                next_tick += TICK_SECONDS
                self.tick(manage)
            time.sleep(0.5)

    def tick(self, manage):
        """One run of the minute tick; a failure is reported, never fatal to the site."""
        try:
            tick = subprocess.run(
                [*manage, "practice_blog_tick", "-v", "0"],
                capture_output=True,
                text=True,
                timeout=TICK_SECONDS * 5,
                check=False,
            )
        except subprocess.TimeoutExpired:
            self.stderr.write("The minute tick took over five minutes and was stopped.")
            return
        if tick.returncode:
            self.stderr.write(f"The minute tick failed:\n{tick.stderr.strip()}")


def browser_address(addrport):
    """``(host, port)`` where a browser on this machine reaches ``runserver ADDRPORT``: a bare
    port, and "listen everywhere" (``0.0.0.0``, ``::``, ``0``), are 127.0.0.1. The port is
    returned as written."""
    host, _, port = addrport.rpartition(":")
    host = host.strip("[]")
    return ("127.0.0.1" if host in {"", "0.0.0.0", "::", "0"} else host), port


def base_url(addrport):
    """Where a browser reaches ``runserver ADDRPORT``: ``"8001"`` and ``"0.0.0.0:8001"`` are
    both http://127.0.0.1:8001."""
    host, port = browser_address(addrport)
    return f"http://{host}:{port}"


def interrupted(signum, frame):
    raise KeyboardInterrupt


def start(command):
    """A child in its own process group, so stopping it also stops what it starts (the
    autoreloader's server process)."""
    return subprocess.Popen(command, start_new_session=True)


def stop(process):
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_WAIT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass
