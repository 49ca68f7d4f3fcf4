"""The newsletter email itself: what it says, who it is from, and the headers mail providers need.

The body is rendered once per dispatch with a marker where each reader's unsubscribe link goes;
each reader's copy only swaps the marker, so sending to 10,000 readers renders the templates
once. Links are the articles' own addresses, never rewritten, and there is no tracking pixel:
we can say what was sent, not who opened it.
"""

from dataclasses import dataclass, field
from email.utils import formataddr, parseaddr
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import Site

from practice_blog.core.conf import public_base_url, setting

from .models import Dispatch, NewsletterSettings
from .outbox import ONE_CLICK_BODY, unsubscribe_url

UNSUBSCRIBE_MARK = "https://unsubscribe.invalid/practice-blog-reader-link"
IMAGE_RENDITION = "width-1200|format-jpeg"


@dataclass
class EmailContent:
    """One dispatch's email, ready to be addressed to each reader."""

    subject: str
    text: str
    html: str
    from_email: str
    reply_to: list = field(default_factory=list)
    list_id: str = ""


def absolute(url):
    """``url`` on the public site's address (emails cannot use relative links)."""
    return url if urlsplit(url).scheme else public_base_url() + url


def page_address(page):
    """The page's public address, on the same base as every other link in our emails."""
    _site_id, _root, path = page.get_url_parts()
    return absolute(path or "/")


def safety_api():
    """The safety app's public surface, when the site installs it."""
    if apps.is_installed("practice_blog.safety"):
        from practice_blog.safety import api

        return api
    return None


def article_item(page):
    """What the email shows about one article: title, summary, picture, link, content note."""
    page = page.specific
    image = page.newsletter_image() if hasattr(page, "newsletter_image") else None
    safety = safety_api()
    return {
        "title": page.title,
        "url": page_address(page),
        "summary": page.newsletter_summary()
        if hasattr(page, "newsletter_summary")
        else page.search_description,
        "image_url": absolute(image.get_rendition(IMAGE_RENDITION).url) if image else "",
        "image_alt": page.newsletter_image_description() if image else "",
        "content_note": safety.content_note(page) if safety else "",
    }


def sender_for(site):
    """``From`` (the sending domain's address, with the practice's name), ``Reply-To`` and
    ``List-Id`` for a site's newsletter."""
    texts = NewsletterSettings.for_site(site) if site else NewsletterSettings()
    name = texts.sender_name or (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    address = setting("NEWSLETTER_FROM_EMAIL") or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    host = urlsplit(public_base_url()).hostname or address.rpartition("@")[2] or "localhost"
    list_id = f"{name.replace('<', '').replace('>', '')} <newsletter.{host}>"
    reply_to = [texts.reply_to] if texts.reply_to else []
    return texts, formataddr((name, address)), reply_to, list_id


def render_content(site, subject, items, *, intro=""):
    """Render the HTML and plain-text parts once, with the unsubscribe marker in both."""
    texts, from_email, reply_to, list_id = sender_for(site)
    safety = safety_api()
    context = {
        "subject": subject,
        "intro": intro,
        "items": items,
        "site_name": parseaddr(from_email)[0],
        "home_url": public_base_url() + "/",
        "postal_address": texts.postal_address,
        "crisis_lines": safety.crisis_lines() if safety else [],
        "unsubscribe_url": UNSUBSCRIBE_MARK,
    }
    return EmailContent(
        subject=" ".join(subject.split()),
        text=render_to_string("practice_blog/newsletter/email/message.txt", context),
        html=render_to_string("practice_blog/newsletter/email/message.html", context),
        from_email=from_email,
        reply_to=reply_to,
        list_id=list_id,
    )


def dispatch_content(dispatch):
    """The email a dispatch sends: its article, or the digest's articles in publishing order."""
    if dispatch.kind == Dispatch.Kind.ARTICLE:
        return render_content(dispatch.site, dispatch.subject, [article_item(dispatch.page)])
    articles = dispatch.articles.order_by("first_published_at")
    texts = NewsletterSettings.for_site(dispatch.site) if dispatch.site else NewsletterSettings()
    intro = digest_intro(texts, len(articles))
    return render_content(
        dispatch.site, dispatch.subject, [article_item(page) for page in articles], intro=intro
    )


def digest_intro(texts, count):
    period = "week" if texts.send_mode == "weekly" else "month"
    noun = "article" if count == 1 else "articles"
    return f"Here {'is' if count == 1 else 'are'} the {count} new {noun} from the past {period}."


def message_for(content, subscriber, connection=None):
    """One reader's copy: their own unsubscribe link in the footer and in the RFC 8058 headers."""
    leave = unsubscribe_url(subscriber)
    message = EmailMultiAlternatives(
        subject=content.subject,
        body=content.text.replace(UNSUBSCRIBE_MARK, leave),
        from_email=content.from_email,
        to=[subscriber.email],
        reply_to=content.reply_to,
        headers={
            "List-Unsubscribe": f"<{leave}>",
            "List-Unsubscribe-Post": ONE_CLICK_BODY,
            "List-Id": content.list_id,
        },
        connection=connection,
    )
    message.attach_alternative(content.html.replace(UNSUBSCRIBE_MARK, leave), "text/html")
    return message


def test_message(content, address):
    """A copy for one staff member: marked as a test, with no working unsubscribe link."""
    home = public_base_url() + "/"
    message = EmailMultiAlternatives(
        subject=f"[Test] {content.subject}",
        body=content.text.replace(UNSUBSCRIBE_MARK, home),
        from_email=content.from_email,
        to=[address],
        reply_to=content.reply_to,
        headers={"List-Id": content.list_id},
    )
    message.attach_alternative(content.html.replace(UNSUBSCRIBE_MARK, home), "text/html")
    return message


def page_content(page):
    """The email a page would send now (for the preview and the test send)."""
    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    return render_content(site, page.title, [article_item(page)])


def preview_html(page):
    """The HTML part of a page's email, for the editor's "Newsletter email" preview."""
    return page_content(page).html.replace(UNSUBSCRIBE_MARK, "#")


def digest_subject(texts, period_start):
    """E.g. "New articles in November 2026", or "New articles since 23 November"."""
    start = timezone.localtime(period_start)
    if texts.send_mode == "monthly":
        return f"New articles in {start:%B %Y}"
    return f"New articles since {start.day} {start:%B}"
