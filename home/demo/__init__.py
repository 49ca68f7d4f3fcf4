"""The demo practice: fictional content that shows every part of Practice Blog at work.

``load_demo`` runs each module in :data:`PARTS` in turn; each fills in one part (the practice's
details, crisis help, articles, the newsletter, feedback, reader comments) and returns a
one-line summary. All text here is written for this project; the practice, people and numbers
are fictional (555-01xx numbers are reserved for fiction).

Once loaded, the demo is recorded (:mod:`home.demo.records`) so that ``load_demo --remove`` and
the "Remove the demo content" admin screen (:mod:`home.demo.removal`) can take it away again
without touching what the owner has made or changed.
"""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from home.models import HomePage

DEMO_COLLECTION = "Demo images"

# In loading order: later parts rely on the home page and on the crisis resources.
PARTS = [
    "home.demo.practice",
    "home.demo.safety",
    "home.demo.blog",
    "home.demo.newsletter",
    "home.demo.feedback",
    "home.demo.comments",
]


def ensure_home_page():
    """The site's home page: Wagtail's placeholder "Welcome" page becomes a :class:`HomePage`.

    A fresh Wagtail database has a plain page at depth 2 that the default Site points at. It
    is replaced through the tree API (so the tree stays consistent) and the same Site is
    pointed at the new page; an existing HomePage is returned unchanged.
    """
    existing = HomePage.objects.filter(depth=2).first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    placeholder = root.get_children().filter(slug="home").first()
    home = root.add_child(instance=HomePage(title="Welcome", slug="home-page"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save(update_fields=["root_page"])
    if placeholder is not None and placeholder.specific_class is Page and not placeholder.numchild:
        placeholder.delete()
        home.slug = "home"
        home.save()
    return home


def home_page():
    """The site's home page (see :func:`ensure_home_page`)."""
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
