"""``manage.py import_blog``: a WordPress export comes in as draft articles with their blocks,
tags, authors, dates and redirects; importing again updates; bad files change nothing."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Revision

from practice_blog.blog.models import ArticlePage, Author
from practice_blog.importers import importer
from practice_blog.importers.importer import import_articles
from practice_blog.importers.models import ImportedItem
from practice_blog.importers.records import ImportedArticle
from practice_blog.newsletter.models import Dispatch
from tests.newsletter.sending_helpers import make_readers

from .conftest import WXR_END, WXR_START, wxr_post
from .test_wordpress_export import BILLION_LAUGHS, EXTERNAL_ENTITY

pytestmark = pytest.mark.django_db

SAYING_NO = "https://willowcreekcounselling.example/?p=12"
FIRST_SESSION = "https://willowcreekcounselling.example/?p=27"
TEENAGERS = "https://willowcreekcounselling.example/?p=46"


def imported(source_id):
    """The article imported from ``source_id``, as its latest (draft) revision shows it."""
    page = ImportedItem.objects.get(source_id=source_id).page.specific
    return page.get_latest_revision_as_object()


def summary_line(output):
    return output.strip().splitlines()[-1]


def written_rows():
    """Everything an import writes, counted."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "authors": Author.objects.count(),
        "tags": Tag.objects.count(),
        "redirects": Redirect.objects.count(),
        "imported": ImportedItem.objects.count(),
    }


def test_the_sample_comes_in_as_drafts_with_blocks_tags_authors_and_dates(
    import_blog, sample_path, blog_index
):
    output = import_blog(sample_path)

    articles = ArticlePage.objects.child_of(blog_index)
    assert articles.count() == 5
    assert not articles.live().exists()
    saying_no = imported(SAYING_NO)
    assert saying_no.title == "Why saying “no” is a form of care"
    assert saying_no.slug == "why-saying-no-is-a-form-of-care"
    assert str(saying_no.publication_date) == "2023-05-14"
    assert [block.block_type for block in saying_no.body] == [
        "paragraph",
        "heading",
        "paragraph",
        "pull_quote",
        "paragraph",
    ]
    assert saying_no.body[3].value["attribution"] == "A client, shared with permission"
    assert saying_no.summary.startswith("Many of the people I see are very good at looking")
    assert sorted(tag.name for tag in saying_no.tags.all()) == [
        "Boundaries",
        "relationships",
        "self-care",
    ]
    assert "<script" not in str(saying_no.body.raw_data)
    (amara,) = [link.author for link in saying_no.article_authors.all()]
    assert amara.name == "Amara Okafor"
    assert not amara.live  # a new author waits as a draft for their bio
    assert amara.email == ""  # the WordPress address is only used for matching

    session = imported(FIRST_SESSION)
    assert [block.block_type for block in session.body] == [
        "paragraph",
        "heading",
        "paragraph",
        "heading",
        "paragraph",
        "pull_quote",
        "embed",
        "divider",
    ]
    video = session.body[6].value
    assert video["url"] == "https://www.youtube.com/watch?v=Hq4tB7vL2cE"
    assert video["caption"] == "A short tour of our waiting room and counselling rooms."
    assert session.summary.startswith("A first session is a conversation, not a test.")
    # "self-care" and "Self-care" are one tag.
    assert Tag.objects.filter(name__iexact="self-care").count() == 1
    assert Author.objects.count() == 2

    assert "[1/5] Why saying “no” is a form of care: created" in output
    assert "[4/5] Talking with teenagers after a loss in their school: created (needs a " in output
    assert "Left out, as they are not posts: 1 attachment, 1 page." in output
    assert summary_line(output).startswith(
        "Imported 5 articles as drafts: 5 new, 0 updated, 0 skipped; 1 needs a safe-messaging "
        "look; report in "
    )


def test_the_report_lists_every_article_with_what_changed_and_why(
    import_blog, sample_path, report_rows
):
    import_blog(sample_path)
    rows = {row["Source id"]: row for row in report_rows()}
    assert len(rows) == 5
    saying_no = rows[SAYING_NO]
    assert saying_no["Outcome"] == "created"
    assert saying_no["Edit in the admin"] == f"/admin/pages/{imported(SAYING_NO).pk}/edit/"
    for note in [
        "1 script removed.",
        "Picture not brought over (no media folder given): "
        "https://willowcreekcounselling.example/wp-content/uploads/"
        "2023/05/porch-chairs.jpg (caption: “Two chairs, and room to sit with a decision.”)",
        "Tracking pixel removed (pixel.tracker.example).",
        "No excerpt in the source: the summary is the first paragraph.",
        "New author “Amara Okafor” created as a draft",
        "1 comment waiting for review under Reader comments.",
    ]:
        assert note in saying_no["Notes"]
    teenagers = rows[TEENAGERS]
    assert teenagers["Needs a safe-messaging look"] == "yes"
    assert (
        "Safe messaging, Article text, block 1 (Paragraph): “committed suicide” (suggested "
        "wording: died by suicide; took their own life)."
    ) in teenagers["Notes"]
    assert [row["Needs a safe-messaging look"] for row in rows.values()].count("yes") == 1


def test_importing_again_updates_the_same_articles(import_blog, sample_path, blog_index):
    import_blog(sample_path)
    first_ids = set(ArticlePage.objects.values_list("pk", flat=True))
    before = written_rows()

    output = import_blog(sample_path)

    assert set(ArticlePage.objects.values_list("pk", flat=True)) == first_ids
    after = written_rows()
    assert after["revisions"] == before["revisions"] + 5  # one new draft revision each
    assert {key: after[key] for key in after if key != "revisions"} == {
        key: before[key] for key in before if key != "revisions"
    }
    assert "Imported 5 articles as drafts: 0 new, 5 updated, 0 skipped" in output


def test_an_article_edited_since_the_import_is_left_alone(import_blog, sample_path):
    import_blog(sample_path)
    page = imported(SAYING_NO)
    page.title = "Saying no, kindly"
    page.save_revision()

    output = import_blog(sample_path)

    assert imported(SAYING_NO).title == "Saying no, kindly"
    assert "[1/5] Why saying “no” is a form of care: skipped" in output
    assert "4 updated, 1 skipped" in output


def test_existing_authors_are_matched_by_email_or_name(import_blog, sample_path, make_author):
    amara = make_author("Dr Amara", email="AMARA@willowcreekcounselling.example")
    tom = make_author("tom reyes")

    import_blog(sample_path)

    assert [link.author for link in imported(SAYING_NO).article_authors.all()] == [amara]
    assert [link.author for link in imported(FIRST_SESSION).article_authors.all()] == [tom]
    assert Author.objects.count() == 2


def test_a_taken_address_name_gets_a_free_one_and_a_note(
    import_blog, sample_path, make_article, report_rows
):
    make_article("Our own article", slug="first-therapy-session")

    import_blog(sample_path)

    assert imported(FIRST_SESSION).slug == "first-therapy-session-1"
    notes = {row["Source id"]: row["Notes"] for row in report_rows()}[FIRST_SESSION]
    assert "The address name “first-therapy-session” was taken in this blog; used " in notes


def test_old_addresses_redirect_to_the_article_once_it_is_published(
    import_blog, sample_path, client
):
    import_blog(sample_path)
    old = "/2023/05/why-saying-no-is-a-form-of-care/"
    # A redirect to a draft leads to its future address, which answers only once published.
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == "/blog/why-saying-no-is-a-form-of-care/"
    assert client.get(response["Location"]).status_code == 404

    import_blog(sample_path, "--publish")

    response = client.get(old, follow=True)
    assert response.redirect_chain == [("/blog/why-saying-no-is-a-form-of-care/", 301)]
    assert response.status_code == 200
    assert Redirect.objects.filter(old_path="/2023/05/why-saying-no-is-a-form-of-care").count() == 1


def test_a_sites_own_redirect_is_never_replaced(import_blog, sample_path, report_rows):
    Redirect.add_redirect("/2023/09/first-therapy-session/", redirect_to="/welcome/")

    import_blog(sample_path)

    assert Redirect.objects.get(old_path="/2023/09/first-therapy-session").link == "/welcome/"
    notes = {row["Source id"]: row["Notes"] for row in report_rows()}[FIRST_SESSION]
    kept = "/2023/09/first-therapy-session/ already redirects elsewhere; that redirect is kept."
    assert kept in notes


def test_publish_publishes_what_was_published_and_emails_no_one(
    import_blog, sample_path, django_capture_on_commit_callbacks, mailoutbox
):
    make_readers(2)
    with django_capture_on_commit_callbacks(execute=True):
        output = import_blog(sample_path, "--publish")

    live = ArticlePage.objects.live()
    assert live.count() == 4  # the WordPress draft stays a draft
    assert not ArticlePage.objects.get(title__startswith="Sleep and anxiety").live
    saying_no = live.get(slug="why-saying-no-is-a-form-of-care")
    assert str(saying_no.first_published_at.date()) == "2023-05-14"  # the original date
    assert mailoutbox == []
    assert Dispatch.objects.count() == 0
    assert "Imported 5 articles (4 published, 1 as drafts): 5 new" in output


def test_a_published_import_reads_as_our_article_with_nothing_from_other_sites(
    import_blog, sample_path, client, html
):
    import_blog(sample_path, "--publish")

    page = html(client.get("/blog/first-therapy-session/"))
    article = page.select_one("main")
    assert article.select_one("h1").get_text(strip=True) == (
        "What to expect from your first therapy session"
    )
    assert [h.get_text(strip=True) for h in article.select("h2, h3")][:2] == [
        "Before you arrive",
        "What we will talk about",
    ]
    assert "You do not have to know what to say." in article.select_one("blockquote").get_text()
    video = article.select_one("[data-video-embed]")
    assert video["data-player-url"] == "https://www.youtube-nocookie.com/embed/Hq4tB7vL2cE"
    assert page.select("iframe") == []  # nothing loads from YouTube until the reader asks
    breathing = client.get("/blog/breathing-exercise/").content.decode()
    assert "facebook.com/plugins" not in breathing
    assert "_paq" not in client.get("/blog/why-saying-no-is-a-form-of-care/").content.decode()


def test_a_dry_run_writes_nothing_and_still_reports(import_blog, sample_path, report_rows):
    before = written_rows()

    output = import_blog(sample_path, "--dry-run", "--publish")

    assert written_rows() == before
    assert summary_line(output).startswith(
        "Dry run, nothing saved: would import 5 articles as drafts: 5 new, 0 updated, "
        "0 skipped; 1 needs a safe-messaging look"
    )
    rows = report_rows()
    assert [row["Outcome"] for row in rows] == ["created"] * 5
    assert "Would be published." in rows[0]["Notes"]
    assert rows[0]["Edit in the admin"] == ""


def test_one_failing_article_leaves_nothing_of_itself_and_the_others_come_in(
    import_blog, write_export, report_rows, monkeypatch
):
    check = importer._check_safe_messaging

    def fail_for_broken(page, row):
        if page.title == "Broken":  # after its page, author and redirect were saved
            raise ValidationError("Something in it cannot be saved.")
        check(page, row)

    monkeypatch.setattr(importer, "_check_safe_messaging", fail_for_broken)
    broken = wxr_post(2, title="Broken").replace("someone", "Only in broken")
    export = write_export(
        wxr_post(1, title="Fine"),
        broken,
        wxr_post(3, title="T" * 300),  # our titles stop at 255: shortened, with a note
        wxr_post(4, title="Trashed", status="trash"),
    )

    output = import_blog(export)

    assert sorted(ArticlePage.objects.values_list("slug", flat=True)) == ["post-1", "post-3"]
    assert not Author.objects.filter(name="Only in broken").exists()
    assert not Redirect.objects.filter(old_path="/post-2").exists()
    assert ImportedItem.objects.count() == 2
    assert "2 new, 0 updated, 2 skipped" in output
    notes = [row["Notes"] for row in report_rows()]
    assert notes[1] == "Not imported, nothing of it was saved: Something in it cannot be saved."
    assert "The title was shortened to 255 characters." in notes[2]
    assert notes[3] == "Deleted or in the trash on the old blog."


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_hostile_xml_is_refused_and_nothing_is_written(import_blog, write_export, attack):
    before = written_rows()
    with pytest.raises(CommandError) as refused:
        import_blog(write_export(raw=attack))
    assert "declares a document type or entities" in str(refused.value)
    assert str(refused.value).endswith("Nothing was imported.")
    assert written_rows() == before


def test_a_file_that_is_not_an_export_is_refused(import_blog, write_export):
    with pytest.raises(CommandError, match="not a file the importer understands .*Nothing was"):
        import_blog(write_export(raw="<catalog><book>A title</book></catalog>"))
    assert ArticlePage.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "problem"), [("nowhere.xml", "No such file or directory"), ("", "Is a directory")]
)
def test_a_file_that_cannot_be_opened_is_refused(import_blog, tmp_path, name, problem):
    with pytest.raises(CommandError, match=f"cannot be read: {problem}. Nothing was imported."):
        import_blog(tmp_path / name)


@pytest.mark.parametrize("into", ["999999", "no-such-blog"])
def test_an_unknown_blog_is_named_with_the_blogs_there_are(import_blog, sample_path, into):
    with pytest.raises(CommandError) as refused:
        import_blog(sample_path, into=into)
    assert str(refused.value).startswith(f"No blog has the id or address name “{into}”.")
    assert "Blogs on this site: Articles (id " in str(refused.value)


def test_the_blog_can_be_given_by_id(import_blog, sample_path, blog_index):
    import_blog(sample_path, into=blog_index.pk)
    assert ArticlePage.objects.child_of(blog_index).count() == 5


def test_a_wrong_time_zone_name_is_refused(import_blog, sample_path):
    with pytest.raises(CommandError, match="is not a time zone name"):
        import_blog(sample_path, "--time-zone", "Mars/Olympus")


def test_records_from_any_adapter_can_be_imported_directly(blog_index):
    long_id = "https://old.example/?p=1&" + "x" * 300
    records = [
        ImportedArticle(source_id=long_id, title="From a feed", body_html="<p>Hello</p>"),
        ImportedArticle(source_id="", title="No identifier"),
    ]

    report = import_articles(records, blog_index, source_kind="rss")

    assert [row.outcome for row in report.rows] == ["created", "skipped"]
    assert report.rows[1].notes == [
        "The file gives it no identifier, so a new import could not find it."
    ]
    item = ImportedItem.objects.get()
    assert item.source_kind == "rss"
    assert item.source_id.startswith("sha256:")  # too long for the column, so its hash
    again = import_articles(records[:1], blog_index, source_kind="rss")
    assert again.rows[0].outcome == "updated"


NO_DATE = "0000-00-00 00:00:00"  # what WordPress writes for a post it has no date for


def test_imported_articles_are_never_emailed_now_or_when_published_later(
    import_blog, write_export, django_capture_on_commit_callbacks, mailoutbox
):
    from datetime import timedelta

    from django.utils import timezone

    from practice_blog.newsletter.digests import articles_published_between

    make_readers(2)
    yesterday = timezone.now() - timedelta(days=1)
    export = write_export(
        wxr_post(
            1, "Undated", post_date="0000-00-00 00:00:00", post_date_gmt="0000-00-00 00:00:00"
        ),
        wxr_post(2, "Yesterday", post_date_gmt=f"{yesterday:%Y-%m-%d %H:%M:%S}"),
        wxr_post(3, "A draft there", status="draft"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_blog(export, "--publish")
    assert not ArticlePage.objects.filter(email_subscribers=True).exists()
    week = (timezone.now() - timedelta(days=7), timezone.now() + timedelta(days=1))
    site = ArticlePage.objects.first().get_site()
    assert not list(articles_published_between(site, *week))
    draft = ArticlePage.objects.get(title="A draft there")
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()  # staff publish it later, in the admin
    assert Dispatch.objects.count() == 0
    assert mailoutbox == []


def test_an_article_deleted_in_the_admin_is_not_brought_back(import_blog, sample_path, report_rows):
    import_blog(sample_path)
    ArticlePage.objects.get(slug="why-saying-no-is-a-form-of-care").delete()
    import_blog(sample_path)
    assert not ArticlePage.objects.filter(slug="why-saying-no-is-a-form-of-care").exists()
    notes = " ".join(row["Notes"] for row in report_rows())
    assert "Deleted in the admin since the last import, so not brought back." in notes


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (
            WXR_START.replace("<channel>", "<x><y/></x><channel>") + WXR_END,
            "",
        ),
        (
            '<?xml version="1.0" encoding="no-such-encoding"?>' + WXR_START + WXR_END,
            "encoding that cannot be read",
        ),
        (
            '<?xml version="1.0" encoding="Shift_JIS"?>' + WXR_START.split("?>", 1)[1] + WXR_END,
            "encoding that cannot be read",
        ),
    ],
    ids=["element outside the channel", "unknown encoding", "multi-byte encoding"],
)
def test_odd_files_get_a_clear_message_not_a_traceback(import_blog, write_export, raw, words):
    export = write_export(raw=raw.encode())
    try:
        import_blog(export)
    except CommandError as refused:
        assert words in str(refused)
    else:
        assert not words, "the file was not refused"
    assert ArticlePage.objects.count() == 0


def test_markup_nested_too_deep_skips_that_article_only(import_blog, write_export, report_rows):
    deep = "<div>" * 3000 + "words" + "</div>" * 3000
    import_blog(write_export(wxr_post(1, "Deep", body=deep), wxr_post(2, "Plain")))
    assert list(ArticlePage.objects.values_list("title", flat=True)) == ["Plain"]
    assert "could not be read" in report_rows()[0]["Notes"]


def test_a_report_that_would_overwrite_the_export_or_has_no_folder_is_refused(
    write_export, blog_index, tmp_path
):
    export = write_export(wxr_post(1))
    for report, words in [
        (export, "would overwrite the export"),
        (tmp_path / "no" / "r.csv", "no such folder"),
    ]:
        with pytest.raises(CommandError, match=words):
            call_command(
                "import_blog",
                str(export),
                "--into",
                blog_index.slug,
                "--report",
                str(report),
                stdout=io.StringIO(),
            )
    assert ArticlePage.objects.count() == 0


@pytest.mark.parametrize("into", ["²", "99999999999999999999999"])
def test_odd_blog_numbers_are_refused_clearly(import_blog, sample_path, into):
    with pytest.raises(CommandError, match="No blog has the id or address name"):
        import_blog(sample_path, into=into)


def test_comments_wait_for_review_with_their_addresses_private(
    import_blog, sample_path, client, django_capture_on_commit_callbacks, mailoutbox
):
    from practice_blog.comments.models import ReaderComment

    with django_capture_on_commit_callbacks(execute=True):
        import_blog(sample_path, "--publish")
    (comment,) = ReaderComment.objects.all()  # the pingback is not a reader's comment
    assert comment.status == ReaderComment.Status.HELD
    assert comment.display_name == "Dana"
    assert comment.body.startswith('"Let me check and get back to you" has saved me')
    article = comment.page.specific
    page = client.get(article.url).content.decode()
    assert "saved me twice" not in page and "dana@mail.example" not in page
    assert mailoutbox == []
    import_blog(sample_path, "--publish")  # again: found, not doubled
    assert ReaderComment.objects.count() == 1


def test_an_old_comment_with_a_risk_phrase_is_held_as_urgent(import_blog, write_export):
    from practice_blog.comments.models import ReaderComment

    comment = (
        "<wp:comment><wp:comment_author>Sam</wp:comment_author>"
        "<wp:comment_author_email>sam@old.example</wp:comment_author_email>"
        "<wp:comment_date_gmt>2024-02-02 10:00:00</wp:comment_date_gmt>"
        "<wp:comment_content><![CDATA[<p>Some days I <b>want to die</b>.</p>]]>"
        "</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved></wp:comment>"
    )
    import_blog(write_export(wxr_post(1).replace("</item>", comment + "</item>")))
    held = ReaderComment.objects.get()
    assert held.is_urgent and held.status == ReaderComment.Status.HELD
    assert held.body == "Some days I want to die."
