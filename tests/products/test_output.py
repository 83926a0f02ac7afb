"""Writing outputs: a deck's files replaced together or not at all, never half-written."""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import pytest

from cardgen.errors import CardgenError
from cardgen.products import output
from cardgen.products.output import remove_stale_partials, write_outputs

DECK = "title: T\nprompts:\n  - What helps?\n"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_every_file_is_written(tmp_path):
    write_outputs([(tmp_path / "a.pdf", b"A"), (tmp_path / "b" / "c.pdf", b"C"),
                   (tmp_path / "pics", {"1.png": b"1", "2.png": b"2"})])
    assert (tmp_path / "a.pdf").read_bytes() == b"A"
    assert (tmp_path / "b" / "c.pdf").read_bytes() == b"C"
    assert sorted(p.name for p in (tmp_path / "pics").iterdir()) == ["1.png", "2.png"]
    assert leftovers(tmp_path) == []


def failing_after(monkeypatch, writes: int, error: BaseException) -> None:
    """Make the write after `writes` good ones fail with `error`."""
    real = output._write_bytes
    count = [0]

    def write(path, data, sync=True):
        count[0] += 1
        if count[0] > writes:
            raise error
        real(path, data, sync)

    monkeypatch.setattr(output, "_write_bytes", write)


def test_a_failed_write_leaves_every_earlier_file_as_it_was(tmp_path, monkeypatch):
    cards, booklet = tmp_path / "d-cards.pdf", tmp_path / "d-booklet.pdf"
    cards.write_bytes(b"old cards")
    booklet.write_bytes(b"old booklet")
    failing_after(monkeypatch, 1, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(CardgenError) as caught:
        write_outputs([(cards, b"new cards"), (booklet, b"new booklet")])
    assert str(caught.value) == f"cannot write {booklet}: No space left on device"
    assert cards.read_bytes() == b"old cards" and booklet.read_bytes() == b"old booklet"
    assert leftovers(tmp_path) == []


def test_a_folder_output_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    pictures = tmp_path / "d-images"
    pictures.mkdir()
    (pictures / "001-front.png").write_bytes(b"old")
    failing_after(monkeypatch, 1, OSError(errno.EIO, "Input/output error"))
    with pytest.raises(CardgenError):
        write_outputs([(pictures, {"001-front.png": b"new", "001-back.png": b"new"})])
    assert [p.name for p in pictures.iterdir()] == ["001-front.png"]
    assert leftovers(tmp_path) == []
    monkeypatch.undo()
    write_outputs([(pictures, {"002-front.png": b"new"})])
    assert [p.name for p in pictures.iterdir()] == ["002-front.png"]
    assert leftovers(tmp_path) == []


def test_sigterm_while_writing_removes_the_partials(tmp_path, monkeypatch):
    target = tmp_path / "d-cards.pdf"
    target.write_bytes(b"old")
    real = output._write_bytes

    def write(path, data, sync=True):
        real(path, data, sync)
        os.kill(os.getpid(), signal.SIGTERM)  # arrives while the partial exists

    monkeypatch.setattr(output, "_write_bytes", write)
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt):
        write_outputs([(target, b"new")])
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) is before


def test_partials_of_a_killed_build_are_removed_by_the_next(tmp_path):
    target = tmp_path / "d-cards.pdf"
    dead = 2 ** 22 + 12345  # above Linux's default pid_max: no such process
    stale = tmp_path / f".d-cards.pdf.partial-{dead}"
    stale.write_bytes(b"half")
    other = tmp_path / f".other.pdf.partial-{dead}"
    other.write_bytes(b"half")
    alive = tmp_path / f".d-cards.pdf.partial-{os.getppid()}"  # a build still running
    alive.write_bytes(b"busy")
    remove_stale_partials(target)
    assert not stale.exists()
    assert other.exists() and alive.exists()


def test_a_link_at_the_target_is_replaced_not_followed(tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    link = tmp_path / "d-cards.pdf"
    link.symlink_to(precious)
    write_outputs([(link, b"%PDF")])
    assert precious.read_text() == "keep me"
    assert not link.is_symlink() and link.read_bytes() == b"%PDF"


def test_a_folder_that_cannot_be_made_is_a_message(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder")
    with pytest.raises(CardgenError) as caught:
        write_outputs([(blocker / "d.pdf", b"x")])
    assert str(caught.value).startswith(f"cannot make the output folder {blocker}: ")


def test_two_decks_that_would_write_the_same_file_are_refused(tmp_path, cli_run):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "d.yaml").write_text(DECK)
    (tmp_path / "d.yml").write_text(DECK)
    result = cli_run("build", "a/d.yaml", "b/d.yaml", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output == ("a/d.yaml and b/d.yaml would both be written to out/d-cards.pdf; "
                             "rename one of them, or build them into different folders with "
                             "--out\n")
    assert not (tmp_path / "out").exists()
    result = cli_run("build", "a/d.yaml", "d.yml", "--format", "shop", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 1
    assert "a/d.yaml and d.yml would both be written to out/d-shop.pdf" in result.output


def test_one_deck_named_twice_is_built_once(tmp_path, cli_run):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "d.yaml").write_text(DECK)
    result = cli_run("build", "a/d.yaml", "./a/../a/d.yaml", "a/d.yaml", "--format", "cards",
                     "-o", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("wrote out/d-cards.pdf") == 1


def test_the_public_api_makes_then_writes(tmp_path):
    import cardgen

    deck = tmp_path / "d.yaml"
    deck.write_text(DECK)
    products = cardgen.build(deck, cardgen.BuildOptions(formats=("cards", "shop")))
    assert [p.name for p in products.products] == ["d-cards.pdf", "d-shop.pdf"]
    assert products["shop"].pages == 2 and products["shop"].data.startswith(b"%PDF")
    assert not list(tmp_path.glob("*.pdf"))  # nothing written yet
    written = products.write(tmp_path / "out")
    assert written == [tmp_path / "out" / "d-cards.pdf", tmp_path / "out" / "d-shop.pdf"]
    assert written[1].read_bytes() == products["shop"].data


def test_a_write_that_fails_half_way_leaves_no_half_folder(tmp_path, monkeypatch):
    target = tmp_path / "deck-images"
    write_outputs([(target, {"001-front.png": b"old", "001-back.png": b"old"})])
    real_fsync, calls = os.fsync, []

    def failing(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(CardgenError, match=f"^cannot write {target}: No space left on device$"):
        write_outputs([(target, {"001-front.png": b"new", "001-back.png": b"new"})])
    assert sorted(os.listdir(tmp_path)) == ["deck-images"]
    assert (target / "001-front.png").read_bytes() == b"old"
    monkeypatch.setattr(os, "fsync", real_fsync)
    write_outputs([(target, {"001-front.png": b"new"})])
    assert os.listdir(target) == ["001-front.png"] and os.listdir(tmp_path) == ["deck-images"]
