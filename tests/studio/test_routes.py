"""The studio's answers to a browser: which Host and Origin it answers, the files and pages it
serves and nothing else, what Save needs, and downloads.

Each test starts a studio on a free loopback port in a thread and talks to it with
the standard library's http.client, as a browser (or an attacker's page) would.
"""

from __future__ import annotations

import http.client
import json

import pytest

from cardgen.studio.server import Studio
from support.pdfread import reader
from support.studiokit import DECK, Running, digest, serving

# --- whom it answers ----------------------------------------------------------------


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
        "/d/deck/download/images",
        "/d/deck/download/box",
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

@pytest.mark.parametrize("headers", [
    [("Host", "{own}"), ("Host", "evil.example:{port}")],
    [("Host", "evil.example:{port}"), ("Host", "{own}")],
    [("Host", "{own}"), ("Host", "{own}")],
    [("Host", "{own}"), ("Origin", "http://{own}"), ("Origin", "http://evil.example")],
])
def test_a_request_with_two_host_or_origin_headers_is_refused(running, headers):
    # No browser sends two; a save that did, with the right token, used to write the deck.
    before = running.deck.read_bytes()
    own = f"127.0.0.1:{running.port}"
    body = json.dumps({"text": "title: gone\n", "base": digest(running.deck)}).encode()
    for method, path, payload in (("GET", "/d/deck/", None), ("POST", "/d/deck/save", body)):
        connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers:
            connection.putheader(name, value.format(own=own, port=running.port))
        if payload is not None:
            connection.putheader("Content-Type", "application/json")
            connection.putheader("X-Cardgen-Token", running.studio.token)
            if not any(name == "Origin" for name, _ in headers):
                connection.putheader("Origin", f"http://{own}")
            connection.putheader("Content-Length", str(len(payload)))
        connection.endheaders(payload)
        response = connection.getresponse()
        answer = response.read()
        connection.close()
        assert response.status == 403, (method, headers)
        assert answer == b"cardgen serve answers only its own pages at its own address\n"
    assert running.deck.read_bytes() == before



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
    (tmp_path / "decks" / "old.yaml").mkdir()  # a folder, whatever its name, is no deck
    (tmp_path / "secret.yaml").write_text(DECK, encoding="utf-8")
    studio = Studio(None, tmp_path, port=0)
    studio.start()
    try:
        served = Running(studio, tmp_path / "decks" / "family.yaml", tmp_path)
        listing = served.request("GET", "/")
        assert listing.status == 200
        text = listing.body.decode()
        assert 'href="/d/family/"' in text and 'href="/d/grief/"' in text
        assert "notes" not in text and "secret" not in text and "old" not in text
        assert served.request("GET", "/d/grief/").status == 200
        assert served.request("GET", "/d/old/").status == 404
        assert served.request("GET", "/d/secret/").status == 404
        assert served.request("GET", "/d/notes/").status == 404
        (tmp_path / "decks" / "new.yaml").write_text(DECK, encoding="utf-8")
        assert 'href="/d/new/"' in served.request("GET", "/").body.decode()
    finally:
        studio.close()


# --- what Save needs --------------------------------------------------------------


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


def post_save(running: Running, body: bytes):
    headers = {
        "Content-Type": "application/json",
        "X-Cardgen-Token": running.studio.token,
        "Origin": running.origin,
    }
    return running.request("POST", "/d/deck/save", body, headers)


@pytest.mark.parametrize(
    "body, message",
    [
        (  # a lone surrogate, as a browser's JSON.stringify sends one: no UTF-8 can hold it
            json.dumps({"text": DECK.replace("Opening", "Open\ud800ing"), "base": "x"}).encode(),
            "Save is refused: line 7, column 16 of the text holds a broken character "
            "(a lone UTF-16 surrogate, U+D800); delete it and save again",
        ),
        (b"[" * 100_000, "Save needs the text and the version it was edited from"),
        (b'{"text": ' + b"[" * 100_000, "Save needs the text and the version it was edited from"),
    ],
)
def test_a_save_that_cannot_be_read_is_answered_and_harms_nothing(running, capfd, body, message):
    before = running.deck.read_bytes()
    response = post_save(running, body.replace(b'"x"', f'"{digest(running.deck)}"'.encode()))
    assert response.status == 400
    assert json.loads(response.body) == {"error": message}
    assert running.deck.read_bytes() == before
    assert not (running.here / "decks" / "deck.yaml.bak").exists()
    assert running.request("GET", "/static/studio.js").status == 200  # and it answers on
    assert "Traceback" not in capfd.readouterr().err


def test_a_deck_kept_in_a_spreadsheet_is_never_saved_over(tmp_path):
    from ..deck.test_sheets import ROWS, write_xlsx

    (tmp_path / "decks").mkdir()
    book = write_xlsx(tmp_path / "decks" / "circle.xlsx", ROWS)
    before = book.read_bytes()
    with serving(tmp_path, book) as running:
        response = running.save("title: replaced\n", digest(book))
    assert response.status == 403
    assert json.loads(response.body) == {"error": "Save is refused: decks/circle.xlsx is kept in "
                                         "a spreadsheet; edit it in your spreadsheet program"}
    assert book.read_bytes() == before
    assert sorted(p.name for p in book.parent.iterdir()) == ["circle.xlsx"]  # no .bak, no text


@pytest.mark.parametrize("token, origin", [("", ""), ("not-the-token", ""), (None, None),
                                           (None, "http://evil.example")])
def test_reading_a_deck_again_needs_the_pages_token_and_origin(running, token, origin):
    headers = {"X-Cardgen-Token": running.studio.token if token is None else token}
    if origin is not None:
        headers["Origin"] = origin or running.origin
    assert running.request("POST", "/d/deck/read", b"", headers).status == 403
    headers = {"X-Cardgen-Token": running.studio.token, "Origin": running.origin}
    assert running.request("POST", "/d/deck/read", b"", headers).status == 202


def test_only_the_save_and_read_addresses_take_a_post(running):
    for path in ("/", "/d/deck/", "/d/deck/events", "/d/other/save", "/d/deck/save/x",
                 "/d/other/read"):
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


def test_the_html_edition_downloads_beside_the_pdfs(running):
    response = running.request("GET", "/d/deck/download/html")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Content-Disposition") == "attachment; filename*=UTF-8''deck.html"
    assert response.getheader("Content-Security-Policy") == "sandbox"
    page = response.body.decode("utf-8")
    assert page.lower().startswith("<!doctype html>")
    assert "Who do you call when things go wrong?" in page
    links = running.request("GET", "/d/deck/").body.decode()
    order = [links.index(f'id="download-{name}"') for name in ("cards", "booklet", "shop", "html")]
    assert order == sorted(order)
    assert '>HTML edition</a>' in links
