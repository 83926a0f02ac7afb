"""Helpers for testing `cardgen serve`: a small deck, a studio on a free loopback port,
requests and event streams read with the standard library's http.client, and the studio's
page driven in the `browser` fixture's Chromium.

Nothing here waits a fixed time: `Events.until` reads views until one satisfies
the test, and gives up only after a generous timeout.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cardgen.studio.server import Limits, Served, Studio

TIMEOUT = 60.0  # seconds: generous, for a busy two-core CI machine; never a speed check

DECK = """\
title: Studio test deck
language: en
intro: |
  Sit in a circle and take turns.
prompts:
  - text: What helps you on a hard day?
    topic: Opening
  - What do you wish we talked about more?
  - text: Who do you call when things go wrong?
reframes:
  - instead: "Why can't you just stop?"
    try: "I'm glad you're here. Can we talk?"
quotes:
  - text: "You are where you are for very complex and personal reasons."
    by: Andrew Tatarsky
"""

WORDS = [
    "What helps you on a hard day?",
    "What do you wish we talked about more?",
    "Who do you call when things go wrong?",
    "Can we talk?",
    "You are where you are for very complex and personal reasons.",
]


@dataclass
class Running:
    """A studio serving one deck, for a test."""

    studio: Studio
    deck: Path
    here: Path

    @property
    def port(self) -> int:
        return self.studio.port

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return f"http://{self.host}"

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        host: str | None = "",
    ) -> http.client.HTTPResponse:
        """Send one request (Host is this studio's unless given; None sends none)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host or self.host)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        return response

    def save(
        self,
        text: str,
        base: str,
        token: str | None = None,
        origin: str | None = "",
        content_type: str = "application/json",
    ) -> http.client.HTTPResponse:
        headers = {"Content-Type": content_type}
        if token is None:
            token = self.studio.token
        if token:
            headers["X-Cardgen-Token"] = token
        if origin is not None:
            headers["Origin"] = origin or self.origin
        body = json.dumps({"text": text, "base": base}).encode()
        return self.request("POST", "/d/deck/save", body, headers)

    def events(self) -> Events:
        return Events(self.port, "deck")


class Events:
    """The deck's server-sent events, read as a browser's EventSource reads them."""

    def __init__(self, port: int, name: str):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        self.connection.request("GET", f"/d/{name}/events")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type").startswith("text/event-stream")

    def next(self, deadline: float | None = None) -> dict:
        """The next view sent, or {} if `deadline` (time.monotonic) passes first (the
        studio says it is still there every few seconds, so this never blocks long)."""
        data = None
        while deadline is None or time.monotonic() < deadline:
            line = self.response.fp.readline()
            if not line:
                raise AssertionError("the event stream ended")
            line = line.decode("utf-8").rstrip("\n")
            if line.startswith("data: "):
                data = line[len("data: ") :]
            elif line == "" and data is not None:
                return json.loads(data)
        return {}

    def until(self, wanted: Callable[[dict], bool]) -> dict:
        """Read views until one is `wanted` and complete (not waiting for its booklet);
        fail, showing the last view's errors, if none comes within TIMEOUT."""
        deadline = time.monotonic() + TIMEOUT
        view: dict = {}
        while time.monotonic() < deadline:
            view = self.next(deadline)
            if view and not view["pending"] and wanted(view):
                return view
        raise AssertionError(
            f"no such view within {TIMEOUT:g} s; the last had errors "
            f"{[e['text'] for e in view.get('errors', [])]}"
        )

    def close(self) -> None:
        self.connection.close()


def save_by_rename(path: Path, text: str) -> None:
    """Save as many editors do: write a new file beside it, then rename it over."""
    partial = path.with_name(f".{path.name}.swp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def digest(path: Path) -> str:
    """The file's SHA-256, as the page sends it as the base of a save."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def card_words(view: dict) -> str:
    return " ".join(card["words"] for card in view["cards"])


@contextmanager
def serving(
    folder: Path, deck: Path | None = None, limits: Limits | None = None, url: str | None = None
) -> Iterator[Running]:
    """A studio serving `deck` (a new decks/deck.yaml in `folder` if not given) as "deck",
    on a free loopback port, with the studio's `limits` (its own if not given), for a test's
    `running` fixture. With `url`, `deck` is where the sheet published there is read to."""
    if deck is None:
        deck = folder / "decks" / "deck.yaml"
        deck.parent.mkdir()
        deck.write_text(DECK, encoding="utf-8")
    shown = url or deck.relative_to(folder).as_posix()
    studio = Studio(Served("deck", deck, shown, url), folder, port=0, limits=limits or Limits())
    studio.start()
    try:
        yield Running(studio, deck, folder)
    finally:
        studio.close()


class Published:
    """A sheet published as CSV at `url` (plain http on 127.0.0.1, which cardgen allows
    there): its `body` and `status` are what the next reading gets; `readings` counts them."""

    def __init__(self, body: bytes):
        self.body, self.status, self.readings = body, 200, 0
        published = self

        class Answer(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                published.readings += 1
                self.send_response(published.status)
                self.send_header("Content-Type", "text/csv")
                self.send_header("Content-Length", str(len(published.body)))
                self.end_headers()
                self.wfile.write(published.body)

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
        self._server.timeout = TIMEOUT
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/pub?output=csv"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


# --- the page in a browser ----------------------------------------------------------

STATUS = "return document.getElementById('status').textContent"
SOURCE = "return document.getElementById('source').value"
SHOWN = "return document.getElementById('preview').innerText"
PREVIEW_SCROLL = "return document.getElementById('preview').scrollTop"


def wait(browser, condition, message: str = ""):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser.driver, TIMEOUT).until(lambda _: condition(), message)


def shown_text(text: str) -> str:
    return text.replace("'", "\u2019")


def open_studio(browser, running, height: int = 800):
    """Open the studio with no draft left by an earlier test, and wait for its cards."""
    browser.open(running.studio.url)
    browser.run("localStorage.clear()")
    browser.driver.refresh()
    browser.emulate(height=height)
    wait(
        browser,
        lambda: browser.run(STATUS).startswith("Up to date"),
        "the page never showed the deck",
    )
    wait(browser, lambda: browser.run(SOURCE) == running.deck.read_text(encoding="utf-8"))


def put_caret_after(browser, text: str) -> None:
    browser.run(
        "const source = document.getElementById('source');"
        "const at = source.value.indexOf(arguments[0]) + arguments[0].length;"
        "source.focus(); source.setSelectionRange(at, at);",
        text,
    )


def ctrl_s(browser) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(browser.driver).key_down(Keys.CONTROL).send_keys("s").key_up(
        Keys.CONTROL
    ).perform()


def leave(browser) -> None:
    """Give up the page's unsaved text, so the next test's page opens without asking."""
    browser.run(
        "localStorage.clear(); const source = document.getElementById('source');"
        "source.value = ''; window.addEventListener('beforeunload', e => "
        "e.stopImmediatePropagation(), {capture: true});"
    )
