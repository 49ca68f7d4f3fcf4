"""Article pages per second through gunicorn, cached and uncached, against a static file.

    .venv/bin/python bench/article_bench.py [--clients 8] [--duration 10] [--workers 3]

What it does, on loopback only and bounded in time and size:

1. builds the demo site (``migrate``, ``load_demo``, ``collectstatic``) in a temporary folder
   with its own SQLite database and media folder, using the production settings profile
   (``SERVE_MEDIA=true``, ``SECURE_SSL_REDIRECT=false``, a random ``SECRET_KEY``);
2. starts gunicorn on 127.0.0.1:8101 (``--port``) with ``--workers`` processes;
3. requests every demo article once so image renditions exist (as after a site's first
   visitors), then, for each target, lets ``--clients`` threads request it for ``--duration``
   seconds (at most ``--max-requests`` requests), one new connection per request;
4. prints requests per second, latency p50/p95/p99 and gunicorn's CPU time per request for
   the site's stylesheet (served by WhiteNoise in the same gunicorn), an article from the page
   cache, the same article rendered afresh (an unknown query parameter bypasses the page
   cache, which is how the cache is switched off for one request), and the blog index, cached
   and uncached; then the ratios, stops gunicorn and deletes the temporary folder.

Exits non-zero if any request fails.
"""

import argparse
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

from gunicorn_server import HOST, ROOT, port_is_free, server_cpu_seconds, start_gunicorn

PYTHON = sys.executable


def parse_args():
    """Command-line options, clamped to bounded values."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (max 64)")
    parser.add_argument("--duration", type=float, default=10, help="seconds per target (max 120)")
    parser.add_argument("--max-requests", type=int, default=20_000, help="per target (max 100000)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8101)
    args = parser.parse_args()
    args.clients = max(1, min(args.clients, 64))
    args.duration = max(1.0, min(args.duration, 120.0))
    args.max_requests = max(1, min(args.max_requests, 100_000))
    return args


def bench_environment(folder):
    """Production profile pointed at the temporary folder."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "PAGE_CACHE_DIR": str(folder / "page-cache"),
        "SERVE_MEDIA": "true",
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "ERROR",
    }


def build_site(env):
    """Migrate, load the demo and collect static files, printing each step."""
    steps = [
        ["migrate", "--no-input", "-v", "0"],
        ["load_demo"],
        ["collectstatic", "--no-input", "-v", "0"],
    ]
    for number, step in enumerate(steps, start=1):
        print(f"[{number}/{len(steps)}] manage.py {step[0]}…", flush=True)
        subprocess.run(
            [PYTHON, "manage.py", *step], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )


def fetch(port, path):
    """One GET on a fresh connection: ``(status, body)``."""
    connection = HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "localhost"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def find_targets(port):
    """The demo articles' paths and the stylesheet the article page links to."""
    status, body = fetch(port, "/blog/")
    if status != 200:
        raise SystemExit(f"/blog/ answered {status}")
    html = body.decode()
    articles = sorted(set(re.findall(r'href="(/blog/[a-z0-9-]+/)"', html)))
    articles = [path for path in articles if not path.startswith(("/blog/tags", "/blog/feed"))]
    if not articles:
        raise SystemExit("no articles found on /blog/")
    status, body = fetch(port, articles[0])
    stylesheet = re.search(r'<link rel="stylesheet" href="(/static/home/css/[^"]+)"', body.decode())
    if stylesheet is None:
        raise SystemExit("no stylesheet found on the article page")
    return articles, stylesheet.group(1)


def hammer(port, path, clients, duration, max_requests):
    """Request ``path`` from ``clients`` threads; return (latencies in ms, failures, seconds)."""
    latencies, failures = [], []
    lock = threading.Lock()
    remaining = [max_requests]
    stop_at = time.monotonic() + duration

    def client():
        while time.monotonic() < stop_at:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            started = time.perf_counter()
            try:
                status, _ = fetch(port, path)
            except OSError as error:
                status = str(error)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    failures.append(status)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures, time.perf_counter() - began


def percentile(values, fraction):
    """The ``fraction`` percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def report(label, latencies, seconds, cpu_seconds):
    """Print one target's figures; return its requests per second."""
    rate = len(latencies) / seconds
    print(
        f"{label}\n    {rate:8.1f} req/s   p50 {percentile(latencies, 0.50):6.1f} ms   "
        f"p95 {percentile(latencies, 0.95):6.1f} ms   p99 {percentile(latencies, 0.99):6.1f} ms   "
        f"server CPU {cpu_seconds / len(latencies) * 1000:.1f} ms/request   "
        f"({len(latencies)} requests, mean {statistics.fmean(latencies):.1f} ms)",
        flush=True,
    )
    return rate


def main():
    """Build, serve, measure, report, clean up."""
    args = parse_args()
    if not port_is_free(args.port):  # before building the site, not after
        raise SystemExit(f"Something already listens on {HOST}:{args.port}; choose --port.")
    with tempfile.TemporaryDirectory(prefix="practice-blog-article-bench-") as name:
        env = bench_environment(Path(name))
        build_site(env)
        print(f"[gunicorn] {args.workers} workers on http://{HOST}:{args.port}/", flush=True)
        server = start_gunicorn(args.port, args.workers, env=env)
        try:
            articles, stylesheet = find_targets(args.port)
            for path in articles:  # warm-up: renditions are created on first view
                fetch(args.port, path)
                fetch(args.port, path)
            article = articles[0]
            print(
                f"[measure] {args.clients} clients, {args.duration:g} s or "
                f"{args.max_requests} requests per target",
                flush=True,
            )
            results = {}
            uncached = article + "?bench=uncached"
            targets = (
                ("static " + stylesheet, stylesheet),
                ("cached article " + article, article),
                ("uncached article " + uncached, uncached),
                ("cached blog index /blog/", "/blog/"),
                ("uncached blog index /blog/?bench=uncached", "/blog/?bench=uncached"),
            )
            for label, path in targets:
                cpu_before = server_cpu_seconds(server.pid)
                latencies, failures, seconds = hammer(
                    args.port, path, args.clients, args.duration, args.max_requests
                )
                cpu_used = server_cpu_seconds(server.pid) - cpu_before
                if failures or not latencies:
                    raise SystemExit(
                        f"{path}: {len(failures)} failed requests, e.g. {failures[:3]}"
                    )
                results[path] = report(label, latencies, seconds, cpu_used)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    static = results[stylesheet]
    print(
        f"Done: cached article {results[article]:.0f} req/s = "
        f"{results[article] / static:.1%} of the static file's {static:.0f} req/s; "
        f"uncached article {results[uncached]:.0f} req/s = {results[uncached] / static:.1%}; "
        f"cached/uncached {results[article] / results[uncached]:.1f}x "
        f"({args.workers} gunicorn workers, {args.clients} clients)."
    )


if __name__ == "__main__":
    main()
