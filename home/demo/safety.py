"""Demo content for the safety app: the "Get help now" page, in the menu, linked from the banner.

The crisis resources and the banner themselves come from the data migrations (real US
numbers); the demo only adds the page, so running it twice changes nothing.
"""

from practice_blog.safety.models import CrisisBannerSettings, CrisisResource, HelpPage

from . import home_page

HELP_PAGE_SLUG = "get-help-now"


def load(stdout):
    """Create (or refresh) the help page under the home page and point the banner at it."""
    home = home_page()
    page = HelpPage.objects.child_of(home).filter(slug=HELP_PAGE_SLUG).first()
    if page is None:
        page = HelpPage(title="Get help now", slug=HELP_PAGE_SLUG)
        home.add_child(instance=page)
    page.title = "Get help now"
    page.show_in_menus = True
    page.search_description = (
        "Free, confidential crisis lines you can call, text or chat right now, and what to "
        "expect when you reach out."
    )
    page.save_revision().publish()

    site = home.get_site()
    banner = CrisisBannerSettings.for_site(site)
    banner.help_page = page
    banner.save()
    active = CrisisResource.objects.active().count()
    return f"help page /{HELP_PAGE_SLUG}/ published; {active} active crisis resources"
