"""Block rules editors meet in the admin: video addresses, related links, reading words."""

import pytest
from django.core.exceptions import ValidationError

from practice_blog.blog.blocks import RelatedLinkBlock, VideoEmbedBlock, video_embed


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
            ("YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ",
            ("YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ),
        (
            "https://m.youtube.com/shorts/dQw4w9WgXcQ",
            ("YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ),
        ("https://vimeo.com/76979871", ("Vimeo", "https://player.vimeo.com/video/76979871?dnt=1")),
        ("https://videos.example/watch?v=dQw4w9WgXcQ", None),
        ("https://www.youtube.com/watch?v=<script>", None),
        ("https://vimeo.com/about", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_video_addresses_map_to_privacy_mode_players(url, expected):
    assert video_embed(url) == expected


def test_video_block_refuses_other_hosts():
    block = VideoEmbedBlock()
    value = block.to_python({"url": "https://videos.example/1", "title": "A talk", "caption": ""})
    with pytest.raises(ValidationError):
        block.clean(value)
    good = block.to_python({"url": "https://youtu.be/dQw4w9WgXcQ", "title": "A talk"})
    assert block.clean(good)["title"] == "A talk"


@pytest.mark.django_db
def test_related_link_needs_a_page_or_an_address_with_words():
    block = RelatedLinkBlock()
    empty = block.to_python({"lead_in": "For more, read", "page": None, "url": "", "link_text": ""})
    with pytest.raises(ValidationError):
        block.clean(empty)
    unnamed = block.to_python(
        {"lead_in": "For more, read", "page": None, "url": "https://a.example/", "link_text": ""}
    )
    with pytest.raises(ValidationError):
        block.clean(unnamed)
    named = block.to_python(
        {"lead_in": "Read", "page": None, "url": "https://a.example/", "link_text": "A guide"}
    )
    assert block.clean(named)["link_text"] == "A guide"
