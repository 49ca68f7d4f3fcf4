"""The reader comment screens: the lists, one comment, moderation, the practice's reply, export,
erasure, the menu's counts and the dashboard panel."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.admin.menu import admin_menu
from wagtail.models import ModelLogEntry, Site

from practice_blog.comments.models import CannedReply, ReaderComment
from practice_blog.core import memo

Status = ReaderComment.Status
XSS = '<script>alert("hi")</script><b>bold</b>'


def add_comment(page, body="Thank you for this.", *, minutes_ago=0, **fields):
    """A reader's comment, held for review unless ``status`` says otherwise (the conftest's
    ``make_comment`` makes approved ones)."""
    fields.setdefault("status", Status.HELD)
    fields.setdefault("display_name", "Sam")
    fields.setdefault("email", "sam@example.com")
    return ReaderComment.objects.create(
        page=page,
        body=body,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
        **fields,
    )


def list_url(key=None):
    return reverse("reader_comments:list", args=[key] if key else [])


def detail_url(comment):
    return reverse("reader_comments:detail", args=[comment.pk])


def moderate_url(comment, action):
    return reverse("reader_comments:moderate", args=[comment.pk, action])


def listed_names(soup):
    return [
        row.select("td")[1].get_text(strip=True) for row in soup.select("table.listing tbody tr")
    ]


# --- The lists ------------------------------------------------------------------------------


def test_waiting_list_shows_urgent_first_then_oldest(client, editor, article, html):
    add_comment(article, display_name="Newer", minutes_ago=5)
    add_comment(article, display_name="Oldest", minutes_ago=50)
    add_comment(article, display_name="Urgent new", is_urgent=True, minutes_ago=1)
    add_comment(
        article,
        display_name="Urgent unconfirmed",
        is_urgent=True,
        status=Status.UNCONFIRMED,
        minutes_ago=2,
    )
    add_comment(article, display_name="Not yet confirmed", status=Status.UNCONFIRMED)
    add_comment(article, display_name="Done", status=Status.APPROVED)
    client.force_login(editor)
    soup = html(client.get(list_url()))
    assert listed_names(soup) == ["Urgent unconfirmed", "Urgent new", "Oldest", "Newer"]
    assert listed_names(html(client.get(list_url("held")))) == listed_names(soup)
    urgent = html(client.get(list_url("urgent")))
    assert listed_names(urgent) == ["Urgent unconfirmed", "Urgent new"]


@pytest.mark.parametrize("status", ["approved", "rejected", "spam"])
def test_finished_lists_hold_their_status_urgent_then_newest_first(
    client, editor, article, html, status
):
    add_comment(article, display_name="Old urgent", status=status, is_urgent=True, minutes_ago=60)
    add_comment(article, display_name="Old", status=status, minutes_ago=30)
    add_comment(article, display_name="New", status=status, minutes_ago=1)
    add_comment(article, display_name="Waiting")
    client.force_login(editor)
    assert listed_names(html(client.get(list_url(status)))) == ["Old urgent", "New", "Old"]


def test_rows_mark_urgent_unconfirmed_and_practice_replies(client, editor, article, html):
    parent = add_comment(article, display_name="Reader", status=Status.APPROVED, minutes_ago=9)
    add_comment(
        article,
        display_name="The practice",
        email="",
        status=Status.APPROVED,
        parent=parent,
        is_practice_reply=True,
    )
    add_comment(article, display_name="Worried", is_urgent=True, status=Status.UNCONFIRMED)
    client.force_login(editor)
    waiting = html(client.get(list_url()))
    row = waiting.select_one("table.listing tbody tr")
    markers = [tag.get_text(strip=True) for tag in row.select(".w-status")]
    assert markers == ["Urgent", "Not confirmed yet"]
    assert row.select_one(f'a[href="{article.url}"]').get_text() == article.title
    approved = html(client.get(list_url("approved")))
    first = approved.select_one("table.listing tbody tr")
    assert [tag.get_text(strip=True) for tag in first.select(".w-status")] == [
        "Reply from the practice"
    ]
    assert "In reply to Reader" in first.get_text()


def test_a_page_that_is_not_live_is_not_linked(client, editor, make_article, html):
    draft = make_article("A draft", publish=False)
    add_comment(draft)
    client.force_login(editor)
    row = html(client.get(list_url())).select_one("table.listing tbody tr")
    page_cell = row.select("td")[2]
    assert page_cell.select("a") == []
    assert "A draft" in page_cell.get_text() and "not live" in page_cell.get_text()


def test_empty_lists_say_what_they_hold_and_that_nothing_waits(client, editor, article, html):
    add_comment(article, status=Status.APPROVED)
    client.force_login(editor)
    soup = html(client.get(list_url()))
    assert soup.select("table.listing") == []
    text = soup.get_text(" ", strip=True)
    assert "Nothing is waiting for review." in text
    assert "Comments a person reads before they can appear on the site" in text
    assert "No urgent comment is waiting." in html(client.get(list_url("urgent"))).get_text()


def test_search_finds_names_and_words_in_the_comment(client, editor, article, html):
    add_comment(article, display_name="Maya", body="About anxiety at night.")
    add_comment(article, display_name="Jo", body="Thanks for writing about maya's story.")
    add_comment(article, display_name="Ali", body="Something else.")
    client.force_login(editor)
    assert sorted(listed_names(html(client.get(list_url(), {"q": "maya"})))) == ["Jo", "Maya"]
    soup = html(client.get(list_url(), {"q": "nobody"}))
    assert "No comment in this list matches “nobody”." in soup.get_text()


def test_lists_show_fifty_comments_a_page(client, editor, article, html):
    ReaderComment.objects.bulk_create(
        ReaderComment(
            page=article,
            display_name=f"Reader {n}",
            email="r@example.com",
            body="Hello",
            status=Status.HELD,
            created_at=timezone.now() - timedelta(minutes=n),
        )
        for n in range(55)
    )
    client.force_login(editor)
    first = html(client.get(list_url()))
    assert len(first.select("table.listing tbody tr")) == 50
    assert first.select_one('nav.pagination a[href="?p=2"]')
    assert len(html(client.get(list_url(), {"p": 2})).select("table.listing tbody tr")) == 5


def test_a_list_reads_the_same_number_of_queries_however_long_it_is(
    client, editor, article, make_article, django_assert_max_num_queries
):
    other = make_article("Endings")
    for number in range(3):
        add_comment(article if number % 2 else other, parent=None, is_urgent=number == 1)
    client.force_login(editor)
    client.get(list_url())  # the first request warms the session and the site root paths
    with CaptureQueriesContext(connection) as few:
        client.get(list_url())
    for number in range(30):
        add_comment(article if number % 2 else other, is_urgent=number % 5 == 0)
    with django_assert_max_num_queries(len(few)):
        client.get(list_url())


def test_comment_text_is_always_shown_escaped(client, editor, article, html):
    comment = add_comment(article, XSS, display_name="<i>Name</i>", is_urgent=True)
    comment.matched_phrases = ["<em>phrase</em>"]
    comment.save()
    client.force_login(editor)
    for url in (list_url(), detail_url(comment), moderate_url(comment, "approve")):
        response = client.get(url)
        content = response.content.decode()
        assert '<script>alert("hi")' not in content, url
        assert "<b>bold</b>" not in content and "<i>Name</i>" not in content, url
        assert "&lt;script&gt;" in content, url
    detail = client.get(detail_url(comment)).content.decode()
    assert "<em>phrase</em>" not in detail and "&lt;em&gt;phrase&lt;/em&gt;" in detail


# --- One comment ----------------------------------------------------------------------------


def test_detail_shows_the_whole_comment_and_what_staff_need(client, editor, article, html):
    body = "First line.\nI do not want to be here any more. " + "More words. " * 30
    comment = add_comment(
        article,
        body,
        is_urgent=True,
        matched_phrases=["want to be here any more"],
        hold_reason="It may show the writer is at risk.",
        email="worried@example.com",
    )
    client.force_login(editor)
    soup = html(client.get(detail_url(comment)))
    quote = soup.select_one("blockquote.reader-comment-body")
    assert quote.select("br") and "More words. " * 29 in quote.get_text()
    note = soup.select_one(".help-warning").get_text(" ", strip=True)
    assert "It may show the writer is at risk. It is not published" in note
    assert "Consider whether to contact them at worried@example.com" in note
    assert "“want to be here any more”" in note
    facts = soup.select_one("dl.reader-comment-facts").get_text(" ", strip=True)
    for expected in ("Waiting for review", "Not confirmed yet", "Why it waits", "Not yet"):
        assert expected in facts
    assert soup.select_one('a[href="mailto:worried@example.com"]')
    buttons = [b.get_text(strip=True) for b in soup.select("form button[type=submit]")]
    assert buttons == ["Approve", "Reject", "Mark as spam"]
    delete = soup.select_one("a.button.no")
    assert delete["href"].startswith(moderate_url(comment, "delete"))


def test_detail_says_who_moderated_and_lists_the_replies(client, editor, owner, article, html):
    comment = add_comment(article, status=Status.APPROVED, confirmed_at=timezone.now())
    comment.moderated_by, comment.moderated_at = owner, timezone.now()
    comment.save()
    add_comment(article, "A reader's answer.", display_name="Kim", parent=comment)
    client.force_login(editor)
    soup = html(client.get(detail_url(comment)))
    facts = soup.select_one("dl.reader-comment-facts").get_text(" ", strip=True)
    assert "by olivia-owner" in facts and "Yes," in facts
    replies = soup.select_one("#reader-comment-replies").find_parent("section")
    assert "Kim" in replies.get_text() and "A reader's answer." in replies.get_text()
    buttons = [b.get_text(strip=True) for b in soup.select("form button[type=submit]")]
    assert "Approve" not in buttons and "Reject" in buttons


def test_an_unknown_comment_is_not_found(client, editor, db):
    client.force_login(editor)
    assert client.get(reverse("reader_comments:detail", args=[999999])).status_code == 404
    assert client.get("/admin/reader-comments/1/explode/").status_code == 404


# --- Moderation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action, status",
    [("approve", Status.APPROVED), ("reject", Status.REJECTED), ("spam", Status.SPAM)],
)
def test_each_action_changes_the_status_and_goes_back_to_the_list(
    client, editor, article, action, status
):
    comment = add_comment(article)
    client.force_login(editor)
    response = client.post(moderate_url(comment, action), {"next": list_url("urgent")})
    assert response.status_code == 302
    assert response["Location"] == list_url("urgent")
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.moderated_by == editor and comment.moderated_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "Comment" in page and "success" in page


def test_delete_asks_first_then_deletes_the_comment_and_its_replies(client, editor, article, html):
    comment = add_comment(article, status=Status.APPROVED)
    add_comment(article, parent=comment)
    client.force_login(editor)
    ask = html(client.get(moderate_url(comment, "delete"), {"next": list_url("approved")}))
    assert "Delete this comment for good?" in ask.get_text()
    assert ask.select_one("input[name=next]")["value"] == list_url("approved")
    response = client.post(moderate_url(comment, "delete"), {"next": list_url("approved")})
    assert response["Location"] == list_url("approved")
    assert not ReaderComment.objects.exists()


@pytest.mark.parametrize("action", ["approve", "reject", "spam", "delete"])
def test_get_on_an_action_changes_nothing(client, editor, article, action):
    comment = add_comment(article)
    client.force_login(editor)
    response = client.get(moderate_url(comment, action))
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.status == Status.HELD and comment.moderated_at is None


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:1"])
def test_a_next_address_off_this_site_is_ignored(client, editor, article, target):
    comment = add_comment(article)
    client.force_login(editor)
    response = client.post(moderate_url(comment, "reject"), {"next": target})
    assert response["Location"] == list_url()


def test_approving_refreshes_every_page_cache(
    client, editor, article, django_capture_on_commit_callbacks
):
    comment = add_comment(article)
    client.force_login(editor)
    before = memo.read_version()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(moderate_url(comment, "approve"))
    assert memo.read_version() != before


def test_an_unconfirmed_comment_cannot_be_approved(client, editor, article, html):
    comment = add_comment(article, status=Status.UNCONFIRMED, is_urgent=True)
    client.force_login(editor)
    response = client.post(moderate_url(comment, "approve"), follow=True)
    assert response.status_code == 200
    assert "has not confirmed their email address yet" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.UNCONFIRMED


def test_a_reply_under_a_comment_that_is_not_shown_is_refused_with_a_message(
    client, editor, article
):
    parent = add_comment(article, status=Status.APPROVED)
    reply = add_comment(article, parent=parent)
    parent.status = Status.REJECTED
    parent.save()
    client.force_login(editor)
    response = client.post(moderate_url(reply, "approve"), follow=True)
    assert response.status_code == 200
    assert "Approve the comment it answers first." in response.content.decode()
    reply.refresh_from_db()
    assert reply.status == Status.HELD


# --- The practice's reply -------------------------------------------------------------------


def test_the_practice_replies_under_an_approved_comment(client, editor, article, html):
    comment = add_comment(article, status=Status.APPROVED)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Calm Waters Counselling"
    site.save()
    client.force_login(editor)
    form = html(client.get(detail_url(comment))).select_one("#reader-comment-reply")
    form = form.find_parent("section")
    assert form.select_one("input[name=display_name]")["value"] == "Calm Waters Counselling"
    response = client.post(
        detail_url(comment), {"display_name": "Dr Okafor", "body": "Thank you for writing."}
    )
    assert response.status_code == 302
    reply = ReaderComment.objects.get(parent=comment)
    assert (reply.status, reply.is_practice_reply, reply.written_by) == (
        Status.APPROVED,
        True,
        editor,
    )
    assert (reply.display_name, reply.body) == ("Dr Okafor", "Thank you for writing.")
    replies = html(client.get(response["Location"])).select_one("#reader-comment-replies")
    section = replies.find_parent("section").get_text()
    assert "Thank you for writing." in section and "Reply from the practice" in section


def test_the_reply_name_defaults_to_the_practice(client, editor, article, html):
    Site.objects.update(site_name="")
    comment = add_comment(article, status=Status.APPROVED)
    client.force_login(editor)
    soup = html(client.get(detail_url(comment)))
    assert soup.select_one("input[name=display_name]")["value"] == "The practice"


def test_an_empty_reply_shows_the_form_again_with_its_error(client, editor, article, html):
    comment = add_comment(article, status=Status.APPROVED)
    client.force_login(editor)
    soup = html(client.post(detail_url(comment), {"display_name": "Us", "body": "   "}))
    assert "Write a reply before sending." in soup.get_text()
    assert not ReaderComment.objects.filter(parent=comment).exists()


@pytest.mark.parametrize("status", [Status.HELD, Status.REJECTED])
def test_a_reply_to_a_comment_that_is_not_approved_is_refused_with_a_message(
    client, editor, article, html, status
):
    comment = add_comment(article, status=status)
    client.force_login(editor)
    assert html(client.get(detail_url(comment))).select("#reader-comment-reply") == []
    response = client.post(
        detail_url(comment), {"display_name": "Us", "body": "Hello"}, follow=True
    )
    assert response.status_code == 200
    assert "The reply was not sent" in response.content.decode()
    assert not ReaderComment.objects.filter(parent=comment).exists()


def test_a_canned_reply_fills_the_reply_box_without_javascript(client, editor, article, html):
    comment = add_comment(article, status=Status.APPROVED)
    canned = CannedReply.objects.create(title="Not advice", text="We cannot advise <here>.")
    client.force_login(editor)
    soup = html(client.get(detail_url(comment)))
    choice = soup.select_one("select[name=canned]")
    assert str(canned.pk) in [option.get("value") for option in choice.select("option")]
    assert choice.find_parent("form")["method"] == "get"
    assert choice.find_parent("form").select_one("button").get_text() == "Use this reply"
    filled = html(client.get(detail_url(comment), {"canned": canned.pk}))
    assert filled.select_one("textarea[name=body]").get_text().strip() == "We cannot advise <here>."
    unknown = html(client.get(detail_url(comment), {"canned": "nope"}))
    assert unknown.select_one("textarea[name=body]").get_text().strip() == ""


# --- Export ---------------------------------------------------------------------------------


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def export_url(**params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("reader_comments:export") + (f"?{query}" if query else "")


def test_the_export_has_every_column_and_is_in_the_audit_log(client, owner, article):
    comment = add_comment(article, "=HYPERLINK(1)", status=Status.APPROVED, is_urgent=True)
    add_comment(article, "Waiting", display_name="Kim")
    client.force_login(owner)
    assert client.get(export_url()).status_code == 200  # the form
    response = client.get(export_url(status="approved", format="csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="reader-comments-approved-' in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header == [
        "Written (UTC)",
        "Page",
        "Page address",
        "Status",
        "Urgent",
        "Name",
        "Email",
        "Comment",
        "Email confirmed at (UTC)",
        "Moderated at (UTC)",
        "Reply from the practice",
    ]
    assert len(rows) == 1
    assert rows[0][1:8] == [
        article.title,
        article.full_url,
        "Approved",
        "Yes",
        "Sam",
        "sam@example.com",
        "'=HYPERLINK(1)",
    ]
    assert rows[0][10] == "No"
    entry = ModelLogEntry.objects.get(action="practice_blog_comments.export")
    assert entry.user == owner
    assert entry.data == {"format": "csv", "comments": "Approved", "rows": 1}
    assert entry.message == "Exported 1 reader comments (Approved) as CSV"
    assert comment.pk


def test_the_whole_export_as_excel(client, owner, article):
    add_comment(article, "One")
    add_comment(article, "Two", status=Status.SPAM)
    client.force_login(owner)
    response = client.get(export_url(format="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sorted(row[7] for row in rows[1:]) == ["One", "Two"]
    assert ModelLogEntry.objects.get(action="practice_blog_comments.export").data["rows"] == 2


def test_a_bad_export_choice_downloads_nothing(client, owner, article):
    client.force_login(owner)
    assert client.get(export_url(format="pdf")).status_code == 400
    assert client.get(export_url(status="everything", format="csv")).status_code == 400
    assert not ModelLogEntry.objects.filter(action="practice_blog_comments.export").exists()


# --- Erasure --------------------------------------------------------------------------------


def test_erasing_a_reader_shows_what_goes_then_deletes_only_their_comments(
    client, owner, article, make_article, html
):
    other_page = make_article("Endings")
    theirs = add_comment(article, email="Leave.Me@example.com", status=Status.APPROVED)
    add_comment(article, parent=theirs, display_name="Practice", email="", is_practice_reply=True)
    add_comment(other_page, email="leave.me@example.com")
    kept = add_comment(article, email="someone.else@example.com")
    client.force_login(owner)
    preview = html(client.post(reverse("reader_comments:erase"), {"email": "leave.me@example.com"}))
    text = preview.get_text(" ", strip=True)
    assert "deletes 2 comments" in text and "1 reply under them" in text
    pages = [li.get_text(strip=True) for li in preview.select(".reader-comments-erase-pages li")]
    assert pages == ["Endings: 1 comment", f"{article.title}: 1 comment"]
    assert ReaderComment.objects.count() == 4  # the preview deleted nothing
    confirm = preview.select_one("form button.no").find_parent("form")
    data = {field["name"]: field["value"] for field in confirm.select("input[type=hidden]")}
    response = client.post(reverse("reader_comments:erase"), data, follow=True)
    assert "Erased 2 comments written from that address." in response.content.decode()
    assert list(ReaderComment.objects.all()) == [kept]
    entry = ModelLogEntry.objects.get(action="practice_blog_comments.erase")
    assert entry.data == {"count": 2}
    assert entry.message == "Erased 2 reader comments written from one address"
    stored = json.dumps([entry.data, entry.label, entry.content_changed, str(entry)]).lower()
    assert "leave.me" not in stored


def test_erasing_an_address_without_comments_changes_nothing(client, owner, article, html):
    add_comment(article)
    client.force_login(owner)
    preview = html(client.post(reverse("reader_comments:erase"), {"email": "no@example.com"}))
    assert "nothing to erase" in preview.get_text()
    bad = client.post(reverse("reader_comments:erase"), {"email": "not an address"})
    assert bad.status_code == 400
    response = client.post(
        reverse("reader_comments:erase"), {"email": "no@example.com", "confirm": "True"}
    )
    assert response.status_code == 302
    assert ReaderComment.objects.count() == 1
    assert not ModelLogEntry.objects.filter(action="practice_blog_comments.erase").exists()


# --- Menu and dashboard ---------------------------------------------------------------------


def test_the_menu_shows_what_waits_with_one_query(editor, article):
    add_comment(article, is_urgent=True)
    add_comment(article, is_urgent=True, status=Status.UNCONFIRMED)
    add_comment(article)
    add_comment(article, status=Status.APPROVED)
    editor.has_perm("x")  # read the permissions before counting
    request = RequestFactory().get("/admin/")
    request.user = editor
    item = next(
        i for i in admin_menu.menu_items_for_request(request) if i.name == "reader-comments"
    )
    with CaptureQueriesContext(connection) as queries:
        component = item.render_component(request)
    assert len(queries) == 1
    labels = [child.label for child in component.menu_items]
    assert labels[:5] == ["Urgent (2)", "Waiting for review (3)", "Approved", "Rejected", "Spam"]


def test_the_sidebar_carries_the_counts(client, editor, article):
    add_comment(article, is_urgent=True)
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert "Urgent (1)" in response.content.decode()
    assert "Waiting for review (1)" in response.content.decode()


def test_the_dashboard_names_urgent_comments_first(client, editor, article, html):
    urgent = add_comment(article, is_urgent=True)
    add_comment(article)
    add_comment(article)
    client.force_login(editor)
    panel = html(client.get(reverse("wagtailadmin_home"))).select_one(
        "#reader-comments-waiting-content"
    )
    text = panel.get_text(" ", strip=True)
    assert text.index("1 urgent comment") < text.index("3 reader comments wait for review")
    assert panel.select_one(f'a[href="{detail_url(urgent)}"]')
    assert panel.select_one(f'a[href="{list_url("urgent")}"]')


def test_the_dashboard_is_quiet_when_nothing_waits(client, editor, article, html):
    add_comment(article, status=Status.APPROVED)
    client.force_login(editor)
    soup = html(client.get(reverse("wagtailadmin_home")))
    assert "wait for review" not in soup.get_text()


def test_a_page_with_urgent_comments_nobody_acted_on_is_not_deleted(client, owner, html):
    from django.utils import timezone
    from wagtail.models import Page

    from practice_blog.comments.models import ReaderComment
    from practice_blog.comments.moderation import reject

    home = Page.objects.get(depth=2)
    page = home.add_child(instance=Page(title="About us", slug="about-us-urgent"))
    comment = ReaderComment.objects.create(
        page=page,
        display_name="A reader",
        email="reader@example.org",
        body="I want to die.",
        status="unconfirmed",
        is_urgent=True,
        created_at=timezone.now(),
    )
    client.force_login(owner)
    delete_url = reverse("wagtailadmin_pages:delete", args=[page.pk])
    response = client.post(delete_url, follow=True)
    assert Page.objects.filter(pk=page.pk).exists()
    assert "urgent reader comment(s)" in html(response).get_text()
    assert response.redirect_chain[-1][0] == reverse("reader_comments:list", args=["urgent"])

    # Nor several at once from a listing.
    bulk_url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        + f"?id={page.pk}&next=/admin/pages/{home.pk}/"
    )
    client.post(bulk_url)
    assert Page.objects.filter(pk=page.pk).exists()

    reject(comment, owner)
    client.post(delete_url)
    assert not Page.objects.filter(pk=page.pk).exists()
