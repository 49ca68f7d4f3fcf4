"""Fetching a picture or a feed from an old site, without letting an export aim the server.

The addresses come from an uploaded export, so whoever wrote the file chooses what the server
asks for (server-side request forgery). A fetch therefore:

- takes only ``http`` and ``https`` addresses with no user name or password in them, on the
  usual web ports, 80 and 443 (another port only for an address that
  ``PRACTICE_BLOG_IMPORTER_ALLOWED_ADDRESSES`` allows, which is how tests reach their server);
- looks the name up once and refuses it if *any* address it leads to is not on the public
  internet (loopback, private, link-local with the cloud metadata address 169.254.169.254,
  shared/CGNAT, multicast, reserved, unspecified, and IPv6 forms that carry such an IPv4
  address), then connects to the very address it checked, so a second lookup cannot swap it
  (DNS rebinding); https is verified against the original name;
- follows at most ``max_redirects`` redirects itself, checking each new address from scratch;
- stops at ``max_bytes``, at ``timeout`` seconds for the whole fetch (redirects included), and
  at a content type it was not asked for.

The standard library is enough: ``http.client`` ignores proxy settings and sends no cookies.
The one wait it cannot bound is the system's own name lookup, which the resolver limits.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.defaultfilters import filesizeformat

USER_AGENT = "PracticeBlogImporter/1"
WEB_PORTS = {"http": 80, "https": 443}
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK_BYTES = 64 * 1024
# Left as they are when a path is sent: RFC 3986's own characters, and "%" so that an address
# already encoded is not encoded twice. Anything else (é, spaces) is percent-encoded.
URL_SAFE = "/%:@!$&'()*+,;=-._~?"
SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT, inside a provider
# IPv6 addresses that carry an IPv4 address deciding where the connection really goes.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated; no real site has one
ADDRESS_KINDS = (
    ("is_loopback", "a loopback address, this server itself"),
    ("is_link_local", "a link-local address, like a cloud server's metadata service"),
    ("is_multicast", "a multicast address"),
    ("is_unspecified", "an unspecified address"),
    ("is_private", "a private network address"),
)


class FetchError(Exception):
    """A sentence for the report, e.g. "https://old.example/a.jpg was not fetched: the address
    is on a private network, not the public internet: old.example is 10.0.0.5, a private
    network address."
    """


@dataclass
class Fetched:
    """What a fetch brought back: the final address (after redirects), its kind and bytes."""

    url: str
    content_type: str
    content: bytes = b""


class _Refused(Exception):
    """Why one step of a fetch stopped, in words; :func:`_fetch` adds the address."""


def fetch(url, *, allowed_types, max_bytes, timeout=10, max_redirects=5):
    """Fetch ``url`` into memory, or raise :class:`FetchError` saying why not.

    ``allowed_types`` are the content types accepted (``image/png``…), ``max_bytes`` the most
    it may be, ``timeout`` the seconds the whole fetch may take, redirects included.
    """
    content = bytearray()
    fetched = _fetch(url, content.extend, allowed_types, max_bytes, timeout, max_redirects)
    fetched.content = bytes(content)
    return fetched


def fetch_to_file(url, file, *, allowed_types, max_bytes, timeout=30, max_redirects=5):
    """Stream ``url`` into ``file`` (open, binary); the result's ``content`` stays empty.

    On :class:`FetchError` the file may hold the start of the download: discard it.
    """
    return _fetch(url, file.write, allowed_types, max_bytes, timeout, max_redirects)


def _fetch(url, write, allowed_types, max_bytes, timeout, max_redirects):
    allowed_types = {kind.lower() for kind in allowed_types}
    deadline = _Deadline(timeout)
    current, seen = url, set()
    try:
        while True:
            seen.add(current.partition("#")[0])
            answer = _get(current, allowed_types, max_bytes, deadline, write)
            if isinstance(answer, Fetched):
                return answer
            current = urljoin(current, answer)
            if current.partition("#")[0] in seen:
                raise _Refused("the old site sends it round in a circle")
            if len(seen) > max_redirects:
                raise _Refused(f"the old site sent it on more than {max_redirects} times")
    except _Refused as refusal:
        via = f" (it was sent on to {current})" if current != url else ""
        raise FetchError(f"{url} was not fetched: {refusal}{via}.") from None


def _get(url, allowed_types, max_bytes, deadline, write):
    """One request: a :class:`Fetched`, or the ``Location`` of a redirect."""
    target = _checked_target(url)
    sock = connection = None
    try:
        sock = _connect(target, deadline)
        with _cut_off_at(deadline, sock):
            if target.scheme == "https":
                sock = _tls_context().wrap_socket(sock, server_hostname=target.host)
            connection = http.client.HTTPConnection(target.host, target.port)
            connection.default_port = WEB_PORTS[target.scheme]  # no ":443" in the Host header
            connection.sock = sock  # connected to the checked address: never by name again
            connection.request("GET", target.path, headers=_request_headers(allowed_types))
            response = connection.getresponse()
            if response.status in REDIRECTS:
                return _location(response)
            content_type = _checked_response(response, allowed_types, max_bytes)
            _copy_body(response, write, max_bytes, deadline, sock)
            if deadline.cut.is_set():  # what looked like the end was the deadline's cut
                raise deadline.refusal()
            return Fetched(url=url, content_type=content_type)
    except (_Refused, OSError, http.client.HTTPException) as error:
        # Once the deadline has cut the connection, whatever broke next is the time-out.
        if deadline.passed() or isinstance(error, TimeoutError):
            raise deadline.refusal() from None
        if isinstance(error, _Refused):
            raise
        raise _Refused(_network_problem(error)) from None
    finally:
        if connection is not None:
            connection.close()
        elif sock is not None:
            sock.close()


@dataclass
class _Target:
    scheme: str
    host: str
    port: int
    path: str
    addresses: list  # (family, sockaddr) pairs from getaddrinfo, every one checked


def _checked_target(url):
    """Where ``url`` leads, once every rule is met; :class:`_Refused` otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise _Refused("it is not a valid web address") from None
    scheme = parts.scheme.lower()
    if scheme not in WEB_PORTS:
        raise _Refused("only web addresses (http:// or https://) are fetched")
    if "@" in parts.netloc:
        raise _Refused("the address holds a user name or password, which the importer never sends")
    if not parts.hostname:
        raise _Refused("the address names no site")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise _Refused("the site's name is not a valid name") from None
    port = WEB_PORTS[scheme] if port is None else port
    addresses = _resolve(host, port)
    allowed = _allowed_networks()
    for _family, sockaddr in addresses:
        address = ipaddress.ip_address(sockaddr[0])
        kind = _refused_kind(address, allowed)
        if kind:
            shown = host if host == str(address) else f"{host} is {address}"
            raise _Refused(
                f"the address is on a private network, not the public internet: {shown}, {kind}"
            )
    listed = all(_is_listed(ipaddress.ip_address(a[1][0]), allowed) for a in addresses)
    if port not in WEB_PORTS.values() and not listed:
        raise _Refused(f"it names port {port}; only the usual web ports (80 and 443) are used")
    path = quote(parts.path or "/", safe=URL_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=URL_SAFE)
    return _Target(scheme, host, port, path, addresses)


def _resolve(host, port):
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise _Refused(
            f"the name {host} could not be found (the site may be gone, or its name mistyped)"
        ) from None
    addresses = []
    for family, _type, _proto, _name, sockaddr in found:
        if (family, sockaddr) not in addresses:
            addresses.append((family, sockaddr))
    if not addresses:
        raise _Refused(f"the name {host} leads to no address")
    return addresses


def _allowed_networks():
    """The networks tests (or an operator) allow although they are not public, read per call."""
    entries = getattr(settings, "PRACTICE_BLOG_IMPORTER_ALLOWED_ADDRESSES", ()) or ()
    if isinstance(entries, str):
        entries = [entries]
    try:
        return [ipaddress.ip_network(entry, strict=False) for entry in entries]
    except ValueError as error:
        raise ImproperlyConfigured(
            f"PRACTICE_BLOG_IMPORTER_ALLOWED_ADDRESSES holds an entry that is not an address "
            f"or a network: {error}"
        ) from None


def _is_listed(address, allowed):
    return any(address in network for network in allowed)


def _refused_kind(address, allowed):
    """None if the importer may connect to ``address``, else what kind of address it is."""
    if _is_listed(address, allowed):
        return None
    if address.version == 6:
        if address in IPV4_COMPATIBLE and int(address) > 1:
            return "a reserved address"
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return _refused_kind(embedded, allowed)
    # ``is_global`` counts multicast as global; a picture never comes from a group address.
    if address.is_global and not address.is_multicast:
        return None
    for test, kind in ADDRESS_KINDS:
        if getattr(address, test):
            return kind
    if address in SHARED:
        return "a shared address inside an internet provider's network"
    return "a reserved address"


def _connect(target, deadline):
    """A socket connected to the first checked address that answers."""
    problem = None
    for family, sockaddr in target.addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(deadline.remaining())
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            problem = error
    raise problem


def _tls_context():
    """Certificates and host names checked as a browser would (tests replace this)."""
    return ssl.create_default_context()


def _request_headers(allowed_types):
    # http.client adds Host and "Accept-Encoding: identity"; nothing else is sent, no cookies.
    return {
        "User-Agent": USER_AGENT,
        "Accept": ", ".join(sorted(allowed_types)),
        "Connection": "close",
    }


def _location(response):
    location = (response.getheader("Location") or "").strip()
    if not location:
        raise _Refused("the old site sent it elsewhere without saying where")
    return location


def _checked_response(response, allowed_types, max_bytes):
    """The response's content type, once status, type, encoding and length are acceptable."""
    if response.status != 200:
        raise _Refused(_status_problem(response.status))
    content_type = (response.getheader("Content-Type") or "").partition(";")[0].strip().lower()
    if not content_type:
        raise _Refused("the old site did not say what kind of file it is")
    if content_type not in allowed_types:
        expected = ", ".join(sorted(allowed_types))
        raise _Refused(f"the old site sent {content_type}, not one of {expected}")
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity":
        raise _Refused(f"the old site sent it compressed ({encoding}), which was not asked for")
    declared = _declared_length(response)
    if declared is not None and declared > max_bytes:
        raise _Refused(
            f"it is {filesizeformat(declared)}, more than the {filesizeformat(max_bytes)} allowed"
        )
    return content_type


def _declared_length(response):
    try:
        return int(response.getheader("Content-Length"))
    except (TypeError, ValueError):
        return None


def _status_problem(status):
    if status in (404, 410):
        return f"the old site says there is no such file (error {status})"
    if status in (401, 403):
        return f"the old site refused to give it (error {status})"
    if status >= 500:
        return f"the old site had a problem of its own (error {status}); try again later"
    return f"the old site answered {status} instead of sending the file"


def _copy_body(response, write, max_bytes, deadline, sock):
    received = 0
    while True:
        sock.settimeout(deadline.remaining())
        chunk = response.read1(CHUNK_BYTES)  # at most one read, so the deadline is rechecked
        if not chunk:
            if response.length:  # the site closed before sending the length it announced
                raise http.client.IncompleteRead(b"", response.length)
            return
        received += len(chunk)
        if received > max_bytes:
            raise _Refused(f"it is more than the {filesizeformat(max_bytes)} allowed")
        write(chunk)


def _network_problem(error):
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"the site's certificate could not be trusted ({error.verify_message})"
    if isinstance(error, ssl.SSLError):
        return "a secure (https) connection to the site could not be made"
    if isinstance(error, http.client.IncompleteRead):
        return "the download broke off before the end"
    if isinstance(error, http.client.HTTPException):
        return "the old site did not answer like a web server"
    if isinstance(error, ConnectionRefusedError):
        return "the site refused the connection"
    return f"the site could not be reached ({error.strerror or error})"


class _Deadline:
    """The time a whole fetch may take, redirects included."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.cut = threading.Event()

    def remaining(self):
        left = self.ends - time.monotonic()
        if left <= 0:
            raise self.refusal()
        return left

    def passed(self):
        return self.cut.is_set() or time.monotonic() >= self.ends

    def refusal(self):
        return _Refused(f"the old site took longer than {self.seconds:g} seconds")


@contextlib.contextmanager
def _cut_off_at(deadline, sock):
    """Shut the connection down when the deadline passes, whatever it is waiting for.

    Socket time-outs bound each wait, but a server that drips a byte at a time would restart
    them for ever (http.client reads headers line by line). A timer closes the door instead;
    it holds a duplicate of the socket, which stays valid once TLS takes the original over.
    """
    seconds = deadline.remaining()
    watched = sock.dup()

    def cut():
        deadline.cut.set()
        with contextlib.suppress(OSError):
            watched.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(seconds, cut)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        watched.close()
