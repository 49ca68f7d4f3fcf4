"""Backups a practice can restore: the database and the uploads in one dated archive.

The archive is a tar file holding ``manifest.json`` (versions, row counts per table, a SHA-256
checksum of every other member), the database (a SQLite copy made with ``VACUUM INTO``, one
consistent step even while the site writes; or a ``pg_dump`` custom-format dump taken on the
same snapshot as the row counts) and ``media/`` (the uploaded files). It holds subscribers'
addresses and consent records, so it is written with owner-only permissions and can be
encrypted to a public key (age or GnuPG) before it leaves the server.
"""

import hashlib
import json
import os
import platform
import re
import shutil
import sqlite3
import stat
import subprocess
import tarfile
import tempfile
import warnings
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import django
from django.conf import settings
from django.db import connection, connections

from .conf import setting, uses_database_tasks

ARCHIVE_PREFIX = "practice-blog-backup-"
ARCHIVE_PATTERN = re.compile(r"^practice-blog-backup-\d{8}-\d{6}\.tar(\.age|\.gpg)?$")
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something the person running the command must fix; the message says what."""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def backup_folder(folder=None):
    """Where archives go: ``--to``, else ``PRACTICE_BLOG["BACKUP_DIR"]``, else a folder in the
    home directory of the user running the command (never the project folder)."""
    chosen = folder or setting("BACKUP_DIR") or Path.home() / "practice-blog-backups"
    path = Path(chosen).expanduser().resolve()
    if not path.exists():
        try:
            path.mkdir(mode=0o700, parents=True)
        except OSError as error:
            raise BackupError(f"The backup folder {path} cannot be made: {error}.") from None
    elif stat.S_IMODE(path.stat().st_mode) & 0o077:
        warnings.warn(
            f"The backup folder {path} can be read by other users; make it the owner's alone "
            f"(chmod 700 {path}).",
            stacklevel=2,
        )
    if not os.access(path, os.W_OK):
        raise BackupError(f"The backup folder {path} is not writable by this user.")
    return path


def owner_only():
    """Files created while this is active are readable by their owner alone."""
    return _Umask(0o077)


class _Umask:
    def __init__(self, mask):
        self.mask = mask

    def __enter__(self):
        self.previous = os.umask(self.mask)

    def __exit__(self, *exc):
        os.umask(self.previous)


def versions():
    import wagtail

    from practice_blog import __version__

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "practice_blog": __version__,
        "database": connection.vendor,
    }


# The database -------------------------------------------------------------------------------


def sqlite_table_counts(path):
    """Rows per table of a SQLite file (its own tables, not SQLite's)."""
    with sqlite3.connect(path) as copy:
        tables = [
            name
            for (name,) in copy.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: copy.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in tables
        }


def copy_sqlite(target):
    """A consistent copy of the live SQLite database in one step (``VACUUM INTO``): it sees
    the database as of one moment, whatever the site writes meanwhile."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(target)])
    return sqlite_table_counts(target)


def table_counts(cursor, tables):
    """Rows per table, through ``cursor`` (inside its transaction, if it has one)."""
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def postgres_environment():
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (("USER", "PGUSER"), ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def check_pg_tool(tool):
    """``tool`` (pg_dump or pg_restore) exists and is at least the server's major version."""
    found = shutil.which(tool)
    server = connection.pg_version // 10000
    if not found:
        raise BackupError(
            f"{tool} is not installed. Install PostgreSQL's client tools, version {server} or "
            f"newer (e.g. apt-get install postgresql-client-{server})."
        )
    output = subprocess.run([found, "--version"], capture_output=True, text=True, check=True)
    match = re.search(r"(\d+)(?:\.\d+)?", output.stdout)
    client = int(match.group(1)) if match else 0
    if client < server:
        raise BackupError(
            f"{tool} is version {client} but the database server is version {server}: "
            f"install {tool} {server} or newer (e.g. postgresql-client-{server})."
        )
    return found


def dump_postgres(target):
    """``pg_dump`` in custom format on one snapshot, with the row counts of that snapshot."""
    pg_dump = check_pg_tool("pg_dump")
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts(cursor, connection.introspection.table_names(cursor))
            result = subprocess.run(
                [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                env=postgres_environment(),
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            cursor.execute("COMMIT")
    if result.returncode:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts


# Making an archive --------------------------------------------------------------------------


@dataclass
class BackupResult:
    archive: Path
    rows: int
    tables: int
    media_files: int
    media_bytes: int
    removed: list


def media_files():
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return root, []
    return root, sorted(path for path in root.rglob("*") if path.is_file())


def create_backup(folder=None, *, progress=lambda done, total: None, now=None):
    """Write one archive into ``folder``; returns a :class:`BackupResult`."""
    target_folder = backup_folder(folder)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    archive = target_folder / f"{ARCHIVE_PREFIX}{stamp}.tar"
    with owner_only(), tempfile.TemporaryDirectory(prefix="practice-blog-backup-") as work:
        work = Path(work)
        if connection.vendor == "sqlite":
            database = work / SQLITE_MEMBER
            counts = copy_sqlite(database)
        elif connection.vendor == "postgresql":
            database = work / POSTGRES_MEMBER
            counts = dump_postgres(database)
        else:
            raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
        media_root, files = media_files()
        manifest = {
            "created_at": datetime.now().astimezone().isoformat(),
            "versions": versions(),
            "database": {"member": database.name, "sha256": sha256_of(database), "rows": counts},
            "media": [],
        }
        plain = work / "archive.tar"
        with tarfile.open(plain, "w") as tar:
            tar.add(database, arcname=database.name)
            for number, path in enumerate(files, start=1):
                relative = path.relative_to(media_root).as_posix()
                entry = add_hashed(tar, path, f"media/{relative}")
                if entry:  # None: the file went away while the backup ran
                    manifest["media"].append({"path": relative, **entry})
                progress(number, len(files))
            manifest_path = work / MANIFEST
            manifest_path.write_text(json.dumps(manifest, indent=2))
            tar.add(manifest_path, arcname=MANIFEST)
        archive = place(plain, archive)
    removed = prune(target_folder, setting("BACKUP_KEEP"))
    return BackupResult(
        archive=archive,
        rows=sum(counts.values()),
        tables=len(counts),
        media_files=len(manifest["media"]),
        media_bytes=sum(item["size"] for item in manifest["media"]),
        removed=removed,
    )


class HashingReader:
    """A file read by ``tarfile`` that hashes exactly the bytes the archive receives."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        block = self.handle.read(size)
        self.digest.update(block)
        return block


def add_hashed(tar, path, arcname):
    """Add one file, hashing it as it is written; ``None`` if it vanished meanwhile."""
    try:
        with open(path, "rb") as handle:
            info = tar.gettarinfo(arcname=arcname, fileobj=handle)
            reader = HashingReader(handle)
            tar.addfile(info, reader)
    except FileNotFoundError:
        return None
    return {"size": info.size, "sha256": reader.digest.hexdigest()}


def place(plain, archive):
    """Move the finished tar into the backup folder, encrypted first when
    ``BACKUP_ENCRYPT_TO`` is set (an age recipient, ``age1…``, or a GnuPG key id or address).

    The file is written under a ``.partial`` name and renamed when complete, so the folder
    never holds a half-written archive, nor an unencrypted one when encryption is asked for.
    """
    recipient = setting("BACKUP_ENCRYPT_TO")
    if recipient:
        tool = "age" if recipient.startswith("age1") else "gpg"
        archive = archive.with_name(f"{archive.name}.{tool}")
    partial = archive.with_name(archive.name + ".partial")
    try:
        if not recipient:
            shutil.copyfile(plain, partial)
        else:
            encrypt_to(recipient, plain, partial)
        partial.chmod(0o600)
        partial.replace(archive)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return archive


def encrypt_to(recipient, plain, target):
    if recipient.startswith("age1"):
        command = ["age", "--encrypt", "--recipient", recipient, "--output", str(target)]
    else:
        command = ["gpg", "--batch", "--yes", "--trust-model", "always", "--encrypt"]
        command += ["--recipient", recipient, "--output", str(target)]
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"BACKUP_ENCRYPT_TO is set but {command[0]} is not installed; nothing was written."
        )
    result = subprocess.run([*command, str(plain)], capture_output=True, text=True, check=False)
    if result.returncode:
        raise BackupError(f"Encrypting the backup failed: {result.stderr.strip()}")


def prune(folder, keep):
    """Delete all but the newest ``keep`` archives in ``folder`` (0 keeps every one)."""
    archives = sorted(path for path in folder.iterdir() if ARCHIVE_PATTERN.match(path.name))
    old = archives[:-keep] if keep else []
    for path in old:
        path.unlink()
    return old


# Restoring ----------------------------------------------------------------------------------


def after_restore():
    """Nothing queued before the backup runs again by itself: unfinished tasks are dropped
    and each app settles its own work through the ``practice_blog_after_restore`` hook
    (the newsletter stops emails that were scheduled or sending)."""
    from wagtail import hooks

    if uses_database_tasks():
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).delete()
    for settle in hooks.get_hooks("practice_blog_after_restore"):
        settle()


@dataclass
class RestoreResult:
    rows: int
    tables: int
    media_files: int
    created_at: str


def decrypted(archive, work, identity=None):
    """The plain tar of ``archive`` (decrypted into ``work`` when it ends .age or .gpg)."""
    if archive.suffix not in (".age", ".gpg"):
        return archive
    plain = work / "archive.tar"
    if archive.suffix == ".age":
        if not identity:
            raise BackupError("This archive is encrypted with age: give --identity KEYFILE.")
        command = ["age", "--decrypt", "--identity", str(identity), "--output", str(plain)]
    else:
        command = ["gpg", "--batch", "--yes", "--decrypt", "--output", str(plain)]
    if shutil.which(command[0]) is None:
        raise BackupError(f"This archive is encrypted with {command[0]}, which is not installed.")
    result = subprocess.run([*command, str(archive)], capture_output=True, text=True, check=False)
    if result.returncode:
        raise BackupError(f"The archive could not be decrypted: {result.stderr.strip()}")
    return plain


def damaged(reason):
    return BackupError(f"The archive is damaged ({reason}). Nothing was restored.")


def safe_media_path(relative):
    """True for a plain relative path that stays inside the media folder."""
    path = Path(relative)
    return bool(relative) and not path.is_absolute() and ".." not in path.parts


def verify(tar_path, work):
    """Unpack the archive into ``work`` and check it against its manifest.

    Returns the manifest. Raises :class:`BackupError` for a truncated or damaged archive, a
    member the manifest does not list, or a path that would leave the media folder, before
    anything is restored. (The checksums travel inside the archive: they catch damage, not a
    deliberate forgery; keep archives where only you can write them.)
    """
    try:
        with tarfile.open(tar_path, "r") as tar:
            members = tar.getmembers()
            tar.extractall(work, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise damaged(f"it cannot be read: {error}") from None
    try:
        manifest = json.loads((work / MANIFEST).read_text())
        database = manifest["database"]
        media = manifest["media"]
        listed = {database["member"]: database["sha256"]}
        listed.update({f"media/{item['path']}": item["sha256"] for item in media})
    except (OSError, ValueError, KeyError, TypeError):
        raise damaged("its manifest is missing or unreadable") from None
    if database["member"] not in (SQLITE_MEMBER, POSTGRES_MEMBER):
        raise damaged(f"its database member {database['member']!r} is not one we write")
    unsafe = [item["path"] for item in media if not safe_media_path(item["path"])]
    if unsafe:
        raise damaged(f"the media path {unsafe[0]!r} would leave the media folder")
    files = {member.name for member in members if member.isfile()} - {MANIFEST}
    extra = files - set(listed)
    if extra or any(not (m.isfile() or m.isdir()) for m in members):
        raise damaged(f"it holds files its manifest does not list ({sorted(extra)[:1]})")
    for member, checksum in listed.items():
        path = work / member
        if not path.is_file():
            raise damaged(f"{member} is missing")
        if sha256_of(path) != checksum:
            raise damaged(f"{member} does not match its checksum")
    return manifest


def database_tables():
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def live_counts(tables):
    with connection.cursor() as cursor:
        return table_counts(cursor, tables)


def write_sqlite_into(source, target):
    with closing(sqlite3.connect(source)) as copy, closing(sqlite3.connect(target)) as live:
        copy.backup(live)


def restore_database(manifest, work, force):
    database = work / manifest["database"]["member"]
    if connection.vendor == "sqlite":
        if database.name != SQLITE_MEMBER:
            raise BackupError("This archive holds a PostgreSQL dump; the site uses SQLite.")
        name = Path(connection.settings_dict["NAME"])
        connections.close_all()
        # SQLite's own backup API writes into the live file through its locks, so a process
        # that still has it open waits instead of corrupting it (stop the site first anyway).
        with owner_only():  # a database file this creates is the owner's alone
            write_sqlite_into(database, name)
    elif connection.vendor == "postgresql":
        if database.name != POSTGRES_MEMBER:
            raise BackupError("This archive holds a SQLite database; the site uses PostgreSQL.")
        pg_restore = check_pg_tool("pg_restore")
        command = [pg_restore, "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
        if force:
            command += ["--clean", "--if-exists"]
        env = postgres_environment()
        result = subprocess.run(
            [*command, f"--dbname={env['PGDATABASE']}", str(database)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    else:
        raise BackupError(f"Restores support SQLite and PostgreSQL, not {connection.vendor}.")
    expected = manifest["database"]["rows"]
    found = live_counts(expected)
    wrong = [table for table, rows in expected.items() if found.get(table) != rows]
    if wrong:
        raise BackupError(
            f"The database was restored, but {len(wrong)} table(s) do not hold the rows the "
            f"manifest lists (e.g. {wrong[0]}: {found.get(wrong[0])} instead of "
            f"{expected[wrong[0]]}); the media were not restored. Restore again with --force "
            "from another archive."
        )
    return expected


def restore_backup(archive, *, force=False, identity=None, progress=lambda done, total: None):
    """Restore ``archive`` into this site's database and media folder (both must be empty
    unless ``force``); returns a :class:`RestoreResult`."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"There is no archive at {archive}.")
    media_root = Path(settings.MEDIA_ROOT)
    if not force:
        if database_tables():
            raise BackupError(
                "The database is not empty. Restore into a new, empty database, or pass --force "
                "to replace everything in it."
            )
        if media_root.is_dir() and any(media_root.iterdir()):
            raise BackupError(
                f"The media folder {media_root} is not empty. Restore into an empty folder, or "
                "pass --force to replace its files."
            )
    # The temporary folder is the owner's alone (mode 0700), like everything unpacked in it.
    with tempfile.TemporaryDirectory(prefix="practice-blog-restore-") as work:
        work = Path(work)
        manifest = verify(decrypted(archive, work, identity), work / "unpacked")
        counts = restore_database(manifest, work / "unpacked", force)
        after_restore()
        files = manifest["media"]
        for number, item in enumerate(files, start=1):
            target = media_root / item["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / "unpacked" / "media" / item["path"], target)
            progress(number, len(files))
    return RestoreResult(
        rows=sum(counts.values()),
        tables=len(counts),
        media_files=len(files),
        created_at=manifest.get("created_at", ""),
    )
