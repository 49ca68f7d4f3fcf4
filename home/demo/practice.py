"""The practice's details (Settings → Practice details) and a welcoming home page."""

from wagtail.models import Site

from home.models import PracticeSettings

from . import ensure_home_page

DEMO_HOST = ("127.0.0.1", 8000)

PRACTICE = {
    "name": "Harbor Light Counselling",
    "tagline": "Therapy and psychiatric care in Maple Falls",
    "street_address": "214 Alder Street, Suite 3\nMaple Falls, OR 97000",
    "phone": "(555) 010-4477",
    "email": "hello@harborlight.example",
    "website": "",
    "copyright_line": "© 2026 Harbor Light Counselling. Articles are general information, "
    "not a substitute for care.",
}

SOCIAL_LINKS = [
    ("Instagram", "https://www.instagram.com/harborlight.example/"),
    ("LinkedIn", "https://www.linkedin.com/company/harborlight-example/"),
]

HOME_TITLE = "Welcome to Harbor Light"
HOME_SEARCH_DESCRIPTION = (
    "Harbor Light Counselling in Maple Falls: therapy and psychiatric care for adults and "
    "teenagers, and articles about what to expect from care."
)

INTRODUCTION = (
    "<p>We are a small practice of counsellors and a psychiatric nurse practitioner. "
    "We see adults and teenagers for anxiety, low mood, grief and the strain that comes "
    "with caring for others. Our articles explain how therapy works and what you can "
    "expect from it, so that the first appointment feels less like a step into the dark.</p>"
)

BODY = [
    {"type": "heading", "value": {"text": "How we work", "level": "h2"}},
    {
        "type": "paragraph",
        "value": (
            "<p>Every new client starts with a conversation about what brings them here and "
            "what they hope will change. We agree on a plan together, review it as we go, and "
            "say openly when someone else could help you better.</p>"
        ),
    },
    {
        "type": "call_to_action",
        "value": {
            "heading": "Thinking about getting in touch?",
            "text": "A first call is free and lasts about fifteen minutes. There is no "
            "obligation to book anything afterwards.",
            "link_text": "Call (555) 010-4477",
            "page": None,
            "url": "tel:5550104477",
        },
    },
]


def load(stdout):
    """Fill in the practice's details and the home page."""
    home = ensure_home_page()
    site = Site.objects.get(is_default_site=True)
    practice = PracticeSettings.for_site(site)
    for field, value in PRACTICE.items():
        setattr(practice, field, value)
    practice.social_links = [
        ("link", {"network": network, "url": url}) for network, url in SOCIAL_LINKS
    ]
    practice.save()

    home.title = HOME_TITLE
    home.introduction = INTRODUCTION
    home.body = BODY
    home.search_description = HOME_SEARCH_DESCRIPTION
    home.save_revision().publish()
    site.site_name = PRACTICE["name"]
    # Where `make run` serves the demo, so canonical links, feeds and the sitemap work there.
    # A real deployment sets its own host name in Settings → Sites.
    site.hostname, site.port = DEMO_HOST
    site.save()
    return f"practice details for {practice.name}; home page published"
