"""Run inside the host site (its own virtual environment); prints one JSON object.

``snapshot``: the host's Sites, page tree and groups, to compare before and after.
``visit``: render the host's blog page, vote on it, open the feedback admin.
"""

import json
import os
import re
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostsite.settings.dev")
django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, Site  # noqa: E402


def snapshot():
    sites = list(
        Site.objects.order_by("pk").values(
            "pk", "hostname", "port", "site_name", "root_page_id", "is_default_site"
        )
    )
    pages = list(
        Page.objects.order_by("path").values(
            "pk", "path", "depth", "numchild", "slug", "url_path", "title", "live"
        )
    )
    groups = {}
    for group in Group.objects.order_by("name"):
        groups[group.name] = {
            "permissions": sorted(
                f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
            ),
            "pages": sorted(
                f"{gp.page_id}:{gp.permission.codename}"
                for gp in GroupPagePermission.objects.filter(group=group)
            ),
            "collections": sorted(
                f"{gc.collection_id}:{gc.permission.codename}"
                for gc in GroupCollectionPermission.objects.filter(group=group)
            ),
        }
    return {"sites": sites, "pages": pages, "groups": groups}


def visit():
    from django.contrib.auth import get_user_model
    from django.core import signing
    from django.test import Client
    from django.urls import reverse

    import practice_blog
    from practice_blog.core import anonymous_posts
    from practice_blog.feedback.models import DailyPageFeedback, HelpfulVote

    page = Page.objects.get(slug="our-first-post").specific
    reader = Client(
        headers={
            "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0",
            "Origin": "http://localhost",
        },
        HTTP_HOST="localhost",
    )
    response = reader.get(page.url)
    body = response.content.decode()
    rendered = signing.dumps(int(time.time()) - 60, salt=anonymous_posts.TIMESTAMP_SALT)
    vote = reader.post(
        reverse("practice_blog_feedback:vote"),
        {"page": str(page.pk), "answer": "yes", "rendered": rendered, "website": ""},
    )
    rollup = DailyPageFeedback.objects.filter(page_id=page.pk).first()
    comment = reader.post(
        reverse("practice_blog_comments:post"),
        {
            "page": str(page.pk),
            "name": "Robin",
            "email": "robin@example.org",
            "body": "Thank you for writing this.",
            "rendered": rendered,
            "website": "",
        },
    )
    from practice_blog.comments.models import ReaderComment

    admin = get_user_model().objects.create_superuser("host-admin", "a@example.com", "pw-123456")
    staff = Client(HTTP_HOST="localhost")
    staff.force_login(admin)
    listing_url = reverse("feedback_pages_blog_blogpage:index")
    listing = staff.get(listing_url)
    overview = staff.get(reverse("feedback_analytics:overview"))
    editor = staff.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    emailing = publish_and_email(page.get_parent())
    balancer = Client(HTTP_HOST="10.1.2.3")
    health = balancer.get("/healthz")
    worker = balancer.get("/healthz/worker")  # the worker ran the heartbeat queued below
    return {
        "healthz": [health.status_code, health.content.decode().strip()],
        "healthz_worker": worker.status_code,
        **emailing,
        "plugin_file": practice_blog.__file__,
        "page_status": response.status_code,
        "has_banner": "crisis-banner" in body,
        "has_widget": 'action="/feedback/vote/"' in body,
        "has_signup": 'action="/newsletter/signup/"' in body,
        "has_comment_form": 'action="/comments/post/"' in body,
        "comment_status": comment.status_code,
        "comments_waiting": ReaderComment.objects.filter(page=page).count(),
        "stylesheets": sorted(set(re.findall(r'href="/static/practice_blog/([^"]+\.css)"', body))),
        "vote_robots_header": vote.get("X-Robots-Tag", ""),
        "vote_status": vote.status_code,
        "votes": HelpfulVote.objects.counted().filter(page_id_at_vote=page.pk).count(),
        "rollup_helpful": rollup.helpful if rollup else 0,
        "listing_status": listing.status_code,
        "listing_shows_page": page.title in listing.content.decode(),
        "overview_status": overview.status_code,
        "editor_status": editor.status_code,
        "editor_has_feedback_panel": "Reader feedback, last 90 days" in editor.content.decode(),
    }


def publish_and_email(parent):
    """Publish a new host page with one confirmed reader; run the queue's worker once."""
    from django.conf import settings
    from django.core import mail
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from practice_blog.newsletter.models import ConsentText, Dispatch, Subscriber

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    Subscriber.objects.create(
        email="reader@example.org",
        status=Subscriber.Status.ACTIVE,
        consent_text=ConsentText.version_for("New posts by email, please."),
    )
    from blog.models import BlogPage

    post = parent.add_child(instance=BlogPage(title="Second post", slug="second-post"))
    post.save_revision().publish()
    from practice_blog.core.tasks import worker_heartbeat

    worker_heartbeat.enqueue()
    queued = DBTaskResult.objects.filter(task_path__endswith="send_dispatch_task").count()
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    return {
        "queued_before_worker": queued,
        "emailed": [address for message in mail.outbox for address in message.to],
        "dispatch_status": Dispatch.objects.get(page=post).status,
    }


if __name__ == "__main__":
    print(json.dumps({"snapshot": snapshot, "visit": visit}[sys.argv[1]](), default=str))
