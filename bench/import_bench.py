"""Importing a WordPress blog: time and peak memory of ``manage.py import_blog``.

    .venv/bin/python bench/import_bench.py [--articles 500] [--pictures 1000] [--quick]

What it does, in a temporary folder under /tmp with its own SQLite databases and media
(never ``db.sqlite3``), deleted at the end (``--keep`` keeps it):

1. writes WordPress exports (WXR 1.2) of generated articles: several paragraphs, a heading, a
   list, a quote, a category and two tags, three authors, comments on some posts, two
   pictures per article in the body (one in a ``[caption]``, one by its resized
   ``-300x200`` name) and a featured image on every third article, through attachment items
   listed after the posts, as WordPress does; and the pictures as real JPEGs of varied size
   and colour (so their bytes differ) in a ``wp-content/uploads/YYYY/MM/`` folder, with the
   resized copies WordPress keeps beside them;
2. migrates a template database once and adds a published blog index under the home page;
3. runs each import in its own child process (started from this small process, so the
   child's peak memory is its own) on a fresh copy of that database and an empty
   ``MEDIA_ROOT``, through ``call_command("import_blog", …, "--media", folder)``: wall and
   CPU time, Python's peak (``tracemalloc``, which slows the import several times, so each
   size is run traced for memory and untraced for time) and the process's peak RSS
   (``VmHWM``, and ``ru_maxrss``). Runs: a fifth of the articles and pictures, all of them,
   and twice the articles without pictures (untraced);
4. reads exports of a fifth, one and five times the articles without importing them
   (``WordPressExport(path).count()`` and one pass over every record), the part whose memory
   must not grow with the file.

It prints progress lines, a table and a one-line summary, with ratios against the smallest
run of the same kind. It reports timings; it never asserts them.
"""

import argparse
import colorsys
import datetime
import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "import_bench_settings"
SITE = "https://old-practice.example"
AUTHORS = [
    ("amara", "Amara Okafor", "amara@old-practice.example"),
    ("treyes", "Tom Reyes", "tom@old-practice.example"),
    ("lin", "Lin Castellano", "lin@old-practice.example"),
]
CATEGORIES = ["Boundaries", "Starting therapy", "Anxiety", "Family", "Sleep", "Work and rest"]
TAGS = [
    "self-care", "relationships", "first session", "parenting", "stress", "routines",
    "couples", "teenagers", "burnout", "change",
]  # fmt: skip
PICTURE_SIZES = [(800, 533), (1024, 683), (640, 427), (533, 800), (1200, 800), (720, 480)]

OPENINGS = [
    "Many of the people I see are very good at looking after everyone but themselves.",
    "A question I hear often in the first weeks is whether it is normal to feel worse first.",
    "Change rarely arrives all at once; it tends to show up in small, easily missed moments.",
    "Most of us were never taught how to rest without feeling guilty about it.",
    "When a week goes badly, it is tempting to decide that the whole plan has failed.",
    "Families carry habits the way old houses carry creaks: nobody chose them.",
]
MIDDLES = [
    "Noticing the pattern is already part of the work, even before anything changes.",
    "It helps to write down what happened, what you felt, and what you did next.",
    "Try the smallest version first, the one that feels almost too easy to count.",
    "Ask yourself what you would say to a friend in the same place, then say it to yourself.",
    "A routine does not need to be perfect to be useful; it needs to be repeatable.",
    "Talking it through with someone you trust can turn a knot into a list.",
    "Sleep, food and movement are not a cure, but they are the floor everything stands on.",
    "Some weeks the goal is simply to keep the appointment, and that is enough.",
    "Boundaries are easier to hold when they are said early, plainly and kindly.",
    "You are allowed to change your mind once you know more than you did.",
]
CLOSINGS = [
    "If this sounds familiar, you are welcome to get in touch and book a first conversation.",
    "None of this has to be done alone, and none of it has to be done quickly.",
    "Start where you are; that is the only place anyone ever starts from.",
]
HEADINGS = ["Three small ways to practise", "What helps", "Before you start", "A note on pace"]
LIST_ITEMS = [
    "Pause before answering and ask for time to think.",
    "Offer what you can do instead of what you are asked.",
    "Keep a short note of what went well today.",
    "Choose one evening a week with nothing planned.",
    "Put the phone in another room an hour before bed.",
    "Say the hard sentence out loud once before the conversation.",
]
QUOTES = [
    "A boundary is not a wall. It is a gate you get to open on purpose.",
    "Rest is not a reward for finishing; it is part of how we finish.",
    "You do not have to know what to say. Working that out together is part of the work.",
]
TOPICS = [
    "saying no", "the first session", "a slow morning", "difficult conversations",
    "sleep after a busy day", "starting again", "family visits", "asking for help",
]  # fmt: skip
COMMENTS = [
    "Thank you, this was exactly what I needed to read this week.",
    "The part about small steps really helped me.",
    "Sharing this with my sister, who has been having a hard time.",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="articles (10-5000)")
    parser.add_argument("--pictures", type=int, default=1000, help="pictures (0-10000)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 20 articles, 40 pictures")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # a JSON run description
    args = parser.parse_args()
    if args.quick:
        args.articles, args.pictures = 20, 40
    args.articles = max(10, min(args.articles, 5000))
    args.pictures = max(0, min(args.pictures, 10_000))
    return args


def say(text):
    print(text, file=sys.stderr, flush=True)


def load():
    return "/".join(f"{value:.2f}" for value in os.getloadavg())


# The export and its pictures -----------------------------------------------------------------


def article_date(number):
    return datetime.datetime(2018, 1, 8, 9, 30) + datetime.timedelta(hours=37 * number)


def picture_plan(articles, pictures):
    """``[(article number, picture number), …]``: pictures spread evenly over the articles."""
    return [(number * articles // pictures, number) for number in range(pictures)]


def picture_path(number, article):
    date = article_date(article)
    return f"wp-content/uploads/{date:%Y/%m}/bench-picture-{number:05d}.jpg"


def resized(path):
    return path.removesuffix(".jpg") + "-300x200.jpg"


def write_pictures(folder, articles, pictures):
    """The pictures as JPEGs under ``folder``, each of its own colours, with resized copies."""
    from PIL import Image, ImageDraw

    plan = picture_plan(articles, pictures)
    for number, (article, picture) in enumerate(plan):
        width, height = PICTURE_SIZES[picture % len(PICTURE_SIZES)]
        hue = (picture * 0.618034) % 1
        background = tuple(int(c * 255) for c in colorsys.hsv_to_rgb(hue, 0.35, 0.9))
        image = Image.new("RGB", (width, height), background)
        draw = ImageDraw.Draw(image)
        rng = random.Random(picture)
        for _ in range(6):
            x, y = rng.randrange(width), rng.randrange(height)
            size = rng.randrange(40, max(41, width // 3))
            shade = tuple(int(c * 255) for c in colorsys.hsv_to_rgb((hue + 0.3) % 1, 0.5, 0.7))
            draw.ellipse([x, y, x + size, y + size], fill=shade)
        path = folder / picture_path(picture, article)
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path, "JPEG", quality=82)
        if picture % 2:  # the body names this one by its resized copy
            image.resize((300, 200)).save(folder / resized(picture_path(picture, article)))
        if (number + 1) % 200 == 0 or number + 1 == len(plan):
            say(f"  pictures: {number + 1}/{len(plan)}")


def cdata(text):
    return f"<![CDATA[{text}]]>"


def article_body(number, rng, pictures):
    """Classic-editor HTML with a caption shortcode, a heading, a list, a quote, pictures."""
    paragraphs = [
        " ".join([rng.choice(OPENINGS), *rng.sample(MIDDLES, 3)]),
        " ".join(rng.sample(MIDDLES, 4)),
        " ".join(rng.sample(MIDDLES, 3)),
        " ".join([*rng.sample(MIDDLES, 2), rng.choice(CLOSINGS)]),
    ]
    figures = []
    for picture, article in pictures:
        width, height = PICTURE_SIZES[picture % len(PICTURE_SIZES)]
        address = f"{SITE}/{picture_path(picture, article)}"
        if picture % 2:
            figures.append(
                f'<figure class="wp-block-image"><img src="{resized(address)}" '
                f'alt="Soft shapes in colour, picture {picture}" width="300" height="200" />'
                "</figure>"
            )
        else:
            figures.append(
                f'[caption id="attachment_{100_000 + picture}" align="aligncenter" '
                f'width="{width}"]<img class="size-large wp-image-{100_000 + picture}" '
                f'src="{address}" alt="A calm picture, number {picture}" width="{width}" '
                f'height="{height}" /> A quiet corner, picture {picture}.[/caption]'
            )
    items = "".join(f"<li>{item}</li>" for item in rng.sample(LIST_ITEMS, 3))
    parts = [
        f"<p>{paragraphs[0]}</p>",
        *figures[:1],
        f"<p>{paragraphs[1]}</p>",
        "<!--more-->",
        f"<h2>{rng.choice(HEADINGS)}</h2>",
        f"<ul>{items}</ul>",
        f"<blockquote>{rng.choice(QUOTES)}<cite>A client, shared with permission</cite>"
        "</blockquote>",
        f"<p>{paragraphs[2]}</p>",
        *figures[1:],
        f"<p>{paragraphs[3]} <strong>Article {number}.</strong></p>",
    ]
    return "\n\n".join(parts)


def comment_items(number):
    if number % 4:
        return ""
    comments = []
    for index in range(2 + (number % 8 == 0)):
        kind = "pingback" if index == 2 else "comment"
        date = article_date(number) + datetime.timedelta(days=index + 1)
        comments.append(
            "<wp:comment>"
            f"<wp:comment_id>{number * 10 + index}</wp:comment_id>"
            f"<wp:comment_author>{cdata(f'Reader {number}-{index}')}</wp:comment_author>"
            f"<wp:comment_author_email>{cdata(f'reader{number}-{index}@mail.example')}"
            "</wp:comment_author_email>"
            f"<wp:comment_date>{cdata(f'{date:%Y-%m-%d %H:%M:%S}')}</wp:comment_date>"
            f"<wp:comment_date_gmt>{cdata(f'{date:%Y-%m-%d %H:%M:%S}')}</wp:comment_date_gmt>"
            f"<wp:comment_content>{cdata(COMMENTS[(number + index) % 3])}</wp:comment_content>"
            "<wp:comment_approved>1</wp:comment_approved>"
            f"<wp:comment_type>{kind}</wp:comment_type>"
            "</wp:comment>"
        )
    return "".join(comments)


def post_item(number, rng, pictures):
    date = article_date(number)
    slug = f"{TOPICS[number % len(TOPICS)].replace(' ', '-')}-{number}"
    title = f"Notes on {TOPICS[number % len(TOPICS)]}, part {number}"
    login = AUTHORS[number % len(AUTHORS)][0]
    tags = rng.sample(TAGS, 2)
    categories = f'<category domain="category" nicename="c"><![CDATA[{CATEGORIES[number % 6]}]]>'
    categories += "</category>" + "".join(
        f'<category domain="post_tag" nicename="t">{cdata(tag)}</category>' for tag in tags
    )
    featured = ""
    if pictures and number % 3 == 0:
        featured = (
            "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
            f"<wp:meta_value>{100_000 + pictures[0][0]}</wp:meta_value></wp:postmeta>"
        )
    return (
        f"<item><title>{cdata(title)}</title>"
        f"<link>{SITE}/{date:%Y/%m}/{slug}/</link>"
        f"<dc:creator>{cdata(login)}</dc:creator>"
        f'<guid isPermaLink="false">{SITE}/?p={number + 1}</guid>'
        f"<content:encoded>{cdata(article_body(number, rng, pictures))}</content:encoded>"
        f"<excerpt:encoded>{cdata('' if number % 2 else rng.choice(OPENINGS))}</excerpt:encoded>"
        f"<wp:post_id>{number + 1}</wp:post_id>"
        f"<wp:post_date>{cdata(f'{date:%Y-%m-%d %H:%M:%S}')}</wp:post_date>"
        f"<wp:post_date_gmt>{cdata(f'{date:%Y-%m-%d %H:%M:%S}')}</wp:post_date_gmt>"
        f"<wp:post_name>{cdata(slug)}</wp:post_name><wp:status>{cdata('publish')}</wp:status>"
        f"<wp:post_type>{cdata('post')}</wp:post_type>"
        f"{categories}{featured}{comment_items(number)}</item>\n"
    )


def attachment_item(picture, article):
    address = f"{SITE}/{picture_path(picture, article)}"
    return (
        f"<item><title>{cdata(f'bench-picture-{picture:05d}')}</title>"
        f'<guid isPermaLink="false">{address}</guid>'
        f"<wp:post_id>{100_000 + picture}</wp:post_id>"
        f"<wp:post_parent>{article + 1}</wp:post_parent>"
        f"<wp:status>{cdata('inherit')}</wp:status>"
        f"<wp:post_type>{cdata('attachment')}</wp:post_type>"
        f"<wp:attachment_url>{cdata(address)}</wp:attachment_url></item>\n"
    )


def write_export(path, articles, pictures):
    """A WXR file of ``articles`` posts, then one attachment item per picture."""
    plan = picture_plan(articles, pictures) if pictures else []
    by_article = {}
    for article, picture in plan:
        by_article.setdefault(article, []).append((picture, article))
    rng = random.Random(articles)
    with open(path, "w", encoding="utf-8") as export:
        export.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>'
            f"<title>An old practice blog</title><link>{SITE}</link>"
            f"<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{SITE}</wp:base_site_url>"
            f"<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
        )
        for login, name, email in AUTHORS:
            first, last = name.split()
            export.write(
                f"<wp:author><wp:author_login>{cdata(login)}</wp:author_login>"
                f"<wp:author_email>{cdata(email)}</wp:author_email>"
                f"<wp:author_display_name>{cdata(name)}</wp:author_display_name>"
                f"<wp:author_first_name>{cdata(first)}</wp:author_first_name>"
                f"<wp:author_last_name>{cdata(last)}</wp:author_last_name></wp:author>\n"
            )
        for number in range(articles):
            export.write(post_item(number, rng, by_article.get(number, [])))
        for article, picture in plan:
            export.write(attachment_item(picture, article))
        export.write("</channel></rss>\n")
    return path.stat().st_size


# Child processes -------------------------------------------------------------------------------


def write_settings(folder):
    lines = [
        '"""Settings for bench/import_bench.py, in its temporary folder."""',
        "from website.settings.dev import *  # noqa: F403",
        "from website.settings.dev import PRACTICE_BLOG",
        "DEBUG = False  # no query log growing in memory",
        f"PRACTICE_BLOG = {{**PRACTICE_BLOG, 'IMPORT_DIR': {str(folder / 'imports')!r}}}",
    ]
    (folder / f"{SETTINGS_MODULE}.py").write_text("\n".join(lines) + "\n")


def run_child(folder, spec):
    """Run this script as a child with ``spec``; the dictionary it prints last."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "DATABASE_URL": f"sqlite:///{spec['database']}",
        "MEDIA_ROOT": spec.get("media_root", str(folder / "media-unused")),
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
        "LOG_LEVEL": "ERROR",
        "TIME_ZONE": "UTC",
    }
    done = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"child run {spec['kind']} failed ({done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def proc_status(field):
    """A ``/proc/self/status`` figure in MiB (``VmHWM`` is this process's own peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


class Progress(io.TextIOBase):
    """The command's output, shown one line in ten (it prints one line per article)."""

    def __init__(self, total):
        self.total = total
        self.lines = 0

    def write(self, text):
        for line in text.splitlines():
            if line.startswith("["):
                self.lines += 1
                if self.lines % max(1, self.total // 10) == 0:
                    say(f"    {line[:100]}")
            elif line.strip():
                say(f"    {line[:300]}")
        return len(text)


def child_main(spec):
    import django

    django.setup()
    if spec["kind"] == "prepare":
        return prepare_database()
    if spec["kind"] == "parse":
        return measure_parse(spec)
    return measure_import(spec)


def prepare_database():
    from django.core.management import call_command

    from home.demo import ensure_home_page
    from practice_blog.blog.models import BlogIndexPage

    call_command("migrate", verbosity=0)
    blog = ensure_home_page().add_child(instance=BlogIndexPage(title="Articles", slug="blog"))
    blog.save_revision().publish()
    return {"blog": blog.pk}


def measure_parse(spec):
    """``count()`` and one pass over every record, each with its time and Python peak."""
    from practice_blog.importers.wxr import WordPressExport

    figures = {"rss_before": proc_status("VmRSS")}
    tracemalloc.start()
    for name, read in [
        ("count", lambda export: export.count()),
        ("records", lambda export: sum(1 for _record in export)),
    ]:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        started = time.perf_counter()
        found = read(WordPressExport(spec["export"]))
        figures[f"{name}_seconds"] = time.perf_counter() - started
        figures[f"{name}_peak"] = (tracemalloc.get_traced_memory()[1] - base) / 2**20
        figures[f"{name}_found"] = found
    tracemalloc.stop()
    figures["hwm"] = proc_status("VmHWM")
    return figures


def measure_import(spec):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult
    from wagtail.images import get_image_model

    from practice_blog.blog.models import ArticlePage
    from practice_blog.comments.models import ReaderComment

    arguments = ["import_blog", spec["export"], "--into", "blog", "--report", spec["report"]]
    if spec["media"]:
        arguments += ["--media", spec["media"]]
    figures = {"rss_before": proc_status("VmRSS"), "hwm_before": proc_status("VmHWM")}
    if spec["trace"]:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    call_command(*arguments, stdout=Progress(spec["articles"]))
    figures["seconds"] = time.perf_counter() - started
    figures["cpu"] = time.process_time() - cpu
    if spec["trace"]:
        figures["python_peak"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    figures["hwm"] = proc_status("VmHWM")
    figures["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["articles"] = ArticlePage.objects.count()
    figures["images"] = get_image_model().objects.count()
    figures["comments"] = ReaderComment.objects.count()
    figures["tasks"] = DBTaskResult.objects.count()
    return figures


# The runs --------------------------------------------------------------------------------------


def import_run(folder, template, label, export, media, articles, pictures, trace):
    run = folder / label
    run.mkdir()
    database = run / "bench.sqlite3"
    shutil.copy(template, database)
    say(f"Importing {label}: {articles} articles, {pictures} pictures (load {load()})…")
    figures = run_child(
        folder,
        {
            "kind": "import",
            "database": str(database),
            "media_root": str(run / "media"),
            "export": str(export),
            "media": str(media) if media else "",
            "report": str(run / "report.csv"),
            "articles": articles,
            "trace": trace,
        },
    )
    if figures["articles"] != articles:
        raise SystemExit(f"{label}: {figures['articles']} articles imported, not {articles}")
    shutil.rmtree(run / "media", ignore_errors=True)
    database.unlink()
    say(
        f"  {figures['seconds']:.1f} s, {figures['images']} images, "
        f"peak RSS {figures['hwm']:.0f} MiB (load {load()})"
    )
    return {"label": label, "articles": articles, "pictures": pictures, "trace": trace, **figures}


def main():
    args = parse_args()
    if args.child:
        print(json.dumps(child_main(json.loads(args.child))), flush=True)
        return
    started = time.monotonic()
    articles, pictures = args.articles, args.pictures
    small_articles, small_pictures = max(4, articles // 5), pictures // 5
    say(f"Load average at the start: {load()}")
    folder = Path(tempfile.mkdtemp(prefix="practice-blog-import-bench-", dir="/tmp"))
    try:
        write_settings(folder)
        say(f"Writing exports and pictures in {folder}…")
        exports = {}
        for label, count, with_pictures in [
            ("small", small_articles, small_pictures),
            ("full", articles, pictures),
            ("text-only", articles * 2, 0),
            ("5x-full", articles * 5, pictures * 5),
        ]:
            path = folder / f"{label}.xml"
            exports[label] = (path, write_export(path, count, with_pictures))
            say(f"  {path.name}: {count} articles, {exports[label][1] / 2**20:.2f} MiB")
        media = {"small": folder / "media-small", "full": folder / "media-full"}
        write_pictures(media["small"], small_articles, small_pictures)
        write_pictures(media["full"], articles, pictures)

        say("Migrating the template database…")
        template = folder / "template.sqlite3"
        run_child(folder, {"kind": "prepare", "database": str(template)})

        parses = []
        sizes = [("small", small_articles), ("full", articles), ("5x-full", articles * 5)]
        for label, count in sizes:
            path, size = exports[label]
            say(f"Reading {path.name} without importing…")
            figures = run_child(
                folder, {"kind": "parse", "database": str(template), "export": str(path)}
            )
            parses.append({"label": label, "articles": count, "size": size, **figures})

        imports = [
            import_run(
                folder, template, "small", exports["small"][0], media["small"],
                small_articles, small_pictures, trace=True,
            ),
            import_run(
                folder, template, "full", exports["full"][0], media["full"],
                articles, pictures, trace=True,
            ),
            import_run(
                folder, template, "small-untraced", exports["small"][0], media["small"],
                small_articles, small_pictures, trace=False,
            ),
            import_run(
                folder, template, "full-untraced", exports["full"][0], media["full"],
                articles, pictures, trace=False,
            ),
            import_run(
                folder, template, "text-only", exports["text-only"][0], None,
                articles * 2, 0, trace=False,
            ),
        ]  # fmt: skip
        print_figures(parses, imports, exports)
    finally:
        if args.keep:
            say(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    say(f"Done in {time.monotonic() - started:.0f} s; load average at the end: {load()}")


def print_figures(parses, imports, exports):
    reference = parses[0]
    print("\nReading the export without importing (child process each, tracemalloc on):")
    print(
        f"{'file':<10} {'articles':>8} {'size':>9} {'count()':>8} {'py peak':>9} "
        f"{'records':>8} {'py peak':>9} {'× small':>8} {'peak RSS':>9}"
    )
    for row in parses:
        print(
            f"{row['label']:<10} {row['articles']:>8} {row['size'] / 2**20:>7.2f}MB "
            f"{row['count_seconds']:>7.2f}s {row['count_peak']:>7.2f}MB "
            f"{row['records_seconds']:>7.2f}s {row['records_peak']:>7.2f}MB "
            f"{row['records_peak'] / reference['records_peak']:>8.2f} {row['hwm']:>7.0f}MB"
        )
    small = imports[0]
    # tracemalloc slows Python several times over: compare traced runs with the traced small
    # run and untraced ones with the untraced small run.
    per_article = {
        row["trace"]: row["seconds"] / row["articles"] for row in imports if "small" in row["label"]
    }
    print("\nImporting (child process each, fresh database and media):")
    print(
        f"{'run':<14} {'articles':>8} {'pictures':>8} {'wall':>8} {'CPU':>8} {'art/s':>6} "
        f"{'pic/s':>6} {'s/art ×':>7} {'py peak':>9} {'RSS before':>10} {'peak RSS':>9} "
        f"{'ru_maxrss':>9} {'images':>6} {'tasks':>6}"
    )
    for row in imports:
        python_peak = f"{row['python_peak']:>7.1f}MB" if row["trace"] else f"{'—':>9}"
        pictures_rate = row["pictures"] / row["seconds"] if row["pictures"] else 0
        print(
            f"{row['label']:<14} {row['articles']:>8} {row['pictures']:>8} "
            f"{row['seconds']:>7.1f}s {row['cpu']:>7.1f}s {row['articles'] / row['seconds']:>6.1f} "
            f"{pictures_rate:>6.1f} "
            f"{row['seconds'] / row['articles'] / per_article[row['trace']]:>7.2f} {python_peak} "
            f"{row['rss_before']:>8.0f}MB {row['hwm']:>7.0f}MB {row['maxrss']:>7.0f}MB "
            f"{row['images']:>6} {row['tasks']:>6}"
        )
    full = next(row for row in imports if row["label"] == "full-untraced")
    traced = imports[1]
    parse_cost = parses[1]["count_seconds"] + parses[1]["records_seconds"]
    print(
        f"\nSummary: {full['articles']} articles and {full['pictures']} pictures in "
        f"{full['seconds']:.1f} s ({full['articles'] / full['seconds']:.1f} articles/s, "
        f"{full['pictures'] / full['seconds']:.1f} pictures/s, CPU {full['cpu']:.1f} s), "
        f"peak RSS {full['hwm']:.0f} MiB ({full['hwm'] - full['rss_before']:+.0f} MiB over "
        f"Django's start); Python peak {traced['python_peak']:.1f} MiB against "
        f"{small['python_peak']:.1f} MiB for 1/5 of it "
        f"({traced['python_peak'] / small['python_peak']:.2f}×); reading the "
        f"{parses[2]['size'] / parses[0]['size']:.0f}× larger export peaks at "
        f"{parses[2]['records_peak'] / parses[0]['records_peak']:.2f}× the small one's; "
        f"reading the file (count + records) is {parse_cost / full['seconds']:.1%} of the "
        f"import's time; load average now {load()}."
    )


if __name__ == "__main__":
    main()
