"""Weekly and monthly digests: one email listing every article published since the last one.

The minute tick calls :func:`create_due_digests`. Digests fall on fixed boundaries: a week (or a
calendar month) after the previous digest's end, then every week or month after that. At a
boundary with no new articles nothing is created, and the next digest covers the longer
stretch. The first digest covers the week or month up to the start of the day digests were
switched on.
"""

from datetime import timedelta

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page, Site

from .messages import digest_subject
from .models import Dispatch, NewsletterPageMixin
from .senders import newsletter_settings_for
from .sending import enqueue_dispatch


def shift(moment, mode, steps=1):
    """``moment`` moved by ``steps`` weeks, or calendar months (days past the 28th count as the
    28th, so every month has its digest)."""
    if mode == "weekly":
        return moment + timedelta(days=7 * steps)
    months = moment.year * 12 + moment.month - 1 + steps
    return moment.replace(year=months // 12, month=months % 12 + 1, day=min(moment.day, 28))


def last_boundary(previous_end, now, mode):
    """The latest digest boundary at or before ``now`` after ``previous_end``, or ``None``."""
    boundary = None
    following = shift(previous_end, mode)
    while following <= now:
        boundary = following
        following = shift(following, mode)
    return boundary


def newsletter_page_models():
    """Every installed page type that can be emailed (carries :class:`NewsletterPageMixin`)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, NewsletterPageMixin) and issubclass(model, Page)
    ]


def articles_published_between(site, start, end):
    """Ids of live, public, emailable pages of ``site`` first published in ``[start, end)``
    that were not already emailed on their own."""
    emailed = Dispatch.objects.filter(kind=Dispatch.Kind.ARTICLE).values("page_id")
    ids = []
    for model in newsletter_page_models():
        ids += (
            model.objects.live()
            .public()
            .descendant_of(site.root_page, inclusive=True)
            .filter(email_subscribers=True, first_published_at__gte=start)
            .filter(first_published_at__lt=end)
            .exclude(pk__in=emailed)
            .values_list("pk", flat=True)
        )
    return ids


def digest_period(site, mode, now):
    """``(start, end)`` of the digest due now for ``site``, or ``None`` if none is due."""
    previous = (
        Dispatch.objects.filter(kind=Dispatch.Kind.DIGEST, site=site)
        .exclude(period_end=None)
        .order_by("-period_end")
        .first()
    )
    if previous is None:
        # The first digest ends at the start of today, so overlapping ticks agree on it.
        today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        return shift(today, mode, -1), today
    end = last_boundary(previous.period_end, now, mode)
    return (previous.period_end, end) if end else None


def create_due_digest(site, now=None):
    """The site's digest if one is due and there is something to put in it, else ``None``.

    Safe when two ticks run at once: a constraint allows one digest per site and period end.
    """
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    texts = newsletter_settings_for(site)
    if texts.send_mode not in ("weekly", "monthly"):
        return None
    period = digest_period(site, texts.send_mode, now)
    if period is None:
        return None
    start, end = period
    articles = articles_published_between(site, start, end)
    if not articles:
        return None
    review = texts.review_digests
    try:
        with transaction.atomic():
            digest = Dispatch.objects.create(
                kind=Dispatch.Kind.DIGEST,
                site=site,
                subject=digest_subject(start),
                status=Dispatch.Status.DRAFT if review else Dispatch.Status.SCHEDULED,
                send_after=None if review else now,
                period_start=start,
                period_end=end,
            )
            digest.articles.set(articles)
            if not review:
                enqueue_dispatch(digest.pk)
    except IntegrityError:
        return None  # another tick made it a moment ago
    return digest


def create_due_digests(now=None):
    """Every site's due digest; returns how many were created."""
    return sum(create_due_digest(site, now) is not None for site in Site.objects.all())
