"""``backup_site`` and ``restore_site``: a consistent copy while the site writes, a restore that
checks what it restores, refusals that change nothing, archives only their owner can read."""

import json
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
import threading
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from practice_blog.core.backups import create_backup
from practice_blog.feedback.models import HelpfulVote

REPO = Path(__file__).resolve().parents[2]
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite copy; PostgreSQL is tested with DATABASE_URL"
)


def vote(number):
    return HelpfulVote.objects.create(
        page_id_at_vote=1, title_at_vote="A page", helpful=True, voter_key=f"voter-{number}"
    )


def fresh_site(tmp_path, name="fresh"):
    """The environment of a new, empty site (its own database file and media folder)."""
    folder = tmp_path / name
    folder.mkdir()
    return folder, {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
    }


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    picture = Path(settings.MEDIA_ROOT) / "original_images" / "harbour.jpg"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(b"\xff\xd8 not really a jpeg, but bytes to keep" * 100)
    return picture


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_taken_while_votes_are_written_restores_every_committed_row(tmp_path, media):
    stop = threading.Event()
    written = []

    def keep_voting():
        number = 0
        while not stop.is_set():
            written.append(vote(number).pk)
            number += 1
        connection.close()

    writer = threading.Thread(target=keep_voting)
    writer.start()
    try:
        while len(written) < 50:
            time.sleep(0.01)
        committed_before = set(HelpfulVote.objects.values_list("pk", flat=True))
        result = create_backup(tmp_path / "backups")
        while len(written) < len(committed_before) + 20:  # writes went on during the backup
            time.sleep(0.01)
    finally:
        stop.set()
        writer.join()

    folder, env = fresh_site(tmp_path)
    restored = manage(env, "restore_site", str(result.archive))
    assert restored.returncode == 0, restored.stderr
    assert "Restored the backup of" in restored.stdout

    with sqlite3.connect(folder / "db.sqlite3") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        restored_votes = {
            pk for (pk,) in copy.execute("SELECT id FROM practice_blog_feedback_helpfulvote")
        }
    assert committed_before <= restored_votes
    assert (folder / "media" / "original_images" / "harbour.jpg").read_bytes() == media.read_bytes()


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_archives_are_readable_by_their_owner_only_and_old_ones_are_pruned(
    tmp_path, media, settings
):
    settings.PRACTICE_BLOG = {"BACKUP_KEEP": 2}
    output = StringIO()
    folder = tmp_path / "backups"
    archives = []
    for second in range(3):
        from datetime import datetime

        archives.append(create_backup(folder, now=datetime(2026, 12, 2, 3, 0, second)).archive)
    call_command("backup_site", "--to", str(folder), stdout=output)
    kept = sorted(path.name for path in folder.iterdir())
    assert len(kept) == 2
    assert archives[0].name not in kept
    for path in folder.iterdir():
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, oct(mode)  # no group or other access
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert "Backup written:" in output.getvalue()

    with tarfile.open(sorted(folder.iterdir())[-1]) as newest:
        manifest = json.loads(newest.extractfile("manifest.json").read())
    assert manifest["versions"]["wagtail"]
    assert "practice_blog_feedback_helpfulvote" in manifest["database"]["rows"]
    assert manifest["media"][0]["path"] == "original_images/harbour.jpg"

    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="practice_blog.backup").exists()


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_corrupted_archive_is_refused_and_nothing_is_restored(tmp_path, media):
    archive = create_backup(tmp_path / "backups").archive
    damaged = tmp_path / "damaged.tar"
    data = bytearray(archive.read_bytes())
    index = data.find(b"not really a jpeg")
    data[index : index + 6] = b"XXXXXX"  # a flipped stretch inside the media file
    damaged.write_bytes(bytes(data))
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[:5000])

    for bad, reason in ((damaged, "does not match its checksum"), (truncated, "damaged")):
        folder, env = fresh_site(tmp_path, name=bad.stem)
        refused = manage(env, "restore_site", str(bad))
        assert refused.returncode != 0
        assert reason in refused.stderr
        assert "Nothing was restored" in refused.stderr
        assert not (folder / "media").exists()
        with sqlite3.connect(folder / "db.sqlite3") as untouched:  # still without a table
            assert untouched.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path, media):
    archive = create_backup(tmp_path / "backups").archive
    folder, env = fresh_site(tmp_path)
    assert manage(env, "migrate", "-v", "0").returncode == 0
    before = (folder / "db.sqlite3").read_bytes()
    refused = manage(env, "restore_site", str(archive))
    assert refused.returncode != 0
    assert "The database is not empty" in refused.stderr
    assert (folder / "db.sqlite3").read_bytes() == before
    forced = manage(env, "restore_site", str(archive), "--force")
    assert forced.returncode == 0, forced.stderr


def test_a_missing_archive_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="There is no archive at"):
        call_command("restore_site", str(tmp_path / "nothing.tar"))


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_encrypted_backup_is_useless_without_the_key_and_restores_with_it(
    tmp_path, media, settings
):
    import shutil

    if shutil.which("gpg") is None:
        pytest.fail("gpg is needed for this test (Debian: apt-get install gnupg)")
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    os.environ["GNUPGHOME"] = str(home)
    try:
        subprocess.run(
            [
                "gpg",
                "--batch",
                "--passphrase",
                "",
                "--quick-gen-key",
                "backups@practice.example",
                "default",
                "default",
                "never",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        settings.PRACTICE_BLOG = {"BACKUP_ENCRYPT_TO": "backups@practice.example"}
        archive = create_backup(tmp_path / "backups").archive
        assert archive.name.endswith(".tar.gpg")
        assert b"not really a jpeg" not in archive.read_bytes()
        with pytest.raises(tarfile.TarError), tarfile.open(archive):
            pass
        folder, env = fresh_site(tmp_path)
        restored = manage({**env, "GNUPGHOME": str(home)}, "restore_site", str(archive))
        assert restored.returncode == 0, restored.stderr
        assert (folder / "media" / "original_images" / "harbour.jpg").exists()
    finally:
        # gpg starts an agent for the key's home; stop it with the test.
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], check=False, capture_output=True)
        os.environ.pop("GNUPGHOME", None)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://...)"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgres_backup_restores_into_a_new_database(tmp_path, media):
    import psycopg

    for number in range(30):
        vote(number)
    result = create_backup(tmp_path / "backups")
    assert result.archive.name.endswith(".tar")
    settings_dict = connection.settings_dict
    fresh = f"practice_blog_restore_{os.getpid()}"
    dsn = {
        "host": settings_dict["HOST"] or "127.0.0.1",
        "port": settings_dict["PORT"] or 5432,
        "user": settings_dict["USER"],
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**dsn) as admin:
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        user = settings_dict["USER"]
        url = f"postgres://{user}@{dsn['host']}:{dsn['port']}/{fresh}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "website.settings.dev",
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(tmp_path / "fresh-media"),
        }
        restored = manage(env, "restore_site", str(result.archive))
        assert restored.returncode == 0, restored.stderr
        with psycopg.connect(**{**dsn, "dbname": fresh}) as copy:
            count = copy.execute(
                "SELECT COUNT(*) FROM practice_blog_feedback_helpfulvote"
            ).fetchone()
        assert count[0] == 30
        again = manage(env, "restore_site", str(result.archive))
        assert again.returncode != 0 and "The database is not empty" in again.stderr
    finally:
        with psycopg.connect(**dsn) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def rewrite_archive(archive, target, change):
    """A copy of ``archive`` whose manifest (and members) ``change(manifest, work)`` altered."""
    import hashlib

    work = target.parent / f"{target.stem}-work"
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    manifest = json.loads((work / "manifest.json").read_text())
    change(manifest, work)
    (work / "manifest.json").write_text(json.dumps(manifest))
    with tarfile.open(target, "w") as tar:
        for path in sorted(work.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(work).as_posix())
    assert hashlib  # (checksums are recomputed by the changes that need them)
    return target


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_archive_whose_paths_leave_the_media_folder_is_refused(tmp_path, media):
    import hashlib

    archive = create_backup(tmp_path / "backups").archive

    def escape(manifest, work):
        evil = work / "media" / "a" / "b" / ".." / ".." / ".." / "outside.txt"
        evil.parent.mkdir(parents=True, exist_ok=True)
        evil.write_text("written outside")
        digest = hashlib.sha256(b"written outside").hexdigest()
        manifest["media"].append({"path": "a/b/../../../outside.txt", "size": 15, "sha256": digest})

    def extra(manifest, work):
        (work / "media" / "unlisted.txt").write_text("not in the manifest")

    for name, change, reason in (
        ("escape", escape, "would leave the media folder"),
        ("extra", extra, "does not list"),
    ):
        bad = rewrite_archive(archive, tmp_path / f"{name}.tar", change)
        folder, env = fresh_site(tmp_path, name=f"site-{name}")
        refused = manage(env, "restore_site", str(bad))
        assert refused.returncode != 0
        assert reason in refused.stderr, refused.stderr
        assert not (folder / "outside.txt").exists()
        assert not (folder / "media").exists()


@sqlite_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_does_not_resume_emails_that_were_sending(tmp_path, media):
    from practice_blog.newsletter.models import Dispatch

    Dispatch.objects.create(kind="digest", subject="Half sent", status="sending")
    archive = create_backup(tmp_path / "backups").archive
    folder, env = fresh_site(tmp_path)
    assert manage(env, "restore_site", str(archive)).returncode == 0
    with sqlite3.connect(folder / "db.sqlite3") as copy:
        status, reason = copy.execute(
            "SELECT status, stop_reason FROM practice_blog_newsletter_dispatch"
        ).fetchone()
    assert status == "stopped"
    assert "restored from a backup" in reason
