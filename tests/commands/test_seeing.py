"""`cardgen preview` and `cardgen serve` as a user runs them: the pictures preview writes and
replaces, what serve says, where it serves and what it refuses, and Ctrl+C."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from cardgen.cli import cli
from cardgen.studio.server import Studio
from support.paths import DATA, ROOT
from support.studiokit import DECK, Events, Published

# --- preview ------------------------------------------------------------------------------

MINE = "title: T\nintro: Sit in a circle.\nprompts:\n  - How are you?\n  - What helps?\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "mine.yaml").write_text(MINE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_preview_writes_sheet_pages_and_booklet_spreads(project):
    result = CliRunner().invoke(cli, ["preview", "decks/mine.yaml", "--dpi", "40"])
    assert result.exit_code == 0, result.output
    folder = project / "output" / "preview"
    cards = sorted(folder.glob("mine-cards-*.png"))
    booklet = sorted(folder.glob("mine-booklet-*.png"))
    assert [p.name for p in cards] == ["mine-cards-01.png", "mine-cards-02.png"]  # front, back
    assert result.output == f"wrote {len(cards) + len(booklet)} pictures to output/preview\n"
    with Image.open(cards[0]) as front:
        assert front.size == (11 * 40, round(8.5 * 40))  # Letter turned: 4 x 2 poker
    # Cover alone, inner pages as two-page spreads, back cover alone.
    with Image.open(booklet[0]) as cover, Image.open(booklet[1]) as spread:
        assert spread.size[0] > 1.8 * cover.size[0]
    assert len(booklet) == 2 + (4 - 2) // 2


def test_preview_replaces_a_link_and_removes_pages_of_a_longer_preview(project):
    folder = project / "output" / "preview"
    folder.mkdir(parents=True)
    precious = project / "precious.txt"
    precious.write_text("keep me")
    (folder / "mine-cards-01.png").symlink_to(precious)
    for name in ("mine-cards-07.png", "mine-booklet-09.png", "other-cards-09.png"):
        (folder / name).write_bytes(b"an earlier preview")
    result = CliRunner().invoke(cli, ["preview", "decks/mine.yaml", "--dpi", "30"])
    assert result.exit_code == 0, result.output
    assert precious.read_text() == "keep me"
    assert not (folder / "mine-cards-01.png").is_symlink()
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["mine-booklet-01.png", "mine-booklet-02.png", "mine-booklet-03.png",
                     "mine-cards-01.png", "mine-cards-02.png", "other-cards-09.png"]


def test_preview_of_a_broken_deck_says_where(project):
    (project / "decks" / "mine.yaml").write_text("title: T\nprompts:\n  - txet: x\n")
    result = CliRunner().invoke(cli, ["preview", "decks/mine.yaml"])
    assert result.exit_code == 1
    assert result.stderr == "decks/mine.yaml:3:5: `txet`: unknown key; did you mean `text`?\n"


def test_preview_prints_a_translation_in_both_languages_when_asked(tmp_path, monkeypatch):
    for name in ("family.yaml", "family.es.yaml"):
        shutil.copy(DATA / "decks" / "bilingual" / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    sizes = {}
    for flag in ("--one-language", "--bilingual"):
        out = tmp_path / flag.strip("-")
        result = CliRunner().invoke(cli, ["preview", "family.es.yaml", flag, "--format", "cards",
                                          "--dpi", "40", "-o", str(out)])
        assert result.exit_code == 0, result.output
        sizes[flag] = (out / "family.es-cards-01.png").read_bytes()
    assert sizes["--one-language"] != sizes["--bilingual"]  # the English is drawn beneath
    refused = CliRunner().invoke(cli, ["preview", "family.yaml", "--bilingual"])
    assert refused.exit_code == 2 and "is not a translation" in refused.output


# --- serve --------------------------------------------------------------------------------


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


@pytest.mark.parametrize("option, opened", [((), True), (("--no-open",), False)])
def test_serve_opens_the_browser_at_its_address_unless_told_not_to(
    cli_run, tmp_path, monkeypatch, option, opened
):
    import webbrowser

    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    asked = []
    monkeypatch.setattr(webbrowser, "open", lambda url: asked.append(url) or True)

    def stop(self):  # the user presses Ctrl+C as soon as it serves
        raise KeyboardInterrupt

    monkeypatch.setattr(Studio, "serve_forever", stop)
    result = cli_run("serve", "deck.yaml", "--port", "0", *option, cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    url = re.fullmatch(r"Serving deck\.yaml at (http://127\.0\.0\.1:\d+/)\n"
                       r"Press Ctrl\+C to stop\.\nstopped\n", result.output)
    assert url, result.output
    assert asked == ([url[1]] if opened else [])


def test_serve_says_where_to_go_when_no_browser_can_be_opened(cli_run, tmp_path, monkeypatch):
    """webbrowser.open answers False where it finds no browser (a server, WSL)."""
    import webbrowser

    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    monkeypatch.setattr(webbrowser, "open", lambda url: False)

    def stop(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(Studio, "serve_forever", stop)
    result = cli_run("serve", "deck.yaml", "--port", "0", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    url = re.match(r"Serving deck\.yaml at (http://127\.0\.0\.1:\d+/)\n", result.output)
    assert url, result.output
    assert result.stderr == f"no web browser could be opened here: open {url[1]} in one\n"


# --- a published sheet ---------------------------------------------------------------------

@pytest.fixture
def published(tmp_path):
    """A sheet published on 127.0.0.1 (plain http is allowed there), its region in
    cardgen.yaml."""
    from ..deck.test_sheets import ROWS, excel_csv

    (tmp_path / "cardgen.yaml").write_text("region: US\n")
    sheet = Published(excel_csv(ROWS))
    yield sheet
    sheet.close()


def test_preview_pictures_a_published_sheet(cli_run, tmp_path, published):
    result = cli_run("preview", published.url, "--format", "cards", "--dpi", "30", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "output" / "preview").iterdir()) == [
        "pub-cards-01.png", "pub-cards-02.png"]


def test_serve_reads_a_published_sheet_and_names_it_after_it(cli_run, tmp_path, monkeypatch,
                                                              published):
    served = []

    def stop(self):
        served.append(self.deck)
        raise KeyboardInterrupt

    monkeypatch.setattr(Studio, "serve_forever", stop)
    result = cli_run("serve", published.url, "--no-open", "--port", "0", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.output.startswith(f"Serving {published.url} at http://127.0.0.1:")
    [deck] = served
    assert (deck.name, deck.shown, deck.url, deck.kept) == ("pub", published.url,
                                                           published.url, "published")
    assert not deck.path.exists()  # its copy went with the command


def test_serve_still_serves_a_sheet_it_cannot_read_yet(cli_run, tmp_path, monkeypatch):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{free.getsockname()[1]}/pub"  # nothing listens there

    def stop(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(Studio, "serve_forever", stop)
    result = cli_run("serve", url, "--no-open", "--port", "0", cwd=tmp_path)
    assert result.exit_code == 0  # the page says it too, and reads it again when asked
    assert result.stderr.startswith(f"warning: {url}: cannot reach 127.0.0.1 (")


def test_serve_refuses_an_address_it_would_never_read(cli_run, tmp_path):
    result = cli_run("serve", "http://example.org/sheet.csv", "--no-open", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == ("http://example.org/sheet.csv: cardgen fetches a sheet only over "
                             "https\n  hint: use the address that starts with https://\n")
