"""Staff screens for emails to subscribers (send, schedule, safe-messaging confirmation,
permissions), weekly and monthly digests, and the check that warns about the immediate queue."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from practice_blog.newsletter import digests, sending
from practice_blog.newsletter.checks import check_task_backend
from practice_blog.newsletter.models import Dispatch
from tests.blog.conftest import paragraph

from .sending_helpers import make_readers, only_dispatch, recipients

pytestmark = pytest.mark.django_db

SUICIDE_TEXT = "Many people who think about suicide find that the feeling passes with support."


def test_the_action_menu_offers_email_to_subscribers_on_published_articles(
    client, owner, editor, make_article, html, outbox
):
    article = make_article(email_subscribers=False)
    client.force_login(owner)
    edit = html(client.get(f"/admin/pages/{article.pk}/edit/"))
    link = edit.find("a", href=f"/admin/newsletter/send/{article.pk}/")
    assert link is not None and "Email to subscribers" in link.get_text()

    client.force_login(editor)
    edit = html(client.get(f"/admin/pages/{article.pk}/edit/"))
    assert edit.find("a", href=f"/admin/newsletter/send/{article.pk}/") is None
    refused = client.get(f"/admin/newsletter/send/{article.pk}/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # Wagtail's refusal
    test_send = client.post(f"/admin/newsletter/send/{article.pk}/", {"action": "test"})
    assert test_send.status_code == 302
    assert Dispatch.objects.count() == 0
    assert outbox == []


def test_staff_send_an_article_that_was_not_emailed_on_publish(
    client, owner, make_article, django_capture_on_commit_callbacks, outbox, html
):
    readers = make_readers(2)
    article = make_article(email_subscribers=False)
    client.force_login(owner)
    screen = html(client.get(f"/admin/newsletter/send/{article.pk}/"))
    assert "2 subscribers will get" in screen.get_text()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/newsletter/send/{article.pk}/", {"action": "send", "when": "now"}
        )
    assert response.status_code == 302
    dispatch = only_dispatch()
    assert dispatch.created_by == owner
    assert sorted(recipients(outbox)) == sorted(reader.email for reader in readers)
    # Sent once: the screen no longer offers to send it.
    again = html(client.get(f"/admin/newsletter/send/{article.pk}/")).get_text()
    assert "already been emailed" in again
    assert "2 of 2 sent" in again


def test_scheduling_for_later_waits_for_that_time(client, owner, make_article, outbox):
    make_readers(1)
    article = make_article(email_subscribers=False)
    client.force_login(owner)
    later = timezone.localtime() + timedelta(days=1)
    response = client.post(
        f"/admin/newsletter/send/{article.pk}/",
        {"action": "send", "when": "later", "send_at": later.strftime("%Y-%m-%d %H:%M")},
    )
    assert response.status_code == 302
    dispatch = only_dispatch()
    assert dispatch.status == Dispatch.Status.SCHEDULED
    assert sending.send_dispatch(dispatch.pk) is None  # not due
    assert sending.dispatches_needing_a_worker() == []
    assert outbox == []

    past = client.post(
        f"/admin/newsletter/send/{article.pk}/",
        {"action": "send", "when": "later", "send_at": "2001-01-01 09:00"},
    )
    assert past.status_code == 302  # already scheduled: nothing changes
    assert only_dispatch().send_after > timezone.now()


def test_a_time_in_the_past_is_refused_with_a_reason(client, owner, make_article, html):
    article = make_article(email_subscribers=False)
    client.force_login(owner)
    response = client.post(
        f"/admin/newsletter/send/{article.pk}/",
        {"action": "send", "when": "later", "send_at": "2001-01-01 09:00"},
    )
    assert response.status_code == 400
    assert "That time has passed" in html(response).get_text()
    assert Dispatch.objects.count() == 0


def test_an_article_about_suicide_without_a_content_note_needs_confirmation(
    client, owner, make_article, html
):
    make_readers(1)
    article = make_article(email_subscribers=False, body=[paragraph(SUICIDE_TEXT)])
    client.force_login(owner)
    screen = html(client.get(f"/admin/newsletter/send/{article.pk}/"))
    assert "without a content note" in screen.get_text()

    send_now = {"action": "send", "when": "now"}
    refused = client.post(f"/admin/newsletter/send/{article.pk}/", send_now)
    assert refused.status_code == 400
    assert "tick this box to send it anyway" in html(refused).get_text()
    assert Dispatch.objects.count() == 0

    confirmed = client.post(
        f"/admin/newsletter/send/{article.pk}/",
        {"action": "send", "when": "now", "confirm_sensitive": "on"},
    )
    assert confirmed.status_code == 302
    assert Dispatch.objects.count() == 1


def test_the_newsletter_preview_shows_the_email(client, owner, make_article, html):
    article = make_article(title="Holding steady")
    client.force_login(owner)
    response = client.get(f"/admin/newsletter/email/{_dispatch_for(article).pk}/preview/")
    assert response.status_code == 200
    page = html(response)
    assert page.find("h1").get_text() == "Holding steady"
    assert "Unsubscribe" in page.get_text()


def _dispatch_for(article):
    return Dispatch.objects.get(page=article)


def test_the_article_offers_a_newsletter_email_preview_mode(make_article, rf, owner, html):
    article = make_article(title="A quiet morning")
    assert ("newsletter", "Newsletter email") in article.preview_modes
    request = rf.get("/")
    request.user = owner
    response = article.serve_preview(request, "newsletter")
    page = html(response)
    assert page.find("h1").get_text() == "A quiet morning"
    assert "What a quiet morning is about." in page.get_text()
    default = article.serve_preview(request, "").render()
    assert html(default).select_one("main") is not None  # the normal preview is unchanged


# Digests --------------------------------------------------------------------------------------


def use_digests(newsletter_settings, mode, review=True):
    newsletter_settings.send_mode = mode
    newsletter_settings.review_digests = review
    newsletter_settings.save()


def test_weekly_digest_is_a_draft_listing_the_weeks_articles(
    newsletter_settings, make_article, outbox, client, owner
):
    use_digests(newsletter_settings, "weekly")
    make_readers(2)
    first = make_article(title="On rest")
    second = make_article(title="On saying no")
    assert Dispatch.objects.count() == 0  # digests instead of one email per article
    published_hours_ago(first, second)

    call_command("practice_blog_tick", stdout=io.StringIO())
    digest = only_dispatch()
    assert digest.kind == Dispatch.Kind.DIGEST
    assert digest.status == Dispatch.Status.DRAFT
    assert set(digest.articles.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert outbox == []

    # Nothing new a minute later: no second digest.
    call_command("practice_blog_tick", stdout=io.StringIO())
    assert Dispatch.objects.count() == 1

    client.force_login(owner)
    screen = client.get(f"/admin/newsletter/email/{digest.pk}/").content.decode()
    assert "On rest" in screen and "On saying no" in screen
    response = client.post(
        f"/admin/newsletter/email/{digest.pk}/", {"action": "send", "when": "now"}
    )
    assert response.status_code == 302
    sending.send_dispatch(digest.pk)
    assert len(outbox) == 2
    ((html_part, _),) = outbox[0].alternatives
    assert "On rest" in html_part and "On saying no" in html_part
    assert "On rest" in outbox[0].body


def published_hours_ago(*articles, hours=30):
    """Move first publication back: the first digest ends at the start of today."""
    Page.objects.filter(pk__in=[a.pk for a in articles]).update(
        first_published_at=timezone.now() - timedelta(hours=hours)
    )


def test_the_next_digest_waits_for_the_boundary_and_holds_only_newer_articles(
    newsletter_settings, make_article
):
    use_digests(newsletter_settings, "weekly", review=False)
    make_readers(1)
    published_hours_ago(make_article(title="Week one"))
    now = timezone.now()
    assert digests.create_due_digests(now) == 1
    first = Dispatch.objects.get()
    newer = make_article(title="Week two")
    Page.objects.filter(pk=newer.pk).update(first_published_at=now + timedelta(days=2))
    assert digests.create_due_digests(now + timedelta(days=3)) == 0
    assert digests.create_due_digests(now + timedelta(days=7, minutes=1)) == 1
    latest = Dispatch.objects.order_by("-period_end").first()
    assert list(latest.articles.values_list("pk", flat=True)) == [newer.pk]
    assert latest.period_start == first.period_end
    assert latest.period_end == first.period_end + timedelta(days=7)  # a fixed boundary
    assert latest.status == Dispatch.Status.SCHEDULED  # sent automatically when asked


def test_a_quiet_week_moves_nothing_and_the_next_boundary_takes_everything(
    newsletter_settings, make_article
):
    use_digests(newsletter_settings, "weekly")
    published_hours_ago(make_article(title="Old news"))
    now = timezone.now()
    digests.create_due_digests(now)
    first = Dispatch.objects.get()
    later = make_article(title="After a quiet week")
    Page.objects.filter(pk=later.pk).update(first_published_at=now + timedelta(days=9))
    # At the first boundary (day 7) nothing was new; an article on day 9 waits for day 14.
    assert digests.create_due_digests(now + timedelta(days=9, hours=1)) == 0
    assert digests.create_due_digests(now + timedelta(days=14, minutes=1)) == 1
    latest = Dispatch.objects.order_by("-period_end").first()
    assert latest.period_start == first.period_end
    assert list(latest.articles.values_list("pk", flat=True)) == [later.pk]


def test_two_ticks_at_once_make_one_digest(newsletter_settings, make_article):
    use_digests(newsletter_settings, "weekly")
    published_hours_ago(make_article(title="Only once"))
    now = timezone.now()
    assert digests.create_due_digests(now) == 1
    assert digests.create_due_digests(now) == 0  # same minute, same period: refused
    assert Dispatch.objects.filter(kind=Dispatch.Kind.DIGEST).count() == 1


def test_a_digest_never_sends_articles_that_were_unpublished_since(
    newsletter_settings, make_article, outbox, client, owner
):
    use_digests(newsletter_settings, "weekly")
    make_readers(1)
    kept = make_article(title="Still here")
    gone = make_article(title="Taken down")
    published_hours_ago(kept, gone)
    digests.create_due_digests()
    digest = Dispatch.objects.get()
    gone.unpublish()
    client.force_login(owner)
    client.post(f"/admin/newsletter/email/{digest.pk}/", {"action": "send", "when": "now"})
    sending.send_dispatch(digest.pk)
    ((html_part, _),) = outbox[0].alternatives
    assert "Still here" in html_part and "Taken down" not in html_part

    # With every article gone, the digest cannot be sent, and says why.
    outbox.clear()
    empty = Dispatch.objects.create(kind=Dispatch.Kind.DIGEST, subject="Empty", status="draft")
    empty.articles.set([gone])
    response = client.post(
        f"/admin/newsletter/email/{empty.pk}/", {"action": "send", "when": "now"}
    )
    assert response.status_code == 302
    empty.refresh_from_db()
    assert empty.status == Dispatch.Status.DRAFT
    page = client.get(f"/admin/newsletter/email/{empty.pk}/").content.decode()
    assert "None of its articles is published any more" in page
    assert outbox == []


def test_monthly_periods_follow_the_calendar():
    start = timezone.now().replace(year=2026, month=1, day=31)
    assert digests.shift(start, "monthly").month == 2
    assert digests.shift(start.replace(month=12), "monthly").year == 2027
    assert digests.shift(start, "monthly", -1).month == 12


# The immediate-backend warning ----------------------------------------------------------------


def test_the_immediate_and_dummy_task_backends_are_warned_about(settings):
    for backend in (
        "django_tasks.backends.immediate.ImmediateBackend",
        "django_tasks.backends.dummy.DummyBackend",
    ):
        settings.TASKS = {"default": {"BACKEND": backend}}
        (warning,) = check_task_backend()
        assert warning.id == "practice_blog.W006"
        assert "django_tasks_db.DatabaseBackend" in warning.hint

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert check_task_backend() == []


def test_a_digest_holding_an_article_about_suicide_needs_confirmation(
    newsletter_settings, make_article, client, owner, html
):
    use_digests(newsletter_settings, "weekly")
    calm = make_article(title="On rest")
    heavy = make_article(title="After a loss", body=[paragraph(SUICIDE_TEXT)])
    published_hours_ago(calm, heavy)
    digests.create_due_digests()
    digest = Dispatch.objects.get()
    client.force_login(owner)
    screen = html(client.get(f"/admin/newsletter/email/{digest.pk}/")).get_text()
    assert "After a loss: Whole article" in screen
    refused = client.post(
        f"/admin/newsletter/email/{digest.pk}/", {"action": "send", "when": "now"}
    )
    assert refused.status_code == 400
    digest.refresh_from_db()
    assert digest.status == Dispatch.Status.DRAFT
    confirmed = client.post(
        f"/admin/newsletter/email/{digest.pk}/",
        {"action": "send", "when": "now", "confirm_sensitive": "on"},
    )
    assert confirmed.status_code == 302
    digest.refresh_from_db()
    assert digest.status in (Dispatch.Status.SCHEDULED, Dispatch.Status.SENDING)


def test_publishing_an_article_about_suicide_without_a_note_leaves_its_email_as_a_draft(
    make_article, django_capture_on_commit_callbacks, outbox
):
    make_readers(2)
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="After a loss", body=[paragraph(SUICIDE_TEXT)])
    dispatch = only_dispatch()
    assert dispatch.status == Dispatch.Status.DRAFT
    assert "without a content note" in dispatch.stop_reason
    assert outbox == []
