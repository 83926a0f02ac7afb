"""The studio's web server: one deck (or the decks in decks/) for a browser on this machine.

The standard library's ThreadingHTTPServer is all it needs: one person's browser,
a handful of requests a second, and a few long-lived event streams, each of which
holds a thread. An ASGI stack would add dependencies without earning them.

It is a local tool that can write a file, so it trusts nothing about a request:

- it listens on 127.0.0.1 unless told otherwise (`--host`, with a warning);
- it answers only requests whose Host header is this address or `localhost` with
  its port, so a web page cannot reach it by pointing a domain name at 127.0.0.1
  (DNS rebinding), and none that carry another site's Origin;
- Save needs the token the page was served with and the page's own Origin, so
  another site cannot save through the user's browser;
- paths are matched against a fixed list of routes and names looked up in
  tables; nothing from a request is joined onto a file path, and anything else,
  `/../../etc/passwd` and its encoded forms included, is 404;
- the only files it writes are the served deck and its `.bak`;
- it keeps answering when connections are slow, idle or many (`Limits`): a request must
  arrive within 5 seconds, an idle connection is closed after as long, at most 64
  connections are answered at once (the next wait their turn) and at most 16 of them may
  be open pages' event streams (the next is answered 503).

What each address answers, and the checks that read a request, are in routes.py.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import socket
import sys
import threading
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

from cardgen.errors import CardgenError
from cardgen.studio.live import Live
from cardgen.studio.routes import Handler
from cardgen.tools.project import decks_in

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8747
_WAIT = 0.2  # seconds between looks, while every thread is busy, at whether the studio closed


@dataclass(frozen=True)
class Limits:
    """What keeps slow, idle or too many connections from taking the studio away from the
    page: a browser needs a handful of connections and sends each request at once."""

    timeout: float = 5.0  # seconds a request may take to arrive, or a connection may idle
    threads: int = 64  # connections answered at once; the next wait their turn
    streams: int = 16  # open pages (event streams) at once, fewer than threads


@dataclass(frozen=True)
class Served:
    """A deck the studio shows: its name in addresses, its file, and its name in messages."""

    name: str
    path: Path
    shown: str


class Studio:
    """A running studio server. `serve_forever()` answers requests until `close()`."""

    def __init__(self, deck: Served | None, here: Path, host: str = LOOPBACK, port: int = 0,
                 limits: Limits = Limits()):
        """Serve `deck`, or with None every decks/*.yaml under `here` (the folder with
        cardgen.yaml and fonts/). Raises CardgenError if the address cannot be used."""
        self.deck = deck
        self.limits = limits
        self.here = here
        self.host = host
        self.token = secrets.token_urlsafe(32)
        self._lives: dict[Path, Live] = {}
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._serving = threading.Event()
        server_class = _Server6 if ":" in host else Server
        try:
            self.server = server_class((host, port), limits)
        except OSError as error:
            raise CardgenError(
                f"cannot listen on {host}:{port}: {error.strerror or error}; "
                "choose another port with --port"
            ) from None
        self.server.studio = self
        self.port = self.server.server_address[1]

    @property
    def url(self) -> str:
        shown = self.host if self.host not in ("0.0.0.0", "::", "") else LOOPBACK
        shown = f"[{shown}]" if ":" in shown else shown
        return f"http://{shown}:{self.port}/"

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def decks(self) -> dict[str, Served]:
        """The decks served, by name; without a DECK, decks/ is listed again each time."""
        if self.deck is not None:
            return {self.deck.name: self.deck}
        folder = self.here / "decks"
        found = decks_in(folder) if folder.is_dir() else []
        return {path.stem: Served(path.stem, path, f"decks/{path.name}") for path in found}

    def live(self, deck: Served) -> Live:
        """The deck kept live, started on first use."""
        with self._lock:
            live = self._lives.get(deck.path)
            if live is None:
                live = self._lives[deck.path] = Live(deck.path, deck.shown, self.here)
            return live

    def host_allowed(self, header: str | None) -> bool:
        """Whether a Host header names this server: 127.0.0.1 or localhost with its port,
        or, opened with --host, that host. A wildcard host (0.0.0.0) also accepts any IP
        address: DNS rebinding needs a domain name, so an address is safe."""
        match = re.fullmatch(r"(\[[0-9a-f:.]+\]|[a-z0-9.-]+):(\d+)", (header or "").strip().lower())
        if not match or int(match[2]) != self.port:
            return False
        name = match[1].strip("[]")
        if name in (LOOPBACK, "localhost") or name == self.host.lower():
            return True
        if self.host in ("0.0.0.0", "::", ""):
            try:
                ipaddress.ip_address(name)
            except ValueError:
                return False
            return True
        return False

    def serve_forever(self) -> None:
        self._serving.set()
        self.server.serve_forever(poll_interval=0.2)

    def start(self) -> threading.Thread:
        """Serve on a background thread (for tests and embedding); `close()` stops it."""
        thread = threading.Thread(target=self.serve_forever, name="studio server", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        """Stop watching, end the event streams, and stop listening."""
        self._closed.set()
        with self._lock:
            lives = list(self._lives.values())
        for live in lives:
            live.stop()
        if self._serving.is_set():
            self.server.shutdown()  # waits for serve_forever to return: only if it ran
        self.server.server_close()


class Server(ThreadingHTTPServer):
    """The listening socket under a Studio: a thread for each connection (routes.Handler), at
    most `limits.threads` at once. The next connections wait their turn unaccepted, in the
    listen backlog, so slow clients cannot make it start threads without end; and since
    each connection is closed after `limits.timeout` quiet or slow seconds, a turn comes."""

    daemon_threads = True  # an open event stream must not keep Ctrl-C from stopping the server
    request_queue_size = 128  # connections waiting their turn (the default, 5, fills at once)
    studio: Studio

    def __init__(self, address: tuple[str, int], limits: Limits):
        super().__init__(address, Handler)
        self.limits = limits
        self.threads = threading.BoundedSemaphore(limits.threads)
        self.streams = threading.BoundedSemaphore(limits.streams)  # taken in routes.Handler

    def process_request(self, request, client_address) -> None:
        """Answer the connection on a thread of its own once fewer than `limits.threads` run;
        until then the listening loop waits here (and so accepts no more)."""
        while not self.threads.acquire(timeout=_WAIT):
            if self.studio.closed:
                self.shutdown_request(request)
                return
        thread = threading.Thread(target=self._answer, args=(request, client_address),
                                  name="studio request", daemon=True)
        try:
            thread.start()
        except BaseException:
            self.threads.release()
            raise

    def _answer(self, request, client_address) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            self.threads.release()

    def handle_error(self, request, client_address) -> None:
        # A browser that drops a connection (a closed tab, a cancelled picture) is no
        # error; anything else is a bug and keeps its traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Server6(Server):
    address_family = socket.AF_INET6

