"""The newsletter email itself: what it says, who it is from, and the headers mail providers need.

The body is rendered once per dispatch with a marker where each reader's unsubscribe link goes;
each reader's copy only swaps the marker, so sending to 10,000 readers renders the templates
once. Links are the articles' own addresses, never rewritten, and there is no tracking pixel:
we can say what was sent, not who opened it.
"""

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.apps import apps
from django.core.mail import EmailMultiAlternatives
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Site

from practice_blog.core.conf import public_base_url

from .models import Dispatch
from .outbox import ONE_CLICK_BODY, unsubscribe_url
from .senders import Sender, sender_for

logger = logging.getLogger(__name__)

UNSUBSCRIBE_MARK = "https://unsubscribe.invalid/practice-blog-reader-link"
IMAGE_RENDITION = "width-1200|format-jpeg"


class EmailNotPossible(ValueError):
    """The email cannot be built (e.g. the page belongs to no site); says why, for staff."""


@dataclass
class EmailContent:
    """One dispatch's email, ready to be addressed to each reader."""

    subject: str
    text: str
    html: str
    sender: Sender


def absolute(url):
    """``url`` on the public site's address (emails cannot use relative links)."""
    return url if urlsplit(url).scheme else public_base_url() + url


def page_address(page):
    """The page's public address: on ``PUBLIC_BASE_URL`` for the default site (like every
    other link in our emails), on its own site's root URL for any other site."""
    parts = page.get_url_parts()
    if parts is None:
        raise EmailNotPossible(f"“{page.title}” is not part of any website, so it has no address.")
    site_id, root_url, path = parts
    default = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    return absolute(path) if site_id == default else root_url + path


def safety_api():
    """The safety app's public surface, when the site installs it."""
    if apps.is_installed("practice_blog.safety"):
        from practice_blog.safety import api

        return api
    return None


def picture_address(image):
    """The picture's absolute address, or "" if its file cannot be read (the email goes
    without it rather than not at all)."""
    try:
        return absolute(image.get_rendition(IMAGE_RENDITION).url)
    except Exception:
        logger.warning("Newsletter picture %s could not be rendered", image.pk, exc_info=True)
        return ""


def article_item(page):
    """What the email shows about one article: title, summary, picture, link, content note."""
    page = page.specific
    image = page.newsletter_image()
    image_url = picture_address(image) if image else ""
    safety = safety_api()
    return {
        "title": page.title,
        "url": page_address(page),
        "summary": page.newsletter_summary(),
        "image_url": image_url,
        "image_alt": page.newsletter_image_description() if image_url else "",
        "content_note": safety.content_note(page) if safety else "",
    }


def render_content(sender, subject, items, *, intro=""):
    """Render the HTML and plain-text parts once, with the unsubscribe marker in both."""
    safety = safety_api()
    context = {
        "subject": subject,
        "intro": intro,
        "items": items,
        "site_name": sender.name,
        "home_url": public_base_url() + "/",
        "postal_address": sender.texts.postal_address,
        "crisis_lines": safety.crisis_lines() if safety else [],
        "unsubscribe_url": UNSUBSCRIBE_MARK,
    }
    return EmailContent(
        subject=" ".join(subject.split()),
        text=render_to_string("practice_blog/newsletter/email/message.txt", context),
        html=render_to_string("practice_blog/newsletter/email/message.html", context),
        sender=sender,
    )


def digest_articles(dispatch):
    """The digest's articles that readers can still open and that have not gone out in an
    email of their own since the digest was made, in publishing order."""
    emailed = Dispatch.objects.filter(
        kind=Dispatch.Kind.ARTICLE, status__in=(Dispatch.Status.SENDING, Dispatch.Status.SENT)
    ).values("page_id")
    articles = dispatch.articles.live().public().exclude(pk__in=emailed)
    return list(articles.specific().order_by("first_published_at"))


def dispatch_content(dispatch):
    """The email a dispatch sends: its article, or the digest's articles. Raises
    :class:`EmailNotPossible` when there is nothing (left) to send."""
    if dispatch.kind == Dispatch.Kind.ARTICLE:
        if dispatch.page is None:
            raise EmailNotPossible("The article was deleted.")
        items = [article_item(dispatch.page)]
        return render_content(sender_for(dispatch.site), dispatch.subject, items)
    articles = digest_articles(dispatch)
    if not articles:
        raise EmailNotPossible("None of the digest's articles is published any more.")
    sender = sender_for(dispatch.site)
    intro = digest_intro(sender.texts, len(articles))
    items = [article_item(page) for page in articles]
    return render_content(sender, dispatch.subject, items, intro=intro)


def digest_intro(texts, count):
    period = "week" if texts.send_mode == "weekly" else "month"
    noun = "article" if count == 1 else "articles"
    return f"Here {'is' if count == 1 else 'are'} the {count} new {noun} from the past {period}."


def build_message(content, to, unsubscribe_link=None, connection=None):
    """One copy of the email. With ``unsubscribe_link`` (a reader's own) it carries the RFC 8058
    headers; without (a staff member's test) the footer's link points to the home page."""
    link = unsubscribe_link or public_base_url() + "/"
    sender = content.sender
    headers = {"List-Id": sender.list_id}
    if unsubscribe_link:
        headers.update(
            {"List-Unsubscribe": f"<{unsubscribe_link}>", "List-Unsubscribe-Post": ONE_CLICK_BODY}
        )
    message = EmailMultiAlternatives(
        subject=content.subject if unsubscribe_link else f"[Test] {content.subject}",
        body=content.text.replace(UNSUBSCRIBE_MARK, link),
        from_email=sender.from_email,
        to=[to],
        reply_to=sender.reply_to,
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(content.html.replace(UNSUBSCRIBE_MARK, link), "text/html")
    return message


def message_for(content, subscriber, connection=None):
    """One reader's copy: their own unsubscribe link in the footer and in the headers."""
    return build_message(content, subscriber.email, unsubscribe_url(subscriber), connection)


def test_message(content, address):
    """A copy for one staff member: marked as a test, with no working unsubscribe link."""
    return build_message(content, address)


def page_content(page):
    """The email a page would send now (for the preview and the test send)."""
    return render_content(sender_for(page.get_site()), page.title, [article_item(page)])


def preview_response(build_content, problem_status=409):
    """The HTML part of an email for staff to look at (the unsubscribe link goes nowhere), or
    why there is none."""
    try:
        return HttpResponse(build_content().html.replace(UNSUBSCRIBE_MARK, "#"))
    except EmailNotPossible as problem:
        return HttpResponse(f"<p>No email preview: {escape(problem)}</p>", status=problem_status)


def digest_subject(period_start):
    """E.g. "New articles since 23 November"."""
    start = timezone.localtime(period_start)
    return f"New articles since {start.day} {start:%B}"
