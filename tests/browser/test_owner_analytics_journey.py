"""Journey 4: the practice owner reads what a reader said and exports it.

A reader votes "Not quite" with a reason and a comment (journey 2); the owner opens Feedback
analytics from the admin menu, finds the article, reads the comment and downloads the CSV.
"""

import csv
import io

import pytest
from playwright.sync_api import expect

from .harness import log_in
from .test_reader_journey import COMMENT, REASON, demo_article, vote_not_quite

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def download_csv(page, link):
    """Click a download link and return the file's rows as dictionaries."""
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as file:
        return list(csv.DictReader(io.StringIO(file.read())))


def test_owner_sees_the_readers_vote_filters_to_the_article_and_exports_csv(
    site, phone_context, context, owner
):
    article = demo_article()
    reader = phone_context.new_page()
    reader.goto(site + article.url)
    expect(vote_not_quite(reader).locator("[data-helpful-panel=sent]")).to_be_visible()

    page = context.new_page()
    log_in(page, site, owner.username)
    page.get_by_role("button", name="Feedback").click()
    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Feedback")
    votes = page.locator(".feedback-figures div", has_text="Votes").locator("dd").first
    assert int(votes.inner_text().replace(",", "")) >= 1

    # The articles table, filtered to this article by its title.
    page.locator("nav").get_by_role("link", name="Articles", exact=True).last.click()
    page.get_by_label("Title contains").fill(article.title)
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.feedback-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(article.title)

    # Its detail screen shows the reason and the comment, escaped as plain text.
    rows.first.get_by_role("link", name=article.title).click()
    expect(page.locator("main")).to_contain_text(REASON)
    expect(page.locator("main")).to_contain_text(COMMENT)

    page.go_back()
    table_rows = download_csv(
        page, page.locator(".feedback-exports li", has_text="Articles table").get_by_text("CSV")
    )
    titles = [list(row.values()) for row in table_rows]
    assert any(article.title in values for values in titles), table_rows[:3]
    comment_rows = download_csv(
        page, page.locator(".feedback-exports li", has_text="Readers' notes").get_by_text("CSV")
    )
    assert any(COMMENT in row.values() for row in comment_rows), comment_rows[:3]
