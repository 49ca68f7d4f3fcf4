"""Other apps' blocks on the home page: crisis help and the newsletter signup."""

import pytest

from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_home_page_body_renders_crisis_help_and_signup_blocks(demo_site, client, html):
    home = HomePage.objects.get()
    home.body = [
        ("crisis_help", {"heading": "Support right now", "use_site_defaults": True}),
        ("newsletter_signup", {"heading": "New posts by email"}),
    ]
    home.save_revision().publish()
    page = html(client.get("/"))
    main = page.select_one("main")
    help_section = main.find(string="Support right now").find_parent("section")
    assert help_section.select_one('a[href="tel:988"]')
    signup = main.find(string="New posts by email").find_parent(["section", "form", "div"])
    assert signup is not None
    assert main.select_one('form[method="post"] input[type="email"]')


def test_demo_home_page_offers_the_newsletter_signup(demo_site, client, html):
    home = HomePage.objects.get()
    assert "newsletter_signup" in [block.block_type for block in home.body]
    assert html(client.get("/")).select_one('main form[method="post"] input[type="email"]')


@pytest.mark.parametrize(
    "block_path",
    [
        "home.blocks.HeadingBlock",
        "practice_blog.blog.blocks.HeadingBlock",
        "practice_blog.safety.blocks.CrisisHelpBlock",
        "practice_blog.newsletter.blocks.NewsletterSignupBlock",
    ],
)
def test_every_heading_starts_at_level_2_so_editors_need_not_choose(block_path):
    """A heading added without touching its level validates and renders as a section."""
    from django.utils.module_loading import import_string

    block = import_string(block_path)()
    level_name = "level" if "level" in block.child_blocks else "heading_level"
    value = block.get_default()
    assert value[level_name] == "h2"
    assert block.child_blocks[level_name].clean(value[level_name]) == "h2"
