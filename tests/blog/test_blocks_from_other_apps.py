"""Articles can carry the safety app's help block and the newsletter's signup block."""

import pytest

from practice_blog.safety.review import page_has_help_block
from tests.blog.conftest import paragraph

pytestmark = pytest.mark.django_db


def test_article_renders_crisis_help_and_signup_blocks(make_article, client, html):
    article = make_article(
        body=[
            paragraph("Some words about a hard week."),
            {
                "type": "crisis_help",
                "value": {"heading": "Help tonight", "use_site_defaults": True},
            },
            {"type": "newsletter_signup", "value": {"heading": "Get new posts by email"}},
        ]
    )
    page = html(client.get(article.url))
    body = page.select_one("article")
    help_section = body.find(string="Help tonight").find_parent("section")
    assert help_section.select_one('a[href="tel:988"]')
    assert body.find(string="Get new posts by email")
    assert page.select_one('form[method="post"] input[type="email"]')


def test_help_block_counts_as_help_for_the_safe_messaging_check(make_article):
    with_help = make_article(
        body=[{"type": "crisis_help", "value": {"heading": "Help", "use_site_defaults": True}}]
    )
    without_help = make_article(body=[paragraph("No help here.")])
    assert page_has_help_block(with_help)
    assert not page_has_help_block(without_help)
