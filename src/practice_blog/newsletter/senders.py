"""Who newsletter emails come from, shared by confirmation emails and emails to the list."""

from dataclasses import dataclass, field
from email.utils import formataddr, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

from practice_blog.core.conf import public_base_url, setting

from .models import NewsletterSettings


@dataclass
class Sender:
    """``From`` (the sending domain's address with the practice's name), ``Reply-To`` (the
    practice's own address) and ``List-Id`` of one site's newsletter."""

    texts: NewsletterSettings
    name: str
    from_email: str
    reply_to: list = field(default_factory=list)
    list_id: str = ""


def newsletter_settings_for(site):
    """A site's newsletter settings, or the defaults when there is no site."""
    return NewsletterSettings.for_site(site) if site else NewsletterSettings()


def sender_for(site=None):
    site = site or Site.objects.filter(is_default_site=True).first()
    texts = newsletter_settings_for(site)
    name = texts.sender_name or (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    address = setting("NEWSLETTER_FROM_EMAIL") or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    host = urlsplit(public_base_url()).hostname or address.rpartition("@")[2] or "localhost"
    label = name.replace("<", "").replace(">", "").replace('"', "")
    return Sender(
        texts=texts,
        name=name,
        from_email=formataddr((name, address)),
        reply_to=[texts.reply_to] if texts.reply_to else [],
        list_id=f"{label} <newsletter.{host}>",
    )
