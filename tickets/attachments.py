"""Uploaded files are checked by what they are, not by what they are called."""

from __future__ import annotations

import unicodedata
from pathlib import PurePath

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
    return content_type
