"""Deployment settings: production passes Django's deploy checks; SQLite is set up for
concurrent writers, and our system check says so when it is not."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, connections, transaction

from website.checks import sqlite_warnings

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_profile_passes_check_deploy_without_warnings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "website.settings.production",
            "SECRET_KEY": "x7!Qp" * 12,
            "ALLOWED_HOSTS": "practice.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            # Rate limits need a shared cache (practice_blog.W003); checking does not connect.
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_profile_warns_when_rate_limits_would_be_kept_per_worker(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "x7!Qp" * 12,
        "ALLOWED_HOSTS": "practice.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "REDIS_URL": "",
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "practice_blog.W003" in output
    assert "kept separately by each worker process" in output
    assert "REDIS_URL" in output


def test_production_profile_refuses_to_start_without_secret_key():
    result = run_manage(
        "check",
        env={
            "DJANGO_SETTINGS_MODULE": "website.settings.production",
            "SECRET_KEY": "",
            "ALLOWED_HOSTS": "practice.example.org",
        },
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite-specific: DATABASE_URL is set")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_runs_in_wal_mode_with_busy_timeout():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite-specific: DATABASE_URL is set")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sqlite_atomic_blocks_take_the_write_lock_immediately():
    """With BEGIN IMMEDIATE, an open atomic block holds the write lock before its first write,
    so a second writer waits for it instead of failing later with "database is locked"."""
    other_result = {}

    def try_to_write_from_another_connection():
        other = connections.create_connection("default")
        other.ensure_connection()
        other.connection.execute("PRAGMA busy_timeout = 0")
        try:
            other.connection.execute("BEGIN IMMEDIATE")
            other_result["got_lock"] = True
            other.connection.execute("ROLLBACK")
        except Exception as error:  # sqlite3.OperationalError: database is locked
            other_result["error"] = str(error)
        finally:
            other.close()

    with transaction.atomic():
        connection.cursor().execute("SELECT 1")  # no write yet
        worker = threading.Thread(target=try_to_write_from_another_connection)
        worker.start()
        worker.join()
    assert "locked" in other_result.get("error", ""), other_result


def test_system_check_warns_about_sqlite_without_wal_or_immediate_mode(tmp_path):
    bare = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "x.sqlite3")}
    messages = sqlite_warnings({"default": bare})
    assert [message.id for message in messages] == ["website.W001"]
    assert "WAL" in messages[0].msg and "IMMEDIATE" in messages[0].msg


def test_system_check_is_quiet_for_the_shipped_sqlite_settings(tmp_path):
    from website.settings.base import database_from_url

    config = database_from_url(f"sqlite:///{tmp_path / 'y.sqlite3'}")
    assert sqlite_warnings({"default": config}) == []
