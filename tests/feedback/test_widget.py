"""The widget on the article page: markup, switches, states, privacy and query budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.demo import home_page
from practice_blog.feedback.models import HelpfulVote

pytestmark = pytest.mark.django_db


def widget(html, response):
    return html(response).select_one("section#helpful-feedback")


def visible_panels(section):
    return [
        p["data-helpful-panel"]
        for p in section.select("[data-helpful-panel]")
        if not p.has_attr("hidden")
    ]


def test_article_shows_a_labelled_section_with_real_buttons(client, article, html):
    response = client.get(article.url)
    assert response.status_code == 200
    section = widget(html, response)
    heading = section.select_one("h2")
    assert heading.get_text(strip=True) == "Was this article helpful?"
    assert section["aria-labelledby"] == heading["id"]
    assert visible_panels(section) == ["question"]

    form = section.select_one("[data-helpful-panel=question] form")
    assert form["method"] == "post" and form["action"] == "/feedback/vote/"
    buttons = form.select("button[type=submit]")
    assert [b.get_text(strip=True) for b in buttons] == ["Yes", "Not quite"]
    # The accessible name says the whole thing and starts with the visible text (WCAG 2.5.3).
    assert [b["aria-label"] for b in buttons] == [
        "Yes, this article was helpful",
        "Not quite, this article was not helpful enough",
    ]
    assert {i["name"]: i.get("value") for i in form.select("input[type=hidden]")} == {
        "page": str(article.pk),
        "rendered": form.select_one("input[name=rendered]")["value"],
        "voter": "",
    }


def test_follow_up_offers_the_staff_reasons_a_comment_box_and_the_crisis_note(
    client, article, html, feedback_settings
):
    feedback_settings.reason_5 = ""
    feedback_settings.save()
    section = widget(html, client.get(article.url))
    details = section.select_one("[data-helpful-panel=no] form")
    reasons = [box["value"] for box in details.select("input[type=checkbox][name=reason]")]
    assert reasons == [
        "Didn't answer my question",
        "Hard to understand",
        "Seems out of date",
        "Not relevant to me",
    ]
    for box in details.select("input[type=checkbox]"):
        assert details.select_one(f"label[for={box['id']}]")
    textarea = details.select_one("textarea[name=comment]")
    assert textarea["maxlength"] == "500"
    assert section.select_one(f"label[for={textarea['id']}]")
    note = section.select_one("#helpful-comment-note")
    assert "helpful-comment-note" in textarea["aria-describedby"].split()
    text = " ".join(note.get_text().split())
    assert text.startswith("Please don't include names, contact details or health information.")
    assert "if you need help now" in text
    # No "Get help now" page on the site: 988 and the worldwide helpline directory.
    assert [a["href"] for a in note.select("a")] == ["tel:988", "https://findahelpline.com/"]
    assert text.endswith("call or text 988 or see more crisis lines.")


def test_comment_note_ends_with_the_safety_apps_help_page(client, article, html):
    from practice_blog.safety.models import HelpPage

    help_page = home_page().add_child(instance=HelpPage(title="Get help now", slug="help-now"))
    note = widget(html, client.get(article.url)).select_one("#helpful-comment-note")
    assert [a["href"] for a in note.select("a")] == [help_page.url]
    assert " ".join(note.get_text().split()).endswith(
        "if you need help now, see crisis lines you can call or text."
    )


def test_every_word_comes_from_the_settings(client, article, html, feedback_settings):
    feedback_settings.question = "Did this help you?"
    feedback_settings.yes_label = "It did"
    feedback_settings.thanks_yes = "Lovely, thank you."
    feedback_settings.follow_up_text = "Book a consultation"
    feedback_settings.follow_up_url = "https://booking.example/harbor-light"
    feedback_settings.save()
    section = widget(html, client.get(article.url + "?feedback=yes"))
    assert section.select_one("h2").get_text(strip=True) == "Did this help you?"
    assert section.select("button")[0]["aria-label"] == "It did, this article was helpful"
    yes_panel = section.select_one("[data-helpful-panel=yes]")
    assert yes_panel.select_one(".helpful__thanks").get_text(strip=True) == "Lovely, thank you."
    link = yes_panel.select_one(".helpful__follow-up a")
    assert (link.get_text(strip=True), link["href"]) == (
        "Book a consultation",
        "https://booking.example/harbor-light",
    )


def test_follow_up_link_can_be_a_page_of_the_site(client, article, html, feedback_settings):
    feedback_settings.follow_up_text = "Book a consultation"
    feedback_settings.follow_up_page = article.get_parent()
    feedback_settings.save()
    section = widget(html, client.get(article.url + "?feedback=yes"))
    assert section.select_one(".helpful__follow-up a")["href"] == "/articles/"


def test_page_switch_hides_the_widget(client, article, html):
    article.show_helpful_widget = False
    article.save_revision().publish()
    response = client.get(article.url)
    assert response.status_code == 200
    assert widget(html, response) is None
    assert not html(response).select("script[src*='practice_blog/feedback/js/helpful.js']")


def test_site_switch_hides_the_widget_everywhere(client, article, html, feedback_settings):
    feedback_settings.widget_enabled = False
    feedback_settings.save()
    assert widget(html, client.get(article.url)) is None


@pytest.mark.parametrize("state", ["yes", "no", "sent"])
def test_thank_you_state_is_rendered_from_the_redirect(client, article, html, state):
    voter = "0123456789abcdef" * 2
    section = widget(html, client.get(f"{article.url}?feedback={state}&voter={voter}"))
    assert visible_panels(section) == [state]
    assert {i["value"] for i in section.select("input[name=voter]")} == {voter}


def test_thank_you_page_with_a_voter_key_is_kept_out_of_shared_caches(client, article):
    voter = "0123456789abcdef" * 2
    response = client.get(f"{article.url}?feedback=yes&voter={voter}")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "public" in client.get(article.url)["Cache-Control"]


@pytest.mark.parametrize(
    "query", ["?feedback=maybe", "?feedback=<script>", "?feedback=yes&voter=<b>x</b>"]
)
def test_unknown_states_and_bad_voter_keys_are_ignored(client, article, html, query):
    response = client.get(article.url + query)
    assert response.status_code == 200
    section = widget(html, response)
    assert "<b>" not in response.content.decode().split('id="helpful-feedback"')[1]
    assert {i["value"] for i in section.select("input[name=voter]")} == {""}


def test_article_page_sets_no_cookie_and_does_not_vary_on_cookies(client, article):
    response = client.get(article.url)
    assert response.cookies == {} or not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    assert "public" in response["Cache-Control"]
    assert "csrftoken" not in response.content.decode()
    # The page stays identical for every visitor: no per-visitor token in the markup.
    assert not HelpfulVote.objects.exists()


def test_widget_needs_no_inline_script_or_style(client, article, html):
    section = widget(html, client.get(article.url))
    assert not section.select("[style]")
    assert not section.select("script")  # the module script comes after the section
    page = html(client.get(article.url))
    script = page.select_one("script[src$='practice_blog/feedback/js/helpful.js']")
    assert script["type"] == "module" and not script.string
    assert page.select_one("link[rel=stylesheet][href$='practice_blog/feedback/css/helpful.css']")


def test_widget_adds_one_query_to_the_article_page(client, article, feedback_settings, html):
    """Budget: 1 query (the feedback settings row, read with its follow-up page), whether a
    follow-up page is chosen or not. (Outside a test's transaction the row is remembered
    until the next change: see tests/blog/test_remembered_frame.py.)"""

    def count(url):
        client.get(url)  # warm Wagtail's site and settings caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    with_widget = count(article.url)
    article.show_helpful_widget = False
    article.save_revision().publish()
    without_widget = count(article.url)
    assert with_widget - without_widget == 1

    article.show_helpful_widget = True
    article.save_revision().publish()
    feedback_settings.follow_up_text = "Book"
    feedback_settings.follow_up_page = article.get_parent()
    feedback_settings.save()
    follow_up = html(client.get(article.url)).select_one(".helpful__follow-up a")
    assert (follow_up["href"], follow_up.text) == (article.get_parent().url, "Book")
    assert count(article.url) - without_widget == 1
