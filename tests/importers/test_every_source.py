"""``manage.py import_blog`` tells a WordPress export, a Blogger backup and a feed apart and
brings each in end to end, pictures included; a feed can also be fetched from its address."""

from pathlib import Path

import pytest
from django.core.management import CommandError
from django.test import override_settings
from wagtail.images import get_image_model

import practice_blog.importers
from practice_blog.blog.models import ArticlePage
from practice_blog.comments.models import ReaderComment

from .test_pictures import jpeg_bytes

pytestmark = pytest.mark.django_db

SAMPLES = Path(practice_blog.importers.__file__).parent / "samples"


def drafts(blog_index):
    return {page.title: page for page in ArticlePage.objects.child_of(blog_index)}


def test_a_blogger_backup_comes_in_with_its_comment_and_old_addresses(
    import_blog, blog_index, client, tmp_path
):
    media = tmp_path / "media"
    media.mkdir()
    (media / "harbour-bench.jpg").write_bytes(jpeg_bytes())

    output = import_blog(SAMPLES / "blogger-backup.xml", "--media", str(media))

    articles = drafts(blog_index)
    assert "Rest is not a reward" in articles
    assert not any(page.live for page in articles.values())
    rest = articles["Rest is not a reward"].get_latest_revision_as_object()
    assert [b.value["image"].contextual_alt_text for b in rest.body if b.block_type == "image"] == [
        "A wooden bench facing the water"
    ]
    # The body's 640-pixel copy and the 1600-pixel featured image are the same file: once.
    assert rest.hero_image is not None
    assert get_image_model().objects.count() == 1
    assert ReaderComment.objects.filter(page=rest).count() == 1
    assert client.get("/2023/04/rest-is-not-reward.html").status_code == 301
    assert "Left out, as they are not posts:" in output


def test_an_rss_feed_file_comes_in_and_says_feeds_hold_only_recent_posts(
    import_blog, blog_index, client, report_rows
):
    output = import_blog(SAMPLES / "feed-rss.xml")

    assert len(drafts(blog_index)) == 4
    assert "A feed usually holds only the latest 20–25 posts" in output
    assert "came as a summary only" in output
    assert client.get("/post/how-much-sleep-is-enough").status_code == 301
    assert any("summary" in row["Notes"] for row in report_rows())


def test_an_atom_feed_file_comes_in(import_blog, blog_index, client):
    import_blog(SAMPLES / "feed-atom.xml", "--publish")

    articles = drafts(blog_index)
    assert len(articles) == 3
    pause = articles["What a pause can do"]
    assert pause.live
    assert client.get("/journal/what-a-pause-can-do").url == pause.url


@pytest.fixture
def feed_server(local_server):
    """Serves the RSS sample as if from 127.0.0.1 (its links and pictures rewritten there) at
    /blog-feed.xml, and a picture at every other path."""
    feed = (SAMPLES / "feed-rss.xml").read_text()
    picture = jpeg_bytes()

    def respond(path):
        if path != "/blog-feed.xml":
            return "image/jpeg", picture
        text = feed.replace("https://www.example-practice.com", server.base)
        return "application/rss+xml", text.replace(
            "https://static.example-practice.com", server.base
        ).encode()

    server = local_server(respond)
    return server


@override_settings(PRACTICE_BLOG_IMPORTER_ALLOWED_ADDRESSES=["127.0.0.1"])
def test_a_feed_address_is_fetched_with_its_pictures(import_blog, blog_index, feed_server):
    output = import_blog(f"{feed_server.base}/blog-feed.xml", "--fetch-pictures")

    assert len(drafts(blog_index)) == 4
    assert feed_server.paths[0] == "/blog-feed.xml"
    assert "/media/garden-gate.jpg" in feed_server.paths
    assert get_image_model().objects.exists()
    assert f"({feed_server.base}/blog-feed.xml)" in output  # the notice names the feed


def test_a_feed_address_on_a_private_network_is_refused(import_blog, blog_index, feed_server):
    with pytest.raises(CommandError, match="private.*Nothing was imported"):
        import_blog(f"{feed_server.base}/blog-feed.xml")

    assert feed_server.paths == []
    assert not ArticlePage.objects.exists()
