"""A sheet published to the web as CSV (Google Sheets: File → Share → Publish to web →
CSV), fetched to build from: over https, within a time and a size, named after the
sheet's title (or the address's last part), with a clear message when it cannot be had.

Nothing else is fetched: only the address the user gave, only when they gave it.
"""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from email.message import Message
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from cardgen.errors import CardgenError
from cardgen.source import MAX_BYTES

TIMEOUT = 20.0  # seconds to connect, and between parts of the answer
_LOCAL = ("127.0.0.1", "localhost", "::1")  # where plain http is allowed: this machine
PUBLISH = ("in Google Sheets: File → Share → Publish to web, choose the sheet and "
           "\"Comma-separated values (.csv)\", Publish, and copy the address it shows")


def is_url(text: str) -> bool:
    return bool(re.match(r"(?i)https?://", text))


def fetch_sheet(url: str, timeout: float = TIMEOUT,
                limit: int = MAX_BYTES) -> tuple[bytes, str]:
    """The published sheet's bytes and a name for its deck (its outputs' names); raise
    CardgenError saying what went wrong: not https, offline, no answer in time, an
    answer that is not a published CSV, too large."""
    check_address(url)
    parts = urlsplit(url)
    host = parts.hostname or ""
    request = urllib.request.Request(url, headers={"User-Agent": "cardgen"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            data = answer.read(limit + 1)
            headers = answer.headers
    except urllib.error.HTTPError as error:
        raise CardgenError(f"{url}: the address answered {error.code} {error.reason}\n  hint: "
                           f"check the address; {PUBLISH}") from None
    except TimeoutError:
        raise CardgenError(f"{url}: no answer within {timeout:g} seconds\n  hint: try again, "
                           "or download the sheet as CSV and build the file") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise CardgenError(f"{url}: no answer within {timeout:g} seconds\n  hint: try "
                               "again, or download the sheet as CSV and build the file") from None
        raise CardgenError(f"{url}: cannot reach {host} ({_reason(reason)})\n  hint: are you "
                           "online? Without a connection, download the sheet as CSV (File → "
                           "Download → CSV) and build the file") from None
    if len(data) > limit:
        raise CardgenError(f"{url}: the sheet is over {limit // 1024 // 1024} MB; decks are "
                           "limited to that\n  hint: split it into several sheets")
    if "html" in headers.get_content_type() or data.lstrip()[:1] == b"<":
        raise CardgenError(f"{url}: this is a web page, not a sheet published as CSV\n  hint: "
                           f"{PUBLISH}")
    return data, _name(headers, parts.path)


def check_address(url: str) -> None:
    """Raise CardgenError unless `url` is one cardgen fetches: https, or plain http from this
    machine (for tests and a sheet served here)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "https" and (parts.hostname or "") not in _LOCAL:
        raise CardgenError(f"{url}: cardgen fetches a sheet only over https\n  hint: use the "
                           "address that starts with https://")


def _name(headers: Message, path: str) -> str:
    """The deck's name: the file name the answer gives ("Circle - Cards.csv", as Google
    names it after the sheet's title), else the address's last part, as a file name."""
    given = headers.get_filename() or unquote(PurePosixPath(path).name)
    stem = re.sub(r"\.csv$", "", given, flags=re.IGNORECASE)
    name = re.sub(r"[^\w]+", "-", stem.lower()).strip("-")
    return name or "sheet"


def _reason(error: object) -> str:
    return getattr(error, "strerror", None) or str(error)
