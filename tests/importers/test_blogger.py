"""Reading a Blogger backup: what comes out of the sample and of the newer form, importing it
into drafts, and files that are refused with a plain message."""

import datetime
import tracemalloc
import zoneinfo
from pathlib import Path

import pytest
from django.test import Client
from wagtail.models import Page

from practice_blog.blog.models import ArticlePage
from practice_blog.importers.blogger import BloggerBackup
from practice_blog.importers.importer import import_articles
from practice_blog.importers.models import ImportedItem
from practice_blog.importers.records import DRAFT, PUBLISHED, TRASHED, SourceError

from .conftest import SAMPLE
from .test_wordpress_export import BILLION_LAUGHS, EXTERNAL_DTD, EXTERNAL_ENTITY

BLOGGER_SAMPLE = SAMPLE.parent / "blogger-backup.xml"
REST = "tag:blogger.com,1999:blog-4417.post-101"
BOUNDARIES = "tag:blogger.com,1999:blog-4417.post-102"
PACIFIC_DAYLIGHT = datetime.timezone(datetime.timedelta(hours=-7))

NEW_FORM_START = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:blogger="http://schemas.google.com/blogger/2018">
<id>tag:blogger.com,1999:blog-77</id><title>A test blog</title>
"""


def new_form_entry(number, kind="POST", status="LIVE", **extra):
    """One entry of Blogger's newer backup form; ``parent``, ``filename``, ``published``."""
    parent = f"<blogger:parent>{extra['parent']}</blogger:parent>" if "parent" in extra else ""
    filename = extra.get("filename", f"/2024/03/post-{number}.html")
    return (
        f"<entry><id>tag:blogger.com,1999:blog-77.post-{number}</id>"
        f"<blogger:type>{kind}</blogger:type><blogger:status>{status}</blogger:status>"
        f"<author><name>Noor Haddad</name><email>noor@example.org</email></author>"
        f"<title>Entry {number}</title><content type='html'>&lt;p&gt;Words {number}.&lt;/p&gt;"
        f"</content><published>{extra.get('published', '2024-03-02T09:00:00.000+01:00')}"
        f"</published>{parent}<blogger:filename>{filename}</blogger:filename></entry>\n"
    )


def new_form(*entries):
    return NEW_FORM_START + "".join(entries) + "</feed>\n"


def test_the_sample_gives_its_posts_and_leaves_out_settings_template_and_pages():
    backup = BloggerBackup(BLOGGER_SAMPLE)
    articles = list(backup)
    assert backup.count() == 4
    assert [article.title for article in articles] == [
        "Rest is not a reward",
        "Small boundaries at work",
        "When worry becomes more than worry",
        "Autumn evenings and low energy (notes)",
    ]
    assert dict(backup.left_out) == {"settings": 1, "template": 1, "page": 1}
    rest = articles[0]
    assert rest.source_id == REST
    assert rest.slug == "rest-is-not-reward"
    assert rest.published_at == datetime.datetime(2023, 4, 18, 8, 15, tzinfo=PACIFIC_DAYLIGHT)
    assert rest.status == PUBLISHED
    assert rest.tags == ["rest", "Slowing down"]  # "Rest" is the same label again
    # Blogger's stand-in address is no one's.
    assert [(a.name, a.email) for a in rest.authors] == [("Priya Nair", "")]
    assert rest.old_paths == ["/2023/04/rest-is-not-reward.html"]
    assert rest.excerpt == ""
    assert '<img border="0" src="https://1.bp.blogspot.com/' in rest.body_html
    assert rest.featured_image_url == (
        "https://1.bp.blogspot.com/-hL7q/harbour/s1600/harbour-bench.jpg"
    )


def test_comments_after_their_post_join_it_and_removed_ones_are_left_out():
    rest, boundaries, worry, _draft = BloggerBackup(BLOGGER_SAMPLE)
    (thanks,) = rest.comments
    assert thanks.author_name == "Lena"
    assert thanks.author_email == ""
    assert thanks.body_html == "I needed this today. Thank you for putting it so kindly."
    assert thanks.posted_at == datetime.datetime(2023, 4, 20, 12, 30, tzinfo=PACIFIC_DAYLIGHT)
    assert [comment.author_name for comment in boundaries.comments] == ["Marcus"]
    assert worry.comments == []


def test_a_draft_has_no_address_and_an_unknown_author_is_no_author():
    draft = list(BloggerBackup(BLOGGER_SAMPLE))[-1]
    assert draft.status == DRAFT
    assert draft.slug == "autumn-evenings-and-low-energy-notes"
    assert draft.old_paths == []
    assert draft.authors == []


def test_the_newer_form_gives_status_address_and_comments_before_their_post(write_export):
    path = write_export(
        raw=new_form(
            new_form_entry(9, kind="COMMENT", parent="tag:blogger.com,1999:blog-77.post-1"),
            new_form_entry(10, kind="COMMENT", status="DELETED", parent="x.post-1"),
            new_form_entry(1, filename="/2024/03/a-calm-morning.html"),
            new_form_entry(2, status="DRAFT", filename=""),
            new_form_entry(3, status="DELETED"),
            new_form_entry(4, kind="PAGE"),
        )
    )
    backup = BloggerBackup(path)
    published, draft, deleted = backup
    assert published.slug == "a-calm-morning"
    assert published.old_paths == ["/2024/03/a-calm-morning.html"]
    assert published.status == PUBLISHED
    assert [(a.name, a.email) for a in published.authors] == [("Noor Haddad", "noor@example.org")]
    assert [comment.body_html for comment in published.comments] == ["<p>Words 9.</p>"]
    assert (draft.status, draft.slug, draft.old_paths) == (DRAFT, "entry-2", [])
    assert deleted.status == TRASHED
    assert dict(backup.left_out) == {"page": 1}


def test_a_date_without_offset_is_read_in_the_given_time_zone(write_export):
    path = write_export(raw=new_form(new_form_entry(1, published="2024-03-02T09:00:00")))
    lisbon = zoneinfo.ZoneInfo("Europe/Lisbon")
    (article,) = BloggerBackup(path, time_zone=lisbon)
    assert article.published_at == datetime.datetime(2024, 3, 2, 9, tzinfo=lisbon)
    assert "The backup gives the date without a time zone; read it as Europe/Lisbon time." in (
        article.notes
    )


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_entity_and_document_type_attacks_are_refused(write_export, attack):
    backup = BloggerBackup(write_export(raw=attack))
    with pytest.raises(SourceError, match="declares a document type or entities.*Blogger"):
        backup.count()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'<feed xmlns="http://www.w3.org/2005/Atom">\n<entry><title>Rest</entry>',
            "is not a readable XML file (line 2, column 20: mismatched tag)",
        ),
        (b"<!DOCTYPE html><html></html>", "is not a Blogger backup (it is a web page)"),
        (
            b'<feed xmlns="http://www.w3.org/2005/Atom"><id>https://news.example/</id>'
            b"<entry><id>1</id><title>News</title></entry></feed>",
            "is a news feed, not a Blogger backup. It can be imported as a feed",
        ),
        (
            b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel></channel></rss>',
            "is not a Blogger backup (it is a WordPress export)",
        ),
        (b"<opml><body/></opml>", "is not a Blogger backup (its content is <opml>)"),
        (
            b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>',
            "is not a Blogger backup (it has no Blogger posts or settings)",
        ),
    ],
)
def test_a_file_that_is_not_a_backup_gets_a_plain_message(write_export, content, message):
    backup = BloggerBackup(write_export(raw=content, name="blog.xml"))
    with pytest.raises(SourceError) as refused:
        list(backup)
    assert str(refused.value).startswith(f"blog.xml {message}")


def test_a_backup_over_the_size_limit_or_in_an_unknown_encoding_is_refused(write_export):
    with pytest.raises(SourceError, match=r"more than the 100\sbytes an export may be"):
        BloggerBackup(BLOGGER_SAMPLE, max_bytes=100).count()
    unknown = write_export(raw=b'<?xml version="1.0" encoding="klingon"?><feed/>')
    with pytest.raises(SourceError, match="encoding that cannot be read"):
        BloggerBackup(unknown).count()


def test_reading_streams_so_memory_does_not_grow_with_the_backup(write_export):
    words = "A calm sentence about rest. " * 90
    entries = [new_form_entry(n).replace("Words", words) for n in range(3000)]
    path = write_export(raw=new_form(*entries))
    assert path.stat().st_size > 8_000_000
    tracemalloc.start()
    try:
        assert BloggerBackup(path).count() == 3000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


@pytest.mark.django_db
def test_the_sample_imports_as_drafts_with_blocks_tags_authors_and_redirects(blog_index):
    report = import_articles(BloggerBackup(BLOGGER_SAMPLE), blog_index)

    assert [row.outcome for row in report.rows] == ["created"] * 4
    articles = ArticlePage.objects.child_of(blog_index)
    assert articles.count() == 4
    assert not articles.live().exists()
    rest = ImportedItem.objects.get(source_kind="blogger", source_id=REST).page.specific
    rest = rest.get_latest_revision_as_object()
    assert rest.slug == "rest-is-not-reward"
    assert str(rest.publication_date) == "2023-04-18"
    assert [block.block_type for block in rest.body] == [
        "paragraph",
        "heading",
        "paragraph",
        "pull_quote",
        "paragraph",
    ]
    assert sorted(tag.name for tag in rest.tags.all()) == ["Slowing down", "rest"]
    assert [link.author.name for link in rest.article_authors.all()] == ["Priya Nair"]
    notes = report.rows[0].notes
    assert "1 comment waiting for review under Reader comments." in notes
    # Careful wording about suicide is not flagged, but the article still needs a content note.
    worry = report.rows[2]
    assert worry.needs_look
    assert not [note for note in worry.notes if note.startswith("Safe messaging, ")]
    assert any("Discusses a sensitive subject" in note for note in worry.notes)

    response = Client().get("/2023/04/rest-is-not-reward.html")
    assert response.status_code == 301
    assert response["Location"] == "/blog/rest-is-not-reward/"


@pytest.mark.django_db
def test_publishing_keeps_the_original_date_and_importing_again_updates(blog_index):
    import_articles(BloggerBackup(BLOGGER_SAMPLE), blog_index, publish=True)
    rest = ImportedItem.objects.get(source_id=REST).page.specific
    assert rest.live
    assert rest.first_published_at == datetime.datetime(2023, 4, 18, 15, 15, tzinfo=datetime.UTC)
    assert not ImportedItem.objects.get(source_id=BOUNDARIES.replace("102", "104")).page.live
    pages = Page.objects.count()

    again = import_articles(BloggerBackup(BLOGGER_SAMPLE), blog_index)

    assert [row.outcome for row in again.rows] == ["updated"] * 4
    assert Page.objects.count() == pages


@pytest.mark.django_db
@pytest.mark.parametrize("attack", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_a_hostile_backup_writes_nothing(blog_index, write_export, attack):
    pages = Page.objects.count()
    with pytest.raises(SourceError):
        import_articles(BloggerBackup(write_export(raw=attack)), blog_index)
    assert Page.objects.count() == pages
    assert not ImportedItem.objects.exists()


def test_the_sample_is_small():
    assert Path(BLOGGER_SAMPLE).stat().st_size < 15_000
