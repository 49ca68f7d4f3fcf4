"""Sending a new article to 10,000 readers: the publishing request, the worker and its memory.

    .venv/bin/python bench/newsletter_bench.py [--readers 10000]

What it does, on loopback only, in a temporary folder with its own SQLite database (never
``db.sqlite3``), deleted at the end:

1. starts a small SMTP sink on 127.0.0.1 (a free port, a thread in this process) that accepts
   every message and only counts it; Django's SMTP backend sends to it;
2. migrates, adds a blog, and publishes articles with 10 and with ``--readers`` active readers,
   timing ``revision.publish()`` and counting its queries. The task backend is django-tasks'
   ``DummyBackend``, so publishing only creates the dispatch and queues the send;
3. counts the queries of one batch of ``send_dispatch()`` at 1,000 and at ``--readers``
   readers (they must be equal);
4. runs the worker's task body, ``send_dispatch()``, for a ``--readers`` dispatch in a child
   process (started at the beginning, while this process is small, and set up with
   ``django.setup()``; it waits for the dispatch id): emails per second up to the last email
   the sink accepted, and the child's peak memory (``ru_maxrss``) before and after sending;
5. as the ceiling, sends the same number of one pre-built message (one of ours, as the sink
   received it) over one raw ``smtplib`` connection to the same sink (another child process,
   no database), three times, and prints our rate as a share of the fastest;
6. checks that the sink received exactly one message per reader and that every delivery is
   "sent", stops the sink and deletes the folder.

Exits non-zero if a check fails. It reports timings; it never asserts them.
"""

import argparse
import json
import os
import resource
import secrets
import smtplib
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SINK_HOST = "127.0.0.1"
SETTINGS_MODULE = "newsletter_bench_settings"
SMALL_LIST = 10  # readers for the publishing comparison
BATCH_LIST = 1_000  # readers for the queries-per-batch comparison
PUBLISHES = 5  # timed publishes at each list size
REFERENCE_RUNS = 3  # the ceiling is the fastest: loopback round trips vary from run to run
STEPS = 7
# The settings the worker sends with (PRACTICE_BLOG keys are added to the site's own).
PRACTICE_BLOG_SETTINGS = {
    "NEWSLETTER_PER_SECOND": 0,  # no throttle: measure the code, not the limit
    "NEWSLETTER_BATCH_SIZE": 100,
    "PUBLIC_BASE_URL": "http://127.0.0.1:8000",
}


def parse_args():
    """Command-line options, clamped to bounded values (the child modes are internal)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=10_000, help="list size (2000-50000)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reference", help=argparse.SUPPRESS)  # message file to replay
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.readers = max(2_000, min(args.readers, 50_000))
    return args


def step(number, text):
    print(f"[{number}/{STEPS}] {text}", flush=True)


# The SMTP sink ---------------------------------------------------------------------------------


class SMTPSink(socketserver.ThreadingTCPServer):
    """An SMTP server on 127.0.0.1 that accepts every message and keeps only counts (and the
    first message, so the reference can replay one of ours)."""

    daemon_threads = True

    def __init__(self):
        super().__init__((SINK_HOST, 0), SMTPSinkHandler)
        self.port = self.server_address[1]
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.messages = 0
            self.message_bytes = 0
            self.connections = 0
            self.first_accepted_at = self.last_accepted_at = None
            self.sample = None

    def record_message(self, lines):
        with self.lock:
            self.messages += 1
            self.message_bytes += sum(len(line) for line in lines)
            self.last_accepted_at = time.time()
            self.first_accepted_at = self.first_accepted_at or self.last_accepted_at
            if self.sample is None:
                self.sample = b"".join(lines)

    def start(self):
        self.thread = threading.Thread(target=self.serve_forever, name="smtp-sink", daemon=True)
        self.thread.start()

    def stop(self):
        self.shutdown()
        self.server_close()
        self.thread.join(timeout=10)


class SMTPSinkHandler(socketserver.StreamRequestHandler):
    """One SMTP session: just enough of RFC 5321 for Django's backend and ``smtplib``."""

    disable_nagle_algorithm = True  # one reply per command; don't wait for delayed ACKs

    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self):
        with self.server.lock:
            self.server.connections += 1
        self.reply(f"220 {SINK_HOST} Practice Blog benchmark sink")
        recipients = 0
        while True:
            line = self.rfile.readline(1000)
            if not line:
                return
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply(f"250 {SINK_HOST}")
            elif verb == b"MAIL":
                recipients = 0
                self.reply("250 OK")
            elif verb == b"RCPT":
                recipients += 1
                self.reply("250 OK")
            elif verb == b"DATA" and recipients:
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                if not self.read_message():
                    return
                recipients = 0
                self.reply("250 OK: queued")
            elif verb == b"DATA":
                self.reply("503 No recipients")
            elif verb in (b"RSET", b"NOOP"):
                recipients = 0 if verb == b"RSET" else recipients
                self.reply("250 OK")
            elif verb == b"QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def read_message(self):
        """Read the message up to the lone dot; False if the client went away first."""
        lines = []
        while True:
            line = self.rfile.readline()
            if not line:
                return False
            if line == b".\r\n":
                self.server.record_message(lines)
                return True
            lines.append(line[1:] if line.startswith(b"..") else line)


# Django, in this process and in the worker child ---------------------------------------------


def write_settings(folder, port):
    """A settings module in ``folder``: the demo's dev profile pointed at the sink."""
    values = {
        "DEBUG": False,  # no query log growing in memory while 10,000 emails go out
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": SINK_HOST,
        "EMAIL_PORT": port,
        # Publishing only queues the send; this script runs the task body itself.
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
        "MEDIA_ROOT": str(folder / "media"),
    }
    lines = [
        '"""Settings for bench/newsletter_bench.py, in its temporary folder."""',
        "from website.settings.dev import *  # noqa: F403",
        "from website.settings.dev import PRACTICE_BLOG",
        *(f"{name} = {value!r}" for name, value in values.items()),
        f"PRACTICE_BLOG = {{**PRACTICE_BLOG, **{PRACTICE_BLOG_SETTINGS!r}}}",
    ]
    (folder / f"{SETTINGS_MODULE}.py").write_text("\n".join(lines) + "\n")


def bench_environment(folder):
    """The environment for this process and the children: the bench settings and database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
        "LOG_LEVEL": "ERROR",
    }


def setup_django():
    sys.path[:0] = [path for path in os.environ["PYTHONPATH"].split(os.pathsep) if path]
    import django

    django.setup()


def make_readers(count, prefix):
    """``count`` active subscribers in one bulk insert, with their unsubscribe tokens."""
    from django.utils import timezone

    from practice_blog.newsletter.models import ConsentText, Subscriber, hash_token

    consent = ConsentText.version_for("I would like new articles by email.")
    readers = []
    for number in range(count):
        reader = Subscriber(
            email=f"{prefix}{number}@example.org",
            status=Subscriber.Status.ACTIVE,
            confirmed_at=timezone.now(),
            consent_text=consent,
            token_seed=secrets.token_urlsafe(16),
        )
        reader.unsubscribe_token_hash = hash_token(reader.unsubscribe_token())
        readers.append(reader)
    Subscriber.objects.bulk_create(readers, batch_size=2_000)


def active_readers():
    from practice_blog.newsletter.models import Subscriber

    return Subscriber.objects.filter(status=Subscriber.Status.ACTIVE).count()


def grow_list_to(count):
    make_readers(count - active_readers(), prefix=f"list{count}-")


def prepare_site():
    """Migrate, and add a published blog index under the home page; returns the index."""
    from django.core.management import call_command

    from home.demo import ensure_home_page
    from practice_blog.blog.models import BlogIndexPage

    call_command("migrate", verbosity=0)
    blog = ensure_home_page().add_child(instance=BlogIndexPage(title="Articles", slug="blog"))
    blog.save_revision().publish()
    return blog


def draft_article(blog, number):
    """A new, never-published article under ``blog`` and its revision, ready to publish."""
    from practice_blog.blog.models import ArticlePage

    article = ArticlePage(
        title=f"Newsletter benchmark article {number}",
        slug=f"newsletter-bench-{number}",
        summary="What it is like to start therapy, and what the first session is for.",
        body=[("paragraph", "<p>A few paragraphs of text.</p>")] * 5,
        live=False,
    )
    blog.add_child(instance=article)
    return article, article.save_revision()


def timed_publish(blog, number):
    """Publish a new article: ``(milliseconds, queries, dispatch id)`` of ``revision.publish()``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks import default_task_backend

    from practice_blog.newsletter.models import Dispatch

    article, revision = draft_article(blog, number)
    queued = len(default_task_backend.results)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        revision.publish()
        elapsed = time.perf_counter() - started
    dispatch = Dispatch.objects.get(page=article)
    # Wagtail queues its search and reference index updates as well; the worker runs them.
    sends = [
        result.args
        for result in default_task_backend.results[queued:]
        if result.task.name == "send_dispatch_task"
    ]
    if sends != [[dispatch.pk]]:
        raise SystemExit(f"publishing article {number} queued {sends}, not one send")
    return elapsed * 1000, len(queries), dispatch.pk


def publish_figures(blog, first_number, label):
    """Publish ``PUBLISHES`` articles; print and return their median ms, queries, dispatches."""
    results = [timed_publish(blog, first_number + offset) for offset in range(PUBLISHES)]
    milliseconds = statistics.median(result[0] for result in results)
    queries = sorted({result[1] for result in results})
    print(
        f"    {label}: revision.publish() median {milliseconds:.1f} ms "
        f"(fastest {min(result[0] for result in results):.1f} ms), "
        f"{'/'.join(map(str, queries))} queries",
        flush=True,
    )
    return milliseconds, queries, [result[2] for result in results]


def batch_queries(dispatch_id):
    """Queries (and milliseconds) of one batch of ``send_dispatch``, once the deliveries exist."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from practice_blog.newsletter import sending

    sending.start(dispatch_id, timezone.now())
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        summary = sending.send_dispatch(dispatch_id, max_batches=1)
        elapsed = time.perf_counter() - started
    return len(queries), elapsed * 1000, summary


def run_child(env, *arguments):
    """Run this script in a child process; returns the JSON it prints last."""
    output = subprocess.run(
        [sys.executable, __file__, *arguments],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def start_worker(env):
    """Start the worker child while this process is still small: Linux carries a parent's
    peak memory over into its child's ``ru_maxrss``, so a child started after this process
    had built 10,000 readers would report our peak, not its own. It sets Django up and waits
    for the dispatch id on stdin."""
    return subprocess.Popen(
        [sys.executable, __file__, "--worker"],
        env=env,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def run_worker(worker, dispatch_id):
    """Give the waiting worker its dispatch; returns the JSON it prints when it has sent it."""
    output, _ = worker.communicate(f"{dispatch_id}\n", timeout=600)
    if worker.returncode:
        raise SystemExit(f"the worker exited with status {worker.returncode}")
    return json.loads(output.strip().splitlines()[-1])


def stop_worker(worker):
    """If the benchmark failed before the send, end the waiting worker (our own child)."""
    if worker.poll() is None:
        worker.kill()
        worker.wait(timeout=10)


def max_rss_mib():
    """This process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib():
    """This process's resident memory now (``VmRSS``): it can fall below the peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker_child():
    """Child mode: set Django up, wait for a dispatch id on stdin, send the whole dispatch as
    the worker's task would, and report."""
    setup_django()
    from practice_blog.newsletter.sending import send_dispatch

    line = sys.stdin.readline()
    if not line.strip():
        return 1  # the benchmark stopped before the send
    dispatch_id = int(line)
    baseline, baseline_now = max_rss_mib(), current_rss_mib()
    cpu_before = cpu_seconds()
    started = time.time()
    summary = send_dispatch(dispatch_id)
    finished = time.time()
    result = {
        "started": started,
        "finished": finished,
        "cpu": cpu_seconds() - cpu_before,
        "baseline_mib": baseline,
        "peak_mib": max_rss_mib(),
        "baseline_now_mib": baseline_now,
        "end_now_mib": current_rss_mib(),
        "summary": summary,
    }
    print(json.dumps(result))


def reference_child(port, message_file, count):
    """Child mode: the ceiling, one pre-built message sent ``count`` times over one connection."""
    message = Path(message_file).read_bytes()
    cpu_before = cpu_seconds()
    started = time.time()
    with smtplib.SMTP(SINK_HOST, port, timeout=20) as smtp:
        for number in range(count):
            smtp.sendmail("news@127.0.0.1", [f"reader{number}@example.org"], message)
    print(json.dumps({"started": started, "cpu": cpu_seconds() - cpu_before}))


# The benchmark ---------------------------------------------------------------------------------


def check_sending(dispatch_id, readers, sink):
    """What the reader and the database would show after the send; returns problems."""
    from practice_blog.newsletter.models import Delivery, Dispatch

    problems = []
    if sink.messages != readers:
        problems.append(f"the sink received {sink.messages} messages for {readers} readers")
    deliveries = Delivery.objects.filter(dispatch_id=dispatch_id)
    sent = deliveries.filter(status=Delivery.Status.SENT).count()
    if sent != readers or deliveries.count() != readers:
        problems.append(f"{sent} of {deliveries.count()} delivery rows sent, {readers} readers")
    status = Dispatch.objects.get(pk=dispatch_id).status
    if status != Dispatch.Status.SENT:
        problems.append(f"the dispatch is {status!r}, not 'sent'")
    return problems


def measure(folder, env, readers, sink, worker):
    """Every step; returns the figures and the problems found."""
    os.environ.update(env)
    setup_django()
    from django.db import connection

    from practice_blog.newsletter.models import Delivery

    problems, figures = [], {}

    step(1, f"Migrating a new SQLite database in {folder}…")
    blog = prepare_site()

    step(2, f"Publishing with {SMALL_LIST} readers (after a warm-up publish and send)…")
    make_readers(SMALL_LIST, prefix="small-")
    _, _, warm_up = timed_publish(blog, 0)  # the first publish fills Wagtail's caches
    batch_queries(warm_up)  # ... and the first send the site and settings caches
    figures["publish_small"] = publish_figures(blog, 1, f"{SMALL_LIST} readers")

    step(3, f"Queries for one batch at {BATCH_LIST:,} readers…")
    grow_list_to(BATCH_LIST)
    _, _, dispatch = timed_publish(blog, 100)
    figures["batch_small"] = batch_queries(dispatch)
    print(
        f"    {figures['batch_small'][0]} queries, {figures['batch_small'][1]:.0f} ms", flush=True
    )

    step(4, f"Publishing with {readers:,} readers…")
    grow_list_to(readers)
    figures["publish_large"] = publish_figures(blog, 200, f"{readers:,} readers")
    published = figures["publish_small"][2] + figures["publish_large"][2]
    if Delivery.objects.filter(dispatch_id__in=published).exists():
        problems.append("publishing created delivery rows (that is the worker's job)")

    step(5, f"Queries for one batch at {readers:,} readers…")
    figures["batch_large"] = batch_queries(figures["publish_large"][2][0])
    print(
        f"    {figures['batch_large'][0]} queries, {figures['batch_large'][1]:.0f} ms", flush=True
    )

    step(6, f"Sending to {readers:,} readers: send_dispatch() in a child process…")
    dispatch = figures["publish_large"][2][-1]
    connection.close()
    sink.reset()
    worker = run_worker(worker, dispatch)
    worker["seconds"] = sink.last_accepted_at - worker["started"]
    worker["first_email"] = sink.first_accepted_at - worker["started"]
    worker["messages"], worker["bytes"] = sink.messages, sink.message_bytes
    worker["connections"] = sink.connections
    figures["worker"] = worker
    problems += check_sending(dispatch, readers, sink)
    print(
        f"    {worker['summary']}: {sink.messages:,} messages in {worker['seconds']:.1f} s "
        f"over {sink.connections} connections",
        flush=True,
    )

    step(7, f"Reference: {readers:,} pre-built messages over one raw smtplib connection…")
    message_file = folder / "message.eml"
    message_file.write_bytes(sink.sample)
    arguments = ["--reference", str(message_file), "--port", str(sink.port)]
    runs = []
    for _ in range(REFERENCE_RUNS):
        sink.reset()
        reference = run_child(env, *arguments, "--readers", str(readers))
        reference["seconds"] = sink.last_accepted_at - reference["started"]
        if sink.messages != readers:
            problems.append(f"the reference sent {sink.messages} messages, not {readers}")
        print(f"    {sink.messages:,} messages in {reference['seconds']:.1f} s", flush=True)
        runs.append(reference)
    figures["reference"] = min(runs, key=lambda run: run["seconds"])  # the ceiling: the best
    figures["reference_seconds"] = [run["seconds"] for run in runs]
    connection.close()
    return figures, problems


def report(figures, readers, load_at_start):
    """Print the figures; return the one-line summary."""
    small_ms, small_queries, _ = figures["publish_small"]
    large_ms, large_queries, _ = figures["publish_large"]
    worker, reference = figures["worker"], figures["reference"]
    runs = figures["reference_seconds"]
    rate = readers / worker["seconds"]
    ceiling = readers / reference["seconds"]
    returned = worker["finished"] - worker["started"]
    growth = worker["peak_mib"] - worker["baseline_mib"]
    batch_small, batch_large = figures["batch_small"][0], figures["batch_large"][0]
    same_publish = small_queries == large_queries and len(small_queries) == 1
    print(
        f"\nPublishing (revision.publish(), queue only): {small_ms:.1f} ms median with "
        f"{SMALL_LIST} readers, {large_ms:.1f} ms with {readers:,}; queries "
        f"{'/'.join(map(str, small_queries))} and {'/'.join(map(str, large_queries))}: "
        f"{'the same' if same_publish else 'DIFFERENT'}"
    )
    print(
        f"Queries per batch of {PRACTICE_BLOG_SETTINGS['NEWSLETTER_BATCH_SIZE']}: "
        f"{batch_small} at {BATCH_LIST:,} readers, {batch_large} at {readers:,}: "
        f"{'equal' if batch_small == batch_large else 'NOT EQUAL'}"
    )
    print(
        f"Worker: {readers:,} emails in {worker['seconds']:.1f} s = {rate:.0f} emails/s "
        f"(first email after {worker['first_email']:.1f} s, send_dispatch() returned after "
        f"{returned:.1f} s; {worker['cpu']:.1f} s CPU = {worker['cpu'] / readers * 1000:.2f} ms "
        f"per email; {worker['bytes'] / worker['messages'] / 1024:.1f} KiB per message)"
    )
    print(
        f"Worker memory (ru_maxrss): {worker['baseline_mib']:.1f} MiB after django.setup(), "
        f"{worker['peak_mib']:.1f} MiB at the end (+{growth:.1f} MiB); resident (VmRSS) "
        f"{worker['baseline_now_mib']:.1f} MiB before sending, {worker['end_now_mib']:.1f} after"
    )
    print(
        f"Reference (raw smtplib, one connection, no database): {ceiling:.0f} emails/s, the "
        f"fastest of {REFERENCE_RUNS} runs ({', '.join(f'{run:.1f}' for run in runs)} s; "
        f"{reference['cpu']:.1f} s CPU in the fastest); ours is {rate / ceiling:.1%} of it"
    )
    print(
        f"Load average: {load_at_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
        f"({os.cpu_count()} cores; the sink shares them with the worker)"
    )
    return (
        f"{rate:.0f} emails/s to {readers:,} readers ({rate / ceiling:.0%} of raw smtplib's "
        f"{ceiling:.0f}/s), worker peak {worker['peak_mib']:.0f} MiB (+{growth:.0f}), "
        f"publish {large_ms:.0f} ms / {large_queries[0]} queries, "
        f"{batch_large} queries per batch"
    )


def main():
    args = parse_args()
    if args.worker:
        return worker_child()
    if args.reference is not None:
        return reference_child(args.port, args.reference, args.readers)
    load_at_start = os.getloadavg()[0]
    sink = SMTPSink()
    sink.start()
    print(f"SMTP sink listening on {SINK_HOST}:{sink.port}", flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="practice-blog-newsletter-bench-") as name:
            folder = Path(name)
            write_settings(folder, sink.port)
            env = bench_environment(folder)
            worker = start_worker(env)
            try:
                figures, problems = measure(folder, env, args.readers, sink, worker)
            finally:
                stop_worker(worker)
    finally:
        sink.stop()
    summary = report(figures, args.readers, load_at_start)
    if figures["publish_small"][1] != figures["publish_large"][1]:
        problems.append("publishing cost more queries with the larger list")
    if figures["batch_small"][0] != figures["batch_large"][0]:
        problems.append("a batch cost more queries with the larger list")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    verdict = "all delivered and marked sent" if not problems else "CHECKS FAILED"
    print(f"Done: {summary}; {verdict}.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
