"""Reading a WordPress export: what comes out of the sample, and files that are refused with a
plain message before anything is read into the site."""

import datetime
import tracemalloc
import zoneinfo

import pytest

from practice_blog.importers.records import DRAFT, PUBLISHED, TRASHED, SourceError
from practice_blog.importers.wxr import WordPressExport, clean_wordpress_markup

from .conftest import WXR_END, WXR_START, wxr_post

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss><channel><title>&lol4;</title></channel></rss>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&secret;</title></channel></rss>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "http://attacker.example/evil.dtd">
<rss><channel></channel></rss>
"""


def test_the_sample_gives_its_posts_and_leaves_out_pages_and_attachments(sample_path):
    export = WordPressExport(sample_path)
    articles = list(export)
    assert export.count() == 5
    assert [article.title for article in articles] == [
        "Why saying “no” is a form of care",
        "What to expect from your first therapy session",
        "A two-minute breathing exercise for hard days",
        "Talking with teenagers after a loss in their school",
        "Sleep and anxiety: notes for a longer post",
    ]
    assert dict(export.left_out) == {"page": 1, "attachment": 1}
    first = articles[0]
    assert first.source_id == "https://willowcreekcounselling.example/?p=12"
    assert first.slug == "why-saying-no-is-a-form-of-care"
    assert first.published_at == datetime.datetime(2023, 5, 14, 16, 30, tzinfo=datetime.UTC)
    assert first.status == PUBLISHED
    assert first.tags == ["Boundaries", "self-care", "relationships"]
    assert [(a.name, a.email) for a in first.authors] == [
        ("Amara Okafor", "amara@willowcreekcounselling.example")
    ]
    assert first.old_paths == ["/2023/05/why-saying-no-is-a-form-of-care/"]
    # The pingback is not a reader's comment.
    assert [comment.author_name for comment in first.comments] == ["Dana"]
    assert "<!--more-->" not in first.body_html
    assert "<figcaption>Two chairs, and room to sit with a decision.</figcaption>" in (
        first.body_html
    )


def test_wordpress_default_category_is_not_a_tag(sample_path):
    breathing = list(WordPressExport(sample_path))[2]
    assert breathing.tags == ["anxiety", "Self-care"]


def test_a_draft_without_utc_date_or_address_name_is_read_in_the_given_time_zone(sample_path):
    chicago = zoneinfo.ZoneInfo("America/Chicago")
    draft = list(WordPressExport(sample_path, time_zone=chicago))[-1]
    assert draft.status == DRAFT
    assert draft.published_at == datetime.datetime(2024, 11, 28, 21, 40, tzinfo=chicago)
    assert draft.slug == "sleep-and-anxiety-notes-for-a-longer-post"
    assert draft.old_paths == []  # "/?p=58" is no address of its own
    assert any("without a time zone; read it as America/Chicago" in n for n in draft.notes)


def test_a_late_evening_post_keeps_the_day_the_old_blog_showed(write_export):
    late = wxr_post(1, post_date="2023-05-14 23:30:00", post_date_gmt="2023-05-15 06:30:00")
    (article,) = WordPressExport(write_export(late))
    assert article.published_at == datetime.datetime(2023, 5, 15, 6, 30, tzinfo=datetime.UTC)
    assert article.published_at.date() == datetime.date(2023, 5, 14)


@pytest.mark.parametrize(
    ("fields", "status", "note"),
    [
        ({"status": "trash"}, TRASHED, None),
        ({"status": "private"}, DRAFT, "Was private in WordPress: kept as a draft."),
        ({"post_password": "letmein"}, DRAFT, "Had a password in WordPress"),
    ],
)
def test_trashed_private_and_password_protected_posts_never_count_as_published(
    write_export, fields, status, note
):
    (article,) = WordPressExport(write_export(wxr_post(1, **fields)))
    assert article.status == status
    if note:
        assert any(n.startswith(note) for n in article.notes)


def test_gutenberg_comments_go_and_blocks_wordpress_builds_itself_are_reported():
    html, notes = clean_wordpress_markup(
        "<!-- wp:paragraph --><p>Hello</p><!-- /wp:paragraph -->"
        '<!-- wp:latest-posts {"postsToShow":3} /--><!-- wp:more --><!--more--><!-- /wp:more -->'
    )
    assert html == "<p>Hello</p>"
    assert notes == [
        "WordPress block “latest-posts” is built by WordPress when the page is shown, so the "
        "export has nothing of it to bring over; left out."
    ]


def test_shortcodes_are_removed_but_square_brackets_in_prose_stay():
    html, notes = clean_wordpress_markup(
        '<p>As she said [sic], see note [1].</p>[gallery ids="3,4"]'
        "[highlight]Keep this text[/highlight][embed]https://vimeo.com/76979871[/embed]"
    )
    assert "[sic]" in html and "[1]" in html
    assert "gallery" not in html and "[highlight]" not in html and "Keep this text" in html
    assert "https://vimeo.com/76979871" in html
    assert notes == [
        "WordPress shortcode [gallery] removed.",
        "WordPress shortcode [highlight] removed.",
    ]


def test_caption_shortcode_becomes_a_figure_with_its_caption():
    html, _ = clean_wordpress_markup(
        '[caption id="attachment_9" width="300"]<a href="/big.jpg"><img src="/small.jpg" '
        'alt="Leaves" /></a> Autumn in the garden[/caption]'
    )
    assert html == (
        '<figure><a href="/big.jpg"><img src="/small.jpg" alt="Leaves" /></a>'
        "<figcaption>Autumn in the garden</figcaption></figure>"
    )


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_entity_and_document_type_attacks_are_refused(write_export, attack):
    export = WordPressExport(write_export(raw=attack))
    with pytest.raises(SourceError, match="declares a document type or entities"):
        export.count()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Title,Date\nHello,2024-01-01\n", "is not a readable XML file (line 1, column 0"),
        (b"", "is not a readable XML file"),
        (b"<rss><channel><item>", "is not a readable XML file"),
        (
            b"<!DOCTYPE html><html><body>Hello</body></html>",
            "is not a WordPress export (it is a web page)",
        ),
        (
            b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>',
            "is not a WordPress export (its content is <feed>)",
        ),
        (
            b"<rss><channel><item><title>News</title></item></channel></rss>",
            "is not a WordPress export (it is an RSS feed)",
        ),
    ],
)
def test_a_file_that_is_not_an_export_gets_a_plain_message(write_export, content, message):
    export = WordPressExport(write_export(raw=content, name="posts.xml"))
    with pytest.raises(SourceError) as refused:
        list(export)
    assert str(refused.value).startswith(f"posts.xml {message}")


def test_a_file_in_another_encoding_than_it_says_is_refused_with_a_hint(write_export):
    latin1 = write_export(wxr_post(1, title="Café"), encoding="latin-1")
    with pytest.raises(SourceError, match="not well-formed.*save it as UTF-8"):
        WordPressExport(latin1).count()


def test_an_export_in_the_encoding_it_declares_is_read(write_export):
    text = (WXR_START + wxr_post(1, title="Café") + WXR_END).replace("UTF-8", "ISO-8859-1")
    (article,) = WordPressExport(write_export(raw=text, encoding="latin-1"))
    assert article.title == "Café"


def test_a_file_over_the_size_limit_is_refused_before_reading(write_export):
    path = write_export(wxr_post(1))
    too_big = r"is \d+\sbytes, more than the 100\sbytes an export may be"
    with pytest.raises(SourceError, match=too_big):
        WordPressExport(path, max_bytes=100).count()


def test_reading_streams_so_memory_does_not_grow_with_the_export(write_export):
    body = "<p>" + "A calm sentence about rest. " * 80 + "</p>"
    path = write_export(*(wxr_post(number, body=body) for number in range(3000)))
    assert path.stat().st_size > 8_000_000
    tracemalloc.start()
    try:
        assert WordPressExport(path).count() == 3000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
