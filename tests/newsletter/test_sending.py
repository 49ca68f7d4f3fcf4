"""Emailing new articles to subscribers: one dispatch per article, every reader once, the
message itself (headers, parts, no tracking), and the worker's faults."""

import io
from datetime import timedelta
from email import message_from_bytes
from email.policy import default

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from practice_blog.newsletter import sending
from practice_blog.newsletter.models import Delivery, Dispatch, Subscriber

from .sending_helpers import delivery_counts, make_readers, only_dispatch, recipients

pytestmark = pytest.mark.django_db

REFUSING_BACKEND = "tests.newsletter.refusing_backend.RefusingEmailBackend"
FAILING_BACKEND = "tests.newsletter.failing_backend.FailingEmailBackend"


def publish_and_send(make_article, django_capture_on_commit_callbacks, **fields):
    """Publish a new article and let the (immediate) task backend run the queued send."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(**fields)


# One dispatch per article ------------------------------------------------------------------


def test_publishing_an_article_emails_every_reader_once(
    make_article, django_capture_on_commit_callbacks, outbox
):
    readers = make_readers(3)
    article = publish_and_send(make_article, django_capture_on_commit_callbacks, title="Rest")
    dispatch = only_dispatch()
    assert dispatch.page_id == article.pk
    assert dispatch.status == Dispatch.Status.SENT
    assert sorted(recipients(outbox)) == sorted(reader.email for reader in readers)
    assert sending.progress(dispatch.pk).summary() == "3 of 3 sent"


def test_republishing_and_editing_never_send_again(
    make_article, django_capture_on_commit_callbacks, outbox
):
    make_readers(2)
    article = publish_and_send(make_article, django_capture_on_commit_callbacks)
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "A better title"
        article.save_revision().publish()
        article.unpublish()
        article.save_revision().publish()
    assert Dispatch.objects.count() == 1
    assert outbox == []


def test_an_article_with_emailing_unticked_is_not_sent(
    make_article, django_capture_on_commit_callbacks, outbox
):
    make_readers(2)
    publish_and_send(make_article, django_capture_on_commit_callbacks, email_subscribers=False)
    assert Dispatch.objects.count() == 0
    assert outbox == []


def test_scheduled_article_is_sent_when_the_tick_publishes_it(
    make_article, django_capture_on_commit_callbacks, outbox
):
    make_readers(2)
    article = make_article(publish=False)
    article.go_live_at = timezone.now() + timedelta(hours=1)
    revision = article.save_revision()
    revision.publish()  # schedules it: a go-live date in the future
    article.refresh_from_db()
    assert not article.live
    assert Dispatch.objects.count() == 0

    # The hour passes (for the revision's stored copy of the date as well).
    revision.refresh_from_db()
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("practice_blog_tick", stdout=io.StringIO())
    article.refresh_from_db()
    assert article.live
    assert only_dispatch().status == Dispatch.Status.SENT
    assert len(outbox) == 2


def test_creating_the_dispatch_costs_the_same_for_ten_and_ten_thousand_readers(
    make_article, django_assert_num_queries, django_capture_on_commit_callbacks
):
    def publish_queries(count, prefix):
        make_readers(count, prefix)
        article = make_article(publish=False)
        revision = article.save_revision()
        with django_capture_on_commit_callbacks(execute=False) as queued:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                revision.publish()
        assert len(queued) >= 1  # the send is queued, not run, in the request
        return len(queries)

    publish_queries(1, "warm")  # the first publish also fills Wagtail's caches
    small = publish_queries(10, "small")
    large = publish_queries(10_000, "large")
    assert large == small
    assert Delivery.objects.count() == 0  # deliveries are the worker's job


# The message ----------------------------------------------------------------------------------


def test_each_reader_gets_their_own_unsubscribe_headers_and_one_click_works(
    make_article, django_capture_on_commit_callbacks, outbox, visitor
):
    first, second = make_readers(2)
    publish_and_send(make_article, django_capture_on_commit_callbacks)
    by_reader = {message.to[0]: message for message in outbox}
    links = {}
    for reader in (first, second):
        mime = message_from_bytes(by_reader[reader.email].message().as_bytes(), policy=default)
        assert mime["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert mime["List-Id"].endswith("<newsletter.testserver>")
        link = "".join(str(mime["List-Unsubscribe"]).split()).strip("<>")
        assert link.startswith("http://testserver/newsletter/unsubscribe/")
        links[reader.email] = link
    assert links[first.email] != links[second.email]

    # A mail provider's one-click POST: no cookie, no CSRF token, no Origin.
    path = links[first.email].removeprefix("http://testserver")
    response = visitor.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Subscriber.Status.UNSUBSCRIBED
    assert second.status == Subscriber.Status.ACTIVE


def test_the_email_has_html_and_text_parts_absolute_links_and_no_tracking(
    make_article, django_capture_on_commit_callbacks, outbox, html, newsletter_settings
):
    newsletter_settings.sender_name = "Harbor Light Counseling"
    newsletter_settings.reply_to = "hello@harborlight.example"
    newsletter_settings.postal_address = "12 Quay Street, Portland, ME 04101"
    newsletter_settings.save()
    (reader,) = make_readers(1)
    article = publish_and_send(
        make_article, django_capture_on_commit_callbacks, title="Saying no kindly"
    )
    (message,) = outbox
    assert message.from_email == '"Harbor Light Counseling" <blog@localhost>' or (
        message.from_email == "Harbor Light Counseling <blog@localhost>"
    )
    assert message.reply_to == ["hello@harborlight.example"]
    assert "Saying no kindly" in message.body
    assert f"http://testserver{article.url}" in message.body
    assert "12 Quay Street" in message.body
    assert "988" in message.body  # the crisis lines, in the plain-text part too
    ((html_part, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    page = html(type("R", (), {"content": html_part.encode()}))
    hrefs = [a["href"] for a in page.select("a[href]")]
    own = reader.unsubscribe_token()
    assert f"http://testserver{article.url}" in hrefs
    for href in hrefs:
        # Every link is the article, the home page or the reader's own unsubscribe link:
        # nothing rewritten through a redirector, no tracking parameters.
        assert href.startswith("http://testserver/"), href
        assert "?" not in href and "utm_" not in href, href
        assert href.rstrip("/").endswith(own) or "unsubscribe" not in href
    assert page.select("img") == []  # no picture on this article, and no tracking pixel
    assert "12 Quay Street" in page.get_text()


def test_the_picture_and_its_description_are_in_the_email(
    make_article, django_capture_on_commit_callbacks, outbox, html
):
    from home.demo import demo_image

    make_readers(1)
    picture = demo_image("Harbour", ("#336699", "#99ccff"), seed=2, size=(240, 160))
    publish_and_send(
        make_article,
        django_capture_on_commit_callbacks,
        hero_image=picture,
        hero_alt_text="Boats resting in a calm harbour",
    )
    ((html_part, _),) = outbox[0].alternatives
    (img,) = html(type("R", (), {"content": html_part.encode()})).select("img")
    assert img["alt"] == "Boats resting in a calm harbour"
    assert img["src"].startswith("http://testserver/")


def test_a_test_send_reaches_only_the_staff_member(
    client, owner, make_article, django_capture_on_commit_callbacks, outbox
):
    make_readers(3)
    article = make_article(email_subscribers=False)
    client.force_login(owner)
    response = client.post(f"/admin/newsletter/send/{article.pk}/", {"action": "test"})
    assert response.status_code == 302
    (message,) = outbox
    assert message.to == [owner.email]
    assert message.subject.startswith("[Test] ")
    assert Dispatch.objects.count() == 0
    assert "List-Unsubscribe" not in message.extra_headers


# Delivery: every reader once -----------------------------------------------------------------


@override_settings(PRACTICE_BLOG={"NEWSLETTER_BATCH_SIZE": 4, "NEWSLETTER_PER_SECOND": 0})
def test_a_worker_stopped_between_batches_finishes_after_restart(
    make_article, django_capture_on_commit_callbacks, outbox
):
    readers = make_readers(10)
    make_article()  # queued on commit, not run: we are the worker
    dispatch = only_dispatch()
    assert sending.send_dispatch(dispatch.pk, max_batches=1) == "4 of 10 sent"
    assert len(outbox) == 4
    assert sending.dispatches_needing_a_worker() == [dispatch.pk]  # the tick would requeue it
    sending.send_dispatch(dispatch.pk)
    assert sorted(recipients(outbox)) == sorted(reader.email for reader in readers)
    dispatch.refresh_from_db()
    assert dispatch.status == Dispatch.Status.SENT


@override_settings(PRACTICE_BLOG={"NEWSLETTER_BATCH_SIZE": 5, "NEWSLETTER_PER_SECOND": 0})
def test_a_worker_killed_mid_batch_repeats_at_most_the_message_in_flight(
    make_article, outbox, monkeypatch
):
    readers = make_readers(8)
    make_article()
    dispatch = only_dispatch()
    real_mark_sent = sending.mark_sent
    calls = {"n": 0}

    def killed_after_third_accept(delivery):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the server accepted message 3; the worker died before marking
        real_mark_sent(delivery)

    monkeypatch.setattr(sending, "mark_sent", killed_after_third_accept)
    with pytest.raises(KeyboardInterrupt):
        sending.send_dispatch(dispatch.pk)
    monkeypatch.setattr(sending, "mark_sent", real_mark_sent)

    # Another worker straight away leaves the dead worker's leased rows alone.
    sending.send_dispatch(dispatch.pk)
    assert len(outbox) == 3 + 3
    assert only_dispatch().status == Dispatch.Status.SENDING

    # Once the lease runs out, the rows come back; the tick sees the dispatch needs a worker.
    Delivery.objects.filter(status=Delivery.Status.SENDING).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert sending.dispatches_needing_a_worker() == [dispatch.pk]
    sending.send_dispatch(dispatch.pk)
    sent_to = recipients(outbox)
    assert set(sent_to) == {reader.email for reader in readers}
    repeated = [address for address in set(sent_to) if sent_to.count(address) > 1]
    assert repeated == [readers[2].email]  # only the one in flight at the crash
    assert only_dispatch().status == Dispatch.Status.SENT


def test_a_reader_who_unsubscribes_or_is_deleted_before_their_turn_gets_nothing(
    make_article, outbox
):
    stays, leaves, erased = make_readers(3)
    make_article()
    dispatch = only_dispatch()
    sending.start(dispatch.pk, timezone.now())  # deliveries exist for all three
    Subscriber.objects.filter(pk=leaves.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    erased.delete()
    sending.send_dispatch(dispatch.pk)
    assert recipients(outbox) == [stays.email]
    assert sending.progress(dispatch.pk).summary() == "1 of 2 sent, 1 no longer subscribed"


# Faults ---------------------------------------------------------------------------------------


def test_mail_server_down_loses_nothing_and_doubles_nothing(make_article, outbox, settings):
    readers = make_readers(3)
    make_article()
    dispatch = only_dispatch()
    settings.EMAIL_BACKEND = FAILING_BACKEND
    sending.send_dispatch(dispatch.pk)
    assert outbox == []
    counts = delivery_counts(dispatch)
    assert counts[Delivery.Status.QUEUED] == 3  # all waiting for a retry, none given up
    first = Delivery.objects.order_by("pk").first()
    assert first.attempts == 1 and "SMTPServerDisconnected" in first.last_error
    assert first.next_attempt_at > timezone.now()
    # Untried readers did not lose an attempt to the outage.
    assert list(Delivery.objects.order_by("pk").values_list("attempts", flat=True)) == [1, 0, 0]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sending.send_dispatch(dispatch.pk)
    assert outbox == []  # not due yet: the back-off holds
    Delivery.objects.update(next_attempt_at=timezone.now())
    assert sending.dispatches_needing_a_worker() == [dispatch.pk]
    sending.send_dispatch(dispatch.pk)
    assert sorted(recipients(outbox)) == sorted(reader.email for reader in readers)
    assert only_dispatch().status == Dispatch.Status.SENT


def test_one_refused_address_fails_alone_and_staff_see_why(
    make_article, outbox, settings, client, owner
):
    readers = make_readers(3)
    Subscriber.objects.filter(pk=readers[1].pk).update(email="refuse-me@example.org")
    make_article()
    dispatch = only_dispatch()
    settings.EMAIL_BACKEND = REFUSING_BACKEND
    from practice_blog.newsletter.outbox import MAX_ATTEMPTS

    for _ in range(MAX_ATTEMPTS):
        Delivery.objects.exclude(status=Delivery.Status.SENT).update(next_attempt_at=timezone.now())
        sending.send_dispatch(dispatch.pk)
    assert sorted(recipients(outbox)) == sorted([readers[0].email, readers[2].email])
    assert sending.progress(dispatch.pk).summary() == "2 of 3 sent, 1 failed"
    assert only_dispatch().status == Dispatch.Status.SENT

    client.force_login(owner)
    listing = client.get("/admin/newsletter/dispatch/")
    assert "2 of 3 sent, 1 failed" in listing.content.decode()
    detail = client.get(f"/admin/newsletter/email/{dispatch.pk}/").content.decode()
    assert "refuse-me@example.org" in detail
    assert "SMTPRecipientsRefused" in detail


@override_settings(PRACTICE_BLOG={"NEWSLETTER_BATCH_SIZE": 2, "NEWSLETTER_PER_SECOND": 0})
def test_unpublishing_the_article_stops_sending(make_article, outbox):
    make_readers(5)
    article = make_article()
    dispatch = only_dispatch()
    sending.send_dispatch(dispatch.pk, max_batches=1)
    article.unpublish()
    sending.send_dispatch(dispatch.pk)
    assert len(outbox) == 2
    dispatch.refresh_from_db()
    assert dispatch.status == Dispatch.Status.STOPPED
    assert "not published" in dispatch.stop_reason
    assert sending.dispatches_needing_a_worker() == []


@override_settings(PRACTICE_BLOG={"NEWSLETTER_BATCH_SIZE": 2, "NEWSLETTER_PER_SECOND": 0})
def test_a_cancelled_dispatch_sends_no_more(make_article, outbox, client, owner):
    make_readers(5)
    make_article()
    dispatch = only_dispatch()
    sending.send_dispatch(dispatch.pk, max_batches=1)
    client.force_login(owner)
    response = client.post(f"/admin/newsletter/email/{dispatch.pk}/", {"action": "cancel"})
    assert response.status_code == 302
    sending.send_dispatch(dispatch.pk)
    assert len(outbox) == 2
    dispatch.refresh_from_db()
    assert dispatch.status == Dispatch.Status.CANCELLED
    assert sending.dispatches_needing_a_worker() == []


@override_settings(PRACTICE_BLOG={"NEWSLETTER_BATCH_SIZE": 50, "NEWSLETTER_PER_SECOND": 0})
def test_queries_per_batch_do_not_grow_with_the_list(make_article, outbox):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_one_batch(count, prefix):
        Dispatch.objects.all().delete()
        Subscriber.objects.all().delete()
        make_readers(count, prefix)
        make_article()
        dispatch = only_dispatch()
        sending.start(dispatch.pk, timezone.now())
        with CaptureQueriesContext(connection) as queries:
            sending.send_dispatch(dispatch.pk, max_batches=1)
        return len(queries)

    assert queries_for_one_batch(100, "hundred") == queries_for_one_batch(3000, "thousands")
