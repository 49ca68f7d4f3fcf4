"""``{% newsletter_signup %}``: the signup form, for any template on any Wagtail site."""

import itertools

from django import template
from wagtail.models import Site

from practice_blog.core import anonymous_posts

from ..forms import signed_consent_version
from ..models import NewsletterSettings

register = template.Library()
_form_numbers = itertools.count(1)


def newsletter_settings(request):
    """The settings of the request's site (cached on the request), else the default site's."""
    if request is not None:
        try:
            return NewsletterSettings.for_request(request)
        except NewsletterSettings.DoesNotExist:
            return None
    site = Site.objects.filter(is_default_site=True).first()
    return NewsletterSettings.for_site(site) if site else None


def signup_form_context(
    context, heading="", text="", heading_level="h2", variant="inline", form=None
):
    """Everything the signup form template needs; empty ``heading``/``text`` use the settings.

    ``form`` is a bound :class:`~newsletter.forms.SignupForm` when the form is shown again
    with the reader's input and its errors.

    Ids get a per-request number so several forms (footer and body) can share one page.
    """
    request = context.get("request")
    texts = newsletter_settings(request)
    if texts is None:
        return {"newsletter": None}
    if request is not None:
        number = getattr(request, "_newsletter_form_count", 0) + 1
        request._newsletter_form_count = number
    else:
        number = next(_form_numbers)
    page = context.get("page")
    return {
        "newsletter": texts,
        "heading": heading or texts.heading,
        "text": text or texts.introduction,
        "heading_level": heading_level if heading_level in ("h2", "h3") else "h2",
        "variant": variant,
        "prefix": f"newsletter-{number}",
        "consent_version": signed_consent_version(texts.consent_version()),
        "page_id": getattr(page, "pk", None) or "",
        "rendered": anonymous_posts.form_timestamp(),
        "honeypot_field": anonymous_posts.HONEYPOT_FIELD,
        "timestamp_field": anonymous_posts.TIMESTAMP_FIELD,
        # The stylesheet and script are linked once per page, by its first form.
        "include_assets": number == 1 or request is None,
        "form": form,
        "errors": form.error_list() if form is not None else [],
    }


@register.inclusion_tag("practice_blog/newsletter/includes/signup_form.html", takes_context=True)
def newsletter_signup(
    context, heading="", text="", heading_level="h2", variant="inline", form=None
):
    """Render the signup form; texts come from Settings → Newsletter unless given here."""
    return signup_form_context(context, heading, text, heading_level, variant, form)
