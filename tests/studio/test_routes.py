"""`cardgen serve` over HTTP: what it shows, what it refuses, what it writes, and when it tells.

Each test starts a studio on a free loopback port in a thread and talks to it with
the standard library's http.client, as a browser (or an attacker's page) would.
"""

from __future__ import annotations

import errno
import hashlib
import http.client
import io
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from cardgen.deck.model import load_deck
from cardgen.errors import DeckErrors
from cardgen.studio.server import Served, Studio
from support.fontmaker import renamed
from support.paths import ROOT
from support.pdfread import reader
from support.studiokit import DECK, WORDS, Events, Running, card_words, save_by_rename, serving


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    with serving(tmp_path) as served:
        yield served


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# --- where it listens and whom it answers ----------------------------------------


def test_it_listens_on_the_loopback_address_only(running):
    assert running.studio.server.socket.getsockname()[0] == "127.0.0.1"
    assert running.studio.url == f"http://127.0.0.1:{running.port}/"
    # Another address of this machine (the rest of 127.0.0.0/8 is loopback too) finds nothing.
    with pytest.raises(OSError) as refused:
        socket.create_connection(("127.0.0.2", running.port), timeout=10).close()
    assert refused.value.errno == errno.ECONNREFUSED


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_it_answers_its_own_address(running, host):
    response = running.request("GET", "/d/deck/", host=host.format(port=running.port))
    assert response.status == 200
    assert b"decks/deck.yaml" in response.body


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",  # DNS rebinding: a domain pointed at 127.0.0.1
        "localhost.evil.example:{port}",
        "127.0.0.1.evil.example:{port}",
        "127.0.0.1:{other}",  # the right address, the wrong port
        "localhost",  # no port
        "127.0.0.1",
        "",
        None,  # no Host header at all
    ],
)
def test_it_refuses_any_other_host_header(running, host):
    header = None if host is None else host.format(port=running.port, other=running.port + 1)
    for method, path in (
        ("GET", "/d/deck/"),
        ("GET", "/d/deck/events"),
        ("GET", "/"),
        ("GET", "/d/deck/download/cards"),
    ):
        response = running.request(method, path, host=header if header != "" else " ")
        assert response.status == 403, (method, path)
        assert b"decks/deck.yaml" not in response.body
    before = running.deck.read_bytes()
    body = json.dumps({"text": "title: gone\n", "base": digest(running.deck)}).encode()
    response = running.request(
        "POST",
        "/d/deck/save",
        body,
        {
            "Content-Type": "application/json",
            "X-Cardgen-Token": running.studio.token,
            "Origin": f"http://{header}",
        },
        host=header if header != "" else " ",
    )
    assert response.status == 403
    assert running.deck.read_bytes() == before


@pytest.mark.parametrize(
    "path", ["/d/deck/", "/d/deck/events", "/d/deck/download/cards", "/static/studio.js"]
)
def test_it_refuses_another_sites_script(running, path):
    # A page on another site may still make the browser ask (EventSource, fetch): the
    # browser says whose script asks in Origin.
    assert running.request("GET", path, headers={"Origin": "http://evil.example"}).status == 403
    if path != "/d/deck/events":  # a stream that stays open; Events checks it answers
        assert running.request("GET", path, headers={"Origin": running.origin}).status == 200


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


# --- only what it made ------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2fetc%2fpasswd",
        "/%252e%252e/etc/passwd",
        "//etc/passwd",
        "/static/../decks/deck.yaml",
        "/static/..%2f..%2fdecks%2fdeck.yaml",
        "/static/%2e%2e/server.py",
        "/static/page/studio.js",
        "/static/studio.html",
        "/decks/deck.yaml",
        "/deck.yaml",
        "/d/deck/deck.yaml",
        "/d/deck/../deck.yaml",
        "/d/deck/picture/..%2f..%2fdeck.yaml",
        "/d/deck/picture/%2e%2e%2fdeck.yaml.png",
        "/d/deck/download/..%2f..%2fdecks%2fdeck.yaml",
        "/d/deck/download/html",
        "/d/..%2fdecks%2fdeck/",
        "/d/%2e%2e/",
        "/d/deck.yaml/",
        "/d/deck/picture/" + "0" * 32 + ".png",
        "/d/deck/%ff/",
        "http://127.0.0.1/etc/passwd",
    ],
)
def test_no_path_reaches_the_file_system(running, path):
    response = running.request("GET", path)
    assert response.status == 404
    assert b"title:" not in response.body and b"root:" not in response.body


def test_it_serves_its_own_files_and_the_deck_page(running):
    for name, kind in (
        ("studio.js", "text/javascript"),
        ("studio.css", "text/css"),
        ("icon.svg", "image/svg+xml"),
    ):
        response = running.request("GET", f"/static/{name}")
        assert response.status == 200
        assert response.getheader("Content-Type").startswith(kind)
    page = running.request("GET", "/d/deck/")
    assert page.status == 200
    assert running.studio.token.encode() in page.body
    policy = page.getheader("Content-Security-Policy")
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    home = running.request("GET", "/")
    assert home.status == 303 and home.getheader("Location") == "/d/deck/"


def test_without_a_deck_it_lists_decks_and_nothing_else(tmp_path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "family.yaml").write_text(DECK, encoding="utf-8")
    (tmp_path / "decks" / "grief.yaml").write_text(DECK, encoding="utf-8")
    (tmp_path / "decks" / "notes.txt").write_text("private", encoding="utf-8")
    (tmp_path / "secret.yaml").write_text(DECK, encoding="utf-8")
    studio = Studio(None, tmp_path, port=0)
    studio.start()
    try:
        served = Running(studio, tmp_path / "decks" / "family.yaml", tmp_path)
        listing = served.request("GET", "/")
        assert listing.status == 200
        text = listing.body.decode()
        assert 'href="/d/family/"' in text and 'href="/d/grief/"' in text
        assert "notes" not in text and "secret" not in text
        assert served.request("GET", "/d/grief/").status == 200
        assert served.request("GET", "/d/secret/").status == 404
        assert served.request("GET", "/d/notes/").status == 404
        (tmp_path / "decks" / "new.yaml").write_text(DECK, encoding="utf-8")
        assert 'href="/d/new/"' in served.request("GET", "/").body.decode()
    finally:
        studio.close()


# --- the live view ----------------------------------------------------------------


def test_the_view_has_every_card_with_its_words_number_and_pictures(running):
    events = running.events()
    view = events.until(lambda v: bool(v["cards"]))
    events.close()
    words = card_words(view)
    for expected in WORDS:
        assert expected.replace("'", "\u2019") in words
    numbers = [card["number"] for card in view["cards"] if card["number"]]
    assert numbers == ["1", "2", "3", "4", "5"]
    assert view["cards"][0]["kind"] == "instructions"
    assert not view["errors"] and not view["cards_stale"]
    assert view["digest"] == digest(running.deck)
    assert view["text"] == DECK
    front = running.request("GET", f"/d/deck/picture/{view['cards'][1]['front']}.png")
    assert front.status == 200 and front.getheader("Content-Type") == "image/png"
    # A poker card (2.5 x 3.5 in) at 144 dpi.
    assert Image.open(io.BytesIO(front.body)).size == (360, 504)
    assert len(view["booklet"]) >= 4
    page = running.request("GET", f"/d/deck/picture/{view['booklet'][0]['picture']}.png")
    assert page.status == 200
    assert "Studio test deck" in view["booklet"][0]["words"]


def test_a_change_on_disk_is_pushed_as_a_new_view(running):
    events = running.events()
    first = events.until(lambda v: bool(v["cards"]))
    save_by_rename(running.deck, DECK.replace("on a hard day", "on a long grey day"))
    changed = events.until(lambda v: "on a long grey day" in card_words(v))
    events.close()
    assert changed["version"] > first["version"]
    assert changed["digest"] == digest(running.deck)
    assert "on a hard day" not in card_words(changed)


def test_a_one_card_edit_draws_one_card_and_its_booklet_page_again(running):
    events = running.events()
    first = events.until(lambda v: bool(v["cards"]))
    pictures = running.studio.live(running.studio.decks()["deck"]).workshop.pictures
    drawn, pages_drawn = pictures.drawn, pictures.pages_drawn
    running.deck.write_text(
        DECK.replace("talked about more", "talked about often"), encoding="utf-8"
    )
    changed = events.until(lambda v: "talked about often" in card_words(v))
    events.close()
    assert pictures.drawn - drawn == 1
    fronts = [(a["front"], b["front"]) for a, b in zip(first["cards"], changed["cards"])]
    assert sum(1 for before, after in fronts if before != after) == 1
    pages = [(a["picture"], b["picture"]) for a, b in zip(first["booklet"], changed["booklet"])]
    new_pages = [b for a, b in pages if a != b]
    assert len(new_pages) == pictures.pages_drawn - pages_drawn == 1
    page = next(p for p in changed["booklet"] if p["picture"] == new_pages[0])
    assert "talked about often" in page["words"]


def test_a_broken_save_shows_its_errors_as_cardgen_prints_them_over_the_last_good_cards(running):
    events = running.events()
    good = events.until(lambda v: bool(v["cards"]))
    broken = DECK.replace("  - text: Who do you call", "  - txt: Who do you call")
    running.deck.write_text(broken, encoding="utf-8")
    view = events.until(lambda v: bool(v["errors"]))
    with pytest.raises(DeckErrors) as printed:
        load_deck(running.deck, "decks/deck.yaml")
    assert [e["text"] for e in view["errors"]] == [str(e) for e in printed.value.errors]
    error = view["errors"][0]
    assert error["text"].startswith("decks/deck.yaml:9:5: `txt`: unknown key")
    assert "hint:" in error["text"] or "did you mean" in error["text"]
    assert (error["line"], error["column"]) == (9, 5)
    assert error["quote"] == "  - txt: Who do you call when things go wrong?"
    assert view["cards_stale"] and view["booklet_stale"]
    assert [c["front"] for c in view["cards"]] == [c["front"] for c in good["cards"]]
    assert view["text"] == broken  # the editor shows the broken file, to fix it
    running.deck.write_text(DECK, encoding="utf-8")
    fixed = events.until(lambda v: not v["errors"])
    events.close()
    assert not fixed["cards_stale"] and not fixed["booklet_stale"]


def test_a_yaml_syntax_error_is_quoted_at_its_line(running):
    events = running.events()
    events.until(lambda v: bool(v["cards"]))
    running.deck.write_text(
        DECK.replace("  - What do you wish", " - What do you wish"), encoding="utf-8"
    )
    view = events.until(lambda v: bool(v["errors"]))
    events.close()
    error = view["errors"][0]
    assert error["text"] == (
        "decks/deck.yaml:8:2: YAML syntax: did not find expected key "
        "(while parsing a block mapping)"
    )
    assert error["quote"] == " - What do you wish we talked about more?"


def test_an_error_in_cardgen_yaml_is_shown_with_its_line(running):
    events = running.events()
    events.until(lambda v: bool(v["cards"]))
    (running.here / "cardgen.yaml").write_text("paper: a4\ncard: huge\n", encoding="utf-8")
    view = events.until(lambda v: bool(v["errors"]))
    assert view["errors"][0]["text"].startswith("cardgen.yaml:2:7: `card`:")
    assert view["errors"][0]["quote"] == "card: huge"
    (running.here / "cardgen.yaml").write_text("card: large\n", encoding="utf-8")
    large = events.until(lambda v: not v["errors"])
    events.close()
    assert large["card_px"] == [round(3.5 * 72 * 1.5), round(5 * 72 * 1.5)]  # 3.5 x 5 in


def test_a_font_added_to_fonts_is_seen_and_every_card_drawn_with_it(running):
    events = running.events()
    first = events.until(lambda v: bool(v["cards"]))
    renamed(running.here / "fonts" / "mine.ttf", "Studio Test Sans")
    before = {card["front"] for card in first["cards"]}
    view = events.until(lambda v: not {card["front"] for card in v["cards"]} & before)
    events.close()
    assert not view["errors"]


def test_cards_on_a_perforated_stock_are_shown_at_its_card_size(running):
    events = running.events()
    events.until(lambda v: bool(v["cards"]))
    (running.here / "cardgen.yaml").write_text("stock: avery-5371\n", encoding="utf-8")
    view = events.until(lambda v: v["card_px"] == [378, 216])  # 3.5 x 2 in business cards
    events.close()
    assert not view["errors"]
    front = running.request("GET", f"/d/deck/picture/{view['cards'][1]['front']}.png")
    assert Image.open(io.BytesIO(front.body)).size == (504, 288)  # at 144 dpi


def test_a_stock_setting_that_cannot_work_is_shown_at_its_line(running):
    events = running.events()
    events.until(lambda v: bool(v["cards"]))
    (running.here / "cardgen.yaml").write_text("paper: letter\nstock: avery-53711\n",
                                               encoding="utf-8")
    view = events.until(lambda v: bool(v["errors"]))
    events.close()
    [error] = view["errors"]
    assert error["text"] == ('cardgen.yaml:2:8: `stock`: cardgen has no stock "avery-53711"; '
                             "did you mean avery-5371? `cardgen stocks` lists the stocks; any "
                             "gLabels template can be used with --stock-file FILE.xml")
    assert (error["line"], error["column"], error["quote"]) == (2, 8, "stock: avery-53711")


def test_lint_findings_are_listed_and_linked_to_their_card(running):
    events = running.events()
    events.until(lambda v: bool(v["cards"]))
    running.deck.write_text(
        DECK.replace("talked about more?", "talked about more, as an addict?"), encoding="utf-8"
    )
    view = events.until(lambda v: bool(v["lint"]))
    events.close()
    finding = next(f for f in view["lint"] if "addict" in f["text"])
    assert finding["text"].startswith('decks/deck.yaml:8:50: "addict" -> ')
    assert finding["quote"] == "  - What do you wish we talked about more, as an addict?"
    card = next(c for c in view["cards"] if c["anchor"] == finding["card"])
    assert card["number"] == "2"


# --- saving from the page -----------------------------------------------------------


def test_save_writes_the_deck_and_keeps_the_previous_version(running):
    before = files_in(running.here)
    new = DECK.replace("hard day", "rough day")
    response = running.save(new, digest(running.deck))
    assert response.status == 200, response.body
    answer = json.loads(response.body)
    assert running.deck.read_text(encoding="utf-8") == new
    assert answer["digest"] == digest(running.deck)
    assert answer["backup"] == "deck.yaml.bak"
    backup = running.here / "decks" / "deck.yaml.bak"
    assert backup.read_text(encoding="utf-8") == DECK
    after = files_in(running.here)
    assert set(after) == set(before) | {"decks/deck.yaml.bak"}  # nothing else written, no leftovers
    assert {name for name in after if after[name] != before.get(name)} == {
        "decks/deck.yaml",
        "decks/deck.yaml.bak",
    }


def test_save_refuses_when_the_file_changed_on_disk_and_shows_the_difference(running):
    base = digest(running.deck)
    someone_else = DECK.replace("Opening", "Beginnings")
    running.deck.write_text(someone_else, encoding="utf-8")
    response = running.save(DECK.replace("hard day", "rough day"), base)
    assert response.status == 409
    answer = json.loads(response.body)
    assert answer["conflict"] is True
    assert answer["text"] == someone_else
    assert answer["digest"] == digest(running.deck)
    assert "-    topic: Beginnings" in answer["diff"] and "+    topic: Opening" in answer["diff"]
    assert "+  - text: What helps you on a rough day?" in answer["diff"]
    assert running.deck.read_text(encoding="utf-8") == someone_else  # nothing overwritten
    assert not (running.here / "decks" / "deck.yaml.bak").exists()
    # Saving over the version now on disk, having seen it, goes through and keeps it.
    again = running.save(DECK.replace("hard day", "rough day"), answer["digest"])
    assert again.status == 200
    assert (running.here / "decks" / "deck.yaml.bak").read_text(encoding="utf-8") == someone_else


def test_save_keeps_the_files_line_endings(running):
    running.deck.write_bytes(DECK.replace("\n", "\r\n").encode())
    response = running.save(DECK.replace("hard day", "rough day"), digest(running.deck))
    assert response.status == 200
    assert (
        running.deck.read_bytes()
        == DECK.replace("hard day", "rough day").replace("\n", "\r\n").encode()
    )


@pytest.mark.parametrize(
    "token, origin, status",
    [
        ("", "", 403),  # no token
        ("not-the-token", "", 403),  # a wrong token
        (None, None, 403),  # no Origin
        (None, "http://evil.example", 403),  # another site's page
        (None, "http://localhost:1", 403),  # another port's page
        (None, "null", 403),
    ],
)
def test_save_needs_the_pages_token_and_origin(running, token, origin, status):
    before = running.deck.read_bytes()
    response = running.save("title: replaced\n", digest(running.deck), token=token, origin=origin)
    assert response.status == status
    assert running.deck.read_bytes() == before
    assert not (running.here / "decks" / "deck.yaml.bak").exists()


def test_save_from_localhost_needs_localhost_as_origin(running):
    host = f"localhost:{running.port}"
    headers = {
        "Content-Type": "application/json",
        "X-Cardgen-Token": running.studio.token,
        "Origin": f"http://{host}",
    }
    body = json.dumps({"text": DECK.replace("hard", "long"), "base": digest(running.deck)}).encode()
    assert running.request("POST", "/d/deck/save", body, headers, host=host).status == 200


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b"text=title", "application/x-www-form-urlencoded", 415),  # a plain HTML form
        (b"title: x", "text/plain", 415),
        (b"{not json", "application/json", 400),
        (b'{"text": 3, "base": "x"}', "application/json", 400),
        (b'{"text": "x"}', "application/json", 400),
    ],
)
def test_save_refuses_what_the_page_does_not_send(running, body, content_type, status):
    before = running.deck.read_bytes()
    response = running.request(
        "POST",
        "/d/deck/save",
        body,
        {
            "Content-Type": content_type,
            "X-Cardgen-Token": running.studio.token,
            "Origin": running.origin,
        },
    )
    assert response.status == status
    assert running.deck.read_bytes() == before


def test_only_the_save_address_takes_a_post(running):
    for path in ("/", "/d/deck/", "/d/deck/events", "/d/other/save", "/d/deck/save/x"):
        response = running.request(
            "POST",
            path,
            b"{}",
            {
                "Content-Type": "application/json",
                "X-Cardgen-Token": running.studio.token,
                "Origin": running.origin,
            },
        )
        assert response.status == 404


# --- downloads ---------------------------------------------------------------------


@pytest.mark.parametrize("format_, pages", [("cards", 2), ("booklet", None), ("shop", 12)])
def test_downloads_are_built_with_the_saved_settings(running, format_, pages):
    (running.here / "cardgen.yaml").write_text("paper: a4\n", encoding="utf-8")
    response = running.request("GET", f"/d/deck/download/{format_}")
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/pdf"
    assert response.getheader("Content-Disposition").endswith(f"deck-{format_}.pdf")
    pdf = reader(response.body)
    if pages:
        assert len(pdf.pages) == pages
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Who do you call" in text
    if format_ == "cards":
        width, height = pdf.pages[0].mediabox.width, pdf.pages[0].mediabox.height
        assert (round(float(width), 1), round(float(height), 1)) == (595.3, 841.9)  # A4


def test_a_broken_deck_downloads_its_errors_instead(running):
    running.deck.write_text(DECK.replace("title:", "titel:"), encoding="utf-8")
    response = running.request("GET", "/d/deck/download/cards")
    assert response.status == 409
    assert response.body.decode().startswith("decks/deck.yaml:1:1: `titel`: unknown key")


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


# --- the command ------------------------------------------------------------------


def _serve(folder: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "cardgen", "serve", *args, "--no-open", "--port", "0"],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl+C as at a terminal, even when the tests themselves run in the background
        # (a shell's background jobs start with SIGINT ignored, and so would the server).
        preexec_fn=_interruptible,
    )


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_serve_says_where_it_serves_and_stops_cleanly_on_ctrl_c(tmp_path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "deck.yaml").write_text(DECK, encoding="utf-8")
    process = _serve(tmp_path, "decks/deck.yaml")
    try:
        line = process.stdout.readline()
        match = re.fullmatch(r"Serving decks/deck\.yaml at http://127\.0\.0\.1:(\d+)/\n", line)
        assert match, line
        port = int(match[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", "/d/deck/")
        assert connection.getresponse().status == 200
        connection.close()
        events = Events(port, "deck")  # an open event stream must not keep it running
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        events.close()
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert out.endswith("stopped\n")
    assert "Traceback" not in err
    assert sorted(p.name for p in (tmp_path / "decks").iterdir()) == ["deck.yaml"]


def test_serve_without_a_deck_serves_the_decks_folder(tmp_path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "deck.yaml").write_text(DECK, encoding="utf-8")
    process = _serve(tmp_path)
    try:
        assert process.stdout.readline().startswith("Serving decks/ at http://127.0.0.1:")
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)


def test_serve_on_another_host_warns(tmp_path):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    process = _serve(tmp_path, "deck.yaml", "--host", "127.0.0.2")
    try:
        assert process.stdout.readline().startswith("Serving deck.yaml at http://127.0.0.2:")
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert err.startswith(
        "warning: listening on 127.0.0.2: anyone who can reach this machine on port "
    )
    assert err.rstrip().endswith("can read and change deck.yaml")
    assert out.endswith("stopped\n")


def test_serve_refuses_a_missing_deck_and_a_folder_without_decks(cli_run, tmp_path):
    result = cli_run("serve", "decks/none.yaml", "--no-open", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        "decks/none.yaml: no such deck file; start one with `cardgen new decks/none.yaml`\n"
    )
    result = cli_run("serve", "--no-open", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("there is no decks/ folder here: give a deck file")


def test_serve_refuses_a_port_in_use(cli_run, tmp_path):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = taken.getsockname()[1]
        result = cli_run("serve", "deck.yaml", "--no-open", "--port", port, cwd=tmp_path)
    finally:
        taken.close()
    assert result.exit_code == 1
    assert result.stderr.startswith(f"cannot listen on 127.0.0.1:{port}: ")
    assert result.stderr.endswith("choose another port with --port\n")


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


@pytest.mark.parametrize("option, opened", [((), True), (("--no-open",), False)])
def test_serve_opens_the_browser_at_its_address_unless_told_not_to(
    cli_run, tmp_path, monkeypatch, option, opened
):
    import webbrowser

    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    asked = []
    monkeypatch.setattr(webbrowser, "open", asked.append)

    def stop(self):  # the user presses Ctrl+C as soon as it serves
        raise KeyboardInterrupt

    monkeypatch.setattr(Studio, "serve_forever", stop)
    result = cli_run("serve", "deck.yaml", "--port", "0", *option, cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    url = re.fullmatch(r"Serving deck\.yaml at (http://127\.0\.0\.1:\d+/)\n"
                       r"Press Ctrl\+C to stop\.\nstopped\n", result.output)
    assert url, result.output
    assert asked == ([url[1]] if opened else [])
