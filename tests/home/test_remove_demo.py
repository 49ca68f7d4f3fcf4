"""Removing the demo: its content goes, the owner's work and the site's frame stay.

The demo is loaded once for this module (it takes seconds); every test runs inside a
savepoint on top of it and is rolled back, so each starts from the freshly loaded demo.
"""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection, ModelLogEntry, Page, Site

from home.demo.inventory import ARTICLE_SLUGS, SUBSCRIBER_EMAILS, image_titles
from home.demo.removal import REMOVE_ACTION, demo_is_present, plan_removal, remove_demo
from home.models import DemoRecord, HomePage, PracticeSettings
from practice_blog.blog.models import ArticlePage, ArticlePageAuthor, Author, BlogIndexPage
from practice_blog.feedback import rollups
from practice_blog.feedback.models import FeedbackSettings, HelpfulVote
from practice_blog.newsletter.models import Dispatch, NewsletterSettings, Subscriber
from practice_blog.safety.models import HelpPage

pytestmark = pytest.mark.django_db

URL = "/admin/demo/remove/"


@pytest.fixture(scope="module", autouse=True)
def loaded_demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module and rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def demo_articles():
    return ArticlePage.objects.filter(slug__in=ARTICLE_SLUGS)


def blog():
    return BlogIndexPage.objects.get()


def practice():
    return PracticeSettings.for_site(Site.objects.get(is_default_site=True))


def confirmation(page):
    """The hidden fields the confirmation form posts (CSRF token, the plan's digest)."""
    form = page.select_one("form[method=post]")
    return {field["name"]: field["value"] for field in form.select("input[type=hidden]")}


def labels(items):
    return {item.label for item in items}


def write_own_article(title="When to call us between appointments", **fields):
    """An article the owner writes under the demo's blog."""
    article = ArticlePage(
        title=title,
        slug="when-to-call-us",
        summary="What to do if something comes up before your next session.",
        body=[{"type": "paragraph", "value": "<p>Call the office during opening hours.</p>"}],
        **fields,
    )
    blog().add_child(instance=article)
    return article


def test_a_freshly_loaded_demo_is_recorded_and_all_of_it_can_go():
    plan = plan_removal()
    groups = dict(plan.removals_by_kind())
    assert plan.recorded and demo_is_present()
    assert labels(groups["Articles"]) == set(demo_articles().values_list("title", flat=True))
    assert labels(groups["Authors"]) == {str(author) for author in Author.objects.all()}
    assert len(groups["Pictures"]) == len(image_titles()) == 12
    assert labels(groups["Newsletter subscribers"]) == set(SUBSCRIBER_EMAILS)
    assert plan.votes == HelpfulVote.objects.demo().count() > 0
    assert plan.unsure == []
    assert {reset.obj._meta.model_name for reset in plan.reset} >= {
        "homepage",
        "blogindexpage",
        "practicesettings",
        "site",
    }


def test_removal_deletes_the_demo_and_leaves_neutral_wording(client, owner):
    home_pk, blog_pk = HomePage.objects.get().pk, blog().pk
    remove_demo(user=owner)

    assert not demo_articles().exists() and not Author.objects.exists()
    assert not get_image_model().objects.filter(title__in=image_titles()).exists()
    assert not Collection.objects.filter(name="Demo images").exists()
    assert not HelpfulVote.objects.demo().exists()
    assert not Subscriber.objects.filter(email__in=SUBSCRIBER_EMAILS).exists()
    assert not Dispatch.objects.exists()
    assert rollups.expected_rollups() == rollups.stored_rollups()

    home = HomePage.objects.get(pk=home_pk)
    assert home.live and home.title == "Welcome" and not home.has_unpublished_changes
    assert home.introduction == "" and len(home.body) == 0
    assert BlogIndexPage.objects.get(pk=blog_pk).introduction == ""
    assert HelpPage.objects.get().live
    details = practice()
    assert details.name == "Our practice"
    assert (details.tagline, details.email, details.copyright_line) == ("", "", "")
    assert len(details.social_links) == 0
    newsletter = NewsletterSettings.for_site(home.get_site())
    assert (newsletter.sender_name, newsletter.reply_to) == ("", "")
    assert FeedbackSettings.for_site(home.get_site()).follow_up_text == ""
    assert Site.objects.get(is_default_site=True).site_name == ""

    page = client.get("/").content.decode()
    assert "Harbor Light" not in page and "555" not in page.replace("555-", "")
    assert not demo_is_present() and plan_removal().is_empty


def test_what_the_owner_edited_or_wrote_is_kept_and_listed(owner):
    edited = demo_articles().get(slug="working-with-other-providers")
    edited.title = "Working with your doctor and other providers"
    edited.save_revision(user=owner, log_action=True).publish(user=owner)
    maya = Author.objects.get(slug="maya-okafor")
    picture = get_image_model().objects.get(title=image_titles()[2])
    own = write_own_article(hero_image=picture)
    ArticlePageAuthor.objects.create(page=own, author=maya)
    own.save_revision(user=owner).publish(user=owner)
    details = practice()
    details.name = "Cedar Grove Therapy"
    details.save()

    plan = plan_removal()
    unsure = {item.label: item.reason for item in plan.unsure}
    assert "edited since" in unsure[edited.title]
    assert unsure[str(maya)].startswith("Used by") and picture.title in unsure
    assert own.title not in labels(plan.remove) | set(unsure)
    practice_reset = next(r for r in plan.reset if isinstance(r.obj, PracticeSettings))
    assert "name" not in practice_reset.fields and "copyright_line" in practice_reset.fields

    remove_demo(user=owner)
    assert ArticlePage.objects.filter(pk__in=[edited.pk, own.pk]).count() == 2
    assert Author.objects.get() == maya and get_image_model().objects.filter(pk=picture.pk)
    assert ArticlePage.objects.count() == 2 and blog().live
    assert (practice().name, practice().copyright_line) == ("Cedar Grove Therapy", "")
    # What was kept is the owner's now: nothing is left to remove, and nothing is nagged about.
    assert not demo_is_present() and plan_removal().is_empty


def test_a_demo_page_with_the_owners_pages_under_it_is_never_deleted(owner):
    article = demo_articles().first()
    notes = article.add_child(instance=Page(title="My own notes", slug="my-own-notes"))
    plan = plan_removal()
    assert {item.label: item.reason for item in plan.unsure}[article.title] == (
        "It has pages of yours under it."
    )
    remove_demo(user=owner)
    assert Page.objects.filter(pk__in=[article.pk, notes.pk]).count() == 2


def test_looking_at_the_plan_changes_nothing(client, owner):
    before = (Page.objects.count(), Author.objects.count(), HelpfulVote.objects.count())
    client.force_login(owner)
    assert client.get(URL).status_code == 200
    plan_removal()
    assert (Page.objects.count(), Author.objects.count(), HelpfulVote.objects.count()) == before
    assert HomePage.objects.get().title == "Welcome to Harbor Light"


def test_the_screen_shows_everything_before_anything_goes(client, owner, html):
    write_own_article()
    edited = demo_articles().first()
    edited.save_revision(user=owner)
    client.force_login(owner)
    page = html(client.get(URL))
    headings = [h.get_text(strip=True) for h in page.select("main h2")]
    assert headings[:3] == [
        "What will be removed",
        "What will be kept, with neutral wording",
        "Kept, because they may be yours now",
    ]
    removed = page.select_one("#demo-remove-heading").find_parent("section").get_text()
    for title in demo_articles().exclude(pk=edited.pk).values_list("title", flat=True):
        assert title in removed
    assert "Maya Okafor" in removed and "maya.demo@example.com" in removed
    unsure = page.select_one("#demo-unsure-heading").find_parent("section")
    assert unsure.find("a", string=edited.title)["href"].endswith(f"/pages/{edited.pk}/edit/")
    assert "When to call us" not in page.get_text()
    button = page.select_one("form[method=post] button[type=submit]")
    assert button.get_text(strip=True) == "Remove the demo content"


def test_a_practice_owner_removes_the_demo_from_the_screen(owner, html):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(URL).status_code == 403  # no CSRF token: nothing happens
    assert demo_articles().count() == 5
    fields = confirmation(html(client.get(URL)))
    response = client.post(URL, fields, follow=True)
    assert response.status_code == 200
    assert not demo_articles().exists() and not demo_is_present()
    page = html(response)
    message = page.select_one(".messages").get_text()
    assert "Removed the demo content: 5 articles, 2 authors" in message
    assert page.find("h2", string="There is no demo content left")
    assert not page.select("form[method=post] button.no")
    entry = ModelLogEntry.objects.get(action=REMOVE_ACTION)
    assert entry.user == owner and "content: 5 articles" in entry.data["summary"]
    history = html(client.get(reverse("wagtailadmin_reports:site_history")))
    assert "Remove the demo content" in history.select_one("main").get_text()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.post(URL).status_code == 302
    assert demo_articles().count() == 5


def test_editors_may_not_remove_the_demo(client, editor, html):
    """Wagtail's "permission denied": back to the dashboard with a message (a 403 for fetch)."""
    client.force_login(editor)
    for response in (client.get(URL), client.post(URL)):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    messages = html(client.get("/admin/")).select_one(".messages").get_text()
    assert "you do not have permission" in messages
    assert client.get(URL, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
    assert demo_articles().count() == 5


def test_getting_started_step_ticks_itself_once_the_demo_is_gone(rf, owner, editor):
    from practice_blog.core.getting_started import steps_for

    request = rf.get("/admin/")
    request.user = owner
    step = next(step for step in steps_for(request) if step.key == "demo")
    assert step.url == reverse("home_remove_demo") == URL and not step.done
    request.user = editor
    assert "demo" not in {step.key for step in steps_for(request)}
    remove_demo()
    request.user = owner
    assert next(step for step in steps_for(request) if step.key == "demo").done


def test_demo_is_present_costs_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert demo_is_present()


def test_command_lists_asks_and_removes(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    monkeypatch.setattr(
        "home.management.commands.load_demo.Command.stdin_is_interactive", lambda self: True
    )
    call_command("load_demo", "--remove", stdout=out)
    text = out.getvalue()
    assert "Will be removed:" in text and "Boundaries in helping relationships" in text
    assert "Kept, with the demo wording replaced" in text and "Copyright line" in text
    assert text.splitlines()[-1] == "Nothing removed." and demo_articles().count() == 5

    out = io.StringIO()
    call_command("load_demo", "--remove", "--yes", stdout=out)
    lines = out.getvalue().splitlines()
    assert "  Removing article: Boundaries in helping relationships" in lines
    assert lines[-1].startswith("Removed the demo content: 5 articles, 2 authors, 12 pictures")
    assert not demo_articles().exists()

    out = io.StringIO()
    call_command("load_demo", "--remove", "--no-input", stdout=out)
    assert out.getvalue().strip() == "There is no demo content to remove."


def test_command_refuses_to_guess_without_a_terminal():
    with pytest.raises(CommandError, match="--yes"):
        call_command("load_demo", "--remove", stdout=io.StringIO())
    assert demo_articles().count() == 5


def test_a_demo_object_deleted_by_hand_is_forgotten():
    author = Author.objects.get(slug="daniel-reyes")
    author.delete()
    assert not DemoRecord.objects.filter(object_id=str(author.pk), kind="content").filter(
        content_type__model="author"
    )
    assert "Daniel Reyes" not in {item.label for item in plan_removal().remove}


class TestADemoFromAnOlderLoadDemo:
    """Before load_demo kept records, the demo is recognised by its names."""

    @pytest.fixture(autouse=True)
    def no_records(self):
        DemoRecord.objects.all().delete()

    def test_it_is_still_found_and_can_be_removed(self, owner):
        assert demo_is_present()
        plan = plan_removal()
        assert not plan.recorded
        assert labels(dict(plan.removals_by_kind())["Articles"]) == set(
            demo_articles().values_list("title", flat=True)
        )
        assert plan.unsure == []
        reset = {type(reset.obj).__name__: reset.fields for reset in plan.reset}
        assert {"title", "body"} <= set(reset["HomePage"])
        assert {"name", "social_links", "copyright_line"} <= set(reset["PracticeSettings"])
        remove_demo(user=owner)
        assert not demo_articles().exists() and HomePage.objects.get().title == "Welcome"
        assert practice().copyright_line == "" and not demo_is_present()
        assert plan_removal().is_empty

    def test_what_someone_edited_in_the_admin_is_kept(self, owner):
        article = demo_articles().first()
        log(instance=article, action="wagtail.edit", user=owner)
        plan = plan_removal()
        reasons = {item.label: item.reason for item in plan.unsure}
        assert reasons[article.title] == "Someone has edited it in the admin."
        remove_demo(user=owner)
        assert ArticlePage.objects.get() == article


def test_a_kept_page_with_an_unpublished_draft_is_reset_in_the_draft_only(owner):
    home = HomePage.objects.get()
    draft = home.get_latest_revision_as_object()
    draft.introduction = "<p>Our own welcome, not finished yet.</p>"
    draft.save_revision(user=owner, log_action=True)
    plan = plan_removal()
    reset = next(r for r in plan.reset if isinstance(r.obj, HomePage))
    assert "introduction" not in reset.fields and "title" in reset.fields
    assert "unpublished changes" in reset.note

    remove_demo(user=owner)
    home = HomePage.objects.get()
    assert home.title == "Welcome to Harbor Light"  # the live page waits for the owner
    draft = home.get_latest_revision_as_object()
    assert draft.title == "Welcome"
    assert draft.introduction == "<p>Our own welcome, not finished yet.</p>"


def test_pressing_remove_twice_does_nothing_the_second_time(owner):
    remove_demo(user=owner)
    assert remove_demo(user=owner).is_empty
    assert ModelLogEntry.objects.filter(action=REMOVE_ACTION).count() == 1


def test_a_demo_picture_in_the_owners_unpublished_draft_is_kept(owner):
    """Wagtail's reference index holds no drafts (and is updated by a background task)."""
    picture = get_image_model().objects.get(title=image_titles()[1])
    own = write_own_article()
    own.save_revision(user=owner).publish(user=owner)
    draft = ArticlePage.objects.get(pk=own.pk)
    draft.hero_image = picture
    draft.save_revision(user=owner)  # a draft only: the live article has no picture

    plan = plan_removal()
    assert picture.title in {item.label for item in plan.unsure}
    remove_demo(user=owner)
    assert get_image_model().objects.filter(pk=picture.pk).exists()
    assert ArticlePage.objects.get(pk=own.pk).get_latest_revision_as_object().hero_image == picture


def test_nothing_goes_when_the_plan_changed_after_the_confirmation_was_shown(owner, html):
    client = Client()
    client.force_login(owner)
    fields = confirmation(html(client.get(URL)))
    edited = demo_articles().get(slug="working-with-other-providers")
    edited.title = "Working with your doctor"
    edited.save_revision(user=owner, log_action=True).publish(user=owner)

    response = client.post(URL, fields, follow=True)
    assert "changed after this page was opened" in html(response).select_one(".messages").text
    assert demo_articles().count() == 5
    assert not ModelLogEntry.objects.filter(action=REMOVE_ACTION).exists()
    # Shown again, the list now keeps the edited article; confirming that removes the rest.
    fields = confirmation(html(response))
    client.post(URL, fields)
    assert list(demo_articles()) == [edited]
