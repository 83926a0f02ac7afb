"""The studio's answers to a browser: which address is which page, file or action, and its reply.

Each request is checked here as server.py's docstring promises: its Host and Origin
name this server, Save carries the page's token and Origin, and a path's parts are
looked up in tables, never joined onto a file path.
"""

from __future__ import annotations

import hmac
import io
import json
import re
import socket
import time
from dataclasses import asdict, replace
from http.server import BaseHTTPRequestHandler
from importlib.resources import files
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from cardgen.errors import CardgenError
from cardgen.products.build import make
from cardgen.products.options import load_config
from cardgen.studio.pages import OFFERED, STATIC, deck_page, deck_path, index_page
from cardgen.studio.pictures import DRAWING
from cardgen.studio.saving import Conflict, backup_shown
from cardgen.tools.project import user_fonts

if TYPE_CHECKING:
    from cardgen.studio.server import Served, Server

MAX_SAVE = 8 * 1024 * 1024  # a request body: twice the largest deck cardgen reads, as JSON
KEEPALIVE = 15.0  # seconds between comments on a quiet event stream (finds closed pages)
_PICTURE = re.compile(r"^[0-9a-f]{32}\.png$")
_SURROGATE = re.compile("[\ud800-\udfff]")
_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class Handler(BaseHTTPRequestHandler):
    """One request from the browser, answered by what its address names."""

    protocol_version = "HTTP/1.1"
    server_version = "cardgen"
    sys_version = ""
    server: Server

    def log_message(self, format: str, *args) -> None:
        pass  # the terminal shows where the studio is, not every picture fetched

    # --- the connection ------------------------------------------------------

    def setup(self) -> None:
        """Give up on a connection that stalls for `limits.timeout` seconds (the socket's own
        timeout, reading or writing) or whose request takes longer than that to arrive."""
        super().setup()
        limit = self.server.limits.timeout
        self.connection.settimeout(limit)
        self.rfile.close()  # the socket's own reader: replaced by one that keeps a deadline
        self._arriving = _Deadline(self.connection, limit)
        self.rfile = io.BufferedReader(self._arriving)

    def handle_one_request(self) -> None:
        # The next request, or the wait for it on a kept-alive connection, has the timeout
        # in all; the standard library closes the connection when it passes.
        self._arriving.start()
        super().handle_one_request()

    # --- routing ------------------------------------------------------------

    def do_GET(self) -> None:
        studio = self.server.studio
        if not self._addressed_to_us():
            return self._refuse_host()
        parts = _parts(self.path)
        if parts == [""]:
            return self._index()
        if len(parts) == 2 and parts[0] == "static" and parts[1] in STATIC:
            return self._static(parts[1])
        if len(parts) >= 3 and parts[0] == "d":
            deck = studio.decks().get(parts[1])
            if deck is not None:
                return self._deck(deck, parts[2:])
        self._not_found()

    def do_POST(self) -> None:
        studio = self.server.studio
        if not self._addressed_to_us():
            return self._refuse_host()
        parts = _parts(self.path)
        if len(parts) == 3 and parts[0] == "d" and parts[2] in ("save", "read"):
            deck = studio.decks().get(parts[1])
            if deck is not None:
                return self._save(deck) if parts[2] == "save" else self._read(deck)
        self._drain()
        self._not_found()

    def _addressed_to_us(self) -> bool:
        """The Host header names this server, and an Origin, if the browser sent one (it
        does for another site's script), is this server's own. A request with two Host or two
        Origin headers is no browser's (RFC 9112 forbids two Hosts): it is refused, whichever
        of the two names this server."""
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1 or len(self.headers.get_all("Origin") or []) > 1:
            return False
        host = hosts[0]
        if not self.server.studio.host_allowed(host):
            return False
        origin = self.headers.get("Origin")
        return origin is None or origin == f"http://{host.strip()}"

    def _deck(self, deck: Served, rest: list[str]) -> None:
        if rest == [""]:
            return self._page(deck)
        if rest == ["events"]:
            return self._events(deck)
        if len(rest) == 2 and rest[0] == "picture" and _PICTURE.match(rest[1]):
            return self._picture(deck, rest[1][:-4])
        if len(rest) == 2 and rest[0] == "download" and rest[1] in OFFERED:
            return self._download(deck, rest[1])
        self._not_found()

    # --- pages and files ----------------------------------------------------

    def _index(self) -> None:
        studio = self.server.studio
        if studio.deck is not None:
            return self._send(303, b"", "text/plain", {"Location": deck_path(studio.deck)})
        self._html(index_page(studio))

    def _page(self, deck: Served) -> None:
        studio = self.server.studio
        known = studio.followed(deck)
        live = studio.live(deck)  # start looking at it while the page loads
        if deck.url is not None and known:
            live.read_again()  # a published sheet is read again for each page opened
        self._html(deck_page(studio, deck))

    def _static(self, name: str) -> None:
        body = files("cardgen.studio").joinpath("page", name).read_bytes()
        self._send(200, body, STATIC[name], {"Cache-Control": "no-cache"})

    def _picture(self, deck: Served, name: str) -> None:
        data = self.server.studio.live(deck).workshop.pictures.get(name)
        if data is None:
            return self._not_found()
        # A picture's name is its content: it never changes, so the browser may keep it.
        self._send(
            200, data, "image/png", {"Cache-Control": "private, max-age=31536000, immutable"}
        )

    def _download(self, deck: Served, format_: str) -> None:
        here = self.server.studio.here
        try:
            options = replace(load_config(here).options, formats=(format_,))
            with DRAWING:
                product = make(deck.path, options, deck.shown, user_fonts(here))[format_]
        except CardgenError as error:
            return self._send(409, f"{error}\n".encode(), "text/plain; charset=utf-8")
        assert isinstance(product.data, bytes)
        self._send(
            200,
            product.data,
            OFFERED[format_][1],
            {
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(product.name)}",
                "Cache-Control": "no-store",
                # Made from the deck's words: never run as a page of the studio's own.
                "Content-Security-Policy": "sandbox",
            },
        )

    # --- the live view ------------------------------------------------------

    def _events(self, deck: Served) -> None:
        """Follow the deck for a page, if fewer than `limits.streams` pages do: each holds a
        thread for as long as it is open, and the other requests need some too."""
        if not self.server.streams.acquire(blocking=False):
            message = (f"cardgen serve has {self.server.limits.streams} pages open already: "
                       "close one, then reload this page\n")
            return self._send(503, message.encode(), "text/plain; charset=utf-8")
        try:
            self._stream(deck)
        finally:
            self.server.streams.release()

    def _stream(self, deck: Served) -> None:
        """Server-sent events: every new view of the deck, as JSON, until the page goes."""
        studio = self.server.studio
        live = studio.live(deck)
        self.close_connection = True
        self.send_response(200)
        self._common_headers()
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        last = 0
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while not studio.closed:
                view = live.wait(last, KEEPALIVE)
                if view is None:
                    self.wfile.write(b": still here\n\n")
                else:
                    data = json.dumps(asdict(view), ensure_ascii=False, separators=(",", ":"))
                    self.wfile.write(f"id: {view.version}\nevent: view\ndata: {data}\n\n".encode())
                    last = view.version
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass  # the page closed

    def _from_page(self, action: str) -> bool:
        """Whether the request came from this studio's page: its Origin, and the token the
        page was served with. If not, it is refused (said as `action` is refused)."""
        origin = self.headers.get("Origin")
        token = self.headers.get("X-Cardgen-Token") or ""
        if origin != f"http://{self.headers.get('Host', '').strip()}":
            self._drain()
            self._json(403, {"error": f"{action} is refused: it did not come from this page"})
            return False
        if not hmac.compare_digest(token.encode(), self.server.studio.token.encode()):
            self._drain()
            self._json(403, {"error": f"{action} is refused: this page belongs to an earlier "
                                      "`cardgen serve`; reload it (your edits are kept)"})
            return False
        return True

    def _read(self, deck: Served) -> None:
        """Look at the deck again (a published sheet: read it again); the new view follows
        on the page's event stream."""
        if not self._from_page("Reading the deck again"):
            return
        self._drain()
        self.server.studio.live(deck).read_again()
        self._json(202, {"reading": True})

    def _save(self, deck: Served) -> None:
        studio = self.server.studio
        if deck.kept != "text":  # nothing is written over a spreadsheet, nor in its place
            self._drain()
            return self._json(403, {"error": f"Save is refused: {deck.shown} is kept in a "
                                             "spreadsheet; edit it in your spreadsheet program"})
        if not self._from_page("Save"):
            return
        if (self.headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
            self._drain()
            return self._json(415, {"error": "Save sends JSON"})
        try:
            length = int(self.headers.get("Content-Length") or "")
        except ValueError:
            return self._json(411, {"error": "Save needs a Content-Length"})
        if length < 0 or length > MAX_SAVE:
            self.close_connection = True
            return self._json(413, {"error": "the deck is too large to save from the page"})
        try:
            request = json.loads(self.rfile.read(length).decode("utf-8"))
            text, base = request["text"], request["base"]
            if not isinstance(text, str) or not isinstance(base, str):
                raise TypeError
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
            # RecursionError: JSON nested deeper than the parser goes ([[[[...), never the page's
            return self._json(
                400, {"error": "Save needs the text and the version it was edited from"}
            )
        broken = _broken_character(text)
        if broken:
            return self._json(400, {"error": broken})
        try:
            saved = studio.live(deck).save(text, base)
        except Conflict as conflict:
            return self._json(
                409,
                {
                    "conflict": True,
                    "text": conflict.text,
                    "digest": conflict.digest,
                    "diff": conflict.diff,
                    "pieces": None
                    if conflict.pieces is None
                    else [asdict(piece) for piece in conflict.pieces],
                },
            )
        except CardgenError as error:
            return self._json(500, {"error": str(error)})
        self._json(200, {"digest": saved, "backup": backup_shown(deck.path)})

    # --- answers ------------------------------------------------------------

    def _refuse_host(self) -> None:
        self._drain()
        self.close_connection = True
        self._send(
            403,
            b"cardgen serve answers only its own pages at its own address\n",
            "text/plain; charset=utf-8",
        )

    def _not_found(self) -> None:
        self._send(404, b"not found\n", "text/plain; charset=utf-8")

    def _html(self, page: str) -> None:
        self._send(
            200,
            page.encode("utf-8"),
            "text/html; charset=utf-8",
            {"Content-Security-Policy": _POLICY, "Cache-Control": "no-store"},
        )

    def _json(self, status: int, value: dict) -> None:
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8", {"Cache-Control": "no-store"})

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self._common_headers()
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _common_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")

    def _drain(self) -> None:
        """Read a refused request's body (up to the save limit) so the answer reaches the
        browser instead of a reset connection."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if 0 < length <= MAX_SAVE:
            self.rfile.read(length)
        elif length:
            self.close_connection = True


class _Deadline(io.RawIOBase):
    """A connection's incoming bytes, refused once a request has taken `limit` seconds to
    arrive in all. The socket's own timeout starts again with every byte: on its own, it
    lets a client that trickles a byte at a time hold a thread for ever."""

    def __init__(self, connection: socket.socket, limit: float):
        self._connection = connection
        self._limit = limit
        self._ends = time.monotonic() + limit

    def start(self) -> None:
        """Start the clock for the next request."""
        self._ends = time.monotonic() + self._limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self._ends - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request took too long to arrive")
        self._connection.settimeout(left)
        try:
            return self._connection.recv_into(buffer)
        finally:
            self._connection.settimeout(self._limit)  # an answer being written has all of it


def _parts(raw: str) -> list[str]:
    """The request path's segments, each percent-decoded to be looked up in a table, never
    to name a file. A path that is not absolute or not UTF-8 has none (and matches nothing)."""
    path = raw.split("?", 1)[0]
    if not path.startswith("/"):
        return []
    try:
        return [unquote(part, errors="strict") for part in path[1:].split("/")]
    except UnicodeDecodeError:
        return []


def _broken_character(text: str) -> str | None:
    """What to say of a lone UTF-16 surrogate in `text` (JSON can carry one, "\\ud800", but
    no UTF-8 file can hold it), or None if there is none."""
    match = _SURROGATE.search(text)
    if match is None:
        return None
    line_start = text.rfind("\n", 0, match.start()) + 1
    line, column = text.count("\n", 0, line_start) + 1, match.start() - line_start + 1
    return (
        f"Save is refused: line {line}, column {column} of the text holds a broken character "
        f"(a lone UTF-16 surrogate, U+{ord(match[0]):04X}); delete it and save again"
    )
