"""What happens while a batch is being sent: cancel, unsubscribe, erasure, an expired lease;
and pages readers could not open (no site, private)."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from practice_blog.newsletter import sending
from practice_blog.newsletter.models import Delivery, Dispatch, Subscriber

from .sending_helpers import make_readers, only_dispatch, recipients

pytestmark = pytest.mark.django_db

ONE_BATCH = {"NEWSLETTER_BATCH_SIZE": 10, "NEWSLETTER_PER_SECOND": 0}


def after_messages(monkeypatch, count, action):
    """Run ``action`` once, right after the ``count``-th message is accepted."""
    real = sending.mark_sent
    sent = {"n": 0}

    def mark_then_act(delivery):
        real(delivery)
        sent["n"] += 1
        if sent["n"] == count:
            action()

    monkeypatch.setattr(sending, "mark_sent", mark_then_act)


@override_settings(PRACTICE_BLOG=ONE_BATCH)
def test_cancelling_mid_batch_stops_before_the_next_message(make_article, outbox, monkeypatch):
    make_readers(5)
    make_article()
    dispatch = only_dispatch()
    after_messages(monkeypatch, 2, lambda: sending.cancel(dispatch))
    sending.send_dispatch(dispatch.pk)
    assert len(outbox) == 2
    dispatch.refresh_from_db()
    assert dispatch.status == Dispatch.Status.CANCELLED

    # Sending it again at once: the first worker's leased rows are not sent twice.
    monkeypatch.undo()
    assert sending.schedule(dispatch)
    sending.send_dispatch(dispatch.pk)
    assert len(outbox) == 2  # the rest wait for that lease
    Delivery.objects.filter(status=Delivery.Status.SENDING).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    sending.send_dispatch(dispatch.pk)
    assert len(outbox) == 5
    assert len(set(recipients(outbox))) == 5


@override_settings(PRACTICE_BLOG=ONE_BATCH)
def test_a_reader_who_leaves_mid_batch_is_not_emailed(make_article, outbox, monkeypatch):
    first, leaves, erased, last = make_readers(4)

    def leave_and_erase():
        Subscriber.objects.filter(pk=leaves.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
        erased.delete()

    make_article()
    dispatch = only_dispatch()
    after_messages(monkeypatch, 1, leave_and_erase)
    sending.send_dispatch(dispatch.pk)
    assert recipients(outbox) == [first.email, last.email]
    assert sending.progress(dispatch.pk).summary() == "2 of 3 sent, 1 no longer subscribed"


@override_settings(PRACTICE_BLOG=ONE_BATCH)
def test_a_row_taken_over_after_an_expired_lease_is_sent_once(make_article, outbox, monkeypatch):
    readers = make_readers(4)
    make_article()
    dispatch = only_dispatch()

    def second_worker_takes_over():
        # The first worker stalls past its lease; another worker takes the rest and sends.
        Delivery.objects.filter(status=Delivery.Status.SENDING).update(
            claimed_until=timezone.now() - timedelta(seconds=1)
        )
        monkeypatch.setattr(sending, "mark_sent", real_mark_sent)
        sending.send_dispatch(dispatch.pk)

    real_mark_sent = sending.mark_sent
    after_messages(monkeypatch, 1, second_worker_takes_over)
    sending.send_dispatch(dispatch.pk)
    assert sorted(recipients(outbox)) == sorted(reader.email for reader in readers)
    assert only_dispatch().status == Dispatch.Status.SENT


def test_a_private_article_is_not_emailed(make_article, outbox, django_capture_on_commit_callbacks):
    make_readers(2)
    article = make_article(publish=False)
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="x")
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert Dispatch.objects.count() == 0
    assert outbox == []


def test_a_page_outside_every_site_is_refused_clearly(make_article, client, owner, html):
    from wagtail.models import Page

    make_readers(1)
    article = make_article(email_subscribers=False)
    orphan_parent = Page.get_first_root_node().add_child(instance=Page(title="Loose", slug="loose"))
    article.move(orphan_parent, pos="last-child")
    client.force_login(owner)
    screen = html(client.get(f"/admin/newsletter/send/{article.pk}/")).get_text()
    assert "not part of any website" in screen
    refused = client.post(
        f"/admin/newsletter/send/{article.pk}/", {"action": "send", "when": "now"}
    )
    assert refused.status_code == 302
    assert Dispatch.objects.count() == 0
    test = client.post(f"/admin/newsletter/send/{article.pk}/", {"action": "test"}, follow=True)
    assert "not part of any website" in test.content.decode()
    preview = client.get(f"/admin/newsletter/send/{article.pk}/preview/")
    assert preview.status_code == 409

    # A dispatch made before the move stops with the reason instead of failing every minute.
    dispatch = Dispatch.objects.create(
        kind="article", page=article, subject="x", status="scheduled", send_after=timezone.now()
    )
    sending.send_dispatch(dispatch.pk)
    dispatch.refresh_from_db()
    assert dispatch.status == Dispatch.Status.STOPPED
    assert "not part of any website" in dispatch.stop_reason
    assert sending.dispatches_needing_a_worker() == []


def test_staff_who_may_only_look_cannot_send_or_cancel(client, make_article, django_user_model):
    from django.contrib.auth.models import Permission

    make_readers(1)
    make_article()
    dispatch = only_dispatch()
    viewer = django_user_model.objects.create_user("vera-viewer", "v@example.com", "pw-123456789")
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_dispatch"),
    )
    client.force_login(viewer)
    assert client.get(f"/admin/newsletter/email/{dispatch.pk}/").status_code == 200
    for action in ("cancel", "send", "test"):
        response = client.post(f"/admin/newsletter/email/{dispatch.pk}/", {"action": action})
        assert response.status_code in (302, 403) and response.get("Location") != (
            f"/admin/newsletter/email/{dispatch.pk}/"
        )
    dispatch.refresh_from_db()
    assert dispatch.status == Dispatch.Status.SCHEDULED


def test_sending_an_article_needs_the_right_to_publish_it(client, make_article, django_user_model):
    from django.contrib.auth.models import Permission

    article = make_article(email_subscribers=False)
    sender = django_user_model.objects.create_user("sam-sender", "s@example.com", "pw-123456789")
    sender.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_dispatch"),
        Permission.objects.get(codename="view_dispatch"),
    )
    client.force_login(sender)
    response = client.post(f"/admin/newsletter/send/{article.pk}/", {"action": "test"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Dispatch.objects.count() == 0


def test_a_mail_server_outage_is_shown_on_the_email_screen(
    make_article, settings, client, owner, html
):
    make_readers(2)
    make_article()
    dispatch = only_dispatch()
    settings.EMAIL_BACKEND = "tests.newsletter.failing_backend.FailingEmailBackend"
    sending.send_dispatch(dispatch.pk)
    client.force_login(owner)
    text = html(client.get(f"/admin/newsletter/email/{dispatch.pk}/")).get_text()
    assert "The mail server could not be reached" in text
    assert "SMTPServerDisconnected" in text
    assert "0 of 2 sent" in text
    # A second outage in a row waits longer before the next try.
    first_wait = Delivery.objects.order_by("pk").first().next_attempt_at
    Delivery.objects.update(next_attempt_at=timezone.now())
    sending.send_dispatch(dispatch.pk)
    assert Delivery.objects.order_by("pk").first().next_attempt_at - timezone.now() > (
        first_wait - timezone.now() + timedelta(minutes=10)
    )


def test_an_email_that_cannot_be_prepared_stops_with_the_reason(make_article, monkeypatch):
    make_readers(2)
    make_article()
    dispatch = only_dispatch()

    def broken(dispatch):
        raise RuntimeError("a template is missing")

    monkeypatch.setattr(sending, "dispatch_content", broken)
    sending.send_dispatch(dispatch.pk)
    dispatch.refresh_from_db()
    assert dispatch.status == Dispatch.Status.STOPPED
    assert "a template is missing" in dispatch.stop_reason
    assert sending.dispatches_needing_a_worker() == []  # not retried every minute


def test_a_mail_server_that_keeps_failing_stops_the_email_after_a_few_tries(make_article, settings):
    from practice_blog.newsletter.outbox import MAX_ATTEMPTS

    make_readers(2)
    make_article()
    dispatch = only_dispatch()
    settings.EMAIL_BACKEND = "tests.newsletter.failing_backend.FailingEmailBackend"
    for _ in range(MAX_ATTEMPTS):
        Delivery.objects.update(next_attempt_at=timezone.now())
        sending.send_dispatch(dispatch.pk)
    dispatch.refresh_from_db()
    assert dispatch.status == Dispatch.Status.STOPPED
    assert "failed 6 times in a row" in dispatch.stop_reason
    # Readers who never got it are still waiting, so sending again reaches them.
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 0


def test_a_task_out_of_time_gives_the_rest_of_its_batch_back(
    make_article, outbox, django_capture_on_commit_callbacks
):
    make_readers(3)
    make_article()
    dispatch = only_dispatch()
    with django_capture_on_commit_callbacks() as queued:
        sending.send_dispatch(dispatch.pk, seconds=1e-9)
    assert outbox == []
    assert set(Delivery.objects.values_list("status", "attempts")) == {("queued", 0)}
    assert len(queued) == 1  # the task queued itself again for the rest


def test_an_article_sent_in_a_digest_is_not_emailed_again_on_its_own(
    newsletter_settings, make_article, client, owner, outbox
):
    from practice_blog.newsletter import digests

    newsletter_settings.send_mode = "weekly"
    newsletter_settings.save()
    make_readers(1)
    article = make_article(title="In the digest")
    from wagtail.models import Page

    Page.objects.filter(pk=article.pk).update(first_published_at=timezone.now() - timedelta(days=2))
    digests.create_due_digests()
    digest = Dispatch.objects.get()
    assert sending.schedule(digest)
    sending.send_dispatch(digest.pk)
    assert len(outbox) == 1
    client.force_login(owner)
    client.post(f"/admin/newsletter/send/{article.pk}/", {"action": "send", "when": "now"})
    assert Dispatch.objects.filter(kind="article").count() == 0


def test_a_digest_leaves_out_an_article_that_went_out_on_its_own_meanwhile(
    newsletter_settings, make_article, outbox
):
    from wagtail.models import Page

    from practice_blog.newsletter import digests

    newsletter_settings.send_mode = "weekly"
    newsletter_settings.save()
    make_readers(1)
    alone = make_article(title="Sent alone")
    other = make_article(title="Only in the digest")
    Page.objects.filter(pk__in=[alone.pk, other.pk]).update(
        first_published_at=timezone.now() - timedelta(days=2)
    )
    digests.create_due_digests()
    digest = Dispatch.objects.get()
    single = sending.create_article_dispatch(alone, alone.get_site())
    sending.send_dispatch(single.pk)
    outbox.clear()
    sending.schedule(digest)
    sending.send_dispatch(digest.pk)
    ((html_part, _),) = outbox[0].alternatives
    assert "Only in the digest" in html_part and "Sent alone" not in html_part
