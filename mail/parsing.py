"""Reading a raw message: its headers and text in the right charset, its attachments, the
reply without the quoted history, and whether a machine sent it.

Korean mail is labelled EUC-KR or ``ks_c_5601-1987`` (Outlook) but written in CP949, the
superset that has every Hangul syllable (똠, 햏 and 8,000 more are missing from EUC-KR):
all of these labels are read as CP949. HTML becomes plain text (nh3 keeps no tag), which
the pages then show escaped like anything else people write.
"""

from __future__ import annotations

import codecs
import hashlib
import html as html_module
import re
from dataclasses import dataclass, field
from email import message_from_bytes, message_from_string
from email.header import Header, decode_header
from email.message import Message
from email.utils import getaddresses, parseaddr

import nh3

from helpdesk.text import one_line

# Every label Korean mail goes by, read as the superset CP949.
KOREAN_CHARSETS = frozenset(
    {
        "euc-kr",
        "euc_kr",
        "euckr",
        "ks_c_5601-1987",
        "ks_c_5601_1987",
        "ks_c_5601",
        "ksc5601",
        "ksc_5601",
        "ks_x_1001",
        "korean",
        "cp949",
        "uhc",
        "windows-949",
        "x-windows-949",
        "ms949",
    }
)
MESSAGE_ID = re.compile(r"<[^<>\s]+>")
MAX_TEXT = 20_000


@dataclass(frozen=True)
class MailAttachment:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Bounce:
    """A delivery report: who it failed for, how (5.x.x is permanent), about which mail."""

    recipients: list[str]
    status: str
    diagnostic: str
    original_message_id: str

    @property
    def is_permanent(self) -> bool:
        return self.status.startswith("5")


@dataclass
class ParsedMail:
    message_id: str = ""
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    sender: str = ""
    sender_name: str = ""
    recipients: list[str] = field(default_factory=list)
    subject: str = ""
    text: str = ""
    attachments: list[MailAttachment] = field(default_factory=list)
    # "" for a person's mail; else why a machine sent it: bounce, auto_reply, list, loop.
    automatic: str = ""
    bounce: Bounce | None = None


def codec_for(charset: str | None) -> str:
    """The Python codec for a MIME charset label (Korean labels: CP949); utf-8 if unknown."""
    label = (charset or "").strip().strip('"').lower()
    if label in KOREAN_CHARSETS:
        return "cp949"
    if not label or label in ("unknown-8bit", "x-unknown", "us-ascii", "ascii"):
        return "utf-8"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return "utf-8"
    return "cp949" if name == "euc_kr" else name


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Text from bytes in the labelled charset; mislabelled text falls back to UTF-8, then
    CP949, and only then to replacement characters."""
    first = codec_for(charset)
    candidates = [first, "utf-8", "cp949"]
    if first == "cp949" and b"\xa4\xd4" in data:
        # Old mailers spell syllables missing from KS X 1001 as an 8-byte jamo sequence led by
        # the filler A4D4: Python's EUC-KR codec reads those (and CP949 does not).
        candidates.insert(0, "euc_kr")
    for candidate in dict.fromkeys(candidates):
        try:
            return data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(first, errors="replace")


def header_text(value: str | Header | None) -> str:
    """A header's text with RFC 2047 encoded words (and raw 8-bit bytes) decoded."""
    if value is None:
        return ""
    if isinstance(value, str) and any("\udc80" <= ch <= "\udcff" for ch in value):
        value = decode_bytes(value.encode("ascii", "surrogateescape"), None)
    try:
        parts = decode_header(value)
    except Exception:  # a broken encoded word: keep the header as it came
        return str(value)
    out = []
    for chunk, charset in parts:
        out.append(decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk)
    return "".join(out)


def _ids(*values: str | Header | None) -> list[str]:
    found: list[str] = []
    for value in values:
        for item in MESSAGE_ID.findall(str(value or "")):
            if item not in found:
                found.append(item)
    return found


BLANK_LINE = re.compile(rb"\r?\n\r?\n")


def head_of(raw: bytes) -> Message:
    """The header block alone, parsed (never the body: storing must not fail on one)."""
    return message_from_bytes(BLANK_LINE.split(raw, maxsplit=1)[0] + b"\n\n")


def message_key(raw: bytes) -> str:
    """What makes a message one: its Message-ID, else the SHA-256 of its bytes."""
    ids = _ids(head_of(raw).get("Message-ID"))
    if ids:
        return ids[0][:250]
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def parse_sender(message: Message) -> str:
    """The From address, lowercased ("" when there is none)."""
    return parseaddr(str(message.get("From") or ""))[1].strip().lower()


def _addresses(message: Message, *names: str) -> list[str]:
    values = [str(v) for name in names for v in (message.get_all(name) or [])]
    return [address.strip().lower() for _, address in getaddresses(values) if "@" in address]


def parse(raw: bytes, *, envelope_from: str | None = None, envelope_to: str = "") -> ParsedMail:
    """Everything the e-mail channel reads of a raw message."""
    message = message_from_bytes(raw)
    from_name, from_address = parseaddr(str(message.get("From") or ""))
    sender = from_address.strip().lower()
    recipients = _addresses(
        message, "To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To"
    )
    recipients += [a.strip().lower() for a in envelope_to.split(",") if "@" in a]
    text, html, attachments = _contents(message)
    if not text.strip() and html:
        text = html_to_text(html)
    parsed = ParsedMail(
        message_id=(_ids(message.get("Message-ID")) or [""])[0],
        in_reply_to=_ids(message.get("In-Reply-To")),
        references=_ids(*(message.get_all("References") or [])),
        sender=sender,
        sender_name=one_line(header_text(from_name))[:80],
        recipients=list(dict.fromkeys(recipients)),
        subject=one_line(header_text(message.get("Subject")))[:200],
        text=fold_quoted(clean_text(text))[:MAX_TEXT],
        attachments=attachments,
    )
    parsed.automatic = automatic_kind(message, sender=sender, envelope_from=envelope_from)
    if parsed.automatic == "bounce":
        parsed.bounce = bounce_of(message)
    return parsed


def _contents(message: Message) -> tuple[str, str, list[MailAttachment]]:
    """The first plain-text and HTML bodies, and every attached file. Attached messages
    (message/rfc822) are not read into the body."""
    text, html = "", ""
    attachments: list[MailAttachment] = []
    for part in _leaves(message):
        content_type = part.get_content_type()
        filename = header_text(part.get_filename()) if part.get_filename() else ""
        disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if not filename and disposition != "attachment" and content_type == "text/plain":
            if not text:
                text = decode_bytes(data, part.get_content_charset())
            continue
        if not filename and disposition != "attachment" and content_type == "text/html":
            if not html:
                html = decode_bytes(data, part.get_content_charset())
            continue
        if content_type.startswith("multipart/") or content_type.startswith("message/"):
            continue
        attachments.append(
            MailAttachment(name=filename or "attachment", content_type=content_type, data=data)
        )
    return text, html, attachments


def _leaves(message: Message) -> list[Message]:
    if message.is_multipart() and message.get_content_type().startswith("multipart/"):
        leaves: list[Message] = []
        for part in message.get_payload():
            if isinstance(part, Message):
                leaves.extend(_leaves(part))
        return leaves
    return [message]


BLOCK_END = re.compile(
    r"(?i)<br\s*/?>|</(p|div|li|tr|h[1-6]|blockquote|table|pre|ul|ol)\s*>|<(p|div|tr|ul|ol)\b[^>]*>"
)


def html_to_text(source: str) -> str:
    """Plain text of an HTML body: line breaks where blocks end, no tag or script left."""
    source = re.sub(r"(?is)<(head|style|script|title)\b.*?</\1\s*>", " ", source)
    source = re.sub(r"(?is)<!--.*?-->", " ", source)
    source = re.sub(r"\s+", " ", source)
    source = re.sub(r"(?i)<li\b[^>]*>", "\n- ", source)
    source = BLOCK_END.sub("\n", source)
    cleaned = nh3.clean(source, tags=set(), attributes={})
    return html_module.unescape(cleaned)


def clean_text(text: str) -> str:
    """Lines without trailing spaces, at most one blank line in a row, no NUL, no edges."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [line.rstrip().replace("\xa0", " ") for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line.strip() if not line.strip() else line)
    return "\n".join(out).strip()


# Where the quoted history of a reply begins, in the clients people here use.
QUOTE_STARTS = [
    re.compile(r"^\s*On .{4,300}wrote:\s*$", re.IGNORECASE),  # Gmail, Apple Mail, Thunderbird
    # Gmail in Korean: "2026년 11월 30일 (월) 오전 11:02, 고객센터 <...>님이 작성:"
    re.compile(r"^\s*\d{4}년 \d{1,2}월 \d{1,2}일.{0,200}(작성|썼습니다|wrote)[:.]?\s*$"),
    re.compile(
        r"^\s*-{2,}\s*"
        r"(Original Message|Forwarded message|원본 메시지|원본 메일|전달된 메시지)\s*-{2,}",
        re.IGNORECASE,
    ),
    re.compile(r"^\s*_{20,}\s*$"),  # Outlook's rule above the quoted headers
]
QUOTED_FROM = re.compile(r"^\s*(From|보낸 사람|보낸사람)\s*:\s*\S", re.IGNORECASE)
QUOTED_DATE = re.compile(r"^\s*(Sent|Date|보낸 날짜|날짜)\s*:\s*\S", re.IGNORECASE)


def fold_quoted(text: str) -> str:
    """The reply without the history quoted below it (kept whole in the raw message). Text
    that is nothing but a quote is kept as it is: a ticket never gets an empty message."""
    lines = text.split("\n")
    cut = len(lines)
    for index, line in enumerate(lines):
        pair = f"{line} {lines[index + 1]}" if index + 1 < len(lines) else line
        if any(p.match(line) or p.match(pair) for p in QUOTE_STARTS):
            cut = index
            break
        if QUOTED_FROM.match(line) and any(
            QUOTED_DATE.match(x) for x in lines[index + 1 : index + 5]
        ):
            cut = index
            break
    kept = lines[:cut]
    while kept and (kept[-1].lstrip().startswith(">") or not kept[-1].strip()):
        kept.pop()
    result = "\n".join(kept).strip()
    return result or text


def automatic_kind(message: Message, *, sender: str, envelope_from: str | None) -> str:
    """Why a machine sent this, by the headers Zammad and FreeScout read; "" for a person.
    Nothing automatic opens a ticket or is answered, so no mail loop can start."""
    local = sender.partition("@")[0]
    if message.get_content_type() == "multipart/report":
        report = str(message.get_param("report-type") or "").lower()
        return "bounce" if report == "delivery-status" else "auto_reply"
    if local in ("mailer-daemon", "postmaster"):
        return "bounce"
    auto_submitted = str(message.get("Auto-Submitted") or "").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto_reply"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Autogenerated"):
        if message.get(name) is not None:
            return "auto_reply"
    precedence = str(message.get("Precedence") or message.get("X-Precedence") or "").lower()
    precedence = precedence.strip()
    if precedence in ("list", "bulk", "junk"):
        return "list"
    if precedence == "auto_reply":
        return "auto_reply"
    if message.get("List-Id") is not None or message.get("List-Unsubscribe") is not None:
        return "list"
    return_paths = [str(v).strip() for v in (message.get_all("Return-Path") or [])]
    if "<>" in return_paths or envelope_from == "":
        return "auto_reply"
    return ""


STATUS = re.compile(r"^\s*Status:\s*([245]\.\d{1,3}\.\d{1,3})", re.IGNORECASE | re.MULTILINE)
FINAL_RECIPIENT = re.compile(
    r"^\s*(?:Final|Original)-Recipient:\s*rfc822;\s*<?([^\s<>]+@[^\s<>]+)>?",
    re.IGNORECASE | re.MULTILINE,
)
DIAGNOSTIC = re.compile(r"^\s*Diagnostic-Code:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
QUOTED_MESSAGE_ID = re.compile(r"^\s*Message-ID:\s*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)


def bounce_of(message: Message) -> Bounce:
    """The failed recipients, the status and the original Message-ID of a delivery report
    (RFC 3464), or of a plain bounce from a mailer daemon, read the same way."""
    report, original = "", ""
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type == "message/delivery-status":
            blocks = part.get_payload()
            if isinstance(blocks, list):
                report += "\n".join(str(block) for block in blocks)
            else:
                report += str(blocks)
        elif content_type in ("message/rfc822", "message/global"):
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                original = original or (_ids(inner[0].get("Message-ID")) or [""])[0]
        elif content_type == "text/rfc822-headers":
            payload = part.get_payload(decode=True)
            text = decode_bytes(payload, None) if isinstance(payload, bytes) else ""
            headers = message_from_string(text)
            original = original or (_ids(headers.get("Message-ID")) or [""])[0]
    text = report or _plain(message)
    if not original:
        found = QUOTED_MESSAGE_ID.search(_plain(message))
        original = found.group(1) if found else ""
    status = STATUS.search(text)
    diagnostic = DIAGNOSTIC.search(text)
    return Bounce(
        recipients=list(dict.fromkeys(a.lower() for a in FINAL_RECIPIENT.findall(text))),
        status=status.group(1) if status else "",
        diagnostic=one_line(diagnostic.group(1))[:300] if diagnostic else "",
        original_message_id=original,
    )


def _plain(message: Message) -> str:
    chunks = []
    for part in message.walk():
        if part.get_content_maintype() == "text":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                chunks.append(decode_bytes(payload, part.get_content_charset()))
    return "\n".join(chunks)
