"""Start the site under gunicorn for a benchmark and measure the CPU it uses.

Shared by ``article_bench.py`` and ``vote_bench.py``; both run as scripts from this folder.
"""

import os
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def port_is_free(port):
    """True when nothing listens on the port (so the figures are this gunicorn's)."""
    try:
        HTTPConnection(HOST, port, timeout=2).connect()
    except OSError:
        return True
    return False


def start_gunicorn(port, workers, env=None, log=None):
    """Start gunicorn on ``HOST:port`` and return its process once it answers.

    ``env`` is the environment for the server (this process's by default); ``log`` an open
    file for its output (the terminal by default).
    """
    if not port_is_free(port):
        raise SystemExit(f"Something already listens on {HOST}:{port}; choose --port.")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "website.wsgi"]
        + ["--bind", f"{HOST}:{port}", "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT,
        env=os.environ.copy() if env is None else env,
        stdout=log,
        stderr=subprocess.STDOUT if log else None,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped with exit code {process.returncode}")
        try:
            connection = HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/robots.txt")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start within 30 seconds")


def server_cpu_seconds(master_pid):
    """CPU time (user + system) used so far by gunicorn's master and workers (Linux /proc).

    The load-independent cost of a request: on a shared machine the wall-clock figures also
    include time spent waiting for a CPU.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry.name), int(fields[1])
        if master_pid in (pid, parent):
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks
