"""Writing outputs: a deck's files replaced together or not at all, never half-written."""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import pytest

from cardgen.errors import CardgenError
from cardgen.products import output
from cardgen.products.output import recover_leftovers, write_outputs

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
    recover_leftovers(target)
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


DEAD = 2 ** 22 + 12345  # above Linux's default pid_max: no such process


def old_outputs(tmp_path: Path) -> dict[Path, bytes | dict[str, bytes]]:
    """A previous build's outputs on disk: two files and a folder of pictures."""
    cards, pictures, html = tmp_path / "d-cards.pdf", tmp_path / "d-images", tmp_path / "d.html"
    cards.write_bytes(b"old cards")
    html.write_bytes(b"old html")
    pictures.mkdir()
    (pictures / "001-front.png").write_bytes(b"old front")
    return {cards: b"old cards", pictures: {"001-front.png": b"old front"}, html: b"old html"}


def on_disk(path: Path) -> bytes | dict[str, bytes] | None:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in path.iterdir()}
    return path.read_bytes() if path.exists() else None


NEW = {"d-cards.pdf": b"new cards", "d-images": {"001-front.png": b"new front",
                                                 "001-back.png": b"new back"},
       "d.html": b"new html", "d-box.pdf": b"new box"}


@pytest.mark.parametrize("order", [
    ("d-cards.pdf", "d-images", "d.html", "d-box.pdf"),
    ("d.html", "d-box.pdf", "d-images", "d-cards.pdf"),
    ("d-images", "d-cards.pdf", "d-box.pdf", "d.html"),
])
@pytest.mark.parametrize("failing", ["d-cards.pdf", "d-images", "d.html", "d-box.pdf"])
def test_a_move_that_fails_puts_back_every_output_already_replaced(tmp_path, monkeypatch,
                                                                    order, failing):
    old = old_outputs(tmp_path)
    real = os.replace

    def replace(source, destination):
        if Path(destination) == tmp_path / failing and ".partial-" in str(source):
            raise OSError(errno.EPERM, "Operation not permitted")
        real(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(CardgenError) as caught:
        write_outputs([(tmp_path / name, NEW[name]) for name in order])
    assert str(caught.value) == f"cannot write {tmp_path / failing}: Operation not permitted"
    assert {path: on_disk(path) for path in old} == old
    assert not (tmp_path / "d-box.pdf").exists()  # new in this build: not left half-made
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("in_the_way, content, message", [
    ("folder", b"new", "a folder of that name is in the way; move or rename it"),
    ("file", {"1.png": b"new"},
     "a file of that name is in the way of the folder cardgen writes; move or rename it"),
])
def test_something_in_the_way_is_refused_before_anything_is_replaced(tmp_path, in_the_way,
                                                                    content, message):
    old = old_outputs(tmp_path)
    blocked = tmp_path / "d-booklet.pdf"
    if in_the_way == "folder":
        blocked.mkdir()
        (blocked / "mine.txt").write_bytes(b"mine")
    else:
        blocked.write_bytes(b"mine")
    outputs = [(tmp_path / "d-cards.pdf", b"new"), (tmp_path / "d-images", {"1.png": b"new"}),
               (blocked, content), (tmp_path / "d.html", b"new")]
    with pytest.raises(CardgenError) as caught:
        write_outputs(outputs)
    assert str(caught.value) == f"cannot write {blocked}: {message}"
    assert {path: on_disk(path) for path in old} == old
    assert on_disk(blocked) in ({"mine.txt": b"mine"}, b"mine")
    assert leftovers(tmp_path) == []


def test_a_failure_between_the_two_moves_of_a_folder_puts_the_old_folder_back(tmp_path,
                                                                          monkeypatch):
    old = old_outputs(tmp_path)
    real, calls = os.replace, []

    def replace(source, destination):
        calls.append(destination)
        if len(calls) == 2:  # the old folder is aside, the new one not yet in
            raise OSError(errno.EIO, "Input/output error")
        real(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    pictures = tmp_path / "d-images"
    with pytest.raises(CardgenError, match=f"^cannot write {pictures}: Input/output error$"):
        write_outputs([(pictures, NEW["d-images"])])
    assert on_disk(pictures) == old[pictures]
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_while_outputs_are_moved_waits_until_all_are_in_place(tmp_path, request,
                                                                         monkeypatch, number):
    old_outputs(tmp_path)
    real = os.replace

    def replace(source, destination):
        if Path(destination).name == "d-images":  # between moving the old folder aside and
            os.kill(os.getpid(), number)          # moving the new one in
        real(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    if number == signal.SIGINT:  # as at a terminal, even where the tests run in the
        # background (a shell starts its background jobs with Ctrl+C ignored)
        ignored = signal.signal(signal.SIGINT, signal.default_int_handler)
        request.addfinalizer(lambda: signal.signal(signal.SIGINT, ignored))
    before = signal.getsignal(number)
    with pytest.raises(KeyboardInterrupt):
        write_outputs([(tmp_path / name, NEW[name]) for name in ("d-cards.pdf", "d-images")])
    assert on_disk(tmp_path / "d-cards.pdf") == b"new cards"
    assert on_disk(tmp_path / "d-images") == NEW["d-images"]
    assert leftovers(tmp_path) == []
    assert signal.getsignal(number) is before


def killed_between_the_moves(tmp_path: Path) -> None:
    """What a build killed outright (SIGKILL, a power cut) after moving the old outputs
    aside and before moving the new ones in leaves: the old ones, hidden, and no targets."""
    old = tmp_path / f".d-images.old-{DEAD}"
    old.mkdir()
    (old / "001-front.png").write_bytes(b"old front")
    (tmp_path / f".d-images.partial-{DEAD}").mkdir()
    (tmp_path / f".d-cards.pdf.old-{DEAD}").write_bytes(b"old cards")


def test_the_next_write_puts_back_what_a_killed_build_moved_aside(tmp_path, monkeypatch):
    killed_between_the_moves(tmp_path)
    failing_after(monkeypatch, 0, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(CardgenError):
        write_outputs([(tmp_path / name, NEW[name]) for name in ("d-cards.pdf", "d-images")])
    assert on_disk(tmp_path / "d-images") == {"001-front.png": b"old front"}
    assert on_disk(tmp_path / "d-cards.pdf") == b"old cards"
    assert leftovers(tmp_path) == []


def test_an_old_version_is_removed_when_its_target_is_there(tmp_path):
    killed_between_the_moves(tmp_path)
    (tmp_path / "d-images").mkdir()
    (tmp_path / "d-cards.pdf").write_bytes(b"new cards")
    write_outputs([(tmp_path / name, NEW[name]) for name in ("d-cards.pdf", "d-images")])
    assert on_disk(tmp_path / "d-images") == NEW["d-images"]
    assert leftovers(tmp_path) == []


def test_a_file_is_never_missing_while_it_is_replaced(tmp_path, monkeypatch):
    cards = tmp_path / "d-cards.pdf"
    cards.write_bytes(b"old cards")
    real, seen = os.replace, []

    def replace(source, destination):
        seen.append(on_disk(cards))
        real(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    write_outputs([(cards, b"new cards")])
    assert seen == [b"old cards"] and cards.read_bytes() == b"new cards"


def test_on_a_disk_without_hard_links_the_old_file_is_moved_aside(tmp_path, monkeypatch):
    old = old_outputs(tmp_path)

    def link(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", link)
    real = os.replace

    def replace(source, destination):
        if Path(destination).name == "d.html" and ".partial-" in str(source):
            raise OSError(errno.EIO, "Input/output error")
        real(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(CardgenError):
        write_outputs([(tmp_path / name, NEW[name]) for name in ("d-cards.pdf", "d.html")])
    assert {path: on_disk(path) for path in old} == old
    assert leftovers(tmp_path) == []
    monkeypatch.setattr(os, "replace", real)
    write_outputs([(tmp_path / name, NEW[name]) for name in ("d-cards.pdf", "d.html")])
    assert on_disk(tmp_path / "d.html") == b"new html"
    assert leftovers(tmp_path) == []


# Windows, simulated: what its system calls do differently from POSIX.

def in_use(winerror: int) -> PermissionError:
    """The error Windows gives for a file another program has open: 5 when something is
    moved over it, 32 when it is moved itself."""
    error = PermissionError(errno.EACCES, "Access is denied")
    error.winerror = winerror  # type: ignore[attr-defined]  # only Windows sets it
    return error


@pytest.mark.parametrize("winerror", [5, 32])
def test_on_windows_a_file_open_in_a_viewer_is_named_and_nothing_replaced(tmp_path, monkeypatch,
                                                                        winerror):
    old = old_outputs(tmp_path)
    real = os.replace

    def replace(source, destination, **kwargs):
        if Path(destination) == tmp_path / "d.html" or Path(source) == tmp_path / "d.html":
            raise in_use(winerror)
        (real if "follow_symlinks" not in kwargs else real_link)(source, destination, **kwargs)

    real_link = os.link
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "link", replace)  # a hard link to an open file fails alike
    with pytest.raises(CardgenError) as caught:
        write_outputs([(tmp_path / name, NEW[name]) for name in ("d-cards.pdf", "d.html")])
    assert str(caught.value) == (f"cannot replace {tmp_path / 'd.html'}: it is open in another "
                                 "program (a viewer?) or read-only; close it and build again")
    assert {path: on_disk(path) for path in old} == old
    assert leftovers(tmp_path) == []


def test_on_windows_a_picture_open_in_a_folder_output_is_said_so(tmp_path, monkeypatch):
    old = old_outputs(tmp_path)
    real = os.replace

    def replace(source, destination):
        if Path(source) == tmp_path / "d-images":
            raise in_use(5)
        real(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(CardgenError, match=r"d-images: a file in it is open in another program"):
        write_outputs([(tmp_path / name, NEW[name]) for name in ("d-cards.pdf", "d-images")])
    assert {path: on_disk(path) for path in old} == old
    assert leftovers(tmp_path) == []


def test_files_are_written_in_binary_mode_where_there_is_a_text_mode(tmp_path, monkeypatch):
    """Windows opens a descriptor in text mode unless told O_BINARY: a PDF's newlines
    would come out as two bytes each."""
    binary, opened, real = 0x8000, [], os.open
    monkeypatch.setattr(os, "O_BINARY", binary, raising=False)

    def open_(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR):
            opened.append((str(path), bool(flags & binary)))
        return real(path, flags & ~binary, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    write_outputs([(tmp_path / "a.pdf", b"%PDF\n"), (tmp_path / "pics", {"1.png": b"\n"})])
    writes = [binary for name, binary in opened if ".partial-" in name]
    assert len(writes) == 2 and all(writes)
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF\n"


@pytest.mark.skipif(not hasattr(os, "O_ACCMODE"), reason="reads a descriptor's mode (POSIX)")
def test_on_windows_a_folders_files_are_flushed_through_a_writable_descriptor(tmp_path,
                                                                            monkeypatch):
    """Windows flushes a file to disk only through a descriptor open for writing."""
    import fcntl

    real = os.fsync

    def fsync(descriptor):
        if fcntl.fcntl(descriptor, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise OSError(errno.EBADF, "Bad file descriptor")
        real(descriptor)

    monkeypatch.setattr(output, "_WINDOWS", True)
    monkeypatch.setattr(os, "fsync", fsync)
    write_outputs([(tmp_path / "pics", {"1.png": b"1", "2.png": b"2"})])
    assert on_disk(tmp_path / "pics") == {"1.png": b"1", "2.png": b"2"}


class Kernel32:
    """Windows' kernel32 as _windows_running calls it: one process, `pid`, either still
    running or ended with exit code 0; any other pid is no such process."""

    def __init__(self, pid: int, running: bool):
        self.pid, self.running, self.closed, self.error = pid, running, [], 0

    def OpenProcess(self, access, inherit, pid):  # Windows names it so
        self.error = 0 if pid == self.pid else 87
        return 0 if self.error else 1234

    def GetExitCodeProcess(self, handle, code):
        code._obj.value = 259 if self.running else 0
        return 1

    def CloseHandle(self, handle):
        self.closed.append(handle)


@pytest.mark.parametrize("running", [True, False])
def test_on_windows_leftovers_of_a_build_that_ended_are_removed_without_os_kill(
        tmp_path, monkeypatch, running):
    """os.kill(pid, 0) on Windows sends Ctrl+C to console group `pid`: Windows is asked
    whether the process runs instead."""
    import ctypes

    kernel32 = Kernel32(DEAD, running)
    monkeypatch.setattr(output, "_WINDOWS", True)
    monkeypatch.setattr(ctypes, "WinDLL", lambda name, use_last_error: kernel32, raising=False)
    monkeypatch.setattr(ctypes, "get_last_error", lambda: kernel32.error, raising=False)

    def kill(pid, signal):
        raise AssertionError("os.kill on Windows")

    monkeypatch.setattr(os, "kill", kill)
    target = tmp_path / "d-cards.pdf"
    for pid in (DEAD, DEAD + 1):  # DEAD + 1: no such process
        (tmp_path / f".d-cards.pdf.partial-{pid}").write_bytes(b"half")
    recover_leftovers(target)
    assert leftovers(tmp_path) == ([f".d-cards.pdf.partial-{DEAD}"] if running else [])
    assert kernel32.closed == [1234]
