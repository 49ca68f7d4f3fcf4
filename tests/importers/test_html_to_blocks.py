"""Another platform's HTML as our article blocks: sanitised, and only blocks the article body
accepts, with a note for everything a reader would miss."""

import pytest

from practice_blog.blog.blocks import ArticleBodyBlock
from practice_blog.importers.html_to_blocks import first_paragraph_text, html_to_blocks


def blocks_of(html):
    return html_to_blocks(html)[0]


def notes_of(html):
    return html_to_blocks(html)[1]


def assert_valid(blocks):
    """The blocks pass the article body's own validation (what the editor's form runs)."""
    body = ArticleBodyBlock()
    body.clean(body.to_python(blocks))


def test_scripts_styles_handlers_and_javascript_links_are_removed():
    blocks, notes = html_to_blocks(
        '<p onclick="steal()">Hello <a href="javascript:alert(1)">there</a> '
        '<a href="https://example.org/" target="_blank" style="color:red">friend</a></p>'
        "<script>track()</script><style>p{}</style><form><input name=q></form>"
    )
    assert blocks == [
        {
            "type": "paragraph",
            "value": '<p>Hello there <a href="https://example.org/">friend</a></p>',
        }
    ]
    assert notes == ["1 script removed.", "1 style sheet removed.", "1 form removed."]


def test_classic_editor_text_becomes_paragraphs_at_blank_lines_with_line_breaks_kept():
    blocks = blocks_of("First line\nsame paragraph.\n\n<b>Second</b> paragraph.\n \n\nThird.")
    assert blocks == [
        {
            "type": "paragraph",
            "value": "<p>First line<br/>same paragraph.</p><p><b>Second</b> paragraph.</p>"
            "<p>Third.</p>",
        }
    ]


def test_headings_keep_a_correct_outline():
    blocks, notes = html_to_blocks("<h1>Big</h1><h2>Section</h2><h4>Deep</h4><h3></h3>")
    assert [block["value"] for block in blocks] == [
        {"text": "Big", "level": "h2"},
        {"text": "Section", "level": "h2"},
        {"text": "Deep", "level": "h3"},
    ]
    assert notes == ["A level-1 heading became a section heading (only the title is level 1)."]


@pytest.mark.parametrize(
    "html",
    [
        '<iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e" title="Rain"></iframe>',
        "<p>https://vimeo.com/76979871</p>",
        '<figure class="wp-block-embed"><div>\nhttps://vimeo.com/76979871\n</div></figure>',
    ],
)
def test_vimeo_and_youtube_become_the_consent_first_video_block(html):
    (block,) = blocks_of(html)
    assert block["type"] == "embed"
    assert block["value"]["url"] == "https://vimeo.com/76979871"
    assert block["value"]["title"] in {"Rain", "Video from Vimeo"}
    assert_valid([block])


def test_other_embeds_and_pictures_are_left_out_with_a_note():
    blocks, notes = html_to_blocks(
        '<iframe src="https://maps.example.com/embed?q=office"></iframe>'
        '<p>See <img src="https://old.example/a.jpg" alt="A"> this.</p>'
        '<img src="https://ads.example/px.gif" width="1" height="1">'
        '<blockquote class="twitter-tweet"><p>Hi</p><a href="https://x.com/a/status/1">May 1</a>'
        "</blockquote>"
    )
    assert blocks == [{"type": "paragraph", "value": "<p>See this.</p>"}]
    assert notes == [
        "Embedded content from maps.example.com was left out.",
        "Picture not brought over (no media folder given): https://old.example/a.jpg",
        "Tracking pixel removed (ads.example).",
        "An embedded social media post was left out: https://x.com/a/status/1",
    ]


def test_a_block_quote_becomes_a_pull_quote_and_a_long_one_stays_text():
    short = "<blockquote><p>Rest is part of the work.</p><cite>— Amara</cite></blockquote>"
    assert blocks_of(short) == [
        {
            "type": "pull_quote",
            "value": {"quote": "Rest is part of the work.", "attribution": "Amara"},
        }
    ]
    long_quote = "<blockquote><p>" + "word " * 100 + "</p></blockquote>"
    blocks, notes = html_to_blocks(long_quote)
    assert blocks[0]["type"] == "paragraph"
    assert notes[0].startswith("A quotation longer than 400 characters is kept as paragraphs")


def test_the_first_paragraph_for_a_summary_is_plain_text():
    blocks = blocks_of("<h2>Hi</h2><p>Rest &amp; <b>repair</b>, &lt;gently&gt;.</p><p>More</p>")
    assert first_paragraph_text(blocks) == "Rest & repair, <gently>."


def test_self_hosted_video_files_are_named_in_the_report():
    blocks, notes = html_to_blocks('<video src="https://old.example/walk.mp4"></video><p>Hi</p>')
    assert blocks == [{"type": "paragraph", "value": "<p>Hi</p>"}]
    assert notes == ["Video or audio file not brought over: https://old.example/walk.mp4"]


def test_lists_tables_and_code_keep_their_text():
    blocks, notes = html_to_blocks(
        "<ol><li>One<ul><li>One a</li></ul></li><li><p>Two</p></li></ol>"
        "<table><tr><th>Day</th><th>Hours</th></tr><tr><td>Mon</td><td>9–5</td></tr></table>"
        "<pre>line 1\nline 2</pre><hr>"
    )
    assert blocks == [
        {
            "type": "paragraph",
            "value": "<ol><li>One<ul><li>One a</li></ul></li><li>Two</li></ol>"
            "<p>Day | Hours</p><p>Mon | 9–5</p><p>line 1<br/>line 2</p>",
        },
        {"type": "divider", "value": None},
    ]
    assert notes == [
        "A table is kept as paragraphs, one for each row.",
        "Preformatted text (code) is kept as a paragraph.",
    ]


def test_the_sample_posts_give_only_valid_blocks(sample_path):
    from practice_blog.importers.wxr import WordPressExport

    for article in WordPressExport(sample_path):
        assert_valid(blocks_of(article.body_html))


class FoundPicture:
    """Stands in for an image: every address is found, with its id in the order asked."""

    def __init__(self, pk):
        self.pk = pk


def test_pictures_in_headings_quotes_tables_and_lists_are_kept_after_them():
    asked = []

    def pictures(address, description="", title=""):
        asked.append(address)
        return FoundPicture(len(asked)), None

    blocks, _notes = html_to_blocks(
        '<h2><img src="/h.jpg" alt="h">A heading</h2>'
        '<blockquote><p><img src="/q.jpg" alt="q">Quoted words.</p></blockquote>'
        '<table><tr><td><img src="/t.jpg" alt="t">Cell</td></tr></table>'
        '<ul><li><img src="/l.jpg" alt="l">Item</li></ul><p>After.</p>',
        pictures=pictures,
    )

    assert asked == ["/h.jpg", "/q.jpg", "/t.jpg", "/l.jpg"]
    assert [block["type"] for block in blocks] == [
        "heading", "image", "pull_quote", "image", "paragraph", "image", "paragraph", "image",
        "paragraph",
    ]  # fmt: skip
