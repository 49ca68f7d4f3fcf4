"""Weekly and monthly digests: one email listing every article published since the last one.

The minute tick calls :func:`create_due_digests`. A digest is due a week (or a calendar month)
after the previous one ended; the first covers the week or month before it. Without new
articles nothing is created, and the next digest simply covers the longer stretch.
"""

from datetime import timedelta

from django.apps import apps
from django.utils import timezone
from wagtail.models import Page, Site

from .messages import digest_subject
from .models import Dispatch, NewsletterPageMixin, NewsletterSettings
from .sending import enqueue_dispatch


def add_period(moment, mode):
    """``moment`` plus a week, or plus one calendar month (days past the 28th count as the 28th,
    so every month has its digest)."""
    if mode == "weekly":
        return moment + timedelta(days=7)
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def subtract_period(moment, mode):
    if mode == "weekly":
        return moment - timedelta(days=7)
    year, month = (moment.year - 1, 12) if moment.month == 1 else (moment.year, moment.month - 1)
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def newsletter_page_models():
    """Every installed page type that can be emailed (carries :class:`NewsletterPageMixin`)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, NewsletterPageMixin) and issubclass(model, Page)
    ]


def articles_published_between(site, start, end):
    """Ids of live, emailable pages of ``site`` first published in ``[start, end)`` that were
    not already emailed on their own."""
    emailed = Dispatch.objects.filter(kind=Dispatch.Kind.ARTICLE).values("page_id")
    ids = []
    for model in newsletter_page_models():
        ids += (
            model.objects.live()
            .descendant_of(site.root_page, inclusive=True)
            .filter(email_subscribers=True, first_published_at__gte=start)
            .filter(first_published_at__lt=end)
            .exclude(pk__in=emailed)
            .values_list("pk", flat=True)
        )
    return ids


def create_due_digest(site, now=None):
    """The site's digest if one is due and there is something to put in it, else ``None``."""
    now = now or timezone.now()
    texts = NewsletterSettings.for_site(site)
    if texts.send_mode not in ("weekly", "monthly"):
        return None
    previous = (
        Dispatch.objects.filter(kind=Dispatch.Kind.DIGEST, site=site)
        .exclude(period_end=None)
        .order_by("-period_end")
        .first()
    )
    start = previous.period_end if previous else subtract_period(now, texts.send_mode)
    if previous and now < add_period(start, texts.send_mode):
        return None
    articles = articles_published_between(site, start, now)
    if not articles:
        return None
    digest = Dispatch.objects.create(
        kind=Dispatch.Kind.DIGEST,
        site=site,
        subject=digest_subject(texts, start),
        status=Dispatch.Status.DRAFT if texts.review_digests else Dispatch.Status.SCHEDULED,
        send_after=None if texts.review_digests else now,
        period_start=start,
        period_end=now,
    )
    digest.articles.set(articles)
    if digest.status == Dispatch.Status.SCHEDULED:
        enqueue_dispatch(digest.pk)
    return digest


def create_due_digests(now=None):
    """Every site's due digest; returns how many were created."""
    return sum(create_due_digest(site, now) is not None for site in Site.objects.all())
