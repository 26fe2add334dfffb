"""Uploaded files are checked by what they are, not by what they are called."""

from __future__ import annotations

import struct
import unicodedata
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from helpdesk.errors import DomainError

# Magic numbers of what people may attach: screenshots, photos and PDF documents.
SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"%PDF-", 0, "application/pdf"),
]
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
# The file name's extension must say what the content is: a PDF called doc.jpg, or a PNG
# called img.pdf, is refused (a name without an extension says nothing and may pass).
EXTENSIONS = {
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "application/pdf": {".pdf"},
}
KIND_NAMES = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "application/pdf": "PDF",
}
# JPEG start-of-frame markers (they carry the size); C4, C8 and CC are other segments.
JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
JPEG_SEGMENTS_READ = 512


class AttachmentRejected(DomainError):
    pass


def sniff_content_type(head: bytes) -> str | None:
    for signature, offset, content_type in SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def clean_filename(name: str) -> str:
    """A display name without paths, control characters or quotes; never used on disk."""
    name = PurePath(name.replace("\\", "/")).name
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in "\"'<>")
    return (name.strip(". ") or "file")[:120]


def check_upload(upload: UploadedFile[bytes]) -> str:
    """Return the file's real content type, or refuse it with a message naming the file."""
    name = clean_filename(upload.name or "")
    if upload.size is None or upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise AttachmentRejected(
            _("%(name)s is larger than %(limit)s.")
            % {"name": name, "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            field="attachments",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise AttachmentRejected(
            _("%(name)s is not an image (PNG, JPEG, GIF, WebP) or a PDF document.")
            % {"name": name},
            field="attachments",
        )
    extension = PurePath(name).suffix.lower()
    if extension and extension not in EXTENSIONS[content_type]:
        raise AttachmentRejected(
            _("%(name)s is called %(extension)s but is a %(kind)s file. Rename it and try again.")
            % {"name": name, "extension": extension, "kind": KIND_NAMES[content_type]},
            field="attachments",
        )
    if content_type in INLINE_TYPES:
        _check_pixels(upload, content_type, name)
    return content_type


def _check_pixels(upload: UploadedFile[bytes], content_type: str, name: str) -> None:
    """Refuse an image past ATTACHMENT_MAX_PIXELS by the size its header declares: nothing
    here decodes it, and the agent's browser should not have to either."""
    upload.seek(0)
    try:
        size = image_size(upload, content_type)
    finally:
        upload.seek(0)
    if size is None:
        raise AttachmentRejected(
            _("%(name)s could not be read as an image.") % {"name": name}, field="attachments"
        )
    width, height = size
    if width * height > settings.ATTACHMENT_MAX_PIXELS:
        raise AttachmentRejected(
            _(
                "%(name)s is %(width)s x %(height)s pixels; images may have at most "
                "%(megapixels)s million pixels."
            )
            % {
                "name": name,
                "width": width,
                "height": height,
                "megapixels": settings.ATTACHMENT_MAX_PIXELS // 1_000_000,
            },
            field="attachments",
        )


def image_size(file: IO[bytes], content_type: str) -> tuple[int, int] | None:
    """(width, height) from the image's header, reading a few bytes; None when unreadable."""
    head = file.read(32)
    try:
        if content_type == "image/png":
            # The IHDR chunk comes first: its width and height follow the 8-byte signature.
            if head[12:16] != b"IHDR":
                return None
            width, height = struct.unpack(">II", head[16:24])
            return int(width), int(height)
        if content_type == "image/gif":
            width, height = struct.unpack("<HH", head[6:10])
            return int(width), int(height)
        if content_type == "image/webp":
            return _webp_size(head)
        if content_type == "image/jpeg":
            file.seek(2)
            return _jpeg_size(file)
    except struct.error:
        return None
    return None


def _webp_size(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and head[20:21] == b"\x2f":
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        width = int.from_bytes(head[24:27], "little") + 1
        height = int.from_bytes(head[27:30], "little") + 1
        return width, height
    return None


def _jpeg_size(file: IO[bytes]) -> tuple[int, int] | None:
    """Walk the segments after SOI to the first start-of-frame, seeking past the rest."""
    for _segment in range(JPEG_SEGMENTS_READ):
        byte = file.read(1)
        if byte != b"\xff":
            return None
        while byte == b"\xff":  # a marker, after any fill bytes
            byte = file.read(1)
        if not byte:
            return None
        marker = byte[0]
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            continue
        length_bytes = file.read(2)
        if len(length_bytes) < 2:
            return None
        length = int.from_bytes(length_bytes, "big")
        if marker in JPEG_FRAMES:
            frame = file.read(5)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">HH", frame[1:5])
            return int(width), int(height)
        if marker == 0xDA or length < 2:  # image data before any frame header: broken
            return None
        file.seek(length - 2, 1)
    return None
