"""The pictures of imported articles, each brought into the image library once.

A picture is found by its old address: in a folder of the old site's media (uploaded, or
extracted from a zip), matched by the end of its path, so ``wp-content/uploads/2023/05/a.jpg``
is found however the folder was copied; or, when the owner asks, fetched from the old site's
own host (never any other, and never a private address: see :mod:`.fetch`).

Every picture is checked the way Wagtail checks an upload (type, size, pixels). Importing again
finds the image made last time (:class:`~.models.ImportedPicture`), and a picture with the same
bytes as one already in the library is not added twice.
"""

import hashlib
import io
import os
import re
from collections import Counter, defaultdict
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.images import ImageFile
from django.template.defaultfilters import filesizeformat, pluralize
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField

from .fetch import FetchError, fetch
from .models import ImportedPicture

PICTURE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
FETCH_MAX_BYTES = 15 * 1024 * 1024
FETCH_TIMEOUT = 15
# WordPress's resized copies, "photo-300x200.jpg", of the original "photo.jpg".
RESIZED = re.compile(r"-\d{2,5}x\d{2,5}(?=\.[a-z0-9]+$)", re.I)
TITLE_MAX = 255
DESCRIPTION_MAX = 255

IMPORTED = "imported"
REUSED = "reused"
MISSING = "missing"


class MediaFolder:
    """The files of a folder, found by the end of an old address's path."""

    def __init__(self, root):
        self.root = Path(root)
        self._by_name = None

    def _index(self):
        if self._by_name is None:
            self._by_name = defaultdict(list)
            for folder, _dirs, files in os.walk(self.root, followlinks=False):
                for name in files:
                    path = Path(folder, name)
                    if name.lower().endswith(PICTURE_SUFFIXES) and not path.is_symlink():
                        relative = PurePosixPath(path.relative_to(self.root).as_posix())
                        self._by_name[name.lower()].append(relative)
        return self._by_name

    def find(self, url_path):
        """The file for a path such as ``/wp-content/uploads/2023/05/a-300x200.jpg``: its
        original when the folder has it, else the copy named, else ``None``."""
        wanted = PurePosixPath(unquote(url_path))
        original = wanted.with_name(RESIZED.sub("", wanted.name))
        for candidate in dict.fromkeys([original, wanted]):
            found = self._best_match(candidate)
            if found is not None:
                return self.root / found
        return None

    def _best_match(self, wanted):
        """The file whose path ends the way the address does, or ``None``.

        A file in a folder of its own (``2021/03/photo.jpg``) must share that folder with the
        address (``…/2023/05/photo.jpg`` is another picture: names repeat from month to
        month); a file at the top of the folder matches by name. Two equally good files are
        not guessed between.
        """
        parts = [part.lower() for part in wanted.parts if part != "/"]

        def shared_tail(relative):
            theirs = [part.lower() for part in relative.parts]
            length = 0
            while (
                length < min(len(theirs), len(parts)) and theirs[-1 - length] == parts[-1 - length]
            ):
                length += 1
            return length

        scored = [
            (shared, candidate)
            for candidate in self._index().get(wanted.name.lower(), [])
            if (shared := shared_tail(candidate)) >= min(2, len(candidate.parts), len(parts))
        ]
        if not scored:
            return None
        best = max(shared for shared, _ in scored)
        found = [candidate for shared, candidate in scored if shared == best]
        return found[0] if len(found) == 1 else None


class PictureLibrary:
    """Finds each picture an import asks for and makes it an image, once.

    ``folder`` is where the old site's media were put; with ``fetch`` pictures not in the
    folder are fetched from the old site's own hosts, which ``site_hosts()`` names (the source
    learns them as it is read); ``site_base()`` is the old site's address, which relative
    picture addresses are read against. ``source_kind`` keeps one platform's addresses apart from
    another's.

    The importer calls :meth:`keep` after an article's transaction commits and :meth:`forget`
    after one is rolled back, so the library never hands out an image that no longer exists,
    and :meth:`discard_created` after a dry run, which removes the files it stored.
    """

    def __init__(self, *, source_kind, folder=None, fetch=False, site_hosts=set, site_base=str):
        self.source_kind = source_kind
        self.folder = MediaFolder(folder) if folder else None
        self.fetch = fetch
        self.site_hosts = site_hosts
        self.site_base = site_base
        self.outcomes = Counter()
        self._known = {}  # address → image id, for images that are committed
        self._pending = {}  # the same for the article being imported
        self._created_files = []  # storage names of files this run stored
        self._article_files = []

    @property
    def enabled(self):
        return self.folder is not None or self.fetch

    def image_for(self, address, *, description="", title=""):
        """``(image, note)``: the image for a picture's address (``None`` with a note saying
        why when it cannot be had)."""
        url = self._absolute(address)
        if url in self._pending or url in self._known:
            image_id = self._pending.get(url) or self._known[url]
            image = get_image_model().objects.filter(pk=image_id).first()
            if image is not None:
                self.outcomes[REUSED] += 1
                return image, None
        remembered = self._remembered(url)
        if remembered is not None:
            self._pending[url] = remembered.pk
            self.outcomes[REUSED] += 1
            return remembered, None
        try:
            name, content = self._content(url)
            image = self._image_from(name, content, description=description, title=title)
        except PictureError as error:
            self.outcomes[MISSING] += 1
            return None, str(error)
        ImportedPicture.objects.update_or_create(
            source_kind=self.source_kind,
            url_hash=url_hash(url),
            defaults={"url": url[:2000], "image": image},
        )
        self._pending[url] = image.pk
        return image, None

    def keep(self):
        self._known.update(self._pending)
        self._pending.clear()
        self._article_files.clear()

    def forget(self):
        """The article's transaction was rolled back: its new images are gone, so are their
        files."""
        self._pending.clear()
        for name in self._article_files:
            self._delete_file(name)
            self._created_files.remove(name)
        self._article_files.clear()

    def discard_created(self):
        """After a dry run: remove every file this run stored (their rows were rolled back)."""
        for name in self._created_files:
            self._delete_file(name)
        self._created_files.clear()
        self._article_files.clear()
        self._pending.clear()
        self._known.clear()

    def _absolute(self, address):
        address = address.strip()
        if address.startswith("//"):
            address = "https:" + address
        if not urlsplit(address).scheme:  # "/wp-content/…" on the old site
            base = self.site_base()
            if base:
                address = urljoin(base.rstrip("/") + "/", address)
        return address.split("#")[0]

    def _remembered(self, url):
        item = (
            ImportedPicture.objects.filter(source_kind=self.source_kind, url_hash=url_hash(url))
            .select_related("image")
            .first()
        )
        return item.image if item is not None and item.image is not None else None

    def _content(self, url):
        """``(file name, bytes)`` of the picture, from the folder or its old host."""
        path = urlsplit(url).path
        name = PurePosixPath(unquote(path)).name or "picture"
        if self.folder is not None:
            found = self.folder.find(path)
            if found is not None:
                limit = WagtailImageField().max_upload_size
                if limit and found.stat().st_size > limit:
                    raise PictureError(
                        f"Picture {found.name} not imported: it is larger than the "
                        f"{filesizeformat(limit)} a picture may be."
                    )
                return found.name, found.read_bytes()
        if not self.fetch:
            where = "in the media folder" if self.folder is not None else "(no media folder given)"
            raise PictureError(f"Picture not found {where}: {url}")
        host = (urlsplit(url).hostname or "").lower()
        if not _same_site(host, self.site_hosts()):
            raise PictureError(f"Picture on another site, not fetched: {url}")
        try:
            fetched = fetch(
                url,
                allowed_types=PICTURE_TYPES,
                max_bytes=WagtailImageField().max_upload_size or FETCH_MAX_BYTES,
                timeout=FETCH_TIMEOUT,
            )
        except FetchError as error:
            raise PictureError(str(error)) from error
        return name, fetched.content

    def _image_from(self, name, content, *, description, title):
        """A new image (or the library's image with the same bytes), checked like an upload."""
        try:
            WagtailImageField().clean(File(io.BytesIO(content), name=name))
        except ValidationError as error:
            raise PictureError(f"Picture {name} not imported: {' '.join(error.messages)}") from None
        Image = get_image_model()
        same = Image.objects.filter(file_hash=hashlib.sha1(content).hexdigest()).first()
        if same is not None:
            self.outcomes[REUSED] += 1
            return same
        image = Image(
            title=(title or _title_from(name))[:TITLE_MAX],
            description=description[:DESCRIPTION_MAX],
            file=ImageFile(io.BytesIO(content), name=name),
        )
        image._set_image_file_metadata()
        image.save()
        self._created_files.append(image.file.name)
        self._article_files.append(image.file.name)
        self.outcomes[IMPORTED] += 1
        return image

    def _delete_file(self, name):
        storage = get_image_model()._meta.get_field("file").storage
        if storage.exists(name):
            storage.delete(name)

    def summary(self, dry_run=False):
        """E.g. "12 pictures imported, 3 already in the library, 1 missing"."""
        return (
            f"{self.outcomes[IMPORTED]} picture{pluralize(self.outcomes[IMPORTED])} "
            f"{'found' if dry_run else 'imported'}, "
            f"{self.outcomes[REUSED]} already in the library, {self.outcomes[MISSING]} missing"
        )


class PictureError(Exception):
    """Why one picture could not be had, as a line of the report."""


def url_hash(url):
    return hashlib.sha256(url.encode()).hexdigest()


def _same_site(host, hosts):
    """Whether ``host`` is one of the old site's hosts or their subdomains (with or without
    "www."): pictures of www.example.com may be on static.example.com."""
    bare = host.removeprefix("www.")
    for site in hosts:
        site = site.lower().removeprefix("www.")
        if site and (bare == site or bare.endswith("." + site)):
            return True
    return False


def _title_from(name):
    stem = RESIZED.sub("", PurePosixPath(name).stem)
    return " ".join(re.split(r"[-_\s]+", stem)).strip().capitalize() or "Imported picture"
