"""Choosing the adapter for a file: each kind of export goes to its own, reading only the start
of the file, and anything else is refused with the list of files that can be imported."""

import zoneinfo

import pytest

from practice_blog.importers.blogger import BloggerBackup
from practice_blog.importers.feeds import FeedFile
from practice_blog.importers.records import SourceError
from practice_blog.importers.sources import SOURCES, open_source, sniff
from practice_blog.importers.wxr import WordPressExport

from .conftest import SAMPLE, WXR_START
from .test_blogger import BLOGGER_SAMPLE, new_form, new_form_entry
from .test_feeds import ATOM_SAMPLE, RSS_SAMPLE
from .test_wordpress_export import BILLION_LAUGHS, EXTERNAL_DTD, EXTERNAL_ENTITY

# Malformed past the first lines: reading it to the end would fail.
BROKEN_TAIL = "<item><title>Unfinished</item>&&&"


@pytest.mark.parametrize(
    ("path", "adapter"),
    [
        (SAMPLE, WordPressExport),
        (BLOGGER_SAMPLE, BloggerBackup),
        (RSS_SAMPLE, FeedFile),
        (ATOM_SAMPLE, FeedFile),
    ],
)
def test_each_sample_opens_with_its_own_adapter(path, adapter):
    source = open_source(path)
    assert type(source) is adapter
    assert source.count() > 0


def test_the_time_zone_is_passed_to_the_adapter():
    oslo = zoneinfo.ZoneInfo("Europe/Oslo")
    assert open_source(RSS_SAMPLE, time_zone=oslo).time_zone == oslo


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A WordPress export is known by its namespace, before any item.
        (WXR_START + BROKEN_TAIL, "wordpress"),
        ('<rss><channel><wp:wxr_version xmlns:wp="x">1.2</wp:wxr_version>' + BROKEN_TAIL,
         "wordpress"),
        ("<rss><channel><title>News</title><item><title>One</title></item>" + BROKEN_TAIL,
         "feed"),
        (new_form().replace("</feed>", BROKEN_TAIL), "blogger"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:blogger.com,1999:blog-5</id>'
         + BROKEN_TAIL, "blogger"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"><id>https://news.example/</id>'
         "<entry><id>1</id></entry>" + BROKEN_TAIL, "feed"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "feed"),
    ],
)  # fmt: skip
def test_the_kind_is_known_from_the_start_of_the_file(write_export, text, kind):
    assert sniff(write_export(raw=text)) == kind


def test_a_blogger_backup_in_the_newer_form_opens_as_a_backup(write_export):
    path = write_export(raw=new_form(new_form_entry(1)))
    assert type(open_source(path)) is BloggerBackup


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"Title,Date\nHello,2024-01-01\n", "is not a readable XML file (line 1, column 0"),
        (b"", "is not a readable XML file"),
        (b"<!DOCTYPE html><html><body>Hi</body></html>", "is not a file the importer "
         "understands (it is a web page)"),
        (b"<opml><body/></opml>", "is not a file the importer understands (its content is "
         "<opml>)"),
    ],
)  # fmt: skip
def test_anything_else_is_refused_with_the_files_that_are_understood(write_export, content, reason):
    with pytest.raises(SourceError) as refused:
        open_source(write_export(raw=content, name="posts.xml"))
    message = str(refused.value)
    assert message.startswith(f"posts.xml {reason}")
    if "understands" in reason:
        assert message.endswith(
            "Check which files can be imported: WordPress: the export file (.xml); Blogger: the "
            "backup file (.xml); Wix, Squarespace, Substack and other blogs (feed): the blog's "
            "RSS or Atom feed, saved as a file (.xml)."
        )


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_entity_and_document_type_attacks_are_refused(write_export, attack):
    with pytest.raises(SourceError, match="declares a document type or entities"):
        open_source(write_export(raw=attack))


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(SourceError, match="cannot be read: No such file or directory"):
        open_source(tmp_path / "nowhere.xml")


def test_every_source_says_what_to_upload_and_where_to_find_it():
    assert [source.kind for source in SOURCES] == ["wordpress", "blogger", "feed"]
    for source in SOURCES:
        assert source.adapter.source_kind == source.kind
        assert source.name and source.file and source.where
