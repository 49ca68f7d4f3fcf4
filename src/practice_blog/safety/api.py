"""What other apps may ask the safety app (its only public surface besides tags and blocks).

The newsletter uses it to put the crisis lines in every email's footer, to carry an article's
content note into the email, and to show the safe-messaging findings before a send.
"""

from .banner import load_banner
from .checker import MISSING_CONTENT_NOTE
from .models import ContentNoteMixin
from .review import check_page


def crisis_lines():
    """The banner's crisis services as short lines of plain text, emergency number first.

    For places that cannot hold links that call or text (an email's plain-text part): each
    line is the service's name and how to reach it, e.g. "988 Suicide & Crisis Lifeline:
    call 988, text 988".
    """
    banner = load_banner()
    resources = [banner.emergency, *banner.resources] if banner.emergency else banner.resources
    lines = []
    for resource in resources:
        ways = []
        if resource.phone_number:
            extra = f" {resource.phone_instructions}" if resource.phone_instructions else ""
            ways.append(f"call {resource.phone_number}{extra}")
        if resource.text_number:
            keyword = f"{resource.text_keyword} to " if resource.text_keyword else ""
            ways.append(f"text {keyword}{resource.text_number}")
        if resource.chat_url:
            ways.append(f"chat at {resource.chat_url}")
        if ways:
            lines.append(f"{resource.name}: {', '.join(ways)}")
    return lines


def content_note(page):
    """The page's content note when staff marked it sensitive, else an empty string."""
    if isinstance(page, ContentNoteMixin) and page.is_sensitive:
        return page.content_note
    return ""


def safe_messaging_findings(page):
    """The checker's advice for a page, as ``(findings, needs_content_note)``.

    ``needs_content_note`` is true when the page mentions suicide or self-harm without a
    content note: the case where sending it to a whole list should be confirmed first.
    """
    findings = check_page(page)
    return findings, MISSING_CONTENT_NOTE in findings
