"""``make screenshots`` keeps working: the same code writes every picture, at the right size."""

import pytest
from PIL import Image

from .harness import DESKTOP, PHONE
from .screenshots import ANALYTICS_OVERVIEW, ARTICLE_DESKTOP, ARTICLE_PHONE, capture_screenshots

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_screenshots_are_written_at_phone_and_desktop_sizes(site, new_context, owner, tmp_path):
    written = capture_screenshots(new_context, site, owner.username, tmp_path)
    assert sorted(path.name for path in written) == sorted(
        [ARTICLE_PHONE, ARTICLE_DESKTOP, ANALYTICS_OVERVIEW]
    )
    sizes = {path.name: Image.open(path).size for path in written}
    assert sizes[ARTICLE_PHONE] == (PHONE["width"] * 2, PHONE["height"] * 2)  # a 2× screen
    assert sizes[ARTICLE_DESKTOP] == (DESKTOP["width"], DESKTOP["height"])
    assert sizes[ANALYTICS_OVERVIEW] == (1280, 1000)
    # A real picture, not a blank page: many different colours.
    assert len(Image.open(tmp_path / ARTICLE_DESKTOP).convert("RGB").getcolors(1 << 20)) > 50
