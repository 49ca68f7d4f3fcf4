"""`make run PORT=…` as a newcomer types it: the site answers on that port, the printed login
points there, and the confirmation link in a newsletter email does too."""

import os
import re
import select
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup

from tests.core.test_launcher import free_port

REPO = Path(__file__).resolve().parents[2]
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"


def read_until(process, pattern, seconds, seen):
    """Read the command's output until ``pattern`` appears; returns the match.

    Reads the pipe's raw bytes: a buffered ``readline`` would keep lines select() cannot see.
    """
    deadline = time.monotonic() + seconds
    descriptor = process.stdout.fileno()
    while time.monotonic() < deadline:
        match = re.search(pattern, "".join(seen))
        if match:
            return match
        ready, _, _ = select.select([descriptor], [], [], 0.5)
        if ready:
            chunk = os.read(descriptor, 65536)
            if not chunk and process.poll() is not None:
                break
            seen.append(chunk.decode(errors="replace"))
    raise AssertionError(f"{pattern!r} not printed:\n{''.join(seen)[-3000:]}")


def open_page(url, data=None, origin=None):
    headers = {"User-Agent": BROWSER}
    if origin:
        headers["Origin"] = origin
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(urllib.request.Request(url, body, headers), timeout=30) as page:
        return page.status, page.read().decode()


def test_make_run_serves_on_the_port_given_with_matching_links(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"WAGTAILADMIN_BASE_URL", "DJANGO_SETTINGS_MODULE", "MAKEFLAGS"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONUNBUFFERED="1",
    )
    make = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    seen = []
    try:
        login = read_until(make, r"Log in at (\S+) as (\w+) / (\S+)", 600, seen)
        assert login[1] == f"{base}/admin/"
        assert login[2] == "owner"
        read_until(make, r"minute tick on " + re.escape(base), 60, seen)
        deadline = time.monotonic() + 60
        while True:
            try:
                status, home = open_page(f"{base}/")
                break
            except OSError:
                assert time.monotonic() < deadline, "".join(seen)[-3000:]
                time.sleep(0.5)
        assert status == 200

        form = BeautifulSoup(home, "html.parser").select_one('form[action$="/newsletter/signup/"]')
        fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
        fields.update(email="newcomer@example.org", consent="yes")
        time.sleep(2.5)  # the form refuses answers sent faster than a person types
        status, _ = open_page(f"{base}/newsletter/signup/", fields, origin=base)
        assert status == 200
        # The task worker sends it within a second or two; allow for a busy machine.
        link = read_until(make, r"(http://\S+)/newsletter/confirm/", 240, seen)
        assert link[1] == base
    finally:
        os.killpg(make.pid, signal.SIGINT)
        try:
            make.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
            make.communicate()
