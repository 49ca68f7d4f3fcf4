"""Who may open which reader comment screen: anonymous visitors log in first, staff with no
group are refused everywhere, Editors moderate and reply, Practice owners do everything."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import admin_menu
from wagtail.models import ModelLogEntry

from practice_blog.comments.models import CannedReply, ReaderComment, RiskPhrase

from .test_admin import add_comment

Status = ReaderComment.Status
MODERATORS = "moderators"  # Editors and Practice owners
OWNERS = "owners"  # Practice owners only

# (screen, who may open it, how to build its address from the rows)
SCREENS = [
    ("waiting list", MODERATORS, lambda r: reverse("reader_comments:list")),
    *(
        (f"{key} list", MODERATORS, lambda r, key=key: reverse("reader_comments:list", args=[key]))
        for key in ("urgent", "held", "approved", "rejected", "spam")
    ),
    ("detail", MODERATORS, lambda r: reverse("reader_comments:detail", args=[r["comment"]])),
    *(
        (
            f"{action} question",
            MODERATORS,
            lambda r, action=action: reverse(
                "reader_comments:moderate", args=[r["comment"], action]
            ),
        )
        for action in ("approve", "reject", "spam", "delete")
    ),
    ("canned replies", MODERATORS, lambda r: reverse("reader_comments_canned_replies:index")),
    (
        "a canned reply",
        MODERATORS,
        lambda r: reverse("reader_comments_canned_replies:inspect", args=[r["canned"]]),
    ),
    ("new canned reply", OWNERS, lambda r: reverse("reader_comments_canned_replies:add")),
    (
        "edit canned reply",
        OWNERS,
        lambda r: reverse("reader_comments_canned_replies:edit", args=[r["canned"]]),
    ),
    (
        "delete canned reply",
        OWNERS,
        lambda r: reverse("reader_comments_canned_replies:delete", args=[r["canned"]]),
    ),
    ("risk phrases", OWNERS, lambda r: reverse("reader_comments_risk_phrases:index")),
    ("new risk phrase", OWNERS, lambda r: reverse("reader_comments_risk_phrases:add")),
    (
        "edit risk phrase",
        OWNERS,
        lambda r: reverse("reader_comments_risk_phrases:edit", args=[r["phrase"]]),
    ),
    ("export form", OWNERS, lambda r: reverse("reader_comments:export")),
    ("export file", OWNERS, lambda r: reverse("reader_comments:export") + "?format=csv"),
    ("erase form", OWNERS, lambda r: reverse("reader_comments:erase")),
    (
        "settings",
        OWNERS,
        lambda r: reverse(
            "wagtailsettings:edit", args=["practice_blog_comments", "commentsettings"]
        ),
    ),
]
SCREEN_IDS = [screen[0] for screen in SCREENS]


@pytest.fixture
def rows(article):
    return {
        "comment": add_comment(article).pk,
        "canned": CannedReply.objects.create(title="Thanks", text="Thank you.").pk,
        "phrase": RiskPhrase.objects.create(phrase="a phrase for this test").pk,
    }


def assert_refused(client, response, what):
    """Wagtail's refusal: back to the dashboard with "no permission" (or a plain 403)."""
    if response.status_code == 403:
        return
    assert response.status_code == 302, what
    assert response["Location"] == reverse("wagtailadmin_home"), what
    dashboard = client.get(response["Location"]).content.decode()
    assert "do not have permission" in dashboard, what


@pytest.mark.parametrize("screen, allowed, url_of", SCREENS, ids=SCREEN_IDS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, rows, screen, allowed, url_of):
    response = client.get(url_of(rows))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("screen, allowed, url_of", SCREENS, ids=SCREEN_IDS)
def test_staff_without_a_group_are_refused(client, rows, no_group_staff, screen, allowed, url_of):
    client.force_login(no_group_staff)
    assert_refused(client, client.get(url_of(rows)), screen)


@pytest.mark.parametrize("screen, allowed, url_of", SCREENS, ids=SCREEN_IDS)
def test_editors_open_the_moderation_screens_only(client, rows, editor, screen, allowed, url_of):
    client.force_login(editor)
    response = client.get(url_of(rows), follow=allowed == MODERATORS)
    if allowed == MODERATORS:
        assert response.status_code == 200, screen
        # Wagtail's "no permission" answer is a redirect to the dashboard (also a 200).
        assert reverse("wagtailadmin_home") not in [url for url, _ in response.redirect_chain]
    else:
        assert_refused(client, response, screen)


@pytest.mark.parametrize("screen, allowed, url_of", SCREENS, ids=SCREEN_IDS)
def test_practice_owners_open_every_screen(client, rows, owner, screen, allowed, url_of):
    client.force_login(owner)
    response = client.get(url_of(rows), follow=True)
    assert response.status_code == 200, screen
    assert reverse("wagtailadmin_home") not in [url for url, _ in response.redirect_chain]


def post_screens(rows):
    comment = rows["comment"]
    return {
        "approve": reverse("reader_comments:moderate", args=[comment, "approve"]),
        "delete": reverse("reader_comments:moderate", args=[comment, "delete"]),
        "reply": reverse("reader_comments:detail", args=[comment]),
    }


@pytest.mark.parametrize("action", ["approve", "delete", "reply"])
def test_staff_without_a_group_change_nothing(client, rows, no_group_staff, action):
    client.force_login(no_group_staff)
    data = {"display_name": "Us", "body": "Hello"}
    assert_refused(client, client.post(post_screens(rows)[action], data), action)
    assert list(ReaderComment.objects.values_list("status", flat=True)) == [Status.HELD]


def test_editors_can_neither_export_nor_erase(client, rows, editor):
    client.force_login(editor)
    assert_refused(client, client.get(reverse("reader_comments:export"), {"format": "csv"}), "x")
    erase = reverse("reader_comments:erase")
    assert_refused(client, client.post(erase, {"email": "sam@example.com"}), "preview")
    data = {"email": "sam@example.com", "confirm": "True"}
    assert_refused(client, client.post(erase, data), "erase")
    assert ReaderComment.objects.count() == 1
    assert not ModelLogEntry.objects.filter(action__startswith="practice_blog_comments.").exists()


def test_editors_cannot_change_canned_replies_or_risk_phrases(client, rows, editor):
    client.force_login(editor)
    add = reverse("reader_comments_canned_replies:add")
    assert_refused(client, client.post(add, {"title": "New", "text": "Hi"}), "add")
    delete = reverse("reader_comments_canned_replies:delete", args=[rows["canned"]])
    assert_refused(client, client.post(delete), "delete")
    edit = reverse("reader_comments_risk_phrases:edit", args=[rows["phrase"]])
    assert_refused(client, client.post(edit, {"phrase": "changed"}), "edit phrase")
    assert CannedReply.objects.filter(pk=rows["canned"]).exists()
    assert not CannedReply.objects.filter(title="New").exists()
    assert RiskPhrase.objects.get(pk=rows["phrase"]).phrase == "a phrase for this test"


def test_practice_owners_add_a_risk_phrase_with_its_help_text(client, rows, owner, html):
    client.force_login(owner)
    add = reverse("reader_comments_risk_phrases:add")
    form = html(client.get(add)).get_text(" ", strip=True)
    assert "Capitals, apostrophes and word endings do not matter." in form
    response = client.post(add, {"phrase": "no way out", "group": "Trapped", "is_active": "on"})
    assert response.status_code == 302
    assert RiskPhrase.objects.filter(phrase="no way out", is_active=True).exists()
    listing = html(client.get(reverse("reader_comments_risk_phrases:index")))
    headers = [th.get_text(strip=True) for th in listing.select("table thead th")]
    assert {"Phrase", "Group", "Holds comments"} <= set(headers)


def submenu_labels(user):
    """The labels of the "Reader comments" menu as ``user`` sees it (none: not shown)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    for item in admin_menu.menu_items_for_request(request):
        if item.name == "reader-comments":
            return [child.label for child in item.render_component(request).menu_items]
    return None


def test_the_menu_shows_each_group_what_it_may_use(rows, no_group_staff, editor, owner):
    assert submenu_labels(no_group_staff) is None
    lists = ["Urgent (0)", "Waiting for review (1)", "Approved", "Rejected", "Spam"]
    assert submenu_labels(editor) == [*lists, "Canned replies"]
    assert submenu_labels(owner) == [
        *lists,
        "Canned replies",
        "Risk phrases",
        "Settings",
        "Export",
        "Erase a reader's comments",
    ]


def test_the_dashboard_panel_is_for_moderators_only(client, rows, no_group_staff, editor):
    client.force_login(no_group_staff)
    assert "wait for review" not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(editor)
    assert (
        "1 reader comment waits for review"
        in client.get(reverse("wagtailadmin_home")).content.decode()
    )
