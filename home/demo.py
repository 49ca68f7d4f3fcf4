"""Demo content for the home app: the practice's details and a welcoming home page.

Other apps' demo modules use :func:`demo_image` and :func:`home_page` (public helpers).
All text here is written for this project; the practice, people and numbers are fictional
(555-01xx numbers are reserved for fiction).
"""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection, Site

from .models import HomePage, PracticeSettings

DEMO_COLLECTION = "Demo images"
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


def home_page():
    """The site's home page (created by the home app's migration)."""
    return HomePage.objects.get(depth=2)


def demo_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=DEMO_COLLECTION).first()
    return existing or root.add_child(name=DEMO_COLLECTION)


def demo_image(title, colours, seed=0, size=(1200, 800)):
    """Return a generated abstract image (soft shapes on a gradient), creating it once.

    Generated rather than downloaded so the demo carries no third-party photos.
    """
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    width, height = size
    picture = PILImage.new("RGB", size, colours[0])
    draw = ImageDraw.Draw(picture)
    top, bottom = PILImage.new("RGB", (1, 1), colours[0]), PILImage.new("RGB", (1, 1), colours[1])
    top_rgb, bottom_rgb = top.getpixel((0, 0)), bottom.getpixel((0, 0))
    for y in range(height):
        mix = y / height
        colour = tuple(int(a + (b - a) * mix) for a, b in zip(top_rgb, bottom_rgb, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    rng = random.Random(seed)
    for _ in range(7):
        radius = rng.randint(height // 8, height // 3)
        x, y = rng.randint(0, width), rng.randint(0, height)
        shade = colours[2] if len(colours) > 2 else "#ffffff"
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=shade, width=6)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    filename = f"{title.lower().replace(' ', '-')}.jpg"
    return Image.objects.create(
        title=title,
        file=ImageFile(buffer, name=filename),
        collection=demo_collection(),
        description=f"Abstract illustration: {title.lower()}.",
    )


def load(stdout):
    """Fill in the practice's details and the home page."""
    site = Site.objects.get(is_default_site=True)
    practice = PracticeSettings.for_site(site)
    for field, value in PRACTICE.items():
        setattr(practice, field, value)
    practice.social_links = [
        ("link", {"network": network, "url": url}) for network, url in SOCIAL_LINKS
    ]
    practice.save()

    home = home_page()
    home.title = "Welcome to Harbor Light"
    home.introduction = INTRODUCTION
    home.body = BODY
    home.search_description = (
        "Harbor Light Counselling in Maple Falls: therapy and psychiatric care for adults and "
        "teenagers, and articles about what to expect from care."
    )
    home.save_revision().publish()
    site.site_name = PRACTICE["name"]
    # Where `make run` serves the demo, so canonical links, feeds and the sitemap work there.
    # A real deployment sets its own host name in Settings → Sites.
    site.hostname, site.port = DEMO_HOST
    site.save()
    return f"practice details for {practice.name}; home page published"
