"""Pictures come over from a media folder, a zip or the old site itself: each once, with its
description and caption, as an image block or the article's main picture."""

import io
import zipfile
from pathlib import Path

import pytest
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.images import get_image_model

import practice_blog.importers
from practice_blog.importers.models import ImportedItem, ImportedPicture

from .conftest import wxr_post

pytestmark = pytest.mark.django_db

SAMPLE_MEDIA = Path(practice_blog.importers.__file__).parent / "samples" / "wordpress-media"
SAYING_NO = "https://willowcreekcounselling.example/?p=12"
FIRST_SESSION = "https://willowcreekcounselling.example/?p=27"
PORCH = "wp-content/uploads/2023/05/porch-chairs.jpg"


def Image():  # noqa: N802  (the image model, as Wagtail names it)
    return get_image_model()


def imported(source_id):
    page = ImportedItem.objects.get(source_id=source_id).page.specific
    return page.get_latest_revision_as_object()


def image_blocks(page):
    return [block.value for block in page.body if block.block_type == "image"]


def stored_files(storage_root):
    return sorted(p.name for p in Path(storage_root).rglob("*") if p.is_file())


def jpeg_bytes(colour=(120, 160, 140), size=(40, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_the_samples_pictures_come_from_the_media_folder_with_descriptions_and_captions(
    import_blog, sample_path
):
    output = import_blog(sample_path, "--media", str(SAMPLE_MEDIA))

    saying_no = imported(SAYING_NO)
    [porch] = image_blocks(saying_no)
    assert porch["image"].title == "Two chairs, and room to sit with a decision."
    assert porch["image"].contextual_alt_text == "Two empty wooden chairs on a porch"
    assert porch["image"].description == "Two empty wooden chairs on a porch"
    assert porch["caption"] == "Two chairs, and room to sit with a decision."
    # Its featured image is the same picture, imported once.
    assert saying_no.hero_image.pk == porch["image"].pk
    [room] = image_blocks(imported(FIRST_SESSION))
    assert room["caption"] == "Room two, where most first sessions happen."
    assert Image().objects.count() == 2
    assert ImportedPicture.objects.count() == 2
    assert "2 pictures imported, 1 already in the library, 0 missing" in output


def test_pictures_are_imported_once_however_often_they_are_imported(import_blog, sample_path):
    import_blog(sample_path, "--media", str(SAMPLE_MEDIA))
    ImportedItem.objects.all().delete()  # as if another site's import used the same pictures
    output = import_blog(sample_path, "--media", str(SAMPLE_MEDIA))

    assert Image().objects.count() == 2
    assert "0 pictures imported, 3 already in the library" in output


def test_without_a_media_folder_pictures_are_listed_in_the_report(
    import_blog, sample_path, report_rows
):
    import_blog(sample_path)

    assert Image().objects.count() == 0
    notes = {row["Title"]: row["Notes"] for row in report_rows()}
    saying_no = notes["Why saying “no” is a form of care"]
    assert (
        f"Picture not brought over (no media folder given): https://willowcreekcounselling.example/{PORCH}"
        in saying_no
    )
    assert (
        f"Main picture not brought over (no media folder given): https://willowcreekcounselling.example/{PORCH}"
        in saying_no
    )


def test_a_zip_of_the_uploads_folder_is_extracted_and_matched(
    import_blog, sample_path, tmp_path, settings
):
    media_zip = tmp_path / "uploads.zip"
    with zipfile.ZipFile(media_zip, "w") as archive:
        for path in SAMPLE_MEDIA.rglob("*.jpg"):
            # Zipped from inside wp-content: the paths start at "uploads/".
            archive.write(path, path.relative_to(SAMPLE_MEDIA / "wp-content").as_posix())
        archive.writestr("uploads/readme.txt", "not a picture")

    import_blog(sample_path, "--media", str(media_zip))

    assert Image().objects.count() == 2
    assert imported(SAYING_NO).hero_image is not None


def test_a_resized_copys_address_finds_the_original(import_blog, write_export, tmp_path):
    folder = tmp_path / "media" / "2024" / "02"
    folder.mkdir(parents=True)
    (folder / "garden.jpg").write_bytes(jpeg_bytes(size=(60, 40)))
    body = (
        '<p><img src="https://old.example/wp-content/uploads/2024/02/garden-300x200.jpg" '
        'alt="A quiet garden"></p><p>Text after.</p>'
    )
    import_blog(write_export(wxr_post(1, body=body)), "--media", str(tmp_path / "media"))

    page = ImportedItem.objects.get().page.specific.get_latest_revision_as_object()
    assert [block.block_type for block in page.body] == ["image", "paragraph"]
    assert page.body[0].value["image"].width == 60


def test_a_missing_or_broken_picture_is_a_note_and_the_article_still_comes_in(
    import_blog, write_export, tmp_path, report_rows
):
    media = tmp_path / "media"
    media.mkdir()
    (media / "broken.jpg").write_bytes(b"this is not a picture")
    body = (
        '<img src="https://old.example/broken.jpg" alt="Broken">'
        '<img src="https://old.example/gone.jpg" alt="Gone"><p>Words.</p>'
    )
    import_blog(write_export(wxr_post(1, body=body)), "--media", str(media))

    [row] = report_rows()
    assert row["Outcome"] == "created"
    assert "Picture broken.jpg not imported:" in row["Notes"]
    assert "Picture not found in the media folder: https://old.example/gone.jpg" in row["Notes"]
    assert Image().objects.count() == 0


def test_a_picture_without_a_description_is_decorative_until_described(
    import_blog, write_export, tmp_path, report_rows
):
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "plain.jpg").write_bytes(jpeg_bytes())
    import_blog(
        write_export(wxr_post(1, body='<img src="/wp-content/uploads/plain.jpg">')),
        "--media",
        str(tmp_path / "media"),
    )

    [block] = image_blocks(ImportedItem.objects.get().page.specific.get_latest_revision_as_object())
    assert block["image"].decorative is True
    assert "marked decorative for now" in report_rows()[0]["Notes"]


def test_a_dry_run_keeps_no_picture_and_no_file(import_blog, sample_path, settings):
    before = stored_files(settings.MEDIA_ROOT)
    output = import_blog(sample_path, "--media", str(SAMPLE_MEDIA), "--dry-run")

    assert "pictures found" in output
    assert Image().objects.count() == 0
    assert ImportedPicture.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == before


@pytest.fixture
def picture_server(local_server):
    """Answers every path with the same small JPEG."""
    picture = jpeg_bytes((200, 120, 90))
    return local_server(lambda path: ("image/jpeg", picture))


def export_on(write_export, port, body):
    """An export whose old site is the test server (http://127.0.0.1:<port>)."""
    text = wxr_post(1, body=body).replace("https://old.example/", f"http://127.0.0.1:{port}/")
    path = write_export(text)
    raw = path.read_text().replace(
        "<wp:base_blog_url>https://old.example</wp:base_blog_url>",
        f"<wp:base_blog_url>http://127.0.0.1:{port}</wp:base_blog_url>",
    )
    path.write_text(raw)
    return path


@override_settings(PRACTICE_BLOG_IMPORTER_ALLOWED_ADDRESSES=["127.0.0.1"])
def test_fetch_pictures_brings_them_from_the_old_site_once(
    import_blog, write_export, picture_server
):
    port = picture_server.port
    body = (
        f'<img src="http://127.0.0.1:{port}/wp-content/uploads/a.jpg" alt="A porch">'
        f'<p>Text.</p><img src="http://127.0.0.1:{port}/wp-content/uploads/a.jpg" alt="Again">'
    )
    output = import_blog(export_on(write_export, port, body), "--fetch-pictures")

    assert picture_server.paths == ["/wp-content/uploads/a.jpg"]
    assert Image().objects.count() == 1
    assert "1 picture imported, 1 already in the library" in output


@override_settings(PRACTICE_BLOG_IMPORTER_ALLOWED_ADDRESSES=["127.0.0.1"])
def test_pictures_on_other_sites_are_not_fetched(
    import_blog, write_export, picture_server, report_rows
):
    body = f'<img src="http://localhost:{picture_server.port}/tracker.jpg" alt="Elsewhere">'
    import_blog(export_on(write_export, picture_server.port, body), "--fetch-pictures")

    assert picture_server.paths == []
    assert "Picture on another site, not fetched" in report_rows()[0]["Notes"]


def test_the_old_site_on_a_private_address_is_not_fetched_from(
    import_blog, write_export, picture_server, report_rows
):
    body = f'<img src="http://127.0.0.1:{picture_server.port}/a.jpg" alt="A porch">'
    import_blog(export_on(write_export, picture_server.port, body), "--fetch-pictures")

    assert picture_server.paths == []
    assert Image().objects.count() == 0
    assert "127.0.0.1" in report_rows()[0]["Notes"]


@pytest.mark.parametrize(
    "files, found",
    [
        (["2021/03/photo.jpg"], None),  # another month's picture with the same name
        (["uploads/2023/05/photo.jpg", "uploads/2021/03/photo.jpg"], "uploads/2023/05/photo.jpg"),
        (["photo.jpg"], "photo.jpg"),  # a flat folder of pictures
        (["a/photo.jpg", "b/photo.jpg"], None),  # two equally likely: not guessed
        (["2023/05/photo.jpg"], "2023/05/photo.jpg"),
    ],
)
def test_a_picture_is_matched_by_its_folders_not_only_its_name(tmp_path, files, found):
    from practice_blog.importers.pictures import MediaFolder

    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")

    match = MediaFolder(tmp_path).find("/wp-content/uploads/2023/05/photo.jpg")

    assert match == (tmp_path / found if found else None)
