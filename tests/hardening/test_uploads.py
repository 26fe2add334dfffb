"""Uploads are what they say they are: the extension agrees with the content, images past a
pixel limit are refused from their header (never decoded), too many files get the form's
error, and a full disk gives a clear message and keeps nothing."""

import errno
import io
import struct
import uuid
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from catalog.models import Category
from tickets import services
from tickets.attachments import AttachmentRejected, image_size
from tickets.models import Attachment, Ticket

HOST = {"HTTP_HOST": "127.0.0.1"}
PDF = b"%PDF-1.7\n" + b"0" * 64


def png(width=2, height=2, pad=64):
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + b"\x00" * pad
    )


def jpeg(width=2, height=2, exif=2000):
    app1 = b"\xff\xe1" + struct.pack(">H", exif + 2) + b"E" * exif
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app1 + sof0 + b"\xff\xda" + b"\x00" * 64


def gif(width=2, height=2):
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00" * 32


def webp(width=2, height=2):
    body = b"VP8X" + struct.pack("<I", 10) + b"\x00" * 4
    body += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body + b"\x00" * 16


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def file_with(people, *files):
    return services.open_ticket(
        requester=people["buyer"],
        category=Category.objects.get(slug="feedback"),
        subject="With files",
        body="See attached.",
        attachments=list(files),
    ).ticket


@pytest.mark.parametrize(
    ("name", "content"),
    [("doc.jpg", PDF), ("img.pdf", png()), ("photo.gif", jpeg()), ("a.png", webp())],
)
def test_an_extension_that_disagrees_with_the_content_is_refused(people, name, content):
    with pytest.raises(services.InvalidTicket) as refused:
        file_with(people, upload(name, content))
    assert name in refused.value.errors["attachments"][0]
    assert not Ticket.objects.filter(subject="With files").exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("shot.PNG", png(), "image/png"),
        ("photo.jpeg", jpeg(), "image/jpeg"),
        ("photo.jpg", jpeg(), "image/jpeg"),
        ("anim.gif", gif(), "image/gif"),
        ("pic.webp", webp(), "image/webp"),
        ("receipt.pdf", PDF, "application/pdf"),
        ("no-extension", png(), "image/png"),
    ],
)
def test_matching_files_are_kept(people, name, content, content_type):
    ticket = file_with(people, upload(name, content))
    assert Attachment.objects.get(ticket=ticket).content_type == content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("huge.png", png(50_000, 50_000)),
        ("huge.jpg", jpeg(20_000, 20_000)),
        ("huge.gif", gif(65_000, 65_000)),
        ("huge.webp", webp(16_000, 16_000)),
    ],
)
def test_images_past_the_pixel_limit_are_refused(people, name, content):
    with pytest.raises(services.InvalidTicket) as refused:
        file_with(people, upload(name, content))
    assert "pixels" in refused.value.errors["attachments"][0] or "픽셀" in str(refused.value)


def test_an_image_header_that_cannot_be_read_is_refused(people):
    with pytest.raises(services.InvalidTicket):
        file_with(people, upload("broken.jpg", b"\xff\xd8\xff" + b"\x00" * 64))


class CountingReader(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


@pytest.mark.parametrize(
    ("content", "content_type", "size"),
    [
        (png(50_000, 40_000, pad=5_000_000), "image/png", (50_000, 40_000)),
        (jpeg(20_000, 10_000, exif=60_000) + b"\x00" * 5_000_000, "image/jpeg", (20_000, 10_000)),
        (gif(640, 480), "image/gif", (640, 480)),
        (webp(3000, 2000), "image/webp", (3000, 2000)),
    ],
)
def test_the_size_comes_from_the_header_alone(content, content_type, size):
    reader = CountingReader(content)
    assert image_size(reader, content_type) == size
    assert reader.bytes_read < 100  # the EXIF block is skipped by seeking, never read


def test_101_files_get_the_forms_error_not_a_bare_400(reference_data):
    files = [upload(f"p{n}.png", png()) for n in range(101)]
    response = Client(**HOST).post(
        "/tickets/new/",
        {
            "category": "feedback",
            "submission_id": str(uuid.uuid4()),
            "subject": "Many files",
            "body": "Here they are.",
            "requester_name": "Minji",
            "requester_email": "minji@example.com",
            "attachments": files,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Attach at most 5 files." in response.text
    assert 'name="subject"' in response.text and "Many files" in response.text
    assert not Ticket.objects.filter(subject="Many files").exists()


def test_a_full_disk_gives_a_clear_error_and_keeps_no_file(reference_data, settings):
    class DiskFills(SimpleUploadedFile):
        def chunks(self, chunk_size=None):
            yield b"\x89PNG\r\n\x1a\n"
            raise OSError(errno.ENOSPC, "No space left on device")

    first = upload("first.png", png())
    second = DiskFills("second.png", png(), content_type="image/png")
    response = Client(**HOST).post(
        "/tickets/new/",
        {
            "category": "feedback",
            "submission_id": str(uuid.uuid4()),
            "subject": "Disk full",
            "body": "Here they are.",
            "requester_name": "Minji",
            "requester_email": "minji@example.com",
            "attachments": [first],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302  # the disk is fine for a first ticket
    stored = {p for p in (settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    assert len(stored) == 1

    with pytest.raises(AttachmentRejected) as refused:
        services.open_ticket(
            requester=None,
            requester_name="Minji",
            requester_email="minji@example.com",
            category=Category.objects.get(slug="feedback"),
            subject="Disk full",
            body="Two files.",
            attachments=[upload("ok.png", png()), second],
        )
    assert "could not store second.png" in str(refused.value)
    assert {p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()} == stored
    assert Ticket.objects.filter(subject="Disk full").count() == 1


def test_a_full_disk_on_the_web_form_shows_the_error(reference_data, settings, monkeypatch):
    from django.core.files.uploadedfile import InMemoryUploadedFile

    def fills(self, chunk_size=None):
        yield b"\x89PNG"
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(InMemoryUploadedFile, "chunks", fills)
    response = Client(**HOST).post(
        "/tickets/new/",
        {
            "category": "feedback",
            "submission_id": str(uuid.uuid4()),
            "subject": "Disk full on the web",
            "body": "Here.",
            "requester_name": "Minji",
            "requester_email": "minji@example.com",
            "attachments": [upload("shot.png", png())],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "We could not store shot.png just now" in response.text
    assert not Ticket.objects.filter(subject="Disk full on the web").exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
