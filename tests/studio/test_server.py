"""The studio's web server: it listens on the loopback address unless told otherwise, knows
which Host names it, ends its event streams when it closes, and shrugs off a dropped tab."""

from __future__ import annotations

import errno
import socket
import struct

import pytest

from cardgen.studio.server import Served, Studio
from support.studiokit import DECK, Events, Running

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
