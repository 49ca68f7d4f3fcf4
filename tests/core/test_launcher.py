"""``manage.py practice_blog_run`` (what ``make run`` starts): web server, task worker and
minute tick together, all stopped by one Ctrl-C."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_groups_alive(pids):
    alive = []
    for pid in pids:
        try:
            os.killpg(pid, 0)
            alive.append(pid)
        except ProcessLookupError:
            pass
    return alive


def children_of(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_one_ctrl_c_stops_the_server_the_worker_and_the_tick(tmp_path):
    env = {
        **{name: value for name, value in os.environ.items() if name != "WAGTAILADMIN_BASE_URL"},
        "DJANGO_SETTINGS_MODULE": "website.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=REPO, env=env, check=True, timeout=300)
    port = free_port()
    launcher = subprocess.Popen(
        [*manage, "practice_blog_run", f"127.0.0.1:{port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        answered = None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and answered is None:
            try:
                answered = urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/").status
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert answered == 200
        services = children_of(launcher.pid)
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in services]
        assert any(b"runserver" in command for command in commands)
        assert any(b"db_worker" in command for command in commands)
        # Links in emails (sent by the worker) and pages follow the address served.
        for pid in services:
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            assert f"WAGTAILADMIN_BASE_URL=http://127.0.0.1:{port}".encode() in environ

        launcher.send_signal(signal.SIGINT)
        output, _ = launcher.communicate(timeout=60)
    finally:
        if launcher.poll() is None:
            launcher.kill()
    assert launcher.returncode == 0, output
    assert "Stopped: web server, task worker and the tick." in output
    assert f"and the minute tick on http://127.0.0.1:{port}/." in output
    time.sleep(1)
    assert process_groups_alive(services) == []
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # nothing listens any more
