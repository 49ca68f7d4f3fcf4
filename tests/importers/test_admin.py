"""Settings → Import a blog: a Practice owner uploads the old blog's file, reads the check's
report, then imports it in the background; nobody else may open any of it."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model

from practice_blog.blog.models import ArticlePage
from practice_blog.importers.models import ImportRun
from tests.comments.test_admin_permissions import assert_refused

from .test_pictures import SAMPLE_MEDIA

pytestmark = pytest.mark.django_db
Status = ImportRun.Status
START = "/admin/import-blog/"


@pytest.fixture(autouse=True)
def import_dir(tmp_path, settings):
    """Uploads wait in a private folder of the test's own."""
    folder = tmp_path / "private-imports"
    settings.PRACTICE_BLOG = {**getattr(settings, "PRACTICE_BLOG", {}), "IMPORT_DIR": str(folder)}
    return folder


def waiting_files(folder):
    return [p for p in Path(folder).rglob("*") if p.is_file()] if Path(folder).exists() else []


def upload(sample_path, name="export.xml"):
    return SimpleUploadedFile(name, Path(sample_path).read_bytes(), content_type="text/xml")


@pytest.fixture
def start_import(client, owner, blog_index, django_capture_on_commit_callbacks):
    """Post the form as a Practice owner; the check task runs when the request commits."""

    def post(**fields):
        client.force_login(owner)
        data = {"blog": blog_index.pk, **fields}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(START, data)

    return post


def test_the_start_screen_says_where_each_platform_keeps_its_file(client, owner, blog_index):
    client.force_login(owner)
    page = client.get(START).content.decode()

    for words in ("WordPress", "Tools → Export", "Blogger", "Back up content", "Wix"):
        assert words in page
    assert "No import has been started yet." in page
    assert f'<option value="{blog_index.pk}">Articles (' in page


def test_a_check_reports_what_would_happen_and_saves_no_article(
    client, start_import, sample_path, import_dir
):
    response = start_import(source_file=upload(sample_path))

    run = ImportRun.objects.get()
    assert response["Location"] == reverse("blog_import:run", args=[run.pk])
    assert run.status == Status.CHECKED
    assert run.source_kind == "wordpress"
    assert (run.total, run.done_count) == (5, 5)
    assert not ArticlePage.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "What the check found (nothing is saved yet)" in page
    assert "Dry run, nothing saved: would import 5 articles" in page
    assert "Why saying “no” is a form of care" in page
    assert "Import now" in page
    # The export waits in the private folder for the owner's decision.
    assert len(waiting_files(import_dir)) == 1


def test_import_now_brings_the_articles_in_and_deletes_the_upload(
    client, start_import, sample_path, import_dir, blog_index, django_capture_on_commit_callbacks
):
    start_import(source_file=upload(sample_path))
    run = ImportRun.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("blog_import:action", args=[run.pk, "import"]))

    run.refresh_from_db()
    assert run.status == Status.DONE
    assert ArticlePage.objects.child_of(blog_index).count() == 5
    assert not ArticlePage.objects.live().exists()
    assert waiting_files(import_dir) == []
    page = client.get(response["Location"]).content.decode()
    assert "What was imported" in page
    assert "Imported 5 articles as drafts: 5 new" in page
    article = ArticlePage.objects.get(slug="why-saying-no-is-a-form-of-care")
    assert reverse("wagtailadmin_pages:edit", args=[article.pk]) in page

    report = client.get(reverse("blog_import:report", args=[run.pk]))
    rows = list(csv.DictReader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert report["Content-Disposition"].startswith("attachment;")
    assert len(rows) == 5 and {row["Outcome"] for row in rows} == {"created"}


def test_pictures_come_from_an_uploaded_zip(
    client, start_import, sample_path, django_capture_on_commit_callbacks
):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in SAMPLE_MEDIA.rglob("*.jpg"):
            archive.write(path, path.relative_to(SAMPLE_MEDIA).as_posix())
    media = SimpleUploadedFile("uploads.zip", buffer.getvalue(), content_type="application/zip")
    start_import(source_file=upload(sample_path), media_file=media)
    run = ImportRun.objects.get()
    assert "2 pictures found" in run.summary
    assert get_image_model().objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("blog_import:action", args=[run.pk, "import"]))

    assert get_image_model().objects.count() == 2
    article = ArticlePage.objects.get(slug="why-saying-no-is-a-form-of-care")
    assert article.get_latest_revision_as_object().hero_image is not None


def test_cancel_deletes_the_upload_and_imports_nothing(
    client, start_import, sample_path, import_dir
):
    start_import(source_file=upload(sample_path))
    run = ImportRun.objects.get()

    response = client.post(reverse("blog_import:action", args=[run.pk, "cancel"]), follow=True)

    run.refresh_from_db()
    assert run.status == Status.CANCELLED
    assert waiting_files(import_dir) == []
    assert not ArticlePage.objects.exists()
    assert "Cancelled: nothing was imported" in response.content.decode()
    # Importing after cancelling is refused, and still imports nothing.
    again = client.post(reverse("blog_import:action", args=[run.pk, "import"]), follow=True)
    assert "not waiting for you any more" in again.content.decode()
    assert not ArticlePage.objects.exists()


@pytest.mark.parametrize(
    "content, words",
    [
        (b"<html><body>Hello</body></html>", "old.xml is not a file the importer understands"),
        (b"not xml at all", "not a readable XML file"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><rss>&lol;</rss>',
            "declares a document type or entities",
        ),
        (
            b'<?xml version="1.0" encoding="Shift_JIS"?><rss version="2.0"><channel/></rss>',
            "encoding that cannot be read",
        ),
    ],
    ids=["web page", "not xml", "entities", "multi-byte encoding"],
)
def test_a_file_that_cannot_be_imported_is_refused_on_the_form(
    start_import, import_dir, content, words
):
    response = start_import(source_file=SimpleUploadedFile("old.xml", content))

    assert response.status_code == 400
    assert words in response.content.decode()
    assert not ImportRun.objects.exists()
    assert waiting_files(import_dir) == []


@pytest.mark.parametrize(
    "fields, words",
    [
        ({}, "Upload the file from your old blog, or give its feed"),
        ({"media_file": SimpleUploadedFile("m.zip", b"not a zip")}, "This is not a .zip file"),
        ({"feed_address": "javascript:alert(1)"}, "Enter a valid URL"),
    ],
    ids=["nothing", "not a zip", "bad address"],
)
def test_form_mistakes_are_explained_and_nothing_starts(start_import, fields, words):
    response = start_import(**fields)

    assert response.status_code == 400
    assert words in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_feed_address_on_a_private_network_fails_clearly(client, start_import):
    start_import(feed_address="http://10.0.0.7/blog-feed.xml")

    run = ImportRun.objects.get()
    assert run.status == Status.FAILED
    page = client.get(reverse("blog_import:run", args=[run.pk])).content.decode()
    assert "private" in page
    assert "Nothing was imported." in page


def test_progress_is_shown_while_running_and_as_json(client, owner, blog_index):
    run = ImportRun.objects.create(
        blog=blog_index, source_name="export.xml", status=Status.IMPORTING, total=40, done_count=12
    )
    client.force_login(owner)

    page = client.get(reverse("blog_import:run", args=[run.pk])).content.decode()
    assert "Importing: 12 of 40 articles." in page
    assert '<progress id="import-progress-bar" max="40" value="12">' in page
    assert "Refresh" in page  # without JavaScript
    progress = client.get(reverse("blog_import:progress", args=[run.pk])).json()
    assert progress == {
        "status": "importing",
        "status_label": "Importing",
        "done": 12,
        "total": 40,
        "in_progress": True,
    }


def screens(run):
    return {
        "start": START,
        "run": reverse("blog_import:run", args=[run.pk]),
        "progress": reverse("blog_import:progress", args=[run.pk]),
        "report": reverse("blog_import:report", args=[run.pk]),
    }


@pytest.fixture
def checked_run(blog_index):
    return ImportRun.objects.create(
        blog=blog_index,
        source_name="export.xml",
        status=Status.CHECKED,
        rows=[{"source_id": "1", "title": "A", "outcome": "created", "notes": [],
               "needs_look": False, "published": False, "page_id": None}],
    )  # fmt: skip


@pytest.mark.parametrize("screen", ["start", "run", "progress", "report"])
def test_only_practice_owners_open_the_import_screens(
    client, checked_run, editor, owner, no_group_staff, screen
):
    url = screens(checked_run)[screen]
    assert client.get(url)["Location"].startswith("/admin/login/")
    for user in (no_group_staff, editor):
        client.force_login(user)
        assert_refused(client, client.get(url), f"{screen} as {user}")
    client.force_login(owner)
    assert client.get(url).status_code == 200


def test_editors_cannot_start_import_or_cancel(client, checked_run, editor, sample_path):
    client.force_login(editor)
    assert_refused(client, client.post(START, {"source_file": upload(sample_path)}), "start")
    for action in ("import", "cancel"):
        url = reverse("blog_import:action", args=[checked_run.pk, action])
        assert_refused(client, client.post(url), action)
    checked_run.refresh_from_db()
    assert checked_run.status == Status.CHECKED
    assert ImportRun.objects.count() == 1


def test_the_menu_item_is_shown_to_practice_owners_only(client, owner, editor):
    client.force_login(editor)
    assert START not in client.get("/admin/").content.decode()
    client.force_login(owner)
    assert START in client.get("/admin/").content.decode()


def test_a_get_of_an_action_changes_nothing(client, owner, checked_run):
    client.force_login(owner)
    response = client.get(reverse("blog_import:action", args=[checked_run.pk, "import"]))
    assert response.status_code == 405
    checked_run.refresh_from_db()
    assert checked_run.status == Status.CHECKED


def test_undecided_checks_and_stuck_imports_end_and_their_files_go(
    start_import, sample_path, import_dir, blog_index
):
    from django.core.management import call_command
    from django.utils import timezone

    start_import(source_file=upload(sample_path))
    undecided = ImportRun.objects.get()
    stuck = ImportRun.objects.create(
        blog=blog_index, source_name="x.xml", status=Status.IMPORTING, total=9, done_count=4
    )
    fresh = ImportRun.objects.create(blog=blog_index, source_name="y.xml", status=Status.CHECKED)
    eight_days_ago = timezone.now() - timezone.timedelta(days=8)
    ImportRun.objects.filter(pk__in=[undecided.pk, stuck.pk]).update(created_at=eight_days_ago)
    assert len(waiting_files(import_dir)) == 1

    output = io.StringIO()
    call_command("practice_blog_tick", verbosity=2, stdout=output)

    assert "imports: 1 undecided check(s) cancelled, 1 stuck import(s) ended" in output.getvalue()
    undecided.refresh_from_db()
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert undecided.status == Status.CANCELLED
    assert stuck.status == Status.FAILED
    assert "The first 4 articles were imported. Upload the file again to finish" in stuck.error
    assert fresh.status == Status.CHECKED
    assert waiting_files(import_dir) == []


def test_an_import_that_stops_half_way_says_what_came_in(
    client, start_import, sample_path, import_dir, monkeypatch, django_capture_on_commit_callbacks
):
    from practice_blog.importers import importer
    from practice_blog.importers.records import SourceError

    start_import(source_file=upload(sample_path))
    run = ImportRun.objects.get()
    real_import_article = importer.import_article
    calls = []

    def stops_at_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise SourceError("export.xml is not a readable XML file (line 200, column 1).")
        return real_import_article(*args, **kwargs)

    monkeypatch.setattr(importer, "import_article", stops_at_the_third)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("blog_import:action", args=[run.pk, "import"]))

    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert "The first 2 articles were imported. Upload the file again to finish" in run.error
    assert ArticlePage.objects.count() == 2
    assert waiting_files(import_dir) == []
    page = client.get(reverse("blog_import:run", args=[run.pk])).content.decode()
    assert "not a readable XML file" in page
    for article in ArticlePage.objects.all():  # the two that came in, to open and check
        assert reverse("wagtailadmin_pages:edit", args=[article.pk]) in page


def test_a_finished_import_whose_blog_was_deleted_still_shows(client, owner):
    run = ImportRun.objects.create(
        blog=None, source_name="export.xml", status=Status.DONE, summary="Imported 0 articles"
    )
    client.force_login(owner)

    page = client.get(reverse("blog_import:run", args=[run.pk]))

    assert page.status_code == 200
    assert "(a deleted blog)" in page.content.decode()
