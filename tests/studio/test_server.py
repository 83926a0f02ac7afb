"""The studio's web server: it listens on the loopback address unless told otherwise, knows
which Host names it, ends its event streams when it closes, shrugs off a dropped tab, and
closes slow and idle connections and caps its threads, so it keeps answering the page."""

from __future__ import annotations

import errno
import http.client
import select
import socket
import struct
import threading

import pytest

from cardgen.studio.server import Limits, Served, Studio
from support.studiokit import DECK, TIMEOUT, Events, Running, serving

# --- where it listens and whom it answers ----------------------------------------


def test_it_listens_on_the_loopback_address_only(running):
    assert running.studio.server.socket.getsockname()[0] == "127.0.0.1"
    assert running.studio.url == f"http://127.0.0.1:{running.port}/"
    # Another address of this machine (the rest of 127.0.0.0/8 is loopback too) finds nothing.
    with pytest.raises(OSError) as refused:
        socket.create_connection(("127.0.0.2", running.port), timeout=10).close()
    assert refused.value.errno == errno.ECONNREFUSED


def test_a_host_opened_deliberately_is_answered_too(tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(DECK, encoding="utf-8")
    studio = Studio(Served("deck", deck, "deck.yaml"), tmp_path, host="127.0.0.2", port=0)
    try:
        port = studio.port
        assert studio.host_allowed(f"127.0.0.2:{port}")
        assert studio.host_allowed(f"localhost:{port}")
        assert not studio.host_allowed(f"evil.example:{port}")
        assert not studio.host_allowed(f"127.0.0.3:{port}")
    finally:
        studio.close()
    wildcard = Studio(Served("deck", deck, "deck.yaml"), tmp_path, host="0.0.0.0", port=0)
    wildcard.server.server_close()  # only its rules are tested; nothing connects to it
    port = wildcard.port
    assert wildcard.host_allowed(f"192.0.2.7:{port}")  # an address cannot be rebound
    assert not wildcard.host_allowed(f"evil.example:{port}")


def test_events_stream_ends_when_the_studio_closes(tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(DECK, encoding="utf-8")
    studio = Studio(Served("deck", deck, "deck.yaml"), tmp_path, port=0)
    thread = studio.start()
    events = Events(studio.port, "deck")
    events.next()
    studio.close()
    thread.join(timeout=60)
    assert not thread.is_alive()


def test_a_dropped_connection_is_no_error(tmp_path, capfd):
    deck = tmp_path / "deck.yaml"
    deck.write_text(DECK, encoding="utf-8")
    studio = Studio(Served("deck", deck, "deck.yaml"), tmp_path, port=0)
    studio.start()
    try:
        # Ask, and leave without reading the answer: the close resets the connection.
        for _ in range(3):
            connection = socket.create_connection(("127.0.0.1", studio.port), timeout=60)
            linger_none = struct.pack("ii", 1, 0)  # close with a reset, as a dropped tab may
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger_none)
            request = f"GET /d/deck/ HTTP/1.1\r\nHost: 127.0.0.1:{studio.port}\r\n\r\n"
            connection.sendall(request.encode())
            connection.close()
        assert Running(studio, deck, tmp_path).request("GET", "/static/studio.js").status == 200
    finally:
        studio.close()
    assert "Traceback" not in capfd.readouterr().err


# --- slow, idle and too many connections ------------------------------------------


def slow_connection(port: int, send: bytes) -> socket.socket:
    """A connection that sends `send` and nothing more, as a slow or idle client does."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    connection.sendall(send)
    return connection


def closed_by_the_server(connection: socket.socket) -> bool:
    """Whether the server ends the connection (within TIMEOUT: a test's limit is far shorter)."""
    try:
        return connection.recv(1024) == b""
    except ConnectionResetError:
        return True
    finally:
        connection.close()


class PeakThreads:
    """The most request threads the studio ran at once while this watched (those of earlier
    tests' studios, still closing their connections, are not counted)."""

    def __init__(self):
        self.peak = 0
        self._before = set(threading.enumerate())
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.002):
            now = sum(thread.name == "studio request" and thread not in self._before
                      for thread in threading.enumerate())
            self.peak = max(self.peak, now)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def test_slow_and_idle_connections_are_closed_and_others_still_answered(tmp_path):
    limits = Limits(timeout=0.5, threads=4, streams=2)  # short, for the test: 5 s by default
    with serving(tmp_path, limits=limits) as running:
        watching = PeakThreads()
        headers = f"GET /static/studio.js HTTP/1.1\r\nHost: {running.host}\r\n".encode()
        slow = [slow_connection(running.port, headers) for _ in range(10)]  # never a blank line
        slow += [slow_connection(running.port, b"") for _ in range(5)]  # idle from the start
        answer = running.request("GET", "/static/studio.js")
        assert answer.status == 200 and b"EventSource" in answer.body
        assert all(closed_by_the_server(connection) for connection in slow)
        # No more threads than the limit. (A request's thread may come and go between two
        # looks of the watcher on a busy machine, so how few is not asserted.)
        assert watching.stop() <= limits.threads
        assert running.request("GET", "/static/studio.js").status == 200


def test_a_crowd_of_half_sent_requests_holds_no_thread_and_a_page_is_answered_at_once(tmp_path):
    # More connections than threads, none finishing its request line, and a timeout far
    # longer than the client below waits: a request that waited for a thread to come free
    # would time out; one passed on as soon as it has arrived is answered.
    with serving(tmp_path, limits=Limits(timeout=120, threads=2, streams=1)) as running:
        watching = PeakThreads()
        crowd = [slow_connection(running.port, b"GET /") for _ in range(20)]
        try:
            answer = running.request("GET", "/static/studio.js")
            assert answer.status == 200 and b"EventSource" in answer.body
            assert watching.stop() <= 2
        finally:
            for connection in crowd:
                connection.close()


def test_a_request_trickled_in_is_cut_off_after_the_timeout(tmp_path):
    with serving(tmp_path, limits=Limits(timeout=0.5)) as running:
        connection = slow_connection(running.port, b"GET / HTTP/1.1\r\n")
        trickle = f"Host: {running.host}\r\n" + "X-Slow: " + "x" * 1000
        try:
            for byte in trickle.encode():  # a byte at a time, each well within the timeout
                connection.sendall(bytes([byte]))
                if select.select([connection], [], [], 0.05)[0]:
                    break
            else:
                raise AssertionError("the server took the whole trickled request")
            assert connection.recv(1024) == b""
        except ConnectionResetError:
            pass  # closed while a byte was on its way: cut off too
        finally:
            connection.close()
        assert running.request("GET", "/static/studio.js").status == 200


def test_open_pages_are_capped_so_others_are_still_answered(tmp_path):
    with serving(tmp_path, limits=Limits(streams=2)) as running:
        pages = [running.events(), running.events()]
        third = http.client.HTTPConnection("127.0.0.1", running.port, timeout=TIMEOUT)
        try:
            third.request("GET", "/d/deck/events")
            answer = third.getresponse()  # its headers only: a stream's body never ends
            assert answer.status == 503
            assert answer.read().decode() == (
                "cardgen serve has 2 pages open already: close one, then reload this page\n"
            )
            assert running.request("GET", "/d/deck/").status == 200
        finally:
            third.close()
            for page in pages:
                page.close()
