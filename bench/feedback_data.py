"""Build a large feedback data set for the analytics benchmark, in its own SQLite file.

    .venv/bin/python bench/feedback_data.py [--articles 1000] [--votes 1000000] [--days 730]

Creates ``/tmp/practice-blog-feedback-bench.sqlite3`` (never the shared ``db.sqlite3``):
migrates it, adds a blog with ``--articles`` articles (tags and two authors), then writes
``--votes`` answers spread over ``--days`` days straight into the raw vote table and the daily
rollups with bulk inserts, in the exact shape :mod:`practice_blog.feedback.rollups` keeps them,
then the monthly rollups from the daily ones and the totals from the monthly ones (checked at
the end: each adds up to the number of raw rows). Prints progress and a summary.
"""

import argparse
import bisect
import datetime
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_PATH = Path(os.environ.get("FEEDBACK_BENCH_DB", "/tmp/practice-blog-feedback-bench.sqlite3"))
REASONS = [
    "Didn't answer my question",
    "Hard to understand",
    "Seems out of date",
    "Not relevant to me",
    "Something else",
]
TAGS = ["boundaries", "therapy", "crisis", "endings", "anxiety", "family", "sleep", "grief"]
BATCH = 20_000


def setup_django():
    """Point Django at the benchmark database (never the shared one) and start it."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
    os.environ["DEBUG"] = "false"  # no query log: keeps memory flat and timings honest
    os.environ["TIME_ZONE"] = "UTC"  # rollup days below are UTC dates
    import django

    django.setup()


def say(message):
    print(message, flush=True)


def create_articles(count):
    """A blog index with ``count`` articles (no revisions: only the tree rows are needed)."""
    from taggit.models import Tag

    from home.demo import ensure_home_page
    from practice_blog.blog.models import (
        ArticlePage,
        ArticlePageAuthor,
        ArticlePageTag,
        Author,
        BlogIndexPage,
    )

    home = ensure_home_page()
    index = BlogIndexPage(title="Articles", slug="articles")
    home.add_child(instance=index)
    authors = [
        Author.objects.create(name="Bench Author One", slug="bench-one", live=True),
        Author.objects.create(name="Bench Author Two", slug="bench-two", live=True),
    ]
    tags = [Tag.objects.create(name=name, slug=name) for name in TAGS]
    pages = []
    for number in range(1, count + 1):
        page = ArticlePage(
            title=f"Benchmark article {number}",
            slug=f"benchmark-article-{number}",
            summary="Generated for the analytics benchmark.",
            body=[("paragraph", "<p>Benchmark text.</p>")],
        )
        index.add_child(instance=page)
        pages.append(page)
        if number % 100 == 0:
            say(f"  articles: {number}/{count}")
    ArticlePageAuthor.objects.bulk_create(
        ArticlePageAuthor(page=page, author=authors[i % 2], sort_order=0)
        for i, page in enumerate(pages)
    )
    ArticlePageTag.objects.bulk_create(
        ArticlePageTag(content_object=page, tag=tags[i % len(tags)]) for i, page in enumerate(pages)
    )
    return [(page.pk, page.title, page.url_path) for page in pages]


def generate_votes(pages, total, days, seed=5):
    """Write ``total`` raw votes and their exact rollups with bulk inserts."""
    from django.db import connection, transaction

    rng = random.Random(seed)
    # Popularity follows a long tail (a few articles get most votes), as on real blogs.
    weights = [1 / (rank**0.8) for rank in range(1, len(pages) + 1)]
    cumulative = []
    running = 0.0
    for weight in weights:
        running += weight
        cumulative.append(running)
    helpful_rate = {pk: rng.uniform(0.35, 0.95) for pk, _t, _u in pages}
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    start = now - datetime.timedelta(days=days)
    span = int((now - start).total_seconds())
    page_days = Counter()
    page_days_no = Counter()
    reason_days = Counter()
    insert = (
        "INSERT INTO practice_blog_feedback_helpfulvote (page_id, page_id_at_vote, url_at_vote, "
        "title_at_vote, "
        "helpful, reasons, comment, created_at, voter_key, is_current, review_status) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'new')"
    )
    written = 0
    started = time.monotonic()
    with transaction.atomic():
        cursor = connection.cursor()
        while written < total:
            rows = []
            for _ in range(min(BATCH, total - written)):
                pk, title, url = pages[bisect.bisect_left(cumulative, rng.random() * running)]
                created = start + datetime.timedelta(seconds=rng.randrange(span))
                helpful = rng.random() < helpful_rate[pk]
                reasons = []
                comment = ""
                if not helpful:
                    if rng.random() < 0.6:
                        reasons = rng.sample(REASONS, rng.randint(1, 2))
                    if rng.random() < 0.05:
                        comment = "Generated benchmark comment."
                day = created.date()  # settings TIME_ZONE is UTC for the benchmark
                if helpful:
                    page_days[(pk, day)] += 1
                else:
                    page_days_no[(pk, day)] += 1
                for reason in reasons:
                    reason_days[(pk, day, reason)] += 1
                rows.append(
                    (
                        pk,
                        pk,
                        url,
                        title,
                        helpful,
                        json.dumps(reasons),
                        comment,
                        created.strftime("%Y-%m-%d %H:%M:%S"),
                        f"bench-{written + len(rows)}",
                    )
                )
            cursor.executemany(insert, rows)
            written += len(rows)
            if written % 100_000 == 0 or written == total:
                say(f"  votes: {written}/{total} ({time.monotonic() - started:.0f}s)")
        keys = page_days.keys() | page_days_no.keys()
        cursor.executemany(
            "INSERT INTO practice_blog_feedback_dailypagefeedback "
            "(page_id, day, helpful, not_helpful) "
            "VALUES (?, ?, ?, ?)",
            [
                (pk, day.isoformat(), page_days[(pk, day)], page_days_no[(pk, day)])
                for pk, day in keys
            ],
        )
        say(f"  page rollups: {len(keys)} rows")
        cursor.executemany(
            "INSERT INTO practice_blog_feedback_dailyreasonfeedback (page_id, day, reason, count) "
            "VALUES (?, ?, ?, ?)",
            [(pk, day.isoformat(), reason, n) for (pk, day, reason), n in reason_days.items()],
        )
        say(f"  reason rollups: {len(reason_days)} rows")
        from practice_blog.feedback.rollups import rebuild_monthly

        say(f"  monthly rollups and totals: {rebuild_monthly()} page-month rows")
    return len(keys), len(reason_days)


def check_totals(expected):
    """The rollups must add up to the raw rows: a cheap whole-table consistency check."""
    from django.db.models import Sum

    from practice_blog.feedback.models import (
        DailyPageFeedback,
        HelpfulVote,
        MonthlyFeedbackTotal,
        MonthlyPageFeedback,
        PageFeedbackTotal,
    )

    raw = HelpfulVote.objects.count()
    for model in (DailyPageFeedback, MonthlyPageFeedback, MonthlyFeedbackTotal, PageFeedbackTotal):
        sums = model.objects.aggregate(h=Sum("helpful"), n=Sum("not_helpful"))
        if not (raw == expected == sums["h"] + sums["n"]):
            raise SystemExit(
                f"Mismatch: {raw} raw rows, {model.__name__} adds up to {sums['h'] + sums['n']}"
            )
    return raw


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--votes", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=730)
    args = parser.parse_args()
    started = time.monotonic()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    setup_django()
    from django.core.management import call_command

    say(f"Migrating {DB_PATH}…")
    call_command("migrate", verbosity=0)
    call_command("practice_blog_setup", "--groups", verbosity=0)
    say(f"Creating {args.articles} articles…")
    pages = create_articles(args.articles)
    say(f"Writing {args.votes} votes over {args.days} days…")
    page_rows, reason_rows = generate_votes(pages, args.votes, args.days)
    raw = check_totals(args.votes)
    say(
        f"Done: {args.articles} articles, {raw} votes, {page_rows} page-day and {reason_rows} "
        f"reason-day rollup rows in {DB_PATH} ({time.monotonic() - started:.0f}s)."
    )


if __name__ == "__main__":
    main()
