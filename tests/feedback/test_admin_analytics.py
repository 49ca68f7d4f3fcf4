"""The feedback analytics admin: who may see it, the figures it shows, moderation, escaping."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from practice_blog.feedback.models import HelpfulVote

from .analytics_data import XSS, make_articles, make_votes, vote


@pytest.fixture
def pages(db):
    return make_articles()


@pytest.fixture
def comments(pages):
    return make_votes(pages)


def view_urls(pages, comments):
    """Every analytics screen a permitted user can open with GET."""
    endings = pages["endings"].pk
    xss = comments["xss"].pk
    return [
        reverse("feedback_analytics:overview"),
        reverse("feedback_analytics:overview") + "?period=all",
        reverse("feedback_analytics:articles"),
        reverse("feedback_analytics:attention"),
        reverse("feedback_analytics:article", args=[endings]),
        reverse("feedback_comments_modeladmin_index"),
        reverse("feedback_comments_modeladmin_inspect", args=[xss]),
        reverse("feedback_analytics:moderate", args=[xss, "spam"]),
    ]


def export_urls():
    return [
        reverse("feedback_analytics:export", args=[kind, fmt])
        for kind in ("articles", "comments")
        for fmt in ("csv", "xlsx")
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, pages, comments):
    for url in view_urls(pages, comments) + export_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def assert_refused(client, response, url):
    """Wagtail's refusal: back to the admin dashboard with "no permission", no data shown."""
    assert response.status_code == 302, url
    assert response["Location"] == reverse("wagtailadmin_home"), url
    dashboard = client.get(response["Location"]).content.decode()
    assert "you do not have permission to access this area" in dashboard, url


def test_editors_are_refused_every_view_and_export(client, editor, pages, comments):
    client.force_login(editor)
    for url in view_urls(pages, comments) + export_urls():
        assert_refused(client, client.get(url), url)
    url = reverse("feedback_analytics:moderate", args=[comments["xss"].pk, "spam"])
    assert_refused(client, client.post(url), url)
    assert HelpfulVote.objects.get(pk=comments["xss"].pk).review_status == "new"


def test_practice_owners_can_open_every_view_and_export(client, owner, pages, comments, html):
    client.force_login(owner)
    for url in view_urls(pages, comments) + export_urls():
        assert client.get(url).status_code == 200, url
    inbox = html(client.get(reverse("feedback_comments_modeladmin_index")))
    links = [a["href"] for a in inbox.select('a[href*="/export/comments."]')]
    assert len(links) == 2 and client.get(links[0]).status_code == 200


def test_exports_need_their_own_permission(client, django_user_model, pages, comments, html):
    viewers = Group.objects.create(name="Feedback viewers")
    viewers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_feedback"),
    )
    user = django_user_model.objects.create_user("viewer", password="a-long-test-password")
    user.groups.add(viewers)
    client.force_login(user)
    for url in (
        reverse("feedback_analytics:overview"),
        reverse("feedback_analytics:articles"),
        reverse("feedback_comments_modeladmin_index"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert not html(response).select('a[href*="/export/"]'), url
    for url in export_urls():
        assert_refused(client, client.get(url), url)


def test_menu_and_home_panel_are_shown_only_with_the_permission(client, owner, editor, pages):
    client.force_login(owner)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Reader feedback, last 30 days" in home
    assert reverse("feedback_analytics:overview") in home  # menu item and panel link
    assert (
        reverse("feedback_pages_practice_blog_blog_articlepage:index") in home
    )  # Feedback → Article pages
    client.force_login(editor)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Reader feedback" not in home
    assert reverse("feedback_analytics:overview") not in home
    assert reverse("feedback_pages_practice_blog_blog_articlepage:index") not in home


def figures(soup):
    """The key figure cards as {label: value}."""
    return {
        card.dt.get_text(strip=True): card.select_one(".feedback-figures__value").get_text(
            strip=True
        )
        for card in soup.select(".feedback-figures > div")
    }


def test_overview_shows_hand_computed_totals_and_comparison(client, owner, comments, html):
    client.force_login(owner)
    soup = html(client.get(reverse("feedback_analytics:overview") + "?period=30d"))
    assert figures(soup) == {"Votes": "24", "Found it helpful": "50%", "Articles with votes": "3"}
    text = soup.select_one(".feedback-figures").get_text(" ", strip=True)
    assert "+20 (+500%) against the previous 30 days (4)" in text
    assert "−25 points against the previous 30 days (75%)" in text
    desc = soup.find("desc", id="overview-chart-desc").get_text()
    assert "24 votes, 50% helpful" in desc
    table_rows = soup.select(".feedback-chart-figure tbody tr")
    assert len(table_rows) == 30  # one row per day, empty days included
    assert sum(int(row.select("td")[0].text) for row in table_rows) == 24


def test_all_time_overview_has_no_comparison(client, owner, comments, html):
    client.force_login(owner)
    soup = html(client.get(reverse("feedback_analytics:overview") + "?period=all"))
    assert figures(soup)["Votes"] == "28"
    assert "All votes since the first one" in soup.select_one(".feedback-figures").get_text()


def article_table(soup):
    """The articles table as a list of row texts (title first)."""
    return [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in soup.select("table.feedback-table tbody tr")
    ]


def test_articles_are_ranked_by_wilson_lower_bound(client, owner, comments, html):
    client.force_login(owner)
    soup = html(client.get(reverse("feedback_analytics:articles")))
    assert article_table(soup) == [
        # title, votes, helpful, not helpful, share, score, top reason, last vote
        ["Setting boundaries", "10", "8", "2", "80%", "49%", "Hard to understand", article_day(0)],
        ["Two votes only", "2", "2", "0", "100%", "34%", "—", article_day(1)],
        ["Endings & <goodbyes>", "12", "2", "10", "17%", "5%", "Seems out of date", article_day(1)],
    ]


def article_day(days_ago):
    import datetime

    from django.utils import timezone

    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return f"{day.day} {day:%b %Y}"


def test_article_rows_link_to_the_article_in_the_same_period(client, owner, pages, comments, html):
    client.force_login(owner)

    def links(view):
        soup = html(client.get(reverse(f"feedback_analytics:{view}"), {"period": "90d"}))
        return [a["href"] for a in soup.select("table.feedback-table tbody th a")]

    def detail(name):
        return reverse("feedback_analytics:article", args=[pages[name].pk]) + "?period=90d"

    assert links("articles") == [detail("boundaries"), detail("two"), detail("endings")]
    assert links("attention") == [detail("endings")]


def test_articles_table_sorts_filters_and_searches(client, owner, comments, html):
    client.force_login(owner)
    url = reverse("feedback_analytics:articles")
    by_share = article_table(html(client.get(url + "?sort=-share")))
    assert [row[0] for row in by_share] == [
        "Two votes only",
        "Setting boundaries",
        "Endings & <goodbyes>",
    ]
    by_title = article_table(html(client.get(url + "?sort=title")))
    assert [row[0] for row in by_title][0] == "Endings & <goodbyes>"
    tagged = article_table(html(client.get(url + "?tag=boundaries")))
    assert [row[0] for row in tagged] == ["Setting boundaries", "Two votes only"]
    by_author = article_table(html(client.get(url + "?author=sam-reyes")))
    assert [row[0] for row in by_author] == ["Endings & <goodbyes>"]
    searched = article_table(html(client.get(url + "?q=two")))
    assert [row[0] for row in searched] == ["Two votes only"]
    hostile = client.get(url, {"q": "<script>" * 100, "sort": "nonsense", "p": "x"})
    assert hostile.status_code == 200
    assert "No article matches" in hostile.content.decode()


def test_needs_attention_lists_only_articles_with_enough_votes_and_a_low_score(
    client, owner, comments, html
):
    client.force_login(owner)
    soup = html(client.get(reverse("feedback_analytics:attention")))
    assert [row[0] for row in article_table(soup)] == ["Endings & <goodbyes>"]


def test_article_detail_shows_reasons_comments_and_edit_dates(client, owner, pages, comments, html):
    client.force_login(owner)
    endings = pages["endings"]
    endings.title = "Endings & <goodbyes>"
    endings.save_revision().publish()  # a second publish: an "Edited" marker today
    soup = html(client.get(reverse("feedback_analytics:article", args=[endings.pk])))
    assert figures(soup) == {"Votes": "12", "Found it helpful": "17%", "Score": "5%"}
    reasons = [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in soup.select("#feedback-reasons-heading + table tbody tr")
    ]
    assert reasons == [
        ["Seems out of date", "6"],
        ["Hard to understand", "3"],
        ["Something else", "1"],
    ]
    assert [p.get_text() for p in soup.select(".feedback-comments__text")] == [XSS]
    desc = soup.find("desc", id="article-chart-desc").get_text()
    assert "edited on" in desc
    svg = soup.find("svg", class_="feedback-chart")
    assert svg.find_all("line", attrs={"stroke-dasharray": "4 3"})


def test_unknown_article_is_404_and_bad_period_is_400(client, owner, comments, html):
    client.force_login(owner)
    assert client.get(reverse("feedback_analytics:article", args=[999999])).status_code == 404
    response = client.get(
        reverse("feedback_analytics:overview"),
        {"period": "custom", "start": "2026-02-30", "end": "2026-03-01"},
    )
    assert response.status_code == 400
    assert "Enter the start date as YYYY-MM-DD" in html(response).select_one('[role="alert"]').text


def test_marking_spam_takes_the_vote_out_of_every_figure(client, owner, pages, comments, html):
    client.force_login(owner)
    spam = comments["xss"]
    response = client.post(reverse("feedback_analytics:moderate", args=[spam.pk, "spam"]))
    assert response.status_code == 302
    assert HelpfulVote.objects.get(pk=spam.pk).review_status == "spam"
    overview = html(client.get(reverse("feedback_analytics:overview")))
    assert figures(overview)["Votes"] == "23"
    rows = article_table(html(client.get(reverse("feedback_analytics:articles"))))
    assert rows[-1][:4] == ["Endings & <goodbyes>", "11", "2", "9"]
    csv_text = client.get(reverse("feedback_analytics:export", args=["articles", "csv"]))
    assert f"{pages['endings'].pk},Endings & <goodbyes>,11,2,9" in csv_text.content.decode()
    # Restoring counts it again.
    client.post(reverse("feedback_analytics:moderate", args=[spam.pk, "restore"]))
    assert figures(html(client.get(reverse("feedback_analytics:overview"))))["Votes"] == "24"


def test_review_and_delete_from_the_inbox(client, owner, comments, html):
    client.force_login(owner)
    xss, formula = comments["xss"], comments["formula"]
    client.post(reverse("feedback_analytics:moderate", args=[xss.pk, "review"]))
    assert HelpfulVote.objects.get(pk=xss.pk).review_status == "reviewed"
    inbox = html(
        client.get(reverse("feedback_comments_modeladmin_index") + "?review_status__exact=new")
    )
    assert XSS not in inbox.get_text()
    client.post(reverse("feedback_analytics:moderate", args=[formula.pk, "delete"]))
    assert not HelpfulVote.objects.filter(pk=formula.pk).exists()
    all_time = html(client.get(reverse("feedback_analytics:overview") + "?period=all"))
    assert figures(all_time)["Votes"] == "27"
    assert (
        client.get(reverse("feedback_analytics:moderate", args=[xss.pk, "explode"])).status_code
        == 404
    )


def test_inbox_filters_by_article_and_reason(client, owner, pages, comments, html):
    client.force_login(owner)
    url = reverse("feedback_comments_modeladmin_index")
    by_article = html(client.get(url, {"article": pages["boundaries"].pk}))
    text = by_article.select_one("table").get_text()
    assert "HYPERLINK" in text and "alert" not in text
    by_reason = html(client.get(url, {"reason": "Something else"}))
    text = by_reason.select_one("table").get_text()
    assert "alert" in text and "HYPERLINK" not in text


def test_comment_text_is_escaped_in_every_view(client, owner, pages, comments):
    client.force_login(owner)
    urls = [
        reverse("feedback_analytics:article", args=[pages["endings"].pk]),
        reverse("feedback_comments_modeladmin_index"),
        reverse("feedback_comments_modeladmin_inspect", args=[comments["xss"].pk]),
        reverse("feedback_analytics:moderate", args=[comments["xss"].pk, "spam"]),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        assert '<script>alert("xss")' not in body, url
        assert "<img src=x" not in body, url
        assert "&lt;script&gt;alert(" in body, url


def test_one_comment_shows_its_answer_in_words_and_solid_moderation_buttons(
    client, owner, pages, comments, html
):
    client.force_login(owner)
    page = html(
        client.get(reverse("feedback_comments_modeladmin_inspect", args=[comments["xss"].pk]))
    )
    values = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
        for dt in page.select("main dl dt")
    }
    assert values["Helpful"] == "Not helpful"
    assert values["Reasons"] == "Something else"
    assert values["Current answer"] == "Yes"
    # Wagtail's footer is dark: the outlined "secondary" style would be unreadable there.
    footer_buttons = page.select("footer a.button")
    assert [a.get_text(strip=True) for a in footer_buttons] == [
        "Mark as reviewed",
        "Mark as spam",
        "Delete",
    ]
    assert not [a for a in footer_buttons if "button-secondary" in a["class"]]


def test_page_editor_shows_the_feedback_panel_only_with_the_permission(
    client, owner, editor, pages, comments
):
    url = reverse("wagtailadmin_pages:edit", args=[pages["endings"].pk])
    client.force_login(owner)
    body = client.get(url).content.decode()
    assert "Reader feedback, last 90 days" in body
    assert "12 votes: 2 helpful, 10 not helpful (17% helpful; score 5%)" in body
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "Reader feedback, last 90 days" not in response.content.decode()


def test_article_page_listing_has_a_helpfulness_column_for_permitted_users(
    client, owner, editor, pages, comments, html
):
    url = reverse("feedback_pages_practice_blog_blog_articlepage:index")
    client.force_login(owner)
    soup = html(client.get(url))
    headers = [th.get_text(strip=True) for th in soup.select("table thead th")]
    assert "Helpful (90 days)" in headers
    rows = {
        row.select_one("td.title a").get_text(strip=True): row.get_text(" ", strip=True)
        for row in soup.select("table tbody tr")
        if row.select_one("td.title a")
    }
    assert "17% of 12" in rows["Endings & <goodbyes>"]
    assert "79% of 14" in rows["Setting boundaries"]  # 11 of 14 in 90 days
    client.force_login(editor)
    soup = html(client.get(url))
    assert "Helpful (90 days)" not in [th.get_text(strip=True) for th in soup.select("thead th")]


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_screens_run_the_same_number_of_queries_whatever_the_number_of_articles(
    client, owner, pages, comments
):
    """Figures come from a fixed number of rollup queries, not one per article or vote."""
    client.force_login(owner)
    urls = [
        reverse("feedback_analytics:overview") + "?period=all",
        reverse("feedback_analytics:articles") + "?period=all",
        reverse("feedback_analytics:attention"),
    ]
    before = [count_queries(client, url) for url in urls]
    index = pages["two"].get_parent()
    for number in range(8):
        extra = index.add_child(
            instance=type(pages["two"])(
                title=f"Extra {number}",
                slug=f"extra-{number}",
                summary="More.",
                body=[("paragraph", "<p>More words.</p>")],
            )
        )
        for days in range(3):
            vote(extra, days % 2 == 0, days, [] if days % 2 == 0 else ["Hard to understand"])
    assert [count_queries(client, url) for url in urls] == before


@pytest.mark.parametrize("value", ["\u00b2", "abc", "99999999999999"])
def test_comments_inbox_ignores_a_malformed_article_filter(client, owner, value):
    client.force_login(owner)
    url = reverse("feedback_comments_modeladmin_index")
    response = client.get(url, {"article": value})
    assert response.status_code in (200, 302)


def expected_table(period_key, sort):
    """The articles table as the export computes it: every column read for every article."""
    from practice_blog.feedback import analytics

    period = analytics.parse_period({"period": period_key})
    articles, _sort = analytics.sort_articles(analytics.article_figures(period), sort)
    return [
        [
            a.title,
            str(a.votes),
            str(a.helpful),
            str(a.not_helpful),
            a.share_display,
            a.score_display,
            a.top_reason or "—",
            f"{a.last_vote.day} {a.last_vote:%b %Y}",
        ]
        for a in articles
    ]


@pytest.mark.parametrize("period", ["30d", "all"])
def test_every_page_of_the_articles_table_shows_every_column_for_every_sort(
    client, owner, pages, comments, html, monkeypatch, period
):
    """Titles, top reasons and last votes are read for the rows shown only: every page of
    the table, in every order, still shows what the full figures (the export) say."""
    from practice_blog.feedback import admin_views

    monkeypatch.setattr(admin_views, "ARTICLES_PER_PAGE", 2)
    pages["endings"].delete()  # its title now comes from its last vote
    client.force_login(owner)
    url = reverse("feedback_analytics:articles")
    for column, _label in admin_views.SORTABLE_COLUMNS:
        for sort in (column, f"-{column}"):
            shown = []
            for number in (1, 2):
                query = {"period": period, "sort": sort, "p": number}
                shown += article_table(html(client.get(url, query)))
            assert shown == expected_table(period, sort), sort
    assert "Endings & <goodbyes> (deleted page)" in [row[0] for row in shown]


def test_overview_lists_show_titles_votes_and_top_reasons(client, owner, pages, comments, html):
    client.force_login(owner)
    soup = html(client.get(reverse("feedback_analytics:overview") + "?period=30d"))
    lists = {
        section.h2.get_text(strip=True): [item.get_text(" ", strip=True) for item in section("li")]
        for section in soup.select(".feedback-columns > section")
    }
    assert lists == {
        "Needs attention": [
            "Endings & <goodbyes> : 17% helpful of 12 votes, mostly “Seems out of date”"
        ],
        "Most helpful": [
            "Setting boundaries : 80% helpful of 10 votes",
            "Two votes only : 100% helpful of 2 votes",
            "Endings & <goodbyes> : 17% helpful of 12 votes",
        ],
        "Top reasons for “Not quite”": [
            "Seems out of date: 6",
            "Hard to understand: 5",
            "Something else: 1",
        ],
    }
