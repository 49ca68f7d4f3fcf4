"""Demo votes for ``load_demo``: a few hundred answers over the last 90 days.

Every demo vote has a voter key starting with ``demo-`` (``HelpfulVote.objects.demo()``), so it
is clearly demo data and can be removed. Running the loader again deletes the previous demo
votes (through :func:`practice_blog.feedback.rollups.delete_vote`, so the rollups stay exact)
and writes a fresh, identical-sized set through
:func:`practice_blog.feedback.rollups.record_vote`. All comment text is written for this
project.
"""

import random
from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page, Site, get_page_models

from practice_blog.feedback import rollups
from practice_blog.feedback.models import FeedbackSettings, HelpfulVote, HelpfulWidgetMixin

from . import home_page

VOTES_PER_ARTICLE = 60
DAYS = 90
SEED = 4
# How often readers of each demo article answered "Yes", in page order: one article clearly
# needs attention so the analytics have something to show.
HELPFUL_SHARES = [0.86, 0.74, 0.45, 0.8, 0.67]
COMMENTS = [
    "I wanted to know how long a first appointment usually takes.",
    "The section on cancelling felt rushed compared with the rest.",
    "A short example conversation would make this easier to picture.",
    "Some of the words were new to me; a plain explanation would help.",
    "It would help to say what happens if I need to stop therapy suddenly.",
    "The article reads well, but I was looking for information about fees.",
    "More about what to do between sessions, please.",
]
FOLLOW_UP_TEXT = "Book a free first call"
SPAM_COMMENT = "Great post!!! Visit our shop for cheap followers"


def demo_articles():
    """Live pages whose type carries the widget switch (switched on), in tree order."""
    widget_models = [m for m in get_page_models() if issubclass(m, HelpfulWidgetMixin)]
    pages = []
    for model in widget_models:
        pages.extend(model.objects.live().filter(show_helpful_widget=True))
    return sorted(pages, key=lambda page: page.path)


def remove_demo_votes():
    """Delete earlier demo votes, taking each out of the rollups; returns how many."""
    removed = 0
    for vote in HelpfulVote.objects.demo().order_by("pk"):
        removed += rollups.delete_vote(vote)
    return removed


def configure_settings():
    """Demo wording: a follow-up link to the home page, where booking is explained."""
    site = Site.objects.get(is_default_site=True)
    feedback_settings = FeedbackSettings.for_site(site)
    feedback_settings.follow_up_text = FOLLOW_UP_TEXT
    feedback_settings.follow_up_page = Page.objects.get(pk=home_page().pk)
    feedback_settings.follow_up_url = ""
    feedback_settings.save()
    return feedback_settings


def vote_times(rng, now, count):
    """``count`` moments over the last :data:`DAYS` days, busier in recent weeks."""
    times = []
    for _ in range(count):
        days_ago = min(int(rng.expovariate(1 / 35)), DAYS - 1)
        moment = now - timedelta(days=days_ago, minutes=rng.randint(0, 24 * 60 - 1))
        times.append(moment)
    return sorted(times)


def record_article_votes(rng, article, share, reasons, now, number):
    """Write one article's demo votes; a few readers change their mind later."""
    for index, moment in enumerate(vote_times(rng, now, VOTES_PER_ARTICLE)):
        voter = f"{HelpfulVote.DEMO_PREFIX}{number:02d}{index:04d}{rng.getrandbits(64):016x}"
        helpful = rng.random() < share
        chosen, comment = [], ""
        if not helpful and rng.random() < 0.7:
            chosen = rng.sample(reasons, k=rng.choice([1, 1, 2]))
            if rng.random() < 0.35:
                comment = rng.choice(COMMENTS)
        vote = rollups.record_vote(
            article,
            helpful=helpful,
            voter_key=voter,
            reasons=chosen,
            comment=comment,
            created_at=moment,
        )
        if index % 17 == 5 and moment + timedelta(hours=2) < now:
            # Changed their answer two hours later: the earlier row is superseded.
            rollups.record_vote(
                article,
                helpful=not helpful,
                voter_key=voter,
                created_at=moment + timedelta(hours=2),
            )
        elif comment and index % 3 == 0:
            rollups.set_review_status(vote, HelpfulVote.Status.REVIEWED)


def load(stdout):
    """Replace the demo votes with a fresh set spread over the last 90 days."""
    removed = remove_demo_votes()
    articles = demo_articles()
    if not articles:
        return "no pages carry the helpful widget yet; no demo votes"
    feedback_settings = configure_settings()
    rng = random.Random(SEED)
    now = timezone.now()
    for number, article in enumerate(articles):
        share = HELPFUL_SHARES[number % len(HELPFUL_SHARES)]
        record_article_votes(rng, article, share, feedback_settings.reasons, now, number)
        stdout.write(f"  demo votes for “{article.title}”\n")
    spam = rollups.record_vote(
        articles[0],
        helpful=False,
        voter_key=f"{HelpfulVote.DEMO_PREFIX}spam{rng.getrandbits(64):016x}",
        comment=SPAM_COMMENT,
        created_at=now - timedelta(days=3),
    )
    rollups.exclude_vote(spam)
    total = HelpfulVote.objects.demo().count()
    counted = HelpfulVote.objects.demo().counted().count()
    replaced = f", replaced {removed} earlier ones" if removed else ""
    return (
        f"{total} demo votes ({counted} counted) on {len(articles)} articles over "
        f"{DAYS} days{replaced}"
    )
