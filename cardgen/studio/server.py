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
- the only files it writes are the served deck and its `.bak` (and a published sheet's
  copy, in a folder of its own); a deck kept in a spreadsheet is never written;
- it keeps answering when connections are slow, idle or many (`Limits`): a request must
  arrive within 5 seconds, an idle connection is closed after as long, at most 64
  connections are answered at once (the next wait their turn) and at most 16 of them may
  be open pages' event streams (the next is answered 503).

What each address answers, and the checks that read a request, are in routes.py.
"""

from __future__ import annotations

import ipaddress
import queue
import re
import secrets
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

from cardgen.deck.sheets import is_sheet
from cardgen.errors import CardgenError
from cardgen.studio.live import Live
from cardgen.studio.routes import Handler
from cardgen.tools.project import deck_files

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8747
_WAIT = 0.2  # seconds between looks, while every thread is busy, at whether the studio closed
_LOOK = 0.02  # seconds between looks at the connections whose request is still arriving
_HEAD = 65536  # bytes of a request looked at: more than any request line and headers it takes


@dataclass(frozen=True)
class Limits:
    """What keeps slow, idle or too many connections from taking the studio away from the
    page: a browser needs a handful of connections and sends each request at once."""

    timeout: float = 5.0  # seconds a request may take to arrive, or a connection may idle
    threads: int = 64  # connections answered at once; the next wait their turn
    streams: int = 16  # open pages (event streams) at once, fewer than threads


@dataclass(frozen=True)
class Served:
    """A deck the studio shows: its name in addresses, its file, and its name in messages.
    A published sheet's `url` is where it is read from, on demand, into `path`."""

    name: str
    path: Path
    shown: str
    url: str | None = None

    @property
    def kept(self) -> str:
        """Where the deck is written: "text" (a YAML file, edited in the page), "sheet" (a
        spreadsheet file) or "published" (a sheet at `url`); the last two are shown, not
        edited."""
        if self.url is not None:
            return "published"
        return "sheet" if is_sheet(self.path) else "text"


class Studio:
    """A running studio server. `serve_forever()` answers requests until `close()`."""

    def __init__(self, deck: Served | None, here: Path, host: str = LOOPBACK, port: int = 0,
                 limits: Limits = Limits()):
        """Serve `deck`, or with None every deck in decks/ under `here` (the folder with
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
        if not (self.here / "decks").is_dir():
            return {}
        try:
            found = deck_files((), self.here)  # its YAML decks and spreadsheets
        except CardgenError:
            return {}
        served: dict[str, Served] = {}
        # A YAML deck keeps its name when a spreadsheet of its name comes (circle.xlsx beside
        # circle.yaml is named circle.xlsx), and the list stays in the files' order.
        for path, shown in sorted(found, key=lambda deck: is_sheet(deck[0])):
            name = path.stem if path.stem not in served else path.name
            served[name] = Served(name, path, shown)
        return dict(sorted(served.items(), key=lambda item: item[1].path))

    def followed(self, deck: Served) -> bool:
        """Whether the deck is kept live already (a page opened it before)."""
        with self._lock:
            return deck.path in self._lives

    def live(self, deck: Served) -> Live:
        """The deck kept live, started on first use."""
        with self._lock:
            live = self._lives.get(deck.path)
            if live is None:
                live = self._lives[deck.path] = Live(deck.path, deck.shown, self.here, deck.url)
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
        self._arriving: dict[socket.socket, tuple[object, float]] = {}
        self._ready: queue.SimpleQueue[tuple[socket.socket, object]] = queue.SimpleQueue()
        self._gate_lock = threading.Lock()

        self._passing = False  # the gate and dispatch threads are running

    def service_actions(self) -> None:
        """Start the threads that pass on connections whose request has arrived, from inside
        serve_forever's loop: a Ctrl+C while they start then still ends it as shutdown()
        expects (before it runs, shutdown() would wait for it for ever)."""
        if not self._passing:
            self._passing = True
            for target, name in ((self._gate, "studio gate"),
                                 (self._dispatch, "studio dispatch")):
                threading.Thread(target=target, name=name, daemon=True).start()

    def process_request(self, request, client_address) -> None:
        """Hold the connection, without a thread, until its request has arrived: a crowd of
        slow or silent connections then costs no thread, and the next page's request is
        answered at once. One that has not sent its request in `limits.timeout` is closed."""
        with self._gate_lock:
            self._arriving[request] = (client_address, time.monotonic() + self.limits.timeout)

    def _gate(self) -> None:
        """Look at the waiting connections now and then: pass on each whose request line and
        headers are in (or that hung up, for the handler to see), close each that is late."""
        while not self.studio.closed:
            time.sleep(_LOOK)
            with self._gate_lock:
                waiting = list(self._arriving.items())
            now = time.monotonic()
            for request, (address, deadline) in waiting:
                arrived = _request_arrived(request)
                if arrived or now > deadline:
                    with self._gate_lock:
                        del self._arriving[request]
                    if arrived:
                        self._ready.put((request, address))
                    else:
                        self.shutdown_request(request)
        with self._gate_lock:
            for request in self._arriving:
                self.shutdown_request(request)
            self._arriving.clear()

    def _dispatch(self) -> None:
        """Answer each connection whose request has arrived on a thread of its own, once fewer
        than `limits.threads` run."""
        while not self.studio.closed:
            try:
                request, address = self._ready.get(timeout=_WAIT)
            except queue.Empty:
                continue
            while not self.threads.acquire(timeout=_WAIT):
                if self.studio.closed:
                    break
            else:
                self._start(request, address)
                continue
            self.shutdown_request(request)

    def _start(self, request, client_address) -> None:
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


def _request_arrived(request: socket.socket) -> bool:
    """Whether the request line and headers are in (a blank line ends them), the client hung
    up, or it sent more than a request's head may be (the handler refuses that): in each
    case a thread may take the connection without waiting on the client."""
    try:
        head = request.recv(_HEAD, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return True  # reset: the handler reads nothing and lets it go
    return not head or b"\r\n\r\n" in head or b"\n\n" in head or len(head) >= _HEAD
