"""Building from a sheet published as CSV (cardgen/deck/published.py): served here from
127.0.0.1, where plain http is allowed; anywhere else only https is."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cardgen.deck.model import deck_from_nodes, load_deck
from cardgen.deck.published import fetch_sheet
from cardgen.deck.spreadsheet import read_deck_nodes
from cardgen.errors import CardgenError

from .test_sheets import CIRCLE, ROWS, excel_csv, fronts

SHEET = excel_csv(ROWS)


class _Sheets(BaseHTTPRequestHandler):
    """/pub: the sheet, named as Google names a published sheet; /page: a sign-in page;
    /big: more than a deck may be; anything else: 404."""

    def do_GET(self) -> None:
        if self.path.startswith("/pub"):
            self._send(SHEET, "text/csv", 'attachment; filename="Circle - Cards.csv"')
        elif self.path == "/page":
            self._send(b"<!DOCTYPE html><html>Sign in</html>", "text/html; charset=utf-8")
        elif self.path == "/big":
            self._send(b"text\n" + b"x" * 3 * 1024 * 1024, "text/csv")
        else:
            self.send_error(404, "Not Found")

    def _send(self, data: bytes, kind: str, disposition: str | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if disposition:
            self.send_header("Content-Disposition", disposition)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """The address of a server of published sheets on 127.0.0.1."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Sheets)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_published_sheet_is_fetched_with_its_name(server):
    data, name = fetch_sheet(f"{server}/pub?gid=0&single=true&output=csv")
    assert (data, name) == (SHEET, "circle-cards")
    nodes = read_deck_nodes(f"{name}.csv", server, "US", data=data)
    deck = deck_from_nodes(nodes.root, nodes.problems, f"{name}.csv", server, "US")
    assert fronts(deck) == fronts(load_deck(CIRCLE))


def test_cardgen_build_builds_a_published_sheet_named_after_it(server, tmp_path, cli_run):
    (tmp_path / "cardgen.yaml").write_text("region: US\n")
    done = cli_run("build", f"{server}/pub?output=csv", "--format", "cards", "--verify",
                   cwd=tmp_path)
    assert done.exit_code == 0, done.output
    assert (tmp_path / "output" / "circle-cards-cards.pdf").is_file()
    assert "verified 7 cards in output/circle-cards-cards.pdf" in done.output


@pytest.mark.parametrize("path, message", [
    ("/gone", "the address answered 404 Not Found\n  hint: check the address; in Google "
              "Sheets: File → Share → Publish to web"),
    ("/page", "this is a web page, not a sheet published as CSV\n  hint: in Google Sheets"),
    ("/big", "the sheet is over 2 MB; decks are limited to that"),
])
def test_what_is_not_a_published_sheet_is_said(server, path, message):
    with pytest.raises(CardgenError) as raised:
        fetch_sheet(server + path)
    assert str(raised.value).startswith(f"{server}{path}: {message}")


def test_only_https_is_fetched_from_another_machine():
    with pytest.raises(CardgenError) as raised:
        fetch_sheet("http://example.org/sheet.csv")
    assert str(raised.value) == ("http://example.org/sheet.csv: cardgen fetches a sheet only "
                                 "over https\n  hint: use the address that starts with https://")


def test_an_address_that_cannot_be_reached_says_so(server):
    import socket

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    with pytest.raises(CardgenError) as raised:
        fetch_sheet(f"http://127.0.0.1:{port}/pub")
    assert "cannot reach 127.0.0.1 (" in str(raised.value)
    assert "are you online?" in str(raised.value)
