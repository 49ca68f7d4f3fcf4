"""Unpacking an uploaded zip of pictures: kept folders, and nothing left behind on refusal."""

import io
import stat
import struct
import zipfile

import pytest

from practice_blog.importers.archive import ArchiveError, extract_pictures

JPEG = b"\xff\xd8\xff\xe0" + b"photo" * 200


@pytest.fixture
def target(tmp_path):
    return tmp_path / "media"


def make_zip(path, entries, compression=zipfile.ZIP_DEFLATED):
    """Write a zip of ``{name: bytes}`` (or ``ZipInfo: bytes``) to ``path``."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def contents(folder):
    """Every file and folder under ``folder``, relative, with "/"."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def test_pictures_are_unpacked_with_their_folders_and_other_files_left_out(tmp_path, target):
    upload = make_zip(
        tmp_path / "uploads.zip",
        {
            "wp-content/uploads/2023/05/photo.jpg": JPEG,
            "wp-content/uploads/2023/05/photo-150x150.JPG": JPEG[:100],
            "wp-content/uploads/2024/01/diagram.png": b"\x89PNG" + b"x" * 50,
            "wp-content/uploads/2024/01/readme.txt": b"not a picture",
            "wp-content/uploads/2024/01/leaflet.pdf": b"%PDF",
            "__MACOSX/wp-content/uploads/2023/05/._photo.jpg": b"Finder notes",
            "wp-content/uploads/.DS_Store": b"",
        },
    )

    result = extract_pictures(upload, target)

    assert result.files == 3
    assert result.total_bytes == len(JPEG) + 100 + 54
    assert result.paths == [
        "wp-content/uploads/2023/05/photo.jpg",
        "wp-content/uploads/2023/05/photo-150x150.JPG",
        "wp-content/uploads/2024/01/diagram.png",
    ]
    assert (target / "wp-content/uploads/2023/05/photo.jpg").read_bytes() == JPEG
    assert [path for path in contents(target) if "." in path.rsplit("/", 1)[-1]] == sorted(
        result.paths
    )
    assert result.notes == [
        "2 files that are not pictures were left out "
        "(for example wp-content/uploads/2024/01/readme.txt).",
        "2 files that macOS or Windows adds to a zip (such as __MACOSX or .DS_Store) left out.",
    ]


def test_an_open_file_can_be_unpacked_and_backslashes_are_folders(tmp_path, target):
    upload = io.BytesIO()
    make_zip(upload, {"uploads\\2023\\photo.jpg": JPEG})

    result = extract_pictures(upload, target, name="my pictures.zip")

    assert result.paths == ["uploads/2023/photo.jpg"]
    assert (target / "uploads/2023/photo.jpg").read_bytes() == JPEG


def test_a_zip_without_pictures_says_so(tmp_path, target):
    upload = make_zip(tmp_path / "notes.zip", {"notes.txt": b"hello"})

    result = extract_pictures(upload, target)

    assert result.files == 0
    assert result.notes[0] == "notes.zip holds no pictures (.jpg, .jpeg, .png, .gif, .webp)."
    assert contents(target) == []


def test_unpacking_beside_pictures_already_there_keeps_them(tmp_path, target):
    (target / "2023").mkdir(parents=True)
    (target / "2023/old.jpg").write_bytes(b"old")
    upload = make_zip(tmp_path / "more.zip", {"2023/new.jpg": JPEG})

    extract_pictures(upload, target)

    assert contents(target) == ["2023", "2023/new.jpg", "2023/old.jpg"]


def test_a_picture_already_there_is_never_replaced(tmp_path, target):
    (target / "2023").mkdir(parents=True)
    (target / "2023/photo.jpg").write_bytes(b"old")
    upload = make_zip(tmp_path / "more.zip", {"2023/other.jpg": JPEG, "2023/photo.jpg": JPEG})

    with pytest.raises(ArchiveError, match="already holds 2023/photo.jpg"):
        extract_pictures(upload, target)

    assert contents(target) == ["2023", "2023/photo.jpg"]
    assert (target / "2023/photo.jpg").read_bytes() == b"old"


# Refusals: the message, and nothing left in the target ------------------------------------


def refused(upload, target, **limits):
    with pytest.raises(ArchiveError) as refusal:
        extract_pictures(upload, target, **limits)
    assert contents(target) == []
    return str(refusal.value)


@pytest.mark.parametrize(
    "name",
    [
        "../evil.jpg",
        "pictures/../../evil.jpg",
        "/etc/evil.jpg",
        "C:\\Windows\\evil.jpg",
        "c:evil.jpg",
        "..\\evil.jpg",
        "\\\\server\\share\\evil.jpg",
    ],
)
def test_a_path_that_leads_outside_the_folder_is_refused(name, tmp_path, target):
    upload = make_zip(tmp_path / "uploads.zip", {"good.jpg": JPEG, name: JPEG})

    message = refused(upload, target)

    assert message == (
        f"uploads.zip was not unpacked: it holds “{name}”, a path that leads outside the folder "
        "it is unpacked into. A zip made from a site's media folder never does: make it again "
        "from the folder itself."
    )
    assert not (tmp_path / "evil.jpg").exists()


def test_a_link_is_left_out(tmp_path, target):
    link = zipfile.ZipInfo("wp-content/link.jpg")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    upload = tmp_path / "uploads.zip"
    with zipfile.ZipFile(upload, "w") as archive:
        archive.writestr(link, "/etc/passwd")
        archive.writestr("wp-content/photo.jpg", JPEG)

    result = extract_pictures(upload, target)

    assert result.paths == ["wp-content/photo.jpg"]
    assert contents(target) == ["wp-content", "wp-content/photo.jpg"]
    assert result.notes == ["1 link to other files left out: links are never unpacked."]


def test_a_password_protected_zip_is_refused(tmp_path, target):
    """zipfile cannot encrypt, so the "encrypted" flag is set in the headers by hand."""
    upload = make_zip(tmp_path / "locked.zip", {"photo.jpg": JPEG})
    data = bytearray(upload.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        flags_at = data.index(signature) + offset
        struct.pack_into("<H", data, flags_at, struct.unpack_from("<H", data, flags_at)[0] | 0x1)
    upload.write_bytes(bytes(data))

    assert refused(upload, target) == (
        "locked.zip was not unpacked: it is protected with a password (photo.jpg). Make the zip "
        "again without one."
    )


def test_a_zip_with_too_many_files_is_refused(tmp_path, target):
    upload = make_zip(tmp_path / "many.zip", {f"{number}.jpg": JPEG for number in range(11)})

    assert refused(upload, target, max_files=10).startswith(
        "many.zip was not unpacked: it holds 11 files, more than the 10 one zip may hold."
    )


def test_a_picture_over_the_size_limit_is_refused(tmp_path, target):
    upload = make_zip(tmp_path / "big.zip", {"small.jpg": JPEG[:10], "big.jpg": b"\0" * 5000})

    assert refused(upload, target, max_file_bytes=4096).startswith(
        "big.zip was not unpacked: big.jpg is 4.9\xa0KB, more than the 4.0\xa0KB a picture may be."
    )


def test_pictures_over_the_total_limit_are_refused(tmp_path, target):
    upload = make_zip(tmp_path / "big.zip", {f"{number}.jpg": b"\0" * 3000 for number in range(4)})

    assert refused(upload, target, max_total_bytes=10_000).startswith(
        "big.zip was not unpacked: its pictures come to 11.7\xa0KB, more than the 9.8\xa0KB one "
        "upload may hold."
    )


def test_a_zip_bomb_that_lies_about_its_size_is_refused(tmp_path, target):
    """A megabyte of zeros whose headers say ten bytes: the copy stops at what was declared."""
    upload = io.BytesIO()
    make_zip(upload, {"bomb.jpg": b"\0" * 1_000_000})
    data = bytearray(upload.getvalue())
    struct.pack_into("<I", data, data.index(b"PK\x03\x04") + 22, 10)  # local header
    struct.pack_into("<I", data, data.index(b"PK\x01\x02") + 24, 10)  # central directory
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(bytes(data))

    message = refused(bomb, target, max_file_bytes=1000)

    assert message.startswith("bomb.zip is not a zip file, or it is damaged.")


def test_duplicate_names_are_refused(tmp_path, target):
    upload = tmp_path / "twice.zip"
    with zipfile.ZipFile(upload, "w") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("2023/photo.jpg", JPEG)
        archive.writestr("2023/photo.jpg", b"another")

    assert refused(upload, target) == (
        "twice.zip was not unpacked: it holds 2023/photo.jpg twice. Make the zip again from the "
        "folder itself."
    )


def test_a_file_and_a_folder_of_the_same_name_are_refused(tmp_path, target):
    upload = make_zip(tmp_path / "clash.zip", {"photo.jpg": JPEG, "photo.jpg/inner.jpg": JPEG})

    assert refused(upload, target) == (
        "clash.zip was not unpacked: it holds photo.jpg/inner.jpg twice, or as both a file and "
        "a folder."
    )


@pytest.mark.parametrize(
    "data", [b"", b"just some text", b"PK\x03\x04" + b"\0" * 100, b"<html></html>"]
)
def test_a_file_that_is_not_a_zip_is_refused(data, tmp_path, target):
    upload = tmp_path / "uploads.zip"
    upload.write_bytes(data)

    assert refused(upload, target) == (
        "uploads.zip is not a zip file, or it is damaged. Make the zip again from the media "
        "folder (wp-content/uploads on WordPress) and upload it."
    )


def test_a_damaged_picture_inside_a_zip_is_refused(tmp_path, target):
    upload = make_zip(tmp_path / "uploads.zip", {"a.jpg": JPEG, "b.jpg": JPEG * 10})
    data = bytearray(upload.read_bytes())
    start = data.index(b"b.jpg") + len("b.jpg") + 20  # into b.jpg's compressed bytes
    data[start : start + 20] = b"\xff" * 20
    upload.write_bytes(bytes(data))

    assert refused(upload, target).startswith("uploads.zip is not a zip file, or it is damaged.")
