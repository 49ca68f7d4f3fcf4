"""Votes per second through gunicorn, with concurrent clients, checked against the database.

    .venv/bin/python bench/vote_bench.py [--votes 3000] [--clients 16] [--workers 3]

What it does, on loopback only and bounded in size:

1. creates a throwaway SQLite database (WAL, IMMEDIATE transactions: the production defaults)
   in the temp folder, migrates it and adds a blog with a few articles;
2. starts gunicorn on 127.0.0.1:8107 (port: ``--port``) with the ``dev`` settings, DEBUG off;
3. fetches an article like a browser would, waits the minimum reading time, then lets
   ``--clients`` threads post ``--votes`` answers at once, as same-origin form posts that carry
   a voter key (one in ten is a reader changing their answer; a few are exact repeats);
4. stops gunicorn and checks the database: rows == accepted answers (HTTP 201), one current row
   per reader and article, rollups == raw rows. Exits non-zero if anything disagrees.
"""

import argparse
import os
import re
import secrets
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from http.client import HTTPConnection
from pathlib import Path

from gunicorn_server import ROOT, server_cpu_seconds, start_gunicorn

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0"
ARTICLES = 5


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--votes", type=int, default=3000, help="answers to send (max 50000)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients (max 64)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--keep", action="store_true", help="keep the database file")
    args = parser.parse_args()
    args.votes = max(1, min(args.votes, 50_000))
    args.clients = max(1, min(args.clients, 64))
    return args


def configure_django(database_path):
    """Point this process (and gunicorn, through the environment) at the bench database."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "website.settings.dev",
            "DATABASE_URL": f"sqlite:///{database_path}",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "ERROR",
            # Keep each worker's SQLite connection open between requests, as a real
            # deployment would (README: CONN_MAX_AGE).
            "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare_site(votes_per_hour):
    """Migrate and add a blog with a few articles; returns the articles' ``(id, url)``."""
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Site

    from home.demo import ensure_home_page
    from practice_blog.blog.models import ArticlePage, BlogIndexPage
    from practice_blog.feedback.models import FeedbackSettings

    call_command("migrate", verbosity=0)
    blog = ensure_home_page().add_child(instance=BlogIndexPage(title="Articles", slug="articles"))
    articles = []
    for number in range(ARTICLES):
        article = blog.add_child(
            instance=ArticlePage(
                title=f"Bench article {number}",
                slug=f"bench-{number}",
                summary="An article for the vote benchmark.",
                body=[("paragraph", "<p>Words.</p>")],
            )
        )
        articles.append((article.pk, article.url))
    settings = FeedbackSettings.for_site(Site.objects.get(is_default_site=True))
    settings.votes_per_hour = votes_per_hour  # one client address sends every vote here
    settings.save()
    minimum = settings.minimum_seconds_on_page
    connection.close()
    return articles, minimum


def read_rendered_value(port, url):
    """The form's signed "rendered" value, as a reader's browser would get it."""
    connection = HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", url, headers={"User-Agent": BROWSER})
    body = connection.getresponse().read().decode()
    match = re.search(r'name="rendered" value="([^"]+)"', body)
    if not match:
        raise SystemExit(f"no helpful widget on {url}")
    return match.group(1)


def plan_votes(total, articles):
    """``(page id, voter key, answer)`` for every request: new readers, changes and repeats."""
    plan, readers, latest = [], [], {}
    for index in range(total):
        if readers and index % 10 == 9:
            # An earlier reader changes their answer.
            page_id, voter = readers[(index * 7919) % len(readers)]
            answer = "no" if latest[(page_id, voter)] == "yes" else "yes"
        elif readers and index % 97 == 0:
            # An exact repeat of the previous answer: refused with 409 (nothing written).
            page_id, voter = readers[-1]
            answer = latest[(page_id, voter)]
        else:
            page_id = articles[index % len(articles)][0]
            voter, answer = secrets.token_hex(16), "yes" if index % 3 else "no"
            readers.append((page_id, voter))
        latest[(page_id, voter)] = answer
        plan.append((page_id, voter, answer))
    return plan


def run_clients(port, plan, clients, rendered):
    """Send every planned vote from ``clients`` threads; returns (statuses, latencies)."""
    origin = f"http://127.0.0.1:{port}"
    statuses, latencies, lock = Counter(), [], threading.Lock()
    cursor = iter(range(len(plan)))
    done = [0]

    def client():
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                return
            page_id, voter, answer = plan[index]
            body = urllib.parse.urlencode(
                {"page": page_id, "answer": answer, "voter": voter, "rendered": rendered}
            )
            started = time.perf_counter()
            try:
                connection = HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request(
                    "POST",
                    "/feedback/vote/",
                    body=body,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Accept": "application/json",
                        "Origin": origin,
                        "User-Agent": BROWSER,
                    },
                )
                response = connection.getresponse()
                response.read()
                status = response.status
            except OSError as error:
                status = f"error: {error.__class__.__name__}"
            elapsed = time.perf_counter() - started
            with lock:
                statuses[status] += 1
                latencies.append(elapsed)
                done[0] += 1
                if done[0] % max(1, len(plan) // 10) == 0:
                    print(f"  {done[0]}/{len(plan)} answers sent", flush=True)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, latencies


def check_database(statuses):
    """Compare the database with the responses; returns a list of problems."""
    from practice_blog.feedback.models import DailyPageFeedback, HelpfulVote
    from practice_blog.feedback.rollups import rollup_differences

    problems = []
    accepted = statuses.get(201, 0)
    rows = HelpfulVote.objects.count()
    if rows != accepted:
        problems.append(f"{rows} vote rows but {accepted} accepted answers")
    current = HelpfulVote.objects.counted().count()
    readers = HelpfulVote.objects.values("page_id_at_vote", "voter_key").distinct().count()
    if current != readers:
        problems.append(f"{current} current answers for {readers} readers")
    differences = rollup_differences()
    if differences:
        problems.append(f"rollups differ from raw rows in {len(differences)} places")
    in_rollups = sum(r.helpful + r.not_helpful for r in DailyPageFeedback.objects.all())
    if in_rollups != current:
        problems.append(f"rollups hold {in_rollups} votes, raw rows {current}")
    return problems, rows, current


def main():
    args = parse_args()
    database = Path(tempfile.gettempdir()) / f"practice-vote-bench-{os.getpid()}.sqlite3"
    print(f"Database: {database}")
    configure_django(database)
    articles, minimum = prepare_site(votes_per_hour=30_000)
    print(f"Site ready: {len(articles)} articles. Starting gunicorn ({args.workers} workers)…")
    log_path = Path(tempfile.gettempdir()) / f"practice-vote-bench-{os.getpid()}.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed after gunicorn stops
    server = start_gunicorn(args.port, args.workers, log=log)
    try:
        rendered = read_rendered_value(args.port, articles[0][1])
        time.sleep(minimum + 0.5)  # a reader reads before answering
        plan = plan_votes(args.votes, articles)
        print(f"Sending {len(plan)} answers from {args.clients} concurrent clients…")
        cpu_before = server_cpu_seconds(server.pid)
        started = time.perf_counter()
        statuses, latencies = run_clients(args.port, plan, args.clients, rendered)
        elapsed = time.perf_counter() - started
        cpu_used = server_cpu_seconds(server.pid) - cpu_before
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    problems, rows, current = check_database(statuses)
    server_errors = [
        line
        for line in log_path.read_text().splitlines()
        if "Traceback" in line or "locked" in line
    ]
    if server_errors:
        problems.append(f"{len(server_errors)} server errors, see {log_path}")
    else:
        log_path.unlink(missing_ok=True)
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else 0
    print(f"Responses: {dict(sorted(statuses.items(), key=str))}")
    print(
        f"Latency: median {statistics.median(latencies) * 1000:.1f} ms, "
        f"95th percentile {p95 * 1000:.1f} ms"
    )
    print(
        f"Server CPU: {cpu_used:.1f} s for {len(plan)} requests = "
        f"{cpu_used / len(plan) * 1000:.1f} ms per request "
        f"(at most {len(plan) / cpu_used * os.cpu_count():.0f} requests/s on {os.cpu_count()} "
        "idle cores)"
    )
    load = os.getloadavg()[0]
    print(f"Load average during the run: {load:.1f}")
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    for problem in problems:
        print(f"PROBLEM: {problem}")
    verdict = "database matches responses" if not problems else "MISMATCH"
    print(
        f"{len(plan) / elapsed:.0f} requests/s, {statuses.get(201, 0) / elapsed:.0f} accepted "
        f"votes/s ({len(plan)} requests, {args.clients} clients, {args.workers} workers, "
        f"{elapsed:.1f} s); {rows} rows, {current} current; {verdict}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
