"""Unpacking an uploaded zip of an old site's pictures, refusing what a zip can hide.

A zip is a list of names and sizes chosen by whoever made it, so nothing in it is taken on
trust: names that climb out of the folder (``../``, ``/etc/…``, ``C:\\…``, backslashes) refuse
the whole zip, as do passwords, duplicates, and more files or bytes than allowed. Sizes are
counted while copying, because a zip bomb's header lies about them. Links are never unpacked.
Everything is unpacked into a hidden folder first and moved into place only once all of it
is through, so a refusal leaves the target folder as it was. Folders are kept as they are
(``wp-content/uploads/2023/05/photo.jpg``), so a picture can be matched by its old address.
"""

import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.template.defaultfilters import filesizeformat

PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
CHUNK_BYTES = 1024 * 1024
DRIVE = re.compile(r"^[a-z]:", re.I)
# What macOS and Windows put in a zip beside the files: never a picture, even when the name
# ends in .jpg (macOS's "._photo.jpg" holds the Finder's notes about photo.jpg).
SYSTEM_FOLDERS = {"__MACOSX"}
SYSTEM_FILES = {".DS_Store", "Thumbs.db", "desktop.ini"}


class ArchiveError(Exception):
    """A zip that was not unpacked, said in words for the person who uploaded it."""


@dataclass
class ExtractResult:
    """What was unpacked: how many pictures, their bytes, their paths, and what was left out."""

    files: int = 0
    total_bytes: int = 0
    paths: list[str] = field(default_factory=list)  # relative, with "/", as in the zip
    notes: list[str] = field(default_factory=list)


def extract_pictures(
    zip_path,
    target_dir,
    *,
    max_files=5000,
    max_file_bytes=25 * 1024 * 1024,
    max_total_bytes=2 * 1024 * 1024 * 1024,
    allowed_suffixes=PICTURE_SUFFIXES,
    name=None,
):
    """Unpack the pictures in ``zip_path`` (a path or an open binary file) into ``target_dir``.

    ``name`` is the file's name as the owner knows it, for messages (the upload's temporary
    name otherwise). Raises :class:`ArchiveError` and leaves ``target_dir`` unchanged if any
    rule is broken; files that are not pictures are left out and counted in the notes.
    """
    name = name or _display_name(zip_path)
    target = Path(target_dir)
    target.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(zip_path) as archive:
            plan = _Plan(archive, name, max_files, max_file_bytes, max_total_bytes)
            plan.sort(allowed_suffixes)
            result = _extract(archive, plan, target, max_file_bytes, max_total_bytes)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise ArchiveError(
            f"{name} is not a zip file, or it is damaged. Make the zip again from the media "
            "folder (wp-content/uploads on WordPress) and upload it."
        ) from error
    except NotImplementedError as error:
        raise ArchiveError(
            f"{name} was not unpacked: it is compressed in a way that cannot be read here. Make "
            "the zip again with your computer's ordinary “compress” or “send to zip” command."
        ) from error
    except OSError as error:
        raise ArchiveError(f"{name} could not be unpacked: {error.strerror or error}.") from error
    result.notes = plan.notes()
    return result


def _display_name(zip_path):
    named = getattr(zip_path, "name", zip_path)  # a path, or an open file's name
    if isinstance(named, str | os.PathLike):
        return os.path.basename(named) or "The zip"
    return "The zip"


class _Plan:
    """The entries of one zip, checked and sorted before anything is written."""

    def __init__(self, archive, name, max_files, max_file_bytes, max_total_bytes):
        self.archive = archive
        self.name = name
        self.max_files = max_files
        self.max_file_bytes = max_file_bytes
        self.max_total_bytes = max_total_bytes
        self.suffixes = ()
        self.pictures = []  # (ZipInfo, PurePosixPath)
        self.not_pictures = []
        self.system_files = 0
        self.links = 0

    def refuse(self, reason):
        raise ArchiveError(f"{self.name} was not unpacked: {reason}")

    def sort(self, allowed_suffixes):
        self.suffixes = tuple(suffix.lower() for suffix in allowed_suffixes)
        entries = self.archive.infolist()
        if len(entries) > self.max_files:
            self.refuse(
                f"it holds {len(entries)} files, more than the {self.max_files} one zip may "
                "hold. Split it into several zips (a few years of pictures in each) and upload "
                "them one by one."
            )
        seen = set()
        for info in entries:
            path = self._safe_path(info.filename)
            if path is None or info.filename.replace("\\", "/").endswith("/"):
                continue  # a folder: made as its pictures need it
            if path in seen:
                self.refuse(f"it holds {path} twice. Make the zip again from the folder itself.")
            seen.add(path)
            self._sort_entry(info, path)
        total = sum(info.file_size for info, _path in self.pictures)
        if total > self.max_total_bytes:
            self.refuse(
                f"its pictures come to {filesizeformat(total)}, more than the "
                f"{filesizeformat(self.max_total_bytes)} one upload may hold. Split it into "
                "several zips and upload them one by one."
            )

    def _safe_path(self, filename):
        """The entry's path inside the target, or refusal if it could lead anywhere else."""
        text = filename.replace("\\", "/")  # old Windows zip tools write "\" between folders
        parts = [part for part in text.split("/") if part not in ("", ".")]
        if text.startswith("/") or DRIVE.match(text) or ".." in parts:
            self.refuse(
                f"it holds “{filename}”, a path that leads outside the folder it is unpacked "
                "into. A zip made from a site's media folder never does: make it again from "
                "the folder itself."
            )
        return PurePosixPath(*parts) if parts else None

    def _sort_entry(self, info, path):
        if info.flag_bits & 0x1:
            self.refuse(
                f"it is protected with a password ({path}). Make the zip again without one."
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            self.links += 1
        elif path.parts[0] in SYSTEM_FOLDERS or path.name in SYSTEM_FILES or path.name[:2] == "._":
            self.system_files += 1
        elif path.suffix.lower() not in self.suffixes:
            self.not_pictures.append(path)
        elif info.file_size > self.max_file_bytes:
            self.refuse(
                f"{path} is {filesizeformat(info.file_size)}, more than the "
                f"{filesizeformat(self.max_file_bytes)} a picture may be. Take it out of the "
                "zip (or make it smaller) and upload the zip again."
            )
        else:
            self.pictures.append((info, path))

    def notes(self):
        notes = []
        if not self.pictures:
            notes.append(f"{self.name} holds no pictures ({', '.join(self.suffixes)}).")
        if self.not_pictures:
            count = len(self.not_pictures)
            notes.append(
                f"{count} file{'s that are' if count > 1 else ' that is'} not "
                f"{'pictures were' if count > 1 else 'a picture was'} left out (for example "
                f"{self.not_pictures[0]})."
            )
        if self.system_files:
            notes.append(
                f"{self.system_files} file{'s' if self.system_files > 1 else ''} that macOS or "
                "Windows adds to a zip (such as __MACOSX or .DS_Store) left out."
            )
        if self.links:
            notes.append(
                f"{self.links} link{'s' if self.links > 1 else ''} to other files left out: "
                "links are never unpacked."
            )
        return notes


def _extract(archive, plan, target, max_file_bytes, max_total_bytes):
    """Unpack every planned picture into a hidden folder in ``target``, then move them in."""
    staging = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=target))
    result = ExtractResult()
    try:
        for info, path in plan.pictures:
            room = min(max_file_bytes, max_total_bytes - result.total_bytes)
            result.total_bytes += _copy_entry(archive, info, path, staging, room, plan)
            result.files += 1
            result.paths.append(str(path))
        _move_into(staging, target, [path for _info, path in plan.pictures], plan)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _copy_entry(archive, info, path, staging, room, plan):
    """Copy one entry in chunks, counting: a header's size is only what the zip claims."""
    destination = staging.joinpath(*path.parts)
    if not destination.resolve().is_relative_to(staging.resolve()):
        plan.refuse(f"{path} leads outside the folder it is unpacked into.")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        out = destination.open("xb")  # never over another file (case-blind disks included)
    except (FileExistsError, NotADirectoryError):
        plan.refuse(f"it holds {path} twice, or as both a file and a folder.")
    written = 0
    with out, archive.open(info) as source:
        while chunk := source.read(CHUNK_BYTES):
            written += len(chunk)
            if written > info.file_size or written > room:
                plan.refuse(
                    f"{path} unpacks to more than the zip says it holds, which only a damaged "
                    "or booby-trapped zip does."
                )
            out.write(chunk)
    return written


def _move_into(staging, target, paths, plan):
    """Move the unpacked pictures into ``target``, after checking none is already there."""
    for path in paths:
        final = target.joinpath(*path.parts)
        if final.exists() or final.is_symlink():
            plan.refuse(f"{target} already holds {path}. Unpack it into an empty folder.")
        if not final.parent.resolve().is_relative_to(target.resolve()):
            plan.refuse(f"{path} leads outside the folder it is unpacked into.")
    for path in paths:
        final = target.joinpath(*path.parts)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging.joinpath(*path.parts), final)
