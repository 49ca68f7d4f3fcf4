"""The importer's fetcher refuses anything an export could aim at the server itself.

Every test talks to a server of its own on 127.0.0.1 (no internet); the setting
PRACTICE_BLOG_IMPORTER_ALLOWED_ADDRESSES lets the fetcher reach it only where a test says so.
"""

import contextlib
import io
import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from practice_blog.importers import fetch as fetch_module
from practice_blog.importers.fetch import FetchError, fetch, fetch_to_file

PICTURES = ["image/jpeg", "image/png", "image/gif", "image/webp"]
PNG = b"\x89PNG\r\n\x1a\n" + b"picture" * 100


class OldSite:
    """A test web server: ``routes`` maps a path to a function answering with the handler."""

    def __init__(self, tls_context=None):
        self.routes = {}
        self.requests = []
        self.released = threading.Event()  # lets stalling answers end when the test does
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.scheme = "http"
        if tls_context is not None:
            self.server.socket = tls_context.wrap_socket(self.server.socket, server_side=True)
            self.scheme = "https"
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def url(self, path, host="127.0.0.1"):
        return f"{self.scheme}://{host}:{self.port}{path}"

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                site.requests.append((self.path, self.headers))
                answer = site.routes.get(self.path)
                if answer is None:
                    self.send_error(404)
                else:
                    answer(self)

            def log_message(self, *args):
                pass

        return Handler

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def old_site():
    with OldSite() as site:
        yield site


@pytest.fixture
def allow_test_server(settings):
    settings.PRACTICE_BLOG_IMPORTER_ALLOWED_ADDRESSES = ["127.0.0.1"]


@pytest.fixture
def no_connection(monkeypatch):
    """Fail the test if the fetcher opens a connection at all."""

    def connect(*args):
        pytest.fail("the fetcher connected although the address was refused")

    monkeypatch.setattr(fetch_module, "_connect", connect)


class FakeNames:
    """Made-up DNS: ``names["old.example"] = ["10.0.0.5"]``; ``lookups`` lists the names asked."""

    def __init__(self):
        self.addresses = {}
        self.lookups = []

    def __setitem__(self, host, addresses):
        self.addresses[host] = addresses

    def getaddrinfo(self, host, port, *args, **kwargs):
        self.lookups.append(host)
        if host not in self.addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))
            if ":" in address
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in self.addresses[host]
        ]


@pytest.fixture
def names(monkeypatch):
    names = FakeNames()
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", names.getaddrinfo)
    return names


def send(body=PNG, content_type="image/png", status=200, headers=()):
    def answer(handler):
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def redirect(location, status=302):
    def answer(handler):
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


def fetch_picture(url, **kwargs):
    kwargs = {"allowed_types": PICTURES, "max_bytes": 100_000, "timeout": 2, **kwargs}
    return fetch(url, **kwargs)


# Refused before anything is sent ------------------------------------------------------------


def test_the_test_server_itself_is_refused_without_the_setting(old_site):
    old_site.routes["/a.png"] = send()

    with pytest.raises(FetchError) as refused:
        fetch_picture(old_site.url("/a.png"))

    assert str(refused.value) == (
        f"{old_site.url('/a.png')} was not fetched: the address is on a private network, not "
        "the public internet: 127.0.0.1, a loopback address, this server itself."
    )
    assert old_site.requests == []


@pytest.mark.parametrize(
    "address",
    [
        "localhost",
        "127.0.0.2",
        "2130706433",  # 127.0.0.1 written as one number
        "0x7f.1",  # and in hexadecimal
        "0.0.0.0",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "224.0.0.1",  # multicast, which ``is_global`` lets through
        "240.0.0.1",
        "255.255.255.255",
        "[::1]",
        "[::]",
        "[fe80::1]",
        "[fc00::1]",
        "[ff02::1]",
        "[::ffff:10.0.0.1]",  # IPv4-mapped
        "[::ffff:169.254.169.254]",
        "[::127.0.0.1]",  # IPv4-compatible (deprecated)
        "[64:ff9b::a00:1]",  # NAT64 of 10.0.0.1
        "[2002:a00:1::]",  # 6to4 of 10.0.0.1
    ],
)
def test_an_address_off_the_public_internet_is_refused(address, no_connection):
    with pytest.raises(FetchError, match="is on a private network, not the public internet"):
        fetch_picture(f"http://{address}/latest/meta-data/")


def test_a_name_that_leads_to_a_private_address_is_refused(names, no_connection):
    names["old.example"] = ["10.0.0.5"]

    with pytest.raises(FetchError) as refused:
        fetch_picture("https://old.example/a.jpg")

    assert str(refused.value) == (
        "https://old.example/a.jpg was not fetched: the address is on a private network, not "
        "the public internet: old.example is 10.0.0.5, a private network address."
    )


def test_a_name_with_one_private_address_among_public_ones_is_refused(names, no_connection):
    names["old.example"] = ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "::1"]

    with pytest.raises(FetchError, match=r"old\.example is ::1, a loopback address"):
        fetch_picture("https://old.example/a.jpg")


def test_a_name_that_cannot_be_found_is_said_so(names, no_connection):
    with pytest.raises(FetchError) as refused:
        fetch_picture("https://gone.example/a.jpg")

    assert str(refused.value) == (
        "https://gone.example/a.jpg was not fetched: the name gone.example could not be found "
        "(the site may be gone, or its name mistyped)."
    )


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://old.example/a.jpg",
        "javascript:alert(1)",
        "data:image/png;base64,iVBORw0KGgo=",
        "gopher://old.example/",
        "//old.example/a.jpg",
        "old.example/a.jpg",
    ],
)
def test_only_web_addresses_are_fetched(url, no_connection):
    with pytest.raises(FetchError, match=r"only web addresses \(http:// or https://\)"):
        fetch_picture(url)


@pytest.mark.parametrize(
    "url",
    ["http://user:pass@old.example/a.jpg", "http://user@old.example/", "http://@old.example/"],
)
def test_an_address_with_a_user_name_or_password_is_refused(url, names, no_connection):
    with pytest.raises(FetchError, match="holds a user name or password"):
        fetch_picture(url)

    assert names.lookups == []


def test_a_public_address_on_another_port_is_refused(names, no_connection):
    names["old.example"] = ["93.184.215.14"]

    with pytest.raises(FetchError, match=r"names port 8080; only the usual web ports"):
        fetch_picture("http://old.example:8080/a.jpg")


@pytest.mark.parametrize("url", ["http://old.example:99999/", "http://[::1/", "http:///a.jpg"])
def test_a_malformed_address_is_refused(url, no_connection):
    with pytest.raises(FetchError, match="not a valid web address|names no site"):
        fetch_picture(url)


# Fetched from an allowed server -------------------------------------------------------------


def test_a_picture_is_fetched_with_a_plain_request(old_site, allow_test_server):
    old_site.routes["/wp-content/uploads/a.png"] = send()

    fetched = fetch_picture(old_site.url("/wp-content/uploads/a.png"))

    assert fetched.url == old_site.url("/wp-content/uploads/a.png")
    assert fetched.content_type == "image/png"
    assert fetched.content == PNG
    [(path, headers)] = old_site.requests
    assert headers["User-Agent"] == "PracticeBlogImporter/1"
    assert headers["Accept"] == "image/gif, image/jpeg, image/png, image/webp"
    assert "Cookie" not in headers
    assert "Authorization" not in headers


def test_a_picture_is_streamed_into_a_file(old_site, allow_test_server):
    old_site.routes["/a.png"] = send(content_type="image/png; charset=binary")
    file = io.BytesIO()

    fetched = fetch_to_file(
        old_site.url("/a.png"), file, allowed_types=PICTURES, max_bytes=100_000, timeout=2
    )

    assert file.getvalue() == PNG
    assert fetched.content == b""
    assert fetched.content_type == "image/png"


def test_a_name_is_looked_up_once_and_its_checked_address_used(old_site, names, settings):
    settings.PRACTICE_BLOG_IMPORTER_ALLOWED_ADDRESSES = ["127.0.0.1/32"]
    names["old.example"] = ["127.0.0.1"]
    old_site.routes["/caf%C3%A9.png"] = send()

    fetched = fetch_picture(old_site.url("/café.png", host="old.example"))

    assert fetched.content == PNG
    assert names.lookups == ["old.example"]  # connected to the address, not the name again
    [(path, headers)] = old_site.requests
    assert headers["Host"] == f"old.example:{old_site.port}"


def test_redirects_are_followed(old_site, allow_test_server):
    old_site.routes["/old.png"] = redirect("/moved.png", status=301)
    old_site.routes["/moved.png"] = redirect(old_site.url("/a.png"), status=307)
    old_site.routes["/a.png"] = send()

    fetched = fetch_picture(old_site.url("/old.png"))

    assert fetched.url == old_site.url("/a.png")
    assert fetched.content == PNG


@pytest.mark.parametrize(
    "location",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/a.png",
        "http://[::1]/a.png",
        "http://[::ffff:192.168.0.1]/a.png",
    ],
)
def test_a_redirect_to_a_private_address_is_refused_without_connecting(
    location, old_site, allow_test_server, monkeypatch
):
    old_site.routes["/a.png"] = redirect(location)
    connected = []
    connect = fetch_module._connect

    def recording_connect(target, deadline):
        connected.append(target.addresses)
        return connect(target, deadline)

    monkeypatch.setattr(fetch_module, "_connect", recording_connect)

    with pytest.raises(FetchError) as refused:
        fetch_picture(old_site.url("/a.png"))

    assert "is on a private network, not the public internet" in str(refused.value)
    assert str(refused.value).endswith(f"(it was sent on to {location}).")
    assert connected == [[(socket.AF_INET, ("127.0.0.1", old_site.port))]]


def test_a_redirect_to_another_scheme_is_refused(old_site, allow_test_server):
    old_site.routes["/a.png"] = redirect("file:///etc/passwd")

    with pytest.raises(FetchError, match="only web addresses"):
        fetch_picture(old_site.url("/a.png"))


def test_a_redirect_loop_is_refused(old_site, allow_test_server):
    old_site.routes["/a.png"] = redirect("/b.png")
    old_site.routes["/b.png"] = redirect("/a.png")

    with pytest.raises(FetchError, match="sends it round in a circle"):
        fetch_picture(old_site.url("/a.png"))

    assert len(old_site.requests) == 2


def test_too_many_redirects_are_refused(old_site, allow_test_server):
    for number in range(10):
        old_site.routes[f"/{number}.png"] = redirect(f"/{number + 1}.png")

    with pytest.raises(FetchError, match="sent it on more than 5 times"):
        fetch_picture(old_site.url("/0.png"))

    assert len(old_site.requests) == 6


def test_a_redirect_without_a_location_is_refused(old_site, allow_test_server):
    old_site.routes["/a.png"] = send(b"", content_type=None, status=302)

    with pytest.raises(FetchError, match="sent it elsewhere without saying where"):
        fetch_picture(old_site.url("/a.png"))


# Refused answers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (404, r"says there is no such file \(error 404\)"),
        (410, r"says there is no such file \(error 410\)"),
        (403, r"refused to give it \(error 403\)"),
        (500, r"had a problem of its own \(error 500\); try again later"),
        (204, "answered 204 instead of sending the file"),
    ],
)
def test_an_http_error_is_said_in_words(status, said, old_site, allow_test_server):
    old_site.routes["/a.png"] = send(b"" if status == 204 else b"oops", "text/html", status)

    with pytest.raises(FetchError, match=said):
        fetch_picture(old_site.url("/a.png"))


def test_the_wrong_kind_of_file_is_refused(old_site, allow_test_server):
    old_site.routes["/a.png"] = send(b"<html></html>", "text/html; charset=utf-8")

    with pytest.raises(FetchError) as refused:
        fetch_picture(old_site.url("/a.png"))

    assert str(refused.value) == (
        f"{old_site.url('/a.png')} was not fetched: the old site sent text/html, not one of "
        "image/gif, image/jpeg, image/png, image/webp."
    )


def test_a_file_of_no_stated_kind_is_refused(old_site, allow_test_server):
    old_site.routes["/a.png"] = send(content_type=None)

    with pytest.raises(FetchError, match="did not say what kind of file it is"):
        fetch_picture(old_site.url("/a.png"))


def test_a_compressed_answer_is_refused(old_site, allow_test_server):
    old_site.routes["/a.png"] = send(headers=[("Content-Encoding", "gzip")])

    with pytest.raises(FetchError, match=r"sent it compressed \(gzip\)"):
        fetch_picture(old_site.url("/a.png"))


def test_a_file_that_says_it_is_too_big_is_refused_before_reading(old_site, allow_test_server):
    old_site.routes["/a.png"] = send(b"x" * 2048)
    file = io.BytesIO()

    with pytest.raises(FetchError, match=r"it is 2\.0\xa0KB, more than the 1000\xa0bytes allowed"):
        fetch_to_file(old_site.url("/a.png"), file, allowed_types=PICTURES, max_bytes=1000)

    assert file.getvalue() == b""


def chunked(size):
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "image/png")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        with contextlib.suppress(OSError):
            for _ in range(size // 1000):
                handler.wfile.write(b"3e8\r\n" + b"x" * 1000 + b"\r\n")
            handler.wfile.write(b"0\r\n\r\n")

    return answer


def until_closed(size):
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "image/png")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        with contextlib.suppress(OSError):
            handler.wfile.write(b"x" * size)

    return answer


@pytest.mark.parametrize("answer", [chunked, until_closed])
def test_a_file_too_big_without_a_stated_length_is_cut_off(answer, old_site, allow_test_server):
    old_site.routes["/small.png"] = answer(3000)
    old_site.routes["/big.png"] = answer(1_000_000)

    assert len(fetch_picture(old_site.url("/small.png"), max_bytes=5000).content) == 3000
    with pytest.raises(FetchError, match=r"it is more than the 4\.9\xa0KB allowed"):
        fetch_picture(old_site.url("/big.png"), max_bytes=5000)


def test_a_download_that_breaks_off_is_said_so(old_site, allow_test_server):
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "image/png")
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        handler.wfile.write(b"x" * 10)
        handler.close_connection = True

    old_site.routes["/a.png"] = answer

    with pytest.raises(FetchError, match="the download broke off before the end"):
        fetch_picture(old_site.url("/a.png"))


def test_a_server_that_stalls_is_given_up_on(old_site, allow_test_server):
    old_site.routes["/a.png"] = lambda handler: old_site.released.wait(5)
    started = time.monotonic()

    with pytest.raises(FetchError, match="the old site took longer than 0.5 seconds"):
        fetch_picture(old_site.url("/a.png"), timeout=0.5)

    assert time.monotonic() - started < 1.5


def test_a_server_that_drips_its_answer_is_given_up_on(old_site, allow_test_server):
    """A byte every 50 ms restarts any socket time-out; the whole fetch still ends in time."""

    def drip(handler):
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        while not old_site.released.wait(0.05):
            try:
                handler.wfile.write(b"x")
            except OSError:
                return

    old_site.routes["/a.png"] = drip
    started = time.monotonic()

    with pytest.raises(FetchError, match="the old site took longer than 0.5 seconds"):
        fetch_picture(old_site.url("/a.png"), timeout=0.5)

    assert time.monotonic() - started < 1.5


def test_a_server_that_does_not_answer_at_all_is_said_so(allow_test_server):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # nothing listens there once closed

    with pytest.raises(FetchError, match="the site refused the connection"):
        fetch_picture(f"http://127.0.0.1:{port}/a.png")


# https -------------------------------------------------------------------------------------


def test_https_to_a_server_without_it_is_said_so(old_site, allow_test_server):
    with pytest.raises(FetchError, match=r"a secure \(https\) connection to the site"):
        fetch_picture(old_site.url("/a.png").replace("http:", "https:"))


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for old.example, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-days", "1", "-subj", "/CN=old.example",
         "-addext", "subjectAltName=DNS:old.example",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    return folder / "cert.pem", folder / "key.pem"


@pytest.fixture
def secure_old_site(certificate, monkeypatch):
    cert, key = certificate
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    monkeypatch.setattr(
        fetch_module, "_tls_context", lambda: ssl.create_default_context(cafile=str(cert))
    )
    with OldSite(tls_context=server_context) as site:
        yield site


def test_https_is_checked_against_the_name_in_the_address(secure_old_site, names, settings):
    settings.PRACTICE_BLOG_IMPORTER_ALLOWED_ADDRESSES = ["127.0.0.1"]
    names["old.example"] = ["127.0.0.1"]
    names["other.example"] = ["127.0.0.1"]
    secure_old_site.routes["/a.png"] = send()

    assert fetch_picture(secure_old_site.url("/a.png", host="old.example")).content == PNG
    with pytest.raises(FetchError, match="the site's certificate could not be trusted"):
        fetch_picture(secure_old_site.url("/a.png", host="other.example"))
