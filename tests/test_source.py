"""Reading deck and settings files: only regular files, and never more than the limit.

A deck path can name anything: a device that never ends (/dev/zero, /dev/urandom),
a pipe nobody writes to, a link to either. Each is refused at once with a message,
before a byte is read.
"""

from __future__ import annotations

import os
import socket
import threading

import pytest

from cardgen.errors import DeckErrors
from cardgen.source import MAX_BYTES, read_text

DECK = "title: T\nprompts: [Hello?]\n"


def refused(path, shown: str) -> str:
    with pytest.raises(DeckErrors) as error:
        read_text(path, shown)
    return str(error.value)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_before_it_is_read(device):
    assert refused(device, device) == (f"{device}: is a device, not a deck file\n"
                                       "  hint: give the path of a .yaml file saved from an editor")


def test_a_pipe_with_no_writer_is_refused_without_waiting(tmp_path):
    pipe = tmp_path / "deck.yaml"
    os.mkfifo(pipe)
    answer: list[str] = []
    reader = threading.Thread(target=lambda: answer.append(refused(pipe, "deck.yaml")), daemon=True)
    reader.start()
    reader.join(timeout=30)  # not a timing assertion: a blocked open would never return
    if not answer:  # unblock the reader so the test run can end, then fail
        with open(pipe, "wb"):
            pass
    assert answer == ["deck.yaml: is a pipe, not a deck file\n"
                      "  hint: give the path of a .yaml file saved from an editor"]


def test_a_folder_is_refused(tmp_path):
    assert refused(tmp_path, "decks") == (
        "decks: is a folder, not a deck file\n"
        "  hint: give the path of a .yaml file saved from an editor")


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        message = refused(path, "s.yaml")
    assert message.startswith("s.yaml: ")
    assert "not a deck file" in message or "cannot read" in message


def test_a_file_that_grows_past_its_size_is_cut_at_the_limit(tmp_path, monkeypatch):
    # /proc files say they are empty and are not; read_text must stop at the limit anyway.
    path = tmp_path / "deck.yaml"
    path.write_text(DECK, encoding="utf-8")
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: _zero_size(real_fstat(fd)))
    path.write_bytes(b"# " + b"x" * (MAX_BYTES + 10) + b"\n")
    assert refused(path, "deck.yaml") == ("deck.yaml:1:1: the file is over 2 MB; decks are "
                                          "limited to 2 MB\n  hint: split it into several decks")


def _zero_size(info):
    fields = list(info)
    fields[6] = 0  # st_size
    return os.stat_result(fields)


def test_a_proc_file_is_read_as_text():
    # A regular file whose size says 0: read up to the limit like any other.
    assert "Name:" in read_text("/proc/self/status", "status")


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_build_refuses_a_deck_that_links_to_a_device(tmp_path, cli_run, target):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "a.yaml").write_text(DECK, encoding="utf-8")
    (tmp_path / "decks" / "z.yaml").symlink_to(target)
    result = cli_run("build", "--format", "cards", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output.endswith("decks/z.yaml: is a device, not a deck file\n"
                                  "  hint: give the path of a .yaml file saved from an editor\n")
    assert (tmp_path / "output" / "a-cards.pdf").is_file()  # the good deck is still built


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_validate_and_lint_refuse_dev_zero(cli_run, command):
    result = cli_run(command, "/dev/zero")
    assert (result.exit_code, result.output) == (
        1, "/dev/zero: is a device, not a deck file\n"
           "  hint: give the path of a .yaml file saved from an editor\n")


def test_a_cardgen_yaml_that_links_to_a_device_is_refused(tmp_path, cli_run):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    (tmp_path / "cardgen.yaml").symlink_to("/dev/zero")
    result = cli_run("build", "--format", "cards", "deck.yaml", cwd=tmp_path)
    assert (result.exit_code, result.output) == (
        1, "cardgen.yaml: is a device, not a deck file\n"
           "  hint: give the path of a .yaml file saved from an editor\n")
