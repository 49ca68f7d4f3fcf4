"""Fixtures for the importer: the sample WordPress export, hostile files, and running the
command the way a developer would."""

import csv
import http.server
import io
import threading
from pathlib import Path

import pytest
from django.core.management import call_command

import practice_blog.importers
from tests.blog.conftest import blog_index, make_article, make_author  # noqa: F401  (fixtures)

SAMPLE = Path(practice_blog.importers.__file__).parent / "samples" / "wordpress-export.xml"

WXR_START = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>A test blog</title><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_blog_url>https://old.example</wp:base_blog_url>
"""
WXR_END = "</channel></rss>\n"


def wxr_post(post_id, title="A post", body="<p>Some words.</p>", **fields):
    """One ``<item>`` of type post; keyword arguments replace wp:… fields (``status``…)."""
    values = {
        "post_name": f"post-{post_id}",
        "status": "publish",
        "post_date": "2024-02-01 10:00:00",
        "post_date_gmt": "2024-02-01 18:00:00",
        "post_type": "post",
        **fields,
    }
    wp_fields = "".join(
        f"<wp:{name}><![CDATA[{value}]]></wp:{name}>" for name, value in values.items()
    )
    return (
        f"<item><title>{title}</title>"
        f"<link>https://old.example/{values['post_name']}/</link>"
        f'<guid isPermaLink="false">https://old.example/?p={post_id}</guid>'
        f"<dc:creator>someone</dc:creator>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded>"
        f"<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id>{wp_fields}</item>\n"
    )


@pytest.fixture
def sample_path():
    return SAMPLE


@pytest.fixture
def write_export(tmp_path):
    """Write an export file from items (or raw text): ``write_export(wxr_post(1), …)``."""

    def write(*items, raw=None, name="export.xml", encoding="utf-8"):
        path = tmp_path / name
        text = raw if raw is not None else WXR_START + "".join(items) + WXR_END
        path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
        return path

    return write


@pytest.fixture
def import_blog(tmp_path, blog_index):  # noqa: F811
    """Run ``manage.py import_blog``; returns its output. The report goes to ``tmp_path``."""

    def run(path, *args, into=None):
        stdout = io.StringIO()
        call_command(
            "import_blog",
            str(path),
            "--into",
            str(into or blog_index.slug),
            "--report",
            str(tmp_path / "report.csv"),
            *args,
            stdout=stdout,
        )
        return stdout.getvalue()

    return run


@pytest.fixture
def report_rows(tmp_path):
    """The CSV report of the last run, as dictionaries."""

    def read():
        text = (tmp_path / "report.csv").read_text(encoding="utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))

    return read


class LocalServer:
    """A web server on 127.0.0.1 for the importer's fetches. ``respond(path)`` gives
    ``(content type, body)`` for each GET; :attr:`paths` lists what was asked for, in order."""

    def __init__(self, respond):
        self.paths = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.paths.append(self.path)
                kind, body = respond(self.path)
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def local_server():
    """Start :class:`LocalServer` instances with ``local_server(respond)``; all stop after."""
    servers = []

    def start(respond):
        servers.append(LocalServer(respond))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()
