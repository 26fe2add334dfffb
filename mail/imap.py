"""Production's mailbox: poll IMAP, store each new message, move it to the processed folder.

Messages are read by UID from the last one stored; a new UIDVALIDITY (the server renumbered
the mailbox) starts again from the first, which the Message-ID dedupe makes harmless. Mail is
moved (or copied and marked seen where the server cannot move), never deleted.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils import timezone

from .models import InboundMessage, MailboxState
from .services import store_raw

logger = logging.getLogger(__name__)
BATCH = 100


@dataclass(frozen=True)
class Mailbox:
    secure: bool
    host: str
    port: int
    user: str
    password: str
    folder: str

    @property
    def name(self) -> str:
        return f"{self.user}@{self.host}/{self.folder}"


def mailbox_of(url: str) -> Mailbox:
    """imaps://user:password@host[:port]/FOLDER (imap:// for plain text, e.g. a local test)."""
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps"):
        raise ValueError("HELPDESK_IMAP_URL must start with imap:// or imaps://")
    secure = parts.scheme == "imaps"
    return Mailbox(
        secure=secure,
        host=parts.hostname or "localhost",
        port=parts.port or (993 if secure else 143),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
    )


def _connect(box: Mailbox) -> imaplib.IMAP4:
    if box.secure:
        return imaplib.IMAP4_SSL(box.host, box.port, timeout=30)
    return imaplib.IMAP4(box.host, box.port, timeout=30)


def poll(url: str | None = None) -> int:
    """Store every message new since the last poll; returns how many were read."""
    url = url or settings.HELPDESK_IMAP_URL
    if not url:
        return 0
    box = mailbox_of(url)
    client = _connect(box)
    try:
        client.login(box.user, box.password)
        status, _ = client.select(_quoted(box.folder))
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot open {box.folder}")
        uidvalidity = int(client.response("UIDVALIDITY")[1][0] or 0)
        state, _created = MailboxState.objects.get_or_create(mailbox=box.name[:250])
        if state.uidvalidity != uidvalidity:
            state.uidvalidity, state.last_uid = uidvalidity, 0
        status, data = client.uid("SEARCH", f"UID {state.last_uid + 1}:*")
        # "n:*" also answers the highest UID when nothing is newer: keep only the new ones.
        uids = sorted(int(x) for x in (data[0] or b"").split() if int(x) > state.last_uid)
        processed = settings.HELPDESK_IMAP_PROCESSED_FOLDER
        if uids and processed:
            client.create(_quoted(processed))  # answers NO when it exists: fine
        can_move = b"MOVE" in b" ".join(
            c.encode() if isinstance(c, str) else c for c in client.capabilities
        )
        read = 0
        for uid in uids[:BATCH]:
            status, fetched = client.uid("FETCH", str(uid), "(BODY.PEEK[])")
            raw = next(
                (item[1] for item in fetched or [] if isinstance(item, tuple) and len(item) > 1),
                None,
            )
            if status != "OK" or not isinstance(raw, bytes):
                logger.warning("IMAP %s: could not fetch UID %s", box.name, uid)
                continue
            store_raw(raw, source=InboundMessage.Source.IMAP)
            if processed:
                if can_move:
                    client.uid("MOVE", str(uid), _quoted(processed))
                else:
                    client.uid("COPY", str(uid), _quoted(processed))
                    client.uid("STORE", str(uid), "+FLAGS", "(\\Seen)")
            state.last_uid = uid
            state.save()
            read += 1
        state.polled_at = timezone.now()
        state.save()
        return read
    finally:
        with contextlib.suppress(Exception):  # the connection is going away either way
            client.logout()


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
