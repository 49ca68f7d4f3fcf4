"""Staff screens: the subscriber list, its export (permission + audit log), erasure, and
nothing at all for Editors."""

import csv
import io

import pytest
from django.apps import apps
from django.db import models
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from practice_blog.newsletter.models import (
    ConsentText,
    NewsletterSettings,
    OutgoingEmail,
    Subscriber,
)

pytestmark = pytest.mark.django_db

ADMIN_URLS = [
    "/admin/newsletter/subscriber/",
    "/admin/newsletter/consenttext/",
    "/admin/newsletter/outgoingemail/",
    "/admin/newsletter/export/csv/",
    "/admin/newsletter/export/xlsx/",
]


@pytest.fixture
def subscribers(newsletter_settings):
    consent = ConsentText.objects.get(pk=newsletter_settings.consent_version())

    def make(email, status=Subscriber.Status.ACTIVE, first_name="", **extra):
        return Subscriber.objects.create(
            email=email,
            first_name=first_name,
            status=status,
            consent_text=consent,
            consent_ticked=True,
            **extra,
        )

    make("ada@example.org", first_name="Ada")
    make('=HYPERLINK("http://evil.example")@example.org', first_name="@SUM(A1:A9)")
    make("waiting@example.org", status=Subscriber.Status.PENDING)
    make("gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    return make


def test_owner_sees_subscribers_with_status_search_and_filters(client, owner, subscribers, html):
    client.force_login(owner)
    response = client.get("/admin/newsletter/subscriber/")
    assert response.status_code == 200
    page = html(response)
    text = page.get_text()
    for email in ("ada@example.org", "waiting@example.org", "gone@example.org"):
        assert email in text
    assert "Waiting for confirmation" in text and "Unsubscribed" in text
    assert "Signed up on page" in text
    searched = html(client.get("/admin/newsletter/subscriber/", {"q": "ada"})).get_text()
    assert "ada@example.org" in searched and "waiting@example.org" not in searched
    filtered = html(client.get("/admin/newsletter/subscriber/", {"status__exact": "pending"}))
    assert "waiting@example.org" in filtered.get_text()
    assert "ada@example.org" not in filtered.get_text()
    # Read-only: nobody adds or edits a reader by hand.
    assert not page.select('a[href="/admin/newsletter/subscriber/create/"]')
    export_links = [a["href"] for a in page.select("a[download]")]
    assert export_links == ["/admin/newsletter/export/csv/", "/admin/newsletter/export/xlsx/"]


def test_editors_see_no_subscriber_data(client, editor, subscribers, html):
    client.force_login(editor)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Subscribers" not in dashboard.content.decode()
    for url in ADMIN_URLS:
        response = client.get(url, follow=True)
        assert response.status_code in (403, 200), url
        assert b"ada@example.org" not in response.content, url
        assert response.redirect_chain or response.status_code == 403, url
    subscriber = Subscriber.objects.get(email="ada@example.org")
    response = client.get(f"/admin/newsletter/subscriber/inspect/{subscriber.pk}/", follow=True)
    assert b"ada@example.org" not in response.content
    assert not editor.has_perm("practice_blog_newsletter.view_subscriber")
    assert not editor.has_perm("practice_blog_newsletter.export_subscribers")
    assert not editor.has_perm("practice_blog_newsletter.change_newslettersettings")


def test_owner_without_export_permission_cannot_export(client, owner, subscribers, html):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.get(name="Practice owners")
    group.permissions.remove(Permission.objects.get(codename="export_subscribers"))
    client.force_login(owner)
    for url in ("/admin/newsletter/export/csv/", "/admin/newsletter/export/xlsx/"):
        refused = client.get(url)
        # Wagtail's admin turns "permission denied" into a redirect to the dashboard.
        assert refused.status_code == 302 and refused["Location"] == "/admin/"
        assert "Content-Disposition" not in refused
    page = html(client.get("/admin/newsletter/subscriber/"))
    assert not page.select("a[download]")
    assert not ModelLogEntry.objects.filter(action="newsletter.export").exists()


def test_csv_export_has_only_active_subscribers_is_formula_safe_and_logged(
    client, owner, subscribers
):
    client.force_login(owner)
    response = client.get("/admin/newsletter/export/csv/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Email address", "First name"]
    emails = sorted(row[0] for row in rows[1:])
    assert emails == ['\'=HYPERLINK("http://evil.example")@example.org', "ada@example.org"]
    assert [row[1] for row in rows[1:] if row[1].startswith("'")] == ["'@SUM(A1:A9)"]

    entry = ModelLogEntry.objects.get(action="newsletter.export")
    assert entry.user_id == owner.pk
    assert entry.data == {"format": "csv", "count": 2}
    assert entry.content_type.model_class() is NewsletterSettings
    assert "ada@example.org" not in str(entry.data) + entry.label
    history = client.get("/admin/reports/site-history/")
    assert "Exported 2 active subscribers as CSV" in history.content.decode()


def test_xlsx_export_stores_every_cell_as_text(client, owner, subscribers):
    client.force_login(owner)
    response = client.get("/admin/newsletter/export/xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Email address"
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type == "s" for cell in cells if cell.value is not None)
    assert not any(str(cell.value).startswith(("=", "@")) for cell in cells)
    assert ModelLogEntry.objects.filter(action="newsletter.export").get().data["format"] == "xlsx"


def test_unknown_export_format_is_404(client, owner):
    client.force_login(owner)
    assert client.get("/admin/newsletter/export/pdf/").status_code == 404


def text_in_database(needle):
    """Every (model, field) whose stored text contains ``needle``, across all tables."""
    found = []
    for model in apps.get_models():
        text_fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        for name in text_fields:
            lookup = f"{name}__icontains"
            try:
                if model._default_manager.filter(**{lookup: needle}).exists():
                    found.append(f"{model._meta.label}.{name}")
            except Exception:  # e.g. JSON lookups a backend does not support
                continue
    return found


def test_erasure_leaves_no_copy(client, owner, subscribers, sign_up, outbox, html):
    sign_up(email="erase.me@example.org", first_name="Eraseme")
    assert OutgoingEmail.objects.filter(subscriber__email="erase.me@example.org").exists()
    assert text_in_database("erase.me@example.org")
    subscriber = Subscriber.objects.get(email="erase.me@example.org")

    client.force_login(owner)
    inspect = client.get(f"/admin/newsletter/subscriber/inspect/{subscriber.pk}/")
    evidence = html(inspect).select_one("main").get_text(" ", strip=True)
    assert "I would like to receive new articles" in evidence
    assert "Ticked the consent box Yes" in evidence
    delete_url = f"/admin/newsletter/subscriber/delete/{subscriber.pk}/"
    assert client.get(delete_url).status_code == 200
    response = client.post(delete_url, follow=True)
    assert response.status_code == 200

    assert not Subscriber.objects.filter(email="erase.me@example.org").exists()
    assert not OutgoingEmail.objects.filter(subscriber_id=subscriber.pk).exists()
    assert text_in_database("erase.me@example.org") == []
    assert text_in_database("Eraseme") == []
    # The audit log keeps that a deletion happened, without the address.
    entry = ModelLogEntry.objects.get(action="wagtail.delete")
    assert entry.label == f"Subscriber #{subscriber.pk}"


def test_owner_sees_each_consent_version_and_how_many_agreed(client, owner, subscribers, html):
    client.force_login(owner)
    response = client.get("/admin/newsletter/consenttext/")
    assert response.status_code == 200
    rows = html(response).select("tbody tr")
    assert len(rows) == 1
    cells = rows[0].get_text(" ", strip=True)
    assert "I would like to receive new articles by email." in cells
    assert cells.endswith(" 4")  # the four subscribers made by the fixture
    assert not html(response).select('a[href="/admin/newsletter/consenttext/create/"]')
