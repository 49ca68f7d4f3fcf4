"""Run the safe-messaging checker on a Wagtail page (the bridge between pages and checker).

Collects the words a reader sees — title, summary and every text field or StreamField block —
and the facts the document-level checks need (content note, help on the page, banner on).
Works for any page type; pages without :class:`~safety.models.ContentNoteMixin` simply have
no content note.
"""

from django.db import models
from django.utils.html import strip_tags
from wagtail.blocks import StreamValue
from wagtail.fields import StreamField
from wagtail.models import Page

from .checker import Rule, check_document
from .models import ContentNoteMixin, CrisisBannerSettings, SafeMessagingRule

# Page fields that are not reader-facing prose (addresses, notes the checker should not flag).
_SKIPPED_FIELDS = {"slug", "url_path", "draft_title", "content_note"}
_PAGE_TEXT_FIELDS = [("title", "Title"), ("search_description", "Search description")]


def active_rules():
    """The switched-on safe-messaging rules, as the checker's plain :class:`Rule` objects."""
    return [
        Rule(
            phrase=rule.phrase,
            suggestion=rule.suggestion,
            reason=rule.reason,
            needs_context=rule.needs_context,
        )
        for rule in SafeMessagingRule.objects.filter(is_active=True)
    ]


def _stream_chunks(label, stream_value):
    """``(where, text)`` for each top-level block; nested text is joined per block."""
    from .blocks import CrisisHelpBlock

    for number, child in enumerate(stream_value, start=1):
        if isinstance(child.block, CrisisHelpBlock):
            continue  # our own help text, not the writer's words
        texts = child.block.get_searchable_content(child.value)
        text = "\n".join(strip_tags(str(text)) for text in texts if text)
        if text.strip():
            block_label = child.block.label or child.block_type
            yield f"{label}, block {number} ({block_label})", text


def page_text_chunks(page):
    """Every reader-facing text on the page as ``(where, text)`` pairs, in editing order."""
    chunks = [(label, getattr(page, name, "") or "") for name, label in _PAGE_TEXT_FIELDS]
    page_field_names = {field.name for field in Page._meta.get_fields()}
    for field in type(page)._meta.get_fields():
        if field.name in page_field_names or field.name in _SKIPPED_FIELDS:
            continue
        label = str(getattr(field, "verbose_name", field.name)).capitalize()
        value = getattr(page, field.name, None) if hasattr(field, "attname") else None
        if isinstance(field, StreamField) and isinstance(value, StreamValue):
            chunks.extend(_stream_chunks(label, value))
        elif isinstance(field, models.TextField | models.CharField) and not field.choices:
            chunks.append((label, strip_tags(str(value or ""))))
    return [(where, text) for where, text in chunks if text.strip()]


def page_has_help_block(page):
    """True if any StreamField on the page contains a crisis help block (at any depth)."""
    from .blocks import CrisisHelpBlock

    def contains(stream_value):
        for child in stream_value:
            if isinstance(child.block, CrisisHelpBlock):
                return True
            value = child.value
            if isinstance(value, StreamValue) and contains(value):
                return True
        return False

    for field in type(page)._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(page, field.name, None)
            if isinstance(value, StreamValue) and contains(value):
                return True
    return False


def banner_is_on(page):
    """True if the crisis banner is switched on for the page's site."""
    site = page.get_site() if page.pk else None
    if site is None:
        return CrisisBannerSettings._meta.get_field("is_enabled").default
    setting = CrisisBannerSettings.objects.filter(site=site).only("is_enabled").first()
    return setting.is_enabled if setting else True


def check_page(page):
    """Safe-messaging findings for a page (advice only; nothing is blocked)."""
    is_sensitive = isinstance(page, ContentNoteMixin) and page.is_sensitive
    return check_document(
        page_text_chunks(page),
        active_rules(),
        has_content_note=is_sensitive,
        # A sensitive page ends with the help section; otherwise a help block or the banner.
        has_help=is_sensitive or page_has_help_block(page) or banner_is_on(page),
    )
