"""The demo site's place in the Wagtail admin: the "Remove the demo content" screen and the
site's own Getting-started steps (practice details, replacing the demo)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from practice_blog.core.getting_started import Step, saved_by_a_person, setting_step

from .admin_views import RemoveDemoView, may_remove_demo
from .demo.inventory import NEUTRAL_WORDING
from .demo.practice import PRACTICE
from .demo.removal import REMOVE_ACTION, demo_is_present
from .models import PracticeSettings

# Names that are not the owner's: none, the demo's, and the neutral one removal leaves.
NOT_THE_OWNERS_NAMES = {"", PRACTICE["name"], NEUTRAL_WORDING[PracticeSettings]["name"]}


@hooks.register("register_admin_urls")
def register_remove_demo_url():
    return [path("demo/remove/", RemoveDemoView.as_view(), name="home_remove_demo")]


@hooks.register("register_log_actions")
def register_remove_demo_log_action(actions):
    @actions.register_action(REMOVE_ACTION)
    class RemoveDemo(LogFormatter):
        label = "Remove the demo content"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            message = data.get("summary", "Removed the demo content.")
            kept = data.get("kept") or []
            if kept:
                message += f" Kept: {'; '.join(kept)}."
            return message


@hooks.register("register_getting_started_steps")
def demo_step(request):
    """Getting started: "Replace the demo content", ticked once no demo content is left."""
    if not may_remove_demo(request.user):
        return None
    return Step(
        key="demo",
        label="Replace the demo content",
        done=not demo_is_present(),
        url=reverse("home_remove_demo"),
        hint="Remove the demo practice's articles, authors and pictures once you have seen how "
        "they work.",
        order=40,
    )


@hooks.register("register_getting_started_steps")
def practice_details_step(request):
    """Done once someone has saved the practice's details with a name of their own."""
    return setting_step(
        request,
        PracticeSettings,
        key="practice_details",
        label="Fill in your practice details",
        done=lambda details: details.name not in NOT_THE_OWNERS_NAMES
        and saved_by_a_person(details),
        hint="Your practice's name, tagline, address, phone, email and copyright line, shown "
        "at the top and bottom of every page.",
        order=10,
    )
