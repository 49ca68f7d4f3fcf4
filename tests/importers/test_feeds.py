"""Reading an RSS or Atom feed: what comes out of the samples, importing them into drafts, and
files that are refused with a plain message (exports of other kinds named as such)."""

import datetime
import tracemalloc
import zoneinfo

import pytest
from django.test import Client
from wagtail.models import Page

from practice_blog.blog.models import ArticlePage
from practice_blog.importers.feeds import ONLY_A_SUMMARY, FeedFile
from practice_blog.importers.importer import import_articles
from practice_blog.importers.models import ImportedItem
from practice_blog.importers.records import PUBLISHED, SourceError

from .conftest import SAMPLE
from .test_blogger import BLOGGER_SAMPLE
from .test_wordpress_export import BILLION_LAUGHS, EXTERNAL_DTD, EXTERNAL_ENTITY

RSS_SAMPLE = SAMPLE.parent / "feed-rss.xml"
ATOM_SAMPLE = SAMPLE.parent / "feed-atom.xml"
SAYING_NO = "6530f1a2c4e8b10017a2d3f1"


def hours(number):
    return datetime.timezone(datetime.timedelta(hours=number))


def rss(*items):
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>'
        + "".join(items)
        + "</channel></rss>"
    )


def test_the_rss_sample_gives_every_item_as_published():
    feed = FeedFile(RSS_SAMPLE)
    articles = list(feed)
    assert feed.count() == 4
    assert [article.title for article in articles] == [
        "Saying no without a long explanation",
        'How much sleep is "enough"?',
        "When to look for a therapist",
        "Five minutes between appointments",
    ]
    assert {article.status for article in articles} == {PUBLISHED}
    saying_no, sleep, therapist, five_minutes = articles
    assert saying_no.source_id == SAYING_NO
    assert saying_no.slug == "saying-no-without-a-long-explanation"
    assert saying_no.old_paths == ["/post/saying-no-without-a-long-explanation"]
    assert saying_no.published_at == datetime.datetime(2024, 10, 14, 8, 30, tzinfo=hours(2))
    assert saying_no.tags == ["Boundaries", "Everyday care"]
    assert [(a.name, a.email) for a in saying_no.authors] == [("Rosa Delgado", "")]
    assert saying_no.excerpt.startswith("You do not owe everyone a reason.")
    assert saying_no.body_html.startswith("<p>When we say no")
    assert saying_no.featured_image_url == (
        "https://static.example-practice.com/media/garden-gate.jpg"
    )
    # RSS's own author field is "email (Name)".
    assert [(a.name, a.email) for a in sleep.authors] == [("Jon Avery", "jon@example-practice.com")]
    assert sleep.featured_image_url.endswith("/moon-window.png")
    assert therapist.excerpt == ""
    assert therapist.body_html.startswith("<p>You do not have to wait for a crisis.")
    assert ONLY_A_SUMMARY in therapist.notes
    assert five_minutes.published_at == datetime.datetime(2024, 7, 12, 12, tzinfo=datetime.UTC)


def test_the_notice_says_feeds_are_partial_and_counts_summaries_once_read():
    feed = FeedFile(RSS_SAMPLE, address="https://www.example-practice.com/blog")
    assert feed.feed_notice.startswith(
        "A feed usually holds only the latest 20–25 posts, often as excerpts: check the old "
        "blog (https://www.example-practice.com/blog) for older posts"
    )
    assert "summary only" not in feed.feed_notice
    list(feed)
    assert feed.feed_notice.endswith("In this feed, 1 article came as a summary only.")


def test_the_atom_sample_reads_html_xhtml_and_text_content():
    pause, family, asking = FeedFile(ATOM_SAMPLE)
    assert pause.source_id == "https://stillwater.example/journal/what-a-pause-can-do"
    assert pause.slug == "what-a-pause-can-do"
    assert pause.old_paths == ["/journal/what-a-pause-can-do"]
    assert pause.published_at == datetime.datetime(2024, 11, 4, 9, 30, tzinfo=hours(9))
    assert pause.excerpt == "A breath before answering changes more than you would think."
    assert pause.tags == ["Rest", "Everyday care"]
    assert [(a.name, a.email) for a in pause.authors] == [("Mei Tanaka", "mei@stillwater.example")]
    # No published date: the updated one.
    assert family.published_at == datetime.datetime(2024, 10, 20, 16, 45, tzinfo=hours(-4))
    assert family.body_html == (
        "<p>Deciding <em>before</em> you arrive how long you will stay makes leaving easier.</p>"
        "<blockquote><p>Leaving early was not a failure; it was the plan.</p></blockquote>"
    )
    assert asking.body_html == (
        "<p>Nobody is born knowing how to ask for help &amp; it can feel awkward at first.</p>"
        "<p>Start with a small, specific request to someone you trust.</p>"
    )
    assert asking.published_at == datetime.datetime(2024, 9, 2, 8, tzinfo=datetime.UTC)


def test_an_item_without_a_guid_or_zone_uses_its_link_and_the_given_time_zone(write_export):
    item = (
        "<item><title>Hello</title><link>https://site.example/blog/hello-again.html</link>"
        "<pubDate>Tue, 14 May 2024 09:30:00 -0000</pubDate><description>Hi</description></item>"
    )
    auckland = zoneinfo.ZoneInfo("Pacific/Auckland")
    (article,) = FeedFile(write_export(raw=rss(item)), time_zone=auckland)
    assert article.source_id == "https://site.example/blog/hello-again.html"
    assert article.slug == "hello-again"
    assert article.published_at == datetime.datetime(2024, 5, 14, 9, 30, tzinfo=auckland)
    assert any("read it as Pacific/Auckland time" in note for note in article.notes)


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_entity_and_document_type_attacks_are_refused(write_export, attack):
    with pytest.raises(SourceError, match="declares a document type or entities"):
        FeedFile(write_export(raw=attack)).count()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<rss><channel><item>", "is not a readable XML file (line 1, column 20"),
        (b"<!DOCTYPE html><html></html>", "is not a feed (it is a web page)"),
        (b"<opml><body/></opml>", "is not a feed (its content is <opml>)"),
        (SAMPLE.read_bytes(), "is a WordPress export, not a feed. Import it as a WordPress"),
        (BLOGGER_SAMPLE.read_bytes(), "comes from Blogger. Import it as a Blogger backup"),
    ],
)
def test_a_file_that_is_not_a_feed_gets_a_plain_message(write_export, content, message):
    feed = FeedFile(write_export(raw=content, name="feed.xml"))
    with pytest.raises(SourceError) as refused:
        list(feed)
    assert str(refused.value).startswith(f"feed.xml {message}")


def test_reading_streams_so_memory_does_not_grow_with_the_feed(write_export):
    body = "<p>" + "A calm sentence about rest. " * 90 + "</p>"
    items = [
        f"<item><guid>{n}</guid><title>Post {n}</title><description><![CDATA[{body}]]>"
        "</description></item>"
        for n in range(3000)
    ]
    path = write_export(raw=rss(*items))
    assert path.stat().st_size > 7_000_000
    tracemalloc.start()
    try:
        assert FeedFile(path).count() == 3000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


@pytest.mark.django_db
def test_a_feed_imports_as_drafts_with_blocks_redirects_and_a_summary_note(blog_index):
    report = import_articles(FeedFile(RSS_SAMPLE), blog_index)

    assert [row.outcome for row in report.rows] == ["created"] * 4
    assert not ArticlePage.objects.child_of(blog_index).live().exists()
    page = ImportedItem.objects.get(source_kind="feed", source_id=SAYING_NO).page.specific
    page = page.get_latest_revision_as_object()
    assert [block.block_type for block in page.body] == [
        "paragraph",
        "heading",
        "paragraph",
        "pull_quote",
        "paragraph",
    ]
    assert page.summary.startswith("You do not owe everyone a reason.")
    assert str(page.publication_date) == "2024-10-14"
    assert sorted(tag.name for tag in page.tags.all()) == ["Boundaries", "Everyday care"]
    assert [link.author.name for link in page.article_authors.all()] == ["Rosa Delgado"]
    assert ONLY_A_SUMMARY in report.rows[2].notes

    response = Client().get("/post/saying-no-without-a-long-explanation")
    assert response.status_code == 301
    assert response["Location"] == "/blog/saying-no-without-a-long-explanation/"


@pytest.mark.django_db
def test_an_atom_feed_published_keeps_its_dates_and_importing_again_updates(blog_index):
    import_articles(FeedFile(ATOM_SAMPLE), blog_index, publish=True)
    pages = Page.objects.count()
    pause = ImportedItem.objects.get(
        source_id="https://stillwater.example/journal/what-a-pause-can-do"
    ).page.specific
    assert pause.live
    assert pause.first_published_at == datetime.datetime(2024, 11, 4, 0, 30, tzinfo=datetime.UTC)
    assert str(pause.publication_date) == "2024-11-04"

    again = import_articles(FeedFile(ATOM_SAMPLE), blog_index)

    assert [row.outcome for row in again.rows] == ["updated"] * 3
    assert Page.objects.count() == pages


@pytest.mark.django_db
def test_a_wordpress_export_given_as_a_feed_writes_nothing(blog_index):
    pages = Page.objects.count()
    with pytest.raises(SourceError, match="is a WordPress export"):
        import_articles(FeedFile(SAMPLE), blog_index)
    assert Page.objects.count() == pages
