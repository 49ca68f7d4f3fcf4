"""Create or reset the local login that `make run` prints, and point the local site at the
address `make run` serves."""

import ipaddress
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from practice_blog.core.groups import PRACTICE_OWNERS
from practice_blog.core.management.commands.practice_blog_run import browser_address

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def split_address(address):
    """``"127.0.0.1:8123"`` → ``("127.0.0.1", 8123)``, as a browser here reaches it
    (:func:`~practice_blog.core.management.commands.practice_blog_run.browser_address`)."""
    host, port = browser_address(address)
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"“{address}” is not an address like 127.0.0.1:8000.")
    return host, int(port)


def is_local_address(hostname):
    """127.0.0.1, localhost or any IP address: what `make run` may re-point."""
    if hostname in LOCAL_HOSTS:
        return True
    try:
        ipaddress.ip_address(hostname)
    except ValueError:
        return False
    return True


class Command(BaseCommand):
    help = (
        "Create the local Practice owner login 'owner' (or reset its password) with a new "
        "random password and print it, with links to ADDRESS. --superuser makes the all-powers "
        "'admin' account instead. For local development only: refused when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="Where `make run` serves the site (HOST:PORT); the local site and the printed "
            "links use it.",
        )
        parser.add_argument(
            "--superuser",
            action="store_true",
            help="Reset the superuser 'admin' instead, which also sees Wagtail's developer "
            "screens (Sites, Collections, Workflows).",
        )
        parser.add_argument("--username", help="Account name (default: owner, or admin).")

    def handle(self, *args, address, superuser, username, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to reset a password with DEBUG off. "
                "On a real server, use `manage.py createsuperuser` instead."
            )
        host, port = split_address(address)
        username = username or ("admin" if superuser else "owner")
        owners = None
        if not superuser:
            owners = Group.objects.filter(name=PRACTICE_OWNERS).first()
            if owners is None:
                raise CommandError(
                    f"There is no “{PRACTICE_OWNERS}” group yet: run "
                    "`manage.py practice_blog_setup --groups` first (`make run` does)."
                )
        User = get_user_model()
        password = secrets.token_urlsafe(12)
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@localhost"}
        )
        user.is_staff = user.is_active = True
        user.is_superuser = superuser
        user.set_password(password)
        user.save()
        if owners is not None:
            user.groups.add(owners)
        self.point_local_site_at(host, port)
        base = f"http://{host}:{port}"
        kind = "superuser" if superuser else "Practice owner"
        action = "Created" if created else "Reset"
        self.stdout.write(
            self.style.SUCCESS(
                f"{action} the local {kind} login. Log in at {base}/admin/ "
                f"as {username} / {password}"
            )
        )

    def point_local_site_at(self, host, port):
        """Pages' own links (e.g. "View live" in the admin) follow the address in use; only a
        default site on this machine or a bare IP address (an earlier `HOST=`) is changed,
        never a real host name."""
        site = Site.objects.filter(is_default_site=True).first()
        if site is None or not is_local_address(site.hostname):
            return
        if (site.hostname, site.port) != (host, port):
            site.hostname, site.port = host, port
            site.save(update_fields=["hostname", "port"])
