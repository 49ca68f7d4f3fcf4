"""Time the feedback analytics screens on the large data set from ``bench/feedback_data.py``.

    .venv/bin/python bench/feedback_data.py      # once: 1,000 articles, 1,000,000 votes
    .venv/bin/python bench/analytics_bench.py [--runs 15]

Requests the overview and the articles table for "all time" and "last 30 days" (and the
overview for "last 12 months") through Django's test client (in process, so the time measured
is the server's: URL routing, middleware, permission check, queries and template rendering; no
network), logged in as a Practice owner. After one warm-up request each, the screens take turns
(one request of each, then the next round, ``--runs`` rounds), so that every screen meets the
same machine: on a shared machine its speed changes from second to second. Prints the median,
fastest and slowest wall-clock time, the median CPU time of this process (the request runs in
this one thread and SQLite runs inside it, so on a busy shared machine this is close to what
the wall-clock time would be on an idle one), and the number of SQL queries per request. DEBUG
is off. The goal for the "all time" screens is under 50 ms of server CPU each (they read the
all-time and monthly totals); every screen must stay within the 300 ms budget.

The first screen measured is a reference: the articles table searched for a title no article
has, which is the same admin page (session, permission check, menu, filters, period form)
with no figures to read. Every screen's CPU time is also given as a multiple of it, which
varies far less than milliseconds on a shared machine whose speed changes from run to run.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_PATH = Path(os.environ.get("FEEDBACK_BENCH_DB", "/tmp/practice-blog-feedback-bench.sqlite3"))
BUDGET_MS = 300
ALL_TIME_CPU_GOAL_MS = 50

REFERENCE = "reference: admin page, no rows"
SCREENS = [
    (REFERENCE, "feedback_analytics:articles", "all&q=no+article+has+this+title"),
    ("overview, all time", "feedback_analytics:overview", "all"),
    ("overview, last 12 months", "feedback_analytics:overview", "12m"),
    ("overview, last 30 days", "feedback_analytics:overview", "30d"),
    ("articles table, all time", "feedback_analytics:articles", "all"),
    ("articles table, last 30 days", "feedback_analytics:articles", "30d"),
]


def setup_django():
    if not DB_PATH.exists():
        raise SystemExit(f"{DB_PATH} is missing: run bench/feedback_data.py first.")
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
    os.environ["DEBUG"] = "false"
    os.environ["TIME_ZONE"] = "UTC"
    os.environ["ALLOWED_HOSTS"] = "localhost"
    import django

    django.setup()


def owner_client():
    """A test client logged in as a member of Practice owners."""
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from practice_blog.core.groups import PRACTICE_OWNERS

    user, _ = User.objects.get_or_create(username="analytics-bench-owner")
    user.groups.add(Group.objects.get(name=PRACTICE_OWNERS))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def query_count(client, url):
    """Check that ``url`` answers 200 (the first request also warms caches up) and count the
    queries of a second request."""
    from django.db import connection

    response = client.get(url)  # warm-up
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    return len(executed)


def time_screens(client, urls, runs):
    """``{url: (wall ms, CPU ms)}`` of ``runs`` requests each, taken in turns (one request of
    every screen, then the next round), so that every screen meets the same machine: on a
    shared machine the speed changes from second to second."""
    timings = {url: ([], []) for url in urls}
    for _ in range(runs):
        for url in urls:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings[url][0].append((time.perf_counter() - started) * 1000)
            timings[url][1].append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200
    return timings


def load_average():
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    setup_django()
    from django.urls import reverse

    from practice_blog.feedback.models import DailyPageFeedback, HelpfulVote, MonthlyPageFeedback

    client = owner_client()
    print(
        f"Data: {HelpfulVote.objects.count()} votes, {DailyPageFeedback.objects.count()} "
        f"page-day and {MonthlyPageFeedback.objects.count()} page-month rollup rows "
        f"({DB_PATH}); {args.runs} timed requests each, "
        f"{os.cpu_count()} CPUs, load average {load_average()}.",
        flush=True,
    )
    print(
        f"{'screen':<30} {'median':>9} {'fastest':>9} {'slowest':>9} {'CPU median':>11} "
        f"{'x ref':>6} {'queries':>8}"
    )
    urls = [f"{reverse(name)}?period={period}" for _label, name, period in SCREENS]
    queries = {url: query_count(client, url) for url in urls}
    timings = time_screens(client, urls, args.runs)
    worst = 0.0
    all_time_cpu = []
    reference_cpu = None
    for (label, _name, period), url in zip(SCREENS, urls, strict=True):
        wall, cpu = timings[url]
        median = statistics.median(wall)
        cpu_median = statistics.median(cpu)
        reference_cpu = reference_cpu or cpu_median
        worst = max(worst, median)
        if period == "all":
            all_time_cpu.append((label, cpu_median))
        print(
            f"{label:<30} {median:>7.0f}ms {min(wall):>7.0f}ms {max(wall):>7.0f}ms "
            f"{cpu_median:>9.0f}ms {cpu_median / reference_cpu:>6.2f} {queries[url]:>8}",
            flush=True,
        )
    verdict = "within" if worst < BUDGET_MS else "OVER"
    print(
        f"Slowest median {worst:.0f} ms: {verdict} the {BUDGET_MS} ms budget "
        f"(load average at the end: {load_average()})."
    )
    for label, cpu in all_time_cpu:
        verdict = "within" if cpu < ALL_TIME_CPU_GOAL_MS else "OVER"
        print(f"{label}: {cpu:.0f} ms CPU, {verdict} the {ALL_TIME_CPU_GOAL_MS} ms goal.")


if __name__ == "__main__":
    main()
